# Error vs stream length on log-log axes, one line per group of the other axes, with 1/L and 1/√L guides.
"""SC error falls like 1/L for low-discrepancy streams (Sobol, enable signal) and like 1/√L for iid ones
(docs/REFERENCE-NOTES.md); the guides make the slope readable at a glance. MSE is the square of RMSE, so its guides are
1/L² and 1/L."""

from __future__ import annotations

from typing import List, Optional, Sequence

import numpy as np

from . import aggregate
from .plot_style import axis_label, close, new_figure, plain_ticks, save

# metric → (exponent of the 1/L guide, exponent of the 1/√L guide, how the guide is named)
GUIDES = {
    "rmse": ((1.0, "∝ 1/L"), (0.5, "∝ 1/√L")),
    "mse": ((2.0, "∝ 1/L² (RMSE ∝ 1/L)"), (1.0, "∝ 1/L (RMSE ∝ 1/√L)")),
}


def plot(points: Sequence[aggregate.DesignPoint], length_axis: str, metric: str, directory: str,
         length_unit: str = "") -> Optional[str]:
    """Write error_vs_length_<metric>.png; None when there is nothing positive to draw."""
    groups = aggregate.groups_along(points, length_axis)
    fig, (ax,) = new_figure()
    drawn = 0
    all_x: List[float] = []
    all_y: List[float] = []
    for label, members in groups.items():
        x = np.array([float(p.axis(length_axis)) for p in members])
        y = np.array([p.values[metric] for p in members])
        keep = np.isfinite(y) & (y > 0) & (x > 0)
        if not keep.any():
            continue
        fit = aggregate.loglog_slope(x[keep], y[keep])
        suffix = f" (slope {fit[0]:.2f})" if fit else ""
        ax.plot(x[keep], y[keep], marker="o", linewidth=1.5, markersize=4, label=label + suffix)
        all_x.extend(x[keep])
        all_y.extend(y[keep])
        drawn += 1
    if not drawn:
        close(fig)
        return None
    x_lo, x_hi = min(all_x), max(all_x)
    if x_hi > x_lo:
        # Anchor both guides at the geometric mean of the errors at the shortest length.
        y0 = float(np.exp(np.mean(np.log([y for x, y in zip(all_x, all_y) if x == x_lo]))))
        xs = np.geomspace(x_lo, x_hi, 50)
        for (power, name), style in zip(GUIDES.get(metric, GUIDES["rmse"]), ("--", ":")):
            ax.plot(xs, y0 * (xs / x_lo) ** (-power), style, color="0.45", linewidth=1.0, label=name)
    ax.set_xscale("log", base=2)
    plain_ticks(ax)
    ax.set_yscale("log")
    ax.set_xlabel(axis_label(f"stream length {aggregate.short(length_axis)}", length_unit))
    ax.set_ylabel(metric.upper() + " vs exact product")
    n_seeds = max(p.n for p in points) if points else 0
    ax.set_title(f"{metric.upper()} vs stream length" + (f" (mean of {n_seeds} seeds)" if n_seeds > 1 else ""))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7 if drawn <= 8 else 5, ncol=1 if drawn <= 8 else 2)
    return save(fig, directory, f"error_vs_length_{metric}")
