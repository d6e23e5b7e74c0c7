# Design points from the flat index: seeds averaged, groups of the non-length axes, Pareto fronts, log-log slopes.
"""Pure numpy helpers shared by the plots and the report (no HDF5, no matplotlib).

Vocabulary:
  * an *axis* is a sweep axis field of /index, named by its dotted path ("hardware.stoc_len");
    its *short name* is the last component ("stoc_len");
  * *seed axes* (short name containing "seed") are replicates: a *design point* is one combination of the
    other axes, and its metrics/costs are the mean over its "ok" runs (failed runs never count);
  * the *length axis* is the axis whose short name is stoc_len (or L); a *group* is one combination of the axes
    that are neither the length axis nor seed axes — one line in an error-vs-length plot.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

LENGTH_NAMES = ("stoc_len", "L", "length")


# Last path components too generic to name an axis alone ("hardware.scramble.impl" → "scramble.impl").
GENERIC_LEAVES = ("impl", "type", "name", "kind", "value", "mode")


def short(axis: str) -> str:
    parts = axis.split(".")
    if len(parts) > 1 and parts[-1] in GENERIC_LEAVES:
        return ".".join(parts[-2:])
    return parts[-1]


def _compact(v: float, nan_text: str, integral_below: float, digits: int) -> str:
    """v without ".0" when integral and |v| < integral_below, else in `digits` significant digits; NaN as nan_text."""
    if math.isnan(v):
        return nan_text
    if v.is_integer() and abs(v) < integral_below:
        return str(int(v))
    return f"{v:.{digits}g}"


def format_value(value) -> str:
    """Axis values for labels and tables: integral floats without ".0", others in short general form."""
    if isinstance(value, str):
        return value
    return _compact(float(value), "nan", 1e15, 4)


def format_number(value, digits: int = 4) -> str:
    """Metrics and costs for tables: NaN shown as "—" (not computed)."""
    if value is None:
        return "—"
    return _compact(float(value), "—", 1e9, digits)


def seed_axes(axes: Sequence[str]) -> List[str]:
    return [a for a in axes if "seed" in short(a).lower()]


def length_axis(axes: Sequence[str]) -> Optional[str]:
    for name in LENGTH_NAMES:
        for a in axes:
            if a.split(".")[-1] == name:
                return a
    return None


def find_axis(axes: Sequence[str], name: str) -> Optional[str]:
    """The axis whose last path component is ``name``, else one with ``name`` as any component, else None."""
    for a in axes:
        if a.split(".")[-1] == name:
            return a
    for a in axes:
        if name in a.split("."):
            return a
    return None


def _py(value):
    return value if isinstance(value, str) else float(value)


@dataclasses.dataclass
class DesignPoint:
    """One combination of the non-seed axes; ``values`` are means over its ``n`` ok runs and ``samples`` keeps
    each run's values under its seed-axis values, so two design points can be compared on the same seeds."""

    key: Tuple[Tuple[str, object], ...]
    run_ids: List[str]
    values: Dict[str, float]
    samples: Dict[Tuple, Dict[str, float]] = dataclasses.field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.run_ids)

    def axis(self, name: str):
        return dict(self.key)[name]

    def label(self, skip: Sequence[str] = ()) -> str:
        parts = [f"{short(a)}={format_value(v)}" for a, v in self.key if a not in skip]
        return ", ".join(parts) if parts else "all runs"

    def mean_over(self, field: str, seeds: Sequence[Tuple]) -> float:
        """Mean of ``field`` over the runs with these seed values (NaNs skipped)."""
        col = np.array([self.samples[s][field] for s in seeds if s in self.samples], dtype=float)
        col = col[~np.isnan(col)]
        return float(col.mean()) if col.size else float("nan")


def _mean(col) -> float:
    col = np.asarray(col, dtype=float)
    finite = col[~np.isnan(col)]
    return float(finite.mean()) if finite.size else float("nan")


def design_points(index: np.ndarray, axes: Sequence[str], fields: Sequence[str]) -> List[DesignPoint]:
    """Average ``fields`` over the seed axes, over the "ok" rows of ``index``; order of first appearance."""
    seeds = seed_axes(axes)
    free = [a for a in axes if a not in seeds]
    order: List[Tuple] = []
    rows: Dict[Tuple, List[int]] = {}
    for i, row in enumerate(index):
        if row["status"] != "ok":
            continue
        key = tuple((a, _py(row[a])) for a in free)
        if key not in rows:
            rows[key] = []
            order.append(key)
        rows[key].append(i)
    points = []
    for key in order:
        sel = index[rows[key]]
        values = {f: _mean(sel[f]) for f in fields}
        samples = {}
        for row in sel:
            samples[tuple(_py(row[a]) for a in seeds)] = {f: float(row[f]) for f in fields}
        points.append(DesignPoint(key=key, run_ids=[str(r) for r in sel["run_id"]], values=values, samples=samples))
    return points


def _sort_key(value):
    return (0, float(value), "") if not isinstance(value, str) else (1, 0.0, value)


def groups_along(points: Sequence[DesignPoint], x_axis: str) -> Dict[str, List[DesignPoint]]:
    """Split design points into groups of the axes other than ``x_axis``; each group sorted by its x value."""
    groups: Dict[str, List[DesignPoint]] = {}
    for p in points:
        groups.setdefault(p.label(skip=(x_axis,)), []).append(p)
    for members in groups.values():
        members.sort(key=lambda p: _sort_key(p.axis(x_axis)))
    return groups


def pareto_front(cost: Sequence[float], error: Sequence[float]) -> List[int]:
    """Indices of the points no other point beats on both (lower cost, lower error), sorted by cost.

    A point is dominated when another is ≤ on both and < on one; NaNs never enter the front."""
    c = np.asarray(cost, dtype=float)
    e = np.asarray(error, dtype=float)
    candidates = [i for i in range(c.size) if not (math.isnan(c[i]) or math.isnan(e[i]))]
    front = []
    for i in candidates:
        dominated = any((c[j] <= c[i] and e[j] <= e[i]) and (c[j] < c[i] or e[j] < e[i]) for j in candidates)
        if not dominated:
            front.append(i)
    front.sort(key=lambda i: (c[i], e[i]))
    return front


def loglog_slope(x: Sequence[float], y: Sequence[float]) -> Optional[Tuple[float, float]]:
    """Least-squares fit log y = slope·log x + log c over positive finite points: (slope, c), or None (<2 x values)."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    keep = np.isfinite(xs) & np.isfinite(ys) & (xs > 0) & (ys > 0)
    xs, ys = xs[keep], ys[keep]
    if np.unique(xs).size < 2:
        return None
    slope, intercept = np.polyfit(np.log(xs), np.log(ys), 1)
    return float(slope), float(math.exp(intercept))


def relative_change(points: Sequence[DesignPoint], axis: str, changed, base, metric: str,
                    x_axis: Optional[str]) -> List[Tuple[str, object, float, float, float]]:
    """(changed − base)/base of ``metric`` between design points that differ only in ``axis``.

    Both sides are averaged over the same seeds only (the seeds where both have an ok run), so a failed run on
    one side never biases the comparison. Returns rows (label of the other axes without x_axis, x value or
    None, base value, changed value, ratio, number of paired seeds), sorted by label then descending x (long
    streams first, as docs/REFERENCE-NOTES.md's tables)."""
    by_key = {p.key: p for p in points}
    out = []
    for p in points:
        if not _same_value(p.axis(axis), base):
            continue
        partner_key = tuple((a, changed if a == axis else v) for a, v in p.key)
        partner = next((q for k, q in by_key.items() if _keys_match(k, partner_key)), None)
        if partner is None:
            continue
        common = [s for s in p.samples if s in partner.samples]
        if not common:
            continue
        b, c = p.mean_over(metric, common), partner.mean_over(metric, common)
        ratio = (c - b) / b if b != 0.0 and not math.isnan(b) else float("nan")
        x = p.axis(x_axis) if x_axis else None
        out.append((p.label(skip=(axis,) + ((x_axis,) if x_axis else ())), x, b, c, ratio, len(common)))
    out.sort(key=lambda r: (r[0], -float(r[1]) if r[1] is not None and not isinstance(r[1], str) else 0.0))
    return out


def _same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a).lower() == str(b).lower()
    return float(a) == float(b)


def _keys_match(k1, k2) -> bool:
    return len(k1) == len(k2) and all(a1 == a2 and _same_value(v1, v2) for (a1, v1), (a2, v2) in zip(k1, k2))


def axis_values(points: Sequence[DesignPoint], axis: str) -> List[object]:
    seen: List[object] = []
    for p in points:
        v = p.axis(axis)
        if not any(_same_value(v, s) for s in seen):
            seen.append(v)
    return sorted(seen, key=_sort_key)


def has_value(points: Sequence[DesignPoint], axis: str, value) -> bool:
    return any(_same_value(v, value) for v in axis_values(points, axis))
