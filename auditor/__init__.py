"""The auditor: checks annual rule-of-law government reports (法治政府建设年度报告) against rule packs.

Public API: ``audit(path_or_text, pack=None, profile=None) -> Scorecard``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .model import Scorecard


def audit(path_or_text: "str | Path", pack: str | None = None, profile: str | None = None,
          fail_under: float | None = None) -> "Scorecard":
    """Audit one report, given as a path or as the report text itself."""
    from .pipeline import audit_document, load_input

    return audit_document(load_input(path_or_text), pack=pack, profile=profile, fail_under=fail_under)


__all__ = ["audit", "__version__"]
