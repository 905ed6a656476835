"""Paragraph repair shared by every format: hard-wrapped lines, run-on headings, pinyin annotations.

Text copied from a PDF or a fixed-width page arrives with a line break every N characters;
text copied from some portals arrives with no breaks at all, every heading running on after
the previous paragraph's full stop (survey 1.4). Both break the outline unless repaired.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import replace

from ..textutil import cn_number, fold
from .raw import Block

_TERMINAL = set("。！？；;!?：:”\"’）)】」』")
_MARKER_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、.．](?!\d)|[①-⑳]|[一二三四五六七八九十]{1,2}是)")


def _wrap_width(blocks: list[Block]) -> int | None:
    """The line width of a hard-wrapped text, or None when lines are whole paragraphs.

    In a hard-wrapped text most body lines have the same length and stop in mid-sentence.
    Heading lines are left out of the count: a run of headings of similar length is not a wrap
    (seed 004's unpunctuated headings once were taken for one).
    """
    body = [b for b in blocks if b.joinable and len(b.text) >= 16 and not _MARKER_START.match(b.text)]
    if len(body) < 10:
        return None
    lengths = [len(b.text) for b in body]
    mode, _ = Counter(lengths).most_common(1)[0]
    at_width = [b for b in body if abs(len(b.text) - mode) <= 1]
    unterminated = sum(1 for b in at_width if b.text[-1] not in _TERMINAL)
    if mode >= 20 and len(at_width) >= 8 and len(at_width) >= 0.5 * len(body) and unterminated >= 0.6 * len(at_width):
        return mode
    return None


def _continues(prev: Block, block: Block, width: int) -> bool:
    if not (prev.joinable and block.joinable):
        return False
    last_line = len(prev.text) - (prev.breaks[-1] if prev.breaks else 0)
    return (last_line >= width - 3 and prev.text[-1] not in _TERMINAL
            and not _MARKER_START.match(block.text))


def join_wrapped(blocks: list[Block]) -> list[Block]:
    """Join the pieces of hard-wrapped paragraphs back into paragraphs."""
    width = _wrap_width(blocks)
    if width is None:
        return blocks
    out: list[Block] = []
    for block in blocks:
        if out and _continues(out[-1], block, width):
            prev = out[-1]
            out[-1] = Block(prev.text + block.text, prev.line, prev.heading_level, prev.page,
                            prev.breaks + (len(prev.text),) + tuple(len(prev.text) + b for b in block.breaks))
        else:
            out.append(block)
    return out


_CN = "一二三四五六七八九十"
# The full stop is matched, not looked behind at: a pattern that starts with a class lets the
# regex engine skip ahead to the next candidate instead of trying every position.
_RUNON_RE = re.compile(
    rf"[。！？；;!?:]\s*(?=(?P<m>第[{_CN}]{{1,3}}部分|[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[）)]))")


def _numeral(marker: str) -> tuple[str, str]:
    if marker.startswith("第"):
        return "part", marker[1:-2]
    if marker[0] in "（(":
        return "pcn", marker[1:-1]
    return "cn", marker[:-1]


def _value(cn: str) -> int:
    return cn_number(cn) or 0


def split_runon(blocks: list[Block]) -> list[Block]:
    """Split paragraphs where a numbered heading runs on after a full stop.

    A cut is made only where the numeral belongs to a sequence: 一、 when a 二、 follows later
    in the text, 二、 after 一、 and so on, so that an enumeration inside a sentence stays whole.
    """
    candidates: list[tuple[int, int, str, int]] = []  # (block, offset, style, value)
    for bi, block in enumerate(blocks):
        folded = fold(block.text)
        head = _MARKER_START.match(folded)
        if head:
            style, num = _numeral_of(head.group(0).strip())
            if style:
                candidates.append((bi, -1, style, num))
        for m in _RUNON_RE.finditer(folded):
            style, num = _numeral(fold(m.group("m")))
            candidates.append((bi, m.start("m"), style, _value(num)))
    later_two: set[int] = set()
    pending: dict[str, bool] = {}
    for idx in range(len(candidates) - 1, -1, -1):
        _, _, style, value = candidates[idx]
        if value == 1 and pending.get(style):
            later_two.add(idx)
        if value == 2:
            pending[style] = True
        elif value == 1:
            pending[style] = False
    seen: dict[str, int] = {}
    cuts: dict[int, list[int]] = {}
    order = ("part", "cn", "pcn")
    for idx, (bi, offset, style, value) in enumerate(candidates):
        accept = offset < 0 or (value == 1 and idx in later_two) or (value >= 2 and seen.get(style) == value - 1)
        if not accept:
            continue
        seen[style] = value
        for lower in order[order.index(style) + 1:]:
            seen.pop(lower, None)
        if offset >= 0:
            cuts.setdefault(bi, []).append(offset)
    out: list[Block] = []
    for bi, block in enumerate(blocks):
        if bi not in cuts:
            out.append(block)
            continue
        text = block.text
        points = sorted(set(cuts[bi]))
        starts = [0] + points
        ends = points + [len(text)]
        for s, e in zip(starts, ends):
            piece = text[s:e]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if not piece:
                continue
            inner = tuple(b - s - lead for b in block.breaks if s < b < e)
            out.append(Block(piece, _line_at(block, s), block.heading_level if s == 0 else None, block.page,
                             inner, block.joinable))
    return out


def _line_at(block: Block, offset: int) -> int:
    return block.line + sum(1 for b in block.breaks if b <= offset)


_NUMERAL_STYLES = (("part", re.compile(rf"第([{_CN}]{{1,3}})部分")), ("cn", re.compile(rf"([{_CN}]{{1,3}})[、.．]")),
                   ("pcn", re.compile(rf"[（(]([{_CN}]{{1,3}})[）)]")))


@lru_cache(maxsize=256)  # a report's markers are a few dozen short strings
def _numeral_of(marker: str) -> tuple[str | None, int]:
    marker = marker.replace(" ", "")
    for style, rx in _NUMERAL_STYLES:
        m = rx.match(marker)
        if m:
            return style, _value(m.group(1))
    return None, 0


_Y = r"(?:\d{4}|[〇零一二三四五六七八九○]{4})"
_MD = r"(?:\d{1,2}|[〇零一二三四五六七八九十○]{1,3})"
_RUNON_TITLE_RE = re.compile(
    rf"^(?P<title>[^。，,；;]{{6,80}}?(?:报告|情况|总结|汇报))\s*(?={_Y}\s*年|[^。，,]{{0,4}}(?:按照|根据|现将|今年|一年来|为))")
_RUNON_ADDRESSEE_RE = re.compile(r"^(?P<addressee>[^。，,；;:：]{0,30}(?:委|政府|人大|常委会|局|厅|办|党组|管委会)[^。，,；;:：]{0,20}[:：])")
_RUNON_SIGNATURE_RE = re.compile(
    rf"(?<=[。！？!?])\s*(?P<closing>特此(?:报告|汇报)[。.]?)?\s*(?P<organ>[^。，,；;:：\d]{{2,40}}?)\s*"
    rf"(?P<date>{_Y}\s*年\s*{_MD}\s*月\s*{_MD}\s*[日号])\s*$")


def split_frame(blocks: list[Block]) -> list[Block]:
    """Title, addressee and 落款 cut off a report that arrived as one run-on line."""
    if not blocks:
        return blocks
    out = list(blocks)
    first = out[0]
    if len(first.text) > 150:
        pieces = []
        rest = first.text
        for rx, name in ((_RUNON_TITLE_RE, "title"), (_RUNON_ADDRESSEE_RE, "addressee")):
            m = rx.match(fold(rest))
            if m:
                pieces.append(rest[: m.end(name)].strip())
                rest = rest[m.end(name):].lstrip()
        if pieces:
            out[0:1] = [Block(p, first.line, page=first.page) for p in pieces] + \
                       [Block(rest, first.line, first.heading_level, first.page, (), first.joinable)]
    last = out[-1]
    if len(last.text) > 150:
        m = _RUNON_SIGNATURE_RE.search(fold(last.text))
        if m:
            body = last.text[: m.start()].rstrip()
            tail = [last.text[m.start(g): m.end(g)].strip() for g in ("closing", "organ", "date") if m.group(g)]
            out[-1:] = [Block(body, last.line, last.heading_level, last.page, (), last.joinable)] + \
                       [Block(t, last.line, page=last.page, joinable=False) for t in tail]
    return out


# Pinyin after characters, from mirror sites that annotate a traditional copy: 建設(shè),
# 領(lǐng)導. They break every cue ("第一責(zé)任人"), so they are dropped when a report is full of them.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# (The bracket comes first and the ideograph before it is looked back at, so that the engine
# can skip from bracket to bracket.)
_PINYIN_RE = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（])\s?[a-zü{_TONED}]{{1,6}}(?: [a-zü{_TONED}]{{1,6}}){{0,3}}\s?[)）]")
_TONED_RE = re.compile(f"[{_TONED}]")
PINYIN_MIN = 3  # annotations with tone marks before a report counts as annotated


def strip_pinyin(blocks: list[Block]) -> list[Block]:
    bracketed = [b for b in blocks if "(" in b.text or "（" in b.text]  # the cheap test first: most lines have none
    toned = sum(1 for b in bracketed for m in _PINYIN_RE.finditer(b.text) if _TONED_RE.search(m.group()))
    if toned < PINYIN_MIN:
        return blocks
    out: list[Block] = []
    for block in blocks:
        cuts = [(m.start(), m.end()) for m in _PINYIN_RE.finditer(block.text)]
        if not cuts:
            out.append(block)
            continue
        text = "".join(block.text[a:b] for a, b in zip([0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(block.text)]))
        breaks = tuple(br - sum(e - s for s, e in cuts if e <= br) for br in block.breaks)
        out.append(replace(block, text=text, breaks=breaks))
    return out
