"""Markdown through markdown-it-py: block tokens carry their source line map."""

from __future__ import annotations

import re

from .raw import Block, RawText

_CJK_EDGE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# CommonMark will not close "**原因分析：**园区……": a closing run after punctuation must be
# followed by a space or punctuation, which Chinese text never has. Such pairs reach the text.
_UNPAIRED_STRONG_RE = re.compile(r"(?:\*\*|__)(?=\S)(.+?)(?<=\S)(?:\*\*|__)")


def _inline_text(token) -> tuple[str, tuple[int, ...]]:
    """Plain text of an inline token; soft breaks are joined and remembered."""
    parts: list[str] = []
    breaks: list[int] = []
    length = 0
    for child in token.children or ():
        if child.type == "text":
            piece = _UNPAIRED_STRONG_RE.sub(r"\1", child.content)
        elif child.type in ("code_inline", "html_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            prev = parts[-1][-1:] if parts else ""
            piece = "" if _CJK_EDGE.match(prev or "。") else " "
            breaks.append(length)
        elif child.type == "image":
            piece = child.content or ""
        else:  # emphasis and link open/close markers carry no text
            piece = ""
        parts.append(piece)
        length += len(piece)
    return "".join(parts), tuple(breaks)


def read_markdown(text: str, encoding: str | None) -> RawText:
    from markdown_it import MarkdownIt  # lazy: only Markdown input pays for the parser

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    blocks: list[Block] = []
    heading_level: int | None = None
    list_prefix = ""
    row: list[str] = []
    row_line = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = None
        elif tok.type == "list_item_open":
            # Ordered items keep their number: "1." is part of Chinese heading grammar.
            list_prefix = f"{tok.info}{tok.markup}" if tok.info else ""
        elif tok.type == "tr_open":
            row = []
            row_line = (tok.map[0] + 1) if tok.map else 0
        elif tok.type == "tr_close":
            cells = [c for c in row if c]
            if cells:
                blocks.append(Block("　".join(cells), row_line, joinable=False))
        elif tok.type == "inline":
            content, breaks = _inline_text(tok)
            content_stripped = content.strip()
            if not content_stripped:
                continue
            parent = tokens[i - 1] if i else None
            if parent is not None and parent.type in ("th_open", "td_open"):
                row.append(content_stripped)
                continue
            line = (tok.map[0] + 1) if tok.map else (parent.map[0] + 1 if parent and parent.map else 0)
            if list_prefix:
                content_stripped = list_prefix + content_stripped
                breaks = tuple(b + len(list_prefix) for b in breaks)
                list_prefix = ""
            offset = len(content) - len(content.lstrip())
            breaks = tuple(b - offset for b in breaks if b - offset > 0)
            blocks.append(Block(content_stripped, line, heading_level=heading_level, breaks=breaks,
                                joinable=False))
        elif tok.type in ("fence", "code_block"):
            start = (tok.map[0] + 1) if tok.map else 0
            for k, line in enumerate(tok.content.splitlines()):
                if line.strip():
                    blocks.append(Block(line.strip(), start + 1 + k))
    return RawText("md", encoding, blocks)
