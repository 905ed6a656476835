"""Substance: data density of the measures, specific shortcomings, plans that answer them."""

from __future__ import annotations

import re

from ..matchers import Context, Hit
from ._result import Outcome
from ..model import Table
from ..textutil import clip, fold
from ._text import body_pieces, content_grams, containment, hit, items, plain, shared_topic, without_marker

GENERIC_RE = re.compile(r"有待(进一步)?(提高|加强|提升|完善|增强)|还需(进一步)?(加强|提高|提升)|仍需(加强|提升|提高)|"
                        r"不够(到位|深入|完善|有力|扎实)|存在差距|还有差距|不够高|不够强|不平衡|不充分")
SPECIFIC_RE = re.compile(r"\d|%|个别|部分[^。，,]{2,}|领域|环节|案件|案卷|文书|执法|审查|复议|应诉|调解|乡镇|街道|村|"
                         r"清单|平台|人员|编制|经费|制度")


def data_density(ctx: Context, per_thousand: float = 4.0) -> Outcome:
    """Quantities with units per 1,000 characters of the measures (and leaders' duties)."""
    scoped = ctx.scope(("measures", "first_responsible"))
    chars = sum(ctx.chars(span) for _, span in scoped)
    count = sum(len(ctx.quantities(span)) for _, span in scoped)
    if chars < 200:
        return Outcome("unavailable", (), "举措和成效篇幅太短，无法计算数据密度")
    density = 1000 * count / chars
    detail = f"举措和成效中每千字有 {density:.1f} 个带单位的数据（{count} 个 / {chars} 字），参考值 {per_thousand:g}"
    state = "clean" if density >= per_thousand else "minor" if density >= per_thousand / 2 else "problem"
    return Outcome(state, (), detail)


def _shortcoming_items(ctx: Context):
    out = []
    for sec, span, text in body_pieces(ctx, ("shortcomings",)):
        for offset, item in items(text):
            # "……存在一些不足：" only introduces the list that follows
            if len(plain(item)) >= 6 and not item.rstrip().endswith((":", "：")):
                out.append((sec, span, offset, item))
    return out


def specific_shortcomings(ctx: Context) -> Outcome:
    """Shortcomings that are only stock phrases (“意识有待提高”) with nothing specific."""
    found = _shortcoming_items(ctx)
    if not found:
        return Outcome("unavailable", (), "没有列出存在的不足，无从判断")
    generic = []
    for sec, span, offset, item in found:
        sentence = re.split(r"[。；;]", item)[0]
        if GENERIC_RE.search(sentence) and not SPECIFIC_RE.search(sentence) and len(plain(sentence)) <= 30:
            generic.append(hit(sec, span, offset, offset + len(item), "套话"))
    share = len(generic) / len(found)
    detail = (f"{len(found)} 条不足中有 {len(generic)} 条只是套话（如“{clip(ctx.doc.paragraphs[generic[0].paragraph].text[generic[0].start:generic[0].end], 30)}”）"
              if generic else f"{len(found)} 条不足都写了具体表现")
    state = "clean" if share == 0 else "minor" if share < 0.5 else "problem"
    return Outcome(state, tuple(generic[:4]), detail)


def plans_address_shortcomings(ctx: Context) -> Outcome:
    """Each stated shortcoming should find an answer in next year's plans."""
    found = _shortcoming_items(ctx)
    plans = body_pieces(ctx, ("next_year",))
    if not found or not plans:
        return Outcome("unavailable", (), "没有同时列出不足和下一年度安排，无从对照")
    plan_items = [(sec, span, offset, item, content_grams(item)) for sec, span, text in plans
                  for offset, item in items(text)]
    rows = []
    answered = 0
    unanswered_hits = []
    for sec, span, offset, item in found:
        grams = content_grams(item)
        best = max(plan_items, key=lambda p: len(grams & p[4])) if grams else None
        ok = bool(best) and shared_topic(grams, best[4])
        answered += ok
        rows.append((clip(item, 40), "有对应安排" if ok else "未见对应安排", clip(best[3], 40) if best and ok else "—"))
        if not ok:
            unanswered_hits.append(hit(sec, span, offset, offset + len(item), "未见对应安排"))
    table = Table("存在的不足与下一年度安排的对应", ("存在的不足", "对应情况", "对应的安排"), tuple(rows))
    detail = f"{len(found)} 条不足中有 {answered} 条在下一年度安排中有对应措施"
    state = "clean" if answered == len(found) else "minor" if answered else "problem"
    return Outcome(state, tuple(unanswered_hits[:4]), detail, table=table)


# A "reason" that is itself a stock verdict on performance (“干部法治素养有待提高”) names no cause.
STOCK_VERDICT_RE = re.compile(r"有待(进一步)?[\u4e00-\u9fff]{2}|(还|仍)(需|要|待)(进一步)?(加强|提高|提升|完善|增强|改进)|"
                              r"不够(强|高|到位|深入|完善|有力|扎实|明显)$|(不强|不高|不足|薄弱|单一|欠缺)$")


def reasons_restated(ctx: Context, overlap: float = 0.35, stock_share: float = 0.6) -> Outcome:
    """A reasons part that only says the shortcomings again (“原因分析：一是执法力量不足……”).

    Two ways of saying them again: each reason shares most of its topical words with the
    shortcoming it is closest to; or the reasons are headed by stock verdicts (“普法方式方法
    有待创新”), which restate a weakness instead of naming where it comes from.
    """
    reason_secs = [sec for sec in ctx.outline.sections if sec.kinds == ("reasons",)]
    reasons = [(sec, span, text) for sec, span, text in body_pieces(ctx, ("reasons",)) if sec.kinds == ("reasons",)]
    reason_paras = {span.paragraph for _, span, _ in reasons}
    problems = [content_grams(item) for sec, span, _, item in _shortcoming_items(ctx)
                if sec.kinds != ("reasons",) and span.paragraph not in reason_paras]
    reason_items = [(sec, span, offset, item) for sec, span, text in reasons for offset, item in items(text)
                    if len(plain(item)) >= 6 and not item.rstrip().endswith((":", "："))]
    # What each reason says first: a sub-heading's title, or an item's first clause.
    heads = [sec.title for sec in reason_secs if sec.title and sec.parent is not None
             and ctx.outline.sections[sec.parent].kinds == ("reasons",)]
    if len(heads) < 2:  # reasons written as items, not as headed points
        heads = [re.split(r"[。；;，,]", without_marker(item))[0] for _, _, _, item in reason_items]
    stock = [h for h in heads if STOCK_VERDICT_RE.search(fold(h).strip())]
    if len(heads) >= 2 and len(stock) / len(heads) >= stock_share:
        sec = reason_secs[0]
        detail = f"原因分析 {len(heads)} 条中有 {len(stock)} 条只是“{clip(stock[0], 20)}”一类的评价，没有说明成因"
        return Outcome("problem", (hit(sec, sec.spans[0], cue="重述不足"),), detail)
    if not reason_items or not problems:
        return Outcome("clean", (), "没有可与原因对照的不足")
    scores = []
    for _, _, _, item in reason_items:
        grams = content_grams(item)
        scores.append(max((len(grams & p) / len(grams) for p in problems), default=0.0) if grams else 1.0)
    share = sum(scores) / len(scores)
    detail = f"原因分析与所列不足的用词重合 {share:.0%}（{len(reason_items)} 条），参考值 {overlap:.0%}"
    if share < overlap:
        return Outcome("clean", (), detail)
    sec, span, offset, item = reason_items[0]
    return Outcome("problem", (hit(sec, span, offset, offset + len(item), "重述不足"),), detail)


# Words that explain how a shortcoming came about ("精力被……占用……案卷质量自然难以提升")
# when a report gives its reasons without any 原因/由于/导致 cue.
EXPLAINING_RE = re.compile(r"难以|往往|以致|从而|因而|使得|造成|导致|加之|致使|跟不上|制约|受限|所限|不足以|占用|挤压|挤占|缺乏")


def implied_reasons(ctx: Context, min_chars: int = 60, min_markers: int = 2) -> Outcome:
    """A paragraph after the list of shortcomings that explains them in plain narrative.

    Only a later paragraph of a shortcomings part counts (the first one states the problems),
    and only with several different explaining words: a single 难以 is how problems are put.
    """
    for sec in ctx.outline.sections:
        if "shortcomings" not in sec.kinds:
            continue
        paragraphs = sorted({span.paragraph for span in sec.spans if not span.is_heading})
        for index in paragraphs[1:]:
            text = ctx.doc.paragraphs[index].text
            markers = set(EXPLAINING_RE.findall(fold(text)))
            if len(plain(text)) >= min_chars and len(markers) >= min_markers:
                span = next(s for s in sec.spans if s.paragraph == index and not s.is_heading)
                detail = f"第{ctx.doc.paragraphs[index].line}行起的一段叙述了不足的成因（{'、'.join(sorted(markers))}）"
                return Outcome("clean", (hit(sec, span, cue="成因叙述"),), detail)
    return Outcome("problem", (), "不足之后没有叙述成因的段落")
