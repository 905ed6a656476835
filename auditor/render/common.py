"""What every renderer shares: status labels, and the record of a file that could not be read."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import InputFailure, Scorecard, ScoredFinding

STATUS_LABEL = {"pass": "通过", "partial": "部分", "fail": "缺失", "waived": "豁免", "not_applicable": "不适用"}
STATUS_ICON = {"pass": "✔", "partial": "◐", "fail": "✘", "waived": "⊘", "not_applicable": "–"}
SEVERITY_LABEL = {"required": "必备", "recommended": "建议", "info": "参考"}


@dataclass(frozen=True, slots=True)
class RenderOptions:
    single: bool = True  # one input file: JSON is an object rather than an array
    color: bool = False
    width: int = 100
    verbose: bool = False  # show not-applicable rules one by one
    details: bool = False  # a batch in text: the full scorecards before the summary table


def terminal(file, width: int, color: bool):
    """The rich Console every terminal renderer prints with.

    NOTE: report and pack text reaches the console (paths such as ``pack.yaml:100:``, titles,
    quotes): with rich's defaults ``:100:`` became the 💯 emoji and ``[...]`` was read as
    markup. Emoji codes are off here, and renderers pass user text through `plain` (or as
    ``Text``) so that only their own markup is interpreted.
    """
    from rich.console import Console

    return Console(file=file, width=width, force_terminal=color, color_system="truecolor" if color else None,
                   highlight=False, emoji=False)


def plain(text: object) -> str:
    """User or pack text made safe to embed in rich markup."""
    from rich.markup import escape

    return escape(str(text))


# NOTE: the year placeholders of auditor/cues.py (PLACEHOLDERS), with their offsets from the
# reported year and how `explain` names them when no report gives the year (a test keeps the
# two lists in step; renderers may not import cues).
YEAR_PLACEHOLDERS = (("{本年}", 0, "〈报告年度〉"), ("{下一年}", 1, "〈报告年度的下一年〉"),
                     ("{上一年}", -1, "〈报告年度的上一年〉"))


def fill_years(text: str, year: int | None) -> str:
    """``{本年}``/``{下一年}``/``{上一年}`` as the report's years, or named when the year is unknown."""
    if "{" not in text:
        return text
    for placeholder, offset, name in YEAR_PLACEHOLDERS:
        text = text.replace(placeholder, str(year + offset) if year is not None else name)
    return text


def has_year_placeholder(text: str) -> bool:
    return any(p in text for p, _, _ in YEAR_PLACEHOLDERS)


def missing_required(card: Scorecard) -> list[ScoredFinding]:
    """Required findings that failed (what a summary row names as missing)."""
    return [f for f in card.findings if f.severity == "required" and f.status == "fail"]


def verdict(result: "Scorecard | InputFailure") -> str:
    if isinstance(result, InputFailure):
        return "无法读取"
    return "通过" if result.gate.passed else "未通过"


__all__ = ["InputFailure", "RenderOptions", "STATUS_LABEL", "STATUS_ICON", "SEVERITY_LABEL", "missing_required",
           "plain", "terminal", "verdict", "fill_years", "has_year_placeholder", "YEAR_PLACEHOLDERS"]
