"""The end-to-end example (examples/digits_mlp.py) on a small setting: it trains, evaluates SC and MP models
and writes its table and plot."""

import json
import os
import subprocess
import sys

from conftest import ROOT


def test_digits_example_small(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "digits_mlp.py"), "--epochs", "8",
                          "--lengths", "64", "16", "--out", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads((tmp_path / "accuracy.json").read_text())
    by_model = {r["model"]: r for r in result["rows"] if r["model"] != "uniform"}
    assert by_model["fp32"]["accuracy"] > 0.85
    assert [r["stoc_len"] for r in result["rows"] if r["model"] == "uniform"] == [64, 16]
    for name in ("mp_quantile", "mp_calibrated"):
        assert 0.0 <= by_model[name]["accuracy"] <= 1.0
        assert by_model[name]["budget"] <= 32.0 + 1.0  # the policies' MAC budget (rows round)
    assert (tmp_path / "accuracy.png").stat().st_size > 1000
