"""Was the report dated after its year ended and before the publication deadline?"""

from __future__ import annotations

from datetime import date

from ..matchers import Context, Hit
from ._result import Outcome


def deadline_for(year: int, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    return date(year + 1, month, day)


def timeliness(ctx: Context) -> Outcome:
    field = ctx.doc.meta.date
    if field is None or ctx.year is None:
        return Outcome("unavailable", (), "没有成文日期或无法确定报告年度，无法判断时限")
    written = date.fromisoformat(field.value)
    deadline = deadline_for(ctx.year, str(ctx.settings.get("deadline", "04-01")))
    hit = Hit(-1, -1, 0, 0, 0, 0, field.value, line=field.line, quote=field.quote, where=field.source)
    if written <= date(ctx.year, 12, 31):
        detail = f"成文日期 {written.isoformat()} 早于所报告年度（{ctx.year}年）结束"
        on_time = False
    elif written >= deadline:
        detail = f"成文日期 {written.isoformat()} 不早于规定期限 {deadline.isoformat()}"
        on_time = False
    else:
        detail = f"成文日期 {written.isoformat()} 在 {ctx.year + 1}-01-01 至 {deadline.isoformat()} 之前的期限内"
        on_time = True
    return Outcome("clean" if on_time else "problem", (hit,), detail)
