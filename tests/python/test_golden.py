"""The reference's golden cases through Python on every host backend: bit-identical to the C++ sc_matmul (the
same case run by `scmp sweep` with store_outputs, operands read from the golden file itself) and within the
acceptance bound of `scmp golden` against the reference's outputs."""

import h5py
import numpy as np
import pytest

import scmp
from conftest import run_sweep, same_bits


def golden_cases(path):
    with h5py.File(path, "r") as f:
        for name in f:
            g = f[name]
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in g.attrs.items()}
            yield name, g["a"][()], g["b"][()], g["y"][()], attrs


def keywords(attrs):
    kw = dict(granularity=str(attrs.get("granularity", "per_row")), mode=str(attrs.get("mode", "bipolar")),
              sc_prec=int(attrs.get("sc_prec", 8)), chunk_d=int(attrs.get("chunk_d", 0)),
              group_a=int(attrs.get("group_a", 1)), group_b=int(attrs.get("group_b", 1)),
              halve_bipolar_stoc_len=bool(attrs.get("halve", 0)), scramble=str(attrs.get("scramble", "bitrev")),
              scramble_rescale=bool(attrs.get("scramble_rescale", 1)), rng=str(attrs.get("config", "sobol_simple")))
    if int(attrs.get("stoc_len", 0)):
        kw["stoc_len"] = int(attrs["stoc_len"])
    if int(attrs.get("rng_levels", 0)):
        kw["rng_levels"] = int(attrs["rng_levels"])
    return kw


def sweep_config(path, name, kw):
    hw = {"sc_prec": kw["sc_prec"], "mode": kw["mode"], "granularity": kw["granularity"], "chunk_d": kw["chunk_d"],
          "group_a": kw["group_a"], "group_b": kw["group_b"], "halve": kw["halve_bipolar_stoc_len"],
          "scramble": kw["scramble"], "scramble_rescale": kw["scramble_rescale"], "rng": {"builder": kw["rng"]},
          "stoc_len": kw.get("stoc_len", 0), "rng_levels": kw.get("rng_levels", 0)}
    op = {"a": {"source": "hdf5", "path": path, "dataset": f"{name}/a"},
          "b": {"source": "hdf5", "path": path, "dataset": f"{name}/b"}}
    return {"version": 1, "experiment": {"name": "golden", "seed": 0}, "hardware": hw,
            "workload": {"operators": {"op": op}}, "metrics": {"store_outputs": True}}


def test_golden_cases_bit_identical_to_cpp(golden_file, scmp_binary, tmp_path):
    cases = list(golden_cases(golden_file))
    assert cases, "no cases in the golden file"
    for name, a, b, y_ref, attrs in cases:
        kw = keywords(attrs)
        out = run_sweep(scmp_binary, tmp_path, sweep_config(golden_file, name, kw), name=name)
        with h5py.File(out, "r") as f:
            y_cpp = f["runs/base/ops/op/y"][()]
            s_cpp = f["runs/base/ops/op/accumulators"][()]
        for backend in ("cpu", "cycle"):
            y, s = scmp.sc_matmul(a, b, backend=backend, return_counts=True, **kw)
            assert same_bits(y, y_cpp), f"{name} on {backend}: differs from the C++ sc_matmul"
            assert np.array_equal(s.reshape(-1), s_cpp.reshape(-1)), f"{name} on {backend}: counts differ"
        # The acceptance bound of `scmp golden` against the reference library's own output.
        assert np.abs(y.astype(np.float64) - y_ref).max() <= 1e-6 * np.abs(y_ref).max(), name


def test_golden_cases_through_torch(golden_file):
    torch = pytest.importorskip("torch")
    for name, a, b, _, attrs in golden_cases(golden_file):
        kw = keywords(attrs)
        y_np = scmp.sc_matmul(a, b, **kw)
        y_t = scmp.sc_matmul(torch.from_numpy(a), torch.from_numpy(b), **kw)
        assert isinstance(y_t, torch.Tensor) and y_t.dtype == torch.float32 and y_t.device.type == "cpu"
        assert same_bits(y_t.numpy(), y_np), name
