"""Test helper: typeset report text into PDF bytes the way an office suite prints a report.

The layout follows the usual government document style (GB/T 9704): A4 pages, margins of
37 mm top, 35 bottom, 28 left and 26 right (or any others), 16 pt body text 28.9 pt apart
(22 lines a page with these margins), a centred 22 pt title,
unindented headings, body paragraphs indented by two characters, the 落款 (organ, date) set
flush right, a running header (the organ name) on every page and a centred page number
"- 3 -" at the foot.

Chinese has no spaces, so lines are broken by width at any character; runs of ASCII letters
and digits are kept whole, closing punctuation never starts a line, every full line is
justified to the right margin (extra character spacing), and a quarter-em gap is set
between Chinese and Latin text as Word's "autospace" does. Justification and autospace are
exactly what makes PDF text extractors report stray spaces ("2020 年").

Only reportlab's built-in CID font STSong-Light is used, so no font file is needed.
"""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGINS = (37.0, 35.0, 28.0, 26.0)  # top, bottom, left, right in mm (GB/T 9704)
BODY_SIZE = 16.0
LEADING = 28.9  # 22 lines a page, as GB/T 9704 asks
TITLE_SIZE = 22.0
TITLE_LEADING = 36.0
AUTOSPACE = 250  # thousandths of an em between Chinese and Latin text

_HEADING_RE = re.compile(r"^(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
_NO_LINE_START = set("，。、；：？！）》〉」』】”’…%,.;:?!)")
_TOKEN_RE = re.compile(r"[A-Za-z0-9.%:/+\-]+| +|.", re.DOTALL)


def roles(text: str) -> list[tuple[str, str]]:
    """(role, paragraph) pairs: title, addressee, heading, body or signature."""
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    kinds = ["body"] * len(paras)
    if paras:
        kinds[0] = "title"
    if len(paras) > 1 and paras[1].endswith(("：", ":")) and len(paras[1]) <= 40:
        kinds[1] = "addressee"
    for i, para in enumerate(paras[1:], start=1):
        if _HEADING_RE.match(para) and len(para) <= 45 and "。" not in para:
            kinds[i] = "heading"
    tail = len(paras)
    while (tail > 1 and len(paras) - tail < 3 and len(paras[tail - 1]) <= 25 and "。" not in paras[tail - 1]
           and kinds[tail - 1] == "body"):
        tail -= 1
    for i in range(tail, len(paras)):
        kinds[i] = "signature"
    return list(zip(kinds, paras))


def _latin(token: str) -> bool:
    return token.isascii() and not token.isspace()


def _gap(before: str, after: str) -> bool:
    """Whether autospace separates two neighbouring tokens."""
    if before.isspace() or after.isspace() or _latin(before) == _latin(after):
        return False
    return before[-1] not in _NO_LINE_START and after[0] not in _NO_LINE_START and before[-1] not in "（“《"


def _natural(tokens: list[str], size: float) -> float:
    width = sum(pdfmetrics.stringWidth(t, FONT, size) for t in tokens)
    return width + sum(_gap(a, b) for a, b in zip(tokens, tokens[1:])) * AUTOSPACE * size / 1000


def wrap(text: str, size: float, first: float, rest: float) -> list[list[str]]:
    """Tokens per line: break anywhere between Chinese characters, never inside an ASCII run."""
    lines: list[list[str]] = [[]]
    limit = first
    for token in _TOKEN_RE.findall(text):
        line = lines[-1]
        hang = len(token) == 1 and token in _NO_LINE_START  # a closing mark never starts a line
        if not line or hang or _natural(line + [token], size) <= limit + 0.01:
            line.append(token)
        elif token.isspace():
            lines.append([])
            limit = rest
        else:
            lines.append([token])
            limit = rest
    lines = [line for line in lines if line]
    # NOTE: never leave one Chinese glyph alone on a line (see `_draw_line`).
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-1][0]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())
    return lines


def _pdf_string(text: str) -> str:
    """A hex string in the CID font's UCS-2 encoding (UniGB-UCS2-H)."""
    return "<" + text.encode("utf-16-be").hex() + ">"


def _draw_line(c: canvas.Canvas, tokens: list[str], x: float, y: float, size: float, right: float | None) -> None:
    """One line as one text object: a TJ array, justified to ``right`` when given.

    NOTE: one text object a line on purpose. STSong-Light is never embedded, and a pdfium
    without CJK system fonts gives its glyphs empty boxes and drops a text object holding a
    single CJK glyph: a "年" set on its own between two Latin runs would vanish.
    """
    while tokens and tokens[-1].isspace():
        tokens = tokens[:-1]
    parts: list[str] = []
    for i, token in enumerate(tokens):
        if i and _gap(tokens[i - 1], token):
            parts.append(f"{-AUTOSPACE}")
        parts.append(_pdf_string(token))
    natural = _natural(tokens, size)
    glyphs = sum(len(t) for t in tokens)
    extra = 0.0
    if right is not None and glyphs > 1 and right - x > natural:
        extra = min((right - x - natural) / (glyphs - 1), size * 0.5)
    c.setFont(FONT, size)  # makes the font a resource of the page
    name = c._doc.getInternalFontName(FONT)
    c.addLiteral(f"BT {name} {size:g} Tf {extra:.3f} Tc 1 0 0 1 {x:.3f} {y:.3f} Tm [{' '.join(parts)}] TJ ET")


def render_pdf(text: str, *, header: str | None = None, page_numbers: bool = True, info_title: str | None = None,
               encrypt: object = None, justify: bool = True, margins: tuple[float, float, float, float] = MARGINS) -> bytes:
    """The report ``text`` (one paragraph a line) typeset as a multi-page A4 PDF."""
    top, bottom, left, right = (m * mm for m in margins)
    width = PAGE_WIDTH - left - right
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, invariant=True)
    if info_title is not None:
        c.setTitle(info_title)
    page = 1
    y = PAGE_HEIGHT - top - BODY_SIZE

    def furniture() -> None:
        if header:
            c.setFont(FONT, 10.5)
            c.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 18 * mm, header)
            c.setLineWidth(0.5)
            c.line(left, PAGE_HEIGHT - 20 * mm, PAGE_WIDTH - right, PAGE_HEIGHT - 20 * mm)
        if page_numbers:
            c.setFont(FONT, 14)
            c.drawCentredString(PAGE_WIDTH / 2, 20 * mm, f"- {page} -")

    for role, para in roles(text):
        if role == "title":
            for tokens in wrap(para, TITLE_SIZE, width, width):
                _draw_line(c, tokens, left + (width - _natural(tokens, TITLE_SIZE)) / 2, y, TITLE_SIZE, None)
                y -= TITLE_LEADING
            y -= LEADING  # an empty line after the title
            continue
        indent = 2 * BODY_SIZE if role == "body" else 0.0
        lines = wrap(para, BODY_SIZE, width - indent, width)
        for n, tokens in enumerate(lines):
            if y < bottom:
                furniture()
                c.showPage()
                page += 1
                y = PAGE_HEIGHT - top - BODY_SIZE
            if role == "signature":
                x = PAGE_WIDTH - right - 2 * BODY_SIZE - _natural(tokens, BODY_SIZE)
                _draw_line(c, tokens, x, y, BODY_SIZE, None)
            else:
                x = left + (indent if n == 0 else 0.0)
                full = justify and n < len(lines) - 1
                _draw_line(c, tokens, x, y, BODY_SIZE, left + width if full else None)
            y -= LEADING
    furniture()
    c.showPage()
    c.save()
    return buf.getvalue()


def image_pdf(pages: int = 2) -> bytes:
    """A 'scanned' report: every page one picture, no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(40, 560, 18):
        draw.line((40, row, 380, row), fill=40, width=3)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    for _ in range(pages):
        c.drawImage(ImageReader(picture), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        c.showPage()
    c.save()
    return buf.getvalue()


def rotated(data: bytes, degrees: int = 90) -> bytes:
    """The same PDF stored turned, with /Rotate turning it back, as scanners and printers do.

    Every page object is turned against ``degrees`` inside a media box of the turned size,
    so that every page still displays exactly as before.
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            turn, box = {
                90: ((0, 1, -1, 0, height, 0), (height, width)),  # (x, y) → (height - y, x)
                180: ((-1, 0, 0, -1, width, height), (width, height)),  # (x, y) → (width - x, height - y)
                270: ((0, -1, 1, 0, 0, width), (height, width)),  # (x, y) → (y, width - x)
            }[degrees]
            for obj in list(page.get_objects()):
                obj.transform(pdfium.PdfMatrix(*turn))
            page.set_mediabox(0, 0, *box)
            page.set_rotation(degrees)
            page.gen_content()
            page.close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()
