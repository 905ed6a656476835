"""Word (.docx): body paragraphs in reading order, as Word shows them.

Only the main document part is read: footnotes, endnotes, comments, headers and footers live
in other parts and are never body text. Tracked changes are shown accepted (insertions kept,
deletions dropped), fields show their results, content controls and tables are read in place
(one table row, one block), text boxes follow the paragraph that anchors them. Word's
automatic numbering is rendered into the text ("一、", "（一）", "1.", "①"): the heading
grammar in `outline.py` reads those numbers, and an office's Word file has them only in
numbering.xml.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import NamedTuple

from .errors import InputError
from .raw import Block, Hint, RawText
from .safety import parse_xml, read_member

_W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
         "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional, strict
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ALT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_SPACE = "　"
_BR = "\x0b"  # a line break inside a paragraph, resolved once its neighbours are known
_BR_RE = re.compile(_BR + "+")
_WIDE_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HEADING_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)  # names, and ids like Heading1
_OFF = ("0", "false", "off")
_Sink = list[tuple[str, "int | None"]]  # (text, heading level) per block


def _part(base: str, target: str) -> str:
    """The zip member a relationship target names, relative to the part ``base``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(archive: zipfile.ZipFile, part: str, path: str) -> dict[str, str]:
    """Relationship type (last path segment) → member name, for ``part`` ("" for the package)."""
    name = _part(part, "_rels/" + posixpath.basename(part) + ".rels")
    found: dict[str, str] = {}
    if name in archive.NameToInfo:
        for rel in parse_xml(read_member(archive, name, path), path, name).iter(_REL):
            kind, target = rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", "")
            if target and rel.get("TargetMode") != "External":
                found.setdefault(kind, _part(part, target))
    return found


# ---------------------------------------------------------------- number formats

_CN, _LEGAL_S, _LEGAL_T = ("零一二三四五六七八九", "十百千"), ("零壹贰叁肆伍陆柒捌玖", "拾佰仟"), ("零壹貳參肆伍陸柒捌玖", "拾佰仟")
_COUNTING = {"chineseCounting": (_CN,), "chineseCountingThousand": (_CN,), "taiwaneseCounting": (_CN,),
             "taiwaneseCountingThousand": (_CN,), "japaneseCounting": (_CN, False, True),
             "chineseLegalSimplified": (_LEGAL_S, True), "ideographLegalTraditional": (_LEGAL_T, True)}
_CIRCLED = ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))
_ENCLOSED = {"decimalEnclosedCircle": _CIRCLED, "decimalEnclosedCircleChinese": _CIRCLED,
             "decimalEnclosedParen": ((1, 20, 0x2474),), "decimalEnclosedFullstop": ((1, 20, 0x2488),)}
_CYCLES = {"ideographTraditional": "甲乙丙丁戊己庚辛壬癸", "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥"}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _counting(n: int, table: tuple[str, str], legal: bool = False, japanese: bool = False) -> str:
    """一 … 十, 十一, 二十, 一百零一 (legal: 壹拾; japanese: 百一, no 零)."""
    if not 0 < n < 10000:
        return table[0][0] if n == 0 else str(n)
    digits, out, zero = str(n), [], False
    for i, ch in enumerate(digits):
        d, pos = int(ch), len(digits) - 1 - i
        if d == 0:
            zero = bool(out) and not japanese
            continue
        if zero:
            out.append(table[0][0])
            zero = False
        if not (d == 1 and pos and (japanese or (pos == 1 and not out and not legal))):
            out.append(table[0][d])
        if pos:
            out.append(table[1][pos - 1])
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in the Word number format ``fmt`` (w:numFmt/@w:val); unknown formats give decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in _COUNTING:
        return _counting(n, *_COUNTING[fmt])
    if fmt in _ENCLOSED:
        found = [chr(base + n - low) for low, high, base in _ENCLOSED[fmt] if low <= n <= high]
        return found[0] if found else str(n)
    if fmt in _CYCLES:
        return _CYCLES[fmt][n - 1] if 0 < n <= len(_CYCLES[fmt]) else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 780:
        letter = chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: … Z, AA, BB
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        roman = ""
        for value, sign in _ROMAN:
            count, n = divmod(n, value)
            roman += sign * count
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


# ---------------------------------------------------------------- styles and numbering


# What an element inside a paragraph means to the text, looked up by tag in one dict.
_TEXT, _TAB, _BREAK, _HYPHEN, _PROPS, _BOX, _CHOICE, _SDT, _SKIP = range(9)


class _Word:
    """Tag names ("{ns}local") of one WordprocessingML namespace, transitional or strict."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.v = self.tag("val")
        self.kinds = dict.fromkeys(map(self.tag, (
            "del moveFrom delText instrText delInstrText pPr footnoteReference endnoteReference commentReference "
            "annotationRef rt sdtPr sdtEndPr sectPr tblPr tblGrid trPr tcPr sym").split()), _SKIP)
        self.kinds.update({self.t: _TEXT, self.tab: _TAB, self.ptab: _TAB, self.br: _BREAK, self.cr: _BREAK,
                           self.noBreakHyphen: _HYPHEN, self.rPr: _PROPS, self.txbxContent: _BOX, _ALT: _CHOICE,
                           self.sdt: _SDT})

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def __getattr__(self, local: str) -> str:
        setattr(self, local, self.tag(local))
        return getattr(self, local)

    def val(self, el, child: str, default: str | None = None) -> str | None:
        found = el.find(getattr(self, child)) if el is not None else None
        return found.get(self.v, default) if found is not None else default

    def num_pr(self, ppr) -> tuple[str | None, int | None] | None:
        pr = ppr.find(self.numPr) if ppr is not None else None
        ilvl = self.val(pr, "ilvl")
        return None if pr is None else (self.val(pr, "numId"), _int(ilvl))


class _Style(NamedTuple):
    name: str
    based: str | None
    num: tuple[str | None, int | None] | None  # the style's numPr: (numId, ilvl)
    outline: int | None


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart: the 1-based level whose use restarts this one; 0: never
    legal: bool
    suff: str
    style: str | None


def _int(value: str | None, default: int | None = None) -> int | None:
    return int(value) if value and len(value) < 10 and value.isascii() and value.isdigit() else default


def _level(el, w: _Word) -> _Level:
    legal = el.find(w.isLgl)
    return _Level(_int(w.val(el, "start"), 1), w.val(el, "numFmt") or "decimal", w.val(el, "lvlText") or "",
                  _int(w.val(el, "lvlRestart")), legal is not None and legal.get(w.v, "1") not in _OFF,
                  w.val(el, "suff") or "tab", w.val(el, "pStyle"))


class _Numbering:
    """numbering.xml as running counts. NOTE: as in Word, every w:num of one w:abstractNum
    shares one count; a w:num's lvlOverride/startOverride restarts it where that num is first used."""

    def __init__(self, root, w: _Word, styles: dict[str, _Style]) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum → style named by its w:numStyleLink
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        self.styles = styles
        for el in root.iter(w.abstractNum) if root is not None else ():
            aid = el.get(w.abstractNumId, "")
            levels = ((_int(lv.get(w.ilvl)), lv) for lv in el.findall(w.lvl))
            self.abstract[aid] = {k: _level(lv, w) for k, lv in levels if k is not None}
            if w.val(el, "numStyleLink"):
                self.links[aid] = w.val(el, "numStyleLink")
        for el in root.iter(w.num) if root is not None else ():
            starts, levels = {}, {}
            for ov in el.findall(w.lvlOverride):
                ilvl, lvl = _int(ov.get(w.ilvl), 0), ov.find(w.lvl)
                if not 0 <= ilvl <= 8:
                    continue
                if lvl is not None:
                    levels[ilvl] = _level(lvl, w)
                    starts[ilvl] = levels[ilvl].start
                if _int(w.val(ov, "startOverride")) is not None:
                    starts[ilvl] = _int(w.val(ov, "startOverride"))
            self.nums[el.get(w.numId, "")] = (w.val(el, "abstractNumId") or "", starts, levels)

    def _abstract_id(self, num_id: str) -> str:
        aid = self.nums[num_id][0]
        style = self.styles.get(self.links.get(aid, ""))
        linked = style.num[0] if style is not None and style.num else None
        return self.nums[linked][0] if linked in self.nums and linked != num_id else aid

    def label(self, num_id: str, ilvl: int | None, style: str | None) -> str:
        """Advance list ``num_id`` at level ``ilvl``; the paragraph's number as Word shows it."""
        if num_id not in self.nums:  # also numId 0: numbering removed
            return ""
        aid = self._abstract_id(num_id)
        _, starts, own = self.nums[num_id]
        levels = {**self.abstract.get(aid, {}), **own}
        if ilvl is None:  # a style's numPr without ilvl: the level that names the style, else 0
            ilvl = next((k for k, lv in levels.items() if style and lv.style == style), 0)
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl <= 8:
            return ""
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for k in starts:
                counters[k] = None

        def base(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        counters[ilvl] = base(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if ilvl < (deeper if restart is None else restart):
                counters[deeper] = None

        def placeholder(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            value = counters[k] if counters[k] is not None else base(k)
            return format_number(value, "decimal" if level.legal else levels[k].fmt if k in levels else "decimal")

        text = "" if level.fmt == "bullet" else re.sub(r"%([1-9])", placeholder, level.text).strip()
        if not re.search(r"[^\W_]", text):  # bullets, "none", punctuation left alone
            return ""
        return text + ("" if level.suff == "nothing" or text.endswith(("、", "）")) else " ")


def _styles(root, w: _Word) -> tuple[dict[str, _Style], str | None]:
    styles: dict[str, _Style] = {}
    default = None
    for el in root.iter(w.style) if root is not None else ():
        sid, ppr = el.get(w.styleId, ""), el.find(w.pPr)
        styles[sid] = _Style(w.val(el, "name") or "", w.val(el, "basedOn"), w.num_pr(ppr),
                             _int(w.val(ppr, "outlineLvl")))
        if el.get(w.type) == "paragraph" and el.get(w.default) in ("1", "true", "on"):
            default = sid
    return styles, default


# ---------------------------------------------------------------- the body


class _Reader:
    def __init__(self, w: _Word, styles: dict[str, _Style], default: str | None, numbering: _Numbering) -> None:
        self.w, self.styles, self.default, self.numbering = w, styles, default, numbering
        self.levels: dict[str | None, int | None] = {None: None}
        self.nums: dict[str | None, tuple[str | None, tuple[str | None, int | None]]] = {}

    def _chain(self, sid: str | None):
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield sid, self.styles[sid]
            sid = self.styles[sid].based

    def _heading(self, sid: str | None) -> int | None:
        """The heading level a style (or the style it is based on) gives: Heading 1-9, Title, outlineLvl."""
        if sid not in self.levels:
            self.levels[sid] = None
            for style_id, style in self._chain(sid):
                m = _HEADING_RE.match(style.name) or _HEADING_RE.match(style_id)
                if style.outline is not None or m or style.name.lower() in ("title", "标题"):
                    level = style.outline + 1 if style.outline is not None else int(m.group(1)) if m else 1
                    self.levels[sid] = level if level <= 9 else None
                    break
        return self.levels[sid]

    def _hidden(self, sdt) -> bool:
        """A content control showing its prompt text, or a table of contents: not report text."""
        pr = sdt.find(self.w.sdtPr)
        gallery = self.w.val(pr.find(self.w.docPartObj), "docPartGallery", "") if pr is not None else ""
        return pr is not None and (pr.find(self.w.showingPlcHdr) is not None or "Contents" in (gallery or ""))

    def runs(self, el, out: list[str], boxes: list) -> None:
        kinds = self.w.kinds
        for child in el:
            kind = kinds.get(child.tag)
            if kind is None:  # r, ins, moveTo, hyperlink, smartTag, fldSimple, drawing, pict …
                self.runs(child, out, boxes)
            elif kind == _TEXT:
                out.append(child.text or "")
            elif kind == _PROPS:  # a run's first child: hidden text ends the run here
                vanish = child.find(self.w.vanish)
                if vanish is not None and vanish.get(self.w.v, "1") not in _OFF:
                    return
            elif kind == _TAB or kind == _BREAK or kind == _HYPHEN:
                out.append(_SPACE if kind == _TAB else _BR if kind == _BREAK else "-")
            elif kind == _BOX:
                boxes.append(child)
            elif kind == _CHOICE:  # mc:Choice, else mc:Fallback: the same content twice
                self.runs(child[:1], out, boxes)
            elif kind == _SDT and not self._hidden(child):
                self.runs(child, out, boxes)

    def _style_num(self, sid: str | None) -> tuple[str | None, tuple[str | None, int | None]]:
        """The style whose numPr a paragraph of style ``sid`` inherits, and that numPr."""
        if sid not in self.nums:
            self.nums[sid] = next(((i, s.num) for i, s in self._chain(sid) if s.num), (sid, (None, None)))
        return self.nums[sid]

    def paragraph(self, p, sink: _Sink) -> None:
        w = self.w
        sid, direct, outline, deleted = self.default, (None, None), None, False
        ppr = p.find(w.pPr)
        for prop in ppr if ppr is not None else ():
            if prop.tag == w.pStyle:
                sid = prop.get(w.v)
            elif prop.tag == w.numPr:
                direct = w.num_pr(ppr) or direct
            elif prop.tag == w.outlineLvl:
                outline = _int(prop.get(w.v))
            elif prop.tag == w.rPr:
                deleted = prop.find(w.tag("del")) is not None
        if sid in self.styles and self.styles[sid].name.lower().startswith("toc"):
            return  # NOTE: a table of contents repeats the headings with page numbers
        parts: list[str] = []
        boxes: list = []
        self.runs(p, parts, boxes)
        text = "".join(parts)
        text = (_BR_RE.sub(_join_break, text) if _BR in text else text).strip()
        owner, (num_id, ilvl) = self._style_num(sid)
        if direct[0]:
            num_id, ilvl = direct[0], direct[1] if direct[1] is not None else 0
        elif direct[1] is not None:
            ilvl = direct[1]
        label = self.numbering.label(num_id, ilvl, owner) if num_id and (text or not deleted) else ""
        if text:
            level = self._heading(sid) if outline is None else outline + 1 if 0 <= outline <= 8 else None
            sink.append((label + text, level))
        for box in boxes:
            self.container(box, sink)

    def container(self, el, sink: _Sink) -> None:
        w = self.w
        for child in el:
            tag = child.tag
            if tag == w.p:
                self.paragraph(child, sink)
            elif tag == w.tbl:
                self.table(child, sink)
            elif tag == _ALT:
                self.container(child[:1], sink)
            elif w.kinds.get(tag) != _SKIP and not (tag == w.sdt and self._hidden(child)):
                self.container(child, sink)  # sdt, sdtContent, customXml, ins, moveTo …

    def _children(self, el, tag: str):
        """``tag`` children of ``el``, looking through content controls and custom XML."""
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag in (self.w.sdt, self.w.sdtContent, self.w.customXml):
                yield from self._children(child, tag)

    def table(self, tbl, sink: _Sink) -> None:
        rows = []
        for tr in self._children(tbl, self.w.tr):
            if tr.find(f"{self.w.trPr}/{self.w.tag('del')}") is None:
                cells: list[_Sink] = []
                for tc in self._children(tr, self.w.tc):
                    cells.append([])
                    self.container(tc, cells[-1])
                rows.append([cell for cell in cells if cell])
        # NOTE: a one-column table is page layout (a report boxed in a frame), not data: its
        # paragraphs stay paragraphs, or a whole report would become one block.
        if all(len(cells) <= 1 for cells in rows):
            sink.extend(block for cells in rows for cell in cells for block in cell)
        else:
            joined = (_SPACE.join(_SPACE.join(t for t, _ in cell) for cell in cells) for cells in rows if cells)
            sink.extend((text, None) for text in joined)


def _join_break(m: re.Match[str]) -> str:
    """No space at a line break between Chinese characters, one between Latin words."""
    before, after = m.string[m.start() - 1: m.start()], m.string[m.end(): m.end() + 1]
    wide = not before.strip() or not after.strip() or _WIDE_RE.match(before) or _WIDE_RE.match(after)
    return "" if wide else " "


def _title_hint(archive: zipfile.ZipFile, name: str, path: str) -> dict[str, Hint]:
    """The core-properties title, when it is a report title (not "Microsoft Word - x.doc")."""
    if name not in archive.NameToInfo:
        return {}
    try:
        found = parse_xml(read_member(archive, name, path), path, name).find(_DC_TITLE)
    except InputError:
        return {}  # metadata only: a broken core.xml must not cost the report
    title = (found.text or "").strip() if found is not None else ""
    if (("报告" in title or "情况" in title) and "法治" in title and len(title) <= 120
            and not title.lower().startswith("microsoft") and not re.search(r"\.(?:docx?|wps|pdf)$", title, re.I)):
        return {"title": Hint(title, "文档属性")}
    return {}


def read_docx(archive: zipfile.ZipFile, path: str) -> RawText:
    package = _rels(archive, "", path)
    main = package.get("officeDocument", "word/document.xml")
    main = main if main in archive.NameToInfo else "word/document.xml"
    if main not in archive.NameToInfo:
        raise InputError(path, "不是有效的 Word 文档：缺少正文部分 word/document.xml", "corrupt")
    root = parse_xml(read_member(archive, main, path), path, main)
    ns = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if ns not in _W_NS:
        raise InputError(path, f"不是有效的 Word 文档：{main} 不是 Word 正文", "corrupt")
    w = _Word(ns)
    parts = _rels(archive, main, path)

    def aux(kind: str):
        name = parts.get(kind, _part(main, f"{kind}.xml"))
        return parse_xml(read_member(archive, name, path), path, name) if name in archive.NameToInfo else None

    styles, default = _styles(aux("styles"), w)
    reader = _Reader(w, styles, default, _Numbering(aux("numbering"), w, styles))
    sink: _Sink = []
    reader.container(root.findall(w.body), sink)
    if not sink:
        raise InputError(path, "Word 文档中没有可读的文字（可能只有图片或扫描页）", "empty")
    blocks = [Block(text, i, heading_level=level, joinable=False) for i, (text, level) in enumerate(sink, start=1)]
    hints = _title_hint(archive, package.get("core-properties", "docProps/core.xml"), path)
    return RawText("docx", None, blocks, hints)
