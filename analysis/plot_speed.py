# Simulator speed: MACs simulated per second of wall time, per design point, against stream length.
"""Speed = Σ operator ``macs`` of a run / the run's ``wall_s``; one (n, m, d) triple is one MAC whatever the
stream length, so a cycle-level model slows in proportion to L while a table or binary-GEMM path need not."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

import numpy as np

from . import aggregate
from .plot_style import new_figure, plain_ticks, save

# (design point, MACs of its first run, wall seconds of that run)
Speed = Tuple[aggregate.DesignPoint, float, float]


def plot(speeds: Sequence[Speed], length_axis: Optional[str], directory: str) -> Optional[str]:
    """Write speed.png (MAC/s vs stream length, one line per group); None without a length axis or data."""
    if not length_axis:
        return None
    good = [(p, m / w) for p, m, w in speeds if np.isfinite(m) and np.isfinite(w) and m > 0 and w > 0]
    if len({float(p.axis(length_axis)) for p, _ in good}) < 2:
        return None
    groups = aggregate.groups_along([p for p, _ in good], length_axis)
    rate = {id(p): r for p, r in good}
    fig, (ax,) = new_figure()
    for label, members in groups.items():
        ax.plot([float(p.axis(length_axis)) for p in members], [rate[id(p)] for p in members], marker="o",
                markersize=4, label=label)
    ax.set_xscale("log", base=2)
    plain_ticks(ax)
    ax.set_yscale("log")
    ax.set_xlabel(f"stream length {aggregate.short(length_axis)}")
    ax.set_ylabel("simulated MACs per second")
    ax.set_title("Simulator speed (first seed of each design point)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7 if len(groups) <= 8 else 5)
    return save(fig, directory, "speed")
