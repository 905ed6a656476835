"""The one-pass scope scan finds exactly what a span-by-span search finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.engine import make_context
from auditor.ingest import load
from auditor.outline import build_outline
from auditor.packs import load_pack

ROOT = Path(__file__).resolve().parents[1]
PACK = load_pack()

# Literal cues, cues that run across sentence and paragraph ends ([^。] and . also match the
# separator the scan joins pieces with), cues with lookarounds and boundaries (scanned span by
# span), and one that matches the empty string.
PATTERNS = [
    "行政执法公示|执法全过程记录|重大执法决定法制审核",
    "执法(主体|人员|事项)[^。;]{0,30}(公示|公开)",
    "[^。]{0,40}法治",
    "工作.{0,60}",
    "[\\s\\S]{20,80}责任",
    "\\d+(?:\\.\\d+)?\\s*(?:件|项|次|%)",
    "(?<![副])(县|区|市|局)长(?![效期])|(?<=加强)[^。]{0,6}",
    "\\b\\d+\\b",
    "下一步|2025年",
    "x?",
    "根本不会出现的词",
]


def _contexts():
    for path in sorted((ROOT / "reports").glob("*.txt")):
        outline = build_outline(load(path), PACK.section_kinds)
        yield path.name, make_context(outline, PACK)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("scope", [(("all",), ()), (("all",), ("next_year",)), (("measures",), ())])
def test_scan_equals_span_by_span_search(pattern, scope):
    rx = re.compile(pattern)
    kinds, exclude = scope
    checked = 0
    for name, ctx in _contexts():
        expected = []
        for sec, span in ctx.scope(kinds, exclude):
            m = rx.search(ctx.folded[span.paragraph], span.start, span.end)
            if m is not None:
                expected.append((sec.id, span.paragraph, span.start, m.start(), m.end(), m.group(0)))
        got = [(sec.id, span.paragraph, span.start, m.start(), m.end(), m.group(0))
               for sec, span, m in ctx.spans_matching(rx, kinds, exclude)]
        assert got == expected, name
        checked += len(expected)
    if pattern != "根本不会出现的词":
        assert checked > 0  # the samples exercise the pattern


# ---------------------------------------------------------------- literal gates

from auditor.cues import GatedPattern, compile_cue, expand, required_literals  # noqa: E402
from auditor.textutil import fold, sentence_bounds  # noqa: E402


@pytest.mark.parametrize("pattern, expected", [
    ("执法(主体|人员)[^。]{0,30}(公示|公开)", {"执法主体", "执法人员"}),
    ("重大(行政)?执法决定", {"重大行政执法决定", "重大执法决定"}),
    ("(?<![副])(县|区)长(?![效])", {"县长", "区长"}),  # lookarounds are not part of a match
    ("(?<=加强)[^。]{0,6}工作", {"工作"}),
    ("[^。]{0,40}法治|依法行政", {"法治", "依法行政"}),
    ("(?:督察|督查)+[^。]*整改", {"整改"}),
    ("\\d+件", {"件"}),
    ("\\d+", None),  # nothing literal in a match
    ("x?|法治", None),  # one branch can match without any literal
    ("(?i)abc", None),
    ("[abc]{2}", {"a", "b", "c"}),
    ("[^abc]{2}", None),
])
def test_required_literals(pattern, expected):
    assert required_literals(pattern) == (frozenset(expected) if expected is not None else None)


def _pack_cues() -> set[str]:
    cues: set[str] = set()
    for kind in PACK.section_kinds:
        for group in (kind.heading, kind.heading_exclude, kind.openers, kind.continuers, kind.opener_exclude):
            cues.update(fold(p) for p in group)
    for rule in PACK.rules:
        for tier in rule.tiers:
            for m in tier.matchers:
                for attr in ("patterns", "escaped", "excludes"):
                    cues.update(getattr(m, attr, ()))
                for group in getattr(m, "groups", ()):
                    cues.update(group)
    for kind in PACK.section_kinds:  # and the alternations the outline searches with
        for group in (kind.heading, kind.openers, kind.continuers):
            if group:
                cues.add("|".join(f"(?:{fold(p)})" for p in group))
    return {expand(c, 2024) for c in cues}


def _sentences() -> list[str]:
    folders = [ROOT / "reports", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus"]
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            text = fold(path.read_text(encoding="utf-8", errors="replace"))
            out += [text[a:b] for a, b in sentence_bounds(text)]
    return out


def test_gated_cues_find_what_their_regexes_find():
    """Every cue of the pack, on every sentence of the sample reports: the gate never hides a match."""
    sentences = _sentences()
    gated = 0
    matched = 0
    for cue in sorted(_pack_cues()):
        compiled, plain = compile_cue(cue), re.compile(cue)
        gated += isinstance(compiled, GatedPattern)
        for sentence in sentences:
            expected = plain.search(sentence)
            got = compiled.search(sentence)
            assert (got and got.span()) == (expected and expected.span()), (cue, sentence)
            matched += expected is not None
            if expected is not None:
                need = required_literals(cue)
                assert need is None or any(n in expected.group(0) for n in need), (cue, expected.group(0))
    assert gated > 20 and matched > 1000


@pytest.mark.parametrize("year", [1999, 2023, 2099])
def test_the_outline_gates_change_no_heading_or_opener(year):
    """The gates are found once for every year (placeholders open); each year's cues agree."""
    from auditor.outline import _Classifier

    gated = _Classifier(PACK.section_kinds, year)
    plain = _Classifier(PACK.section_kinds, year)
    assert gated.any_heading is not None and gated.any_opener is not None
    plain.any_heading = plain.any_opener = None
    for table in (plain.heading, plain.openers, plain.continuers, plain.heading_exclude, plain.opener_exclude):
        for kind, rx in table.items():
            table[kind] = rx.regex if isinstance(rx, GatedPattern) else rx
    kinds = [k.id for k in PACK.section_kinds]
    found = 0
    sentences = _sentences()
    sentences += [s.replace("2024", str(year + 1)).replace("2023", str(year)) for s in sentences if "202" in s]
    for sentence in sentences:
        assert gated.classify(sentence[:40]) == plain.classify(sentence[:40])
        for weak in (False, True):
            expected = plain.opener(sentence, kinds, weak)
            assert gated.opener(sentence, kinds, weak) == expected
            found += expected is not None
    assert found > 20
