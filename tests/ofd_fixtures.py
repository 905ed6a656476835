"""Test helper: a report's plain text typeset as an OFD (GB/T 33190-2016) official document.

The layout follows the usual A4 公文 page (GB/T 9704): a 156 × 225 mm type area 37 mm from the
top and 28 mm from the left, 22 lines of 28 characters of 3号 (16 pt ≈ 5.6 mm) body text, the
title in 2号 (22 pt) centred on one or two lines, body paragraphs with a two-character
first-line indent and justified lines, the 落款 (organ and date) set right with four characters
to spare, and "— N —" page numbers under the type area (right on odd pages, left on even).
A template page carries a running header and a rule above the type area.

Every line is one ofd:TextObject whose ofd:TextCode gives the baseline origin (X, Y, relative to
the object's Boundary) and the glyph advances (DeltaX, with the "g N value" run compression).
`ofd_parts` returns the package members so that tests can damage them; `pack_ofd` zips them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP = 28.0, 37.0
BODY_W, BODY_H = 156.0, 225.0
LINES_PER_PAGE = 22
PITCH = BODY_H / LINES_PER_PAGE  # line pitch, ≈ 10.2 mm
BODY_SIZE = 16 * MM_PER_PT  # 3号
TITLE_SIZE = 22 * MM_PER_PT  # 2号
FOLIO_SIZE = 14 * MM_PER_PT  # 4号, page numbers
HEADER_SIZE = 10.5 * MM_PER_PT  # 五号
CHAR = BODY_W / 28  # 28 characters to a line
HEADER = "榆岭县人民政府办公室 · 政府信息公开"

FONTS = {"body": 4, "heading": 5, "subheading": 6, "title": 7}
_FONT_NAMES = {4: ("仿宋_GB2312", "仿宋"), 5: ("黑体", "黑体"), 6: ("楷体_GB2312", "楷体"),
               7: ("方正小标宋简体", "小标宋")}
_CLOSING = set("，。、；：？！）》」』”’%％")
_OPENING = set("（《「『“‘")
_DATE_RE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,4}月.{1,4}日\s*$")


@dataclass(frozen=True)
class PlacedLine:
    """One typeset line: ``x`` is the left edge, ``baseline`` the baseline, both in mm on the page."""

    text: str
    x: float
    baseline: float
    size: float
    font: int
    advances: tuple[float, ...]  # DeltaX: len(text) - 1 offsets
    paragraph: int  # index of the source paragraph (-1 for furniture)


def advance(char: str) -> float:
    """Advance of one glyph in ems: Chinese and full-width forms one em, ASCII half an em."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


def _wrap(text: str, width: float, first_indent: float, size: float) -> list[tuple[str, float]]:
    """(line text, left offset) pairs, breaking by width as a word processor does.

    A run of ASCII (a number such as "98.4%", a Latin word) is never broken, closing punctuation
    never starts a line (it is squeezed onto the one before) and an opening bracket never ends one.
    """
    lines: list[tuple[str, float]] = []
    current = ""
    used = 0.0
    indent = first_indent
    for token in re.findall(r"[\x21-\x7e]+|.", text):
        step = sum(advance(c) * size for c in token)
        if current and used + step > width - indent + 1e-6 and token[0] not in _CLOSING:
            carry = ""
            if current[-1] in _OPENING and len(current) > 1:
                carry, current = current[-1], current[:-1]
            lines.append((current, indent))
            current, indent = carry, 0.0
            used = sum(advance(c) * size for c in current)
        current += token
        used += step
    if current:
        lines.append((current, indent))
    return lines


def _justified(text: str, avail: float, size: float, last: bool) -> tuple[float, ...]:
    steps = [advance(c) * size for c in text]
    if len(text) < 2:
        return ()
    extra = 0.0 if last else (avail - sum(steps)) / (len(text) - 1)
    return tuple(s + extra for s in steps[:-1])


def _classify(text: str) -> tuple[str | None, list[str], list[str]]:
    """Title, body paragraphs and 落款 lines of a plain-text report (one paragraph per line)."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    title = None
    if paragraphs and len(paragraphs[0]) <= 60 and "。" not in paragraphs[0]:
        title = paragraphs.pop(0)
    signature: list[str] = []
    if paragraphs and _DATE_RE.match(paragraphs[-1]):
        signature.insert(0, paragraphs.pop())
        if paragraphs and len(paragraphs[-1]) <= 30 and not re.search(r"[。，；：]", paragraphs[-1]):
            signature.insert(0, paragraphs.pop())
    return title, paragraphs, signature


def _font(paragraph: str) -> int:
    if re.match(r"^[一二三四五六七八九十]{1,3}、", paragraph) and "。" not in paragraph:
        return FONTS["heading"]
    if re.match(r"^（[一二三四五六七八九十]{1,3}）", paragraph) and "。" not in paragraph[:-1]:
        return FONTS["subheading"]
    return FONTS["body"]


def layout(text: str) -> list[list[PlacedLine]]:
    """The report set on A4 pages: one list of lines per page, in reading order."""
    title, body, signature = _classify(text)
    slots: list[PlacedLine | None] = []  # one per grid line; None is a blank line

    def place(line: str, x: float, size: float, font: int, advances: tuple[float, ...], index: int) -> None:
        slots.append(PlacedLine(line, x, 0.0, size, font, advances, index))

    index = 0
    if title:
        pieces = _wrap(title, BODY_W, 0.0, TITLE_SIZE)
        for piece, _ in pieces:
            width = sum(advance(c) * TITLE_SIZE for c in piece)
            place(piece, LEFT + (BODY_W - width) / 2, TITLE_SIZE, FONTS["title"],
                  _justified(piece, width, TITLE_SIZE, True), index)
        slots.append(None)
        index += 1
    for paragraph in body:
        pieces = _wrap(paragraph, BODY_W, 2 * CHAR, CHAR)
        for n, (piece, indent) in enumerate(pieces):
            last = n == len(pieces) - 1
            place(piece, LEFT + indent, BODY_SIZE, _font(paragraph),
                  _justified(piece, BODY_W - indent, CHAR, last), index)
        index += 1
    if signature:
        slots.extend([None, None])
        for line in signature:
            width = sum(advance(c) * CHAR for c in line)
            place(line, LEFT + BODY_W - 4 * CHAR - width, BODY_SIZE, FONTS["body"],
                  _justified(line, width, CHAR, True), index)
            index += 1

    pages: list[list[PlacedLine]] = []
    for start in range(0, len(slots), LINES_PER_PAGE):
        page = []
        for row, slot in enumerate(slots[start:start + LINES_PER_PAGE]):
            if slot is not None:
                baseline = TOP + row * PITCH + slot.size * 0.88 + (PITCH - slot.size) / 2
                page.append(PlacedLine(slot.text, slot.x, baseline, slot.size, slot.font, slot.advances,
                                       slot.paragraph))
        pages.append(page)
    for number, page in enumerate(pages, start=1):
        folio = f"— {number} —"
        width = sum(advance(c) * FOLIO_SIZE for c in folio)
        x = LEFT + BODY_W - FOLIO_SIZE - width if number % 2 else LEFT + FOLIO_SIZE
        page.append(PlacedLine(folio, x, TOP + BODY_H + 7 + FOLIO_SIZE, FOLIO_SIZE, FONTS["body"],
                               tuple(advance(c) * FOLIO_SIZE for c in folio[:-1]), -1))
    return pages


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def delta_x(advances: tuple[float, ...]) -> str:
    """An ST_Array of advances, runs of three or more equal values written as "g N value"."""
    out: list[str] = []
    i = 0
    values = [_num(a) for a in advances]
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        if j - i >= 3:
            out.append(f"g {j - i} {values[i]}")
        else:
            out.extend(values[i:j])
        i = j
    return " ".join(out)


class _Ids:
    def __init__(self, start: int = 100) -> None:
        self.value = start

    def __call__(self) -> int:
        self.value += 1
        return self.value


def _text_objects(line: PlacedLine, ids: _Ids, fragments: int) -> list[str]:
    """The line as one TextObject, or cut into ``fragments`` objects as some producers write it."""
    if fragments <= 1 or len(line.text) < 2 * fragments:
        return [_text_object(line, ids)]
    cut = [round(i * len(line.text) / fragments) for i in range(fragments + 1)]
    objects = []
    for start, end in zip(cut, cut[1:]):
        x = line.x + sum(line.advances[:start])
        objects.append(_text_object(PlacedLine(line.text[start:end], x, line.baseline, line.size, line.font,
                                               line.advances[start:end - 1], line.paragraph), ids))
    return objects


def _text_object(line: PlacedLine, ids: _Ids) -> str:
    width = sum(line.advances) + advance(line.text[-1]) * line.size
    top = line.baseline - line.size
    boundary = f"{_num(line.x)} {_num(top)} {_num(width)} {_num(line.size * 1.2)}"
    deltas = delta_x(line.advances)
    delta_attr = f" DeltaX={quoteattr(deltas)}" if deltas else ""
    return (f'<ofd:TextObject ID="{ids()}" Boundary="{boundary}" Font="{line.font}" Size="{_num(line.size)}">'
            f'<ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{_num(line.size)}"{delta_attr}>{escape(line.text)}</ofd:TextCode>'
            f"</ofd:TextObject>")


def _page_xml(objects: list[str], template_id: int | None, ids: _Ids, area: bool = True) -> str:
    template = f'<ofd:Template TemplateID="{template_id}" ZOrder="Background"/>' if template_id else ""
    box = f"<ofd:PhysicalBox>0 0 {_num(PAGE_W)} {_num(PAGE_H)}</ofd:PhysicalBox>"
    area_xml = f"<ofd:Area>{box}</ofd:Area>" if area else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}">{template}{area_xml}'
            f'<ofd:Content><ofd:Layer ID="{ids()}" Type="Body">{"".join(objects)}</ofd:Layer></ofd:Content>'
            f"</ofd:Page>")


def ofd_parts(text: str, *, header: str | None = HEADER, absolute: bool = False, fragments: int = 1,
              title: str = "法治政府建设情况报告") -> dict[str, bytes]:
    """The members of an OFD package holding ``text``.

    ``header`` is the running header on the template page (None: no template), ``absolute`` writes
    every location from the package root ("/Doc_0/…"), ``fragments`` cuts each line into that many
    TextObjects.
    """
    ids = _Ids()
    pages = layout(text)
    prefix = "/Doc_0/" if absolute else ""
    parts: dict[str, str] = {}

    template_id = None
    if header:
        template_id = ids()
        width = sum(advance(c) * HEADER_SIZE for c in header)
        head = PlacedLine(header, LEFT + (BODY_W - width) / 2, TOP - 12, HEADER_SIZE, FONTS["body"],
                          tuple(advance(c) * HEADER_SIZE for c in header[:-1]), -1)
        rule = (f'<ofd:PathObject ID="{ids()}" Boundary="{_num(LEFT)} {_num(TOP - 9)} {_num(BODY_W)} 1" '
                f'LineWidth="0.35"><ofd:StrokeColor Value="200 0 0"/>'
                f"<ofd:AbbreviatedData>M 0 0.5 L {_num(BODY_W)} 0.5</ofd:AbbreviatedData></ofd:PathObject>")
        parts["Doc_0/Tpls/Tpl_0/Content.xml"] = _page_xml([_text_object(head, ids), rule], None, ids, area=False)

    page_ids = []
    for number, page in enumerate(pages):
        page_ids.append(ids())
        objects = [obj for line in page for obj in _text_objects(line, ids, fragments)]
        parts[f"Doc_0/Pages/Page_{number}/Content.xml"] = _page_xml(objects, template_id, ids)

    fonts = "".join(f'<ofd:Font ID="{fid}" FontName="{name}" FamilyName="{family}"/>'
                    for fid, (name, family) in _FONT_NAMES.items())
    parts["Doc_0/PublicRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                    f"<ofd:Fonts>{fonts}</ofd:Fonts></ofd:Res>")
    template_xml = (f'<ofd:TemplatePage ID="{template_id}" BaseLoc="{prefix}Tpls/Tpl_0/Content.xml" '
                    f'ZOrder="Background"/>' if template_id else "")
    page_list = "".join(f'<ofd:Page ID="{pid}" BaseLoc="{prefix}Pages/Page_{n}/Content.xml"/>'
                        for n, pid in enumerate(page_ids))
    parts["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{ids.value + 1}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {_num(PAGE_W)} {_num(PAGE_H)}</ofd:PhysicalBox></ofd:PageArea>"
        f"<ofd:PublicRes>{prefix}PublicRes.xml</ofd:PublicRes>{template_xml}"
        f"</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>")
    root = "/" if absolute else ""
    parts["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>6f0d2a1c9b8e4f7a8d3c2b1a0e9f8d7c</ofd:DocID>"
        f"<ofd:Title>{escape(title)}</ofd:Title><ofd:CreationDate>2024-03-14</ofd:CreationDate></ofd:DocInfo>"
        f"<ofd:DocRoot>{root}Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    return {name: value.encode("utf-8") for name, value in parts.items()}


def pack_ofd(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts`` with OFD.xml first, as producers write it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: (n != "OFD.xml", n)):
            archive.writestr(name, parts[name])
    return out.getvalue()


def report_to_ofd(text: str, **options) -> bytes:
    """The bytes of an OFD file holding the plain-text report ``text``."""
    return pack_ofd(ofd_parts(text, **options))
