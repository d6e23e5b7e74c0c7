# The array-level design-space plots: accuracy vs energy vs latency with Pareto fronts, and the stacked
# per-component energy breakdown.
"""Accuracy is the operator-normalised relative error: each operator's rel_fro divided by that operator's
median over all runs of the sweep, then the geometric mean over operators — so an operator with large outputs
(e.g. an MLP down projection) cannot dominate the way it dominates a MAC-weighted MSE. Points are means over
seeds with ± one standard deviation as error bars; colour and marker encode the two sweep axes with the most
values; axes are in engineering notation with their units."""

from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import aggregate
from .plot_style import new_figure, save

MARKERS = "osD^v<>Pp*hX"
COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:gray",
           "tab:olive", "tab:cyan"]


def normalised_error(per_run: Dict[str, Dict[str, float]]) -> Dict[str, float]:
    """{run_id: {op: rel_fro}} → {run_id: geometric mean over ops of rel_fro / median_op(rel_fro)}."""
    ops = sorted({op for v in per_run.values() for op in v})
    medians = {}
    for op in ops:
        col = np.array([v[op] for v in per_run.values() if op in v and np.isfinite(v[op]) and v[op] > 0])
        medians[op] = float(np.median(col)) if col.size else float("nan")
    out = {}
    for rid, v in per_run.items():
        ratios = [v[op] / medians[op] for op in ops if op in v and v[op] > 0 and medians[op] > 0]
        out[rid] = float(np.exp(np.mean(np.log(ratios)))) if ratios else float("nan")
    return out


def factors(points: Sequence[aggregate.DesignPoint]) -> List[str]:
    """Sweep axes ordered by how many distinct values they take (most first); constant axes dropped."""
    counts = {}
    for p in points:
        for a, v in p.key:
            counts.setdefault(a, set()).add(str(v))
    return [a for a, s in sorted(counts.items(), key=lambda kv: -len(kv[1])) if len(s) > 1]


def _values(points, axis) -> List[str]:
    """The axis's values as shown (32 not 32.0), in numeric order where they are numbers."""
    vals = {aggregate.format_value(p.axis(axis)): p.axis(axis) for p in points}
    return [k for k, _ in sorted(vals.items(), key=lambda kv: aggregate._sort_key(kv[1]))]


def _style(points, factor_list):
    colour_axis = factor_list[0] if factor_list else None
    marker_axis = factor_list[1] if len(factor_list) > 1 else None
    cvals = _values(points, colour_axis) if colour_axis else []
    mvals = _values(points, marker_axis) if marker_axis else []
    return colour_axis, marker_axis, cvals, mvals


def _stats(point: aggregate.DesignPoint, values: Dict[str, float]) -> Tuple[float, float]:
    col = np.array([values.get(r, np.nan) for r in point.run_ids], dtype=float)
    col = col[np.isfinite(col)]
    if not col.size:
        return float("nan"), float("nan")
    return float(col.mean()), float(col.std(ddof=1)) if col.size > 1 else 0.0


def tradeoff(points: Sequence[aggregate.DesignPoint], error: Dict[str, float], cost: Dict[str, float],
             cost_label: str, cost_unit: str, directory: str, name: str) -> Optional[str]:
    """Accuracy vs one cost, mean ± std over seeds, Pareto front on the means."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import EngFormatter
    e = np.array([_stats(p, error) for p in points])
    c = np.array([_stats(p, cost) for p in points])
    keep = np.isfinite(e[:, 0]) & np.isfinite(c[:, 0]) & (e[:, 0] > 0) & (c[:, 0] > 0)
    if keep.sum() < 2:
        return None
    fl = factors(points)
    colour_axis, marker_axis, cvals, mvals = _style(points, fl)
    fig, (ax,) = new_figure()
    for i, p in enumerate(points):
        if not keep[i]:
            continue
        col = COLOURS[cvals.index(aggregate.format_value(p.axis(colour_axis))) % len(COLOURS)] if colour_axis else COLOURS[0]
        mk = MARKERS[mvals.index(aggregate.format_value(p.axis(marker_axis))) % len(MARKERS)] if marker_axis else "o"
        ax.errorbar(c[i, 0], e[i, 0], xerr=c[i, 1] or None, yerr=e[i, 1] or None, fmt=mk, color=col, ms=5,
                    alpha=0.8, elinewidth=0.8, capsize=2)
    idx = np.flatnonzero(keep)
    front = [idx[j] for j in aggregate.pareto_front(c[keep, 0], e[keep, 0])]
    ax.step(c[front, 0], e[front, 0], where="post", color="black", linewidth=1.0, label="Pareto front")
    ax.set_xscale("log")
    ax.set_yscale("log")
    from matplotlib.ticker import FuncFormatter, NullFormatter
    ax.xaxis.set_major_formatter(EngFormatter(unit=cost_unit, places=1))
    ax.xaxis.set_minor_formatter(NullFormatter())
    if c[keep, 0].max() / c[keep, 0].min() < 10:  # less than a decade: label the minor ticks too
        minor = EngFormatter(unit=cost_unit, places=1)
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, pos: minor(v) if f"{v:.0e}"[0] in "235" else ""))
        ax.tick_params(axis="x", which="minor", labelsize=7, labelrotation=30)
    from matplotlib.ticker import FuncFormatter
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _pos: f"{v:g}" if f"{v:.0e}"[0] in "25" else ""))
    ax.tick_params(axis="y", which="minor", labelsize=7)
    ax.set_xlabel(cost_label)
    ax.set_ylabel("normalised relative error (geo-mean over operators)")
    ax.set_title(f"Accuracy vs {cost_label}")
    ax.grid(True, which="both", alpha=0.3)
    handles = [Line2D([], [], color="black", label="Pareto front")]
    handles += [Line2D([], [], color=COLOURS[k % len(COLOURS)], marker="o", ls="", label=f"{aggregate.short(colour_axis)}={v}")
                for k, v in enumerate(cvals)]
    handles += [Line2D([], [], color="gray", marker=MARKERS[k % len(MARKERS)], ls="", label=f"{aggregate.short(marker_axis)}={v}")
                for k, v in enumerate(mvals)]
    ax.legend(handles=handles, fontsize=7, ncol=2 if len(handles) > 8 else 1)
    return save(fig, directory, name)


def energy_breakdown(labels: Sequence[str], components: Sequence[str], energies: np.ndarray, directory: str,
                     name: str = "energy_breakdown") -> Optional[str]:
    """Stacked bars: energy per component (columns of ``energies``) per design point (rows)."""
    from matplotlib.ticker import EngFormatter
    if energies.size == 0 or not np.isfinite(energies).any():
        return None
    used = [k for k in range(len(components)) if np.nansum(energies[:, k]) > 0]
    fig, (ax,) = new_figure(width=max(7.0, 0.3 * len(labels) + 4))
    fig.set_figheight(6.0)
    bottom = np.zeros(len(labels))
    for n, k in enumerate(used):
        ax.bar(range(len(labels)), energies[:, k], bottom=bottom, color=COLOURS[n % len(COLOURS)], label=components[k])
        bottom += np.nan_to_num(energies[:, k])
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=6)
    ax.yaxis.set_major_formatter(EngFormatter(unit="J"))
    ax.set_ylabel("energy per run (all operators)")
    ax.set_title("Energy by component")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return save(fig, directory, name)


def eng(value: float, unit: str = "") -> str:
    """Engineering notation for tables: 1.23 µs, 45.6 nJ."""
    if value is None or not math.isfinite(value):
        return "—"
    from matplotlib.ticker import EngFormatter
    return EngFormatter(unit=unit, places=3)(value)
