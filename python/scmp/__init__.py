"""scmp — bit-exact stochastic-computing (SC) matrix multiplication for NumPy and PyTorch users.

    import scmp
    y = scmp.sc_matmul(a, b, "per_row", stoc_len=64)          # numpy, torch CPU/CUDA, DLPack arrays
    scmp.mp.MPConfig([256, 128, 64], [0.25, 0.5, 0.25])         # mixed-precision stream lengths
    scmp.torch.convert(model)                                   # every nn.Linear → SCLinear
    scmp.read_sweep("results/quickstart.h5")                    # a `scmp sweep` file as a pandas DataFrame

Results equal the C++ ``scmp::sim::sc_matmul`` bit for bit on every backend (cpu, cycle, cuda). Bad input
raises ``TypeError`` or ``ValueError`` (``scmp.InvalidArgument``) with the C++ message. See docs/PYTHON.md.
"""

from __future__ import annotations

from . import _scmp
from ._matmul import sc_matmul
from ._sweep import read_sweep

__version__: str = _scmp.__version__

InvalidArgument = _scmp.InvalidArgument  # a ValueError: a value out of range or inconsistent
ModelError = _scmp.ModelError            # a RuntimeError: the modelled hardware cannot do it
Error = _scmp.Error                      # any other error scmp raises on purpose
InvalidArgument.__doc__ = "A value is out of range or inconsistent (a ValueError); the message names field and value."
ModelError.__doc__ = "The modelled hardware cannot do what was asked (a RuntimeError)."
Error.__doc__ = "Any other error scmp raises on purpose (a RuntimeError)."

__all__ = ["sc_matmul", "read_sweep", "mp", "torch", "backends", "rng_builders", "cuda_available",
           "clear_rng_cache", "InvalidArgument", "ModelError", "Error", "__version__"]


def clear_rng_cache() -> None:
    """Forget the cached options and device pipelines (the reference's ``clear_rng_cache``; never needed for
    correctness: every cache is keyed on the whole configuration)."""
    from . import _matmul
    with _matmul._lock:
        _matmul._options_cache.clear()
        _matmul._pipelines.clear()
        _matmul._checked_keys.clear()
        _matmul._device_fast.clear()


def backends() -> dict:
    """Backend names → (available here, reason when not), e.g. ``{"cpu": (True, ""), "cuda": (False, "…")}``."""
    return {name: tuple(_scmp.backend_available(name)) for name in _scmp.backend_names()}


def rng_builders() -> list:
    """Names accepted by ``sc_matmul(..., rng=NAME)`` (sim/sng/rng_builders.hpp)."""
    return list(_scmp.rng_builder_names())


def cuda_available() -> bool:
    """True when this build has the CUDA kernels and a usable GPU is present."""
    return bool(_scmp.has_cuda_build) and _scmp.device_count() > 0


def __getattr__(name: str):
    # scmp.mp and scmp.torch load on first use (scmp.torch imports torch).
    if name in ("mp", "torch"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'scmp' has no attribute {name!r}")
