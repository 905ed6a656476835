"""Build .docx files (bytes) by writing the OOXML parts with zipfile: no Word needed.

The small builders (`para`, `run`, `table`, `level`, `abstract`, `num`, `style`) return XML
fragments; `build_docx` packs them into a complete package. `report_docx` turns a sample
report's text into a Word file whose heading numbers (第一部分, 一、, （一）, 1., (1)) are
removed from the text and produced by real numbering definitions instead, as an office's
Word file has them.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')
_QUOTE = {'"': "&quot;"}
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def run(text: str, *, rpr: str = "") -> str:
    """One run; ``text`` may contain "\\t" (w:tab) and "\\n" (w:br)."""
    pieces = []
    for chunk in re.split(r"(\t|\n)", text):
        if chunk == "\t":
            pieces.append("<w:tab/>")
        elif chunk == "\n":
            pieces.append("<w:br/>")
        elif chunk:
            pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{''.join(pieces)}</w:r>"


def ins(text: str) -> str:
    return f'<w:ins w:id="1" w:author="审核人" w:date="2024-03-01T00:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="2" w:author="审核人" w:date="2024-03-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def field(instruction: str, result: str) -> str:
    """A complex field: the instruction is dropped, the shown result kept."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
            f'{escape(instruction)} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(result)}'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def footnote_ref(note_id: int = 1) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def para(text: str = "", *, style: str | None = None, num: tuple[int, int | None] | None = None,
         content: str = "", ppr: str = "", chunk: int = 0) -> str:
    """A paragraph: ``text`` as runs (split every ``chunk`` characters when given), then raw ``content``."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        ilvl = f'<w:ilvl w:val="{num[1]}"/>' if num[1] is not None else ""
        props += f'<w:numPr>{ilvl}<w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    pieces = [text[i:i + chunk] for i in range(0, len(text), chunk)] if chunk and text else [text]
    runs = "".join(run(p) for p in pieces if p)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}{content}</w:p>"


def table(rows: list[list[str]]) -> str:
    """A table; a cell is paragraph XML (starting with "<") or plain text."""
    def cell(c: str) -> str:
        return f"<w:tc>{c if c.startswith('<') else para(c)}</w:tc>"
    body = "".join(f"<w:tr>{''.join(cell(c) for c in row)}</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{body}</w:tbl>'


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, suff: str | None = None, restart: int | None = None,
          legal: bool = False, pstyle: str | None = None) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
            + (f'<w:pStyle w:val="{pstyle}"/>' if pstyle else "")
            + ("<w:isLgl/>" if legal else "")
            + (f'<w:suff w:val="{suff}"/>' if suff else "")
            + f'<w:lvlText w:val="{escape(text, _QUOTE)}"/><w:lvlJc w:val="left"/></w:lvl>')


def abstract(aid: int, *levels: str) -> str:
    return (f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
            f'{"".join(levels)}</w:abstractNum>')


def num(num_id: int, aid: int, starts: dict[int, int] | None = None) -> str:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for k, v in (starts or {}).items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def numbering(*parts: str) -> str:
    """numbering.xml: every w:abstractNum must come before every w:num."""
    ordered = sorted(parts, key=lambda p: not p.startswith("<w:abstractNum"))
    return f'<w:numbering {_NS}>{"".join(ordered)}</w:numbering>'


def style(sid: str, name: str, *, based: str | None = None, num: tuple[int, int | None] | None = None,
          outline: int | None = None, default: bool = False) -> str:
    ppr = ""
    if num is not None:
        ilvl = f'<w:ilvl w:val="{num[1]}"/>' if num[1] is not None else ""
        ppr += f'<w:numPr>{ilvl}<w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    flag = ' w:default="1"' if default else ""
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"{flag}>'
            f'<w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based}"/>' if based else "")
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + "</w:style>")


BASE_STYLES = (style("Normal", "Normal", default=True), style("Title", "Title", based="Normal"),
               style("Heading1", "heading 1", based="Normal", outline=0),
               style("Heading2", "heading 2", based="Normal", outline=1))


def build_docx(body: str | list[str], *, numbering_xml: str | None = None, styles: tuple[str, ...] = BASE_STYLES,
               footnotes: dict[int, str] | None = None, header: str | None = None, footer: str | None = None,
               core_title: str | None = None, document_xml: bytes | None = None, omit: tuple[str, ...] = ()) -> bytes:
    """A complete .docx package. ``document_xml`` replaces word/document.xml; ``omit`` drops members."""
    body_xml = "".join(body) if isinstance(body, list) else body
    rels = [("styles", "styles.xml")]
    parts: dict[str, str | bytes] = {
        "word/styles.xml": f'<w:styles {_NS}>{"".join(styles)}</w:styles>',
    }
    sect = ""
    if numbering_xml is not None:
        rels.append(("numbering", "numbering.xml"))
        parts["word/numbering.xml"] = numbering_xml
    if footnotes:
        rels.append(("footnotes", "footnotes.xml"))
        notes = "".join(f'<w:footnote w:id="{k}">{para(v)}</w:footnote>' for k, v in footnotes.items())
        parts["word/footnotes.xml"] = f"<w:footnotes {_NS}>{notes}</w:footnotes>"
    for kind, text in (("header", header), ("footer", footer)):
        if text is not None:
            rels.append((kind, f"{kind}1.xml"))
            tag = "hdr" if kind == "header" else "ftr"
            parts[f"word/{kind}1.xml"] = f"<w:{tag} {_NS}>{para(text)}</w:{tag}>"
            sect += f'<w:{kind}Reference w:type="default" r:id="rId{len(rels)}"/>'
    parts["word/document.xml"] = document_xml if document_xml is not None else (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_NS}><w:body>{body_xml}'
        f'<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    parts["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="{_REL_BASE}{k}" Target="{t}"/>' for i, (k, t) in enumerate(rels, 1))
        + "</Relationships>")
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL_BASE}officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>')
    parts["docProps/core.xml"] = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + (f"<dc:title>{escape(core_title)}</dc:title>" if core_title is not None else "")
        + "<dc:creator>办公室</dc:creator></cp:coreProperties>")
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]:
            if name not in omit:
                data = parts[name]
                archive.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buffer.getvalue()


# ---------------------------------------------------------------- sample reports as Word files

_CN = "一二三四五六七八九十"
# (kind, marker at a line start, number format, lvlText with %N for the level, rank)
MARKERS = (
    ("part", re.compile(rf"^第([{_CN}]+)部分"), "chineseCounting", "第%N部分"),
    ("cn", re.compile(rf"^([{_CN}]+)、"), "chineseCounting", "%N、"),
    ("pcn", re.compile(rf"^（([{_CN}]+)）"), "chineseCounting", "（%N）"),
    ("num", re.compile(r"^(\d{1,2})\.(?!\d)"), "decimal", "%N."),
    ("pnum", re.compile(r"^\((\d{1,2})\)"), "decimal", "(%N)"),
)
RANK = [m[0] for m in MARKERS]


def strip_marker(line: str) -> tuple[str | None, str, str]:
    """(kind, text without its number, Word suffix that reproduces the original spacing)."""
    for kind, rx, _fmt, lvl_text in MARKERS:
        m = rx.match(line)
        if m:
            rest = line[m.end():]
            if rest[:1].isspace():
                suff = "space"
            else:
                suff = "tab" if lvl_text.endswith(("、", "）")) else "nothing"
            return kind, rest.strip(), suff
    return None, line, ""


def report_docx(text: str, scheme: str = "lists", heading_style: bool = False, **extra) -> bytes:
    """A sample report as a .docx whose heading numbers come from numbering.xml.

    ``scheme`` "lists": one single-level list per marker kind (一、 is "%1、", （一） is "（%1）",
    1. is "%1."), restarted under each new parent with a fresh w:num and a startOverride, as
    Word's "restart at 1" writes it. "multilevel": one abstractNum whose levels are the marker
    kinds present. ``heading_style`` attaches the top level to the Heading1 style (the
    paragraphs then have no numPr of their own). The title gets the Title style.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    stripped = [strip_marker(line) for line in lines[1:]]
    kinds = sorted({k for k, _, _ in stripped if k}, key=RANK.index)
    suffs = {k: s for k, _, s in reversed(stripped) if k}
    spec = {m[0]: m for m in MARKERS}
    body = [para(lines[0], style="Title")]
    parts: list[str] = []
    styles = list(BASE_STYLES)
    top = kinds[0]
    if scheme == "multilevel":
        parts.append(abstract(1, *(level(i, spec[k][2], spec[k][3].replace("%N", f"%{i + 1}"), suff=suffs[k],
                                         pstyle="Heading1" if heading_style and i == 0 else None)
                                   for i, k in enumerate(kinds))))
        parts.append(num(1, 1))
        ids = {k: (1, i) for i, k in enumerate(kinds)}
    else:
        for i, k in enumerate(kinds, start=1):
            parts.append(abstract(i, level(0, spec[k][2], spec[k][3].replace("%N", "%1"), suff=suffs[k])))
            parts.append(num(i, i))
        ids = {k: (i, 0) for i, k in enumerate(kinds, start=1)}
    if heading_style:
        styles[2] = style("Heading1", "heading 1", based="Normal", outline=0, num=(ids[top][0], None))
    next_num = len(kinds) + 1
    current = dict(ids)
    dirty: set[str] = set()  # kinds whose list must restart: a higher kind came since their last item
    for kind, rest, _ in stripped:
        if kind is None:
            body.append(para(rest, chunk=23))
            continue
        if scheme != "multilevel" and kind in dirty:
            parts.append(num(next_num, ids[kind][0], {0: 1}))
            current[kind] = (next_num, 0)
            next_num += 1
        dirty.discard(kind)
        dirty.update(k for k in kinds if RANK.index(k) > RANK.index(kind))
        if heading_style and kind == top:
            body.append(para(rest, style="Heading1", chunk=23))
        else:
            body.append(para(rest, num=current[kind], chunk=23))
    return build_docx(body, numbering_xml=numbering(*parts), styles=tuple(styles), **extra)
