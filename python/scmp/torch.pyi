from typing import Any, Dict, Iterable, List, Optional

import numpy as np
import torch
from torch import nn

from . import mp

class SCLinear(nn.Linear):
    sc_options: Dict[str, Any]
    policy: Optional[mp.Policy]
    op: str
    block: int
    total_blocks: int
    row_metrics: List[np.ndarray]
    last_assignment: Optional[mp.RowAssignment]
    def __init__(self, in_features: int, out_features: int, bias: bool = ..., device: Any = ..., dtype: Any = ..., *,
                 policy: Any = ..., op: str = ..., block: int = ..., total_blocks: int = ..., **sc_options: Any) -> None: ...
    @classmethod
    def from_linear(cls, linear: nn.Linear, **kwargs: Any) -> "SCLinear": ...
    def forward(self, x: torch.Tensor) -> torch.Tensor: ...

def convert(model: nn.Module, *, policy: Any = ..., include: Optional[Iterable[str]] = ...,
            exclude: Optional[Iterable[str]] = ..., record_metrics: bool = ..., **sc_options: Any) -> nn.Module: ...
def row_metrics(model: nn.Module) -> Dict[str, np.ndarray]: ...
def clear_row_metrics(model: nn.Module) -> None: ...
