"""The closed set of matcher kinds that YAML rules are built from.

Each kind is a class with ``compile(spec)`` (run once, at pack load: regexes are compiled and
checked there) and ``match(ctx) -> MatchResult``. ``MATCHERS`` is the one registry; adding a
kind means one class here, one line in the registry and one branch in pack.schema.json.
Matchers state facts (found or not, where); statuses, weights and scores come from the pack.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_right
from dataclasses import field
from functools import lru_cache
from typing import Any, Callable, ClassVar, NamedTuple

from .cues import expand, literal_gate, literal_reach
from .model import Outline, Section, Span, Table, record
from .textutil import clip, fold, sentence_bounds, years_in

ALL = "all"


# ---------------------------------------------------------------- evaluation context


# Hits and results live only inside evaluation, some two hundred per report: immutable named
# tuples, which cost half as much to make as frozen records.
class Hit(NamedTuple):
    section: int
    paragraph: int
    start: int  # the unit (sentence or paragraph piece) that matched
    end: int
    cue_start: int
    cue_end: int
    cue: str
    # Hits on metadata (title, 落款 …) are not inside a body paragraph: they carry their own.
    line: int | None = None
    quote: str = ""
    where: str = ""


class MatchResult(NamedTuple):
    ok: bool
    hits: tuple[Hit, ...] = ()
    detail: str = ""
    ratio: float | None = None  # checklists: the share of items found
    table: Table | None = None  # named checks: a table for the scorecard


class Context:
    """One outline under evaluation, with per-document caches shared by all matchers."""

    def __init__(self, outline: Outline, settings: dict[str, Any] | None = None,
                 previous: Outline | None = None) -> None:
        self.outline = outline
        self.previous = previous  # last year's report, when given (--previous)
        self.doc = outline.document
        self.year: int | None = self.doc.meta.year.value if self.doc.meta.year else None
        self.settings = settings or {}
        self.folded = outline.folded or tuple(fold(p.text) for p in self.doc.paragraphs)
        self._scopes: dict[tuple, list[tuple[Section, Span]]] = {}
        self._sentences: dict[tuple[int, int, int], list[tuple[int, int]]] = outline.sentences or {}
        self.memo: dict[tuple, Any] = {}  # matcher results shared between tiers and rules

    def pattern(self, source: str) -> re.Pattern[str]:
        # Only patterns with year placeholders differ between report years.
        return _compiled(source, self.year if "{" in source else None)

    def scope(self, kinds: tuple[str, ...], exclude: tuple[str, ...] = (), exact: bool = False,
              sources: tuple[str, ...] = ()) -> list[tuple[Section, Span]]:
        key = (kinds, exclude, exact, sources)
        cached = self._scopes.get(key)
        if cached is not None:
            return cached
        out = []
        for sec in self.sections(kinds, exclude, exact, sources):
            for span in sec.spans:
                out.append((sec, span))
        out.sort(key=lambda item: (item[1].paragraph, item[1].start))
        self._scopes[key] = out
        return out

    def sections(self, kinds: tuple[str, ...], exclude: tuple[str, ...] = (), exact: bool = False,
                 sources: tuple[str, ...] = ()) -> list[Section]:
        key = ("sections", kinds, exclude, exact, sources)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        wanted = set(kinds)
        out = self.memo[key] = []
        for sec in self.outline.sections:
            sk = set(sec.kinds)
            if ALL not in wanted and not (sk & wanted):
                continue
            if exact and not sk <= wanted:
                continue
            if exclude and sk & set(exclude):
                continue
            if sources and sec.kind_source not in sources:
                continue
            out.append(sec)
        return out

    def joined(self, kinds: tuple[str, ...], exclude: tuple[str, ...] = ()):
        """The scope's text joined with separators no term contains, where each piece starts, and the pieces."""
        key = ("joined", kinds, exclude)
        cached = self.memo.get(key)
        if cached is None:
            parts, starts, pieces = [], [], []
            offset = 0
            for sec, span in self.scope(kinds, exclude):
                starts.append(offset)
                pieces.append((sec, span))
                piece = self.folded[span.paragraph][span.start:span.end]
                parts.append(piece)
                offset += len(piece) + 1
            cached = self.memo[key] = ("\x00".join(parts), starts, pieces)
        return cached

    def spans_matching(self, rx: re.Pattern[str], kinds: tuple[str, ...],
                       exclude: tuple[str, ...] = ()) -> list[tuple[Section, Span, Any]]:
        """The spans of a scope where ``rx`` matches, each with its first match (paragraph offsets).

        The same as searching span by span, found with one pass over the scope's joined text
        where that is exact: when the pattern has no anchors, lookarounds or word boundaries,
        a match lying inside one piece is that piece's match, and only the pieces a match runs
        across (and the piece where the pass resumed) are searched on their own.
        """
        key = ("matching", rx, kinds, exclude)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        found: list[tuple[Section, Span, Any]] = []
        if not _position_free(rx.pattern):
            # Searched span by span; but only in the spans that hold one of its literals, found
            # in one pass (a literal lies inside one piece of the joined text).
            gate = literal_gate(rx.pattern)
            candidates = self.scope(kinds, exclude)
            if gate is not None:
                joined, starts, pieces = self.joined(kinds, exclude)
                holding = sorted({bisect_right(starts, m.start()) - 1 for m in gate.finditer(joined)})
                candidates = [pieces[k] for k in holding]
            for sec, span in candidates:
                m = rx.search(self.folded[span.paragraph], span.start, span.end)
                if m is not None:
                    found.append((sec, span, m))
            self.memo[key] = found
            return found
        joined, starts, pieces = self.joined(kinds, exclude)
        reach = literal_reach(rx.pattern)
        if reach is not None:
            windowed = self._windowed(rx, reach, joined, starts, pieces)
            if windowed is not None:
                self.memo[key] = windowed
                return windowed
        firsts: dict[int, Any] = {}
        alone: set[int] = set()
        for m in rx.finditer(joined):
            k = bisect_right(starts, m.start()) - 1
            sec, span = pieces[k]
            if m.end() <= starts[k] + span.end - span.start:
                if k not in firsts:
                    firsts[k] = _Shifted(m, span.start - starts[k])
            else:
                last = bisect_right(starts, m.end() - 1) - 1
                alone.update(range(k, last + 1))
        for k in sorted(firsts.keys() | alone):
            sec, span = pieces[k]
            m = rx.search(self.folded[span.paragraph], span.start, span.end) if k in alone else firsts[k]
            if m is not None:
                found.append((sec, span, m))
        self.memo[key] = found
        return found

    def _windowed(self, rx: re.Pattern[str], reach: tuple[re.Pattern[str], int], joined: str,
                  starts: list[int], pieces: list[tuple[Section, Span]]) -> "list[tuple[Section, Span, Any]] | None":
        """spans_matching for a short cue that always holds one of a few literals: the cue is
        searched only in windows around those literals (each clipped to its piece), and the
        first match found is taken again on the span itself, so that it is the span's own.
        None when the windows would cover nearly all the text (one pass is cheaper then)."""
        finder, width = reach
        windows: dict[int, list[list[int]]] = {}
        covered = 0
        for m in finder.finditer(joined):
            k = bisect_right(starts, m.start()) - 1
            sec, span = pieces[k]
            lo, hi = starts[k], starts[k] + span.end - span.start
            a, b = max(lo, m.start() - width), min(hi, m.end() + width)
            runs = windows.setdefault(k, [])
            if runs and a <= runs[-1][1]:
                covered += max(0, b - runs[-1][1])
                runs[-1][1] = max(runs[-1][1], b)
            else:
                covered += b - a
                runs.append([a, b])
        if covered * 10 > len(joined) * 9:
            return None
        found: list[tuple[Section, Span, Any]] = []
        for k in sorted(windows):
            sec, span = pieces[k]
            for a, b in windows[k]:
                m = rx.search(joined, a, b)
                if m is not None:
                    folded = self.folded[span.paragraph]
                    at = span.start + m.start() - starts[k]
                    found.append((sec, span, rx.match(folded, at, span.end) or rx.search(folded, span.start, span.end)))
                    break
        return found

    def chars(self, span: Span) -> int:
        """Characters of a span, whitespace not counted."""
        key = ("chars", span.paragraph, span.start, span.end)
        size = self.memo.get(key)
        if size is None:
            piece = self.folded[span.paragraph][span.start:span.end]
            size = self.memo[key] = len("".join(piece.split()))
        return size

    def quantities(self, span: Span) -> list[re.Match[str]]:
        key = ("quantities", span.paragraph, span.start, span.end)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = list(_QUANTITY_RE.finditer(self.folded[span.paragraph], span.start, span.end))
        return found

    def sentences(self, span: Span) -> list[tuple[int, int]]:
        key = (span.paragraph, span.start, span.end)
        cached = self._sentences.get(key)
        if cached is None:
            text = self.folded[span.paragraph][span.start: span.end]
            cached = [(span.start + a, span.start + b) for a, b in sentence_bounds(text)]
            self._sentences[key] = cached
        return cached

    def units(self, scoped: list[tuple[Section, Span]], unit: str):
        for sec, span in scoped:
            if unit == "paragraph":
                yield sec, span.paragraph, span.start, span.end
            else:
                for a, b in self.sentences(span):
                    yield sec, span.paragraph, a, b


# ---------------------------------------------------------------- base


class Matcher:
    kind: ClassVar[str] = ""
    keys: ClassVar[tuple[str, ...]] = ()

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        scope = spec.get("scope", [ALL])
        self.scope: tuple[str, ...] = tuple(scope if isinstance(scope, list) else [scope])
        self.exclude_scope: tuple[str, ...] = tuple(spec.get("exclude_scope", ()))
        self.unit: str = spec.get("unit", "sentence")
        self.min: int = int(spec.get("min", 1))
        self.excludes: tuple[str, ...] = tuple(fold(p) for p in spec.get("exclude", ()))
        for p in self.excludes:
            _check_regex(p)
        self.excludes_anchored: tuple[bool, ...] = tuple(is_anchored(p) for p in self.excludes)
        self.absent: bool = bool(spec.get("absent", False))

    def holds(self, ctx: Context) -> MatchResult:
        """The condition as the tier states it: found, or with ``absent: true`` not found."""
        result = self.match(ctx)
        if not self.absent:
            return result
        return MatchResult(not result.ok, (), f"（要求没有）{result.detail}")

    def scope_label(self, ctx: "Context | None" = None) -> str:
        if ctx is None:
            return self._scope_label({})
        key = ("scope label", self.scope, self.exclude_scope)
        label = ctx.memo.get(key)
        if label is None:
            label = ctx.memo[key] = self._scope_label(ctx.settings.get("kind_titles", {}))
        return label

    def _scope_label(self, titles: dict[str, str]) -> str:
        short = {"preface": "开头部分"}

        def name(kind: str) -> str:
            return "“" + titles.get(kind, short.get(kind, kind)) + "”"

        text = "全文" if ALL in self.scope else "、".join(name(k) for k in self.scope)
        if self.exclude_scope:
            text += "（" + "、".join(name(k) for k in self.exclude_scope) + "除外）"
        return text

    def scoped(self, ctx: Context) -> list[tuple[Section, Span]]:
        return ctx.scope(self.scope, self.exclude_scope)

    def excluded(self, ctx: Context, folded: str, a: int, b: int) -> bool:
        """Does an exclude pattern match the unit ``folded[a:b]`` (anchored ones: its window)?"""
        if not self.excludes:
            return False
        for p, anchored in zip(self.excludes, self.excludes_anchored):
            if anchored:
                wa, wb = unit_window(folded, a, b)
                if ctx.pattern(p).search(folded[wa:wb]):
                    return True
            elif ctx.pattern(p).search(folded[a:b]):
                return True
        return False

    def match(self, ctx: Context) -> MatchResult:  # pragma: no cover - abstract
        raise NotImplementedError


def _check_regex(pattern: str) -> None:
    try:
        re.compile(expand(pattern, 2000))
    except re.error as exc:
        raise ValueError(f"正则表达式有误：{pattern}（{exc}）") from None


class SpecError(ValueError):
    """A bad matcher spec; ``where`` is the path below the matcher (for the file:line)."""

    def __init__(self, message: str, where: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.where = where


# ---------------------------------------------------------------- anchors
#
# NOTE: conditions are matched unit by unit (sentence or paragraph piece), so ``^`` and ``$``
# mean the start and the end of the unit: its text without leading spaces and without its
# closing punctuation (。；！？). Unanchored cues are searched over a whole span with
# ``finditer(text, pos, endpos)``, where ``^`` could only match at the start of a paragraph;
# anchored cues are searched on the unit's own slice instead. Their anchor-free form (a
# superset: an assertion removed can only allow more matches) is the cheap first look.

_UNIT_TAIL = " \t\u3000。！？!?；;."


def _anchor_positions(pattern: str) -> list[tuple[int, int]]:
    """(start, end) of every ``^``, ``$``, ``\\A``, ``\\Z`` outside character classes."""
    out: list[tuple[int, int]] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if not in_class and pattern[i + 1:i + 2] in ("A", "Z"):
                out.append((i, i + 2))
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":  # a literal ] first in a class
                i += 1
            continue
        elif ch in "^$":
            out.append((i, i + 1))
        i += 1
    return out


@lru_cache(maxsize=4096)
def is_anchored(pattern: str) -> bool:
    return bool(_anchor_positions(pattern))


@lru_cache(maxsize=4096)
def _position_free(pattern: str) -> bool:
    """Does a match depend only on the characters it covers (no anchors, lookarounds, \\b)?
    Such a pattern finds the same matches in a piece of text as in a longer text holding it."""
    return not is_anchored(pattern) and not any(t in pattern for t in ("(?=", "(?!", "(?<", "\\b", "\\B"))


@lru_cache(maxsize=4096)
def relaxed(pattern: str) -> str | None:
    """The pattern without its anchors: a prefilter for the spans an anchored cue can match in.
    None when it cannot serve (it does not compile, or lookarounds see past the unit)."""
    out, last = [], 0
    for a, b in _anchor_positions(pattern):
        out.append(pattern[last:a])
        last = b
    out.append(pattern[last:])
    loose = "".join(out)
    if "(?<" in loose or "(?=" in loose or "(?!" in loose:
        return None
    try:
        re.compile(expand(loose, 2000))
    except re.error:
        return None
    return loose


def unit_window(folded: str, a: int, b: int) -> tuple[int, int]:
    """The unit ``folded[a:b]`` without leading spaces, trailing spaces and closing punctuation:
    what ``^`` and ``$`` anchor to."""
    while a < b and folded[a] in _UNIT_TAIL[:3]:
        a += 1
    while b > a and folded[b - 1] in _UNIT_TAIL:
        b -= 1
    return a, b


# ---------------------------------------------------------------- kinds


class SectionMatcher(Matcher):
    """A section of the given kinds exists (optionally with enough text, from given sources)."""

    kind = "section"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.min_chars = int(spec.get("min_chars", 0))
        self.exact = bool(spec.get("exact", False))
        self.sources = tuple(spec.get("source", ()))

    def match(self, ctx: Context) -> MatchResult:
        hits = []
        for sec in ctx.sections(self.scope, self.exclude_scope, self.exact, self.sources):
            body = [s for s in sec.spans if not s.is_heading]
            size = sum(ctx.chars(s) for s in body)
            if size < self.min_chars and not self._children_have_text(ctx, sec):
                continue
            first = (body or list(sec.spans) or [None])[0]
            if first is None:
                continue
            # The first sentence of the part's own text says more than its heading, which
            # the evidence names as the section anyway (only the first few become evidence).
            anchor = first
            a, b = anchor.start, anchor.end
            if len(hits) < 3:
                sentences = ctx.sentences(anchor) or [(anchor.start, anchor.end)]
                a, b = sentences[0]
            hits.append(Hit(sec.id, anchor.paragraph, a, b, a, b, sec.title or ""))
        ok = len(hits) >= self.min
        detail = f"找到 {len(hits)} 个{self.scope_label(ctx)}部分" if hits else f"没有{self.scope_label(ctx)}部分"
        return MatchResult(ok, tuple(hits), detail)

    def _children_have_text(self, ctx: Context, sec: Section) -> bool:
        if self.min_chars == 0:
            return True
        total = 0
        for child_id in sec.children:
            child = ctx.outline.section(child_id)
            if set(child.kinds) & set(sec.kinds):
                total += sum(s.end - s.start for s in child.spans)
        return total >= self.min_chars


class _CueMatcher(Matcher):
    """Shared by terms and patterns: cues searched unit by unit in the scope."""

    def cues(self) -> tuple[str, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        for p in self.cues():
            _check_regex(p)
        # Anchored cues must be searched unit by unit; the others span by span.
        self.anchored = any(is_anchored(c) for c in self.cues())

    def find(self, ctx: Context) -> list[tuple[int, Hit]]:
        """(cue index, hit) for every unit holding a cue, excluded units skipped."""
        return self._search(ctx)[0]

    def excluded_note(self, ctx: Context) -> str:
        """How many units held a cue but were excluded, with an example (for `explain`)."""
        dropped = self._search(ctx)[1]
        if not dropped:
            return ""
        return f"；排除 {len(dropped)} 处（如“{clip(dropped[0], 40)}”）"

    def _search(self, ctx: Context) -> tuple[list[tuple[int, Hit]], list[str]]:
        # Tiers of one rule often repeat a search with another minimum: search once.
        key = ("find", self.cues(), self.scope, self.exclude_scope, self.unit, self.excludes)
        cached = ctx.memo.get(key)
        if cached is None:
            cached = ctx.memo[key] = self._find(ctx)
        return cached

    def _compiled(self, ctx: Context) -> tuple[list[re.Pattern[str]], re.Pattern[str] | None]:
        """The cue regexes for this report's year, compiled once per matcher and year."""
        cache = self.__dict__.setdefault("_by_year", {})
        entry = cache.get(ctx.year)
        if entry is None:
            cues = self.cues()
            entry = cache[ctx.year] = ([ctx.pattern(c) for c in cues], _prefilter(ctx, cues))
        return entry

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_by_year", None)  # compiled regexes are rebuilt after unpickling
        return state

    def _find(self, ctx: Context) -> tuple[list[tuple[int, Hit]], list[str]]:
        compiled, anywhere = self._compiled(ctx)
        found: list[tuple[int, Hit]] = []
        dropped: list[str] = []
        # NOTE: the spans holding any of the cues first: most spans hold none of a rule's cues.
        candidates = (self.scoped(ctx) if anywhere is None else
                      [(sec, span) for sec, span, _ in ctx.spans_matching(anywhere, self.scope, self.exclude_scope)])
        for sec, span in candidates:
            text = ctx.folded[span.paragraph]
            units = ctx.sentences(span) if self.unit == "sentence" else [(span.start, span.end)]
            per_unit: dict[int, dict[int, re.Match[str]]] = {}
            if self.anchored:
                for u, (a, b) in enumerate(units):
                    wa, wb = unit_window(text, a, b)
                    window = text[wa:wb]
                    if anywhere is not None and not anywhere.search(window):
                        continue
                    for idx, rx in enumerate(compiled):
                        m = rx.search(window)
                        if m is not None:
                            per_unit.setdefault(u, {}).setdefault(idx, _Shifted(m, wa))
            else:
                starts = [a for a, _ in units]
                for idx, rx in enumerate(compiled):
                    for m in rx.finditer(text, span.start, span.end):
                        u = bisect_right(starts, m.start()) - 1
                        if u >= 0 and m.end() <= units[u][1]:
                            per_unit.setdefault(u, {}).setdefault(idx, m)
            for u in sorted(per_unit):
                a, b = units[u]
                if self.excluded(ctx, text, a, b):
                    dropped.append(ctx.doc.paragraphs[span.paragraph].text[a:b])
                    continue
                for idx, m in sorted(per_unit[u].items()):
                    found.append((idx, Hit(sec.id, span.paragraph, a, b, m.start(), m.end(), m.group(0))))
        return found, dropped


class _Shifted:
    """A match on a slice, reporting offsets in the whole paragraph."""

    __slots__ = ("_m", "_shift")

    def __init__(self, m: re.Match[str], shift: int) -> None:
        self._m, self._shift = m, shift

    def start(self) -> int:
        return self._m.start() + self._shift

    def end(self) -> int:
        return self._m.end() + self._shift

    def group(self, index: int = 0) -> str:
        return self._m.group(index)


def _unit_of(ctx: Context, span: Span, offset: int, unit: str) -> tuple[int, int]:
    """The sentence (or the whole span) holding ``offset``."""
    if unit != "sentence":
        return span.start, span.end
    units = ctx.sentences(span)
    key = ("sentence starts", span.paragraph, span.start, span.end)
    starts = ctx.memo.get(key)
    if starts is None:
        starts = ctx.memo[key] = [a for a, _ in units]
    i = bisect_right(starts, offset) - 1
    return units[i] if i >= 0 else (span.start, span.end)


@lru_cache(maxsize=8192)
def _compiled(source: str, year: int | None) -> re.Pattern[str]:
    """Compiled once per process and report year: packs reuse the same few hundred patterns."""
    return re.compile(expand(source, year))


@lru_cache(maxsize=1024)
def _any_of(patterns: tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _prefilter(ctx: Context, patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex a span must match before its units are searched for any of ``patterns``:
    their alternation, anchors removed; None when no sound prefilter exists (search every unit)."""
    loose = []
    for p in patterns:
        q = relaxed(p) if is_anchored(p) else p
        if q is None:
            return None
        loose.append(q)
    return ctx.pattern(_any_of(tuple(loose)))


class TermsMatcher(_CueMatcher):
    """Literal terms: at least ``min`` distinct terms (``mode: all``: every term) in scope."""

    kind = "terms"

    def __init__(self, spec: dict[str, Any]) -> None:
        self.terms = tuple(fold(t) for t in spec["terms"])
        self.escaped = tuple(re.escape(t) for t in self.terms)
        self.mode = spec.get("mode", "any")
        super().__init__(spec)

    def cues(self) -> tuple[str, ...]:
        return self.escaped

    def _find(self, ctx: Context) -> tuple[list[tuple[int, Hit]], list[str]]:
        if self.excludes:
            return super()._find(ctx)
        # Without exclusions only the first place of each term matters: one str.find per term
        # over the scope's text, joined once per report, instead of a regex per span.
        joined, starts, pieces = ctx.joined(self.scope, self.exclude_scope)
        found: list[tuple[int, Hit]] = []
        for idx, term in enumerate(self.terms):
            pos = joined.find(term)
            if pos < 0:
                continue
            k = bisect_right(starts, pos) - 1
            sec, span = pieces[k]
            offset = span.start + pos - starts[k]
            a, b = _unit_of(ctx, span, offset, self.unit)
            found.append((idx, Hit(sec.id, span.paragraph, a, b, offset, offset + len(term), term)))
        return found, []

    def match(self, ctx: Context) -> MatchResult:
        found = self.find(ctx)
        distinct: dict[int, Hit] = {}
        for idx, hit in found:
            distinct.setdefault(idx, hit)
        need = len(self.terms) if self.mode == "all" else self.min
        ok = len(distinct) >= need
        names = "、".join(self.terms[i] for i in sorted(distinct)[:8])
        detail = (f"在{self.scope_label(ctx)}中找到 {len(distinct)} 个词（{names}），需要 {need} 个" if distinct
                  else f"在{self.scope_label(ctx)}中没有找到这些词：{'、'.join(self.terms[:8])}")
        detail += self.excluded_note(ctx)
        return MatchResult(ok, tuple(distinct[i] for i in sorted(distinct)), detail)


class PatternsMatcher(_CueMatcher):
    """Regular expressions: at least ``min`` units in scope match one of them."""

    kind = "patterns"

    def __init__(self, spec: dict[str, Any]) -> None:
        self.patterns = tuple(fold(p) for p in spec["patterns"])
        super().__init__(spec)

    def cues(self) -> tuple[str, ...]:
        return self.patterns

    def match(self, ctx: Context) -> MatchResult:
        found = self.find(ctx)
        hits: list[Hit] = []
        seen: set[tuple[int, int]] = set()
        for _, hit in found:
            if (hit.paragraph, hit.start) not in seen:
                seen.add((hit.paragraph, hit.start))
                hits.append(hit)
        ok = len(hits) >= self.min
        detail = (f"在{self.scope_label(ctx)}中有 {len(hits)} 处匹配（需要 {self.min} 处），如“{hits[0].cue}”" if hits
                  else f"在{self.scope_label(ctx)}中没有匹配")
        detail += self.excluded_note(ctx)
        return MatchResult(ok, tuple(hits), detail)


class CooccurMatcher(Matcher):
    """One unit (sentence or paragraph) matches a pattern from every group, none of the excludes."""

    kind = "cooccur"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.groups = tuple(tuple(fold(p) for p in group) for group in spec["groups"])
        for group in self.groups:
            for p in group:
                _check_regex(p)
        # A group with an anchored pattern is searched in the unit's window (see unit_window).
        self.anchored = tuple(any(is_anchored(p) for p in group) for group in self.groups)

    def match(self, ctx: Context) -> MatchResult:
        compiled = [ctx.pattern(_any_of(group)) for group in self.groups]
        hits: list[Hit] = []
        dropped: list[str] = []
        first_group = _prefilter(ctx, self.groups[0])
        # For whole paragraphs without anchors the prefilter's own match is the first group's.
        reuse = first_group is not None and self.unit == "paragraph" and not any(self.anchored)
        found_first: dict[tuple[int, int], Any] = {}
        if first_group is None:
            scoped = self.scoped(ctx)
        else:
            scoped = []
            for sec, span, m in ctx.spans_matching(first_group, self.scope, self.exclude_scope):
                scoped.append((sec, span))
                found_first[(span.paragraph, span.start)] = m
        any_anchored = any(self.anchored)
        for sec, para, a, b in ctx.units(scoped, self.unit):
            folded = ctx.folded[para]
            text = folded[a:b]
            wa, window = a, text
            if any_anchored:
                wa, wb = unit_window(folded, a, b)
                window = folded[wa:wb]
            if reuse:
                first, wa = _Shifted(found_first[(para, a)], -a), a
            else:
                first = compiled[0].search(window if self.anchored[0] else text)
            if first is None or not all(rx.search(window if anchored else text)
                                        for rx, anchored in zip(compiled[1:], self.anchored[1:])):
                continue
            if self.excluded(ctx, folded, a, b):
                dropped.append(ctx.doc.paragraphs[para].text[a:b])
                continue
            shift = wa if self.anchored[0] else a
            hits.append(Hit(sec.id, para, a, b, shift + first.start(), shift + first.end(), first.group(0)))
        ok = len(hits) >= self.min
        unit = "段" if self.unit == "paragraph" else "句"
        detail = (f"在{self.scope_label(ctx)}中有 {len(hits)} {unit}同时满足 {len(self.groups)} 组条件" if hits
                  else f"在{self.scope_label(ctx)}中没有一{unit}同时满足 {len(self.groups)} 组条件")
        if dropped:
            detail += f"；排除 {len(dropped)} {unit}（如“{clip(dropped[0], 40)}”）"
        return MatchResult(ok, tuple(hits), detail)


# The one-character units after an optional 余 are one class rather than an alternation of
# 余?件|余?项|… (the same matches, twice as fast to search).
_QUANTITY_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:%|个百分点|个工作日|人次|户次|家次|件次|场次|批次|"
    r"余?[件项次人名个家户份条篇部批起宗场期卷台套处所支册块]|元|小时|天|分钟|倍|公里|平方米|亩|学时)")


# The units _QUANTITY_RE knows, longest first: with ``units:`` a quantity is cut at the same
# unit as without it (5个工作日 is 个工作日, not 个), then kept only when its unit is listed.
_KNOWN_UNITS = ("个百分点", "个工作日", "平方米", "人次", "户次", "家次", "件次", "场次", "批次", "小时", "分钟", "公里",
                "学时", "%", "件", "项", "次", "人", "名", "个", "家", "户", "份", "条", "篇", "部", "批", "起", "宗", "场",
                "期", "卷", "台", "套", "处", "所", "支", "册", "块", "元", "天", "倍", "亩")


class NumbersMatcher(Matcher):
    """Quantities with units (件, 项, 次, 人次, %, 万元 …) in scope: at least ``min``.

    ``units`` restricts the count to those units (and may name units outside the default
    list, such as 吨 or 公顷); ``万元`` counts 3万元, ``元`` counts both 3元 and 3万元.
    """

    kind = "numbers"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.units: tuple[str, ...] = tuple(dict.fromkeys(fold(u).strip() for u in spec.get("units", ())))
        if "units" in spec and not all(self.units):
            raise SpecError("units 中的单位不能为空", ("units",))
        self.units_rx: str | None = None
        if self.units:
            known = sorted(set(_KNOWN_UNITS) | {u.removeprefix("万").removeprefix("亿") or u for u in self.units},
                           key=len, reverse=True)
            self.units_rx = (r"\d+(?:\.\d+)?\s*(?P<mult>万|亿)?\s*余?\s*(?P<unit>"
                             + "|".join(re.escape(u) for u in known) + ")")

    def _quantities(self, ctx: Context, span: Span) -> list[re.Match[str]]:
        if self.units_rx is None:
            return ctx.quantities(span)
        # Quantities cut by this unit list (shared by every condition whose units the default list
        # covers), then kept when their unit is one of ours.
        key = ("units", self.units_rx, span.paragraph, span.start, span.end)
        found = ctx.memo.get(key)
        if found is None:
            rx = _compiled(self.units_rx, None)
            found = ctx.memo[key] = list(rx.finditer(ctx.folded[span.paragraph], span.start, span.end))
        wanted = self.units
        return [m for m in found if m.group("unit") in wanted or (m.group("mult") or "") + m.group("unit") in wanted]

    def match(self, ctx: Context) -> MatchResult:
        count = 0
        hits: list[Hit] = []  # the first five are evidence; the others are only counted
        for sec, span in self.scoped(ctx):
            found = self._quantities(ctx, span)
            count += len(found)
            for m in found[:5 - len(hits)]:
                hits.append(Hit(sec.id, span.paragraph, m.start(), m.end(), m.start(), m.end(), m.group(0)))
        which = f"以{'、'.join(self.units)}为单位的数据" if self.units else "带单位的数据"
        return MatchResult(count >= self.min, tuple(hits), f"在{self.scope_label(ctx)}中有 {count} 个{which}（需要 {self.min} 个）")


class YearRefMatcher(Matcher):
    """References to the reported year plus ``offset`` (1: next year) in scope."""

    kind = "year_ref"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.offset = int(spec["offset"])

    def match(self, ctx: Context) -> MatchResult:
        if ctx.year is None:
            return MatchResult(False, (), "无法确定报告年度")
        target = ctx.year + self.offset
        hits = []
        for sec, span in self.scoped(ctx):
            for year, offset in years_in(ctx.folded[span.paragraph][span.start:span.end]):
                if year == target:
                    pos = span.start + offset
                    hits.append(Hit(sec.id, span.paragraph, pos, pos + 5, pos, pos + 5, f"{year}年"))
        ok = len(hits) >= self.min
        return MatchResult(ok, tuple(hits[:3]), f"在{self.scope_label(ctx)}中提到 {target} 年 {len(hits)} 次")


class LengthMatcher(Matcher):
    """At least ``min_chars`` characters of text in scope."""

    kind = "length"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.min_chars = int(spec["min_chars"])
        self.exact = bool(spec.get("exact", False))

    def match(self, ctx: Context) -> MatchResult:
        total = 0
        for _, span in ctx.scope(self.scope, self.exclude_scope, self.exact):
            total += ctx.chars(span)
        return MatchResult(total >= self.min_chars, (), f"{self.scope_label(ctx)}共 {total} 字（需要 {self.min_chars} 字）")


@record
class ChecklistItem:
    id: str
    title: str
    patterns: tuple[str, ...]


class ChecklistMatcher(Matcher):
    """Items of a checklist found in scope: ok with ``min`` items; ratio items/``full``.

    The checklist is named by its ``title``, or else by its rule's title (set by the pack).
    """

    kind = "checklist"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.items = tuple(ChecklistItem(i["id"], i["title"], tuple(fold(p) for p in i["patterns"]))
                           for i in spec["items"])
        for item in self.items:
            for p in item.patterns:
                _check_regex(p)
        self.anchored = tuple(any(is_anchored(p) for p in item.patterns) for item in self.items)
        self.full = int(spec.get("full", len(self.items)))
        self.floor = float(spec.get("floor", 0.0))
        self.title: str = str(spec.get("title") or "")
        self.rule_title = ""

    def named(self, rule_title: str) -> "ChecklistMatcher":
        """This checklist inside a rule called ``rule_title`` (a copy when the name changes)."""
        if self.rule_title == rule_title:
            return self
        other = copy.copy(self)
        other.rule_title = rule_title
        return other

    @property
    def name(self) -> str:
        return self.title or self.rule_title or "清单"

    def _first(self, ctx: Context, item: ChecklistItem, anchored: bool, scoped) -> Hit | None:
        rx = ctx.pattern(_any_of(item.patterns))
        if not anchored:
            for sec, span in scoped:
                text = ctx.folded[span.paragraph]
                for m in rx.finditer(text, span.start, span.end):
                    a, b = _unit_of(ctx, span, m.start(), self.unit)
                    if not self.excluded(ctx, text, a, b):
                        return Hit(sec.id, span.paragraph, a, b, m.start(), m.end(), item.title)
            return None
        loose = _prefilter(ctx, item.patterns)
        for sec, span in scoped:
            text = ctx.folded[span.paragraph]
            if loose is not None and not loose.search(text, span.start, span.end):
                continue
            units = ctx.sentences(span) if self.unit == "sentence" else [(span.start, span.end)]
            for a, b in units:
                wa, wb = unit_window(text, a, b)
                m = rx.search(text[wa:wb])
                if m is not None and not self.excluded(ctx, text, a, b):
                    return Hit(sec.id, span.paragraph, a, b, wa + m.start(), wa + m.end(), item.title)
        return None

    def match(self, ctx: Context) -> MatchResult:
        found: list[tuple[ChecklistItem, Hit]] = []
        scoped = self.scoped(ctx)
        joined = ctx.joined(self.scope, self.exclude_scope)[0]
        for item, anchored in zip(self.items, self.anchored):
            loose = _prefilter(ctx, item.patterns) if anchored else ctx.pattern(_any_of(item.patterns))
            if loose is not None and not loose.search(joined):
                continue
            hit = self._first(ctx, item, anchored, scoped)
            if hit is not None:
                found.append((item, hit))
        ratio = max(self.floor, min(1.0, len(found) / self.full)) if self.full else 1.0
        names = "、".join(item.title for item, _ in found)
        detail = f"清单“{self.name}”{len(self.items)} 项中找到 {len(found)} 项" + (f"：{names}" if names else "")
        return MatchResult(len(found) >= self.min, tuple(h for _, h in found), detail, ratio)


_META_FIELDS = ("title", "organ", "year", "date", "published", "signature", "addressee")


class MetaMatcher(Matcher):
    """A metadata field was found (optionally from given sources, matching patterns)."""

    kind = "meta"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.field = spec["field"]
        if self.field not in _META_FIELDS:
            raise ValueError(f"未知的元数据字段：{self.field}")
        self.patterns = tuple(fold(p) for p in spec.get("patterns", ()))
        for p in self.patterns:
            _check_regex(p)
        self.sources = tuple(spec.get("source", ()))

    def match(self, ctx: Context) -> MatchResult:
        item = getattr(ctx.doc.meta, self.field)
        label = {"title": "标题", "organ": "报告机关", "year": "报告年度", "date": "成文日期",
                 "published": "发布时间", "signature": "落款机关", "addressee": "主送机关"}[self.field]
        if item is None:
            return MatchResult(False, (), f"没有找到{label}")
        if self.sources and item.source not in self.sources:
            return MatchResult(False, (), f"{label}只来自“{item.source}”")
        value = fold(str(item.value))
        if self.patterns and not any(ctx.pattern(p).search(value) for p in self.patterns):
            return MatchResult(False, (), f"{label}“{item.value}”不符合要求")
        hit = Hit(-1, -1, 0, 0, 0, 0, str(item.value), line=item.line, quote=item.quote or str(item.value),
                  where=item.source)
        return MatchResult(True, (hit,), f"{label}：{item.value}（{item.source}）")


class CheckMatcher(Matcher):
    """A named check from auditor/checks, for what a declarative matcher cannot express."""

    kind = "check"

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        from .checks import CHECKS

        self.name = spec["name"]
        if self.name not in CHECKS:
            raise ValueError(f"未知的检查：{self.name}（可用：{'、'.join(sorted(CHECKS))}）")
        self.params = dict(spec.get("params", {}))
        self.expect = self.params.get("expect", "clean")
        if self.expect not in ("clean", "minor", "problem", "unavailable"):
            raise SpecError(f"检查 {self.name} 的 expect 取值 {self.expect} 不对（可选：clean、minor、problem、unavailable）",
                            ("params", "expect"))
        _check_params(self.name, self.params)
        self.fn: Callable[..., Any] = CHECKS[self.name]

    def match(self, ctx: Context) -> MatchResult:
        params = {k: v for k, v in self.params.items() if k != "expect"}
        key = ("check", self.name, tuple(sorted((k, repr(v)) for k, v in params.items())))
        outcome = ctx.memo.get(key)
        if outcome is None:
            outcome = ctx.memo[key] = self.fn(ctx, **params)
        return MatchResult(outcome.state == self.expect, outcome.hits, outcome.detail, table=outcome.table)


def _check_params(name: str, params: dict[str, Any]) -> None:
    """Unknown or ill-typed parameters of a named check are errors at load time."""
    from .checks import PARAMS

    declared = PARAMS.get(name, {})
    for key, value in params.items():
        if key == "expect":
            continue
        if key not in declared:
            allowed = "、".join(["expect", *declared])
            raise SpecError(f"检查 {name} 不接受参数 {key}（可用：{allowed}）", ("params", key))
        kind, low, high = declared[key]
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not numeric or (kind is int and not isinstance(value, int)):
            want = "整数" if kind is int else "数字"
            raise SpecError(f"检查 {name} 的参数 {key} 应为{want}，实际是 {value!r}", ("params", key))
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (f"{low:g}–{high:g}" if low is not None and high is not None
                      else f"不小于 {low:g}" if low is not None else f"不大于 {high:g}")
            raise SpecError(f"检查 {name} 的参数 {key} 取值 {value} 超出范围（{bounds}）", ("params", key))


class AlwaysMatcher(Matcher):
    """Always true: the catch-all condition of a default tier."""

    kind = "always"

    def match(self, ctx: Context) -> MatchResult:
        return MatchResult(True, (), "无条件")


MATCHERS: dict[str, type[Matcher]] = {
    "section": SectionMatcher,
    "terms": TermsMatcher,
    "patterns": PatternsMatcher,
    "cooccur": CooccurMatcher,
    "numbers": NumbersMatcher,
    "year_ref": YearRefMatcher,
    "length": LengthMatcher,
    "checklist": ChecklistMatcher,
    "meta": MetaMatcher,
    "check": CheckMatcher,
    "always": AlwaysMatcher,
}


def compile_matcher(spec: dict[str, Any]) -> Matcher:
    return MATCHERS[spec["kind"]](spec)


def evidence_quote(ctx: Context, hit: Hit, limit: int = 80) -> str:
    """The unit around a hit, in original text, clipped to ``limit`` around the cue."""
    text = ctx.doc.paragraphs[hit.paragraph].text
    start, end = hit.start, hit.end
    if end - start > limit:
        centre = (hit.cue_start + hit.cue_end) // 2
        start = max(start, centre - limit // 2)
        end = min(end, start + limit)
        quote = text[start:end].strip()
        prefix = "…" if start > hit.start else ""
        suffix = "…" if end < hit.end else ""
        return prefix + quote + suffix
    return clip(text[start:end], limit + 2)


__all__ = ["Context", "Hit", "MatchResult", "Matcher", "MATCHERS", "compile_matcher", "evidence_quote", "field"]
