"""outline: Document + section kinds → Outline (the section tree, each section classified).

Headings follow the Chinese official-document grammar: 第一部分, 一、, （一）, 1. / 1、, （1）, ①,
Markdown or Word heading levels, and 一是/二是 items. A heading may run on into its paragraph
("一、依法全面履行政府职能。一是……"). Nesting follows the order in which numbering styles
appear (一、→（一）→1. in most reports, 一、→1.→一是 in others).

Sections are classified into the pack's section kinds by heading cues; unclassified top-level
sections before the first closing part are measures (outline-area reports have no umbrella
heading); sub-headings and 一是 items switch kind only into kinds the pack allows to nest
(a first-responsible item inside measures, a reasons sub-heading inside shortcomings). Closing
parts without headings (shortcomings, reasons and plans in a final paragraph) are found by
sentence-start openers in the paragraphs after the last heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import alternation, any_literal
from .model import Document, Outline, Section, SectionKind, Span
from .textutil import first_sentence, fold, sentence_bounds

_CN = "一二三四五六七八九十"
_LEAD = r"^[\s?？*#>]*"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"{_LEAD}第([{_CN}]{{1,3}})部分\s*[、:.]?\s*")),
    ("cn", re.compile(rf"{_LEAD}([{_CN}]{{1,3}})\s*[、.](?=\s*\S)\s*")),
    ("pcn", re.compile(rf"{_LEAD}\(\s*([{_CN}]{{1,3}})\s*\)\s*[、.]?\s*")),
    # "1." but not "4.7%"; "4.2024年工作安排" is a heading whose title starts with a year.
    ("num", re.compile(rf"{_LEAD}(\d{{1,2}})\s*(?:、|\.(?![\d.])|\.(?=(?:19|20)\d{{2}}\s*年))\s*")),
    ("pnum", re.compile(rf"{_LEAD}\(\s*(\d{{1,2}})\s*\)\s*[、.]?\s*")),
    ("circ", re.compile(rf"{_LEAD}([①-⑳])\s*[、.]?\s*")),
    ("item", re.compile(rf"{_LEAD}([{_CN}]{{1,2}})是\s*[,:]?\s*")),
)
# Canonical depth of each numbering style, used when a style appears that is not yet open.
RANK = {"part": 0, "cn": 1, "pcn": 2, "num": 3, "pnum": 4, "circ": 5, "item": 6, "bare": 7}
# Longest heading text (before the first full stop) accepted for each style.
LIMIT = {"part": 80, "cn": 80, "pcn": 60, "num": 45, "pnum": 45, "circ": 45, "item": 40}
_TERM_RE = re.compile(r"[。！？!?；;]|\.(?<!\d\.)(?!\d)")
BARE_LIMIT = 40
# An unnumbered heading may hold a comma ("……第一责任人职责，加强法治政府建设的有关情况"), never a
# full stop, semicolon or colon.
_FINISHED = "。！？!?；;”\"）)…"
_DATE_PARTS_RE = re.compile(r"[\d〇零一二三四五六七八九十]+\s*(?:年度?|月份?|日|号)?")
_BARE_PUNCT_RE = re.compile(r"[。；;：:！？!?“”\"（）()]")
_ITEM_RE = re.compile(rf"([{_CN}]{{1,2}})是(?=[^,，。的])")
_ITEM_BEFORE = set("。；;:!?！？.")


@dataclass(slots=True)
class _Head:
    style: str
    marker: str
    title: str
    title_start: int
    body_start: int  # len(text) when the whole paragraph is the heading


_LEAD_RE = re.compile(_LEAD)
# What a numbering marker can start with (after the lead): 第, a Chinese numeral, a bracket, a
# digit or a circled number. Most paragraphs start otherwise and need no marker pattern tried.
_MARKER_FIRST = frozenset("第(" + _CN + "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1)))


def _may_have_marker(folded: str) -> bool:
    first = folded[_LEAD_RE.match(folded).end():][:1]  # type: ignore[union-attr]
    return first in _MARKER_FIRST or first.isdecimal()


def detect_heading(text: str, heading_level: int | None = None) -> _Head | None:
    """The heading at the start of a paragraph, if it is one."""
    folded = fold(text)
    for style, rx in MARKERS if _may_have_marker(folded) else ():
        if style == "item":
            continue
        m = rx.match(folded)
        if m:
            break
    else:
        if heading_level:
            lead = len(folded) - len(folded.lstrip(" #*"))
            return _Head(f"h{heading_level}", "", text[lead:].strip(), lead, len(text))
        return None
    rest_start = m.end()
    rest = folded[rest_start:]
    if not rest.strip():
        return None
    marker = text[: m.end()].strip()
    if heading_level and len(rest.strip()) <= LIMIT[style]:
        return _Head(style, marker, text[rest_start:].strip(), rest_start, len(text))
    t = _TERM_RE.search(rest)
    limit = LIMIT[style]
    if t is None:
        if len(rest.rstrip()) <= limit:
            return _Head(style, marker, text[rest_start:].strip(), rest_start, len(text))
        return None
    title = rest[: t.start()]
    if not (2 <= len(title.strip()) <= limit):
        return None
    after = rest[t.end():]
    body_start = rest_start + t.end() if after.strip() else len(text)
    return _Head(style, marker, text[rest_start: rest_start + t.start()].strip(), rest_start, body_start)


@dataclass(slots=True)
class _Node:
    id: int
    parent: int | None
    style: str | None
    hlevel: int | None
    heading: str | None = None
    title: str | None = None
    marker: str | None = None
    line: int | None = None
    spans: list[Span] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    kinds: tuple[str, ...] = ()
    kind_source: str = ""
    cue: str | None = None
    virtual: bool = False
    depth: int = 0


_SHI_LEAD_RE = re.compile(rf"[{_CN}]{{1,2}}是")


def _opens_passage(folded: str, i: int) -> bool:
    """Does position ``i`` start the text or follow a full stop (spaces between)?"""
    while i > 0 and folded[i - 1].isspace():
        i -= 1
    return i == 0 or folded[i - 1] in _ITEM_BEFORE


class _Classifier:
    """Heading and opener cues of the pack, compiled for one report year."""

    def __init__(self, kinds: tuple[SectionKind, ...], year: int | None) -> None:
        self.kinds = kinds
        self.by_id = {k.id: k for k in kinds}
        self.heading = {k.id: alternation(k.heading, year) for k in kinds}
        self.heading_exclude = {k.id: alternation(k.heading_exclude, year) for k in kinds}
        self.openers = {k.id: alternation(k.openers, year) for k in kinds}
        self.continuers = {k.id: alternation(k.continuers, year) for k in kinds}
        self.opener_exclude = {k.id: alternation(k.opener_exclude, year) for k in kinds}
        # Most lines name no part and open none: one search for any cue's literals first.
        self.any_heading = any_literal(tuple(k.heading for k in kinds))
        self.any_opener = any_literal(tuple(k.openers for k in kinds) + tuple(k.continuers for k in kinds))
        self.default = next((k.id for k in kinds if k.default), None)
        self.item_kinds = {k.id for k in kinds if k.items}
        self.paragraph_start = {k.id for k in kinds if k.paragraph_start}
        self.tail = {k.id for k in kinds if k.tail}

    def classify(self, title: str) -> tuple[tuple[str, ...], str | None]:
        text = "".join(fold(title).split())
        if self.any_heading is not None and not self.any_heading.search(text):
            return (), None
        matched: list[tuple[str, str]] = []
        for kind in self.kinds:
            rx = self.heading[kind.id]
            if rx is None:
                continue
            m = rx.search(text)
            if m is None:
                continue
            ex = self.heading_exclude[kind.id]
            if ex is not None and ex.search(text):
                continue
            matched.append((kind.id, m.group(0)))
        if not matched:
            return (), None
        primary = self.by_id[matched[0][0]]
        kinds = [primary.id] + [k for k, _ in matched[1:] if k in primary.combines_with]
        return tuple(kinds), matched[0][1]

    def nestable(self, kinds: tuple[str, ...], parent: tuple[str, ...]) -> bool:
        return bool(kinds) and all(set(self.by_id[k].nested_in) & set(parent) or k in parent for k in kinds)

    def opener(self, sentence: str, kinds: list[str], weak: bool) -> tuple[str, str] | None:
        """The kind a sentence opens (strong cues; weak continuers too when ``weak``)."""
        text = sentence.lstrip(" ,，、")
        if self.any_opener is not None and not self.any_opener.search(text):
            return None
        for kind in kinds:
            for table in ((self.openers, self.continuers) if weak else (self.openers,)):
                rx = table[kind]
                m = rx.search(text) if rx is not None else None
                if m is None:
                    continue
                ex = self.opener_exclude[kind]
                if ex is not None and ex.search(text):
                    continue
                return kind, m.group(0)
        return None


def _carve(node: _Node, span: Span, start: int, end: int) -> list[Span]:
    """Split ``span`` of ``node`` around [start, end); return the pieces left to ``node``."""
    pieces = []
    if start > span.start:
        pieces.append(Span(span.paragraph, span.start, start, span.is_heading))
    if end < span.end:
        pieces.append(Span(span.paragraph, end, span.end, span.is_heading))
    return pieces


_CLASSIFIERS: dict[tuple[int, int | None], tuple[tuple[SectionKind, ...], _Classifier]] = {}


def _classifier(kinds: tuple[SectionKind, ...], year: int | None) -> _Classifier:
    """One classifier per pack and report year (the kinds tuple is kept alive with it)."""
    key = (id(kinds), year)
    entry = _CLASSIFIERS.get(key)
    if entry is None or entry[0] is not kinds:
        if len(_CLASSIFIERS) > 256:
            _CLASSIFIERS.clear()
        entry = _CLASSIFIERS[key] = (kinds, _Classifier(kinds, year))
    return entry[1]


class _Builder:
    def __init__(self, doc: Document, kinds: tuple[SectionKind, ...]) -> None:
        self.doc = doc
        year = doc.meta.year.value if doc.meta.year else None
        self.cls = _classifier(kinds, year)
        self.sentence_cache: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        self.nodes: list[_Node] = [_Node(0, None, None, None, kinds=("preface",), kind_source="preface")]
        self.folded = [fold(p.text) for p in doc.paragraphs]

    # ------------------------------------------------------------ tree
    def _bare_heading(self, text: str, by_layout: bool = False) -> _Head | None:
        """An unnumbered heading line ("原因分析", "存在的问题"): short, unpunctuated, naming a part,
        or (``by_layout``) any such line in a report whose headings all lost their numbers."""
        folded = fold(text).strip()
        if not (2 <= len(folded) <= BARE_LIMIT) or _BARE_PUNCT_RE.search(folded):
            return None
        if len(_DATE_PARTS_RE.sub("", folded).strip()) < 2:
            return None  # a bare date ("2024年3月") under the signature, not a heading about next year
        kinds, _ = self.cls.classify(folded)
        if not kinds and not by_layout:
            return None
        lead = len(text) - len(text.lstrip())
        return _Head("bare", "", text.strip(), lead, len(text))

    def _unnumbered_heading_lines(self, numbered: list[_Head | None]) -> set[int]:
        """Paragraphs laid out as headings in a report that numbers none of them (Word's
        auto-numbering lost on copying): short unpunctuated lines, each standing between a
        finished paragraph and a long one. Three or more make the pattern; fewer may be chance."""
        paras = self.doc.paragraphs
        if any(head is not None and head.style in ("part", "cn", "pcn") for head in numbered):
            return set()  # numbered headings: the layout is not the only cue
        found = set()
        for i, para in enumerate(paras[:-1]):
            text = self.folded[i].strip()
            nxt = self.folded[i + 1].strip()
            prev = self.folded[i - 1].strip() if i else ""
            if (4 <= len(text) <= 30 and not _BARE_PUNCT_RE.search(text) and text[-1] not in ",、"
                    and len(nxt) >= 50 and nxt[-1] in _FINISHED and (not prev or prev[-1] in _FINISHED)):
                found.add(para.index)
        return found if len(found) >= 3 else set()

    def _place(self, stack: list[_Node], style: str, hlevel: int | None) -> None:
        if hlevel is not None:
            while len(stack) > 1 and (stack[-1].hlevel is None or stack[-1].hlevel >= hlevel):
                stack.pop()
            return
        open_styles = []
        for node in reversed(stack[1:]):
            if node.hlevel is not None:
                break
            open_styles.append(node.style)
        if style in open_styles:
            while stack[-1].style != style:
                stack.pop()
            stack.pop()
            return
        while (len(stack) > 1 and stack[-1].hlevel is None and stack[-1].style in RANK
               and RANK[stack[-1].style] >= RANK.get(style, 9)):
            stack.pop()

    def build_tree(self) -> None:
        stack = [self.nodes[0]]
        numbered = [detect_heading(p.text, p.heading_level) for p in self.doc.paragraphs]
        by_layout = self._unnumbered_heading_lines(numbered)
        for para, found in zip(self.doc.paragraphs, numbered):
            head = found or self._bare_heading(para.text, para.index in by_layout)
            if head is None:
                stack[-1].spans.append(Span(para.index, 0, len(para.text)))
                continue
            hlevel = para.heading_level
            if head.style.startswith("h") and hlevel is None:
                hlevel = int(head.style[1:])
            self._place(stack, head.style, hlevel)
            parent = stack[-1]
            node = _Node(len(self.nodes), parent.id, head.style, hlevel,
                         heading=para.text[: head.body_start].strip(), title=head.title,
                         marker=head.marker, line=para.line, depth=parent.depth + 1)
            node.spans.append(Span(para.index, 0, head.body_start, True))
            if head.body_start < len(para.text):
                node.spans.append(Span(para.index, head.body_start, len(para.text)))
            parent.children.append(node.id)
            self.nodes.append(node)
            stack.append(node)

    # ------------------------------------------------------------ kinds
    def classify(self) -> None:
        tail_seen = False
        previous_top: _Node | None = None
        for node in self.nodes[1:]:
            parent = self.nodes[node.parent or 0]
            kinds, cue = self.cls.classify(node.title or "")
            if parent.id == 0:
                if kinds:
                    node.kinds, node.kind_source, node.cue = kinds, "heading", cue
                elif not tail_seen and self.cls.default:
                    node.kinds, node.kind_source = (self.cls.default,), "position"
                elif previous_top is not None:
                    node.kinds, node.kind_source = previous_top.kinds, "position"
                else:
                    node.kinds, node.kind_source = ("preface",), "position"
                if set(node.kinds) & self.cls.tail:
                    tail_seen = True
                previous_top = node
            elif kinds and kinds != parent.kinds and self.cls.nestable(kinds, parent.kinds):
                node.kinds, node.kind_source, node.cue = kinds, "heading", cue
            else:
                node.kinds, node.kind_source = parent.kinds, "inherited"

    # ------------------------------------------------------------ 一是 items
    def items(self) -> None:
        for node in list(self.nodes):
            if node.virtual:
                continue
            new_spans: list[Span] = []
            for span in node.spans:
                if span.is_heading:
                    new_spans.append(span)
                    continue
                new_spans.extend(self._items_in(node, span))
            node.spans = new_spans

    def _items_in(self, node: _Node, span: Span) -> list[Span]:
        folded = self.folded[span.paragraph][span.start: span.end]
        # An item starts a passage or follows a full stop (a plain search, then a look back:
        # a look-behind tried at every position is several times slower).
        if "是" not in folded:
            return [span]  # no 一是/二是 (the common case, told without the pattern)
        starts = [m.start(1) for m in _ITEM_RE.finditer(folded) if _opens_passage(folded, m.start())]
        if not starts:
            return [span]
        bounds = starts + [len(folded)]
        carved: list[tuple[int, int, tuple[str, ...], str | None, str]] = []
        for s, e in zip(bounds, bounds[1:]):
            item = folded[s:e]
            lead_m = _SHI_LEAD_RE.match(item)
            lead_end = lead_m.end() if lead_m else 0
            t = _TERM_RE.search(item, lead_end)
            lead = item[lead_end: t.start() if t else min(len(item), lead_end + 40)]
            if len(lead) > LIMIT["item"]:
                continue
            kinds, cue = self.cls.classify(lead)
            if (kinds and kinds != node.kinds and set(kinds) <= self.cls.item_kinds
                    and self.cls.nestable(kinds, node.kinds)):
                carved.append((span.start + s, span.start + e, kinds, cue, lead))
        if not carved:
            return [span]
        remaining = [span]
        for start, end, kinds, cue, lead in carved:
            text = self.doc.paragraphs[span.paragraph].text
            child = _Node(len(self.nodes), node.id, "item", None, heading=text[start:start + 2 + len(lead)].strip(),
                          title=text[start + 2: start + 2 + len(lead)].strip(), marker=text[start:start + 2],
                          line=self.doc.paragraphs[span.paragraph].line_at(start), kinds=kinds,
                          kind_source="heading", cue=cue, virtual=True, depth=node.depth + 1)
            child.spans.append(Span(span.paragraph, start, end))
            self.nodes.append(child)
            node.children.append(child.id)
            next_remaining = []
            for piece in remaining:
                if piece.start <= start < piece.end:
                    next_remaining.extend(_carve(node, piece, start, end))
                else:
                    next_remaining.append(piece)
            remaining = next_remaining
        return remaining

    # ------------------------------------------------------------ parts embedded in a paragraph
    def embedded(self) -> None:
        """A paragraph inside another part that opens as an item kind (the leaders' duties)."""
        kinds = [k for k in self.cls.item_kinds if self.cls.openers.get(k) is not None]
        if not kinds:
            return
        for node in list(self.nodes):
            if node.virtual:
                continue
            allowed = [k for k in kinds if k not in node.kinds and self.cls.nestable((k,), node.kinds)]
            if not allowed:
                continue
            for span, found in self._paragraph_openers(node, allowed):
                self._make_virtual(node, found[0], found[1], [span], label="")

    # ------------------------------------------------------------ unheaded closing parts
    def _last_heading_before_tail(self) -> _Node | None:
        last = None
        for node in self.nodes[1:]:
            if node.virtual:
                continue
            top = node
            while top.parent not in (0, None):
                top = self.nodes[top.parent]
            if set(top.kinds) & self.cls.tail:
                break
            last = node
        return last

    def tails(self) -> None:
        tail_kinds = [k.id for k in self.cls.kinds if k.tail]
        if not tail_kinds:
            return
        self._closing_list(tail_kinds)
        zone_owner = self._last_heading_before_tail()
        if zone_owner is None:
            # No heading before the first closing part: only a report with no headings at
            # all has its closing parts in the root, after the preface paragraph.
            zone_owner = self.nodes[0]
            headed = any(not n.virtual for n in self.nodes[1:])
            spans = [] if headed else list(zone_owner.spans)
            if spans:
                spans = [s for s in spans if s.paragraph != spans[0].paragraph]
        else:
            head_para = zone_owner.spans[0].paragraph if zone_owner.spans else -1
            spans = [s for s in zone_owner.spans if s.paragraph != head_para and not s.is_heading]
        if spans:
            self._scan(zone_owner, spans, None, tail_kinds)
        # Inside headed closing parts, a later paragraph may open another part (the plans after
        # the problems of a "存在的不足" section). Only a strong opener at a paragraph start
        # counts: "我们将认真加以整改" closing a list of problems is not a plan.
        for node in list(self.nodes):
            if node.virtual or node.kind_source not in ("heading", "inherited") or not set(node.kinds) & self.cls.tail:
                continue
            others = [k for k in tail_kinds if k not in node.kinds]
            # A heading naming two parts ("存在的不足和原因") holds both: a later paragraph that
            # opens one of them ("原因分析：……") is that part on its own.
            own = [k for k in node.kinds if k in tail_kinds] if len(node.kinds) > 1 else []
            first_body = next((s for s in node.spans if not s.is_heading), None)
            openers = [(span, found) for span, found in self._paragraph_openers(node, others + own)
                       if found[0] in others or span is not first_body]
            body = [s for s in node.spans if not s.is_heading]
            for n, (span, found) in enumerate(openers):
                # Each opened part runs to the next opener (reasons, then the plans after them).
                stop = openers[n + 1][0] if n + 1 < len(openers) else None
                rest = [s for s in body if (s.paragraph, s.start) >= (span.paragraph, span.start)
                        and (stop is None or (s.paragraph, s.start) < (stop.paragraph, stop.start))]
                self._make_virtual(node, found[0], found[1], rest)

    def items_into_tails(self) -> None:
        """An item carved out before the closing parts were found belongs to the part it sits in:
        "一是持续压实法治建设责任" among next year's plans is a plan, not the leaders' duties."""
        for part in [n for n in self.nodes if n.virtual and n.kind_source == "content" and n.spans]:
            first = min((s.paragraph, s.start) for s in part.spans)
            last = max((s.paragraph, s.end) for s in part.spans)
            owner = self.nodes[part.parent] if part.parent is not None else None
            if owner is None:
                continue
            for child_id in list(owner.children):
                item = self.nodes[child_id]
                if item.style != "item" or not item.spans or self.cls.nestable(item.kinds, part.kinds):
                    continue
                span = item.spans[0]
                if first <= (span.paragraph, span.start) and (span.paragraph, span.end) <= last:
                    owner.children.remove(child_id)
                    part.spans.extend(item.spans)
                    item.spans = []
                    item.parent = None

    def _closing_list(self, tail_kinds: list[str]) -> None:
        """A numbered list closing the report under a measures heading whose first item opens a
        closing part ("1.持续抓好学法用法。2022年，乡政府将继续……" after the last measures):
        the whole list is that part, though no heading names it."""
        last = self._last_heading_before_tail()
        if last is None or last.parent is None or last.kind_source != "inherited":
            return
        parent = self.nodes[last.parent]
        siblings = [self.nodes[c] for c in parent.children
                    if not self.nodes[c].virtual and self.nodes[c].style == last.style]
        if len(siblings) < 2 or siblings[-1] is not last or any(n.kind_source != "inherited" for n in siblings):
            return
        first_body = next((s for s in siblings[0].spans if not s.is_heading), None)
        sentences = self._sentences(first_body) if first_body is not None else []
        if not sentences:
            return
        a, b = sentences[0]
        found = self.cls.opener(self.folded[first_body.paragraph][a:b],
                                [k for k in tail_kinds if k not in parent.kinds], weak=False)
        if found is None:
            return
        kind, cue = found
        todo = list(siblings)
        while todo:
            node = todo.pop()
            node.kinds, node.kind_source, node.cue = (kind,), "content", cue if node is siblings[0] else None
            todo.extend(self.nodes[c] for c in node.children if self.nodes[c].kind_source == "inherited")

    def _paragraph_openers(self, node: _Node, kinds: list[str]):
        """(span, (kind, cue)) for each body piece of ``node`` whose first sentence opens a kind."""
        for span in [s for s in node.spans if not s.is_heading]:
            folded = self.folded[span.paragraph]
            first = first_sentence(folded[span.start: span.end])
            if first is None:
                continue
            found = self.cls.opener(folded[span.start + first[0]: span.start + first[1]], kinds, weak=False)
            if found is not None:
                yield span, found

    def _sentences(self, span: Span) -> list[tuple[int, int]]:
        key = (span.paragraph, span.start, span.end)
        cached = self.sentence_cache.get(key)
        if cached is None:
            folded = self.folded[span.paragraph]
            cached = self.sentence_cache[key] = [(span.start + a, span.start + b)
                                                 for a, b in sentence_bounds(folded[span.start: span.end])]
        return cached

    def _scan(self, owner: _Node, spans: list[Span], state: str | None, tail_kinds: list[str]) -> None:
        """Unheaded closing parts in the paragraphs after the last heading (``state`` None)."""
        runs: list[tuple[str, str, Span]] = []
        for span in spans:
            folded = self.folded[span.paragraph]
            for idx, (a, b) in enumerate(self._sentences(span)):
                sentence = folded[a:b]
                if state is None:
                    found = self.cls.opener(sentence, tail_kinds, weak=False)
                    # NOTE: a plan may only open at a paragraph start: "下一步，将继续……"
                    # closing a measures paragraph is not the next year's plan (corpus d06, d20).
                    if found and (idx == 0 or found[0] not in self.cls.paragraph_start):
                        state = found[0]
                        runs.append((state, found[1], Span(span.paragraph, a, b)))
                    continue
                found = self.cls.opener(sentence, [k for k in tail_kinds if k != state], weak=True)
                if found:
                    state = found[0]
                    runs.append((state, found[1], Span(span.paragraph, a, b)))
                else:
                    kind, cue, last = runs[-1]
                    if last.paragraph == span.paragraph and last.end == a:
                        runs[-1] = (kind, cue, Span(span.paragraph, last.start, b))
                    else:
                        runs.append((state, "", Span(span.paragraph, a, b)))
        groups: list[tuple[str, str, list[Span]]] = []
        for kind, cue, span in runs:
            if groups and groups[-1][0] == kind and not cue:
                groups[-1][2].append(span)
            else:
                groups.append((kind, cue, [span]))
        for kind, cue, group_spans in groups:
            self._make_virtual(owner, kind, cue, group_spans)

    def _make_virtual(self, owner: _Node, kind: str, cue: str, spans: list[Span], label: str = "（无标题）") -> None:
        first = spans[0]
        para = self.doc.paragraphs[first.paragraph]
        title = self.cls.by_id[kind].title
        node = _Node(len(self.nodes), owner.id, None, None, heading=None, title=f"{label}{title}",
                     line=para.line_at(first.start), kinds=(kind,), kind_source="content", cue=cue,
                     virtual=True, depth=owner.depth + 1)
        node.spans = [Span(s.paragraph, s.start, s.end) for s in spans]
        self.nodes.append(node)
        owner.children.append(node.id)
        for s in spans:
            remaining: list[Span] = []
            for piece in owner.spans:
                if piece.paragraph == s.paragraph and piece.start <= s.start < piece.end:
                    remaining.extend(_carve(owner, piece, s.start, min(s.end, piece.end)))
                else:
                    remaining.append(piece)
            owner.spans = remaining

    # ------------------------------------------------------------ freeze
    def freeze(self) -> Outline:
        def position(node: _Node) -> tuple[int, int]:
            if node.id == 0:
                return (-1, -1)
            first = min(node.spans, key=lambda s: (s.paragraph, s.start)) if node.spans else None
            return (first.paragraph, first.start) if first else (10**9, node.id)

        # Items merged into a closing part (items_into_tails) are left without a parent.
        order = sorted((n for n in self.nodes if n.id == 0 or n.parent is not None), key=position)
        new_id = {node.id: i for i, node in enumerate(order)}
        sections = []
        for node in order:
            children = tuple(sorted((new_id[c] for c in node.children)))
            sections.append(Section(
                id=new_id[node.id], parent=new_id[node.parent] if node.parent is not None else None,
                level=node.depth, heading=node.heading, title=node.title, marker=node.marker,
                style=node.style, kinds=node.kinds, kind_source=node.kind_source, line=node.line,
                spans=tuple(sorted(node.spans, key=lambda s: (s.paragraph, s.start))), children=children,
                virtual=node.virtual, cue=node.cue))
        return Outline(self.doc, tuple(sections), tuple(self.folded), self.sentence_cache)


def build_outline(doc: Document, kinds: tuple[SectionKind, ...]) -> Outline:
    builder = _Builder(doc, kinds)
    builder.build_tree()
    builder.classify()
    builder.items()
    builder.embedded()
    builder.tails()
    builder.items_into_tails()
    return builder.freeze()
