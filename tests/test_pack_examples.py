"""Every rule's inline examples: a pass example is not a fail, a fail example fails (one test for all)."""

from __future__ import annotations

import pytest

from auditor.engine import evaluate_rule, make_context
from auditor.ingest import load_text
from auditor.outline import build_outline
from auditor.packs import load_pack

PACK = load_pack()
CASES = [pytest.param(rule.id, kind, text, id=f"{rule.id}-{kind}{i}")
         for rule in PACK.rules for kind in ("pass", "fail")
         for i, text in enumerate(rule.examples.get(kind, ()))]


@pytest.mark.parametrize("rule_id,kind,text", CASES)
def test_rule_example(rule_id, kind, text):
    outline = build_outline(load_text(text), PACK.section_kinds)
    finding = evaluate_rule(PACK.rule(rule_id), make_context(outline, PACK))
    if kind == "pass":
        assert finding.status in ("pass", "partial"), finding.message
    else:
        assert finding.status == "fail", finding.message


def test_every_part_and_enforcement_rule_has_both_examples():
    for rule in PACK.rules:
        if rule.id.startswith(("part.", "enforcement.", "form.")) and rule.id != "part.other":
            assert rule.examples.get("pass") and rule.examples.get("fail"), rule.id
