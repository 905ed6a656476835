"""A multipart/form-data body read into memory, with limits checked while it streams in.

Nothing is written to disk: each part is collected in a bytearray. The whole body is bounded
(`TooLarge` as soon as it passes the limit, whatever Content-Length said), a file part past
the per-file limit is dropped and marked too large, and small fields have small limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import AsyncIterator

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

FIELD_LIMIT = 4096  # pack, profile: short names


class TooLarge(Exception):
    """The request body passed the upload limit."""


class BadForm(Exception):
    """Not a well-formed multipart/form-data body. The message is Chinese, for the user."""


@dataclass
class Part:
    name: str
    filename: str | None
    data: bytearray = field(default_factory=bytearray)
    too_large: bool = False
    size: int = 0  # bytes received, kept counting after a too-large part stops storing


_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")


def clean_filename(raw: str) -> str:
    """The file's own name: no folders, no control characters, not too long."""
    name = _UNSAFE.sub("", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:200] or "上传的文件"


class FormReader:
    """Feed it the body chunk by chunk; ``parts`` holds what was sent, in order."""

    def __init__(self, content_type: str, *, max_body: int, max_file: int, max_text: int,
                 text_fields: tuple[str, ...] = ("text",), max_parts: int = 500) -> None:
        ctype, params = parse_options_header(content_type)
        if ctype != b"multipart/form-data":
            raise BadForm("请以 multipart/form-data 表单上传（文件放在字段 file 中）")
        boundary = params.get(b"boundary")
        if not boundary:
            raise BadForm("表单缺少 boundary，无法解析")
        self.max_body, self.max_file, self.max_text = max_body, max_file, max_text
        self.text_fields, self.max_parts = text_fields, max_parts
        self.received = 0
        self.parts: list[Part] = []
        self._current: Part | None = None
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._parser = MultipartParser(boundary, {
            "on_part_begin": self._part_begin, "on_part_data": self._part_data,
            "on_header_field": self._header_field, "on_header_value": self._header_value_cb,
            "on_header_end": self._header_end, "on_headers_finished": self._headers_finished,
        })

    # ------------------------------------------------------------ parser callbacks

    def _part_begin(self) -> None:
        self._disposition = b""
        self._current = None
        if len(self.parts) >= self.max_parts:
            raise BadForm(f"表单中的文件和字段过多（上限 {self.max_parts} 个）")

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_cb(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]
        if len(self._header_value) > 16384:
            raise BadForm("表单的头部过长")

    def _header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition.decode("latin-1"))
        if b"name" not in options:
            raise BadForm("表单的某一部分没有字段名（Content-Disposition 缺少 name）")
        name = options[b"name"].decode("utf-8", "replace")
        filename = options[b"filename"].decode("utf-8", "replace") if b"filename" in options else None
        self._current = Part(name, filename)
        self.parts.append(self._current)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._current
        if part is None:
            return
        size = end - start
        part.size += size
        if part.too_large:
            return
        if part.filename is not None:
            limit = self.max_file
        elif part.name in self.text_fields:
            limit = self.max_text
        else:
            limit = FIELD_LIMIT
        if part.size > limit:
            part.too_large = True
            part.data = bytearray()
            return
        part.data += data[start:end]

    # ------------------------------------------------------------ feeding

    def feed(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.max_body:
            raise TooLarge()
        try:
            self._parser.write(chunk)
        except FormParserError:
            raise BadForm("表单数据格式有误，无法解析") from None

    def finish(self) -> list[Part]:
        try:
            self._parser.finalize()
        except FormParserError:
            raise BadForm("表单数据不完整，无法解析") from None
        return self.parts


async def read_form(stream: AsyncIterator[bytes], reader: FormReader) -> list[Part]:
    async for chunk in stream:
        if chunk:
            reader.feed(chunk)
    return reader.finish()
