"""
scmp C++ core: bit-exact stochastic-computing matmul, device pipelines, mixed precision.
"""

from collections.abc import Sequence

import numpy
from numpy.typing import NDArray


__version__: str

has_cuda_build: bool

def device_count() -> int:
    """Usable CUDA devices (0 without CUDA or driver)."""

class Error(RuntimeError):
    pass

class ModelError(RuntimeError):
    pass

class InvalidArgument(ValueError):
    pass

class MatmulOptions:
    """sim::MatmulOptions: every setting of one sc_matmul call."""

    def __init__(self) -> None: ...

    @property
    def granularity(self) -> str: ...

    @granularity.setter
    def granularity(self, arg: str, /) -> None: ...

    @property
    def mode(self) -> str: ...

    @mode.setter
    def mode(self, arg: str, /) -> None: ...

    @property
    def sc_prec(self) -> int: ...

    @sc_prec.setter
    def sc_prec(self, arg: int, /) -> None: ...

    @property
    def stoc_len(self) -> int | None: ...

    @stoc_len.setter
    def stoc_len(self, arg: int | None, /) -> None: ...

    @property
    def rng_levels(self) -> int | None: ...

    @rng_levels.setter
    def rng_levels(self, arg: int | None, /) -> None: ...

    @property
    def halve(self) -> bool: ...

    @halve.setter
    def halve(self, arg: bool, /) -> None: ...

    @property
    def chunk_d(self) -> int: ...

    @chunk_d.setter
    def chunk_d(self, arg: int, /) -> None: ...

    @property
    def group_a(self) -> int: ...

    @group_a.setter
    def group_a(self, arg: int, /) -> None: ...

    @property
    def group_b(self) -> int: ...

    @group_b.setter
    def group_b(self, arg: int, /) -> None: ...

    @property
    def smooth_scales(self) -> list[float] | None: ...

    @smooth_scales.setter
    def smooth_scales(self, arg: Sequence[float] | None, /) -> None: ...

    @property
    def scramble(self) -> str: ...

    @scramble.setter
    def scramble(self, arg: str, /) -> None: ...

    @property
    def scramble_rescale(self) -> bool: ...

    @scramble_rescale.setter
    def scramble_rescale(self, arg: bool, /) -> None: ...

    @property
    def scramble_seed(self) -> int: ...

    @scramble_seed.setter
    def scramble_seed(self, arg: int, /) -> None: ...

    @property
    def multiplier(self) -> str: ...

    @multiplier.setter
    def multiplier(self, arg: str, /) -> None: ...

    @property
    def backend(self) -> str: ...

    @backend.setter
    def backend(self, arg: str, /) -> None: ...

    @property
    def threads(self) -> int: ...

    @threads.setter
    def threads(self, arg: int, /) -> None: ...

    @property
    def row_stoc_len_a(self) -> list[int]: ...

    @row_stoc_len_a.setter
    def row_stoc_len_a(self, arg: Sequence[int], /) -> None: ...

    @property
    def row_stoc_len_b(self) -> list[int]: ...

    @row_stoc_len_b.setter
    def row_stoc_len_b(self, arg: Sequence[int], /) -> None: ...

    @property
    def rng_name(self) -> str: ...

    def set_rng_builder(self, name: str, params_yaml: str, lanes: int, seed: int) -> None:
        """
        RNG of every lane from a named builder (sim/sng/rng_builders.hpp) for `lanes` lanes.
        """

    def set_rng_yaml(self, arg: str, /) -> None:
        """RNG configuration in scmp's YAML schema (name, pool, a, b)."""

    def rng_yaml(self) -> str: ...

def make_options(kwargs: dict, lanes: int) -> MatmulOptions:
    """
    MatmulOptions from the checked keywords of scmp/_matmul.py (python/src/args.hpp: matmul_options).
    """

def reference_config_yaml(config: object, sc_prec: int) -> str:
    """
    The reference's RNG config dict as scmp's RNG configuration (JSON text).
    """

def matmul_host(a: NDArray, b: NDArray, options: MatmulOptions, return_counts: bool = False, return_report: bool = False) -> object:
    """
    sim::sc_matmul on host float32 arrays; returns y (numpy), or a tuple of y, counts (return_counts) and the hardware report dict (return_report).
    """

def backend_names() -> list[str]: ...

def backend_available(arg: str, /) -> tuple[bool, str]: ...

def rng_builder_names() -> list[str]: ...

class DevicePipelinePool:
    """
    gpu::DevicePipeline instances for one (shape_a, shape_b, options), one per concurrent caller.
    """

    def __init__(self, shape_a: Sequence[int], shape_b: Sequence[int], options: MatmulOptions) -> None: ...

    @property
    def output_shape(self) -> list[int]: ...

    def run(self, a: NDArray, b: NDArray, y: NDArray, stream: int = 0) -> None:
        """
        y ← sc_matmul(a, b) on the operands' device, ordered on `stream` (a cudaStream_t as int).
        """

    def run_ptr(self, a: int, b: int, y: int, device: int, stream: int = 0) -> None:
        """
        run() on raw device pointers (float32, contiguous, the planned shapes — the caller checks).
        """

def mp_classify(kind: str, config_yaml: str, sc_prec: int, operand: NDArray, op: str = '', timestep: int = 0, total_timesteps: int = 1, block: int = 0, total_blocks: int = 1) -> object: ...

def mp_validate(arg0: str, arg1: str, arg2: int, /) -> None: ...

def classify_rows_by_metric(arg0: NDArray, arg1: Sequence[float], /) -> NDArray[numpy.int32]: ...

def classify_rows_by_thresholds(arg0: NDArray, arg1: Sequence[float], /) -> NDArray[numpy.int32]: ...

def bucket_index(arg0: int, arg1: int, arg2: int, /) -> int: ...

def default_boundaries(arg: int, /) -> list[float]: ...

def validate_levels(arg0: str, arg1: Sequence[int], arg2: int, arg3: int, /) -> None: ...

def row_abs_max(arg: NDArray, /) -> NDArray[numpy.float32]: ...

class Policy:
    def __init__(self, yaml: str, sc_prec: int = 8) -> None: ...

    @property
    def name(self) -> str: ...

    @property
    def levels(self) -> list[int]: ...

    @property
    def side(self) -> str: ...

    def metric(self, arg: str, /) -> str: ...

    def assign(self, row_metric: object | None, weight: object | None, op: str, macs_per_row: Sequence[int], timestep: int, total_timesteps: int, block: int, total_blocks: int) -> object: ...

def policy_names() -> list[str]: ...

class LevelErrorModel:
    @property
    def levels(self) -> list[int]: ...

    @property
    def coefficient(self) -> list[float]: ...

    @property
    def mse(self) -> list[float]: ...

def measure_error_model(arg0: NDArray, arg1: NDArray, arg2: MatmulOptions, arg3: Sequence[int], /) -> LevelErrorModel: ...

class CalibrationResult:
    @property
    def levels(self) -> list[int]: ...

    @property
    def row_level(self) -> list[int]: ...

    @property
    def fractions(self) -> list[float]: ...

    @property
    def thresholds(self) -> list[float]: ...

    @property
    def target_avg_stoc_len(self) -> float: ...

    @property
    def expected_avg_stoc_len(self) -> float: ...

    @property
    def realised_avg_stoc_len(self) -> float: ...

    @property
    def expected_error(self) -> float: ...

    @property
    def realised_error(self) -> float: ...

    @property
    def feasible(self) -> bool: ...

def calibrate(arg0: NDArray, arg1: Sequence[int], arg2: LevelErrorModel, arg3: float, arg4: MatmulOptions, /) -> CalibrationResult: ...

def thresholds_for(arg0: NDArray, arg1: Sequence[int], arg2: int, /) -> list[float]: ...
