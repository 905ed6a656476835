"""The scorecard as JSON, exactly per the contract in ARCHITECTURE.md (schema auditor.scorecard/1)."""

from __future__ import annotations

import json
from typing import Any

import orjson

from ..model import Scorecard
from .common import InputFailure, RenderOptions

SCHEMA = "auditor.scorecard/1"


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 3)


def _finding(f) -> dict[str, Any]:
    out = {"rule": f.rule, "title": f.title, "category": f.category, "severity": f.severity,
           "weight": _num(f.weight), "status": f.status, "score": _num(f.score), "message": f.message,
           "basis": f.basis, "advice": f.advice,
           "evidence": [{"section": e.section, "line": e.line, "quote": e.quote} for e in f.evidence]}
    if f.waiver:
        out["waiver"] = f.waiver  # only on waived findings: the justification and approver
    if f.table is not None:
        out["table"] = {"title": f.table.title, "header": list(f.table.header), "rows": [list(r) for r in f.table.rows]}
    return out


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    doc = card.document
    meta = doc.meta
    return {
        "schema": SCHEMA,
        "document": {"path": doc.path, "format": doc.format, "title": meta.value("title"),
                     "organ": meta.value("organ"), "year": meta.value("year"), "date": meta.value("date"),
                     "chars": doc.chars},
        "pack": {"id": card.pack_id, "version": card.pack_version, "profile": card.profile},
        "findings": [_finding(f) for f in card.findings],
        "categories": [{"id": c.id, "title": c.title, "score": _num(c.score), "max": _num(c.max)}
                       for c in card.categories],
        "score": _num(card.score),
        "max": _num(card.max),
        "gate": {"passed": card.gate.passed, "reasons": list(card.gate.reasons)},
    }


def failure_dict(failure: InputFailure) -> dict[str, Any]:
    return {"schema": SCHEMA, "document": {"path": failure.path}, "error": failure.reason, "code": failure.code}


def to_dict(result: Scorecard | InputFailure) -> dict[str, Any]:
    return failure_dict(result) if isinstance(result, InputFailure) else scorecard_dict(result)


def compact_json(result: Scorecard | InputFailure) -> bytes:
    """One result on one line (the batch stream), UTF-8: the same text as ``json.dumps(to_dict(result),
    ensure_ascii=False, separators=(",", ":"))``, from orjson at a quarter of the time. Bytes,
    so that they go from the worker to the output without being decoded and encoded again."""
    return orjson.dumps(to_dict(result))


def render_json(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    data: Any = to_dict(results[0]) if options.single and len(results) == 1 else [to_dict(r) for r in results]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
