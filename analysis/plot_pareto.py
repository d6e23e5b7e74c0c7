# Accuracy vs cost (average cycles, energy) with the Pareto-optimal design points marked.
"""A design point is Pareto-optimal when no other point has both lower cost and lower error; the front is the
staircase architects read off to pick a stream-length assignment for a budget."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from . import aggregate
from .plot_style import axis_label, new_figure, plain_ticks, save


def plot(points: Sequence[aggregate.DesignPoint], cost: str, metric: str, directory: str, name: str,
         cost_unit: str = "", cost_title: str = "") -> Optional[str]:
    """Write <name>.png; None when the cost or the metric is NaN for every point."""
    c = np.array([p.values.get(cost, np.nan) for p in points], dtype=float)
    e = np.array([p.values.get(metric, np.nan) for p in points], dtype=float)
    keep = np.isfinite(c) & np.isfinite(e)
    if not keep.any():
        return None
    front = aggregate.pareto_front(c, e)
    fig, (ax,) = new_figure()
    ax.scatter(c[keep], e[keep], s=22, color="tab:blue", alpha=0.6, label="design points")
    fc, fe = c[front], e[front]
    ax.step(fc, fe, where="post", color="tab:red", linewidth=1.2)
    ax.scatter(fc, fe, s=60, facecolors="none", edgecolors="tab:red", linewidths=1.5, label="Pareto-optimal")
    # One label per front position (exact ties share it); more than 12 labels overlap, and the report's table
    # lists every front point anyway.
    labels = {}
    for i in front:
        labels.setdefault((c[i], e[i]), []).append(points[i].label())
    for (x, y), names in list(labels.items())[:12]:
        text = names[0] + (f" (+{len(names) - 1} tied)" if len(names) > 1 else "")
        ax.annotate(text, (x, y), fontsize=6, xytext=(4, 4), textcoords="offset points")
    if (e[keep] > 0).all():
        ax.set_yscale("log")
    log_x = (c[keep] > 0).all() and c[keep].max() / c[keep].min() >= 8
    if log_x:
        ax.set_xscale("log", base=2)
        plain_ticks(ax)
    if cost_unit in ("pJ", "cycles", "s") and not (cost_unit == "cycles" and log_x and c[keep].max() < 1e4):
        # Engineering notation (12.3 nJ, 45.6 k) instead of raw integers that overlap.
        from matplotlib.ticker import EngFormatter
        scale, unit = (1e-12, "J") if cost_unit == "pJ" else (1.0, "s" if cost_unit == "s" else "")
        fmt = EngFormatter(unit=unit, places=1)
        ax.xaxis.set_major_formatter(lambda v, _pos: fmt(v * scale))
        ax.tick_params(axis="x", labelrotation=20)
    ax.margins(x=0.25 if len(front) > 1 else 0.4)
    ax.set_xlabel(cost_title or cost if cost_unit in ("pJ", "s") else axis_label(cost_title or cost, cost_unit))
    ax.set_ylabel(f"{metric.upper()} (lower is better)")
    ax.set_title(f"Accuracy vs {cost_title or cost}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return save(fig, directory, name)
