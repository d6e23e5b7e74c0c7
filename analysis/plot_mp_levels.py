# Mixed-precision level distribution: the share of rows, and of MACs, run at each stream length.
"""From /runs/*/ops/*/row_stoc_len (the per-row stream length the MP policy assigned). Budgets must be read
by MACs, not rows (docs/REFERENCE-NOTES.md: attention has most rows but few MACs), so both shares are drawn."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import numpy as np

from .plot_style import new_figure, save

# One operator of one run: (row_stoc_len flattened, macs of the operator).
OpLevels = Tuple[np.ndarray, float]


def level_shares(ops: Dict[str, OpLevels]) -> Dict[int, Tuple[float, float]]:
    """{level: (share of rows, share of MACs)} over all operators of a run; each row weighs macs/rows."""
    rows: Dict[int, float] = {}
    macs: Dict[int, float] = {}
    total_rows = 0.0
    total_macs = 0.0
    for levels, op_macs in ops.values():
        levels = np.asarray(levels).reshape(-1)
        if levels.size == 0:
            continue
        per_row = float(op_macs) / levels.size if np.isfinite(op_macs) and op_macs > 0 else 1.0
        values, counts = np.unique(levels, return_counts=True)
        for v, n in zip(values.tolist(), counts.tolist()):
            rows[int(v)] = rows.get(int(v), 0.0) + n
            macs[int(v)] = macs.get(int(v), 0.0) + n * per_row
        total_rows += levels.size
        total_macs += levels.size * per_row
    return {lvl: (rows[lvl] / total_rows, macs[lvl] / total_macs) for lvl in sorted(rows, reverse=True)}


def _stacked(ax, labels: Sequence[str], shares: Sequence[Dict[int, float]], levels: Sequence[int], title: str):
    cmap = __import__("matplotlib").colormaps["viridis"]
    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    for k, lvl in enumerate(levels):
        width = np.array([s.get(lvl, 0.0) for s in shares])
        ax.barh(y, width, left=left, color=cmap(k / max(1, len(levels) - 1)), label=f"L={lvl}")
        left += width
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=6 if len(labels) > 12 else 8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share")
    ax.set_title(title)


def plot(runs: Sequence[Tuple[str, Dict[str, OpLevels]]], directory: str, max_runs: int = 40) -> List[str]:
    """Write mp_levels.png (per run) and mp_levels_ops.png (per operator of the first mixed run)."""
    runs = [(label, ops) for label, ops in runs if ops]
    if not runs:
        return []
    mixed = [r for r in runs if len(level_shares(r[1])) > 1]
    shown = (mixed or runs)[:max_runs]
    shares = [level_shares(ops) for _, ops in shown]
    levels = sorted({lvl for s in shares for lvl in s}, reverse=True)
    fig, axes = new_figure(ncols=2, width=6.0)
    _stacked(axes[0], [l for l, _ in shown], [{k: v[0] for k, v in s.items()} for s in shares], levels,
             "rows per stream length")
    _stacked(axes[1], [""] * len(shown), [{k: v[1] for k, v in s.items()} for s in shares], levels,
             "MACs per stream length")
    axes[1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), title="stream length")
    fig.set_figheight(max(3.0, 0.3 * len(shown) + 1.5))
    paths = [save(fig, directory, "mp_levels")]
    if mixed:
        label, ops = mixed[0]
        names = sorted(ops)
        op_shares = [level_shares({n: ops[n]}) for n in names]
        fig, axes = new_figure(ncols=2, width=6.0)
        _stacked(axes[0], names, [{k: v[0] for k, v in s.items()} for s in op_shares], levels,
                 f"rows per level, by operator\n{label}")
        mac_share = np.array([ops[n][1] for n in names], dtype=float)
        total = mac_share.sum()
        axes[1].barh(np.arange(len(names)), mac_share / total if total > 0 else mac_share, color="tab:gray")
        axes[1].set_yticks(np.arange(len(names)))
        axes[1].set_yticklabels([""] * len(names))
        axes[1].invert_yaxis()
        axes[1].set_xlabel("share of the run's MACs")
        axes[1].set_title("operator MAC share")
        axes[0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.25), ncol=len(levels))
        fig.set_figheight(max(3.0, 0.3 * len(names) + 1.5))
        paths.append(save(fig, directory, "mp_levels_ops"))
    return paths
