"""Every bad input raises TypeError / ValueError (scmp.InvalidArgument) with the C++ message naming the field
and value — never a crash, never a silent copy."""

import numpy as np
import pytest

import scmp

A = np.ones((4, 8), dtype=np.float32)
B = np.ones((3, 8), dtype=np.float32)


@pytest.mark.parametrize("a,b,kw,error,text", [
    (A.astype(np.float64), B, {}, TypeError, "a.dtype"),
    (A, B.astype(np.float16), {}, TypeError, "b.dtype"),
    (A.astype(np.int32), B, {}, TypeError, "float32"),
    (np.ones(8, np.float32), B, {}, ValueError, "a.shape"),
    (np.ones((1, 2, 3, 8), np.float32), B, {}, ValueError, "a.shape"),
    (A, np.ones((3, 7), np.float32), {}, ValueError, ""),
    (np.ones((0, 8), np.float32), B, {}, ValueError, "a.shape"),
    (np.ones((8, 4), np.float32).T, B, {}, ValueError, "contiguous"),
    (np.where(np.arange(32).reshape(4, 8) == 13, np.nan, 1).astype(np.float32), B, {}, ValueError, "a[1][5]"),
    (A, np.full((3, 8), np.inf, np.float32), {}, ValueError, "b[0][0]"),
    (A, B, {"granularity": "per_col"}, ValueError, "granularity = per_col"),
    (A, B, {"mode": "tripolar"}, ValueError, "mode"),
    (A, B, {"sc_prec": 1}, ValueError, "sc_prec = 1"),
    (A, B, {"sc_prec": 17}, ValueError, "sc_prec = 17"),
    (A, B, {"stoc_len": 0}, ValueError, "stoc_len = 0"),
    (A, B, {"stoc_len": 257}, ValueError, "stoc_len = 257"),
    (A, B, {"rng_levels": 0}, ValueError, "rng_levels = 0"),
    (A, B, {"group_a": 0}, ValueError, "group_a"),
    (A, B, {"chunk_d": 4, "mode": "unipolar"}, ValueError, ""),
    (A, B, {"granularity": "per_head"}, ValueError, ""),
    (A, B, {"scramble": "shuffle"}, ValueError, "scramble = shuffle"),
    (A, B, {"multiplier": "nand"}, ValueError, "nand"),
    (A, B, {"backend": "tpu"}, ValueError, "backend = tpu"),
    (A, B, {"rng": "sobol_3d"}, ValueError, "sobol_3d"),
    (A, B, {"rng": "lfsr_default", "rng_params": {"tapz": [1]}}, ValueError, "tapz"),
    (A, B, {"smooth_scales": np.ones(7, np.float32)}, ValueError, "smooth_scales"),
    (A, B, {"smooth_scales": np.zeros(8, np.float32)}, ValueError, "smooth_scales"),
    (A, B, {"row_stoc_len_a": [64, 64]}, ValueError, "row_stoc_len_a"),
    (A, B, {"row_stoc_len_a": [64, 64, 0, 64]}, ValueError, "row_stoc_len_a"),
    (A, B, {"row_stoc_len_a": [1.5, 2, 3, 4]}, TypeError, "row_stoc_len_a"),
    (A, B, {"stoc_len": 3.5}, TypeError, "stoc_len"),
    (A, B, {"threads": "all"}, TypeError, "threads"),
    (A, B, {"config": {"rng_pool": []}}, ValueError, "config"),
    ("not an array", B, {}, TypeError, "operand"),
])
def test_bad_input_raises(a, b, kw, error, text):
    with pytest.raises(error) as info:
        scmp.sc_matmul(a, b, **kw)
    assert text in str(info.value)


def test_invalid_argument_is_a_value_error():
    assert issubclass(scmp.InvalidArgument, ValueError)
    with pytest.raises(scmp.InvalidArgument, match=r"stoc_len = 0: expected 1\.\.256"):
        scmp.sc_matmul(A, B, stoc_len=0)


def test_torch_bad_inputs():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        scmp.sc_matmul(torch.ones(4, 8, dtype=torch.float64), torch.ones(3, 8))
    with pytest.raises(ValueError, match="contiguous"):
        scmp.sc_matmul(torch.ones(8, 4).t(), torch.ones(3, 8))
    with pytest.raises(ValueError, match="b.device"):
        scmp.sc_matmul(torch.ones(4, 8), torch.ones(3, 8, device="meta"))
    with pytest.raises(ValueError, match="meta"):  # a non-host device with no backend: refused, not copied
        scmp.sc_matmul(torch.ones(4, 8, device="meta"), torch.ones(3, 8, device="meta"))


def test_unavailable_cuda_backend_is_an_error_not_a_crash():
    available, reason = scmp.backends()["cuda"]
    if available:
        pytest.skip("a GPU is present")
    with pytest.raises(ValueError, match="cuda"):
        scmp.sc_matmul(A, B, backend="cuda")
