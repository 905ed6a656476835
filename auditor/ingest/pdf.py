"""PDF: pdfium's text layer → positioned lines → paragraphs (the shared `lines.to_blocks`).

pdfium (through pypdfium2's raw bindings) already orders a page's characters into text lines
and marks each line end with a generated CR LF. For every such line the reader asks pdfium
for a handful of facts only — the loose boxes of its first and last visible characters and
the size of its text — so that the work per page stays a few calls per line, not per
character. A line whose two ends are not on one baseline (pdfium joined two rows) is split
character by character; fragments of one row that pdfium kept apart are joined again.

Wrong text layers are repaired on the way: Kangxi radicals (⼀ ⽇ …) become the ordinary
ideographs, control characters become spaces, and `lines.tidy` removes the spaces that
justified lines and Chinese–Latin autospacing leave ("2020 年" → "2020年").

Every pdfium object is closed in a ``finally`` so that memory stays flat over many files.
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
import unicodedata
from typing import Any, Callable

from . import safety
from .errors import InputError
from .lines import Line, to_blocks
from .raw import Hint, RawText

MAX_CHARS = 5_000_000  # text characters over the whole document
_LOCK = threading.Lock()  # pdfium is not thread-safe

# Kangxi radicals and CJK radical supplements that bad text layers put in place of the
# ordinary ideographs (⼀ for 一, ⽇ for 日 …), and control characters (pdfium writes
# U+0002 for a hyphen at a line end), both mapped one character to one character.
_REPAIR: dict[int, str] = {}
for _cp in [*range(0x2F00, 0x2FD6), *range(0x2E80, 0x2EF4)]:
    _folded = unicodedata.normalize("NFKC", chr(_cp))
    if len(_folded) == 1 and _folded != chr(_cp):
        _REPAIR[_cp] = _folded
for _cp in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF]:
    _REPAIR[_cp] = " "

# A line as pdfium gives it: text, x0, x1, top, bottom (display space), size, angle.
_Found = tuple[str, float, float, float, float, float, float]

_LINE_RE = re.compile(r"[^\r\n]+")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_GARBLED_RE = re.compile("[\ufffd\ue000-\uf8ff]")
_TITLE_JUNK_RE = re.compile(r"^\s*microsoft\s|\.(?:docx?|wps|pdf|ofd|txt)\s*$", re.IGNORECASE)


def repair(text: str) -> str:
    """``text`` with Kangxi radicals folded and control characters blanked (same length)."""
    return text.translate(_REPAIR)


def read_pdf(data: bytes, path: str) -> RawText:
    try:
        import pypdfium2  # noqa: F401  (initialises the pdfium library)
        import pypdfium2.raw as pdfium
    except ImportError:
        raise InputError(path, "读取 PDF 需要 pypdfium2 组件，请先安装（pip install pypdfium2）后重试",
                         "unsupported") from None
    with _LOCK:
        pages, hints = _read(pdfium, data, path)
    return RawText("pdf", None, to_blocks(pages), hints, pages=len(pages))


def _read(pdfium: Any, data: bytes, path: str) -> tuple[list[list[Line]], dict[str, Hint]]:
    doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        _open_failed(pdfium, data, path)
    try:
        count = pdfium.FPDF_GetPageCount(doc)
        if count > safety.MAX_PDF_PAGES:
            raise InputError(path, f"PDF 共 {count} 页，超过上限 {safety.MAX_PDF_PAGES} 页，拒绝处理", "too_large")
        if count <= 0:
            raise InputError(path, "文件已损坏：PDF 中没有可读取的页面", "corrupt")
        reader = _PageReader(pdfium)
        pages: list[list[Line]] = []
        broken = 0
        chars = 0
        for number in range(1, count + 1):
            lines = reader.read(doc, number)
            if lines is None:
                broken += 1
                lines = []
            chars += sum(len(line.text) for line in lines)
            if chars > MAX_CHARS:
                raise InputError(path, f"PDF 文字超过 {MAX_CHARS // 10000} 万字，拒绝处理", "too_large")
            pages.append(lines)
        hints = _hints(pdfium, doc)
    finally:
        pdfium.FPDF_CloseDocument(doc)
    _check_text(pages, count, broken, data, path)
    return pages, hints


def _open_failed(pdfium: Any, data: bytes, path: str) -> None:
    code = pdfium.FPDF_GetLastError()
    if code in (pdfium.FPDF_ERR_PASSWORD, pdfium.FPDF_ERR_SECURITY):
        raise InputError(path, "文件已加密（PDF 设有打开密码），请先取消密码保护后再检查", "encrypted")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(path, "文件已损坏：PDF 不完整（可能下载或复制时被截断），无法打开", "corrupt")
    raise InputError(path, "文件已损坏，无法作为 PDF 打开", "corrupt")


def _check_text(pages: list[list[Line]], count: int, broken: int, data: bytes, path: str) -> None:
    """Refuse a PDF whose text layer is missing, garbled or cut short."""
    text = "".join(line.text for lines in pages for line in lines)
    visible = len(text) - text.count(" ")
    truncated = b"%%EOF" not in data[-2048:]
    if broken and (truncated or broken * 2 >= count):
        raise InputError(path, f"文件已损坏：PDF 有 {broken} 页无法读取", "corrupt")
    if visible < 40 or visible < 20 * count:
        if truncated:
            raise InputError(path, "文件已损坏：PDF 不完整（可能被截断），读不出文字", "corrupt")
        raise InputError(path, "PDF 没有文字层，是扫描件，需要先做文字识别（OCR）后再检查", "needs_ocr")
    if len(_GARBLED_RE.findall(text)) > 0.3 * visible:
        raise InputError(path, "PDF 的文字层无法解码（字体缺少编码映射，提取出来是乱码），需要先做文字识别（OCR）后再检查",
                         "needs_ocr")


def _hints(pdfium: Any, doc: Any) -> dict[str, Hint]:
    """The document-information title, when it reads like a report title."""
    size = pdfium.FPDF_GetMetaText(doc, b"Title", None, 0)
    if size <= 2 or size > 4096:
        return {}
    buf = ctypes.create_string_buffer(size)
    pdfium.FPDF_GetMetaText(doc, b"Title", buf, size)
    title = buf.raw[: size - 2].decode("utf-16-le", errors="replace").strip()
    if (("报告" in title or "情况" in title) and "法治" in title and len(title) <= 120
            and not _TITLE_JUNK_RE.search(title)):
        return {"title": Hint(repair(title), "文档属性")}
    return {}


class _PageReader:
    """Positioned lines of one page at a time, reusing its ctypes buffers."""

    def __init__(self, pdfium: Any) -> None:
        self.pdfium = pdfium
        self.rect = pdfium.FS_RECTF()
        self.matrix = pdfium.FS_MATRIX()

    def read(self, doc: Any, number: int) -> list[Line] | None:
        """The page's lines in reading order; None when pdfium cannot load the page."""
        pdfium = self.pdfium
        page = pdfium.FPDF_LoadPage(doc, number - 1)
        if not page:
            return None
        try:
            textpage = pdfium.FPDFText_LoadPage(page)
            if not textpage:
                return None
            try:
                return self._lines(page, textpage, number)
            finally:
                pdfium.FPDFText_ClosePage(textpage)
        finally:
            pdfium.FPDF_ClosePage(page)

    # -- geometry ---------------------------------------------------------------------

    def _frame(self, page: Any) -> None:
        """Page box and rotation: the map from user space to the displayed page."""
        pdfium = self.pdfium
        box = self.rect
        if not pdfium.FPDF_GetPageBoundingBox(page, ctypes.byref(box)):
            box.left, box.bottom = 0.0, 0.0
            box.right, box.top = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
        self.box = (box.left, min(box.bottom, box.top), box.right, max(box.bottom, box.top))
        self.rotation = pdfium.FPDFPage_GetRotation(page) % 4
        left, bottom, right, top = self.box
        self.height = (right - left) if self.rotation in (1, 3) else (top - bottom)

    def _display(self, l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
        """A user-space box as (x0, x1, top, bottom) on the displayed page, top measured down."""
        left, bottom, right, top = self.box
        rot = self.rotation
        if rot == 0:
            return l - left, r - left, top - t, top - b
        if rot == 1:  # 90° clockwise
            return b - bottom, t - bottom, l - left, r - left
        if rot == 2:
            return right - r, right - l, b - bottom, t - bottom
        return top - t, top - b, right - r, right - l

    def _box(self, textpage: Any, index: int) -> tuple[float, float, float, float]:
        rect = self.rect
        self.pdfium.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect))
        return self._display(rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))

    def _size_angle(self, textpage: Any, index: int, box: tuple[float, float, float, float]) -> tuple[float, float]:
        """Font size in page units (text matrix included) and the text direction in degrees."""
        m = self.matrix
        size = self.pdfium.FPDFText_GetFontSize(textpage, index)
        angle = 0.0
        if self.pdfium.FPDFText_GetMatrix(textpage, index, ctypes.byref(m)):
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
            angle = math.degrees(math.atan2(m.b, m.a)) % 360
        if not 1.0 <= size <= 400.0:
            size = box[3] - box[2] if box[3] - box[2] >= 1.0 else 10.0  # the loose box height, or a guess
        return size, angle

    # -- lines ------------------------------------------------------------------------

    def _text(self, textpage: Any) -> tuple[str, int]:
        pdfium = self.pdfium
        count = pdfium.FPDFText_CountChars(textpage)
        if count <= 0:
            return "", 0
        buf = (ctypes.c_ushort * (2 * count + 2))()
        written = pdfium.FPDFText_GetText(textpage, 0, count, buf)
        raw = bytes(memoryview(buf).cast("B")[: max(written - 1, 0) * 2])
        return raw.decode("utf-16-le", errors="replace"), count

    def _lines(self, page: Any, textpage: Any, number: int) -> list[Line]:
        text, count = self._text(textpage)
        if not text.strip():
            return []
        self._frame(page)
        text = repair(text)
        char_of = self._index_map(textpage, text, count)
        found: list[_Found] = []
        for m in _LINE_RE.finditer(text):
            line = m.group()
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            if not body:
                continue
            first = char_of(m.start() + lead)
            last = char_of(m.start() + lead + len(body) - 1)
            if first < 0 or last < 0:
                continue
            a = self._box(textpage, first)
            z = self._box(textpage, last) if last != first else a
            size, angle = self._size_angle(textpage, first, a)
            if abs((a[2] + a[3]) - (z[2] + z[3])) / 2 > 0.6 * max(size, 1.0):
                found.extend(self._split(textpage, m.start() + lead, body, char_of))
                continue
            found.append((body, min(a[0], z[0]), max(a[1], z[1]), min(a[2], z[2]), max(a[3], z[3]), size, angle))
        return self._rows(found, number)

    def _index_map(self, textpage: Any, text: str, count: int) -> Callable[[int], int]:
        """Text offset → pdfium character index (the identity for nearly every page)."""
        if len(text) == count and not _ASTRAL_RE.search(text):
            return lambda offset: offset
        units = [0] * (len(text) + 1)
        u = 0
        for i, ch in enumerate(text):
            units[i] = u
            u += 2 if ord(ch) > 0xFFFF else 1
        units[len(text)] = u
        to_char = self.pdfium.FPDFText_GetCharIndexFromTextIndex
        return lambda offset: to_char(textpage, units[offset])

    def _split(self, textpage: Any, start: int, body: str, char_of: Callable[[int], int]) -> list[_Found]:
        """Rows of a pdfium line that runs over more than one baseline, character by character."""
        rows: list[_Found] = []
        row: list[tuple[int, tuple[float, float, float, float]]] = []  # (offset in body, box)

        def close() -> None:
            if not row:
                return
            boxes = [box for _, box in row]
            first = row[0][1]
            size, angle = self._size_angle(textpage, char_of(start + row[0][0]), first)
            rows.append((body[row[0][0]: row[-1][0] + 1], min(b[0] for b in boxes), max(b[1] for b in boxes),
                         min(b[2] for b in boxes), max(b[3] for b in boxes), size, angle))
            row.clear()

        for k, ch in enumerate(body):
            index = char_of(start + k)
            if ch.isspace() or index < 0:
                continue
            box = self._box(textpage, index)
            if row:
                last = row[-1][1]
                height = max(last[3] - last[2], box[3] - box[2], 1.0)
                if abs((box[2] + box[3]) - (last[2] + last[3])) / 2 > 0.6 * height or box[0] < last[0] - height:
                    close()
            row.append((k, box))
        close()
        return rows

    def _rows(self, found: list[_Found], number: int) -> list[Line]:
        """Lines of the page: fragments of one row joined, text at an odd angle left out."""
        if not found:
            return []
        angles: dict[int, int] = {}
        for item in found:
            key = round(item[6] / 5) * 5 % 360
            angles[key] = angles.get(key, 0) + len(item[0])
        main = max(angles, key=angles.__getitem__)
        out: list[Line] = []
        for body, x0, x1, top, bottom, size, angle in found:
            if min(abs(angle - main), 360 - abs(angle - main)) > 10:
                continue  # a watermark, a seal, a stamp across the text
            if out:
                prev = out[-1]
                overlap = min(prev.bottom, bottom) - max(prev.top, top)
                if overlap > 0.6 * min(prev.bottom - prev.top, bottom - top) and x0 >= prev.x1 - 0.5 * size:
                    gap = " " if x0 - prev.x1 > 0.8 * size else ""
                    out[-1] = Line(prev.text + gap + body, prev.x0, x1, min(prev.top, top), max(prev.bottom, bottom),
                                   number, self.height, max(prev.size, size))
                    continue
            out.append(Line(body, x0, x1, top, bottom, number, self.height, size))
        return out
