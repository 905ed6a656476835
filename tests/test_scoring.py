"""Weights, partial credit, categories, the total and the gate (score.py)."""

from __future__ import annotations

from dataclasses import replace

from auditor.ingest import load
from auditor.engine import evaluate
from auditor.model import Finding
from auditor.outline import build_outline
from auditor.score import score
from conftest import REPORTS


def _findings(pack, path):
    doc = load(path)
    return doc, evaluate(build_outline(doc, pack.section_kinds), pack)


def test_total_is_earned_weight_over_applicable_weight(pack):
    doc, findings = _findings(pack, REPORTS / "01-county-complete.txt")
    card = score(doc, findings, pack)
    rules = {r.id: r for r in pack.rules}
    applicable = [f for f in card.findings if f.status not in ("not_applicable", "waived")]
    expected = 100 * sum(f.weight * f.score for f in applicable) / sum(f.weight for f in applicable)
    assert abs(card.score - round(expected, 1)) < 0.05
    assert abs(sum(c.score for c in card.categories) - card.score) < 0.5
    assert all(rules[f.rule].weight == f.weight for f in card.findings)


def test_partial_credit_and_fail(pack):
    doc, findings = _findings(pack, REPORTS / "01-county-complete.txt")
    base = score(doc, findings, pack).score
    changed = tuple(replace(f, status="partial", score=None) if f.rule == "part.reasons" else f for f in findings)
    partial = score(doc, changed, pack)
    failed = score(doc, tuple(replace(f, status="fail", score=0.0) if f.rule == "part.reasons" else f
                              for f in findings), pack)
    assert failed.score < partial.score < base
    reasons = next(f for f in partial.findings if f.rule == "part.reasons")
    assert reasons.score == pack.partial_credit
    assert partial.gate.passed and not failed.gate.passed
    assert any("part.reasons" in r for r in failed.gate.reasons)


def test_not_applicable_rules_leave_the_denominator(pack):
    doc, findings = _findings(pack, REPORTS / "01-county-complete.txt")
    card = score(doc, findings, pack)
    outline2015 = [f for f in card.findings if f.rule.startswith("outline2015.")]
    assert outline2015 and all(f.status == "not_applicable" for f in outline2015)
    assert card.score <= 100


def test_waived_rule_does_not_fail_the_gate(pack):
    doc, findings = _findings(pack, REPORTS / "03-township-short.txt")
    assert not score(doc, findings, pack).gate.passed
    waived = score(doc, findings, pack, waivers={"part.reasons": "乡镇报告本年度经批准简化"})
    status = {f.rule: f.status for f in waived.findings}
    assert status["part.reasons"] == "waived"


def test_fail_under(pack):
    doc, findings = _findings(pack, REPORTS / "01-county-complete.txt")
    card = score(doc, findings, pack)
    assert score(doc, findings, pack, fail_under=card.score - 1).gate.passed
    assert not score(doc, findings, pack, fail_under=card.score + 1).gate.passed


def test_frp_checklist_gives_graded_credit(audit_text):
    head = "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年审核规范性文件19件，清理文件63件。\n"
    thin = head + "二、党政主要负责人履行推进法治建设第一责任人职责情况\n县长高度重视法治政府建设，认真履行第一责任人职责，推动各项工作落实。\n"
    rich = head + ("二、党政主要负责人履行推进法治建设第一责任人职责情况\n县长主持召开县政府常务会议4次专题研究法治政府建设，"
                   "听取工作汇报2次，坚持会前学法12次，带头出庭应诉1次，在全会上述法，亲自督办督察反馈问题整改。\n")
    f_thin = next(f for f in audit_text(thin).findings if f.rule == "part.first_responsible")
    f_rich = next(f for f in audit_text(rich).findings if f.rule == "part.first_responsible")
    assert f_thin.status == "partial" and f_rich.status == "pass"
    assert f_thin.score < f_rich.score == 1.0


def test_findings_carry_evidence_or_advice(pack):
    doc, findings = _findings(pack, REPORTS / "03-township-short.txt")
    card = score(doc, findings, pack)
    for f in card.findings:
        if f.status in ("pass", "partial"):
            assert f.evidence, f.rule
        if f.status == "fail":
            assert f.advice and f.basis and f.message
    # advice templates are filled with the report's years
    assert not any("{" in f.advice for f in card.findings)


def test_finding_type_is_frozen():
    import dataclasses

    f = Finding("x.y", "pass", "m")
    try:
        f.status = "fail"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        return
    raise AssertionError("Finding must be frozen")
