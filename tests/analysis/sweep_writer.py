# Test helper: writes synthetic files in exactly the scmp-sweep-v1 layout (docs/RESULTS.md) with h5py.
"""``write_sweep`` writes what the C++ ``experiments`` layer writes: root provenance attributes, the compound
/index table (run_id S256, config_hash S16, status S16, one field per axis, metrics, cost, wall_s; chunked and
unlimited) with its ``axes``/``metrics``/``cost``/``unit.*`` attributes, and /runs/<run_id>/ops/<op>/ groups.
``ablation_runs`` makes a small synthetic stoc_len × scramble × halve × seed sweep whose numbers follow closed
forms, so the tests know every value the report must print."""

from __future__ import annotations

import hashlib
from typing import Dict, Optional, Sequence, Tuple

import h5py
import numpy as np

METRICS = ("mse", "rmse", "max_abs", "rel_fro", "cosine", "bias")
COST = ("cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2")
UNITS = {"energy_pj": "pJ", "area_um2": "um^2", "cycles": "cycles", "wall_s": "s",
         "hardware.stoc_len": "cycles", "avg_stoc_len_row": "cycles", "avg_stoc_len_mac": "cycles"}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_id(axes: Sequence[str], values: Dict[str, object]) -> str:
    def fmt(v):
        if isinstance(v, str):
            return v.replace("/", "_")
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    short = {"stoc_len": "L"}
    return ",".join(f"{short.get(a.rsplit('.', 1)[-1], a.rsplit('.', 1)[-1])}={fmt(values[a])}" for a in axes)


def write_sweep(path: str, axes: Sequence[Tuple[str, str]], runs: Sequence[dict], *,
                root_attrs: Optional[dict] = None, units: Optional[dict] = None) -> None:
    """axes: [(dotted name, "num" | "str")]; runs: dicts with "axes" {name: value}, "status", "metrics",
    "cost" (missing → NaN), "wall_s", optional "error", optional "ops" {op: {"attrs": {...}, "datasets": {...}}}."""
    dtype = [("run_id", "S256"), ("config_hash", "S16"), ("status", "S16")]
    dtype += [(name, "S64" if kind == "str" else "f8") for name, kind in axes]
    dtype += [(m, "f8") for m in METRICS] + [(c, "f8") for c in COST] + [("wall_s", "f8")]
    names = [a for a, _ in axes]
    with h5py.File(path, "w") as f:
        attrs = {"schema": "scmp-sweep-v1", "tool_version": "0.1.0", "git_commit": "abc1234", "host": "testhost",
                 "created_utc": "2025-11-26T15:00:00Z", "experiment": "synthetic_ablation",
                 "config_yaml": "version: 1\nexperiment: {name: synthetic_ablation}\n",
                 "resolved_yaml": "version: 1\nexperiment:\n  name: synthetic_ablation\n  seed: 7\n"}
        attrs.update(root_attrs or {})
        for key, value in attrs.items():
            if key == "seed":
                continue
            f.attrs[key] = value  # str → variable-length UTF-8, as the C++ writer does
        f.attrs["seed"] = np.int64(attrs.get("seed", 7))
        index = f.create_dataset("index", shape=(0,), maxshape=(None,), chunks=(64,), dtype=np.dtype(dtype))
        index.attrs["axes"] = "\n".join(names)
        index.attrs["metrics"] = "\n".join(METRICS)
        index.attrs["cost"] = "\n".join(COST)
        for field, unit in (UNITS if units is None else units).items():
            index.attrs[f"unit.{field}"] = unit
        runs_group = f.create_group("runs")
        for r in runs:
            rid = r.get("run_id") or run_id(names, r["axes"])
            config = "\n".join(f"{a}: {r['axes'][a]}" for a in names)
            row = np.zeros(1, dtype=dtype)
            row["run_id"] = rid.encode()
            row["config_hash"] = _hash(config).encode()
            row["status"] = r.get("status", "ok").encode()
            for a, kind in axes:
                v = r["axes"][a]
                row[a] = v.encode() if kind == "str" else float(v)
            for m in METRICS:
                row[m] = r.get("metrics", {}).get(m, np.nan)
            for c in COST:
                row[c] = r.get("cost", {}).get(c, np.nan)
            row["wall_s"] = r.get("wall_s", 0.01)
            index.resize((index.shape[0] + 1,))  # appended one row per finished run
            index[-1] = row[0]
            g = runs_group.create_group(rid)
            g.attrs["config_yaml"] = config
            g.attrs["config_hash"] = _hash(config)
            g.attrs["status"] = r.get("status", "ok")
            g.attrs["wall_s"] = float(r.get("wall_s", 0.01))
            if "error" in r:
                g.attrs["error"] = r["error"]
            for op, content in r.get("ops", {}).items():
                og = g.create_group(f"ops/{op}")
                for key, value in content.get("attrs", {}).items():
                    og.attrs[key] = np.int64(value) if key == "macs" else float(value)
                for key, value in content.get("datasets", {}).items():
                    og.create_dataset(key, data=value)


def ablation_model(L: float, scramble: str, halve: float) -> float:
    """Closed-form MSE of the synthetic ablation: (0.6/L)² for bitrev, ×(1 + 64/L) for off, ×0.9 for halve."""
    mse = (0.6 / L) ** 2
    if scramble == "off":
        mse *= 1.0 + 64.0 / L
    if halve:
        mse *= 0.9
    return mse


def ablation_runs(lengths=(256, 128, 64, 32), scrambles=("bitrev", "off"), halves=(0, 1), seeds=(0, 1),
                  failed: Sequence[str] = (), ops_per_run: int = 2, rows: int = 12, with_cost: bool = True,
                  mp_levels: Optional[Sequence[int]] = None, rng_seed: int = 1234):
    """Runs of a stoc_len × scramble × halve × seed sweep. Seed s multiplies the MSE by (1 ± 0.1) so the mean
    over two seeds is the closed form. ``failed`` lists run ids that failed (no metrics, no ops)."""
    axes = [("hardware.stoc_len", "num"), ("hardware.scramble", "str"), ("hardware.halve", "num"),
            ("experiment.seed", "num")]
    names = [a for a, _ in axes]
    gen = np.random.default_rng(rng_seed)
    runs = []
    for L in lengths:
        for sc in scrambles:
            for h in halves:
                for s in seeds:
                    values = {"hardware.stoc_len": float(L), "hardware.scramble": sc, "hardware.halve": float(h),
                              "experiment.seed": float(s)}
                    rid = run_id(names, values)
                    if rid in failed:
                        runs.append({"axes": values, "status": "failed", "error": "synthetic failure: out of memory",
                                     "metrics": {}, "cost": {}})
                        continue
                    factor = 1.0 + (0.1 if s % 2 else -0.1) if len(seeds) > 1 else 1.0
                    mse = ablation_model(L, sc, h) * factor
                    metrics = {"mse": mse, "rmse": np.sqrt(mse), "max_abs": 4 * np.sqrt(mse), "rel_fro": np.sqrt(mse),
                               "cosine": 1 - mse, "bias": 0.0}
                    cost = {}
                    if with_cost:
                        cost = {"cycles": L * 1000.0, "avg_stoc_len_row": float(L), "avg_stoc_len_mac": float(L),
                                "energy_pj": 0.01 * L * 4096, "area_um2": np.nan}
                    ops = {}
                    for k in range(ops_per_run):
                        if mp_levels:
                            levels = np.array(mp_levels, dtype=np.int32)[np.arange(rows) % len(mp_levels)]
                        else:
                            levels = np.full(rows, L, dtype=np.int32)
                        err = gen.normal(0.0, np.sqrt(mse), 2000)
                        counts, edges = np.histogram(err, bins=np.linspace(-0.2, 0.2, 41))
                        ops[f"op{k}"] = {"attrs": {"mse": mse, "rmse": np.sqrt(mse), "max_abs": 4 * np.sqrt(mse),
                                                   "rel_fro": np.sqrt(mse), "cosine": 1 - mse, "bias": 0.0,
                                                   "macs": rows * 64 * (k + 1), "avg_stoc_len_row": float(L),
                                                   "avg_stoc_len_mac": float(L)},
                                         "datasets": {"row_stoc_len": levels,
                                                      "error_hist_counts": counts.astype(np.int64),
                                                      "error_hist_edges": edges.astype(np.float64)}}
                    runs.append({"axes": values, "status": "ok", "metrics": metrics, "cost": cost,
                                 "wall_s": 0.05, "ops": ops})
    return axes, runs
