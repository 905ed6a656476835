"""The batch summary as CSV (UTF-8 with BOM, so that Excel opens Chinese text correctly)."""

from __future__ import annotations

import csv
import io

from ..model import InputFailure, Scorecard
from .common import RenderOptions
from .table import summary_rows


def render_csv(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    header, rows, _ = summary_rows(results)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
