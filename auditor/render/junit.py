"""JUnit XML for CI servers (Jenkins, GitLab): a test suite per report, a test case per rule."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model import InputFailure, Scorecard
from .common import STATUS_LABEL, RenderOptions


def _case(name: str, classname: str, body: str = "") -> str:
    return f"    <testcase name={quoteattr(name)} classname={quoteattr(classname)} time=\"0\">{body}</testcase>\n"


def render_junit(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    suites: list[str] = []
    total = failures = errors = skipped = 0
    for result in results:
        if isinstance(result, InputFailure):
            body = f"<error message={quoteattr(result.reason)} type={quoteattr(result.code)}>{escape(result.reason)}</error>"
            suites.append(f"  <testsuite name={quoteattr(result.path)} tests=\"1\" failures=\"0\" errors=\"1\" "
                          f"skipped=\"0\" time=\"0\">\n{_case('读取报告', result.path, body)}  </testsuite>\n")
            total += 1
            errors += 1
            continue
        cases: list[str] = []
        s_fail = s_skip = 0
        classname = result.document.meta.value("organ") or result.document.path
        for f in result.findings:
            name = f"{f.rule} {f.title}"
            if f.status == "fail":
                kind = "缺失（必备）" if f.severity == "required" else "缺失"
                text = f"{f.message}\n建议：{f.advice}\n依据：{f.basis}"
                cases.append(_case(name, classname, f"<failure message={quoteattr(f.message)} type={quoteattr(kind)}>"
                                                    f"{escape(text)}</failure>"))
                s_fail += 1
            elif f.status in ("not_applicable", "waived"):
                reason = f.waiver if f.status == "waived" else f.message
                cases.append(_case(name, classname, f"<skipped message={quoteattr(STATUS_LABEL[f.status] + '：' + (reason or ''))}/>"))
                s_skip += 1
            else:
                out = f.message + "".join(f"\n{e.section} 第{e.line}行：{e.quote}" for e in f.evidence)
                cases.append(_case(name, classname, f"<system-out>{escape(STATUS_LABEL[f.status] + '：' + out)}</system-out>"))
        gate_body = "" if result.gate.passed else (
            f"<failure message={quoteattr('未通过')} type=\"gate\">{escape(chr(10).join(result.gate.reasons))}</failure>")
        cases.append(_case("gate 结论", classname, gate_body))
        s_fail += 0 if result.gate.passed else 1
        n = len(cases)
        total += n
        failures += s_fail
        skipped += s_skip
        props = (f"    <properties>\n      <property name=\"score\" value=\"{result.score:g}\"/>\n"
                 f"      <property name=\"pack\" value={quoteattr(result.pack_id + ' ' + result.pack_version)}/>\n"
                 f"    </properties>\n")
        suites.append(f"  <testsuite name={quoteattr(result.document.path)} tests=\"{n}\" failures=\"{s_fail}\" "
                      f"errors=\"0\" skipped=\"{s_skip}\" time=\"0\">\n{props}{''.join(cases)}  </testsuite>\n")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<testsuites name=\"auditor\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\" "
            f"skipped=\"{skipped}\">\n{''.join(suites)}</testsuites>\n")
