"""The batch summary as rows: one per report, with the rule matrix (shared by CSV and Excel)."""

from __future__ import annotations

from ..model import InputFailure, Scorecard
from .common import STATUS_LABEL, missing_required, verdict

FIXED = ("文件", "报告机关", "年度", "标题", "成文日期", "得分", "结论", "缺失的必备内容")


def rule_columns(results: list[Scorecard | InputFailure]) -> list[tuple[str, str]]:
    """(rule id, title) of every rule seen, in pack order."""
    seen: dict[str, str] = {}
    for r in results:
        if isinstance(r, Scorecard):
            for f in r.findings:
                seen.setdefault(f.rule, f.title)
    return list(seen.items())


def summary_rows(results: list[Scorecard | InputFailure]) -> tuple[list[str], list[list], list[list[str]]]:
    """Header, rows of display values, and the status key of each rule cell (for colouring)."""
    rules = rule_columns(results)
    header = list(FIXED) + [f"{rid} {title}" for rid, title in rules]
    rows: list[list] = []
    statuses: list[list[str]] = []
    for r in results:
        if isinstance(r, InputFailure):
            rows.append([r.path, "", "", "", "", "", verdict(r), r.reason] + [""] * len(rules))
            statuses.append([""] * len(rules))
            continue
        meta = r.document.meta
        by_rule = {f.rule: f.status for f in r.findings}
        missing = "、".join(f.title for f in missing_required(r))
        rows.append([r.document.path, meta.value("organ") or "", meta.value("year") or "", meta.value("title") or "",
                     meta.value("date") or "", r.score, verdict(r), missing]
                    + [STATUS_LABEL.get(by_rule.get(rid, ""), "") for rid, _ in rules])
        statuses.append([by_rule.get(rid, "") for rid, _ in rules])
    return header, rows, statuses
