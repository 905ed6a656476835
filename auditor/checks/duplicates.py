"""Paragraphs repeated verbatim or nearly so inside one report (measures copied into the plans)."""

from __future__ import annotations

from ..matchers import Context, MatchResult
from ._text import body_pieces, containment, hit, plain, shingles


def duplicated_text(ctx: Context, expect: str = "clean", min_chars: int = 40, similarity: float = 0.85) -> MatchResult:
    pieces = [(sec, span, text) for sec, span, text in body_pieces(ctx) if len(plain(text)) >= min_chars]
    grams = [shingles(text) for _, _, text in pieces]
    pairs = []
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces)):
            if containment(grams[i], grams[j]) >= similarity:
                pairs.append((i, j))
    if not pairs:
        return MatchResult(expect == "clean", (), "没有重复或近乎重复的段落")
    hits = []
    lines = []
    for i, j in pairs:
        (si, pi, _), (sj, pj, _) = pieces[i], pieces[j]
        hits += [hit(si, pi, cue="重复段落"), hit(sj, pj, cue="重复段落")]
        li = ctx.doc.paragraphs[pi.paragraph].line_at(pi.start)
        lj = ctx.doc.paragraphs[pj.paragraph].line_at(pj.start)
        lines.append(f"第{li}行与第{lj}行")
    detail = f"{len(pairs)} 处段落重复或近乎重复（{'；'.join(lines[:5])}{'……' if len(lines) > 5 else ''}）"
    return MatchResult(False, tuple(hits), detail)
