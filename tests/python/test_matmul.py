"""scmp.sc_matmul against the C++ sc_matmul (via `scmp sweep` with store_outputs) on fresh seeded operands of
odd shapes, numpy vs torch inputs, backends, threads, counts and the reference's config dict."""

import threading

import h5py
import numpy as np
import pytest

import scmp
from conftest import npy_operand, run_sweep, same_bits

# (keywords, shape a, shape b): every path of sc_matmul with non-default options.
CASES = [
    (dict(stoc_len=37), (13, 29), (7, 29)),
    (dict(stoc_len=64, chunk_d=16), (9, 50), (11, 50)),
    (dict(stoc_len=100, mode="unipolar"), (5, 33), (6, 33)),
    (dict(granularity="per_tensor", stoc_len=48, scramble="counter"), (7, 21), (3, 21)),
    (dict(granularity="per_tensor", mode="unipolar", stoc_len=200), (4, 17), (9, 17)),
    (dict(granularity="per_head", stoc_len=32), (3, 5, 24), (3, 7, 24)),
    (dict(stoc_len=64, group_a=2, group_b=3), (3, 8, 19), (3, 6, 19)),
    (dict(stoc_len=16, sc_prec=6, scramble="off"), (6, 40), (5, 40)),
    (dict(halve_bipolar_stoc_len=True), (8, 31), (4, 31)),
    (dict(stoc_len=128, rng_levels=64, scramble_rescale=False), (6, 30), (6, 30)),
    (dict(stoc_len=64, multiplier="thermometer"), (5, 26), (4, 26)),
    (dict(stoc_len=64, multiplier="and", rng="sobol_2d"), (5, 26), (4, 26)),
    (dict(stoc_len=64, multiplier="xnor", rng="sobol_2d"), (5, 26), (4, 26)),
    (dict(stoc_len=50, rng="lfsr_default"), (5, 20), (4, 20)),
]


def hardware_of(kw):
    hw = {"sc_prec": kw.get("sc_prec", 8), "mode": kw.get("mode", "bipolar"),
          "granularity": kw.get("granularity", "per_row"), "chunk_d": kw.get("chunk_d", 0),
          "group_a": kw.get("group_a", 1), "group_b": kw.get("group_b", 1),
          "halve": kw.get("halve_bipolar_stoc_len", False), "scramble": kw.get("scramble", "bitrev"),
          "scramble_rescale": kw.get("scramble_rescale", True), "multiplier": kw.get("multiplier", "enable"),
          "rng": {"builder": kw.get("rng", "sobol_simple")}, "stoc_len": kw.get("stoc_len", 0),
          "rng_levels": kw.get("rng_levels", 0)}
    return hw


@pytest.mark.parametrize("kw,shape_a,shape_b", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bit_identical_to_cpp(kw, shape_a, shape_b, scmp_binary, tmp_path, rng):
    a = rng.standard_normal(shape_a).astype(np.float32)
    b = (rng.standard_normal(shape_b) * 0.1).astype(np.float32)
    config = {"version": 1, "experiment": {"name": "py", "seed": 0}, "hardware": hardware_of(kw),
              "workload": {"operators": {"op": {"a": npy_operand(tmp_path, "a", a), "b": npy_operand(tmp_path, "b", b)}}},
              "metrics": {"store_outputs": True}}
    out = run_sweep(scmp_binary, tmp_path, config)
    with h5py.File(out, "r") as f:
        assert f["index"]["status"][0] == b"ok"
        y_cpp = f["runs/base/ops/op/y"][()]
        s_cpp = f["runs/base/ops/op/accumulators"][()]
    for backend in ("cpu", "cycle"):
        y, s = scmp.sc_matmul(a, b, backend=backend, return_counts=True, **kw)
        assert y.dtype == np.float32 and y.shape == y_cpp.shape
        assert same_bits(y, y_cpp), backend
        assert np.array_equal(s.reshape(-1), s_cpp.reshape(-1)), backend


def test_numpy_and_torch_cpu_agree(rng):
    torch = pytest.importorskip("torch")
    for shape_a, shape_b in (((11, 37), (5, 37)), ((2, 9, 20), (2, 4, 20))):
        a = rng.standard_normal(shape_a).astype(np.float32)
        b = rng.standard_normal(shape_b).astype(np.float32)
        y = scmp.sc_matmul(a, b, stoc_len=64)
        ta = torch.from_numpy(a).requires_grad_(True)
        yt = scmp.sc_matmul(ta, torch.from_numpy(b), stoc_len=64)
        assert isinstance(yt, torch.Tensor) and same_bits(yt.numpy(), y)
        assert y.shape == (shape_a[:-1] + shape_b[-2:-1]) if len(shape_a) == 3 else (shape_a[0], shape_b[0])


def test_dlpack_object_and_counts(rng):
    class Wrapped:  # anything with __dlpack__ (here: a numpy array behind the protocol only)
        def __init__(self, x):
            self.x = x
            self.shape = x.shape

        def __dlpack__(self, *args, **kwargs):
            return self.x.__dlpack__(*args, **kwargs)

        def __dlpack_device__(self):
            return self.x.__dlpack_device__()

    a = rng.standard_normal((6, 40)).astype(np.float32)
    b = rng.standard_normal((3, 40)).astype(np.float32)
    y, s = scmp.sc_matmul(Wrapped(a), Wrapped(b), stoc_len=32, chunk_d=16, return_counts=True)
    assert same_bits(y, scmp.sc_matmul(a, b, stoc_len=32, chunk_d=16))
    assert s.dtype == np.int64 and s.shape == (1, 3, 6, 3)


def test_threads_give_the_serial_result(rng):
    a = rng.standard_normal((32, 64)).astype(np.float32)
    b = rng.standard_normal((16, 64)).astype(np.float32)
    lengths = [16, 32, 48, 64, 96, 128]
    serial = {L: scmp.sc_matmul(a, b, stoc_len=L, threads=1) for L in lengths}
    results, errors = {}, []

    def work(L):
        try:
            for _ in range(3):
                results[L] = scmp.sc_matmul(a, b, stoc_len=L, threads=1)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(L,)) for L in lengths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(same_bits(results[L], serial[L]) for L in lengths)


def test_reference_config_dict_is_the_default(rng):
    a = rng.standard_normal((5, 24)).astype(np.float32)
    b = rng.standard_normal((4, 24)).astype(np.float32)
    config = {"rng_pool": [{"type": "sobol", "seed": None, "seed_type": "q"},
                           {"type": "sobol", "seed": None, "seed_type": "k"}],
              "sng": {"q": [{"rng_id": 0, "scramble": None}] * 24, "k": [{"rng_id": 1, "scramble": None}] * 24}}
    assert same_bits(scmp.sc_matmul(a, b, stoc_len=64, config=config), scmp.sc_matmul(a, b, stoc_len=64))


def test_mixed_precision_one_pass_matches_cpp_policy(scmp_binary, tmp_path, rng):
    a = (rng.standard_normal((24, 48)) * rng.uniform(0.1, 5, size=(24, 1))).astype(np.float32)
    b = rng.standard_normal((10, 48)).astype(np.float32)
    levels, fractions = [128, 64, 16], [0.25, 0.5, 0.25]
    config = {"version": 1, "experiment": {"name": "mp", "seed": 0}, "hardware": {"chunk_d": 16},
              "workload": {"operators": {"fc": {"a": npy_operand(tmp_path, "a", a), "b": npy_operand(tmp_path, "b", b)}}},
              "mp": {"impl": "quantile", "levels": levels, "fractions": fractions},
              "metrics": {"store_outputs": True}}
    out = run_sweep(scmp_binary, tmp_path, config)
    with h5py.File(out, "r") as f:
        y_cpp = f["runs/base/ops/fc/y"][()]
        lens_cpp = f["runs/base/ops/fc/row_stoc_len"][()]
    assignment = scmp.mp.MPConfig(levels, fractions).classify(scmp.mp.row_metric(a))
    assert np.array_equal(assignment.stoc_len, lens_cpp)
    y = scmp.sc_matmul(a, b, chunk_d=16, row_stoc_len_a=assignment)
    assert same_bits(y, y_cpp)


def test_clear_rng_cache_changes_nothing(rng):
    a = rng.standard_normal((4, 16)).astype(np.float32)
    b = rng.standard_normal((3, 16)).astype(np.float32)
    y = scmp.sc_matmul(a, b, stoc_len=48)
    scmp.clear_rng_cache()
    assert same_bits(scmp.sc_matmul(a, b, stoc_len=48), y)
    assert scmp.__version__.count(".") == 2
