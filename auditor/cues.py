"""Cue patterns from packs, compiled once per report year.

Pack authors write regular expressions over width-folded text (（一） is matched as (一),
，as ,). Three placeholders stand for years relative to the reported year, so that one pack
serves every year: {本年} the reported year, {下一年} the year after, {上一年} the year before.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from itertools import product
from typing import Any

from .textutil import fold

try:  # the regex parser of the standard library (sre_parse before Python 3.11)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

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
def _alternation(patterns: tuple[str, ...], year: int | None) -> "re.Pattern[str] | GatedPattern":
    regex = re.compile(_joined(patterns, year))
    # The gate is the same for every report year: found on the patterns with their year
    # placeholders open to any number.
    gate = literal_gate(_any_year(patterns))
    return GatedPattern(regex, gate) if gate is not None else regex


def _joined(patterns: tuple[str, ...], year: int | None) -> str:
    return "|".join(f"(?:{fold(expand(p, year))})" for p in patterns)


def _any_year(patterns: tuple[str, ...]) -> str:
    """The alternation with every year placeholder open to any number: what holds for it holds
    for each report year."""
    return "|".join("(?:" + fold(_PLACEHOLDER_RE.sub(r"\\d+", p)) + ")" for p in patterns)


_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


# ---------------------------------------------------------------- literal gates
#
# A cue such as 执法[^。]{0,30}(公示|公开) costs a scan of thirty characters at every 执法 of a
# report, and most sentences hold none of the words any match must contain. Those words are
# read off the parsed pattern (required_literals), and one search for them (a trie of literals,
# which the regex engine skips through quickly) decides whether the cue can match at all: a
# gate before the outline's cues, the spans worth searching for a matcher, the windows a short
# cue is searched in. A gate is a necessary condition, so matching gives exactly the regex's
# own answers (tests/test_matcher_scan.py holds every cue of the pack to that).

_MAX_EXACT = 64  # strings an exactly-known piece may stand for before it is left inexact
_UNKNOWN: Any = None


def _exact(items: list) -> "set[str] | None":
    """The finite set of strings a parsed sequence matches, when it is small and known."""
    out = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            options = {chr(av)}
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in av) and len(av) <= 8:
            options = {chr(code) for _, code in av}
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            options = _exact(av[3])
        elif op is _sre.BRANCH:
            options = set()
            for branch in av[1]:
                sub = _exact(branch)
                if sub is None:
                    return None
                options |= sub
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            sub = _exact(av[2])
            options = None if sub is None else sub | {""}
        else:
            return None
        if options is None or len(out) * len(options) > _MAX_EXACT:
            return None
        out = {a + b for a, b in product(out, options)}
    return out


def _required(items: list) -> "frozenset[str] | None":
    """Strings one of which every match of a parsed sequence contains (None: none known)."""
    candidates: list[frozenset[str]] = []
    run: set[str] = {""}  # the strings the current run of exactly-known pieces stands for

    def close_run() -> None:
        if "" not in run:
            candidates.append(frozenset(run))
        run.clear()
        run.add("")

    for op, av in items:
        options = _exact([(op, av)])
        if options is not None:
            if len(run) * len(options) > _MAX_EXACT:
                close_run()  # too many strings: the run so far is one requirement, the rest another
            longer = {a + b for a, b in product(run, options)}
            run.clear()
            run.update(longer)
            continue
        close_run()
        if op is _sre.SUBPATTERN:
            need = None if av[1] & (re.IGNORECASE | re.LOCALE) else _required(av[3])
        elif op is _sre.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            need = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _UNKNOWN)):
            need = _required(av[2]) if av[0] >= 1 else None
        elif op is getattr(_sre, "ATOMIC_GROUP", _UNKNOWN):
            need = _required(av)
        else:  # classes, categories, anchors, lookarounds, back-references: nothing certain
            need = None
        if need:
            candidates.append(need)
    close_run()
    if not candidates:
        return None
    # The rarest requirement: long strings first, then few of them.
    return max(candidates, key=lambda c: (min(len(x) for x in c), -len(c)))


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> "frozenset[str] | None":
    """Strings one of which every match of ``pattern`` contains, or None when that cannot be
    said (a cue like ``\\d+件`` may match anywhere); also None for case-insensitive patterns."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    need = _required(list(parsed))
    return need if need and all(need) else None


class GatedPattern:
    """A compiled cue behind its literal gate; searched like the ``re.Pattern`` it wraps."""

    __slots__ = ("regex", "gate", "pattern")

    def __init__(self, regex: re.Pattern[str], gate: re.Pattern[str]) -> None:
        self.regex, self.gate, self.pattern = regex, gate, regex.pattern

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> "re.Match[str] | None":
        if self.gate.search(text, pos, endpos) is None:
            return None
        return self.regex.search(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self.gate.search(text, pos, endpos) is None:
            return []
        return self.regex.findall(text, pos, endpos)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GatedPattern) and other.regex == self.regex

    def __hash__(self) -> int:
        return hash(self.regex)

    def __repr__(self) -> str:
        return f"GatedPattern({self.pattern!r})"


@lru_cache(maxsize=1024)
def literal_reach(pattern: str) -> "tuple[re.Pattern[str], int] | None":
    """For a cue whose matches are short and always hold one of a few literals: a regex finding
    those literals and how far around one of them a match can reach (None: no such bound)."""
    need = required_literals(pattern)
    if need is None:
        return None
    width = _sre_parse.parse(pattern).getwidth()[1]
    if width > _MAX_REACH:
        return None
    longest = max(len(x) for x in need)
    finder = _literal_regex(need)
    # A literal the finder stepped over lies inside a reported one, so reach a needle further.
    return finder, width + longest


_MAX_REACH = 120


@lru_cache(maxsize=1024)
def literal_gate(pattern: str) -> "re.Pattern[str] | None":
    """A regex for the literals every match of ``pattern`` holds; None when there are none, or
    when the pattern is itself a list of literals (it is its own gate)."""
    need = required_literals(pattern)
    if need is None or _exact(list(_sre_parse.parse(pattern))) is not None:
        return None
    return _literal_regex(_prefixes(need))


@lru_cache(maxsize=256)
def any_literal(groups: tuple[tuple[str, ...], ...]) -> "re.Pattern[str] | None":
    """One gate for several alternations (for every report year): finds a literal that some
    match of any of them must hold (None when one of them has no such literal)."""
    need: set[str] = set()
    for patterns in groups:
        if not patterns:
            continue
        literals = required_literals(_any_year(patterns))
        if literals is None:
            return None
        need |= literals
    return _literal_regex(_prefixes(need)) if need else None


def compile_cue(source: str) -> "re.Pattern[str] | GatedPattern":
    """``source`` compiled, behind a literal gate when one exists and is cheaper than the cue:
    a cue that is itself a list of literals is its own gate."""
    regex = re.compile(source)
    gate = literal_gate(source)
    return GatedPattern(regex, gate) if gate is not None else regex


def _prefixes(words: "set[str] | frozenset[str]") -> frozenset[str]:
    """Many words stand for their first two characters: a gate a little less strict, which
    compiles in a fraction of the time (a report's first audit compiles every gate of the pack)."""
    return frozenset(words) if len(words) <= 24 else frozenset(w[:2] for w in words)


@lru_cache(maxsize=1024)
def _literal_regex(words: frozenset[str]) -> re.Pattern[str]:
    """A regex for any of ``words``, laid out as a trie (shared prefixes written once): the engine tries
    one branch per character instead of every word."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(emit(trie))
