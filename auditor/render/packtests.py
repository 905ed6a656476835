"""`auditor packs test` and `auditor packs lint` as terminal tables."""

from __future__ import annotations

from io import StringIO

from ..model import Pack
from .common import STATUS_LABEL, plain, terminal

_EXPECT = {"present": "通过或部分", "absent": "缺失"}


def _console(color: bool):
    buffer = StringIO()
    return buffer, terminal(buffer, 120, color)


def render_pack_tests(pack: Pack, results, gaps: list[str], color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buffer, console = _console(color)
    table = Table(title=f"规则包测试：{plain(pack.id)} {plain(pack.version)}", title_justify="left", expand=True)
    for name in ("结果", "示例", "规则", "期望", "实际"):
        table.add_column(name, overflow="fold")
    for r in results:
        mark = Text("✔", style="green") if r.ok else Text("✘ 不符", style="bold red")
        got = STATUS_LABEL.get(r.got, r.got)
        # Cells are Text: example names, rule ids and messages are never read as markup.
        table.add_row(mark, Text(r.source), Text(r.rule),
                      Text(_EXPECT.get(r.expected, STATUS_LABEL.get(r.expected, r.expected))),
                      Text(got if r.ok else f"{got}：{r.message}"))
    console.print(table)
    failed = sum(1 for r in results if not r.ok)
    console.print(f"[bold]共 {len(results)} 项：通过 {len(results) - failed} 项，不符 {failed} 项[/bold]")
    if gaps:
        console.print("[yellow]示例覆盖不足：[/yellow]")
        for gap in gaps:
            console.print(f"  · {plain(gap)}")
    return buffer.getvalue()


def render_lint(pack: Pack, issues, color: bool = False) -> str:
    buffer, console = _console(color)
    label = {"error": "[bold red]错误[/bold red]", "warning": "[yellow]警告[/yellow]", "info": "[dim]提示[/dim]"}
    for issue in issues:
        console.print(f"{label[issue.level]} {plain(issue.where)}: {plain(issue.subject)}: {plain(issue.message)}")
    counts = {k: sum(1 for i in issues if i.level == k) for k in ("error", "warning", "info")}
    console.print(f"[bold]{plain(pack.id)}：错误 {counts['error']} 个，警告 {counts['warning']} 个，"
                  f"提示 {counts['info']} 个[/bold]")
    return buffer.getvalue()
