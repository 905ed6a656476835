"""What every renderer shares: status labels, and the record of a file that could not be read."""

from __future__ import annotations

from dataclasses import dataclass

STATUS_LABEL = {"pass": "通过", "partial": "部分", "fail": "缺失", "waived": "豁免", "not_applicable": "不适用"}
STATUS_ICON = {"pass": "✔", "partial": "◐", "fail": "✘", "waived": "⊘", "not_applicable": "–"}
SEVERITY_LABEL = {"required": "必备", "recommended": "建议", "info": "参考"}


@dataclass(frozen=True, slots=True)
class InputFailure:
    """A report that could not be audited (unreadable, unsupported …)."""

    path: str
    reason: str
    code: str = "unreadable"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    single: bool = True  # one input file: JSON is an object rather than an array
    color: bool = False
    width: int = 100
    verbose: bool = False  # show not-applicable rules one by one
