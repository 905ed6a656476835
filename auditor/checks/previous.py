"""Against last year's report (--previous): reused text, follow-through of last year's plans,
shortcomings repeated year after year."""

from __future__ import annotations

from ..matchers import Context
from ._result import Outcome
from ..model import Outline, Table
from ..textutil import clip
from ._text import body_pieces, containment, content_grams, hit, items, plain, shared_topic, shingles


class _PreviousContext:
    """Just enough of a Context over last year's outline for body_pieces."""

    def __init__(self, outline: Outline) -> None:
        from ..matchers import Context as _C

        self._ctx = _C(outline)

    def pieces(self, kinds: tuple[str, ...]):
        return body_pieces(self._ctx, kinds)


def _unavailable() -> Outcome:
    return Outcome("unavailable", (), "未提供上一年度报告（用 --previous 指定），不作比较")


def reused_from_previous(ctx: Context, min_chars: int = 40,
                         similarity: float = 0.85) -> Outcome:
    if ctx.previous is None:
        return _unavailable()
    last = _PreviousContext(ctx.previous)
    old = [shingles(text) for _, _, text in last.pieces(("all",)) if len(plain(text)) >= min_chars]
    reused = []
    for sec, span, text in body_pieces(ctx, ("measures", "first_responsible", "shortcomings", "reasons")):
        if len(plain(text)) < min_chars:
            continue
        grams = shingles(text)
        if any(containment(grams, g) >= similarity for g in old):
            reused.append(hit(sec, span, cue="与上一年度报告雷同"))
    if not reused:
        return Outcome("clean", (), "没有照搬上一年度报告的段落")
    lines = "、".join(str(ctx.doc.paragraphs[h.paragraph].line) for h in reused[:6])
    return Outcome("problem", tuple(reused[:6]),
                       f"{len(reused)} 段与上一年度报告相同或近乎相同（第{lines}行）")


def follow_through(ctx: Context, overlap: float = 0.3) -> Outcome:
    """Last year's plans: does this year's account of measures show each one was carried out?"""
    if ctx.previous is None:
        return _unavailable()
    last = _PreviousContext(ctx.previous)
    plans = [(offset, item) for _, _, text in last.pieces(("next_year",)) for offset, item in items(text)
             if len(plain(item)) >= 8 and not item.rstrip().endswith((":", "："))]
    if not plans:
        return Outcome("unavailable", (), "上一年度报告中没有找到下一年度安排")
    measures = [(sec, span, text, content_grams(text)) for sec, span, text in
                body_pieces(ctx, ("measures", "first_responsible", "preface"))]
    rows = []
    done = 0
    for _, plan in plans:
        grams = content_grams(plan)
        best = max(measures, key=lambda m: len(grams & m[3])) if measures and grams else None
        ok = bool(best) and shared_topic(grams, best[3], min_shared=4, min_share=overlap)
        done += ok
        where = ""
        if best and ok:
            para = ctx.doc.paragraphs[best[1].paragraph]
            where = f"第{para.line_at(best[1].start)}行：{clip(best[2], 36)}"
        rows.append((clip(plan, 44), "有落实痕迹" if ok else "未见落实", where or "—"))
    table = Table("上一年度安排的落实情况", ("上一年度的安排", "本年度报告中", "对应的举措"), tuple(rows))
    detail = f"上一年度 {len(plans)} 项安排中有 {done} 项在本年度举措中有落实痕迹"
    state = "clean" if done == len(plans) else "minor" if done >= len(plans) / 2 else "problem"
    return Outcome(state, (), detail, table=table)


def repeated_shortcomings(ctx: Context, similarity: float = 0.8) -> Outcome:
    if ctx.previous is None:
        return _unavailable()
    last = _PreviousContext(ctx.previous)
    old = [shingles(item) for _, _, text in last.pieces(("shortcomings",)) for _, item in items(text)
           if len(plain(item)) >= 10]
    if not old:
        return Outcome("clean", (), "上一年度报告没有列出不足，无从比较")
    repeated = []
    for sec, span, text in body_pieces(ctx, ("shortcomings",)):
        for offset, item in items(text):
            if len(plain(item)) >= 10 and any(containment(shingles(item), g) >= similarity for g in old):
                repeated.append(hit(sec, span, offset, offset + len(item), "与上一年度不足雷同"))
    if not repeated:
        return Outcome("clean", (), "存在的不足没有照搬上一年度的表述")
    return Outcome("problem", tuple(repeated[:4]),
                       f"{len(repeated)} 条不足与上一年度报告的表述相同，问题连年未改或照抄")
