from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import mp as mp
from . import _scmp

__version__: str

class InvalidArgument(ValueError): ...
class ModelError(RuntimeError): ...
class Error(RuntimeError): ...

ArrayLike = Any  # numpy.ndarray | torch.Tensor | any object with __dlpack__

def sc_matmul(a: ArrayLike, b: ArrayLike, granularity: str = "per_row", *, mode: str = "bipolar", sc_prec: int = 8,
              stoc_len: Optional[int] = None, chunk_d: int = 0, group_a: int = 1, group_b: int = 1,
              rng_levels: Optional[int] = None, config: Optional[dict] = None, halve_bipolar_stoc_len: bool = False,
              smooth_scales: Optional[ArrayLike] = None, scramble: str = "bitrev", scramble_rescale: bool = True,
              scramble_seed: int = 0, multiplier: str = "enable", rng: str = "sobol_simple",
              rng_params: Optional[dict] = None, rng_seed: int = 0, backend: str = "auto", threads: int = 0,
              row_stoc_len_a: Optional[Union[Sequence[int], np.ndarray, "mp.RowAssignment"]] = None,
              row_stoc_len_b: Optional[Union[Sequence[int], np.ndarray, "mp.RowAssignment"]] = None,
              return_counts: bool = False, return_report: bool = False, activity: str = "off",
              activity_sample_rows: int = 16) -> Any: ...
def read_sweep(path: str, per_operator: bool = False) -> Any: ...  # pandas.DataFrame
def backends() -> Dict[str, Tuple[bool, str]]: ...
def rng_builders() -> List[str]: ...
def cuda_available() -> bool: ...
def clear_rng_cache() -> None: ...
