"""What a named check finds, before any tier asks about it."""

from __future__ import annotations

from ..matchers import Hit
from ..model import Table, record

# clean: nothing wrong; minor: problems below the check's threshold; problem: a defect;
# unavailable: the check cannot judge (no date, no previous report, nothing to compare).
STATES = ("clean", "minor", "problem", "unavailable")


@record
class Outcome:
    state: str
    hits: tuple[Hit, ...] = ()
    detail: str = ""
    table: Table | None = None
