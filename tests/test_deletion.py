"""Deleting any one required part from a complete report flips exactly that rule to fail.

The part is cut out of the original text (its heading and every piece of text the outline
attributes to it, or for the reasons every causal sentence) and the report is audited again.
The reasons are part of the statutory item 不足和原因, so deleting the shortcomings takes them too.
"""

from __future__ import annotations

import re

import pytest

from auditor.ingest import load, load_text
from auditor.outline import build_outline
from auditor.pipeline import audit_document
from auditor.textutil import fold, sentence_bounds
from conftest import PART_RULES, REPORTS, SHARED, present, statuses

DOCS = [REPORTS / "01-county-complete.txt", REPORTS / "02-city-department.md",
        REPORTS / "04-outline-areas-unheaded-tail.txt", REPORTS / "10-three-part-department.txt",
        SHARED / "corpus" / "d01.txt", SHARED / "corpus" / "d11.txt", SHARED / "corpus" / "d13.md",
        SHARED / "seeds" / "000_acd7748c66707fed.txt", SHARED / "seeds" / "001_67f9df3a2b388bff.txt"]
KIND_OF = {"part.measures": "measures", "part.first_responsible": "first_responsible",
           "part.shortcomings": "shortcomings", "part.reasons": "reasons", "part.next_year": "next_year"}


def _pieces_of_kind(outline, kind):
    """(paragraph, start, end) of every text piece the outline attributes to ``kind``."""
    sections = outline.sections
    chosen = set()
    for sec in sections[1:]:
        if kind in sec.kinds and sec.kind_source in ("heading", "content", "position"):
            chosen.add(sec.id)
    changed = True
    while changed:  # descendants go with their part, unless they are a part of another kind
        changed = False
        for sec in sections[1:]:
            own_kind = sec.kind_source in ("heading", "content") and kind not in sec.kinds
            if sec.parent in chosen and sec.id not in chosen and not own_kind:
                chosen.add(sec.id)
                changed = True
    return [(s.paragraph, s.start, s.end) for sid in chosen for s in sections[sid].spans]


def _causal_pieces(outline, pack):
    patterns = pack.rule("part.reasons").tiers[0].matchers[0].patterns
    rx = re.compile("|".join(f"(?:{p})" for p in patterns))
    doc = outline.document
    pieces = []
    for sec in outline.sections:
        if not {"shortcomings", "reasons"} & set(sec.kinds):
            continue
        if sec.kinds == ("reasons",):
            pieces += [(s.paragraph, s.start, s.end) for s in sec.spans]
            continue
        for s in sec.spans:
            folded = fold(doc.paragraphs[s.paragraph].text)
            for a, b in sentence_bounds(folded[s.start:s.end]):
                if rx.search(folded[s.start + a: s.start + b]):
                    pieces.append((s.paragraph, s.start + a, s.start + b))
    return pieces


def delete_part(path, rule, pack) -> str:
    doc = load(path)
    outline = build_outline(doc, pack.section_kinds)
    kind = KIND_OF[rule]
    pieces = _causal_pieces(outline, pack) if kind == "reasons" else _pieces_of_kind(outline, kind)
    if kind == "shortcomings":
        pieces += _causal_pieces(outline, pack)
    assert pieces, f"{path.name}: nothing of kind {kind} to delete"
    texts = {p.index: p.text for p in doc.paragraphs}
    cut: dict[int, list[tuple[int, int]]] = {}
    for para, start, end in pieces:
        cut.setdefault(para, []).append((start, end))
    paragraphs = []
    for p in doc.paragraphs:
        text = texts[p.index]
        for start, end in sorted(cut.get(p.index, []), reverse=True):
            text = text[:start] + text[end:]
        if text.strip():
            paragraphs.append(text)
    meta = doc.meta
    head = [meta.value("title") or ""]
    tail = [meta.signature.value if meta.signature else "", meta.date.quote if meta.date else ""]
    return "\n\n".join([h for h in head if h] + paragraphs + [t for t in tail if t]) + "\n"


CASES = []
for doc_path in DOCS:
    for rule in PART_RULES:
        CASES.append(pytest.param(doc_path, rule, id=f"{doc_path.name}-{rule}"))


@pytest.mark.parametrize("path,rule", CASES)
def test_deleting_a_part_flips_exactly_that_rule(path, rule, pack):
    if not path.is_file():
        pytest.skip(f"{path} is absent on this machine")
    before = statuses(audit_document(load_text(_rebuild(path)), pack=pack))
    if not present(before[rule]):
        pytest.skip(f"{rule} is not present in {path.name} to begin with")
    after = statuses(audit_document(load_text(delete_part(path, rule, pack)), pack=pack))
    expected = {rule} | ({"part.reasons"} if rule == "part.shortcomings" else set())
    assert after[rule] == "fail"
    for other in PART_RULES:
        if other in expected:
            assert not present(after[other]), other
        else:
            assert present(after[other]) == present(before[other]), f"{other}: {before[other]} → {after[other]}"


def _rebuild(path) -> str:
    """The report as the deletion produces it, with nothing deleted (the baseline)."""
    doc = load(path)
    meta = doc.meta
    parts = [meta.value("title") or ""] + [p.text for p in doc.paragraphs]
    parts += [meta.signature.value if meta.signature else "", meta.date.quote if meta.date else ""]
    return "\n\n".join(p for p in parts if p) + "\n"
