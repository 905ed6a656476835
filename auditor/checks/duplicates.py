"""Paragraphs repeated verbatim or nearly so inside one report (measures copied into the plans)."""

from __future__ import annotations

from ..matchers import Context
from ._result import Outcome
from ._text import body_pieces, containment, hit, plain, shingles


def _candidate_pairs(ctx: Context, pieces, long_enough) -> set[tuple[int, int]]:
    """Pairs of long-enough pieces that share at least one long sentence: copies always do,
    and finding them by hashing sentences costs far less than comparing every pair."""
    holders: dict[str, list[int]] = {}
    for i, (_, span, _) in enumerate(pieces):
        folded = ctx.folded[span.paragraph]
        for a, b in ctx.sentences(span):
            if b - a >= 18:
                holders.setdefault(folded[a:b].strip(), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for found in holders.values():
        # Only pieces that share a sentence are measured (most share none).
        kept = [i for i in dict.fromkeys(found) if long_enough(i)] if len(found) > 1 else ()
        pairs.update((kept[0], i) for i in kept[1:])
    return pairs


def duplicated_text(ctx: Context, min_chars: int = 40, similarity: float = 0.85) -> Outcome:
    pieces = body_pieces(ctx)

    def long_enough(i: int) -> bool:
        text = pieces[i][2]
        return len(text) >= min_chars and len(plain(text)) >= min_chars

    pairs = [(i, j) for i, j in sorted(_candidate_pairs(ctx, pieces, long_enough))
             if containment(shingles(pieces[i][2]), shingles(pieces[j][2])) >= similarity]
    if not pairs:
        return Outcome("clean", (), "没有重复或近乎重复的段落")
    hits = []
    lines = []
    for i, j in pairs:
        (si, pi, _), (sj, pj, _) = pieces[i], pieces[j]
        hits += [hit(si, pi, cue="重复段落"), hit(sj, pj, cue="重复段落")]
        li = ctx.doc.paragraphs[pi.paragraph].line_at(pi.start)
        lj = ctx.doc.paragraphs[pj.paragraph].line_at(pj.start)
        lines.append(f"第{li}行与第{lj}行")
    detail = f"{len(pairs)} 处段落重复或近乎重复（{'；'.join(lines[:5])}{'……' if len(lines) > 5 else ''}）"
    return Outcome("problem", tuple(hits), detail)
