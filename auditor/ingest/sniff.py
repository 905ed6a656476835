"""The real format of a file, from its bytes (never from its name)."""

from __future__ import annotations

import re

_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>]|<table[\s>]|<br\s*/?>",
                      re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_MD_OTHER_RE = re.compile(r"^(?:\|.*\|\s*$|\s*[-*]\s+\*\*|\*\*[^*\n]+\*\*)", re.MULTILINE)


def sniff_bytes(data: bytes) -> str | None:
    """Container formats recognisable from magic bytes; None for text of some kind."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "image"
    if data.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        return "archive"
    return None


def looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head[:200]:  # UTF-16: decode first, then look
        return False
    return len(_HTML_RE.findall(head)) >= 2 or head.lstrip().lower().startswith((b"<!doctype html", b"<html"))


def text_kind(text: str) -> str:
    """'html', 'md' or 'txt' for decoded text."""
    head = text[:4096]
    # (Markup needs its "<" and Markdown headings their "#": plain text is told in one look.)
    if "<" in head and len(_HTML_RE.findall(head.encode("utf-8", "ignore"))) >= 2:
        return "html"
    if "#" in text and (len(_MD_HEADING_RE.findall(text)) >= 2
                        or (_MD_HEADING_RE.search(text) and _MD_OTHER_RE.search(text))):
        return "md"
    return "txt"
