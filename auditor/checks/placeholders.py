"""Drafting leftovers: template placeholders that were never filled in."""

from __future__ import annotations

import re

from ..cues import literal_gate
from ..matchers import Context, Hit
from ._result import Outcome

# (Every branch starts with a character, the look-back coming after it, so that the engine can
# skip to the next candidate character.)
PLACEHOLDER_RE = re.compile(
    r"[XＸ×xｘ]{2,}(?=[年月日号件项次个名人%局县区市镇乡街道部门单位]|$)|[XＸ×](?<![A-Za-z][XＸ×])[XＸ×]?(?=[年月日局县区市镇乡])"
    r"|×{2,}|＊{2,}|\*{2,}(?![^*]*\*\*)|【[^】]{0,12}(?:此处|待|填写|补充|修改|插入)[^】]{0,12}】"
    r"|待补充|待填写|待完善|（略）|TODO|TBD|FIXME|[?？]{3,}|○○|〇〇(?=[年月日局县区市镇乡])")


# Every placeholder holds one of these characters or words: a cheap first look at a paragraph.
_ANY_RE = literal_gate(PLACEHOLDER_RE.pattern)


def placeholders(ctx: Context) -> Outcome:
    hits = []
    for index, folded in enumerate(ctx.folded):
        if _ANY_RE is not None and not _ANY_RE.search(folded):
            continue
        for m in PLACEHOLDER_RE.finditer(folded):
            hits.append(Hit(_section_of(ctx, index, m.start()), index, m.start(), m.end(), m.start(),
                            m.end(), m.group(0)))
    if not hits:
        return Outcome("clean", (), "没有发现未填写的模板占位符")
    found = "、".join(dict.fromkeys(h.cue for h in hits))
    lines = "、".join(str(ctx.doc.paragraphs[h.paragraph].line) for h in hits[:6])
    return Outcome("problem", tuple(hits[:6]), f"发现 {len(hits)} 处未填写的占位符（{found}；第{lines}行）")


def _section_of(ctx: Context, paragraph: int, offset: int) -> int:
    for sec in ctx.outline.sections:
        for span in sec.spans:
            if span.paragraph == paragraph and span.start <= offset < span.end:
                return sec.id
    return 0
