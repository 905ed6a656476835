"""Binary containers (Word, PDF, OFD, legacy .doc/.wps): one reader module each."""

from __future__ import annotations

from .errors import InputError
from .raw import RawText


def read_container(kind: str, data: bytes, path: str) -> RawText:
    raise InputError(path, f"暂不支持该文件格式（{kind}），请另存为文本（.txt）后重试", "unsupported")
