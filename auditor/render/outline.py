"""`auditor outline`: how the tool sees a report — metadata, section tree, kinds."""

from __future__ import annotations

from io import StringIO

from ..model import Outline, Pack
from ..textutil import clip
from .common import terminal

_SOURCE = {"heading": "标题", "content": "内容线索", "inherited": "继承上级", "position": "位置推定", "preface": "开头"}


def render_outline(outline: Outline, pack: Pack, show_removed: bool = False, color: bool = False) -> str:
    from rich.text import Text
    from rich.tree import Tree

    titles = {k.id: k.title for k in pack.section_kinds}
    titles["preface"] = "开头部分"
    doc = outline.document
    meta = doc.meta
    buffer = StringIO()
    console = terminal(buffer, 110, color)
    for label, item in (("标题", meta.title), ("报告机关", meta.organ), ("报告年度", meta.year),
                        ("成文日期", meta.date), ("发布时间", meta.published), ("落款", meta.signature),
                        ("主送机关", meta.addressee)):
        if item is not None:
            where = f"（{item.source}，第{item.line}行）" if item.line else f"（{item.source}）"
            console.print(f"{label}：{item.value}{where}", markup=False)
    console.print(f"格式：{doc.format}  编码：{doc.encoding or '—'}  正文 {len(doc.paragraphs)} 段、{doc.chars} 字；"
                  f"删除网页杂项 {len(doc.removed)} 行", markup=False)
    root = Tree(Text("（全文）", style="bold"))
    nodes = {0: root}
    for sec in outline.sections[1:]:
        parent = nodes.get(sec.parent or 0, root)
        kinds = "、".join(titles.get(k, k) for k in sec.kinds)
        label = Text()
        label.append(clip(sec.heading or sec.title or "", 50), style="italic" if sec.virtual else "")
        label.append(f"  第{sec.line}行" if sec.line else "", style="dim")
        label.append(f"  [{kinds}]", style="bold cyan" if sec.kind_source in ("heading", "content") else "cyan")
        label.append(f" ←{_SOURCE.get(sec.kind_source, sec.kind_source)}" + (f"“{sec.cue}”" if sec.cue else ""),
                     style="dim")
        nodes[sec.id] = parent.add(label)
    console.print(root)
    if show_removed and doc.removed:
        console.print("\n删除的行：")
        for r in doc.removed:
            console.print(f"  第{r.line}行 [{r.reason}] {clip(r.text, 70)}", markup=False)
    return buffer.getvalue()
