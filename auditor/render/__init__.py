"""render: Scorecard → text. One module per format; renderers format, they never decide.

``RENDERERS`` maps a format name to a function taking a list of results (scorecards or
input errors) and returning the text to print or save.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, Union

from ..model import Scorecard
from .common import InputFailure, RenderOptions

Result = Union[Scorecard, InputFailure]


def _lazy(module: str, function: str) -> Callable[[list[Result], RenderOptions], Any]:
    """A renderer imported on first use: start-up pays only for the format asked for."""

    def render(results: list[Result], options: RenderOptions) -> Any:
        return getattr(import_module(f".{module}", __name__), function)(results, options)

    return render


RENDERERS: dict[str, Callable[[list[Result], RenderOptions], str]] = {
    name: _lazy(name, f"render_{name}") for name in ("text", "json", "markdown", "csv", "junit", "sarif", "html")
}
# Binary formats are written to files (--out), never to the terminal.
BINARY_RENDERERS: dict[str, Callable[[list[Result], RenderOptions], bytes]] = {"xlsx": _lazy("xlsx", "render_xlsx")}

__all__ = ["RENDERERS", "BINARY_RENDERERS", "InputFailure", "RenderOptions", "Result"]
