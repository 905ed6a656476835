"""Pack lint (`auditor packs lint`): mistakes a valid pack can still contain.

Rules that can never match (empty cue lists, patterns matching the empty string, scopes no
report can have, tiers that can never be reached), section kinds whose heading cues overlap,
and — over a corpus of reports — rules that never fire or always fire (the cheapest detector
of silent no-op rules).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .cues import expand
from .model import InputFailure, Pack, Rule, Scorecard

_META = set(".^$*+?{}[]()|\\")


@dataclass(frozen=True, slots=True)
class LintIssue:
    level: str  # error, warning, info
    where: str
    subject: str
    message: str


def _where(rule: Rule) -> str:
    return f"{rule.source}:{rule.line}" if rule.line else rule.source


def _literals(pattern: str) -> list[str]:
    """The plain-text top-level alternatives of a pattern (for probing overlaps)."""
    parts, depth, current = [], 0, ""
    for ch in pattern:
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += ch in "([{"
        depth -= ch in ")]}"
        current += ch
    parts.append(current)
    return [alt.strip("^$") for alt in parts if alt.strip("^$") and not (set(alt.strip("^$")) & _META)]


def _probes(kind) -> list[str]:
    """Plain-text headings that the kind's heading cues are written to match."""
    return [probe for pattern in kind.heading for probe in _literals(expand(pattern, 2023))]


def _heading_matches(kind, text: str) -> bool:
    """Would ``text`` as a heading match the kind's cues (and none of its exclusions)?"""
    if not kind.heading:
        return False
    cue = re.compile("|".join(f"(?:{expand(p, 2023)})" for p in kind.heading))
    if not cue.search(text):
        return False
    if kind.heading_exclude:
        exclude = re.compile("|".join(f"(?:{expand(p, 2023)})" for p in kind.heading_exclude))
        return not exclude.search(text)
    return True


def _kind_issues(pack: Pack, used_kinds: set[str]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    where = f"{pack.path}/pack.yaml"
    for kind in pack.section_kinds:
        if not kind.heading and not kind.openers and not kind.default:
            issues.append(LintIssue("error", where, f"章节类型 {kind.id}", "没有标题线索、句首线索，也不是默认类型：永远识别不出来"))
        if kind.id not in used_kinds:
            issues.append(LintIssue("info", where, f"章节类型 {kind.id}", "没有任何规则以它为检查范围"))
    # NOTE: both directions: a heading written for a's cues may match b's, and one written
    # for b's may match a's (the first version only probed a's cues against b).
    for a in pack.section_kinds:
        for b in pack.section_kinds:
            if a.id >= b.id or b.id in a.combines_with or a.id in b.combines_with:
                continue
            seen: set[str] = set()
            for one, other in ((a, b), (b, a)):
                for probe in _probes(one):
                    if probe not in seen and _heading_matches(other, probe) and _heading_matches(one, probe):
                        seen.add(probe)
                        issues.append(LintIssue("warning", where, f"章节类型 {a.id} / {b.id}",
                                                f"标题“{probe}”同时符合两个类型的标题线索，且二者未声明 combines_with"))
    return issues


def _rule_issues(pack: Pack) -> tuple[list[LintIssue], set[str]]:
    issues: list[LintIssue] = []
    used: set[str] = set()
    kinds = {k.id: k for k in pack.section_kinds}
    for rule in pack.rules:
        where = _where(rule)
        seen_specs: list[list[dict]] = []
        reachable = True
        for t_index, tier in enumerate(rule.tiers):
            label = f"{rule.id} 第 {t_index + 1} 档（{tier.status}）"
            if not reachable:
                issues.append(LintIssue("error", where, label, "前面已有无条件的档次，这一档永远不会生效"))
            specs = [m.spec for m in tier.matchers]
            if specs in seen_specs:
                issues.append(LintIssue("error", where, label, "条件与前面某一档完全相同，这一档永远不会生效"))
            seen_specs.append(specs)
            for m in tier.matchers:
                spec = m.spec
                if m.kind == "always":
                    reachable = False
                for key in ("scope", "exclude_scope"):
                    value = spec.get(key, [])
                    for kind in [value] if isinstance(value, str) else value:
                        used.add(kind)
                        if kind not in kinds and kind not in ("all", "preface"):
                            issues.append(LintIssue("error", where, label, f"未知的章节类型 {kind}"))
                for key in ("terms", "patterns"):
                    if key in spec and not spec[key]:
                        issues.append(LintIssue("error", where, label, f"{key} 为空：这一条件永远不成立"))
                cues = list(spec.get("patterns", ())) + [p for g in spec.get("groups", ()) for p in g]
                cues += [p for item in spec.get("items", ()) for p in item.get("patterns", ())]
                for p in cues:
                    try:
                        if re.search(expand(p, 2023), ""):
                            issues.append(LintIssue("error", where, label, f"模式“{p}”能匹配空字符串，等于没有条件"))
                    except re.error:
                        pass  # reported when the pack is loaded
                for group in spec.get("groups", ()):
                    if not group:
                        issues.append(LintIssue("error", where, label, "groups 中有空组：这一条件永远不成立"))
        if rule.severity == "required" and rule.weight == 0:
            issues.append(LintIssue("warning", where, rule.id, "必备规则的权重为 0，不影响得分"))
    return issues, used


def lint_pack(pack: Pack) -> list[LintIssue]:
    rule_issues, used = _rule_issues(pack)
    return rule_issues + _kind_issues(pack, used)


def lint_results(pack: Pack, results: list[Scorecard | InputFailure]) -> list[LintIssue]:
    """Rules that never fire or always fire over a corpus."""
    cards = [r for r in results if isinstance(r, Scorecard)]
    issues: list[LintIssue] = []
    if not cards:
        return [LintIssue("warning", "语料", "—", "语料中没有可检查的报告")]
    counts: dict[str, Counter[str]] = {rule.id: Counter() for rule in pack.rules}
    for card in cards:
        for f in card.findings:
            counts.setdefault(f.rule, Counter())[f.status] += 1
    for rule in pack.rules:
        c = counts[rule.id]
        judged = c["pass"] + c["partial"] + c["fail"]
        if judged == 0:
            issues.append(LintIssue("info", _where(rule), rule.id, f"在 {len(cards)} 份报告中都不适用"))
        elif c["pass"] + c["partial"] == 0:
            issues.append(LintIssue("warning", _where(rule), rule.id, f"在 {judged} 份报告中从未满足（可能永远匹配不上）"))
        elif c["fail"] == 0 and judged >= 3:
            issues.append(LintIssue("info", _where(rule), rule.id, f"在全部 {judged} 份报告中都满足（请确认不是空转的规则）"))
    return issues
