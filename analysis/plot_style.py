# Shared matplotlib setup for the report's plots: headless backend, one figure size, one way to save.
"""Every plot module imports pyplot from here so the Agg backend is chosen before pyplot loads."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")  # headless: CI and compute nodes have no display
import matplotlib.pyplot as plt  # noqa: E402

FIGSIZE = (7.0, 4.8)
DPI = 120


def new_figure(ncols: int = 1, width: float = FIGSIZE[0]):
    fig, axes = plt.subplots(1, ncols, figsize=(width * (1 if ncols == 1 else 0.75 * ncols), FIGSIZE[1]),
                             squeeze=False)
    return fig, list(axes[0])


def save(fig, directory: str, name: str) -> str:
    """Write ``fig`` as DIR/NAME.png (deterministic metadata) and close it; return the path."""
    path = os.path.join(directory, f"{name}.png")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return path


def close(fig) -> None:
    """Drop a figure that turned out to have nothing to draw."""
    plt.close(fig)


def axis_label(field: str, unit: str) -> str:
    return f"{field} [{unit}]" if unit else field


def plain_ticks(ax) -> None:
    """Stream lengths read as 32, 64, 128 rather than 2^5, 2^6, 2^7 on a base-2 log axis."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter
    formatter = ScalarFormatter()
    formatter.set_scientific(False)
    ax.xaxis.set_major_formatter(formatter)
    ax.xaxis.set_minor_formatter(NullFormatter())
