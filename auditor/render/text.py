"""The terminal scorecard (rich): what a 科员 reads at a glance."""

from __future__ import annotations

from io import StringIO

from ..model import Scorecard, ScoredFinding
from .common import STATUS_ICON, STATUS_LABEL, InputFailure, RenderOptions, missing_required, plain, terminal

_STYLE = {"pass": "green", "partial": "yellow", "fail": "bold red", "waived": "cyan", "not_applicable": "dim"}


def _where(f: ScoredFinding) -> str:
    if not f.evidence:
        return "—"
    e = f.evidence[0]
    line = f"第{e.line}行" if e.line else ""
    return f"{e.section}\n{line}".strip()


def _content(f: ScoredFinding):
    from rich.text import Text

    text = Text()
    if f.status in ("pass", "partial"):
        text.append(f.message, style=_STYLE[f.status] if f.status == "partial" else "")
        for e in f.evidence[:2]:
            text.append("\n“" + e.quote + "”", style="dim")
    elif f.status == "waived":
        text.append(f"已豁免：{f.waiver}", style="cyan")
    else:
        text.append(f.message, style="red")
    if f.status in ("fail", "partial"):
        text.append("\n建议：", style="bold")
        text.append(f.advice)
        text.append("\n依据：" + f.basis, style="dim italic")
    return text


def _card(console, card: Scorecard, options: RenderOptions) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    doc = card.document
    meta = doc.meta

    def field(label: str, item) -> str:
        if item is None:
            return f"{label}：（未找到）"
        return f"{label}：{item.value}（{item.source}）"

    head = Text()
    head.append(field("报告机关", meta.organ) + "\n")
    head.append(field("报告年度", meta.year) + "    " + field("成文日期", meta.date) + "\n")
    head.append(f"文件：{doc.path}（{doc.format}，{doc.chars} 字）    规则包：{card.pack_id} {card.pack_version}"
                + (f"    口径：{card.profile}" if card.profile else "") + "\n")
    head.append(f"得分 {card.score:g} / {card.max:g}    ", style="bold")
    if card.gate.passed:
        head.append("结论：✔ 通过", style="bold green")
    else:
        head.append("结论：✘ 未通过", style="bold red")
        for reason in card.gate.reasons:
            head.append("\n  · " + reason, style="red")
    title = meta.value("title") or "（无标题）"
    # NOTE: a Panel reads a str title with Text.from_markup, emoji codes included: pass Text.
    console.print(Panel(head, title=Text(str(title), style="bold"), title_align="left", expand=True))

    hidden: list[ScoredFinding] = []
    for cat in card.categories:
        rows = [f for f in card.findings if f.category == cat.id]
        shown = [f for f in rows if options.verbose or f.status != "not_applicable"]
        hidden.extend(f for f in rows if f not in shown)
        if not shown:
            continue
        table = Table(title=f"{plain(cat.title)}  {cat.score:g} / {cat.max:g}", title_justify="left", expand=True,
                      show_lines=True, title_style="bold")
        table.add_column("状态", no_wrap=True, width=8)
        table.add_column("检查项", ratio=2, overflow="fold")
        table.add_column("位置", ratio=2, overflow="fold")
        table.add_column("所见与建议", ratio=5, overflow="fold")
        for f in shown:
            status = Text(f"{STATUS_ICON[f.status]} {STATUS_LABEL[f.status]}", style=_STYLE[f.status])
            name = Text(f.title + "\n")
            name.append(f.rule, style="dim")
            if f.severity == "required":
                name.append(" 必备", style="bold")
            table.add_row(status, name, Text(_where(f)), _content(f))
        console.print(table)
    for f in card.findings:
        if f.table is not None and f.status != "not_applicable":
            extra = Table(title=plain(f.table.title), title_justify="left", expand=True, title_style="bold")
            for name in f.table.header:
                extra.add_column(name, overflow="fold")
            for row in f.table.rows:
                style = "red" if any(cell.startswith("未见") for cell in row) else ""
                extra.add_row(*(Text(cell) for cell in row), style=style)
            console.print(extra)
    leftovers = [f for f in card.findings if f.status == "not_applicable" and f not in hidden
                 and not any(c.id == f.category for c in card.categories)]
    hidden.extend(leftovers)
    if hidden and not options.verbose:
        console.print(Text(f"另有 {len(hidden)} 项不适用：" + "、".join(f.title for f in hidden[:6])
                           + ("……" if len(hidden) > 6 else ""), style="dim"))


def _summary(console, results: list[Scorecard | InputFailure]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"汇总（{len(results)} 份）", title_justify="left", expand=True, title_style="bold")
    for name, kw in (("报告机关", {"ratio": 3}), ("年度", {"width": 6}), ("得分", {"width": 6, "justify": "right"}),
                     ("结论", {"width": 8}), ("缺失的必备内容", {"ratio": 4}), ("文件", {"ratio": 3})):
        table.add_column(name, overflow="fold", **kw)
    for r in results:
        if isinstance(r, InputFailure):
            table.add_row("—", "—", "—", Text("无法读取", style="bold yellow"), Text(r.reason), Text(r.path))
            continue
        meta = r.document.meta
        verdict = Text("✔ 通过", style="green") if r.gate.passed else Text("✘ 未通过", style="bold red")
        missing = "、".join(f.title for f in missing_required(r)) or "—"
        table.add_row(Text(str(meta.value("organ") or "（未识别）")), str(meta.value("year") or "—"), f"{r.score:g}",
                      verdict, Text(missing), Text(r.document.path))
    console.print(table)
    cards = [r for r in results if isinstance(r, Scorecard)]
    failed = [r for r in results if isinstance(r, InputFailure)]
    passed = sum(1 for c in cards if c.gate.passed)
    console.print(f"[bold]共 {len(results)} 份：通过 {passed} 份，未通过 {len(cards) - passed} 份"
                  + (f"，无法读取 {len(failed)} 份" if failed else "") + "[/bold]")


def render_text(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    buffer = StringIO()
    console = terminal(buffer, options.width, options.color)
    batch = len(results) > 1 or not options.single
    if not batch or options.details:
        for i, result in enumerate(results):
            if i:
                console.print()
            if isinstance(result, InputFailure):
                console.print(f"[bold red]✘ 无法检查[/bold red] {plain(result.path)}：{plain(result.reason)}")
            else:
                _card(console, result, options)
    if batch:
        if options.details:
            console.print()
        _summary(console, results)
    return buffer.getvalue()
