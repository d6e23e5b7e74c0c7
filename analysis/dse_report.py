# The report's array-level sections: what array and cost table produced the numbers (provenance), the
# accuracy / energy / latency trade-off with Pareto fronts, the energy breakdown and stream-correlation warnings.
"""Reads what `scmp sweep` stores for the array model (docs/RESULTS.md, "Array model"): /index columns
array_cycles, latency_s, array_energy_pj, scc_abs; per operator rel_fro and energy_breakdown_pj; root attributes
cost_table, cost_table_hash, cost_table_technology, energy_components; run attribute warnings."""

from __future__ import annotations

from typing import Dict, List

import numpy as np

from . import aggregate, plot_dse


def _yaml_section(text: str, section: str) -> str:
    """The `section:` block of a resolved YAML text, flattened to key=value (no YAML parser needed)."""
    out, inside = [], False
    for line in str(text).splitlines():
        if not line.startswith(" ") and line.rstrip().endswith(":"):
            inside = line.strip() == f"{section}:"
            continue
        if inside and line.startswith("  ") and ":" in line:
            k, v = line.strip().split(":", 1)
            out.append(f"{k}={v.strip()}")
        elif inside and not line.startswith(" "):
            inside = False
    return ", ".join(out)


def provenance_rows(sweep) -> List[List[str]]:
    a = sweep.attrs
    rows = []
    if a.get("cost_table"):
        rows.append(["cost table", f"{a.get('cost_table')} (hash {a.get('cost_table_hash', '—')})"])
        rows.append(["technology", str(a.get("cost_table_technology", "—"))])
    array = _yaml_section(a.get("resolved_yaml", ""), "array")
    if array:
        swept = [ax for ax in sweep.axes if ax.startswith("array.")]
        rows.append(["array", array + (f" (swept: {', '.join(swept)})" if swept else "")])
    return rows


def section(report) -> None:
    """Appends the array sections to ``report.lines`` and their plots to ``report.plots``."""
    from .markdown import md_table
    sweep, points = report.sweep, report.points
    if not points or "latency_s" not in sweep.cost:
        return
    per_run: Dict[str, Dict[str, float]] = {}
    breakdown: Dict[str, np.ndarray] = {}
    warnings: Dict[str, str] = {}
    for p in points:
        for rid in p.run_ids:
            ops = sweep.run(rid, datasets=["energy_breakdown_pj"])
            per_run[rid] = {name: float(op.attrs.get("rel_fro", np.nan)) for name, op in ops.items()}
            parts = [op.datasets["energy_breakdown_pj"] for op in ops.values() if "energy_breakdown_pj" in op.datasets]
            if parts:
                breakdown[rid] = np.sum(parts, axis=0)
            w = sweep.run_attrs(rid).get("warnings")
            if w:
                warnings[rid] = str(w)
    error = plot_dse.normalised_error(per_run)
    col = {f: {str(r["run_id"]): float(r[f]) for r in sweep.index} for f in ("latency_s", "array_energy_pj", "scc_abs")
           if f in sweep.index.dtype.names}
    energy_j = {rid: v * 1e-12 for rid, v in col.get("array_energy_pj", {}).items()}
    lines = ["## Array-level trade-off: accuracy vs energy vs latency", "",
             "Accuracy: each operator's rel_fro divided by that operator's median over the sweep, geometric mean over "
             "operators (no operator dominates). Mean ± standard deviation over seeds. Energy and latency from the "
             "array model (cycles incl. stalls at array.clock_mhz; energy of every component of the cost table).", ""]
    rows = []
    for p in points:
        e, es = plot_dse._stats(p, error)
        lat, _ = plot_dse._stats(p, col.get("latency_s", {}))
        en, _ = plot_dse._stats(p, energy_j)
        rows.append((p, e, es, lat, en))
    front_e = set(aggregate.pareto_front([r[4] for r in rows], [r[1] for r in rows]))
    front_l = set(aggregate.pareto_front([r[3] for r in rows], [r[1] for r in rows]))
    table = [[p.label(), f"{e:.3g} ± {es:.2g}", plot_dse.eng(lat, "s"), plot_dse.eng(en, "J"),
              ("E" if i in front_e else "") + ("L" if i in front_l else "")]
             for i, (p, e, es, lat, en) in enumerate(rows)]
    lines += md_table(["design point", "normalised error", "latency", "energy", "Pareto (E: energy, L: latency)"],
                             table) + [""]
    report.lines += lines
    for cost, label, unit, name in ((energy_j, "energy", "J", "tradeoff_energy"),
                                    (col.get("latency_s", {}), "latency", "s", "tradeoff_latency")):
        path = plot_dse.tradeoff(points, error, cost, label, unit, report.out_dir, name)
        if path:
            report.plots.append((f"normalised error vs {label} (mean ± std over seeds, Pareto front)", path))
    comps = str(sweep.attrs.get("energy_components", "")).split()
    if breakdown and comps:
        shown = points[:40]
        e = np.array([np.mean([breakdown[r] for r in p.run_ids if r in breakdown], axis=0) * 1e-12
                      if any(r in breakdown for r in p.run_ids) else np.full(len(comps), np.nan) for p in shown])
        path = plot_dse.energy_breakdown([p.label() for p in shown], comps, e, report.out_dir)
        if path:
            report.plots.append(("energy per component (mean over seeds; first 40 design points)", path))
    first = sweep.run(points[0].run_ids[0], datasets=False)
    if first and "array_total_cycles" in next(iter(first.values())).attrs:
        report.lines += [f"### Array per operator ({points[0].label()}, first seed)", ""]
        body = []
        for name, op in first.items():
            a = op.attrs
            sram = sum(int(a.get(k, 0)) for k in ("ifmap_sram_reads", "filter_sram_reads", "ofmap_sram_writes"))
            body.append([name, str(a.get("array_folds")), plot_dse.eng(float(a.get("array_compute_cycles", np.nan))),
                         plot_dse.eng(float(a.get("array_stall_cycles", np.nan))),
                         f"{float(a.get('array_utilization', np.nan)):.3f}", plot_dse.eng(float(sram)),
                         plot_dse.eng(float(a.get("dram_bytes", np.nan)), "B"), plot_dse.eng(float(a.get("latency_s", np.nan)), "s"),
                         plot_dse.eng(float(a.get("macs_per_s", np.nan)), "MAC/s"),
                         plot_dse.eng(float(a.get("array_energy_pj", np.nan)) * 1e-12, "J")])
        report.lines += md_table(["operator", "folds", "compute cycles", "stall cycles", "utilisation", "SRAM words",
                                  "DRAM", "latency", "throughput", "energy"], body) + [""]
    if warnings:
        report.lines += ["## Stream-correlation warnings", "",
                         "AND and XNOR multiply only uncorrelated streams (SCC ≈ 0, Alaghi & Hayes); these runs fed "
                         "them correlated ones, so their error reflects the correlation, not the stream length.", ""]
        distinct = sorted(set(warnings.values()))
        report.lines += md_table(["runs", "warning"],
                                        [[str(sum(1 for w in warnings.values() if w == d)), d] for d in distinct]) + [""]
