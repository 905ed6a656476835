"""render: Scorecard → text. One module per format; renderers format, they never decide.

``RENDERERS`` maps a format name to a function taking a list of results (scorecards or
input errors) and returning the text to print or save.
"""

from __future__ import annotations

from typing import Callable, Union

from ..model import Scorecard
from .common import InputFailure, RenderOptions

Result = Union[Scorecard, InputFailure]


def _json(results: list[Result], options: RenderOptions) -> str:
    from .json import render_json

    return render_json(results, options)


def _markdown(results: list[Result], options: RenderOptions) -> str:
    from .markdown import render_markdown

    return render_markdown(results, options)


def _text(results: list[Result], options: RenderOptions) -> str:
    from .text import render_text

    return render_text(results, options)


def _csv(results: list[Result], options: RenderOptions) -> str:
    from .csv import render_csv

    return render_csv(results, options)


def _junit(results: list[Result], options: RenderOptions) -> str:
    from .junit import render_junit

    return render_junit(results, options)


def _sarif(results: list[Result], options: RenderOptions) -> str:
    from .sarif import render_sarif

    return render_sarif(results, options)


def _html(results: list[Result], options: RenderOptions) -> str:
    from .html import render_html

    return render_html(results, options)


def _xlsx(results: list[Result], options: RenderOptions) -> bytes:
    from .xlsx import render_xlsx

    return render_xlsx(results, options)


RENDERERS: dict[str, Callable[[list[Result], RenderOptions], str]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "csv": _csv,
    "junit": _junit,
    "sarif": _sarif,
    "html": _html,
}
# Binary formats are written to files (--out), never to the terminal.
BINARY_RENDERERS: dict[str, Callable[[list[Result], RenderOptions], bytes]] = {"xlsx": _xlsx}

__all__ = ["RENDERERS", "BINARY_RENDERERS", "InputFailure", "RenderOptions", "Result"]
