"""The pipeline wired end to end: load → outline → evaluate → score."""

from __future__ import annotations

import os
from pathlib import Path

from .engine import evaluate
from .ingest import load, load_text
from .model import Document, Outline, Pack, Scorecard
from .outline import build_outline
from .packs import load_pack
from .score import score


def load_input(path_or_text: "str | os.PathLike[str]") -> Document:
    """A path if it names an existing file, otherwise the report text itself."""
    if isinstance(path_or_text, os.PathLike):
        return load(path_or_text)
    text = str(path_or_text)
    if "\n" not in text and len(text) < 4096:
        try:
            if Path(text).is_file():
                return load(text)
        except OSError:
            pass
    return load_text(text)


def outline_of(doc: Document, pack: Pack) -> Outline:
    return build_outline(doc, pack.section_kinds)


def audit_document(doc: Document, pack: "str | Pack | None" = None, profile: str | None = None,
                   fail_under: float | None = None, waivers: dict[str, str] | None = None,
                   previous: Document | None = None) -> Scorecard:
    """Audit one document; ``previous`` is last year's report for the checks that compare."""
    loaded = pack if isinstance(pack, Pack) else load_pack(pack, profile)
    outline = outline_of(doc, loaded)
    findings = evaluate(outline, loaded, outline_of(previous, loaded) if previous is not None else None)
    return score(doc, findings, loaded, fail_under=fail_under, waivers=waivers)
