"""Benchmark (not a test): the Python entry point against the C++ programs, measured in the same run.

    .venv/bin/python python/benchmarks/bench_sc_matmul.py [--cuda] [--cpu] [--runs 20] [--scmp build/bin/scmp]

--cuda: scmp.sc_matmul on torch CUDA tensors vs `scmp bench`'s device pipeline (gpu::DevicePipeline::run on
        device buffers, the "pipeline ms" column) on its five shapes (per_row_chunk128, per_row, per_tensor,
        per_head, per_row_3d) at L = 256, 128, 64, 32. Both are timed the same way: CUDA events around one
        call, median of --runs after 3 warm-ups. Also the host-side per-call overhead (wall time of a call on
        a tiny shape minus its device time). Target: ratio ≤ 1.05, overhead ≤ 20 µs.
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
    e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(runs):
        e0.record()
        call()
        e1.record()
        e1.synchronize()
        times.append(e0.elapsed_time(e1))
    return statistics.median(times)


def overhead_us(torch, runs=200):
    a = torch.randn(8, 64, device="cuda")
    b = torch.randn(8, 64, device="cuda")
    for _ in range(10):
        scmp.sc_matmul(a, b, stoc_len=32)
    torch.cuda.synchronize()
    pool = scmp._matmul._pipelines[next(reversed(scmp._matmul._pipelines))]
    y = torch.empty(8, 8, device="cuda")
    walls, direct = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        scmp.sc_matmul(a, b, stoc_len=32)
        torch.cuda.synchronize()
        walls.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pool.run(a, b, y, 0)
        torch.cuda.synchronize()
        direct.append(time.perf_counter() - t0)
    return 1e6 * (statistics.median(walls) - statistics.median(direct)), 1e6 * statistics.median(walls)


def cuda_part(binary, runs):
    import torch
    if not (torch.cuda.is_available() and scmp.cuda_available()):
        print("cuda: no CUDA device here (skipped)")
        return
    print(f"CUDA: {torch.cuda.get_device_name(0)}, torch {torch.__version__}, scmp {scmp.__version__}, median of {runs}")
    print(f"{'shape':<18} {'L':>4} {'python ms':>10} {'C++ pipeline ms':>16} {'ratio':>7}")
    ratios = []
    lengths = [256, 128, 64, 32]
    for name, shape in SHAPES.items():
        cpp = cpp_pipeline_ms(binary, name, lengths, runs)
        for L in lengths:
            py = python_cuda_ms(torch, shape, L, runs)
            ratio = py / cpp[L] if L in cpp else float("nan")
            ratios.append(ratio)
            print(f"{name:<18} {L:>4} {py:>10.4f} {cpp.get(L, float('nan')):>16.4f} {ratio:>7.3f}")
    over, wall = overhead_us(torch)
    print(f"worst ratio {max(ratios):.3f} (target <= 1.05); per-call Python overhead {over:.1f} us "
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
