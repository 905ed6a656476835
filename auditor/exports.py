"""--out DIR: a review office's record of a batch, written as files.

cards/<name>.json and cards/<name>.html per report (written by the worker that audited it,
while the report's text is at hand), then summary.csv, summary.xlsx and index.html linking
every scorecard. Names follow the report file names; clashes get a numeric suffix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .model import InputFailure, Scorecard
from .render import BINARY_RENDERERS, RENDERERS, RenderOptions

Result = Scorecard | InputFailure


def plan_names(paths: list[str]) -> dict[str, str]:
    """A unique, readable export name for every input path."""
    used: set[str] = set()
    names = {}
    for path in paths:
        stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", Path(path).stem) or "report"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        names[path] = name
    return names


def result_path(result: Result) -> str:
    return result.document.path if isinstance(result, Scorecard) else result.path


@dataclass(frozen=True)
class ReportFinisher:
    """Run in the worker for each report: its JSON for the output stream and its export files."""

    json_item: bool = False
    html_item: bool = False  # --format html: the report's page, rendered while its text is at hand
    out_dir: str | None = None
    names: dict[str, str] | None = None
    verbose: bool = False
    keep_results: bool = True  # False: the caller needs only each report's rendering and verdict

    def __call__(self, result: Result) -> str | bytes | None:
        from .render.json import compact_json, to_dict

        one = RenderOptions(single=True, verbose=self.verbose)
        if self.out_dir is not None:
            from .render.html import render_html

            name = (self.names or {}).get(result_path(result)) or plan_names([result_path(result)])[result_path(result)]
            cards = Path(self.out_dir) / "cards"
            cards.mkdir(parents=True, exist_ok=True)
            (cards / f"{name}.json").write_text(json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
            (cards / f"{name}.html").write_text(render_html([result], one), encoding="utf-8")
        if self.html_item:
            from .render.html import render_html

            return render_html([result], one)
        # NOTE: the stream is compact (indented JSON cost a third of a whole batch); the
        # per-report card files stay indented.
        return compact_json(result) if self.json_item else None


def write_summaries(results: list[Result], folder: Path, names: dict[str, str], options: RenderOptions) -> int:
    """summary.csv, summary.xlsx and index.html; return the number of files written."""
    from .render.html import render_index

    folder.mkdir(parents=True, exist_ok=True)
    one = replace(options, single=True, color=False)
    entries = [(r, f"cards/{names[result_path(r)]}.html" if result_path(r) in names else None) for r in results]
    (folder / "summary.csv").write_text(RENDERERS["csv"](results, options), encoding="utf-8")
    (folder / "summary.xlsx").write_bytes(BINARY_RENDERERS["xlsx"](results, options))
    (folder / "index.html").write_text(render_index(entries, one), encoding="utf-8")
    return 3
