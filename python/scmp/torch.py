"""scmp.torch — SC layers for PyTorch models.

``SCLinear`` is a drop-in ``nn.Linear`` whose forward is ``scmp.sc_matmul`` (bias added in fp32) and whose
backward is the straight-through estimator (the dense gradient of x @ Wᵀ). ``convert(model)`` swaps a model's
Linear layers (CPU or CUDA) for SCLinear, sharing their parameters, with forward pre-hooks that record the
row metric (x_row_max) an MP policy needs. CUDA tensors stay on their device (the GPU pipeline); a policy reads
its N-value row metric on the host (an explicit ``.cpu()`` of N floats, never of the operands).
"""

from __future__ import annotations

import fnmatch
from typing import Any, Dict, Iterable, List, Optional, Union

import numpy as np
import torch
from torch import nn

from ._matmul import sc_matmul
from . import mp as _mp

__all__ = ["SCLinear", "convert", "row_metrics", "clear_row_metrics"]


class _SCMatmul(torch.autograd.Function):
    """y = sc_matmul(x, w) forward; dense gradients backward (straight-through estimator)."""

    @staticmethod
    def forward(ctx, x, w, options):  # noqa: D401 - autograd signature
        ctx.save_for_backward(x, w)
        return sc_matmul(x.contiguous(), w.contiguous(), **options)

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        grad_x = grad @ w if ctx.needs_input_grad[0] else None
        grad_w = grad.t() @ x if ctx.needs_input_grad[1] else None
        return grad_x, grad_w, None


def _policy(policy) -> Optional[_mp.Policy]:
    if policy is None or isinstance(policy, _mp.Policy):
        return policy
    return _mp.Policy(policy)


class SCLinear(nn.Linear):
    """``nn.Linear`` computed by SC hardware: y = sc_matmul(x, W) + b (fp32), straight-through backward.

    in_features, out_features, bias, device, dtype: as ``nn.Linear``.
    policy: an ``scmp.mp.Policy`` (or its mapping / an MPConfig …) choosing per-row stream lengths from the
        input's row metric (side a) or the weight (side b) at every forward; None = uniform ``stoc_len``.
    op, block, total_blocks: the operator name and layer index the policy sees.
    **sc_options: ``scmp.sc_matmul`` keywords (granularity, stoc_len, sc_prec, chunk_d, scramble, …).

    Inputs of any float dtype and shape (..., in_features) are computed in fp32 and cast back. Attributes:
    ``row_metrics`` (filled by the hook ``convert(record_metrics=True)`` registers), ``last_assignment``.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None, dtype=None, *,
                 policy=None, op: str = "", block: int = 0, total_blocks: int = 1, **sc_options: Any):
        super().__init__(in_features, out_features, bias=bias, device=device, dtype=dtype)
        for reserved in ("row_stoc_len_a", "row_stoc_len_b", "return_counts", "return_report"):
            if reserved in sc_options:
                raise TypeError(f"SCLinear: {reserved} is chosen by the policy, not given")
        self.sc_options: Dict[str, Any] = dict(sc_options)
        self.policy = _policy(policy)
        self.op = op
        self.block = block
        self.total_blocks = total_blocks
        self.row_metrics: List[np.ndarray] = []
        self.last_assignment: Optional[_mp.RowAssignment] = None

    @classmethod
    def from_linear(cls, linear: nn.Linear, **kwargs) -> "SCLinear":
        """An SCLinear sharing ``linear``'s parameters (same device and dtype)."""
        layer = cls(linear.in_features, linear.out_features, bias=linear.bias is not None,
                    device=linear.weight.device, dtype=linear.weight.dtype, **kwargs)
        layer.weight = linear.weight
        layer.bias = linear.bias
        return layer

    def _assignment(self, x2: torch.Tensor, w: torch.Tensor) -> Dict[str, Any]:
        if self.policy is None:
            return {}
        metric = x2.detach().abs().amax(dim=1).cpu().numpy() if self.policy.metric(self.op) else None
        weight = w.detach().cpu().numpy() if self.policy.side == "b" else None
        macs = [self.in_features * self.out_features] * x2.shape[0] if self.policy.side == "a" else None
        a = self.policy.assign(row_metric=metric, weight=weight, op=self.op, macs_per_row=macs,
                               block=self.block, total_blocks=self.total_blocks)
        self.last_assignment = a
        return {"row_stoc_len_a" if a.side == "a" else "row_stoc_len_b": a.stoc_len}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """y = sc_matmul(x, W) + b in fp32 (x: (..., in_features), any float dtype; cast back)."""
        shape = x.shape
        x2 = x.reshape(-1, self.in_features).float().contiguous()
        w = self.weight.float().contiguous()
        options = dict(self.sc_options)
        options.update(self._assignment(x2, w))
        y = _SCMatmul.apply(x2, w, options)
        if self.bias is not None:
            y = y + self.bias.float()
        return y.reshape(*shape[:-1], self.out_features).to(x.dtype)

    def extra_repr(self) -> str:
        """nn.Linear's description plus the SC options and policy."""
        opts = ", ".join(f"{k}={v!r}" for k, v in sorted(self.sc_options.items()))
        pol = f", policy={self.policy.name}" if self.policy is not None else ""
        return f"{super().extra_repr()}{', ' + opts if opts else ''}{pol}"


def _matches(name: str, patterns: Optional[Iterable[str]]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _record_hook(module: SCLinear, inputs):
    x = inputs[0].detach()
    module.row_metrics.append(x.reshape(-1, module.in_features).abs().amax(dim=1).float().cpu().numpy())


def convert(model: nn.Module, *, policy=None, include: Optional[Iterable[str]] = None,
            exclude: Optional[Iterable[str]] = None, record_metrics: bool = False, **sc_options: Any) -> nn.Module:
    """Replace every ``nn.Linear`` of ``model`` (in place; returned) by an ``SCLinear`` sharing its parameters.

    include / exclude: fnmatch patterns on qualified module names (``"encoder.*"``); include None = all.
    policy: one MP policy for every layer, or a dict {pattern: policy}; each layer's policy sees op = its
        qualified name and block = its position among the converted layers.
    record_metrics: register forward pre-hooks that keep each forward's row metric (x_row_max of the layer's
        input) in ``layer.row_metrics`` (read with ``row_metrics(model)``), e.g. to calibrate a policy.
    **sc_options: ``scmp.sc_matmul`` keywords for every converted layer.
    An already converted layer is left alone. Raises ``TypeError`` for a non-module.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"convert: expected a torch.nn.Module, got {type(model).__name__}")
    include = list(include) if include is not None else ["*"]
    exclude = list(exclude) if exclude is not None else []
    targets = [(name, m) for name, m in model.named_modules()
               if type(m) is nn.Linear and _matches(name, include) and not _matches(name, exclude)]
    for block, (name, linear) in enumerate(targets):
        layer_policy = policy
        if isinstance(policy, dict) and "impl" not in policy:
            layer_policy = next((p for pat, p in policy.items() if fnmatch.fnmatchcase(name, pat)), None)
        layer = SCLinear.from_linear(linear, policy=layer_policy, op=name, block=block, total_blocks=len(targets),
                                     **sc_options)
        if record_metrics:
            layer.register_forward_pre_hook(_record_hook)
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, layer)
    return model


def row_metrics(model: nn.Module) -> Dict[str, np.ndarray]:
    """{layer name: all recorded row metrics, concatenated} for the SCLinear layers of ``model``."""
    return {name: np.concatenate(m.row_metrics) for name, m in model.named_modules()
            if isinstance(m, SCLinear) and m.row_metrics}


def clear_row_metrics(model: nn.Module) -> None:
    """Forget the recorded row metrics of every SCLinear layer."""
    for m in model.modules():
        if isinstance(m, SCLinear):
            m.row_metrics.clear()
