"""scmp.read_sweep on a real `scmp sweep` file: one row per run (or per run × operator), typed columns, every
fixed configuration value, units in attrs."""

import numpy as np
import pandas as pd
import pytest

import scmp
from conftest import run_sweep

CONFIG = {
    "version": 1,
    "experiment": {"name": "tidy", "seed": 3},
    "hardware": {"sc_prec": 8, "chunk_d": 16},
    "workload": {"operators": {
        "q": {"a": {"source": "gaussian", "shape": [8, 32]}, "b": {"source": "gaussian", "shape": [4, 32]}},
        "up": {"a": {"source": "gaussian", "shape": [6, 32]}, "b": {"source": "gaussian", "shape": [5, 32]}}}},
    "sweep": {"grid": {"hardware.stoc_len": [64, 16], "hardware.halve": [False, True],
                       "hardware.scramble": ["off", "bitrev"]}},
}


@pytest.fixture(scope="module")
def sweep_file(scmp_binary, tmp_path_factory):
    return run_sweep(scmp_binary, tmp_path_factory.mktemp("sweep"), CONFIG, name="tidy")


def test_one_row_per_run_typed(sweep_file):
    df = scmp.read_sweep(str(sweep_file))
    assert isinstance(df, pd.DataFrame) and len(df) == 8
    assert df["hardware.stoc_len"].dtype == np.int64 and set(df["hardware.stoc_len"]) == {64, 16}
    assert df["hardware.halve"].dtype.name in ("bool", "boolean") and set(df["hardware.halve"]) == {False, True}
    assert set(df["hardware.scramble"]) == {"off", "bitrev"} and all(isinstance(v, str) for v in df["hardware.scramble"])
    assert all(isinstance(v, str) for v in df["run_id"]) and set(df["status"]) == {"ok"}
    # fixed values of the configuration, not only the axes
    assert (df["hardware.sc_prec"] == 8).all() and df["hardware.sc_prec"].dtype == np.int64
    assert (df["hardware.chunk_d"] == 16).all()
    assert (df["hardware.granularity"] == "per_row").all()
    assert (df["experiment.seed"] == 3).all()
    assert df["mse"].dtype == np.float64 and (df["mse"] > 0).all()
    assert df.attrs["units"]["cycles"] == "cycles"
    assert df.attrs["axes"] == ["hardware.stoc_len", "hardware.halve", "hardware.scramble"]
    assert df.attrs["provenance"]["schema"] == "scmp-sweep-v1"


def test_per_operator(sweep_file):
    df = scmp.read_sweep(str(sweep_file), per_operator=True)
    assert len(df) == 16 and set(df["op"]) == {"q", "up"}
    assert df["macs"].dtype == np.int64
    assert set(df.loc[df["op"] == "q", "macs"]) == {8 * 4 * 32}
    assert "run.mse" in df and "mse" in df
    assert df["hardware.stoc_len"].dtype == np.int64


def test_not_a_sweep_file(tmp_path):
    from analysis.results import SchemaError
    path = tmp_path / "x.h5"
    path.write_bytes(b"not hdf5")
    with pytest.raises(SchemaError):
        scmp.read_sweep(str(path))


def test_analysis_importable_from_anywhere(tmp_path):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", "import analysis.results, scmp; print(scmp.__version__)"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == scmp.__version__
