"""--out DIR: a review office's record of a batch, written as files.

cards/<name>.json and cards/<name>.html per report, summary.csv, summary.xlsx and index.html
linking every scorecard. Names follow the report file names; clashes get a numeric suffix.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .model import InputFailure, Scorecard
from .render import BINARY_RENDERERS, RENDERERS, RenderOptions

Result = Scorecard | InputFailure


def _name(path: str, used: set[str]) -> str:
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", Path(path).stem) or "report"
    name, n = stem, 2
    while name in used:
        name, n = f"{stem}-{n}", n + 1
    used.add(name)
    return name


def write_exports(results: list[Result], folder: Path, options: RenderOptions) -> int:
    """Write every export; return the number of files written."""
    from .render.html import render_html, render_index

    cards = folder / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    one = replace(options, single=True, color=False)
    used: set[str] = set()
    entries = []
    written = 0
    for result in results:
        path = result.document.path if isinstance(result, Scorecard) else result.path
        name = _name(path, used)
        (cards / f"{name}.json").write_text(RENDERERS["json"]([result], one), encoding="utf-8")
        (cards / f"{name}.html").write_text(render_html([result], one), encoding="utf-8")
        entries.append((result, f"cards/{name}.html"))
        written += 2
    (folder / "summary.csv").write_text(RENDERERS["csv"](results, options), encoding="utf-8")
    (folder / "summary.xlsx").write_bytes(BINARY_RENDERERS["xlsx"](results, options))
    (folder / "index.html").write_text(render_index(entries, one), encoding="utf-8")
    return written + 3
