# The "Trends" section of the sweep report (analysis/report.py): scramble effect, halve cost and the log-log slope
# of error against stream length, each checked against the field's expectations (docs/REFERENCE-NOTES.md).
"""Report.trends() and its helpers, mixed into report.Report (they use its sweep, points, metric, length, seeds)."""

from __future__ import annotations

import math
from typing import Dict, List, Tuple

from . import aggregate
from .aggregate import format_number, format_value, short
from .markdown import md_table, percent as _percent

HALVE_ON = ("1", "true", "on", "yes")
HALVE_OFF = ("0", "false", "off", "no")


class TrendsSection:
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
