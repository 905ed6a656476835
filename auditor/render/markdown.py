"""The scorecard as Markdown (for OA systems, wikis and e-mail)."""

from __future__ import annotations

from ..model import Scorecard
from .common import STATUS_ICON, STATUS_LABEL, InputFailure, RenderOptions


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", "<br>")


def _card(card: Scorecard, options: RenderOptions) -> list[str]:
    meta = card.document.meta

    def value(item) -> str:
        return f"{item.value}（{item.source}）" if item is not None else "（未找到）"

    out = [f"# {meta.value('title') or '（无标题）'}", "",
           f"- 报告机关：{value(meta.organ)}",
           f"- 报告年度：{value(meta.year)}",
           f"- 成文日期：{value(meta.date)}",
           f"- 文件：`{card.document.path}`（{card.document.format}，{card.document.chars} 字）",
           f"- 规则包：{card.pack_id} {card.pack_version}" + (f"，口径：{card.profile}" if card.profile else ""),
           f"- **得分：{card.score:g} / {card.max:g}**",
           f"- **结论：{'✔ 通过' if card.gate.passed else '✘ 未通过'}**"]
    out += [f"  - {r}" for r in card.gate.reasons]
    for cat in card.categories:
        rows = [f for f in card.findings if f.category == cat.id and (options.verbose or f.status != "not_applicable")]
        if not rows:
            continue
        out += ["", f"## {cat.title}（{cat.score:g} / {cat.max:g}）", "",
                "| 状态 | 检查项 | 位置 | 所见与建议 |", "|---|---|---|---|"]
        for f in rows:
            where = "—"
            if f.evidence:
                e = f.evidence[0]
                where = f"{e.section}" + (f"，第{e.line}行" if e.line else "")
            if f.status in ("pass", "partial"):
                seen = f.message + "".join(f"<br>“{e.quote}”" for e in f.evidence[:2])
            elif f.status == "waived":
                seen = f"已豁免：{f.waiver}"
            else:
                seen = f.message
            if f.status in ("fail", "partial"):
                seen += f"<br>**建议：**{f.advice}<br>*依据：{f.basis}*"
            out.append(f"| {STATUS_ICON[f.status]} {STATUS_LABEL[f.status]} | {_cell(f.title)}<br>`{f.rule}` | "
                       f"{_cell(where)} | {_cell(seen)} |")
    for f in card.findings:
        if f.table is not None and f.status != "not_applicable":
            out += ["", f"### {f.table.title}", "", "| " + " | ".join(f.table.header) + " |",
                    "|" + "---|" * len(f.table.header)]
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in f.table.rows]
    return out


def render_markdown(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    parts: list[str] = []
    for result in results:
        if isinstance(result, InputFailure):
            parts.append(f"# 无法检查：{result.path}\n\n{result.reason}")
        else:
            parts.append("\n".join(_card(result, options)))
    return "\n\n---\n\n".join(parts) + "\n"
