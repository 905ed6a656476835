"""OFD (GB/T 33190-2016): the zip is walked from OFD.xml to the pages, text is read with positions.

OFD.xml names the document root (DocBody/DocRoot → Doc_0/Document.xml); Document.xml lists the
pages in order (Pages/Page BaseLoc → Pages/Page_0/Content.xml), the default page size
(CommonData/PageArea) and the template pages (CommonData/TemplatePage) that pages draw under or
over themselves (Page/Template TemplateID), which is where running headers and footers live.
A page's text is in ofd:TextObject elements (Boundary "x y w h", optional CTM, Size) holding
ofd:TextCode runs (X/Y of the first glyph's baseline origin in the object's space, DeltaX/DeltaY
offsets between glyphs, possibly compressed as "g N value"). All units are millimetres and Y
grows downwards.

Every glyph run becomes a positioned fragment; fragments sharing a baseline become one
`lines.Line` (producers often cut a line into several objects), and the shared fixed-layout
reconstruction (`lines.to_blocks`) drops the repeated header/footer and page numbers and joins
lines into paragraphs. Template text is read like page text: a running header repeats on most
pages and is dropped there.

NOTE: no PyPI library was used. easyofd (the one maintained Python OFD reader) pulls in PyMuPDF,
reportlab, fontTools and loguru, takes base64 input, finds parts by substring match on names
and parses XML without our entity/size limits; all we need is ~200 lines over the zip.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from .errors import InputError
from .lines import Line, to_blocks
from .raw import RawText
from .safety import MAX_PDF_PAGES, parse_xml, read_member

_ASCENT = 0.85  # of the font size above the baseline: the em box used for a glyph's extent
_DESCENT = 0.15
MAX_PAGES = MAX_PDF_PAGES  # the same page limit as for PDF
_NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str) -> list:
    return [child for child in element if _local(child) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _attr(element, name: str) -> str | None:
    value = element.get(name)
    if value is None:  # some producers qualify attributes with the ofd: prefix
        for key, val in element.attrib.items():
            if key.rsplit("}", 1)[-1] == name:
                return val
    return value


class _Package:
    """Part lookup in the zip: ST_Loc paths are relative to the referring part, '/' is the root."""

    def __init__(self, archive: zipfile.ZipFile, path: str) -> None:
        self.archive = archive
        self.path = path
        self.names = {name for name in archive.namelist() if not name.endswith("/")}
        self.folded = {name.casefold(): name for name in self.names}

    def find(self, name: str) -> str | None:
        if name in self.names:
            return name
        return self.folded.get(name.casefold())

    def resolve(self, loc: str | None, base: str, what: str) -> str:
        """The member a location refers to from part ``base``; InputError when there is none."""
        loc = (loc or "").strip().replace("\\", "/")
        if not loc:
            raise InputError(self.path, f"文件已损坏：{base or 'OFD.xml'} 中缺少{what}的位置", "corrupt")
        candidates = []
        if loc.startswith("/"):
            candidates.append(posixpath.normpath(loc.lstrip("/")))
        else:
            candidates.append(posixpath.normpath(posixpath.join(posixpath.dirname(base), loc)))
            # NOTE: some producers write locations relative to the package root even in
            # Document.xml ("Doc_0/Pages/Page_0/Content.xml"): accept those too.
            candidates.append(posixpath.normpath(loc))
        for candidate in candidates:
            if candidate.startswith("../") or candidate == "..":
                continue
            found = self.find(candidate)
            if found is not None:
                return found
        raise InputError(self.path, f"文件不完整：缺少{what} {candidates[0]}", "corrupt")

    def xml(self, name: str):
        return parse_xml(read_member(self.archive, name, self.path), self.path, name)


def _numbers(text: str | None, part: str, path: str, what: str) -> list[float]:
    if text is None or not text.strip():
        return []
    values = []
    for token in text.split():
        if not _NUMBER_RE.fullmatch(token):
            raise InputError(path, f"文件已损坏：{part} 中的{what}“{text.strip()[:40]}”不是数字", "corrupt")
        values.append(float(token))
    return values


def _deltas(text: str | None, part: str, path: str, limit: int) -> list[float]:
    """An ST_Array of glyph offsets with the "g N value" runs expanded, at most ``limit`` of them."""
    if text is None or not text.strip():
        return []
    tokens = text.split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens) and len(out) < limit:
            if tokens[i] == "g":
                count, value = int(float(tokens[i + 1])), float(tokens[i + 2])
                i += 3
            else:
                count, value = 1, float(tokens[i])
                i += 1
            if count < 0 or not math.isfinite(value):
                raise ValueError(tokens[i - 1])
            out.extend([value] * min(count, limit - len(out)))  # never more than the glyphs need
    except (IndexError, ValueError, OverflowError):
        raise InputError(path, f"文件已损坏：{part} 中的字符间距“{text.strip()[:40]}”格式无效", "corrupt") from None
    return out


def _advance(char: str) -> float:
    """Estimated advance of a glyph, in ems, for runs without DeltaX."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


@dataclass(frozen=True, slots=True)
class _Fragment:
    """One TextCode run on the page: its extent, mean baseline and font size, in mm."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float


def _text_object(obj, part: str, path: str, origin: tuple[float, float]) -> list[_Fragment]:
    """The glyph runs of one TextObject, in page coordinates."""
    box = _numbers(_attr(obj, "Boundary"), part, path, "外接矩形")
    bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    ctm = _numbers(_attr(obj, "CTM"), part, path, "变换矩阵")
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    if abs(b) > 1e-3 * abs(a) + 1e-9 or abs(c) > 1e-3 * abs(d) + 1e-9:
        # NOTE: rotated text is a watermark or a stamp caption, never the report's body; its glyphs
        # would otherwise land one by one between the body lines they cross.
        return []
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    size_values = _numbers(_attr(obj, "Size"), part, path, "字号")
    size = size_values[0] if size_values else 3.5
    page_size = size * scale

    def to_page(x: float, y: float) -> tuple[float, float]:
        return bx + a * x + c * y + e - origin[0], by + b * x + d * y + f - origin[1]

    fragments = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        xs = _numbers(_attr(code, "X"), part, path, "坐标")
        ys = _numbers(_attr(code, "Y"), part, path, "坐标")
        x = xs[0] if xs else x  # an absent X or Y repeats the previous TextCode's (GB/T 33190 表 46)
        y = ys[0] if ys else y
        text = "".join(code.itertext())
        if not text.strip():
            continue
        dx = _deltas(_attr(code, "DeltaX"), part, path, len(text))
        dy = _deltas(_attr(code, "DeltaY"), part, path, len(text))
        points = []
        gx, gy = x, y
        for i, char in enumerate(text):
            points.append(to_page(gx, gy))
            if i < len(text) - 1:
                # a run without DeltaX would stack its glyphs (the letter of 表 46); producers that
                # omit it rely on the font's advance, which is estimated here
                gx += dx[i] if i < len(dx) else (0.0 if dy else _advance(char) * size)
                gy += dy[i] if i < len(dy) else 0.0
        end = to_page(gx + _advance(text[-1]) * size, gy)
        xs_page = [p[0] for p in points] + [end[0]]
        bases = [p[1] for p in points]
        fragments.append(_Fragment(text, min(xs_page), max(xs_page), min(bases) - _ASCENT * page_size,
                                   max(bases) + _DESCENT * page_size, sum(bases) / len(bases), page_size))
    return fragments


def _page_fragments(root, part: str, path: str, origin: tuple[float, float]) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    for content in _children(root, "Content"):
        for element in content.iter():
            if _local(element) == "TextObject":
                fragments.extend(_text_object(element, part, path, origin))
    return fragments


def _rows(fragments: list[_Fragment], page: int, height: float) -> list[Line]:
    """Fragments on one baseline → one Line; lines top to bottom, fragments left to right."""
    lines: list[Line] = []
    row: list[_Fragment] = []

    def flush() -> None:
        if not row:
            return
        row.sort(key=lambda fr: fr.x0)
        text = ""
        previous: _Fragment | None = None
        for fr in row:
            if previous is not None and fr.x0 - previous.x1 > max(fr.size, previous.size):
                text += " "  # a visible gap of more than a character (tidy() drops it between Chinese)
            text += fr.text
            previous = fr
        lines.append(Line(text, min(fr.x0 for fr in row), max(fr.x1 for fr in row), min(fr.top for fr in row),
                          max(fr.bottom for fr in row), page, height, max(fr.size for fr in row)))
        row.clear()

    for fr in sorted(fragments, key=lambda fr: (fr.base, fr.x0)):
        if row and fr.base - row[0].base > 0.3 * max(fr.size, row[0].size):
            flush()
        row.append(fr)
    flush()
    return lines


def _box(element, part: str, path: str) -> list[float] | None:
    """The PhysicalBox of an ofd:Area / ofd:PageArea, if given."""
    if element is None:
        return None
    physical = _child(element, "PhysicalBox")
    if physical is None:
        return None
    values = _numbers(physical.text, part, path, "页面大小")
    if len(values) != 4 or values[3] <= 0:
        raise InputError(path, f"文件已损坏：{part} 中的页面大小无效", "corrupt")
    return values


def read_ofd(archive: zipfile.ZipFile, path: str) -> RawText:
    pages = read_lines(archive, path)
    blocks = to_blocks(pages)
    if not blocks:
        raise InputError(path, "OFD 文件中没有正文文字，无法检查", "empty")
    return RawText("ofd", None, blocks, {}, pages=len(pages))


def read_lines(archive: zipfile.ZipFile, path: str) -> list[list[Line]]:
    """The positioned lines of every page (template text included), pages in document order."""
    package = _Package(archive, path)
    ofd_name = package.find("OFD.xml")
    if ofd_name is None:
        raise InputError(path, "文件不完整：缺少 OFD.xml", "corrupt")
    ofd = package.xml(ofd_name)
    body = _child(ofd, "DocBody")
    root_loc = _child(body, "DocRoot") if body is not None else None
    if root_loc is None or not (root_loc.text or "").strip():
        raise InputError(path, "文件已损坏：OFD.xml 中没有文档入口（DocRoot）", "corrupt")
    doc_name = package.resolve(root_loc.text, ofd_name, "文档根节点")
    document = package.xml(doc_name)

    common = _child(document, "CommonData")
    default_box = _box(_child(common, "PageArea"), doc_name, path) if common is not None else None
    templates: dict[str, str] = {}
    for template in _children(common, "TemplatePage") if common is not None else []:
        templates[_attr(template, "ID") or ""] = package.resolve(_attr(template, "BaseLoc"), doc_name, "模板页")

    pages_element = _child(document, "Pages")
    page_refs = _children(pages_element, "Page") if pages_element is not None else []
    if not page_refs:
        raise InputError(path, f"文件已损坏：{doc_name} 中没有页面", "corrupt")
    if len(page_refs) > MAX_PAGES:
        raise InputError(path, f"文件页数过多（{len(page_refs)} 页，上限 {MAX_PAGES} 页），拒绝处理", "too_large")

    parsed: dict[str, object] = {}

    def load(name: str):
        if name not in parsed:
            parsed[name] = package.xml(name)
        return parsed[name]

    pages: list[list[Line]] = []
    own_text = False
    for number, ref in enumerate(page_refs, start=1):
        page_name = package.resolve(_attr(ref, "BaseLoc"), doc_name, f"第 {number} 页")
        page = load(page_name)
        used = []
        for use in _children(page, "Template"):
            template_id = _attr(use, "TemplateID") or ""
            if template_id not in templates:
                raise InputError(path, f"文件已损坏：{page_name} 引用的模板页 {template_id} 不存在", "corrupt")
            used.append(templates[template_id])
        box = _box(_child(page, "Area"), page_name, path)
        for name in used:
            box = box or _box(_child(load(name), "Area"), name, path)
        box = box or default_box or [0.0, 0.0, 210.0, 297.0]  # A4 when nothing says otherwise
        origin = (box[0], box[1])
        fragments = _page_fragments(page, page_name, path, origin)
        own_text = own_text or bool(fragments)
        for name in used:
            fragments.extend(_page_fragments(load(name), name, path, origin))
        pages.append(_rows(fragments, number, box[3]))

    if not own_text:
        raise InputError(path, "OFD 文件中没有文字（可能是扫描件，页面只有图片），无法检查", "empty")
    return pages
