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


def missing_required(card: Scorecard) -> list[ScoredFinding]:
    """Required findings that failed (what a summary row names as missing)."""
    return [f for f in card.findings if f.severity == "required" and f.status == "fail"]


def verdict(result: "Scorecard | InputFailure") -> str:
    if isinstance(result, InputFailure):
        return "无法读取"
    return "通过" if result.gate.passed else "未通过"


__all__ = ["InputFailure", "RenderOptions", "STATUS_LABEL", "STATUS_ICON", "SEVERITY_LABEL", "missing_required",
           "verdict"]
