"""scmp.sc_matmul(..., return_report=True): what the hardware did (sim::MatmulResult::hardware) as a dict of Python
numbers — cycles and mean stream lengths checked exactly against an independent count and against the C++ run of
`scmp sweep` (its HDF5 cost columns), activity counts against the cycle backend's own count and the accumulators."""

import h5py
import numpy as np
import pytest

import scmp
from conftest import npy_operand, run_sweep, same_bits

COUNT_NAMES = ["cycles", "rng_steps", "comparator_evals", "comparator_ones", "gate_evals", "gate_ones",
               "enable_counter_steps", "counter_increments", "accumulator_adds", "register_bits"]


def pair_lengths(n, m, stoc_len, len_a=None, len_b=None):
    """L(n, m) of every pair: a's row length (or the uniform L), capped by b's row length."""
    la = np.array(len_a if len_a is not None else [stoc_len] * n, dtype=np.int64)
    lb = np.array(len_b if len_b is not None else [stoc_len] * m, dtype=np.int64)
    return np.minimum(la[:, None], lb[None, :])


# (keywords, shape a, shape b, the stream length the options give)
CASES = [
    (dict(stoc_len=37), (5, 29), (7, 29), 37),
    (dict(stoc_len=64, chunk_d=16), (4, 50), (3, 50), 64),                       # 4 chunks
    (dict(granularity="per_head", stoc_len=32), (3, 5, 24), (3, 7, 24), 32),     # batch 3
    (dict(mode="unipolar", multiplier="and", rng="sobol_2d", sc_prec=6), (6, 20), (4, 20), 64),  # default 2^6
    (dict(halve_bipolar_stoc_len=True, multiplier="xnor", rng="sobol_2d"), (3, 18), (5, 18), 128),
]


def chunks_of(kw, depth):
    c = kw.get("chunk_d", 0)
    return -(-depth // c) if c > 0 and depth > c else 1


@pytest.mark.parametrize("kw,shape_a,shape_b,L", CASES, ids=[str(i) for i in range(len(CASES))])
def test_cycles_and_lengths_equal_the_cpp_run(kw, shape_a, shape_b, L, scmp_binary, tmp_path, rng):
    a = rng.standard_normal(shape_a).astype(np.float32)
    b = (rng.standard_normal(shape_b) * 0.1).astype(np.float32)
    y, report = scmp.sc_matmul(a, b, backend="cpu", return_report=True, **kw)
    assert same_bits(y, scmp.sc_matmul(a, b, backend="cpu", **kw))
    batch = shape_a[0] if len(shape_a) == 3 else 1
    pairs = pair_lengths(shape_a[-2], shape_b[-2], L)
    assert type(report["cycles"]) is int
    assert report["cycles"] == batch * chunks_of(kw, shape_a[-1]) * int(pairs.sum())
    assert report["mean_stoc_len_row"] == float(L) and report["mean_stoc_len_pair"] == float(L)
    assert report["activity"] == "off" and report["counts"] == {} and report["sampled"] is False

    # The C++ side: the same operands and hardware through `scmp sweep` (cost columns of /index).
    hw = {"sc_prec": kw.get("sc_prec", 8), "mode": kw.get("mode", "bipolar"),
          "granularity": kw.get("granularity", "per_row"), "chunk_d": kw.get("chunk_d", 0),
          "halve": kw.get("halve_bipolar_stoc_len", False), "multiplier": kw.get("multiplier", "enable"),
          "rng": {"builder": kw.get("rng", "sobol_simple")}, "stoc_len": kw.get("stoc_len", 0)}
    config = {"version": 1, "experiment": {"name": "report", "seed": 0}, "hardware": hw,
              "workload": {"operators": {"op": {"a": npy_operand(tmp_path, "a", a), "b": npy_operand(tmp_path, "b", b)}}},
              "metrics": {"cost": {"enabled": False}}}
    with h5py.File(run_sweep(scmp_binary, tmp_path, config), "r") as f:
        row = f["index"][0]
        assert row["status"] == b"ok"
        assert report["cycles"] == int(row["cycles"])
        assert report["mean_stoc_len_row"] == row["avg_stoc_len_row"]
        assert report["mean_stoc_len_pair"] == row["avg_stoc_len_mac"]


def test_mixed_lengths_count_each_pair(rng):
    a = rng.standard_normal((4, 40)).astype(np.float32)
    b = rng.standard_normal((3, 40)).astype(np.float32)
    len_a, len_b = [16, 64, 32, 128], [48, 128, 8]
    _, report = scmp.sc_matmul(a, b, stoc_len=128, chunk_d=16, row_stoc_len_a=len_a, row_stoc_len_b=len_b,
                               return_report=True)
    pairs = pair_lengths(4, 3, 128, len_a, len_b)
    assert report["cycles"] == 3 * int(pairs.sum())  # chunks ⌈40 / 16⌉ = 3
    assert report["mean_stoc_len_row"] == sum(len_a) / 4
    assert report["mean_stoc_len_pair"] == int(pairs.sum()) / 12


@pytest.mark.parametrize("kw", [dict(), dict(multiplier="thermometer", chunk_d=8),
                                dict(mode="unipolar", multiplier="and", rng="sobol_2d"),
                                dict(multiplier="xnor", rng="sobol_2d", granularity="per_tensor")],
                         ids=["enable", "thermometer", "and", "xnor"])
def test_full_activity_equals_the_cycle_backends_own_count(kw, rng):
    shape_a, shape_b, L = (2, 5, 19), (2, 4, 19), 40
    if kw.get("chunk_d"):
        shape_a, shape_b = shape_a[1:], shape_b[1:]
    a = rng.standard_normal(shape_a).astype(np.float32)
    b = rng.standard_normal(shape_b).astype(np.float32)
    if kw.get("mode") == "unipolar":
        a, b = np.abs(a), np.abs(b)
    y, s, host = scmp.sc_matmul(a, b, stoc_len=L, backend="cpu", return_counts=True, return_report=True,
                                activity="full", **kw)
    y_cycle, own = scmp.sc_matmul(a, b, stoc_len=L, backend="cycle", return_report=True, activity="full", **kw)
    assert same_bits(y, y_cycle)
    assert host["counted_by_backend"] is False and own["counted_by_backend"] is True
    assert list(host["counts"]) == COUNT_NAMES and all(type(v) is int for v in host["counts"].values())
    assert host["counts"] == own["counts"]
    assert host["activity"] == "full" and host["sampled"] is False
    batch = shape_a[0] if len(shape_a) == 3 else 1
    n, m, d = shape_a[-2], shape_b[-2], shape_a[-1]
    c = host["counts"]
    assert host["sample_rows_a"] == n and host["sample_rows_b"] == m
    assert c["cycles"] == batch * n * m * L             # pairs, without the chunk factor
    assert host["cycles"] == c["cycles"] * chunks_of(kw, d)
    assert c["accumulator_adds"] == batch * n * m * d
    if kw.get("multiplier") == "and":                   # unipolar: every one of the AND gates is counted up
        assert c["gate_ones"] == c["counter_increments"] == int(s.sum())


def test_sampled_activity_scales_a_row_sample(rng):
    a = rng.standard_normal((40, 16)).astype(np.float32)
    b = rng.standard_normal((30, 16)).astype(np.float32)
    _, full = scmp.sc_matmul(a, b, stoc_len=32, return_report=True, activity="full")
    _, sampled = scmp.sc_matmul(a, b, stoc_len=32, return_report=True, activity="sampled", activity_sample_rows=5)
    assert sampled["sampled"] is True and sampled["activity"] == "sampled"
    assert (sampled["sample_rows_a"], sampled["sample_rows_b"]) == (5, 5)
    assert sampled["cycles"] == full["cycles"] == 40 * 30 * 32
    assert sampled["counts"]["cycles"] == full["counts"]["cycles"]        # uniform L: the scaling is exact
    assert sampled["counts"]["accumulator_adds"] == full["counts"]["accumulator_adds"]
    # The whole problem within the sample: counted in full.
    _, whole = scmp.sc_matmul(a, b, stoc_len=32, return_report=True, activity="sampled", activity_sample_rows=64)
    assert whole["sampled"] is False and whole["counts"] == full["counts"]


def test_report_with_torch_operands_and_counts(rng):
    torch = pytest.importorskip("torch")
    a = rng.standard_normal((3, 12)).astype(np.float32)
    b = rng.standard_normal((2, 12)).astype(np.float32)
    y, s, report = scmp.sc_matmul(torch.from_numpy(a), torch.from_numpy(b), stoc_len=16, return_counts=True,
                                  return_report=True)
    assert isinstance(y, torch.Tensor) and isinstance(s, torch.Tensor) and isinstance(report, dict)
    assert report["cycles"] == 3 * 2 * 16


def test_bad_activity_values():
    a = np.ones((2, 4), np.float32)
    with pytest.raises(scmp.InvalidArgument, match="activity = some: expected off, sampled or full"):
        scmp.sc_matmul(a, a, return_report=True, activity="some")
    with pytest.raises(scmp.InvalidArgument, match="activity_sample_rows = 0"):
        scmp.sc_matmul(a, a, return_report=True, activity="sampled", activity_sample_rows=0)
    with pytest.raises(TypeError, match="activity_sample_rows"):
        scmp.sc_matmul(a, a, activity_sample_rows=2.5)
    with pytest.raises(TypeError, match="activity"):
        scmp.sc_matmul(a, a, activity=1)
