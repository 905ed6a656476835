"""Named checks: what a declarative matcher cannot express, one module each.

A check is a function ``(ctx, **params) -> MatchResult`` registered in ``CHECKS`` and
referenced from YAML as ``{kind: check, name: ..., params: {...}}``.
"""

from __future__ import annotations

from .timeliness import timeliness
from .years import year_consistency

CHECKS = {
    "timeliness": timeliness,
    "year_consistency": year_consistency,
}
