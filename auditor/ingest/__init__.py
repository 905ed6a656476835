"""load: path or text → `Document`.

Readers are chosen by the bytes (magic numbers, markup), decoded by BOM / UTF-8 / detector,
and every reader's output goes through the same assembly (junk, frame, metadata).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Document
from .assemble import assemble
from .decode import decode
from .errors import InputError
from .raw import RawText
from .sniff import looks_like_html, sniff_bytes, text_kind

MAX_BYTES = 50 * 1024 * 1024

__all__ = ["InputError", "load", "load_bytes", "load_text", "MAX_BYTES"]


def _read_markup_text(text: str, encoding: str | None, kind: str) -> RawText:
    if kind == "html":
        from .html import read_html_text

        return read_html_text(text, encoding)
    if kind == "md":
        from .markdown import read_markdown

        return read_markdown(text, encoding)
    from .text import read_text

    return read_text(text, encoding)


_CONTAINER_ERRORS = {
    "image": "这是图片文件，不是文字报告；请提供 Word、PDF、网页或文本格式的报告",
    "archive": "这是压缩包，请解压后逐个检查其中的报告",
}


def load_bytes(data: bytes, path: str) -> Document:
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "文件为空", "empty")
    if len(data) > MAX_BYTES:
        raise InputError(path, f"文件过大（{len(data) / 1048576:.0f} MB，上限 {MAX_BYTES // 1048576} MB）", "too_large")
    container = sniff_bytes(data)
    if container in _CONTAINER_ERRORS:
        raise InputError(path, _CONTAINER_ERRORS[container], "unsupported")
    if container is not None:
        from .containers import read_container

        return _assemble_checked(read_container(container, data, path), path)
    if looks_like_html(data):
        from .html import read_html_bytes

        return _assemble_checked(read_html_bytes(data, path), path)
    text, encoding = decode(data, path)
    return _assemble_checked(_read_markup_text(text, encoding, text_kind(text)), path)


MIN_HAN = 10


def _assemble_checked(raw: RawText, path: str) -> Document:
    """Assemble, refusing input with no Chinese text to audit."""
    from itertools import islice

    from ..textutil import HAN_RE

    if not any(b.text.strip() for b in raw.blocks):
        raise InputError(path, "文件中没有可读的文字", "empty")
    han = sum(1 for _ in islice((m for b in raw.blocks for m in HAN_RE.finditer(b.text)), MIN_HAN))
    if han < MIN_HAN:
        raise InputError(path, f"文件中几乎没有中文文字（{han} 个汉字），不像是一份报告", "not_a_report")
    return assemble(raw, path)


def load(path: str | os.PathLike[str]) -> Document:
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "文件不存在", "not_found") from None
    except OSError as exc:
        raise InputError(name, f"无法读取文件（{exc.strerror or exc}）") from None
    if p.is_dir():
        raise InputError(name, "这是一个文件夹，不是文件", "not_a_file")
    if size > MAX_BYTES:
        raise InputError(name, f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_BYTES // 1048576} MB）", "too_large")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"无法读取文件（{exc.strerror or exc}）") from None
    return load_bytes(data, name)


def load_text(text: str, name: str = "<文本>") -> Document:
    """A report given as a string (pasted text, tests, the Python API)."""
    if not text.strip():
        raise InputError(name, "文本为空", "empty")
    return _assemble_checked(_read_markup_text(text, None, text_kind(text)), name)
