"""Pack tests: example reports that declare the statuses they expect (`auditor packs test`).

A pack folder may hold ``tests/`` with example reports (.txt, .md, or any supported format).
A text example starts with YAML front matter::

    ---
    expect:
      part.reasons: waived      # pass, partial, fail, not_applicable, waived,
      part.measures: present    # present (pass or partial), absent (fail)
    profile: township           # optional
    previous: _2022.txt         # optional: last year's report, for the checks that compare
    waivers: _waivers.yaml      # optional: a waiver file, as for `check --waivers`
    ---
    一、2023年推进法治政府建设的主要举措和成效
    ……

A binary example (docx, pdf …) takes its expectations from a sibling ``NAME.expect.yaml``.
Paths (``previous``, ``waivers``) are relative to the example. ``waived`` can only be expected
with ``waivers``: without a waiver file nothing is ever waived.
Every rule's inline ``examples`` run too: a pass example must not fail, a fail example must fail.
Disabled rules' examples are skipped. A profile that overrides a rule's ``examples`` has those
examples run under that profile. Statuses are compared, never messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .engine import evaluate_rule, make_context
from .ingest import InputError, load, load_text
from .model import Pack
from .outline import build_outline
from .packs import PackError, load_pack, resolve
from .waivers import WaiverError, load_waivers, waivers_for

EXPECTATIONS = {"pass", "partial", "fail", "not_applicable", "waived", "present", "absent"}
_FRONT_RE = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True, slots=True)
class CaseResult:
    source: str  # the example file, or the rule whose inline example it is
    rule: str
    expected: str
    got: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return matches(self.expected, self.got)


def matches(expected: str, got: str) -> bool:
    if expected == "present":
        return got in ("pass", "partial")
    if expected == "absent":
        return got == "fail"
    return expected == got


def _statuses(doc, pack: Pack, rules: list[str], previous=None,
              waived: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    outline = build_outline(doc, pack.section_kinds)
    ctx = make_context(outline, pack, build_outline(previous, pack.section_kinds) if previous is not None else None)
    out = {}
    for rid in rules:
        rule = pack.rule(rid)
        if rule is None:
            out[rid] = ("unknown", f"规则包中没有规则 {rid}")
            continue
        finding = evaluate_rule(rule, ctx)
        if rule.applies.get("disabled") and finding.status == "not_applicable":
            where = f"口径 {pack.profile} " if rule.id in _profile_disabled(pack) else "规则包的 disable "
            out[rid] = ("not_applicable", f"规则 {rule.id} 已被{where}停用，只能期望 not_applicable")
            continue
        # As in score.py: a waiver turns a fail or partial into waived; a pass stays a pass.
        if waived and rule.id in waived and finding.status in ("fail", "partial"):
            out[rid] = ("waived", waived[rule.id])
            continue
        out[rid] = (finding.status, finding.message)
    return out


def _profile_disabled(pack: Pack) -> tuple[str, ...]:
    prof = next((p for p in pack.profiles if p.id == pack.profile), None)
    return prof.disable if prof is not None else ()


def _read_case(path: Path) -> tuple[dict, object]:
    """(front matter, document) of one example file."""
    if path.suffix in (".txt", ".md"):
        text = path.read_text(encoding="utf-8")
        m = _FRONT_RE.match(text)
        if not m:
            raise ValueError("缺少 YAML 前置说明（--- expect: … ---）")
        meta = yaml.safe_load(m.group(1)) or {}
        body = text[m.end():]
        return meta, load_text(body, str(path))
    sidecar = path.with_name(path.name + ".expect.yaml")
    if not sidecar.is_file():
        sidecar = path.with_suffix(".expect.yaml")
    if not sidecar.is_file():
        raise ValueError(f"缺少期望文件 {sidecar.name}")
    return yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}, load(path)


def example_files(folder: Path) -> list[Path]:
    tests = folder / "tests"
    if not tests.is_dir():
        return []
    # Files starting with "_" are supporting material (last year's report), not examples.
    return sorted(p for p in tests.rglob("*") if p.is_file() and not p.name.endswith(".expect.yaml")
                  and not p.name.startswith((".", "_")) and p.suffix.lower() != ".yaml")


def run_pack_tests(ref: str | None = None) -> tuple[Pack, list[CaseResult]]:
    """Every example file of the pack, then every rule's inline examples."""
    folder = resolve(ref)
    base = load_pack(ref)
    results: list[CaseResult] = []
    for path in example_files(folder):
        rel = str(path.relative_to(folder))
        try:
            meta, doc = _read_case(path)
            if not isinstance(meta, dict):
                raise ValueError("前置说明应为键值表（expect、profile、previous、waivers）")
            expect = meta.get("expect") or {}
            if not isinstance(expect, dict) or not expect:
                raise ValueError("expect 应为“规则编号: 状态”的键值表")
            bad = [f"{k}: {v}" for k, v in expect.items() if not isinstance(v, str) or v not in EXPECTATIONS]
            if bad:
                raise ValueError(f"未知的期望状态 {'、'.join(bad)}（可选：{'、'.join(sorted(EXPECTATIONS))}）")
            unknown = set(meta) - _FRONT_KEYS
            if unknown:
                raise ValueError(f"前置说明中有未知的键 {'、'.join(sorted(map(str, unknown)))}"
                                 f"（允许：{'、'.join(sorted(_FRONT_KEYS))}）")
            pack = load_pack(ref, meta.get("profile")) if meta.get("profile") else base
            previous = None
            if meta.get("previous"):
                previous_path = path.parent / str(meta["previous"])
                previous = _read_case(previous_path)[1] if previous_path.suffix in (".txt", ".md") and \
                    _FRONT_RE.match(previous_path.read_text(encoding="utf-8")) else load(previous_path)
            waived = _waivers(path, meta, pack, doc, expect)
            got = _statuses(doc, pack, list(expect), previous, waived)
            for rid, want in expect.items():
                status, message = got[rid]
                results.append(CaseResult(rel, rid, want, status, message))
        except (ValueError, OSError, yaml.YAMLError, InputError, PackError, WaiverError) as exc:
            reason = exc.reason if isinstance(exc, InputError) else str(exc).splitlines()[0]
            results.append(CaseResult(rel, "—", "可读取", "错误", reason))
    results += _inline_examples(base, None)
    # A profile that overrides a rule's examples: those examples hold under that profile.
    for prof in base.profiles:
        if any("examples" in change for change in prof.overrides.values()):
            pack = load_pack(ref, prof.id)
            results += _inline_examples(pack, {rid for rid, change in prof.overrides.items() if "examples" in change})
    return base, results


_FRONT_KEYS = {"expect", "profile", "previous", "waivers"}


def _waivers(path: Path, meta: dict, pack: Pack, doc, expect: dict) -> dict[str, str]:
    """rule id → waiver text from the example's ``waivers:`` file, for the waivers covering it."""
    if not meta.get("waivers"):
        if "waived" in expect.values():
            raise ValueError("期望 waived 需要在前置说明中用 waivers: 指定豁免清单（没有豁免清单，任何规则都不会被豁免）")
        return {}
    waivers, _ = load_waivers(path.parent / str(meta["waivers"]), pack)
    return waivers_for(doc, waivers)


def _inline_examples(pack: Pack, only: set[str] | None) -> list[CaseResult]:
    """Every rule's inline examples (``only``: these rules; the pack's profile, if any, applies)."""
    results = []
    suffix = f"（口径 {pack.profile}）" if pack.profile else ""
    for rule in pack.rules:
        # NOTE: a disabled rule is not applicable by definition: its (inherited) examples
        # would only ever report "不适用", so they are not run.
        if rule.applies.get("disabled") or (only is not None and rule.id not in only):
            continue
        for kind in ("pass", "fail"):
            for i, text in enumerate(rule.examples.get(kind, ())):
                source = f"{rule.id} examples.{kind}[{i}]{suffix}"
                try:
                    status, message = _statuses(load_text(text, source), pack, [rule.id])[rule.id]
                except InputError as exc:
                    status, message = "错误", exc.reason
                results.append(CaseResult(source, rule.id, "present" if kind == "pass" else "absent", status, message))
    return results


def coverage_gaps(pack: Pack, results: list[CaseResult]) -> list[str]:
    """Rules without at least one passing and one failing example (inline or in tests/)."""
    have: dict[str, set[str]] = {}
    for r in results:
        if r.ok:
            have.setdefault(r.rule, set()).add("pass" if r.got in ("pass", "partial") else
                                               "fail" if r.got == "fail" else r.got)
    gaps = []
    for rule in pack.rules:
        if rule.applies.get("disabled"):
            continue  # disabled in this pack: nothing to demonstrate
        got = have.get(rule.id, set())
        missing = [k for k in ("pass", "fail") if k not in got]
        if missing and not (rule.severity == "info" and "pass" in got):
            gaps.append(f"{rule.id}：缺少{'、'.join('通过' if k == 'pass' else '缺失' for k in missing)}的示例")
    return gaps
