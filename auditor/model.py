"""The records that flow between pipeline stages.

Every stage takes frozen records from the stage before it and returns new ones; nothing is
mutated after construction. Only this module is imported by every stage.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

_T = TypeVar("_T")

STATUSES = ("pass", "partial", "fail", "waived", "not_applicable")
SEVERITIES = ("required", "recommended", "info")


def record(cls: type[_T]) -> type[_T]:
    """A frozen, slotted dataclass with a cheaper constructor.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which
    costs about 1 µs for ten fields; a report makes some 500 records, so that is a tenth of
    its audit. Setting each slot through its own descriptor skips the frozen ``__setattr__``
    the same way, at half the cost. Instances stay immutable, hashable and picklable.
    """
    cls = dataclass(frozen=True, slots=True)(cls)
    specs = fields(cls)  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or any(not f.init for f in specs):
        return cls
    namespace: dict[str, Any] = {"MISSING": MISSING}
    params, body = [], []
    for f in specs:
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            body.append(f"    _set_{f.name}(self, {f.name})")
        elif f.default_factory is not MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            body.append(f"    _set_{f.name}(self, _factory_{f.name}() if {f.name} is MISSING else {f.name})")
        else:
            params.append(f.name)
            body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - generated from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


# ---------------------------------------------------------------- load: Document


@record
class Paragraph:
    """One body paragraph, in original text, with where it came from."""

    index: int
    text: str
    line: int
    # Offsets into ``text`` where a source line break was joined away, so that a hit
    # inside a re-joined paragraph still reports the line it is really on.
    breaks: tuple[int, ...] = ()
    page: int | None = None
    # Structural level supplied by the source format (Markdown '#', Word heading style).
    heading_level: int | None = None

    def line_at(self, offset: int) -> int:
        return self.line + sum(1 for b in self.breaks if b <= offset)


@record
class Field:
    """A metadata value and the place it was read from."""

    value: Any
    source: str  # where, in Chinese: 标题, 落款, 成文日期, 发布时间, 正文 …
    line: int | None = None
    quote: str = ""


@record
class Metadata:
    title: Field | None = None
    organ: Field | None = None
    year: Field | None = None
    date: Field | None = None  # ISO date of the document (落款 / 成文)
    published: Field | None = None  # portal publication date when it is given separately
    signature: Field | None = None  # the 落款 organ line
    addressee: Field | None = None  # 主送机关 / salutation line

    def value(self, name: str) -> Any:
        item = getattr(self, name)
        return item.value if item is not None else None


@record
class Removed:
    """A source line dropped as web-page or template junk (kept for `outline`)."""

    line: int
    text: str
    reason: str


@record
class Document:
    path: str
    format: str
    encoding: str | None
    paragraphs: tuple[Paragraph, ...]
    meta: Metadata
    chars: int
    removed: tuple[Removed, ...] = ()
    pages: int | None = None


# ---------------------------------------------------------------- outline: Outline


@record
class Span:
    """A piece of one paragraph: ``text[start:end]`` of ``Document.paragraphs[paragraph]``."""

    paragraph: int
    start: int
    end: int
    is_heading: bool = False


@record
class Section:
    id: int
    parent: int | None
    level: int  # 0 for the document root
    heading: str | None  # original heading text, numbering included
    title: str | None  # heading text without its numbering
    marker: str | None  # the numbering as written: 一、 （一） 1. 一是 …
    style: str | None  # numbering style key: cn, pcn, num, pnum, circ, item, part, md1 …
    kinds: tuple[str, ...]
    # How the kinds were decided: heading, content, inherited, position, preface
    kind_source: str
    line: int | None
    spans: tuple[Span, ...]
    children: tuple[int, ...] = ()
    virtual: bool = False  # made from content cues or 一是 items rather than a heading line
    cue: str | None = None  # the cue that classified it (for `outline` and evidence)


@record
class Outline:
    document: Document
    sections: tuple[Section, ...]  # document order; sections[0] is the root
    folded: tuple[str, ...] = ()  # width-folded paragraph texts, computed once for every matcher
    # Sentence bounds the outline already computed, keyed by (paragraph, start, end): the
    # matchers reuse them instead of splitting the same text again.
    sentences: dict[tuple[int, int, int], list[tuple[int, int]]] = field(default_factory=dict, compare=False,
                                                                           repr=False)

    def section(self, section_id: int) -> Section:
        return self.sections[section_id]

    def of_kind(self, *kinds: str) -> tuple[Section, ...]:
        wanted = set(kinds)
        return tuple(s for s in self.sections if wanted.intersection(s.kinds))

    def path(self, section_id: int) -> tuple[Section, ...]:
        chain: list[Section] = []
        current: int | None = section_id
        while current is not None and current != 0:
            sec = self.sections[current]
            chain.append(sec)
            current = sec.parent
        return tuple(reversed(chain))


# ---------------------------------------------------------------- packs: Pack


@record
class SectionKind:
    """How one part of the report is recognised. Patterns are regex source over folded text."""

    id: str
    title: str
    heading: tuple[str, ...]  # heading cues
    heading_exclude: tuple[str, ...]
    combines_with: tuple[str, ...]  # kinds that may share one heading with this one
    nested_in: tuple[str, ...]  # kinds inside which a sub-heading may switch to this kind
    openers: tuple[str, ...]  # sentence-start cues that open this part where it has no heading
    continuers: tuple[str, ...]  # weaker cues that switch to this part inside an opened tail
    opener_exclude: tuple[str, ...]
    tail: bool  # a closing part that may sit in unheaded final paragraphs
    default: bool  # given to unclassified top-level sections before the first tail part
    items: bool = False  # may also be recognised from the lead of a 一是/二是 item
    paragraph_start: bool = False  # opens an unheaded part only at the start of a paragraph
    description: str = ""


@record
class Tier:
    status: str
    message: str
    matchers: tuple[Any, ...]  # compiled matchers (auditor.engine.Matcher)
    score: float | None = None  # None: the status default (pass 1, partial pack default)


@record
class Rule:
    id: str
    title: str
    category: str
    severity: str
    weight: float
    tiers: tuple[Tier, ...]
    fail_message: str
    basis: str
    advice: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    applies: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # pack file the rule came from
    line: int | None = None
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


@record
class Category:
    id: str
    title: str


@record
class Profile:
    id: str
    title: str
    description: str
    disable: tuple[str, ...]
    overrides: dict[str, dict[str, Any]]
    settings: dict[str, Any]


@record
class Pack:
    id: str
    version: str
    title: str
    description: str
    path: str
    section_kinds: tuple[SectionKind, ...]
    rules: tuple[Rule, ...]
    categories: tuple[Category, ...]
    profiles: tuple[Profile, ...]
    gate: dict[str, Any]
    partial_credit: float
    settings: dict[str, Any]
    profile: str | None = None  # the profile applied, if any
    extends: tuple[str, ...] = ()

    def kind(self, kind_id: str) -> SectionKind | None:
        for k in self.section_kinds:
            if k.id == kind_id:
                return k
        return None

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id or rule_id in r.aliases:
                return r
        return None


# ---------------------------------------------------------------- evaluate: Finding


@record
class Evidence:
    section: str  # heading of the section where it was found ("（全文）" at top level)
    line: int | None
    quote: str
    cue: str = ""  # the cue word or pattern that matched


@record
class Trace:
    """What a matcher looked at and concluded: the material of `auditor explain`."""

    matcher: str
    scope: tuple[str, ...]  # section kinds searched ("all" for the whole report)
    exclude: tuple[str, ...]
    ok: bool
    detail: str


@record
class Table:
    """A small table a named check attaches to its finding (e.g. last year's plans followed through)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@record
class Finding:
    rule: str
    status: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None  # fraction earned, when the tier fixes it (checklists)
    trace: tuple[Trace, ...] = ()
    table: Table | None = None


# ---------------------------------------------------------------- score: Scorecard


@record
class ScoredFinding:
    rule: str
    title: str
    category: str
    severity: str
    weight: float
    status: str
    score: float
    message: str
    basis: str
    advice: str
    evidence: tuple[Evidence, ...]
    waiver: str | None = None
    table: Table | None = None


@record
class CategoryScore:
    id: str
    title: str
    score: float
    max: float


@record
class Gate:
    passed: bool
    reasons: tuple[str, ...]


@record
class Scorecard:
    document: Document
    pack_id: str
    pack_version: str
    profile: str | None
    findings: tuple[ScoredFinding, ...]
    categories: tuple[CategoryScore, ...]
    score: float
    max: float
    gate: Gate


@record
class InputFailure:
    """A report that could not be audited (unreadable, unsupported, timed out …)."""

    path: str
    reason: str
    code: str = "unreadable"
