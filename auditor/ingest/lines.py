"""Positioned text lines (PDF, OFD) → paragraphs: the shared fixed-layout reconstruction.

Fixed-layout formats give lines with positions, not paragraphs. A running header or footer
(the same text at the same height near the top or bottom of most pages) and page numbers are
dropped; then lines are joined into paragraphs: a paragraph starts at an indented line, after
a line that stops well short of the right margin, after a vertical gap, or at a numbered
heading; it runs on over a page break, and a title set large over several centred lines is
one paragraph. Blocks number text lines, not paragraphs, so that a joined line keeps its own
number through ``breaks``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..textutil import fold
from .raw import Block

_PAGE_NUMBER_RE = re.compile(
    r"^[\s\-—–－·.]*(?:第\s*)?[\d一二三四五六七八九十〇]{1,4}\s*(?:页|/\s*\d{1,4}|页\s*共\s*\d+\s*页)?[\s\-—–－·.]*$"
    r"|^[\s\-—–－]*(?:Page|page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?[\s\-—–－]*$")
# Characters set wide in Chinese text: ideographs (with extensions, radicals, compatibility
# forms), CJK and full-width punctuation, and the general punctuation Chinese text uses
# (· ‘’ “” — …), circled and Roman numerals.
_WIDE = ("\u00b7\u2010-\u2027\u2030-\u2033\u2160-\u217f\u2460-\u24ff\u25a0-\u25ff\u2e80-\u2fdf"
         "\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe6f"
         "\uff00-\uffef\U00020000-\U0003134f")
# A run of spaces next to a wide character, with a wide or printable ASCII character on the
# other side: left by justified lines and by Chinese–Latin autospacing ("2020 年", "“4 · 26”").
_CJK_SPACE_RE = re.compile(rf"(?<=[{_WIDE}])[ \t\u00a0\u3000]+(?=[{_WIDE}!-~])|(?<=[!-~])[ \t\u00a0\u3000]+(?=[{_WIDE}])")
_HEADING_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                         r"|\d{1,2}[、.．](?!\d)|[①-⑳])")
_TERMINAL = tuple("。！？；：:;!?”」』）)")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page (grows downwards)
    bottom: float
    page: int  # 1-based
    page_height: float
    size: float  # font size or line height, in the same unit as the coordinates


def tidy(text: str) -> str:
    """Remove the spaces a fixed layout leaves next to Chinese characters and punctuation."""
    return _CJK_SPACE_RE.sub("", text.strip())


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text).replace(" ", ""))


def _band(line: Line) -> str | None:
    """'top' or 'bottom' for a line in the header or footer area of its page."""
    if line.top < line.page_height * 0.12:
        return "top"
    if line.bottom > line.page_height * 0.88:
        return "bottom"
    return None


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Without running headers, footers and page numbers.

    A running header or footer is the same text at the same height (within a few points) in
    the top or bottom area of most pages. Position counts: a 落款 that ends low on the last
    page, or starts at the top of it, survives a running header with the same organ name.
    """
    def spot(line: Line) -> tuple[str, str, int] | None:
        band = _band(line)
        return (band, _furniture_key(line.text), round(line.top / 3)) if band and line.text.strip() else None

    seen: dict[tuple[str, str, int], set[int]] = {}
    for number, lines in enumerate(pages):
        for line in lines:
            key = spot(line)
            if key:
                seen.setdefault(key, set()).add(number)
    threshold = max(2, int(len(pages) * 0.5))

    def repeated(key: tuple[str, str, int]) -> bool:
        band, text, height = key
        near = set().union(*(seen.get((band, text, height + d), set()) for d in (-1, 0, 1)))
        return len(near) >= threshold

    out = []
    for lines in pages:
        kept = []
        for line in lines:
            text = line.text.strip()
            if not text:
                continue
            key = spot(line)
            if key and (_PAGE_NUMBER_RE.match(fold(text)) or (len(pages) >= 2 and repeated(key))):
                continue
            kept.append(line)
        out.append(kept)
    return out


def _margins(lines: list[Line]) -> tuple[float, float]:
    lefts = Counter(round(line.x0) for line in lines)
    left = min(lefts.most_common(3), key=lambda item: item[0])[0] if lefts else 0.0
    rights = sorted(line.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)] if rights else 0.0
    return float(left), float(right)


def _centred(line: Line, left: float, right: float) -> bool:
    return abs((line.x0 + line.x1) / 2 - (left + right) / 2) < line.size


def to_blocks(pages: list[list[Line]]) -> list[Block]:
    """Paragraph blocks from positioned lines, with their page.

    ``line`` is the ordinal of the block's first text line (running headers, footers and page
    numbers not counted), so that with ``breaks`` every joined line keeps its own number.
    """
    pages = drop_furniture(pages)
    every = [line for lines in pages for line in lines]
    if not every:
        return []
    left, right = _margins(every)
    weights: Counter[float] = Counter()
    for line in every:
        weights[round(line.size, 1)] += len(line.text)
    body_size = weights.most_common(1)[0][0] or 10.0  # the size most of the text is set in
    blocks: list[Block] = []
    current: list[Line] = []
    first_number = 0

    def flush() -> None:
        if not current:
            return
        text = ""
        breaks = []
        for i, line in enumerate(current):
            piece = tidy(line.text)
            if i and text and not (text[-1].isascii() and text[-1].isalnum() and piece[:1].isascii()):
                breaks.append(len(text))
            elif i and text:
                text += " "
                breaks.append(len(text))
            text += piece
        if text.strip():
            blocks.append(Block(text, first_number, page=current[0].page, breaks=tuple(breaks), joinable=False))
        current.clear()

    previous: Line | None = None
    for number, line in enumerate(every, start=1):
        size = line.size or 10.0
        new_paragraph = previous is None
        if previous is not None:
            indented = line.x0 > left + 1.2 * size
            short_before = previous.x1 < right - 2.5 * size
            gap = line.top - previous.bottom > 1.2 * size if line.page == previous.page else False
            heading = bool(_HEADING_RE.match(line.text)) and previous.text.rstrip().endswith(_TERMINAL)
            centred = line.x0 > left + 4 * size and line.x1 < right - 4 * size
            new_paragraph = indented or short_before or gap or heading or centred
            if line.page != previous.page and not indented and not short_before and not heading:
                new_paragraph = False  # a paragraph running over the page break
            if (line.page == previous.page and not gap and size >= 1.15 * body_size
                    and abs(size - previous.size) < 0.1 * size and _centred(line, left, right)
                    and _centred(previous, left, right) and not previous.text.rstrip().endswith(_TERMINAL)):
                new_paragraph = False  # a title set in large type over several centred lines
        if new_paragraph:
            flush()
            first_number = number
        current.append(line)
        previous = line
    flush()
    return blocks
