"""Is this a rule-of-law government report, or another document that shares its vocabulary?"""

from __future__ import annotations

import re

from ..cues import compile_cue
from ..matchers import Context
from ._result import Outcome
from ..textutil import fold

# Signals of the documents most often confused with the annual report (survey 3: 政府信息公开
# 工作年度报告, 行政执法年报/数据公开, personal 述法 reports, 工作方案/通知).
OTHER_KINDS = (
    ("政府信息公开工作年度报告", compile_cue(
        r"主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开行政复议、?行政诉讼情况|政府信息公开工作存在的主要问题及改进情况")),
    ("行政执法统计年报", compile_cue(r"行政执法(工作)?年度报告|行政执法(统计)?年报|行政执法数据(统计|公开)|行政执法基本情况")),
    ("个人述法或述职报告", compile_cue(r"(本人|我)[^。]{0,12}(履行推进法治建设第一责任人职责|述法)|述法报告|述职述法报告")),
    ("工作方案或通知", compile_cue(r"关于印发[^。\n]{2,60}的通知|(实施方案|工作要点|工作计划|任务分工)的通知|"
                              r"现(将[^。]{0,30})?印发给你们|(?m:^各(乡镇|街道|部门|单位|县直)[^。\n]{0,40}[:：]$)|"
                              r"[(（](牵头|责任)单位[:：]")),
)
PLAN_KIND = "工作方案或通知"
_ANNUAL_RE = re.compile(r"法治政府建设|依法行政")


def _other_kind(ctx: Context) -> str | None:
    """The kind of document this looks like instead, if any (computed once per report)."""
    key = ("document kind",)
    if key in ctx.memo:
        return ctx.memo[key]
    meta = ctx.doc.meta
    title = fold(meta.value("title") or "")
    head = "\n".join(ctx.folded[:6] + ((fold(meta.addressee.quote),) if meta.addressee else ()))
    body = ""
    found = None
    for name, rx in OTHER_KINDS:
        # The title or the opening must say so; words deep in the body are not enough
        # (a 法治政府 report may well mention its 行政执法数据统计).
        front = len(rx.findall(title)) * 3 + len(rx.findall(head)) * 2
        if front:
            body = body or "\n".join(ctx.folded)
            if front + len(rx.findall(body)) >= 3:
                found = name
                break
    ctx.memo[key] = found
    return found


def planning_document(ctx: Context) -> Outcome:
    """A work plan or the notice issuing it sets tasks; it reports no year's work done, so
    its 第一责任人 and 三项制度 paragraphs are duties assigned, not duties performed."""
    if _other_kind(ctx) == PLAN_KIND:
        return Outcome("problem", (), "这是一份工作方案或印发方案的通知：所写内容是部署的任务，不是已经完成的工作")
    return Outcome("clean", (), "不是工作方案或通知")


def document_type(ctx: Context) -> Outcome:
    meta = ctx.doc.meta
    title = fold(meta.value("title") or "")
    head = "\n".join(ctx.folded[:6])
    name = _other_kind(ctx)
    if name is not None:
        return Outcome("problem", (), f"看起来是一份{name}，而不是法治政府建设年度报告")
    if not _ANNUAL_RE.search(title + head) and not _ANNUAL_RE.search("\n".join(ctx.folded[6:40])):
        return Outcome("problem", (), "全文几乎没有提到法治政府建设或依法行政，可能不是法治政府建设年度报告")
    return Outcome("clean", (), "是法治政府建设年度报告")
