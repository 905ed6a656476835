"""`auditor explain` and `auditor packs show`: rules and packs rendered from their YAML.

Rule text may hold the year placeholders {本年}, {下一年}, {上一年}: on a report they read as
that report's years (as on the scorecard); without one they are named (〈报告年度〉 …) and a
note says what they stand for.
"""

from __future__ import annotations

from io import StringIO

from ..model import Finding, Outline, Pack, Rule
from .common import (SEVERITY_LABEL, STATUS_ICON, STATUS_LABEL, YEAR_PLACEHOLDERS, fill_years, has_year_placeholder,
                     plain, terminal)

_MATCHER = {"section": "存在章节", "terms": "词语", "patterns": "模式", "cooccur": "同句共现", "numbers": "数据",
            "year_ref": "年份", "length": "篇幅", "checklist": "清单", "meta": "元数据", "check": "命名检查",
            "always": "无条件"}


def _console(color: bool):
    buffer = StringIO()
    return buffer, terminal(buffer, 110, color)


class _Years:
    """Fills placeholders for one report year (None: names them) and remembers whether any was seen."""

    def __init__(self, year: int | None) -> None:
        self.year = year
        self.seen: set[str] = set()

    def __call__(self, text: str) -> str:
        if has_year_placeholder(text):
            self.seen.update(p for p, _, _ in YEAR_PLACEHOLDERS if p in text)
        return fill_years(text, self.year)


def _describe_matcher(m, years: _Years) -> str:
    spec = m.spec
    parts = [("没有：" if spec.get("absent") else "") + _MATCHER.get(m.kind, m.kind)]
    if m.kind not in ("meta", "check", "always"):
        parts.append(f"范围 {m.scope_label()}")
    for key in ("terms", "patterns"):
        if key in spec:
            items = [years(p) for p in spec[key]]
            parts.append("、".join(items[:6]) + ("……" if len(items) > 6 else ""))
    if "groups" in spec:
        parts.append(" + ".join("（" + "|".join(years(p) for p in g[:3]) + ("…" if len(g) > 3 else "") + "）"
                                for g in spec["groups"]))
    if "units" in spec:
        parts.append("单位 " + "、".join(spec["units"]))
    for key, label in (("min", "至少"), ("min_chars", "至少字数"), ("field", "字段"), ("name", "检查")):
        if key in spec:
            parts.append(f"{label} {spec[key]}")
    params = spec.get("params") or {}
    if params:
        parts.append("参数 " + "、".join(f"{k}={v}" for k, v in params.items()))
    if "items" in spec:
        name = getattr(m, "name", "")
        parts.append(f"“{name}” {len(spec['items'])} 项" if name else f"{len(spec['items'])} 项清单")
    return "；".join(parts)


def _rule_body(console, rule: Rule, years: _Years) -> None:
    console.print(f"[bold]{plain(years(rule.title))}[/bold]  ({plain(rule.id)})")
    console.print(f"类别：{rule.category}  要求：{SEVERITY_LABEL.get(rule.severity, rule.severity)}  权重：{rule.weight:g}"
                  + (f"  别名：{'、'.join(rule.aliases)}" if rule.aliases else ""), markup=False)
    if rule.description:
        console.print(f"说明：{years(rule.description)}", markup=False)
    console.print(f"依据：{years(rule.basis)}", markup=False)
    console.print(f"建议：{years(rule.advice)}", markup=False)
    if rule.applies:
        console.print(f"适用：{rule.applies}", markup=False)
    console.print("判定：")
    for tier in rule.tiers:
        console.print(f"  {STATUS_ICON.get(tier.status, '')} {STATUS_LABEL.get(tier.status, tier.status)}："
                      f"{years(tier.message)}", markup=False)
        for m in tier.matchers:
            console.print(f"      - {_describe_matcher(m, years)}", markup=False)
    console.print(f"  {STATUS_ICON['fail']} 缺失：{years(rule.fail_message)}", markup=False)
    console.print(f"定义位置：{rule.source}:{rule.line}", style="dim", markup=False)


def _legend(console, years: _Years) -> None:
    if years.seen and years.year is None:
        names = "、".join(f"{name}（规则中写作 {p}）" for p, _, name in YEAR_PLACEHOLDERS if p in years.seen)
        console.print(f"年份占位符：{names}，检查时换成报告所属的年份"
                      "（用 --report 指定报告即可看到具体年份）。", style="dim", markup=False)


def render_rule(rule: Rule, pack: Pack, color: bool = False) -> str:
    buffer, console = _console(color)
    years = _Years(None)
    _rule_body(console, rule, years)
    _legend(console, years)
    return buffer.getvalue()


def render_explain(rule: Rule, finding: Finding, outline: Outline, pack: Pack, color: bool = False) -> str:
    buffer, console = _console(color)
    doc = outline.document
    year = doc.meta.value("year")
    years = _Years(int(year) if isinstance(year, int) or str(year or "").isdigit() else None)
    _rule_body(console, rule, years)
    console.print()
    console.print(f"[bold]在 {plain(doc.path)} 上的判定：{STATUS_ICON[finding.status]} {STATUS_LABEL[finding.status]}"
                  + (f"（得分比例 {finding.score:g}）" if finding.score is not None else "") + "[/bold]")
    console.print(f"结论：{years(finding.message)}", markup=False)
    if finding.trace:
        console.print("判定过程（按档次依次尝试，满足全部条件的第一档生效）：")
        for t in finding.trace:
            mark = "✔" if t.ok else "✘"
            console.print(f"  {mark} {_MATCHER.get(t.matcher, t.matcher)}：{t.detail}", markup=False)
    for e in finding.evidence:
        console.print(f"  证据：{e.section} 第{e.line}行 “{e.quote}”", markup=False)
    titles = {k.id: k.title for k in pack.section_kinds}
    console.print("报告各部分的识别结果：")
    for sec in outline.sections[1:]:
        if sec.kind_source in ("heading", "content"):
            kinds = "、".join(titles.get(k, k) for k in sec.kinds)
            console.print(f"  第{sec.line}行 {(sec.heading or sec.title or '')[:40]} → {kinds}", markup=False)
    if years.year is None:
        _legend(console, years)
    return buffer.getvalue()


def render_pack(pack: Pack, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buffer, console = _console(color)
    console.print(f"[bold]{plain(pack.title)}[/bold]  {plain(pack.id)} {plain(pack.version)}" +
                  (f"（继承 {plain('、'.join(pack.extends))}）" if pack.extends else ""))
    if pack.description:
        console.print(pack.description, markup=False)
    console.print(f"位置：{pack.path}", markup=False)
    console.print("\n[bold]章节类型[/bold]（按优先级）")
    for k in pack.section_kinds:
        console.print(f"  {k.id}：{k.title}" + ("（未分类部分的默认类型）" if k.default else ""), markup=False)
    table = Table(title="规则", title_justify="left", expand=True)
    for col in ("编号", "检查项", "类别", "要求", "权重"):
        table.add_column(col)
    for r in pack.rules:
        table.add_row(Text(r.id), Text(r.title), Text(r.category), SEVERITY_LABEL.get(r.severity, r.severity),
                      f"{r.weight:g}")
    console.print(table)
    console.print("[bold]口径[/bold]")
    for p in pack.profiles:
        console.print(f"  {p.id}：{p.title}" + (f" —— {p.description}" if p.description else ""), markup=False)
    gate = pack.gate
    console.print(f"[bold]门槛[/bold]：必备项至少为“{STATUS_LABEL.get(gate.get('required_at_least', 'partial'))}”"
                  + (f"，总分不低于 {gate['min_score']}" if gate.get("min_score") else ""))
    return buffer.getvalue()
