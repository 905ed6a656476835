"""Named checks: what a declarative matcher cannot express, one module each.

A check is a function ``(ctx, **params) -> Outcome`` registered in ``CHECKS`` and referenced
from YAML as ``{kind: check, name: ..., params: {expect: clean, ...}}``. The check reports a
state — ``clean`` (nothing wrong), ``minor`` (problems below its threshold), ``problem``, or
``unavailable`` (it cannot judge: no date, no previous report …) — and each tier of a rule asks
for the state it stands for with ``expect``. A check runs once per report, however many tiers ask.

``PARAMS`` declares what each check accepts besides ``expect`` (name → type, lowest, highest):
packs are validated against it, so a typo in ``params`` is an error at load time, never a
TypeError in the middle of a run. A meta-test keeps it in step with the functions' signatures.
"""

from __future__ import annotations

from .doctype import document_type, planning_document
from .duplicates import duplicated_text
from .numbering import heading_numbering
from .placeholders import placeholders
from .previous import follow_through, repeated_shortcomings, reused_from_previous
from .substance import (data_density, implied_reasons, plans_address_shortcomings, reasons_restated,
                        specific_shortcomings)
from .timeliness import timeliness
from .years import year_consistency

CHECKS = {
    "timeliness": timeliness,
    "year_consistency": year_consistency,
    "duplicated_text": duplicated_text,
    "placeholders": placeholders,
    "heading_numbering": heading_numbering,
    "document_type": document_type,
    "planning_document": planning_document,
    "data_density": data_density,
    "specific_shortcomings": specific_shortcomings,
    "plans_address_shortcomings": plans_address_shortcomings,
    "reasons_restated": reasons_restated,
    "implied_reasons": implied_reasons,
    "reused_from_previous": reused_from_previous,
    "follow_through": follow_through,
    "repeated_shortcomings": repeated_shortcomings,
}


# Parameter name → (type, lowest, highest); None: no bound. A float parameter accepts an integer.
PARAMS: dict[str, dict[str, tuple[type, float | None, float | None]]] = {
    "timeliness": {},
    "year_consistency": {},
    "duplicated_text": {"min_chars": (int, 1, None), "similarity": (float, 0, 1)},
    "placeholders": {},
    "heading_numbering": {},
    "document_type": {},
    "planning_document": {},
    "data_density": {"per_thousand": (float, 0, None)},
    "specific_shortcomings": {},
    "plans_address_shortcomings": {},
    "reasons_restated": {"overlap": (float, 0, 1), "stock_share": (float, 0, 1)},
    "implied_reasons": {"min_chars": (int, 1, None), "min_markers": (int, 1, None)},
    "reused_from_previous": {"min_chars": (int, 1, None), "similarity": (float, 0, 1)},
    "follow_through": {"overlap": (float, 0, 1)},
    "repeated_shortcomings": {"similarity": (float, 0, 1)},
}
