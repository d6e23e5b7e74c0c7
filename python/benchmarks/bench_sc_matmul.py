"""Benchmark (not a test): the Python entry point against the C++ programs, measured in the same run.

    .venv/bin/python python/benchmarks/bench_sc_matmul.py [--cuda] [--cpu] [--runs 20] [--scmp build/bin/scmp]

--cuda: scmp.sc_matmul on torch CUDA tensors vs `scmp bench`'s device pipeline (gpu::DevicePipeline::run on
        device buffers, the "pipeline ms" column) on its five shapes (per_row_chunk128, per_row, per_tensor,
        per_head, per_row_3d) at L = 256, 128, 64, 32, and vs the C++ call it makes (the bound pipeline's
        run_ptr) interleaved in the same process. All are timed the same way: CUDA events around one call,
        median of --runs after 3 warm-ups. Also the host-side per-call overhead (wall time of a call on a tiny
        shape minus that of the C++ call). Target: ratio ≤ 1.05, overhead ≤ 20 µs.
--cpu:  scmp.sc_matmul on numpy (512×1024 by 1024×1024, L = 256, the `scmp bench-cpu` shape) vs `scmp
        bench-cpu` (the C++ call), median of --cpu-runs each, interleaved. Target: ratio ≤ 1.05.
Prints one table per part with the ratios.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

import scmp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHAPES = {  # gpu/bench.cu cases(): (batch, n, m, d, chunk_d, granularity)
    "per_row_chunk128": (1, 512, 4096, 4096, 128, "per_row"),
    "per_row": (1, 512, 1024, 1024, 0, "per_row"),
    "per_tensor": (1, 1024, 1024, 1024, 0, "per_tensor"),
    "per_head": (32, 1024, 1024, 128, 0, "per_head"),
    "per_row_3d": (32, 1024, 1024, 128, 0, "per_row"),
}


def cpp_pipeline_ms(binary, shape, lengths, runs):
    out = subprocess.run([binary, "bench", "--shapes", shape, "--stoc-lens", ",".join(map(str, lengths)),
                          "--runs", str(runs)], capture_output=True, text=True, check=True).stdout
    times = {}
    for line in out.splitlines():
        cols = line.split()
        if len(cols) > 3 and cols[0] == shape and cols[1].isdigit():  # case, L, gemm (mma|wgmma), pipeline ms, …
            times[int(cols[1])] = float(cols[3] if cols[2] in ("mma", "wgmma") else cols[2])
    return times


def python_cuda_ms(torch, shape, L, runs):
    """(scmp.sc_matmul, the C++ call it makes) in ms: CUDA events around one call each, the two interleaved in this
    process (same operands, same clocks), medians of `runs` after 3 warm-ups."""
    batch, n, m, d, chunk, gran = shape
    g = torch.Generator(device="cuda").manual_seed(1)
    sa = (batch, n, d) if batch > 1 else (n, d)
    sb = (batch, m, d) if batch > 1 else (m, d)
    a = torch.randn(sa, device="cuda", generator=g)
    b = torch.randn(sb, device="cuda", generator=g)
    call = lambda: scmp.sc_matmul(a, b, gran, stoc_len=L, chunk_d=chunk)  # noqa: E731
    for _ in range(3):
        call()
    torch.cuda.synchronize()
    fast = scmp._matmul._device_fast
    options = (gran, "bipolar", 8, L, chunk)  # the first fast-path options: granularity … chunk_d
    pool, out = [v for k, v in fast.items() if k[1:3] == (a.shape, b.shape) and k[0][0][:5] == options][0][:2]
    y = torch.empty(out, device="cuda")
    direct = lambda: pool.run_ptr(a.data_ptr(), b.data_ptr(), y.data_ptr(), a.get_device(), 0)  # noqa: E731
    e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = ([], [])
    for _ in range(runs):
        for f, t in ((call, times[0]), (direct, times[1])):
            e0.record()
            f()
            e1.record()
            e1.synchronize()
            t.append(e0.elapsed_time(e1))
    return statistics.median(times[0]), statistics.median(times[1])


def overhead_us(torch, runs=500):
    """Host time the Python layer adds to one call: wall time of scmp.sc_matmul on a tiny shape minus that of the
    C++ call it makes (the bound pool's run_ptr on the same pointers), each call synchronised, medians."""
    a = torch.randn(8, 64, device="cuda")
    b = torch.randn(8, 64, device="cuda")
    scmp.clear_rng_cache()  # so that the only fast-path entry is this call's
    for _ in range(10):
        scmp.sc_matmul(a, b, stoc_len=32)
    torch.cuda.synchronize()
    pool, out = next(iter(scmp._matmul._device_fast.values()))[:2]
    y = torch.empty(out, device="cuda")
    walls, direct = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        scmp.sc_matmul(a, b, stoc_len=32)
        torch.cuda.synchronize()
        walls.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pool.run_ptr(a.data_ptr(), b.data_ptr(), y.data_ptr(), a.get_device(), 0)
        torch.cuda.synchronize()
        direct.append(time.perf_counter() - t0)
    return 1e6 * (statistics.median(walls) - statistics.median(direct)), 1e6 * statistics.median(walls)


def cuda_part(binary, runs):
    import torch
    if not (torch.cuda.is_available() and scmp.cuda_available()):
        print("cuda: no CUDA device here (skipped)")
        return
    print(f"CUDA: {torch.cuda.get_device_name(0)}, torch {torch.__version__}, scmp {scmp.__version__}, median of {runs}")
    print(f"{'shape':<18} {'L':>4} {'python ms':>10} {'C++ call ms':>12} {'ratio':>7} {'scmp bench ms':>14} "
          f"{'ratio':>7}")
    ratios, inproc = [], []
    lengths = [256, 128, 64, 32]
    for name, shape in SHAPES.items():
        cpp = cpp_pipeline_ms(binary, name, lengths, runs)
        for L in lengths:
            py, direct = python_cuda_ms(torch, shape, L, runs)
            ratio = py / cpp[L] if L in cpp else float("nan")
            ratios.append(ratio)
            inproc.append(py / direct)
            print(f"{name:<18} {L:>4} {py:>10.4f} {direct:>12.4f} {py / direct:>7.3f} "
                  f"{cpp.get(L, float('nan')):>14.4f} {ratio:>7.3f}")
    over, wall = overhead_us(torch)
    print(f"worst ratio {max(inproc):.3f} against the C++ call in this process, {max(ratios):.3f} against scmp bench "
          f"(target <= 1.05); per-call Python overhead {over:.1f} us "
          f"(tiny call {wall:.1f} us wall; target <= 20 us)")


def cpu_part(binary, runs):
    n, m, d, L = 512, 1024, 1024, 256
    rng = np.random.default_rng(20240601)
    a = rng.standard_normal((n, d)).astype(np.float32)
    b = rng.standard_normal((m, d)).astype(np.float32)
    scmp.sc_matmul(a[:4], b, stoc_len=L)  # warm the stream cache, as bench-cpu's probe does
    py, cpp = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        scmp.sc_matmul(a, b, stoc_len=L)
        py.append(time.perf_counter() - t0)
        out = subprocess.run([binary, "bench-cpu", "--n", str(n), "--m", str(m), "--d", str(d), "--stoc-len", str(L),
                              "--max-seconds", "1000"], capture_output=True, text=True, check=True).stdout
        cpp.append(float(re.search(r"sc_matmul\s+([0-9.]+) s", out).group(1)))
    p, c = statistics.median(py), statistics.median(cpp)
    print(f"CPU ({os.cpu_count()} cores): numpy {n}x{d} by {m}x{d}, L = {L}, median of {runs}")
    print(f"{'python s':>10} {'C++ bench-cpu s':>16} {'ratio':>7}")
    print(f"{p:>10.4f} {c:>16.4f} {p / c:>7.3f}   (target <= 1.05)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cuda", action="store_true")
    ap.add_argument("--cpu", action="store_true")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--cpu-runs", type=int, default=5)
    ap.add_argument("--scmp", default=os.path.join(ROOT, "build", "bin", "scmp"))
    args = ap.parse_args()
    if not (args.cuda or args.cpu):
        args.cuda = args.cpu = True
    if args.cpu:
        cpu_part(args.scmp, args.cpu_runs)
    if args.cuda:
        cuda_part(args.scmp, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
