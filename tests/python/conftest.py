"""Shared fixtures of the Python package tests: the scmp CLI (C++ side of every bit-identity check), the golden
file, seeded random operands (seeds printed so a failure can be replayed)."""

import os
import subprocess
import sys
import zlib

import numpy as np
import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "data", "golden", "reference_cases.h5")


@pytest.fixture(scope="session")
def scmp_binary():
    path = os.path.abspath(os.environ.get("SCMP_BINARY") or os.path.join(ROOT, "build", "bin", "scmp"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"scmp CLI not found at {path} (build it, or set SCMP_BINARY)")
    return path


@pytest.fixture(scope="session")
def golden_file():
    # The golden cases live in the repository (tests/data/golden); SCMP_GOLDEN may point elsewhere.
    path = os.environ.get("SCMP_GOLDEN") or GOLDEN
    if not os.path.exists(path):
        pytest.skip(f"golden file {path} not present")
    return path


@pytest.fixture
def rng(request):
    seed = zlib.crc32(request.node.nodeid.encode())  # fixed per test, printed for replay
    print(f"seed = {seed}")
    return np.random.default_rng(seed)


def run_sweep(binary, tmp_path, config, name="run", backend="cpu"):
    """Runs `scmp sweep` on a config dict; returns the path of the results file."""
    cfg = tmp_path / f"{name}.yaml"
    out = tmp_path / f"{name}.h5"
    cfg.write_text(yaml.safe_dump(config, sort_keys=False))
    proc = subprocess.run([binary, "sweep", str(cfg), "-o", str(out), "--backend", backend, "--jobs", "2"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stderr
    return out


def npy_operand(tmp_path, name, array):
    path = tmp_path / f"{name}.npy"
    np.save(path, np.ascontiguousarray(array, dtype=np.float32))
    return {"source": "npy", "path": str(path)}


def same_bits(x, y):
    """Float arrays equal bit for bit (NaN payloads and ±0 distinguished)."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    y = np.ascontiguousarray(y, dtype=np.float32)
    return x.shape == y.shape and np.array_equal(x.view(np.uint32), y.view(np.uint32))
