# `python3 -m analysis.report OUT.h5 -o DIR`: PNG plots and DIR/report.md for one scmp-sweep-v1 file.
"""Sweep report: provenance, all runs, a metric pivot by stream length, Pareto-optimal design points, the
Field trends (docs/REFERENCE-NOTES.md) (scramble effect, halve cost, log-log slope of error vs L) and the plots.

Exit status: 0 report written, 2 the input is not a readable scmp-sweep-v1 file (message on stderr)."""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import aggregate, dse_report, results
from .aggregate import format_number, format_value, short

# Cost fields plotted against accuracy, in order: (field, file name, title).
PARETO_COSTS = (
    ("avg_stoc_len_mac", "pareto_cycles", "average cycles per MAC"),
    ("cycles", "pareto_total_cycles", "cycles"),
    ("energy_pj", "pareto_energy", "energy"),
)
HALVE_ON = ("1", "true", "on", "yes")
HALVE_OFF = ("0", "false", "off", "no")


class UsageError(Exception):
    """A command-line choice that does not fit the file (e.g. --metric names no metric of it)."""


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return lines


def _with_unit(sweep: results.SweepResults, field: str, name: Optional[str] = None) -> str:
    unit = sweep.unit(field)
    return f"{name or field} [{unit}]" if unit else (name or field)


def _percent(x: float) -> str:
    return "—" if math.isnan(x) else f"{x * 100:+.1f}%"


class Report:
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

    def trends(self):
        if not self.points or self.metric not in self.sweep.metrics:
            return
        out: List[str] = []
        out += self._scramble_effect()
        out += self._halve_cost()
        out += self._slopes()
        if out:
            self.lines += ["## Trends", ""] + out

    def _scramble_effect(self) -> List[str]:
        axis = aggregate.find_axis(self.sweep.axes, "scramble")
        if not axis or not (aggregate.has_value(self.points, axis, "off")
                            and aggregate.has_value(self.points, axis, "bitrev")):
            return []
        rows = aggregate.relative_change(self.points, axis, "off", "bitrev", self.metric, self.length)
        if not rows:
            return []
        lines = [f"### Scramble effect: ({self.metric}(off) − {self.metric}(bitrev)) / {self.metric}(bitrev)", "",
                 "Expected (docs/REFERENCE-NOTES.md): positive, and growing as the stream shortens.", ""]
        lines += self._change_table(rows, "bitrev", "off", "scramble effect")
        lines += [""] + self._monotone_note(rows, "the scramble effect", larger_when_short=True) + [""]
        return lines

    def _halve_cost(self) -> List[str]:
        axis = aggregate.find_axis(self.sweep.axes, "halve")
        if not axis:
            return []
        values = aggregate.axis_values(self.points, axis)
        on = next((v for v in values if format_value(v).lower() in HALVE_ON), None)
        off = next((v for v in values if format_value(v).lower() in HALVE_OFF), None)
        if on is None or off is None:
            return []
        rows = aggregate.relative_change(self.points, axis, on, off, self.metric, self.length)
        if not rows:
            return []
        lines = [f"### Halve cost: ({self.metric}(halve) − {self.metric}(full)) / {self.metric}(full)", "",
                 "Expected (docs/REFERENCE-NOTES.md): zero or negative (halving the enable grid is free or better).", ""]
        lines += self._change_table(rows, "full", "halve", "halve cost")
        ratios = [r for *_, r, _ in rows if not math.isnan(r)]
        if ratios:
            free = sum(r <= 0 for r in ratios)
            lines += ["", f"Halve is free or better at {free} of {len(ratios)} points "
                          f"(worst {_percent(max(ratios))}, best {_percent(min(ratios))})."]
        return lines + [""]

    def _change_table(self, rows, base: str, changed: str, what: str) -> List[str]:
        header = ["group", short(self.length) if self.length else "", f"{self.metric} {base}",
                  f"{self.metric} {changed}", what]
        if self.seeds:
            header.append("paired seeds")
        body = []
        for g, x, b, c, r, n in rows:
            row = [g, format_value(x) if x is not None else "", format_number(b, 3), format_number(c, 3), _percent(r)]
            body.append(row + ([str(n)] if self.seeds else []))
        return md_table(header, body)

    def _monotone_note(self, rows, what: str, larger_when_short: bool) -> List[str]:
        if not self.length:
            return []
        by_group: Dict[str, List[Tuple[float, float]]] = {}
        for g, x, _, _, r, _ in rows:
            if x is not None and not math.isnan(r):
                by_group.setdefault(g, []).append((float(x), r))
        notes = []
        for g, pts in by_group.items():
            if len(pts) < 2:
                continue
            pts.sort()
            shortest, longest = pts[0][1], pts[-1][1]
            grows = shortest > longest if larger_when_short else shortest < longest
            notes.append(f"* {g}: {what} is {_percent(shortest)} at {short(self.length)}={format_value(pts[0][0])} "
                         f"and {_percent(longest)} at {short(self.length)}={format_value(pts[-1][0])}: "
                         + ("grows as the stream shortens." if grows else "does NOT grow as the stream shortens."))
        return notes

    def _slopes(self) -> List[str]:
        if not self.length:
            return []
        metrics = [m for m in ("rmse", "mse") if m in self.sweep.metrics]
        if self.metric not in metrics:
            metrics.append(self.metric)
        groups = aggregate.groups_along(self.points, self.length)
        rows = []
        for g, members in groups.items():
            x = [float(p.axis(self.length)) for p in members]
            row = [g, f"{format_value(min(x))}–{format_value(max(x))}", str(len(members))]
            any_fit = False
            for m in metrics:
                fit = aggregate.loglog_slope(x, [p.values[m] for p in members])
                row.append("—" if fit is None else f"{fit[0]:.3f}")
                row.append("—" if fit is None else f"{fit[1]:.3g}")
                any_fit = any_fit or fit is not None
            if any_fit:
                rows.append(row)
        if not rows:
            return []
        header = ["group", short(self.length), "points"]
        for m in metrics:
            header += [f"{m} slope", f"{m} c"]
        lines = [f"### Log-log slope of error vs {short(self.length)}", "",
                 f"Least-squares fit of log(error) = slope·log({short(self.length)}) + log(c). Expected (docs/REFERENCE-NOTES.md): "
                 "RMSE slope ≈ −1 for Sobol / enable-signal streams (≈ 0.6/N), ≈ −0.5 for iid random; "
                 "an MSE slope is twice the RMSE slope.", ""]
        return lines + md_table(header, rows) + [""]

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
