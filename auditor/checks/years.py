"""Do the years in the title, opening and part headings agree with the reported year?"""

from __future__ import annotations

from ..matchers import Context, Hit
from ._result import Outcome
from ..textutil import years_in


def year_consistency(ctx: Context) -> Outcome:
    year = ctx.year
    if year is None:
        return Outcome("problem", (), "无法确定报告年度")
    problems: list[str] = []
    hits: list[Hit] = []
    meta = ctx.doc.meta
    if meta.title is not None:
        title_years = {y for y, _ in years_in(meta.title.value)}
        if title_years and year not in title_years:
            problems.append(f"标题年份 {'、'.join(map(str, sorted(title_years)))} 与报告年度 {year} 不一致")
    if ctx.doc.paragraphs and meta.year is not None and meta.year.source != "正文":
        opening = ctx.doc.paragraphs[0]
        first = years_in(opening.text[:12])
        if first and first[0][0] not in (year, year + 1) and first[0][1] <= 2:
            problems.append(f"开头段的年份 {first[0][0]} 与报告年度 {year} 不一致")
            hits.append(Hit(0, 0, 0, min(len(opening.text), 40), 0, 6, str(first[0][0])))
    if meta.date is not None and meta.date.source == "落款":
        signed = int(str(meta.date.value)[:4])
        if signed not in (year, year + 1):
            problems.append(f"落款日期 {meta.date.value} 与报告年度 {year} 不相称")
    for sec in ctx.outline.sections:
        if sec.virtual or not sec.heading or sec.kind_source != "heading":
            continue
        found = {y for y, _ in years_in(sec.heading)}
        if not found:
            continue
        para = next((s.paragraph for s in sec.spans if s.is_heading), None)
        bad = None
        if "next_year" in sec.kinds and year + 1 not in found:
            bad = f"下一年度安排的标题写的是 {'、'.join(map(str, sorted(found)))} 年，应为 {year + 1} 年"
        elif "next_year" not in sec.kinds and set(sec.kinds) & {"measures", "shortcomings", "first_responsible"} \
                and year not in found and found - {year + 1}:
            bad = f"“{sec.title}”的标题年份 {'、'.join(map(str, sorted(found)))} 与报告年度 {year} 不一致"
        if bad:
            problems.append(bad)
            if para is not None:
                hits.append(Hit(sec.id, para, 0, len(sec.heading), 0, len(sec.heading), sec.heading))
    if problems:
        return Outcome("problem", tuple(hits), "；".join(problems))
    source = meta.title or meta.year
    seen = []
    if source is not None:
        seen.append(Hit(-1, -1, 0, 0, 0, 0, str(year), line=source.line, quote=source.quote or str(source.value),
                        where=source.source))
    return Outcome("clean", tuple(seen), f"标题和各部分标题的年份与报告年度 {year} 一致")
