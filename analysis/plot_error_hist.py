# Error histograms (y − y_exact) from the per-operator error_hist_counts / error_hist_edges datasets.
"""Operators of one run are merged when they share bin edges (the usual case); otherwise each operator is drawn
on its own. Densities are drawn so runs with different operator sizes compare."""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

import numpy as np

from .plot_style import close, new_figure, save

Hist = Tuple[np.ndarray, np.ndarray]  # (counts[bins], edges[bins+1])


def merge(hists: Dict[str, Hist]) -> Dict[str, Hist]:
    """One histogram for the run when every operator has the same edges, else the operators unchanged."""
    items = [(k, (np.asarray(c), np.asarray(e))) for k, (c, e) in hists.items() if np.asarray(c).size]
    if not items:
        return {}
    edges0 = items[0][1][1]
    if all(e.shape == edges0.shape and np.array_equal(e, edges0) for _, (_, e) in items):
        return {"all ops": (sum(c for _, (c, _) in items), edges0)}
    return dict(items)


def plot(runs: Sequence[Tuple[str, Dict[str, Hist]]], directory: str, max_lines: int = 8) -> Optional[str]:
    """Write error_hist.png for up to ``max_lines`` runs spread evenly over ``runs``."""
    runs = [(label, merge(h)) for label, h in runs]
    runs = [(label, h) for label, h in runs if h]
    if not runs:
        return None
    if len(runs) > max_lines:
        picks = np.unique(np.linspace(0, len(runs) - 1, max_lines).round().astype(int))
        runs = [runs[i] for i in picks]
    fig, (ax,) = new_figure()
    lines = 0
    for label, hists in runs:
        for op, (counts, edges) in hists.items():
            if lines >= max_lines:
                break
            total = counts.sum()
            widths = np.diff(edges)
            if total <= 0 or (widths <= 0).any():
                continue
            density = counts / (total * widths)
            name = label if op == "all ops" else f"{label} [{op}]"
            ax.stairs(density, edges, label=name, linewidth=1.2)
            lines += 1
    if not lines:
        close(fig)
        return None
    ax.set_yscale("log")
    ax.set_xlabel("error y − y_exact")
    ax.set_ylabel("density")
    ax.set_title("Error distribution")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=6)
    return save(fig, directory, "error_hist")
