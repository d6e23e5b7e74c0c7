# `python3 -m analysis.report OUT.h5 -o DIR`: PNG plots and DIR/report.md for one scmp-sweep-v1 file.
"""Sweep report: provenance, all runs, a metric pivot by stream length, Pareto-optimal design points, the
Field trends (docs/REFERENCE-NOTES.md) (scramble effect, halve cost, log-log slope of error vs L) and the plots.

Exit status: 0 report written, 2 the input is not a readable scmp-sweep-v1 file (message on stderr)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence, Tuple

import numpy as np

from . import aggregate, dse_report, results
from .aggregate import format_number, format_value, short
from .markdown import md_table, percent as _percent  # md_table: also used by dse_report
from .report_trends import TrendsSection

# Cost fields plotted against accuracy, in order: (field, file name, title).
PARETO_COSTS = (
    ("avg_stoc_len_mac", "pareto_cycles", "average cycles per MAC"),
    ("cycles", "pareto_total_cycles", "cycles"),
    ("energy_pj", "pareto_energy", "energy"),
)


class UsageError(Exception):
    """A command-line choice that does not fit the file (e.g. --metric names no metric of it)."""


def _with_unit(sweep: results.SweepResults, field: str, name: Optional[str] = None) -> str:
    unit = sweep.unit(field)
    return f"{name or field} [{unit}]" if unit else (name or field)


class Report(TrendsSection):
    """Collects the markdown of one report while the plots are written next to it."""

    def __init__(self, sweep: results.SweepResults, out_dir: str, metric: str):
        self.sweep = sweep
        self.out_dir = out_dir
        self.metric = metric
        self.lines: List[str] = []
        self.plots: List[Tuple[str, str]] = []  # (caption, path)
        fields = list(sweep.metrics) + list(sweep.cost) + (["wall_s"] if "wall_s" in sweep.index.dtype.names else [])
        self.points = aggregate.design_points(sweep.index, sweep.axes, fields) if len(sweep) else []
        self.length = aggregate.length_axis(sweep.axes)
        self.seeds = aggregate.seed_axes(sweep.axes)

    # --- sections ---------------------------------------------------------------------------------------------
    def provenance(self):
        a = self.sweep.attrs
        n = len(self.sweep)
        n_ok = int(self.sweep.ok.sum())
        self.lines += [f"# Sweep report: {a.get('experiment', os.path.basename(self.sweep.path))}", ""]
        self.lines += ["## Provenance", ""]
        rows = [["file", self.sweep.path]] + dse_report.provenance_rows(self.sweep)
        known = ("schema", "experiment", "tool_version", "git_commit", "host", "created_utc", "seed")
        for key in known:
            rows.append([key, str(a.get(key, "—"))])
        # Further root attributes (e.g. backend) are provenance too; the YAML texts go to the end of the report.
        long_text = ("config_yaml", "resolved_yaml", "cost_table_yaml", "energy_components",
                     "cost_table", "cost_table_hash", "cost_table_technology")
        for key in sorted(k for k in a if k not in known and k not in long_text):
            rows.append([key, str(a[key])])
        rows.append(["runs", f"{n} in /index: {n_ok} ok, {n - n_ok} failed"])
        rows.append(["axes", ", ".join(self.sweep.axes) or "— (single design point)"])
        if self.seeds:
            rows.append(["replicates", f"{', '.join(self.seeds)} averaged into {len(self.points)} design points"])
        self.lines += md_table(["field", "value"], rows) + [""]

    def runs_table(self):
        s = self.sweep
        self.lines += ["## Runs", ""]
        if not len(s):
            self.lines += ["No run has finished: /index is empty.", ""]
            return
        has_wall = "wall_s" in s.index.dtype.names
        header = ["run_id", "status"] + [short(a) for a in s.axes] + [_with_unit(s, m) for m in s.metrics]
        header += [_with_unit(s, c) for c in s.cost] + ([_with_unit(s, "wall_s")] if has_wall else [])
        rows = []
        for row in s.index:
            cells = [str(row["run_id"]), str(row["status"])]
            cells += [format_value(row[a]) for a in s.axes]
            cells += [format_number(row[m]) for m in s.metrics] + [format_number(row[c]) for c in s.cost]
            if has_wall:
                cells.append(format_number(row["wall_s"], 3))
            rows.append(cells)
        self.lines += md_table(header, rows) + [""]
        failed = [str(r) for r in s.index["run_id"][~s.ok]]
        if failed:
            self.lines += ["### Failed runs (excluded from tables of design points and from plots)", ""]
            rows = [[rid, str(s.run_attrs(rid).get("error", "(no error message stored)"))] for rid in failed]
            self.lines += md_table(["run_id", "error"], rows) + [""]

    def pivot(self):
        if not self.length or not self.points or self.metric not in self.sweep.metrics:
            return
        groups = aggregate.groups_along(self.points, self.length)
        lengths = sorted(aggregate.axis_values(self.points, self.length), key=float, reverse=True)
        self.lines += [f"## {self.metric} by stream length", ""]
        if self.seeds and max(p.n for p in self.points) > 1:
            self.lines += [f"Mean over {', '.join(short(a) for a in self.seeds)}.", ""]
        header = [short(self.length)] + list(groups)
        most = max(p.n for p in self.points)
        rows = []
        for L in lengths:
            row = [format_value(L)]
            for members in groups.values():
                hit = [p for p in members if float(p.axis(self.length)) == float(L)]
                cell = format_number(hit[0].values[self.metric], 3) if hit else "—"
                if hit and hit[0].n < most:
                    cell += f" ({hit[0].n} of {most} seeds)"
                row.append(cell)
            rows.append(row)
        self.lines += md_table(header, rows) + [""]

    def pareto(self):
        if not self.points:
            return
        metric = self.metric
        done = False
        for cost, name, title in PARETO_COSTS:
            if cost not in self.sweep.cost:
                continue
            c = [p.values.get(cost, float("nan")) for p in self.points]
            e = [p.values.get(metric, float("nan")) for p in self.points]
            front = aggregate.pareto_front(c, e)
            if not front:
                continue
            if not done:
                self.lines += ["## Pareto-optimal design points", "",
                               f"Lower {metric} and lower cost are better; a point is listed when no other design "
                               "point is at least as good on both and better on one.", ""]
                done = True
            self.lines += [f"### {metric} vs {title}", ""]
            rows = [[self.points[i].label(), format_number(c[i]), format_number(e[i])] for i in front]
            self.lines += md_table(["design point", _with_unit(self.sweep, cost), metric], rows) + [""]
            from . import plot_pareto
            path = plot_pareto.plot(self.points, cost, metric, self.out_dir, name, self.sweep.unit(cost), title)
            if path:
                self.plots.append((f"{metric} vs {title}, Pareto front marked", path))
        if not done:
            self.lines += ["## Pareto-optimal design points", "",
                           "No cost field was computed (all NaN): no Pareto front.", ""]

    # --- plots from the index ---------------------------------------------------------------------------------
    def error_plots(self):
        if not self.length or len(aggregate.axis_values(self.points, self.length)) < 2:
            return  # one stream length: no line to draw
        from . import plot_error_vs_length
        for m in ("rmse", "mse"):
            if m in self.sweep.metrics:
                path = plot_error_vs_length.plot(self.points, self.length, m, self.out_dir,
                                                 self.sweep.unit(self.length))
                if path:
                    self.plots.append((f"{m.upper()} vs stream length (log-log, guides 1/L and 1/√L in RMSE)", path))

    # --- plots from the per-run groups ------------------------------------------------------------------------
    def run_plots(self):
        if not self.points:
            return
        from . import plot_error_hist, plot_mp_levels
        wanted = ["row_stoc_len", "error_hist_counts", "error_hist_edges"]
        levels, hists, speeds = [], [], []
        wall = {str(r["run_id"]): float(r["wall_s"]) for r in self.sweep.index} \
            if "wall_s" in self.sweep.index.dtype.names else {}
        for p in self.points:  # one run per design point: the first ok seed
            ops = self.sweep.run(p.run_ids[0], datasets=wanted)
            label = p.label()
            macs = sum(float(op.attrs.get("macs", float("nan"))) for op in ops.values()) if ops else float("nan")
            speeds.append((p, macs, wall.get(p.run_ids[0], float("nan"))))
            lv = {name: (op.datasets["row_stoc_len"], float(op.attrs.get("macs", float("nan"))))
                  for name, op in ops.items() if "row_stoc_len" in op.datasets}
            hs = {name: (op.datasets["error_hist_counts"], op.datasets["error_hist_edges"])
                  for name, op in ops.items()
                  if "error_hist_counts" in op.datasets and "error_hist_edges" in op.datasets}
            levels.append((label, lv))
            hists.append((label, hs))
        uniform = all(len(plot_mp_levels.level_shares(lv)) <= 1 for _, lv in levels if lv)
        for path in ([] if uniform else plot_mp_levels.plot(levels, self.out_dir)):  # one level: nothing to show
            caption = ("share of rows and MACs per stream length, per design point" if path.endswith("mp_levels.png")
                       else "stream-length levels per operator (first mixed-precision design point)")
            self.plots.append((f"MP level distribution: {caption}", path))
        mixed = [(label, plot_mp_levels.level_shares(lv)) for label, lv in levels if lv]
        mixed = [(label, sh) for label, sh in mixed if len(sh) > 1]
        if mixed:
            self.lines += ["## Mixed-precision level distribution", "",
                           "Share of rows / share of MACs at each stream length (all operators of the run).", ""]
            all_levels = sorted({lvl for _, sh in mixed for lvl in sh}, reverse=True)
            rows = [[label] + [f"{sh[l][0]:.3f} / {sh[l][1]:.3f}" if l in sh else "—" for l in all_levels]
                    for label, sh in mixed]
            self.lines += md_table(["design point"] + [f"L={l}" for l in all_levels], rows) + [""]
        path = plot_error_hist.plot(hists, self.out_dir)
        if path:
            self.plots.append(("error histograms (y − y_exact), density, up to 8 design points", path))
        self.speed(speeds)

    def speed(self, speeds):
        from . import plot_speed
        rows = [[p.label(), format_number(m), format_number(w, 3), format_number(m / w, 3)]
                for p, m, w in speeds if np.isfinite(m) and np.isfinite(w) and m > 0 and w > 0]
        if not rows:
            return
        self.lines += ["## Simulator speed", "",
                       "First ok run of each design point: MACs = Σ operator macs, MAC/s = MACs / wall_s.", ""]
        self.lines += md_table(["design point", "MACs", _with_unit(self.sweep, "wall_s"), "MAC/s"], rows) + [""]
        path = plot_speed.plot(speeds, self.length, self.out_dir)
        if path:
            self.plots.append(("simulator speed: MACs per second vs stream length", path))

    def plots_section(self):
        self.lines += ["## Plots", ""]
        if not self.plots:
            self.lines += ["No plot: no finished run with plottable data.", ""]
        for caption, path in self.plots:
            rel = os.path.relpath(path, self.out_dir)
            self.lines += [f"**{caption}**", "", f"![{caption}]({rel})", ""]

    def configuration(self):
        text = self.sweep.attrs.get("resolved_yaml") or self.sweep.attrs.get("config_yaml")
        if text:
            self.lines += ["## Resolved configuration", "", "<details><summary>resolved_yaml</summary>", "",
                           "```yaml", str(text).rstrip("\n"), "```", "", "</details>", ""]
        table = self.sweep.attrs.get("cost_table_yaml")
        if table:
            self.lines += ["## Cost table", "", f"<details><summary>{self.sweep.attrs.get('cost_table', '')} "
                           f"(hash {self.sweep.attrs.get('cost_table_hash', '')})</summary>", "",
                           "```yaml", str(table).rstrip("\n"), "```", "", "</details>", ""]

    def write(self) -> str:
        self.provenance()
        self.runs_table()
        self.pivot()
        self.error_plots()
        self.pareto()
        dse_report.section(self)
        self.trends()
        self.run_plots()
        self.plots_section()
        self.configuration()
        path = os.path.join(self.out_dir, "report.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.lines).rstrip("\n") + "\n")
        return path


def build_report(path: str, out_dir: str, metric: str = "mse") -> Report:
    """Load ``path`` (raises results.SchemaError) and write the plots and report.md into ``out_dir``."""
    sweep = results.load(path)
    if sweep.metrics and metric not in sweep.metrics:
        raise UsageError(f"--metric {metric!r} is not a metric of {path} (metrics: {', '.join(sweep.metrics)})")
    os.makedirs(out_dir, exist_ok=True)
    report = Report(sweep, out_dir, metric)
    report.write()
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m analysis.report",
                                     description="Plots and a markdown report for one scmp-sweep-v1 HDF5 file.")
    parser.add_argument("file", help="sweep file written by 'scmp sweep' (schema scmp-sweep-v1)")
    parser.add_argument("-o", "--out", help="output folder (default: <file without .h5>_report)")
    parser.add_argument("--metric", default="mse", help="main metric for pivots, Pareto fronts and trends")
    args = parser.parse_args(argv)
    out_dir = args.out or os.path.splitext(args.file)[0] + "_report"
    try:
        build_report(args.file, out_dir, args.metric)
    except (results.SchemaError, UsageError) as err:
        print(f"analysis.report: error: {err}", file=sys.stderr)
        return 2
    print(os.path.join(out_dir, "report.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
