"""Plain text: one source line, one block."""

from __future__ import annotations

from .raw import Block, RawText


def read_text(text: str, encoding: str | None, fmt: str = "txt") -> RawText:
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped:
            blocks.append(Block(stripped, number))
    return RawText(fmt, encoding, blocks)
