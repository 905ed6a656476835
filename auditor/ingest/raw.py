"""What a format reader hands on: source lines or paragraphs with positions, and hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import record


@record
class Block:
    text: str
    line: int
    heading_level: int | None = None  # Markdown '#' level, Word heading style level
    page: int | None = None
    breaks: tuple[int, ...] = ()  # offsets of joined source line breaks inside ``text``
    # False where the reader knows the block is a whole paragraph (Markdown, Word): the
    # hard-wrap repair must then leave it alone.
    joinable: bool = True


@record
class Hint:
    """Metadata the container itself states (HTML meta tags, Word core properties)."""

    value: str
    source: str
    line: int | None = None


@dataclass(slots=True)
class RawText:
    format: str
    encoding: str | None
    blocks: list[Block]
    hints: dict[str, Hint] = field(default_factory=dict)  # title, organ, written, published
    pages: int | None = None
