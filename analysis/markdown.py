# Markdown pieces of the reports (report.py, report_trends.py, dse_report.py).
"""Tables and percentages as report.md writes them."""

from __future__ import annotations

import math
from typing import List, Sequence


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return lines


def percent(x: float) -> str:
    return "—" if math.isnan(x) else f"{x * 100:+.1f}%"
