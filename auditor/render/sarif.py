"""SARIF 2.1.0 (code-scanning dashboards): one run, the pack's rules, a result per finding."""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from ..model import InputFailure, Scorecard
from .common import RenderOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {("fail", "required"): "error", ("fail", "recommended"): "warning", ("fail", "info"): "note",
          ("partial", "required"): "warning", ("partial", "recommended"): "note", ("partial", "info"): "note"}
_KIND = {"pass": "pass", "partial": "fail", "fail": "fail", "not_applicable": "notApplicable",
         "waived": "informational"}


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix(), safe="/:._-~")


def render_sarif(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    from .. import __version__

    rules: dict[str, dict] = {}
    out_results: list[dict] = []
    notifications: list[dict] = []
    artifacts: list[dict] = []
    for result in results:
        index = len(artifacts)
        artifacts.append({"location": {"uri": _uri(result.document.path if isinstance(result, Scorecard)
                                                   else result.path)}})
        if isinstance(result, InputFailure):
            notifications.append({"level": "error", "message": {"text": f"{result.path}：{result.reason}"},
                                  "descriptor": {"id": result.code},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path),
                                                                                            "index": index}}}]})
            continue
        for f in result.findings:
            if f.rule not in rules:
                rules[f.rule] = {
                    "id": f.rule, "name": f.rule.replace(".", "_"),
                    "shortDescription": {"text": f.title},
                    "fullDescription": {"text": f.basis},
                    "help": {"text": f.advice},
                    "defaultConfiguration": {"level": "error" if f.severity == "required" else "warning"},
                    "properties": {"category": f.category, "severity": f.severity, "weight": f.weight},
                }
            location: dict = {"physicalLocation": {"artifactLocation": {"uri": _uri(result.document.path),
                                                                         "index": index}}}
            if f.evidence and f.evidence[0].line:
                e = f.evidence[0]
                location["physicalLocation"]["region"] = {"startLine": e.line, "snippet": {"text": e.quote}}
                if e.section:
                    location["logicalLocations"] = [{"name": e.section, "kind": "section"}]
            entry = {"ruleId": f.rule, "ruleIndex": list(rules).index(f.rule), "kind": _KIND[f.status],
                     "level": _LEVEL.get((f.status, f.severity), "none"),
                     "message": {"text": f.message if f.status != "fail" else f"{f.message}。建议：{f.advice}"},
                     "locations": [location],
                     "properties": {"status": f.status, "score": f.score}}
            if f.status == "waived" and f.waiver:
                entry["suppressions"] = [{"kind": "external", "justification": f.waiver}]
            out_results.append(entry)
    run = {
        "tool": {"driver": {"name": "auditor", "version": __version__, "informationUri": "https://auditor.local/",
                            "rules": list(rules.values())}},
        "artifacts": artifacts,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": out_results,
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
