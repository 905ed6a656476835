"""Heading numbering: gaps, repeats and disorder among sibling headings (（四） followed by （六）)."""

from __future__ import annotations

import re

from ..matchers import Context, Hit
from ..outline import MARKERS
from ._result import Outcome
from ..textutil import cn_number

_NUMERAL_RE = re.compile(r"第?\s*[（(]?\s*([一二三四五六七八九十]{1,3}|\d{1,2}|[①-⑳])")
_STYLES = ("part", "cn", "pcn", "num", "pnum", "circ")


def _value(marker: str) -> int | None:
    m = _NUMERAL_RE.search(marker or "")
    if not m:
        return None
    token = m.group(1)
    if "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    return cn_number(token)


def _list_markers(ctx: Context, parent) -> list[tuple[tuple[int, int], str, str, int, int, int | None]]:
    """Numbered paragraphs that are not headings (long list items) inside ``parent``."""
    out = []
    for span in parent.spans:
        if span.is_heading or span.start != 0:
            continue
        text = ctx.folded[span.paragraph]
        for style, rx in MARKERS:
            if style in _STYLES:
                m = rx.match(text)
                if m:
                    marker = ctx.doc.paragraphs[span.paragraph].text[:m.end()].strip()
                    out.append(((span.paragraph, 0), style, marker, ctx.doc.paragraphs[span.paragraph].line,
                                span.paragraph, None))
                    break
    return out


def heading_numbering(ctx: Context) -> Outcome:
    problems: list[str] = []
    hits: list[Hit] = []
    sections = ctx.outline.sections
    for parent in sections:
        entries = _list_markers(ctx, parent)
        for c in parent.children:
            kid = sections[c]
            if kid.style in _STYLES and not kid.virtual:
                para = next((s.paragraph for s in kid.spans if s.is_heading), None)
                if para is not None:
                    entries.append(((para, 0), kid.style, kid.marker or "", kid.line or 0, para, kid.id))
        entries.sort()
        by_style: dict[str, list] = {}
        for entry in entries:
            by_style.setdefault(entry[1], []).append(entry)
        for style, run in by_style.items():
            previous = None
            for _, _, marker, line, para, section_id in run:
                value = _value(marker)
                if value is None:
                    continue
                expected = 1 if previous is None else previous + 1
                if value != expected:
                    if previous is None:
                        what = f"从“{marker}”开始编号"
                    elif value == previous:
                        what = f"“{marker}”重复"
                    elif value < previous:
                        what = f"“{marker}”排在序号 {previous} 之后（顺序颠倒或重新编号）"
                    else:
                        missing = "、".join(str(n) for n in range(expected, value))
                        what = f"缺少序号 {missing}：上一个序号 {previous} 之后是“{marker}”"
                    problems.append(f"第{line}行 {what}")
                    end = len(ctx.doc.paragraphs[para].text)
                    hits.append(Hit(section_id if section_id is not None else parent.id, para, 0, end, 0, end, marker))
                previous = value
    if not problems:
        return Outcome("clean", (), "各级标题序号连续")
    return Outcome("problem", tuple(hits), "；".join(problems[:6]))
