"""GPU: CUDA tensors in, CUDA tensors out, bit-identical to the CPU backend, no host copy, SCLinear on CUDA.
Skips without CUDA; fails instead with SCMP_REQUIRE_GPU=1."""

import os

import numpy as np
import pytest

import scmp

torch = pytest.importorskip("torch")

REQUIRE = os.environ.get("SCMP_REQUIRE_GPU") == "1"
HAVE = scmp.cuda_available() and torch.cuda.is_available()
if not HAVE:
    if REQUIRE:
        pytest.fail(f"SCMP_REQUIRE_GPU=1 but no usable GPU (build has CUDA: {scmp._scmp.has_cuda_build}, "
                    f"torch.cuda: {torch.cuda.is_available()})", pytrace=False)
    pytest.skip("no CUDA device (set SCMP_REQUIRE_GPU=1 to fail instead)", allow_module_level=True)

CASES = [
    (dict(stoc_len=37), (13, 29), (7, 29)),
    (dict(stoc_len=64, chunk_d=16), (9, 50), (11, 50)),
    (dict(stoc_len=100, mode="unipolar"), (5, 33), (6, 33)),
    (dict(granularity="per_tensor", stoc_len=48), (7, 21), (3, 21)),
    (dict(granularity="per_head", stoc_len=32), (3, 5, 24), (3, 7, 24)),
    (dict(stoc_len=64, group_a=2), (3, 8, 19), (3, 6, 19)),
    (dict(stoc_len=128, smooth_scales=np.linspace(0.5, 2, 30).astype(np.float32)), (6, 30), (6, 30)),
    (dict(stoc_len=64, multiplier="xnor", rng="sobol_2d"), (5, 26), (4, 26)),
]


@pytest.mark.parametrize("kw,shape_a,shape_b", CASES, ids=[str(i) for i in range(len(CASES))])
def test_cuda_in_cuda_out_bit_identical(kw, shape_a, shape_b):
    g = torch.Generator().manual_seed(len(CASES) * 31 + shape_a[-1])
    a = torch.randn(shape_a, generator=g)
    b = torch.randn(shape_b, generator=g)
    y_cpu = scmp.sc_matmul(a, b, **kw)
    y = scmp.sc_matmul(a.cuda(), b.cuda(), **kw)
    assert y.is_cuda and y.dtype == torch.float32 and y.device == a.cuda().device
    assert torch.equal(y.cpu().view(torch.int32), y_cpu.view(torch.int32))


def test_mixed_precision_on_cuda():
    a = torch.randn(24, 48) * torch.linspace(0.1, 4, 24)[:, None]
    b = torch.randn(10, 48)
    lens = scmp.mp.MPConfig([128, 64, 16], [0.25, 0.5, 0.25]).classify(a.abs().amax(1))
    y_cpu = scmp.sc_matmul(a, b, chunk_d=16, row_stoc_len_a=lens)
    y = scmp.sc_matmul(a.cuda(), b.cuda(), chunk_d=16, row_stoc_len_a=lens)
    assert torch.equal(y.cpu().view(torch.int32), y_cpu.view(torch.int32))


def test_no_host_copy():
    # 320 MiB of operands; after planning, a call may queue kernels only: the CUDA profiler must record no
    # device→host copy at all (a host round trip of the operands would show as Memcpy DtoH of their size).
    a = torch.randn(16384, 4096, device="cuda")
    b = torch.randn(4096, 4096, device="cuda")
    scmp.sc_matmul(a, b, stoc_len=64)  # plan once (uploads the stream tables)
    torch.cuda.synchronize()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        y = scmp.sc_matmul(a, b, stoc_len=64)
        torch.cuda.synchronize()
    names = [e.name for e in prof.events()]
    assert not [n for n in names if "DtoH" in n or "Device -> Pageable" in n or "Device -> Pinned" in n], names
    assert y.is_cuda and y.shape == (16384, 4096)


def test_current_stream_and_other_device_errors():
    a = torch.randn(16, 32, device="cuda")
    b = torch.randn(8, 32, device="cuda")
    s = torch.cuda.Stream()
    with torch.cuda.stream(s):
        y = scmp.sc_matmul(a, b, stoc_len=32)
        z = y * 2
    s.synchronize()
    assert torch.equal((z / 2).cpu(), scmp.sc_matmul(a.cpu(), b.cpu(), stoc_len=32))
    with pytest.raises(ValueError, match="device"):
        scmp.sc_matmul(a, b.cpu())
    with pytest.raises(ValueError, match="never copied"):
        scmp.sc_matmul(a, b, backend="cpu")
    bad = a.clone()
    bad[3, 5] = float("nan")
    with pytest.raises(ValueError, match=r"a\[3\]\[5\]"):
        scmp.sc_matmul(bad, b)


def test_repeated_calls_check_every_call():
    # Repeated calls with equal options and shapes take the pointer fast path (scmp/_matmul.py): it must give the
    # full path's results and refuse, each call, what the full path refuses.
    g = torch.Generator().manual_seed(4242)
    a = torch.randn(12, 40, generator=g).cuda()
    b = torch.randn(9, 40, generator=g).cuda()
    y0 = scmp.sc_matmul(a, b, stoc_len=48)
    for _ in range(3):
        assert torch.equal(scmp.sc_matmul(a, b, stoc_len=48), y0)
    a2 = torch.randn(12, 40, generator=g).cuda()
    assert torch.equal(scmp.sc_matmul(a2, b, stoc_len=48).cpu(), scmp.sc_matmul(a2.cpu(), b.cpu(), stoc_len=48))
    with pytest.raises(TypeError, match="dtype"):
        scmp.sc_matmul(a.double(), b, stoc_len=48)
    with pytest.raises(ValueError, match="contiguous"):
        scmp.sc_matmul(torch.randn(40, 12, device="cuda").t(), b, stoc_len=48)
    with pytest.raises(ValueError, match="device"):
        scmp.sc_matmul(a, b.cpu(), stoc_len=48)
    bad = a2.clone()
    bad[11, 39] = float("inf")
    with pytest.raises(ValueError, match=r"a\[11\]\[39\]"):
        scmp.sc_matmul(bad, b, stoc_len=48)
    s = torch.cuda.Stream()
    with torch.cuda.stream(s):  # the fast path orders on the caller's stream too
        late = a2 * 1
        z = scmp.sc_matmul(late, b, stoc_len=48) * 2
    s.synchronize()
    assert torch.equal((z / 2).cpu(), scmp.sc_matmul(a2.cpu(), b.cpu(), stoc_len=48))


def test_sclinear_on_cuda():
    import scmp.torch as sct
    model = torch.nn.Sequential(torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    cpu = sct.convert(torch.nn.Sequential(*[m for m in model]), stoc_len=64)
    x = torch.randn(8, 32)
    y_cpu = cpu(x)
    gpu = cpu.cuda()
    y = gpu(x.cuda())
    assert y.is_cuda and torch.equal(y.detach().cpu().view(torch.int32), y_cpu.detach().view(torch.int32))
    y.sum().backward()
    assert gpu[0].weight.grad is not None and gpu[0].weight.grad.is_cuda
