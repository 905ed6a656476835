"""Waivers: a review office's approved exceptions (a rule, for some reports or organs, until a date).

A waiver file is YAML::

    waivers:
      - rule: part.reasons                # rule id or one of its aliases
        report: "乡镇/*.txt"              # optional glob on the report path
        organ: "*镇人民政府"              # optional glob on the reporting organ
        justification: 经依法治县办同意，乡镇报告本年度简化原因分析
        approver: 县委依法治县办
        expires: 2026-12-31               # optional; an expired waiver is ignored with a warning

A waiver without justification is an error. A waived rule shows as waived with its
justification and leaves the score's denominator.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .model import Document, Pack

_KEYS = {"rule", "report", "organ", "justification", "approver", "expires"}


class WaiverError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    justification: str
    approver: str = ""
    report: str | None = None
    organ: str | None = None
    expires: date | None = None
    line: int = 0

    def text(self) -> str:
        who = f"（批准：{self.approver}" if self.approver else "（"
        until = f"，有效期至 {self.expires.isoformat()}）" if self.expires else "）"
        return self.justification + (who + until if self.approver or self.expires else "")

    def matches(self, doc: Document) -> bool:
        if self.report and not (fnmatch.fnmatch(doc.path, self.report) or fnmatch.fnmatch(Path(doc.path).name, self.report)):
            return False
        organ = doc.meta.value("organ") or ""
        if self.organ and not fnmatch.fnmatch(str(organ), self.organ):
            return False
        return True


def load_waivers(path: str | Path, pack: Pack, today: date | None = None) -> tuple[list[Waiver], list[str]]:
    """Valid, unexpired waivers and warnings (expired ones). Raises WaiverError on bad entries."""
    path = Path(path)
    today = today or date.today()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverError([f"{path}: 无法读取豁免文件（{exc}）"]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WaiverError([f"{path}:{mark.line + 1 if mark else 1}: YAML 语法错误"]) from None
    finally:
        loader.dispose()
    entries: Any = data.get("waivers") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise WaiverError([f"{path}:1: 豁免文件应包含 waivers 列表"])
    lines = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "waivers" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    elif isinstance(node, yaml.SequenceNode):
        lines = [item.start_mark.line + 1 for item in node.value]
    waivers: list[Waiver] = []
    errors: list[str] = []
    warnings: list[str] = []
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else 1
        where = f"{path}:{line}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: 每条豁免应为键值表（rule、justification、approver……）")
            continue
        unknown = set(entry) - _KEYS
        if unknown:
            errors.append(f"{where}: 未知的键 {'、'.join(sorted(map(str, unknown)))}（允许：{'、'.join(sorted(_KEYS))}）")
        rule_id = str(entry.get("rule") or "")
        rule = pack.rule(rule_id) if rule_id else None
        if rule is None:
            errors.append(f"{where}: 规则包 {pack.id} 中没有规则 {rule_id or '（未填写 rule）'}")
        justification = str(entry.get("justification") or "").strip()
        if not justification:
            errors.append(f"{where}: 豁免 {rule_id} 缺少理由（justification），不予采用")
        expires = entry.get("expires")
        if expires is not None and not isinstance(expires, date):
            try:
                expires = date.fromisoformat(str(expires))
            except ValueError:
                errors.append(f"{where}: 有效期 {expires!r} 不是日期（应为 YYYY-MM-DD）")
                expires = None
        if rule is None or not justification:
            continue
        waiver = Waiver(rule.id, justification, str(entry.get("approver") or ""), entry.get("report"),
                        entry.get("organ"), expires, line)
        if expires is not None and expires < today:
            warnings.append(f"{where}: 豁免 {rule.id} 已于 {expires.isoformat()} 过期，本次不予采用")
            continue
        waivers.append(waiver)
    if errors:
        raise WaiverError(errors)
    return waivers, warnings


def waivers_for(doc: Document, waivers: list[Waiver]) -> dict[str, str]:
    """rule id → waiver text, for the waivers that cover this report."""
    out: dict[str, str] = {}
    for w in waivers:
        if w.matches(doc):
            out.setdefault(w.rule, w.text())
    return out
