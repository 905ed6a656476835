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
