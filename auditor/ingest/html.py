"""Saved portal pages: decode by hand, find the article, linearise it into lines.

The article is the deepest element holding nearly all of the page's full stops (a densest-
block rule that also works for old table layouts whose paragraphs are <br>-separated text
inside one <td>). The lines of the article and of the title element above it go to assembly;
metadata stated elsewhere on the page (meta tags, the 索引号 / 成文日期 table, 发布时间 lines)
becomes hints.
"""

from __future__ import annotations

import re

from ..textutil import fold
from .decode import decode
from .errors import InputError
from .portal import meta_pairs
from .raw import Block, Hint, RawText

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "select", "option", "button", "input",
         "textarea", "object", "embed", "canvas", "map", "head", "title", "meta", "link"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "li", "dl",
          "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead", "tfoot", "tr", "blockquote",
          "pre", "form", "fieldset", "center", "address", "hr", "figure", "figcaption", "caption", "body", "html"}
_CELL = {"td", "th"}
_TITLE_RE = re.compile(r"法治|依法行政|法制")
_TITLE_WORD_RE = re.compile(r"报告|情况|总结|汇报")
_WS_RE = re.compile(r"[ \t\r\n\f\v]+")
_STOP = "。"
_FURNITURE_TAGS = {"div", "ul", "ol", "section", "aside", "nav", "footer", "dl", "table", "tr", "td", "p", "span"}
_FURNITURE_RE = re.compile(
    r"^(?:.*[-_])?(?:related|relate|relation|rel|xgwz|xglj|xgxx|xgwj|xgyd|share|bdshare|fenxiang|pagination|pager|pagenav|"
    r"prevnext|shangxia|footer|foot|copyright|breadcrumbs?|crumbs?|location|position|navbar|nav|menu|sidebar|"
    r"comments?)(?:[-_].*)?$", re.IGNORECASE)


def _has_block_child(node) -> bool:
    for child in node.iter(include_text=False):
        if child.tag in _BLOCK or child.tag == "br" or child.tag in _CELL:
            return True
    return False


class _Lines:
    def __init__(self) -> None:
        self.lines: list[tuple[str, int | None]] = []
        self.buf: list[str] = []
        self.level: int | None = None

    def text(self, value: str) -> None:
        self.buf.append(value)

    def flush(self) -> None:
        joined = _WS_RE.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if joined.strip(" \xa0\u3000"):
            self.lines.append((joined.strip(" \xa0\u3000"), self.level))


def _is_page_furniture(node) -> bool:
    """A block the page's own markup names as links, sharing, paging or footer."""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return any(_FURNITURE_RE.search(token) for token in names.split())


def _walk(node, out: _Lines) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.text(child.text_content or "")
        elif tag in _SKIP or tag == "-comment":
            continue
        elif tag in _FURNITURE_TAGS and _is_page_furniture(child):
            out.flush()  # "相关链接: 2021年度报告 2022-03-01" would pass for the signature date
            continue
        elif tag == "br":
            out.flush()
        elif tag in _BLOCK or (tag in _CELL and _has_block_child(child)):
            out.flush()
            level = int(tag[1]) if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else None
            saved = out.level
            if level:
                out.level = level
            _walk(child, out)
            out.flush()
            out.level = saved
        elif tag in _CELL:
            out.text(" | ")
            _walk(child, out)
            out.text(" | ")
        else:
            _walk(child, out)


def _linearise(node) -> list[tuple[str, int | None]]:
    out = _Lines()
    _walk(node, out)
    out.flush()
    cleaned = []
    for text, level in out.lines:
        text = text.strip(" |")
        if text:
            cleaned.append((text, level))
    return cleaned


def _stops(node) -> int:
    return (node.text(deep=True, separator="") or "").count(_STOP)


def _article(body):
    """The deepest element that holds at least 85% of the page's full stops."""
    total = _stops(body)
    if total == 0:
        return body
    best = body
    current = body
    while True:
        nxt = None
        for child in current.iter(include_text=False):
            if child.tag in _SKIP:
                continue
            if _stops(child) >= 0.85 * total:
                nxt = child
                break
        if nxt is None:
            return best
        best = current = nxt


def _ancestors(node) -> list:
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def _title_node(tree, article):
    candidates = tree.css("h1, h2, h3, .title, .article-title, .tit, [class*=title], [id*=title], b, strong, font")
    for cand in candidates:
        text = fold(cand.text(deep=True, separator="") or "").strip()
        if 8 <= len(text) <= 90 and "。" not in text and _TITLE_RE.search(text) and _TITLE_WORD_RE.search(text):
            return cand
    return None


def _common_root(a, b, body):
    chain_a = _ancestors(a)
    ids_a = [n.mem_id for n in chain_a]
    for node in _ancestors(b):
        if node.mem_id in ids_a:
            return node
    return body


def _meta(tree, name: str) -> str | None:
    for node in tree.css(f'meta[name="{name}"], meta[name="{name.lower()}"], meta[property="{name}"]'):
        content = node.attributes.get("content")
        if content and content.strip():
            return content.strip()
    return None


def read_html_text(text: str, encoding: str | None) -> RawText:
    from selectolax.lexbor import LexborHTMLParser  # lazy: only HTML input pays for the parser

    tree = LexborHTMLParser(text)
    body = tree.body
    if body is None:
        return RawText("html", encoding, [])
    article = _article(body)
    title_node = _title_node(tree, article)
    root = article
    if title_node is not None:
        common = _common_root(title_node, article, body)
        # The title may sit a few levels above the article; take the block holding both,
        # unless that is the whole page (then the title comes in as a hint).
        if common is not body and common.tag not in ("html", "body"):
            root = common
    lines = _linearise(root)
    blocks = [Block(t, i, heading_level=lvl) for i, (t, lvl) in enumerate(lines, start=1)]

    hints: dict[str, Hint] = {}
    title = _meta(tree, "ArticleTitle")
    if not title and title_node is not None:
        title = title_node.text(deep=True, separator="").strip()
    if not title:
        node = tree.css_first("title")
        if node is not None:
            title = node.text().strip()
    if title:
        hints["title"] = Hint(_WS_RE.sub(" ", title), "网页标题")
    pub = _meta(tree, "PubDate") or _meta(tree, "publishdate") or _meta(tree, "article:published_time")
    if pub:
        hints["published"] = Hint(pub, "网页发布时间")
    source = _meta(tree, "ContentSource")
    if source:
        hints["organ"] = Hint(source, "网页来源")
    # The metadata table and info line often sit outside the article: read them page-wide.
    if root is not body:
        for line, _ in _linearise(body):
            for pair in meta_pairs(line) or ():
                if pair.field in ("written", "published", "organ") and pair.value and pair.field not in hints:
                    hints[pair.field] = Hint(pair.value, pair.key)
    return RawText("html", encoding, blocks, hints)


def read_html_bytes(data: bytes, path: str) -> RawText:
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore") if m else None
    text, encoding = decode(data, path, declared)
    raw = read_html_text(text, encoding)
    if not raw.blocks:
        raise InputError(path, "网页中没有找到正文文字", "empty")
    return raw
