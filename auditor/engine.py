"""evaluate: Outline + Pack → Findings.

For each rule the tiers are tried in order; the first tier whose conditions all hold gives the
status, its message and the evidence of its matchers. No tier → fail, with the rule's fail
message and where the rule looked. Facts only: weights, scores and the gate are score.py's.
"""

from __future__ import annotations

from .matchers import Context, Hit, evidence_quote
from .model import Evidence, Finding, Outline, Pack, Rule, Section, Trace
from .textutil import clip

MAX_EVIDENCE = 3


def _section_label(ctx: Context, section_id: int) -> str:
    if section_id < 0:
        return ""
    sec = ctx.outline.section(section_id)
    if sec.id == 0:
        return "开头部分"
    label = clip(sec.heading, 40) if sec.heading else (sec.title or "")
    if sec.virtual and sec.kind_source == "content" and sec.parent:
        parent = ctx.outline.section(sec.parent)
        if parent.heading:
            return f"{clip(parent.heading, 24)} › {label}"
        if parent.id == 0:
            return f"正文 › {label}"
    return label


def to_evidence(ctx: Context, hit: Hit) -> Evidence:
    if hit.paragraph < 0:
        return Evidence(hit.where or "", hit.line, clip(hit.quote, 80), hit.cue)
    para = ctx.doc.paragraphs[hit.paragraph]
    return Evidence(_section_label(ctx, hit.section), para.line_at(hit.cue_start), evidence_quote(ctx, hit), hit.cue)


def _applies(rule: Rule, ctx: Context) -> str | None:
    """None when the rule applies; otherwise why not (a Chinese sentence)."""
    applies = rule.applies
    if applies.get("disabled"):
        return "当前口径不适用此规则"
    year_min, year_max = applies.get("year_min"), applies.get("year_max")
    if year_min is not None or year_max is not None:
        if ctx.year is None:
            return "无法确定报告年度，不评判此项"
        if year_min is not None and ctx.year < year_min:
            return f"适用于 {year_min} 年及以后的报告"
        if year_max is not None and ctx.year > year_max:
            return f"适用于 {year_max} 年及以前的报告"
    profiles = applies.get("profiles")
    if profiles and ctx.settings.get("profile") not in profiles:
        return "当前口径不适用此规则"
    return None


def _looked(ctx: Context, traces: list[Trace]) -> str:
    """Where a failed rule looked, in the pack's own words."""
    titles = ctx.settings.get("kind_titles", {})
    kinds: list[str] = []
    for t in traces:
        for kind in t.scope:
            if kind not in kinds:
                kinds.append(kind)
    if not kinds:
        return ""
    if "all" in kinds:
        return "全文"
    return "、".join("“" + titles.get(k, "开头部分" if k == "preface" else k) + "”" for k in kinds)


def evaluate_rule(rule: Rule, ctx: Context) -> Finding:
    reason = _applies(rule, ctx)
    if reason is not None:
        return Finding(rule.id, "not_applicable", reason)
    traces: list[Trace] = []
    # What a failed named check found (the duplicated paragraphs, the numbering gap) is the
    # evidence of the failure.
    fail_hits: list[Hit] = []
    table = None
    for tier in rule.tiers:
        hits: list[Hit] = []
        ratio = None
        ok = True
        for matcher in tier.matchers:
            result = matcher.holds(ctx)
            searched = matcher.scope if matcher.kind not in ("meta", "check", "always") else ()
            traces.append(Trace(matcher.kind, searched, matcher.exclude_scope, result.ok, result.detail))
            table = table or result.table
            if not result.ok:
                ok = False
                if matcher.kind == "check" and not fail_hits:
                    fail_hits.extend(result.hits)
                break
            hits.extend(result.hits)
            if result.ratio is not None:
                ratio = result.ratio
        if not ok:
            continue
        seen: set[tuple[int, int | None]] = set()
        evidence: list[Evidence] = []
        for hit in hits:
            ev = to_evidence(ctx, hit)
            key = (hit.paragraph, ev.line)
            if key in seen:
                continue
            seen.add(key)
            evidence.append(ev)
            if len(evidence) >= MAX_EVIDENCE:
                break
        if not evidence and tier.status in ("pass", "partial"):
            # A check that passes because nothing is wrong has no place to point at: its
            # evidence is what it looked at and found, for the whole report.
            seen_details = [t.detail for t in traces if t.ok and t.detail]
            if seen_details:
                evidence.append(Evidence("全文", None, seen_details[-1]))
        score = ratio if tier.score == "checklist" else tier.score
        message = tier.message
        details = [t.detail for t in traces if t.matcher == "check" and t.ok]
        if details and tier.status in ("partial", "not_applicable"):
            message = f"{tier.message}：{details[-1]}"
        return Finding(rule.id, tier.status, message, tuple(evidence), score, tuple(traces), table)
    looked = _looked(ctx, traces)
    message = rule.fail_message + (f"（已查找：{looked}）" if looked else "")
    # A failed check still says what it saw (the date it judged, the headings it compared).
    details = [t.detail for t in traces if t.matcher == "check" and not t.ok][:1]
    if details:
        message = f"{rule.fail_message}：{details[0]}"
    evidence = tuple(to_evidence(ctx, h) for h in fail_hits[:MAX_EVIDENCE * 2])
    return Finding(rule.id, "fail", message, evidence, 0.0, tuple(traces), table)


def make_context(outline: Outline, pack: Pack, previous: Outline | None = None) -> Context:
    settings = dict(pack.settings)
    settings["profile"] = pack.profile
    settings["kind_titles"] = {k.id: k.title for k in pack.section_kinds}
    return Context(outline, settings, previous)


def evaluate(outline: Outline, pack: Pack, previous: Outline | None = None) -> tuple[Finding, ...]:
    ctx = make_context(outline, pack, previous)
    return tuple(evaluate_rule(rule, ctx) for rule in pack.rules)


__all__ = ["evaluate", "evaluate_rule", "make_context", "to_evidence", "Section"]
