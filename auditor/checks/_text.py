"""Helpers shared by the named checks: comparable text, shingles, items of a part."""

from __future__ import annotations

import re
from functools import lru_cache

from ..matchers import Context, Hit
from ..model import Section, Span
from ..textutil import fold

_WORD_RUN_RE = re.compile(r"[^\W_]+")  # letters and digits: what is left without spaces and punctuation
# An item starts (group "at") after the start or a full stop, which is matched rather than looked
# behind at so that the regex engine can skip to the next full stop.
_ITEM_SPLIT_RE = re.compile(r"(?:^|[。；;:!?！？])(?P<at>\s*)(?=[一二三四五六七八九十]{1,2}是|[（(]?\d{1,2}[）).、]|[①-⑳])")
# Words every report uses: they say nothing about whether two passages share content.
STOP_GRAMS = ("进一步", "加强", "推进", "工作", "法治", "政府", "建设", "全面", "深入", "持续", "不断", "提升", "完善",
              "落实", "开展", "积极", "切实", "强化", "健全", "推动", "提高", "我们", "我区", "我县", "我市", "我局",
              "有待", "不足", "问题", "存在", "部分", "一些", "能力", "水平", "不够", "较为", "比较", "继续", "着力",
              "以上", "重点", "要求", "情况", "方面", "相关", "有关", "加大", "力度", "增强", "确保", "实现", "做好")
_ITEM_LEAD_RE = re.compile(r"^[一二三四五六七八九十]{1,2}是|\d{1,2}[.、]")
_ITEM_MARKER_RE = re.compile(r"^\s*([(（]?\d{1,2}[)）.、．]|[一二三四五六七八九十]{1,2}是)\s*")


@lru_cache(maxsize=512)  # one report's passages, compared by several checks
def plain(text: str) -> str:
    """Folded text without punctuation or spaces: the form compared between passages."""
    return "".join(_WORD_RUN_RE.findall(fold(text)))


@lru_cache(maxsize=512)  # one report's passages: nothing is shared across reports
def shingles(text: str, n: int = 4) -> frozenset[str]:
    p = plain(text)
    return frozenset(p[i:i + n] for i in range(max(0, len(p) - n + 1)))


@lru_cache(maxsize=512)
def content_grams(text: str, n: int = 2) -> frozenset[str]:
    """Character n-grams without the stock words (for judging whether two passages share a topic)."""
    p = plain(text)
    p = _ITEM_LEAD_RE.sub("|", p)
    for word in STOP_GRAMS:
        p = p.replace(word, "|")
    return frozenset(g for g in (p[i:i + n] for i in range(max(0, len(p) - n + 1))) if "|" not in g and not g.isdigit())


def shared_topic(a: set[str], b: set[str], min_shared: int = 3, min_share: float = 0.2) -> bool:
    """Two passages are about the same thing when they share enough topical bigrams."""
    common = len(a & b)
    return common >= min_shared or (bool(a) and bool(b) and common / min(len(a), len(b)) >= min_share)


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the other (1.0: one passage contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def body_pieces(ctx: Context, kinds: tuple[str, ...] = ("all",)) -> list[tuple[Section, Span, str]]:
    """(section, span, original text) of every body piece in scope, headings left out."""
    out = []
    for sec, span in ctx.scope(kinds):
        if span.is_heading:
            continue
        text = ctx.doc.paragraphs[span.paragraph].text[span.start:span.end]
        if text.strip():
            out.append((sec, span, text))
    return out


def items(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the 一是/1./① items of a passage, or the whole passage as one item."""
    folded = fold(text)
    starts = [m.start("at") for m in _ITEM_SPLIT_RE.finditer(folded)]
    starts = [s for s in starts if s < len(folded)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    bounds = sorted(set(starts)) + [len(text)]
    return [(a, text[a:b].strip()) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def without_marker(item: str) -> str:
    """An item's text without its 1./（1）/一是 marker."""
    return _ITEM_MARKER_RE.sub("", item)


def hit(sec: Section, span: Span, start: int = 0, end: int | None = None, cue: str = "") -> Hit:
    a = span.start + start
    b = span.start + (end if end is not None else span.end - span.start)
    return Hit(sec.id, span.paragraph, a, b, a, b, cue)
