"""The batch summary as an Excel workbook: reports × rules matrix, status colours, frozen header, filters."""

from __future__ import annotations

import io

from ..model import InputFailure, Scorecard
from .common import RenderOptions, STATUS_LABEL
from .table import FIXED, summary_rows

_FILL = {"pass": "C6EFCE", "partial": "FFEB9C", "fail": "FFC7CE", "waived": "BDD7EE", "not_applicable": "EDEDED"}


def render_xlsx(results: list[Scorecard | InputFailure], options: RenderOptions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header, rows, statuses = summary_rows(results)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(header)
    for row in rows:
        ws.append(row)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in _FILL.items()}
    verdict_fill = {"通过": fills["pass"], "未通过": fills["fail"], "无法读取": fills["partial"]}
    for r_index, keys in enumerate(statuses, start=2):
        verdict_cell = ws.cell(row=r_index, column=FIXED.index("结论") + 1)
        if verdict_cell.value in verdict_fill:
            verdict_cell.fill = verdict_fill[verdict_cell.value]
        for c_offset, key in enumerate(keys):
            if key in fills:
                ws.cell(row=r_index, column=len(FIXED) + 1 + c_offset).fill = fills[key]
    widths = {"文件": 36, "报告机关": 24, "标题": 40, "缺失的必备内容": 36}
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 12 if i > len(FIXED) else 11)
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = ws.cell(row=2, column=3)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"

    legend = wb.create_sheet("说明")
    legend.append(["状态", "含义"])
    for key, label in STATUS_LABEL.items():
        legend.append([label, {"pass": "符合要求", "partial": "部分符合，建议补充", "fail": "缺失",
                               "waived": "经批准豁免", "not_applicable": "不适用"}[key]])
        legend.cell(row=legend.max_row, column=1).fill = fills[key]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
