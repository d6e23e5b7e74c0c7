"""scmp.mp — mixed-precision stream lengths: the reference's entry points (REFERENCE.md §7) under their names,
scmp's policy registry and calibration. Every classifier returns a ``RowAssignment`` whose ``stoc_len`` (a numpy
int32 array, one stream length per row) feeds ``scmp.sc_matmul(..., row_stoc_len_a=assignment)`` directly.

Differences from the reference (docs/REFERENCE-FIXES.md): ties are ranked by a stable sort; levels must be
strictly descending stream lengths in 1..2^sc_prec (a length 0, "prune", is refused: drop those rows yourself);
the block index is an argument, never a global; range groups never straddle rows and a degenerate range gives
the highest precision. Metrics and weights are read on the host: torch tensors are converted with ``.cpu()``
(a row metric is N values).
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _scmp
from ._matmul import options_for

__all__ = ["RowAssignment", "MPConfig", "AdaptiveMPConfig", "FreeBoundaryMPConfig", "RangeMPConfig",
           "classify_rows_by_metric", "adaptive_classify_rows", "classify_groups_by_range", "row_metric",
           "Policy", "policy_names", "measure_error_model", "calibrate", "thresholds_for"]


def _host(x: Any, name: str, ndim: Optional[int] = None) -> np.ndarray:
    """A float32 C-contiguous host array (torch tensors: detached and moved with .cpu(); a metric is small)."""
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    arr = np.ascontiguousarray(np.asarray(x, dtype=np.float32))
    if ndim is not None and arr.ndim != ndim:
        raise _scmp.InvalidArgument(f"{name}.shape = {arr.shape}: expected a {ndim}-D array")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:  # a NaN would rank arbitrarily: refuse it, naming the first one
        index = "".join(f"[{i}]" for i in np.unravel_index(bad[0], arr.shape))
        raise _scmp.InvalidArgument(f"{name}{index} = {arr.flat[bad[0]]}: expected a finite value (no NaN or Inf)")
    return arr


class RowAssignment:
    """Which stream length each row runs: ``row_levels`` (int64 index into ``stoc_len_levels``), ``stoc_len``
    (int32, per row), ``level_row_indices`` ({stoc_len: int64 row indices}, as the reference), ``side`` ("a":
    rows of sc_matmul's a, "b": rows of b = output features). ``np.asarray(assignment)`` is ``stoc_len``."""

    def __init__(self, side: str, levels: Sequence[int], row_level: np.ndarray):
        self.side = side
        self.stoc_len_levels = [_int(v) for v in levels]
        self.row_levels = np.asarray(row_level, dtype=np.int64)
        self.stoc_len = np.asarray(self.stoc_len_levels, dtype=np.int32)[self.row_levels]

    @property
    def level_row_indices(self) -> Dict[int, np.ndarray]:
        """{stoc_len: ascending row indices at that length}, as the reference's RowAssignment."""
        return {L: np.flatnonzero(self.row_levels == i) for i, L in enumerate(self.stoc_len_levels)}

    def __array__(self, dtype=None):
        return self.stoc_len if dtype is None else self.stoc_len.astype(dtype)

    def __len__(self) -> int:
        return _int(self.row_levels.size)

    def mac_weighted_avg_stoc_len(self, macs_per_row=None) -> float:
        """Σ macs·L / Σ macs (equal MACs per row when not given): the MAC budget of the assignment."""
        macs = np.ones(len(self)) if macs_per_row is None else np.asarray(macs_per_row, dtype=np.float64)
        return float((macs * self.stoc_len).sum() / macs.sum())

    def __repr__(self) -> str:
        counts = np.bincount(self.row_levels, minlength=len(self.stoc_len_levels))
        return f"RowAssignment(side={self.side!r}, levels={self.stoc_len_levels}, counts={counts.tolist()})"


def _assignment(result) -> RowAssignment:
    side, levels, row_level = result
    return RowAssignment(side, levels, row_level)


@dataclasses.dataclass
class MPConfig:
    """Fixed per-level row fractions, rows ranked by a metric (reference §7.1; policy ``quantile``)."""

    stoc_len_levels: List[int]
    level_fractions: Optional[List[float]] = None
    qk_metric: str = "q_row_max"
    av_metric: str = "attn_row_max"
    mlp_metric: str = "x_row_max"
    sc_prec: int = 8

    def __post_init__(self):
        if self.level_fractions is None:
            n = len(self.stoc_len_levels)  # 0 levels: refused by the C++ check, not a ZeroDivisionError
            self.level_fractions = [1.0 / n] * n if n else []
        _scmp.mp_validate("quantile", json.dumps(self.to_dict()), self.sc_prec)

    def to_dict(self) -> dict:
        """The policy mapping (docs/CONFIG.md ``mp:``) for ``scmp sweep`` or ``Policy``."""
        return {"impl": "quantile", "levels": list(self.stoc_len_levels), "fractions": list(self.level_fractions),
                "qk_metric": self.qk_metric, "av_metric": self.av_metric, "mlp_metric": self.mlp_metric}

    def classify(self, metric) -> RowAssignment:
        """Quantile split of the rows by ``metric`` (one value per row of a)."""
        return _assignment(_scmp.mp_classify("quantile", json.dumps(self.to_dict()), self.sc_prec,
                                             _host(metric, "metric", 1)))


def classify_rows_by_metric(metric, levels: Sequence[int],
                            fractions: Optional[Sequence[float]] = None) -> RowAssignment:
    """Quantile split (reference §7.3): rows by metric descending (stable: equal metrics keep row order), level i
    takes round_half_even(fraction_i·N) rows, the last level the rest. ``fractions`` default: 1/n each."""
    return MPConfig(list(levels), None if fractions is None else list(fractions)).classify(metric)


def _int(v) -> int:
    """int(v), with int(inf) a ValueError (scmp.InvalidArgument) rather than an OverflowError."""
    try:
        return int(v)
    except OverflowError as e:
        raise _scmp.InvalidArgument(f"{v!r}: expected a finite integer") from e


def _bool(name: str, v) -> bool:
    """A Python or numpy bool (or 0/1); anything else (an array, a string) is a TypeError naming the key."""
    if isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, np.integer)) and v in (0, 1)):
        return bool(v)
    raise TypeError(f"{name} = {v!r}: expected a bool")


def _mapping(name: str, v) -> dict:
    """A mapping (None: empty); anything else is a TypeError naming the key."""
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise TypeError(f"{name} = {v!r}: expected a mapping")
    return dict(v)


def _items(name: str, v):
    """v.items() of a mapping argument; TypeError naming it otherwise (never an AttributeError)."""
    if not isinstance(v, dict):
        raise TypeError(f"{name} = {v!r:.60}: expected a mapping")
    return v.items()


def _thresholds(v) -> List[float]:
    if isinstance(v, dict) and "thresholds" not in v:
        raise _scmp.InvalidArgument(f"thresholds = {v!r:.60}: expected a list of thresholds or "
                                    "{'thresholds': [...]}")
    return [float(t) for t in (v["thresholds"] if isinstance(v, dict) else v)]


def _bucket_key(key) -> str:
    if isinstance(key, tuple):
        op, t, l = key
        return f"{op}:t{_int(t)}:l{_int(l)}"
    return str(key)


@dataclasses.dataclass
class AdaptiveMPConfig:
    """Thresholds on the min-max normalised row metric per operator, optionally per (timestep, layer) bucket
    (reference §7.4). ``bucket_thresholds`` keys: ``(op, t_bucket, l_bucket)`` or ``"op:t<i>:l<j>"``.
    ``threshold_table_path``: the reference's JSON table (or YAML). ``enable_pruning=False`` drops 0 levels as
    the reference; with pruning a 0 level is refused (scmp cannot run L = 0; drop those rows yourself)."""

    stoc_len_levels: List[int]
    enable_pruning: bool = True
    threshold_table_path: Optional[str] = None
    timestep_buckets: int = 1
    layer_buckets: int = 1
    operator_default_thresholds: Dict[str, Any] = dataclasses.field(default_factory=dict)
    bucket_thresholds: Dict[Any, Any] = dataclasses.field(default_factory=dict)
    target_fractions: Optional[List[float]] = None
    sc_prec: int = 8

    def __post_init__(self):
        self.enable_pruning = _bool("enable_pruning", self.enable_pruning)
        self.operator_default_thresholds = _mapping("operator_default_thresholds", self.operator_default_thresholds)
        self.bucket_thresholds = _mapping("bucket_thresholds", self.bucket_thresholds)
        if not self.enable_pruning:
            self.stoc_len_levels = [L for L in self.stoc_len_levels if L != 0]
        _scmp.mp_validate("adaptive", json.dumps(self.to_dict()), self.sc_prec)

    def to_dict(self, buckets: bool = True) -> dict:
        """The policy mapping (docs/CONFIG.md ``mp: {impl: adaptive, …}``); buckets=False leaves buckets out."""
        d: Dict[str, Any] = {"impl": "adaptive", "levels": [_int(v) for v in self.stoc_len_levels]}
        if self.threshold_table_path is not None:
            d["threshold_table"] = os.fspath(self.threshold_table_path)
            if self.timestep_buckets != 1:
                d["timestep_buckets"] = _int(self.timestep_buckets)
            if self.layer_buckets != 1:
                d["layer_buckets"] = _int(self.layer_buckets)
        else:
            d["timestep_buckets"] = _int(self.timestep_buckets)
            d["layer_buckets"] = _int(self.layer_buckets)
            if self.operator_default_thresholds:
                d["operator_defaults"] = {op: _thresholds(v) for op, v in
                                          _items("operator_default_thresholds", self.operator_default_thresholds)}
            if self.bucket_thresholds and buckets:
                d["buckets"] = {_bucket_key(k): _thresholds(v) for k, v in _items("bucket_thresholds",
                                                                                      self.bucket_thresholds)}
        if self.target_fractions is not None:
            d["target_fractions"] = [float(v) for v in self.target_fractions]
        return d

    @classmethod
    def from_dict(cls, d: dict, sc_prec: int = 8) -> "AdaptiveMPConfig":
        """From scmp's keys (levels, operator_defaults, buckets, target_fractions, …) or the reference's
        threshold-table format (stoc_len_levels, operator_defaults, buckets, timestep_buckets, layer_buckets)."""
        if not isinstance(d, dict):
            raise TypeError(f"AdaptiveMPConfig.from_dict: expected a mapping, got {type(d).__name__}")
        known = {"impl", "levels", "stoc_len_levels", "enable_pruning", "timestep_buckets", "layer_buckets",
                 "operator_defaults", "buckets", "target_fractions", "threshold_table"}
        unknown = sorted(set(d) - known)
        if unknown:
            raise _scmp.InvalidArgument(f"AdaptiveMPConfig.{unknown[0]} = {d[unknown[0]]!r}: unknown key "
                                        f"(expected {', '.join(sorted(known))})")
        if "levels" not in d and "stoc_len_levels" not in d:
            raise _scmp.InvalidArgument("AdaptiveMPConfig.levels = missing: expected a list of stream lengths")
        return cls(stoc_len_levels=list(d.get("levels", d.get("stoc_len_levels"))),
                   enable_pruning=_bool("AdaptiveMPConfig.enable_pruning", d.get("enable_pruning", True)),
                   threshold_table_path=d.get("threshold_table"),
                   timestep_buckets=_int(d.get("timestep_buckets", 1)), layer_buckets=_int(d.get("layer_buckets", 1)),
                   operator_default_thresholds=_mapping("AdaptiveMPConfig.operator_defaults", d.get("operator_defaults")),
                   bucket_thresholds=_mapping("AdaptiveMPConfig.buckets", d.get("buckets")), target_fractions=d.get("target_fractions"),
                   sc_prec=sc_prec)

    @classmethod
    def from_file(cls, path: str, sc_prec: int = 8) -> "AdaptiveMPConfig":
        """From a JSON or YAML file holding one mapping (either format of ``from_dict``)."""
        import yaml
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(yaml.safe_load(f), sc_prec)

    def classify(self, metric, operator: Optional[str] = None, block_idx: Optional[int] = None,
                 total_blocks: Optional[int] = None, timestep: int = 0, total_timesteps: int = 1) -> RowAssignment:
        """As ``adaptive_classify_rows(metric, self, …)``."""
        bucketed = block_idx is not None and total_blocks is not None
        config = json.dumps(self.to_dict(buckets=bucketed))
        return _assignment(_scmp.mp_classify("adaptive", config, self.sc_prec, _host(metric, "metric", 1),
                                             operator or "", _int(timestep), _int(total_timesteps),
                                             _int(block_idx or 0), _int(total_blocks or 1)))


@dataclasses.dataclass
class FreeBoundaryMPConfig:
    """Per-(block, operator) boundaries on the normalised metric, or a pinned level (reference §7.6)."""

    stoc_len_levels: List[int]
    boundaries: Dict[Tuple[int, str], List[float]] = dataclasses.field(default_factory=dict)
    fixed_levels: Dict[Tuple[int, str], int] = dataclasses.field(default_factory=dict)
    metric: str = "x_row_max"
    sc_prec: int = 8

    def __post_init__(self):
        self._check()

    def _check(self):
        _scmp.mp_validate("free_boundary", json.dumps(self.to_dict()), self.sc_prec)

    def to_dict(self) -> dict:
        """The policy mapping (docs/CONFIG.md ``mp: {impl: free_boundary, …}``)."""
        return {"impl": "free_boundary", "levels": [_int(v) for v in self.stoc_len_levels], "metric": self.metric,
                "boundaries": {f"{b}:{op}": [float(v) for v in bs] for (b, op), bs in _items("boundaries", self.boundaries)},
                "fixed_levels": {f"{b}:{op}": _int(v) for (b, op), v in _items("fixed_levels", self.fixed_levels)}}

    def default_boundaries(self) -> List[float]:
        """(k−1−i)/k for i = 0..k−2 (fp32 values): k=3 → [2/3, 1/3]."""
        return list(_scmp.default_boundaries(len(self.stoc_len_levels)))

    def get_boundaries(self, op: str, block_idx: int = 0) -> List[float]:
        """The boundaries of (block_idx, op): stored, or the defaults."""
        return list(self.boundaries.get((block_idx, op), self.default_boundaries()))

    def set_boundaries(self, op: str, block_idx: int, boundaries: Sequence[float]) -> None:
        """Store boundaries for (block_idx, op) (validated; unpins a fixed level of that key)."""
        old = (self.boundaries.get((block_idx, op)), self.fixed_levels.get((block_idx, op)))
        self.boundaries[(block_idx, op)] = [float(v) for v in np.asarray(boundaries, dtype=np.float64)]
        self.fixed_levels.pop((block_idx, op), None)
        self._undo_on_error(block_idx, op, old)

    def set_fixed_level(self, op: str, block_idx: int, level: int) -> None:
        """Pin every row of (block_idx, op) to level index ``level`` (validated; drops its boundaries)."""
        old = (self.boundaries.get((block_idx, op)), self.fixed_levels.get((block_idx, op)))
        self.fixed_levels[(block_idx, op)] = _int(level)
        self.boundaries.pop((block_idx, op), None)
        self._undo_on_error(block_idx, op, old)

    def get_fixed_level(self, op: str, block_idx: int = 0) -> Optional[int]:
        """The pinned level of (block_idx, op), or None."""
        return self.fixed_levels.get((block_idx, op))

    def clear_fixed_level(self, op: str, block_idx: int = 0) -> None:
        """Unpin (block_idx, op)."""
        self.fixed_levels.pop((block_idx, op), None)

    def _undo_on_error(self, block_idx, op, old):
        try:
            self._check()
        except Exception:
            for store, value in zip((self.boundaries, self.fixed_levels), old):
                store.pop((block_idx, op), None)
                if value is not None:
                    store[(block_idx, op)] = value
            raise

    def classify(self, metric, operator: Optional[str] = None, block_idx: int = 0) -> RowAssignment:
        """Pinned → that level; degenerate metric → level 0; else level = #{k : m̂ < b_k} (fp32)."""
        return _assignment(_scmp.mp_classify("free_boundary", json.dumps(self.to_dict()), self.sc_prec,
                                             _host(metric, "metric", 1), operator or "", 0, 1, _int(block_idx or 0), 1))


def adaptive_classify_rows(metric, config, operator: Optional[str] = None, block_idx: Optional[int] = None,
                           total_blocks: Optional[int] = None, timestep: int = 0,
                           total_timesteps: int = 1) -> RowAssignment:
    """Reference §7.5: a FreeBoundaryMPConfig classifies by (block_idx, operator) boundaries (block_idx is an
    argument here, default 0 — not a process global); an AdaptiveMPConfig by target fractions, else by its
    thresholds for (operator, timestep bucket, layer bucket) — buckets only when block_idx and total_blocks are
    given, as in the reference. A degenerate metric (max − min < 1e-8) puts every row at level 0."""
    if isinstance(config, FreeBoundaryMPConfig):
        return config.classify(metric, operator, block_idx or 0)
    if isinstance(config, AdaptiveMPConfig):
        return config.classify(metric, operator, block_idx, total_blocks, timestep, total_timesteps)
    raise TypeError(f"config of type {type(config).__name__}: expected AdaptiveMPConfig or FreeBoundaryMPConfig")


@dataclasses.dataclass
class RangeMPConfig:
    """Stream length per group of weight rows from the group's value range (reference §7.7)."""

    stoc_len_levels: List[int]
    base_threshold: float = 0.3
    operator_thresholds: Dict[str, float] = dataclasses.field(default_factory=dict)
    sc_prec: int = 8

    def __post_init__(self):
        _scmp.mp_validate("range", json.dumps(self.to_dict()), self.sc_prec)

    def get_threshold(self, op: Optional[str]) -> float:
        """The operator's threshold override, else ``base_threshold``."""
        table = dict(_items("operator_thresholds", self.operator_thresholds))
        return float(table.get(op, self.base_threshold)) if op else float(self.base_threshold)

    def to_dict(self, group_size: int = 1) -> dict:
        """The policy mapping (docs/CONFIG.md ``mp: {impl: range, …}``) with ``group_size``."""
        return {"impl": "range", "levels": [_int(v) for v in self.stoc_len_levels],
                "base_threshold": float(self.base_threshold),
                "operator_thresholds": {k: float(v) for k, v in _items("operator_thresholds", self.operator_thresholds)},
                "group_size": _int(group_size)}


def classify_groups_by_range(weight, group_size: int, config: RangeMPConfig,
                             operator: Optional[str] = None) -> RowAssignment:
    """Reference §7.7 with its bugs fixed: one level per ROW of the weight (out × in; side "b": feed it as
    ``row_stoc_len_b``); group_size must divide the rows (≤ 0 or ≥ rows: one group); nothing is printed."""
    config_json = json.dumps(config.to_dict(group_size))
    return _assignment(_scmp.mp_classify("range", config_json, config.sc_prec, _host(weight, "weight", 2),
                                         operator or ""))


def row_metric(operand, name: str = "x_row_max") -> np.ndarray:
    """max_d |x[r, d]| per row (x_row_max / q_row_max / attn_row_max are that metric of the matching operand)."""
    if name not in ("x_row_max", "q_row_max", "attn_row_max"):
        raise _scmp.InvalidArgument(f"metric = {name}: expected x_row_max | q_row_max | attn_row_max")
    return _scmp.row_abs_max(_host(operand, "operand"))


class Policy:
    """Any scmp MP policy (docs/CONFIG.md ``mp:``; names: ``policy_names()``) from a mapping or YAML text, e.g.
    ``Policy({"impl": "quantile", "levels": [128, 64], "fractions": [0.25, 0.75]})``; the same code path as
    ``scmp sweep``."""

    def __init__(self, spec: Union[dict, str, MPConfig, AdaptiveMPConfig, FreeBoundaryMPConfig, RangeMPConfig],
                 sc_prec: int = 8):
        if hasattr(spec, "to_dict"):
            spec = spec.to_dict()
        text = spec if isinstance(spec, str) else json.dumps(spec)
        self._impl = _scmp.Policy(text, sc_prec)
        self.spec = spec
        self.sc_prec = sc_prec

    @property
    def name(self) -> str:
        """The policy's ``impl`` name."""
        return self._impl.name

    @property
    def levels(self) -> List[int]:
        """Every stream length the policy can return, descending."""
        return list(self._impl.levels)

    @property
    def side(self) -> str:
        """"a" (rows of the input) or "b" (rows of the weight)."""
        return self._impl.side

    def metric(self, op: str = "") -> str:
        """The row metric this policy reads for operator ``op`` ("" = none)."""
        return self._impl.metric(op)

    def assign(self, row_metric=None, weight=None, op: str = "", macs_per_row=None, timestep: int = 0,
               total_timesteps: int = 1, block: int = 0, total_blocks: int = 1) -> RowAssignment:
        """The assignment for one operator call (mp::OperatorContext fields)."""
        metric = None if row_metric is None else _host(row_metric, "row_metric", 1)
        w = None if weight is None else _host(weight, "weight", 2)
        macs = [] if macs_per_row is None else [_int(v) for v in macs_per_row]
        return _assignment(self._impl.assign(metric, w, op, macs, _int(timestep), _int(total_timesteps), _int(block),
                                             _int(total_blocks)))

    def __repr__(self) -> str:
        return f"Policy({self.spec!r})"


def policy_names() -> List[str]:
    """The ``impl`` names of scmp's policies."""
    return list(_scmp.policy_names())


def measure_error_model(a, b, levels: Sequence[int], **options):
    """Runs sc_matmul(a, b) per level (per_row 2-D, other settings as ``scmp.sc_matmul`` keywords) and fits the
    per-level error coefficients (mp/calibration.hpp). Returns an object with levels, coefficient, mse."""
    a = _host(a, "a", 2)
    b = _host(b, "b", 2)
    return _scmp.measure_error_model(a, b, options_for(a.shape, **options), [_int(v) for v in levels])


def calibrate(metric, macs_per_row, model, target_avg_stoc_len: float, **deployed_options):
    """Least predicted error under a MAC-weighted average stream-length budget; the deployed hardware options
    (``scmp.sc_matmul`` keywords) must match the model's (``ValueError`` naming the differing field)."""
    metric = _host(metric, "metric", 1)
    o = options_for((1, 1), **deployed_options)
    return _scmp.calibrate(metric, [_int(v) for v in macs_per_row], model, float(target_avg_stoc_len), o)


def thresholds_for(metric, row_level, n_levels: int) -> List[float]:
    """Thresholds on the normalised metric reproducing a level choice that is monotone in the metric."""
    return list(_scmp.thresholds_for(_host(metric, "metric", 1), [_int(v) for v in row_level], _int(n_levels)))
