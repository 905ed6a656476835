"""score: Findings + Pack → Scorecard (weights, partial credit, categories, total, gate).

The total is out of 100 over the rules that apply: not-applicable and waived rules leave the
denominator. A pass earns the rule's weight (or the tier's fixed share), a partial earns the
tier's share or the pack's ``partial_credit``. The gate fails when a required rule is below
the pack's ``required_at_least`` status, or the total is under the pack's ``min_score`` or the
caller's ``fail_under``.
"""

from __future__ import annotations

from functools import lru_cache

from .cues import expand
from .model import CategoryScore, Document, Finding, Gate, Pack, ScoredFinding, Scorecard

_RANK = {"fail": 0, "partial": 1, "pass": 2}


def _fill(text: str, year: int | None) -> str:
    """Advice and basis may say {本年}/{下一年}; fill in the report's years when known."""
    return _filled(text, year) if "{" in text else text


@lru_cache(maxsize=4096)
def _filled(text: str, year: int | None) -> str:
    if year is None:
        return text.replace("{本年}", "本").replace("{下一年}", "下一").replace("{上一年}", "上一")
    return expand(text, year)


def _earned(finding: Finding, weight: float, partial_credit: float) -> float:
    if finding.status == "pass":
        share = finding.score if finding.score is not None else 1.0
    elif finding.status == "partial":
        share = finding.score if finding.score is not None else partial_credit
    else:
        share = 0.0
    return weight * share


def score(document: Document, findings: tuple[Finding, ...], pack: Pack, fail_under: float | None = None,
          waivers: dict[str, str] | None = None) -> Scorecard:
    year = document.meta.value("year")
    waivers = waivers or {}
    scored: list[ScoredFinding] = []
    by_rule = {f.rule: f for f in findings}
    for rule in pack.rules:
        finding = by_rule[rule.id]
        status = finding.status
        waiver = waivers.get(rule.id)
        if waiver is not None and status in ("fail", "partial"):
            status = "waived"
        counted = status not in ("not_applicable", "waived")
        earned = _earned(finding, rule.weight, pack.partial_credit) if counted else 0.0
        scored.append(ScoredFinding(
            rule=rule.id, title=rule.title, category=rule.category, severity=rule.severity, weight=rule.weight,
            status=status, score=round(earned / rule.weight, 3) if counted and rule.weight else (
                1.0 if status == "pass" else 0.0),
            message=_fill(finding.message, year), basis=_fill(rule.basis, year), advice=_fill(rule.advice, year),
            evidence=finding.evidence, waiver=waiver, table=finding.table))
    total_weight = sum(r.weight for r, f in zip(pack.rules, scored) if f.status not in ("not_applicable", "waived"))
    earned_total = sum(f.weight * f.score for f in scored if f.status not in ("not_applicable", "waived"))
    factor = 100.0 / total_weight if total_weight else 0.0
    categories = []
    for cat in pack.categories:
        members = [f for f in scored if f.category == cat.id and f.status not in ("not_applicable", "waived")]
        cat_max = sum(f.weight for f in members) * factor
        cat_score = sum(f.weight * f.score for f in members) * factor
        if cat_max > 0:
            categories.append(CategoryScore(cat.id, cat.title, round(cat_score, 1), round(cat_max, 1)))
    total = round(earned_total * factor, 1) if total_weight else 0.0

    reasons: list[str] = []
    floor = pack.gate.get("required_at_least", "partial")
    for f in scored:
        if f.severity == "required" and f.status in _RANK and _RANK[f.status] < _RANK[floor]:
            reasons.append(f"必备内容“{f.title}”{'缺失' if f.status == 'fail' else '不完整'}（{f.rule}）")
    min_score = pack.gate.get("min_score") or 0
    threshold = max(float(min_score), float(fail_under or 0))
    if threshold and total < threshold:
        reasons.append(f"总分 {total:g} 低于要求的 {threshold:g} 分")
    return Scorecard(document=document, pack_id=pack.id, pack_version=pack.version, profile=pack.profile,
                     findings=tuple(scored), categories=tuple(categories), score=total, max=100.0,
                     gate=Gate(not reasons, tuple(reasons)))
