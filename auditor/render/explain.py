"""`auditor explain` and `auditor packs show`: rules and packs rendered from their YAML."""

from __future__ import annotations

from io import StringIO

from ..model import Finding, Outline, Pack, Rule
from .common import SEVERITY_LABEL, STATUS_ICON, STATUS_LABEL

_MATCHER = {"section": "存在章节", "terms": "词语", "patterns": "模式", "cooccur": "同句共现", "numbers": "数据",
            "year_ref": "年份", "length": "篇幅", "checklist": "清单", "meta": "元数据", "check": "命名检查",
            "always": "无条件"}


def _console(color: bool):
    from rich.console import Console

    buffer = StringIO()
    return buffer, Console(file=buffer, width=110, force_terminal=color, color_system="truecolor" if color else None,
                           highlight=False)


def _describe_matcher(m) -> str:
    spec = m.spec
    parts = [_MATCHER.get(m.kind, m.kind)]
    if m.kind not in ("meta", "check", "always"):
        parts.append(f"范围 {m.scope_label()}")
    for key in ("terms", "patterns"):
        if key in spec:
            items = spec[key]
            parts.append("、".join(items[:6]) + ("……" if len(items) > 6 else ""))
    if "groups" in spec:
        parts.append(" + ".join("（" + "|".join(g[:3]) + ("…" if len(g) > 3 else "") + "）" for g in spec["groups"]))
    for key, label in (("min", "至少"), ("min_chars", "至少字数"), ("field", "字段"), ("name", "检查")):
        if key in spec:
            parts.append(f"{label} {spec[key]}")
    if "items" in spec:
        parts.append(f"{len(spec['items'])} 项清单")
    return "；".join(parts)


def _rule_body(console, rule: Rule) -> None:
    console.print(f"[bold]{rule.title}[/bold]  ({rule.id})")
    console.print(f"类别：{rule.category}  要求：{SEVERITY_LABEL.get(rule.severity, rule.severity)}  权重：{rule.weight:g}"
                  + (f"  别名：{'、'.join(rule.aliases)}" if rule.aliases else ""))
    if rule.description:
        console.print(f"说明：{rule.description}")
    console.print(f"依据：{rule.basis}")
    console.print(f"建议：{rule.advice}")
    if rule.applies:
        console.print(f"适用：{rule.applies}")
    console.print("判定：")
    for tier in rule.tiers:
        console.print(f"  {STATUS_ICON.get(tier.status, '')} {STATUS_LABEL.get(tier.status, tier.status)}：{tier.message}")
        for m in tier.matchers:
            console.print(f"      - {_describe_matcher(m)}")
    console.print(f"  {STATUS_ICON['fail']} 缺失：{rule.fail_message}")
    console.print(f"定义位置：{rule.source}:{rule.line}", style="dim")


def render_rule(rule: Rule, pack: Pack, color: bool = False) -> str:
    buffer, console = _console(color)
    _rule_body(console, rule)
    return buffer.getvalue()


def render_explain(rule: Rule, finding: Finding, outline: Outline, pack: Pack, color: bool = False) -> str:
    buffer, console = _console(color)
    _rule_body(console, rule)
    doc = outline.document
    console.print()
    console.print(f"[bold]在 {doc.path} 上的判定：{STATUS_ICON[finding.status]} {STATUS_LABEL[finding.status]}"
                  + (f"（得分比例 {finding.score:g}）" if finding.score is not None else "") + "[/bold]")
    console.print(f"结论：{finding.message}")
    if finding.trace:
        console.print("判定过程（按档次依次尝试，满足全部条件的第一档生效）：")
        for t in finding.trace:
            mark = "✔" if t.ok else "✘"
            console.print(f"  {mark} {_MATCHER.get(t.matcher, t.matcher)}：{t.detail}")
    for e in finding.evidence:
        console.print(f"  证据：{e.section} 第{e.line}行 “{e.quote}”")
    titles = {k.id: k.title for k in pack.section_kinds}
    console.print("报告各部分的识别结果：")
    for sec in outline.sections[1:]:
        if sec.kind_source in ("heading", "content"):
            kinds = "、".join(titles.get(k, k) for k in sec.kinds)
            console.print(f"  第{sec.line}行 {(sec.heading or sec.title or '')[:40]} → {kinds}")
    return buffer.getvalue()


def render_pack(pack: Pack, color: bool = False) -> str:
    from rich.table import Table

    buffer, console = _console(color)
    console.print(f"[bold]{pack.title}[/bold]  {pack.id} {pack.version}" +
                  (f"（继承 {'、'.join(pack.extends)}）" if pack.extends else ""))
    if pack.description:
        console.print(pack.description)
    console.print(f"位置：{pack.path}")
    console.print("\n[bold]章节类型[/bold]（按优先级）")
    for k in pack.section_kinds:
        console.print(f"  {k.id}：{k.title}" + ("（未分类部分的默认类型）" if k.default else ""))
    table = Table(title="规则", title_justify="left", expand=True)
    for col in ("编号", "检查项", "类别", "要求", "权重"):
        table.add_column(col)
    for r in pack.rules:
        table.add_row(r.id, r.title, r.category, SEVERITY_LABEL.get(r.severity, r.severity), f"{r.weight:g}")
    console.print(table)
    console.print("[bold]口径[/bold]")
    for p in pack.profiles:
        console.print(f"  {p.id}：{p.title}" + (f" —— {p.description}" if p.description else ""))
    gate = pack.gate
    console.print(f"[bold]门槛[/bold]：必备项至少为“{STATUS_LABEL.get(gate.get('required_at_least', 'partial'))}”"
                  + (f"，总分不低于 {gate['min_score']}" if gate.get("min_score") else ""))
    return buffer.getvalue()
