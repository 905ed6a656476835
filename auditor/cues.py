"""Cue patterns from packs, compiled once per report year.

Pack authors write regular expressions over width-folded text (（一） is matched as (一),
，as ,). Three placeholders stand for years relative to the reported year, so that one pack
serves every year: {本年} the reported year, {下一年} the year after, {上一年} the year before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .textutil import fold

PLACEHOLDERS = ("{本年}", "{下一年}", "{上一年}")
_ANY_YEAR = r"(?:19|20)\d{2}"


def expand(pattern: str, year: int | None) -> str:
    if "{" not in pattern:
        return pattern
    if year is None:
        values = (_ANY_YEAR, _ANY_YEAR, _ANY_YEAR)
    else:
        values = (str(year), str(year + 1), str(year - 1))
    for placeholder, value in zip(PLACEHOLDERS, values):
        pattern = pattern.replace(placeholder, value)
    return pattern


def alternation(patterns: tuple[str, ...], year: int | None = None) -> re.Pattern[str] | None:
    """One regex matching any of ``patterns`` (None for an empty list)."""
    if not patterns:
        return None
    # Only patterns with year placeholders differ between report years: compile the others once.
    return _alternation(patterns, year if any("{" in p for p in patterns) else None)


@lru_cache(maxsize=1024)
def _alternation(patterns: tuple[str, ...], year: int | None) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fold(expand(p, year))})" for p in patterns))
