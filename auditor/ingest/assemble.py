"""From a reader's raw blocks to a `Document`: strip page junk, find the frame, read metadata.

The frame of a report is its title (possibly split over lines), an optional addressee line
(主送机关), the body, and the 落款 (organ and date) at the end. Around it, a saved web page
adds metadata blocks, breadcrumbs, controls and footers. Every source line ends up either in
the body, in a metadata field (with its line), or in `Document.removed` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..model import Document, Field, Metadata, Paragraph, Removed
from ..textutil import as_written, fold, find_date, squeeze, years_in
from .layout import join_wrapped, split_frame, split_runon, strip_pinyin
from .portal import ORGAN_RE, MetaPair, junk_reason, key_only, meta_pairs
from .raw import Block, RawText

_TOPIC_RE = re.compile(r"法治|依法行政|法制|依法治")
_TITLE_END_RE = re.compile(r"(?:报告|报\s*告|情况|总结|汇报|年报|工作要点)$")
_TITLE_WORD_RE = re.compile(r"报告|报\s*告|情况|总结|汇报|年报")
# Titles of the documents most often sent in place of the report (they are named as they are,
# and the document-type check says what they are).
_NEIGHBOUR_TITLE_RE = re.compile(r"(政府信息公开|政务公开|行政执法)[^。，]{0,16}(年度报告|年报)$|述法报告$|述职述法报告$|"
                                 r"关于印发[^。]{2,60}的通知$")
_SENTENCE_PUNCT_RE = re.compile(r"[。，,；;！？!?]")
_HEADING_START_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])")
_ADDRESSEE_RE = re.compile(r"[:：]$")
_ADDRESSEE_WORD_RE = re.compile(r"委|政府|人大|常委会|局|厅|办|部|党组|领导|同志|管委会|办事处|中心")
_NOT_ADDRESSEE_RE = re.compile(r"如下|报告|汇报|情况|总结|主要|以下|是[:：]$|为[:：]$|有[:：]$")
_SITE_SUFFIX_RE = re.compile(r"\s*[-_—|｜]+\s*[^-_—|｜]*(?:网|网站|门户|政府|平台|频道)\s*$")
_SITE_NAME_SUFFIX_RE = re.compile(r"\s*[-_—|｜]+\s*([^-_—|｜]{2,25})\s*$")
_SITE_PREFIX_RE = re.compile(r"^\s*[【\[][^】\]]{1,12}[】\]]\s*")
_TITLE_ORGAN_RE = re.compile(r"^(?P<organ>.+?)\s*(?:关于)?\s*(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*(?:年|—|-)")
_YEAR_FIRST_ORGAN_RE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年度?\s*(?P<organ>.+?)(?:法治|依法行政|法制)")
_PREFACE_ORGAN_RE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九○]{4})年度?[,，]?\s*(?:是[^，,。]{0,30}[,，])?(?P<organ>[^，,。:：在]{2,30}?)"
    r"(?:在|坚持|深入|认真|始终|以|紧紧|全面|按照|围绕|持续|立足|聚焦|牢固|积极)")
_SPLIT_ORGAN_DATE_RE = re.compile(r"^(?P<organ>[^\d〇零一二三四五六七八九○（(]{2,40}?)\s+(?=[（(]?\s*(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年)")
_CLOSING_RE = re.compile(r"^(?:特此报告|特此汇报|以上报告|专此报告)")


@dataclass(slots=True)
class _Frame:
    title: Field | None = None
    head_date: Field | None = None
    head_organ: Field | None = None
    addressee: Field | None = None
    signature: Field | None = None
    signature_date: Field | None = None


def _is_meta(block: Block) -> list[MetaPair] | None:
    return meta_pairs(block.text)


def _body_like(block: Block) -> bool:
    folded = fold(block.text).strip()
    if _HEADING_START_RE.match(folded):
        return True
    if len(folded) >= 40 and _SENTENCE_PUNCT_RE.search(folded) and not _TITLE_END_RE.search(folded):
        return True
    return bool(re.search(r"(?:报告|汇报|总结|说明)如下[。:：]?$", folded))


def _is_addressee(text: str) -> bool:
    folded = fold(text).strip()
    return (len(folded) <= 60 and bool(_ADDRESSEE_RE.search(folded)) and "。" not in folded
            and bool(_ADDRESSEE_WORD_RE.search(folded)) and not _NOT_ADDRESSEE_RE.search(folded)
            and not _HEADING_START_RE.match(folded))


_DRAFT_MARK_RE = re.compile(r"[(\[【]?(?:征求意见|送审|讨论|审议|修改|代拟|报审)稿[)\]】]?|[(\[【](?:草案|初稿|定稿)[)\]】]")


def _title_candidate(block: Block) -> bool:
    folded = fold(block.text).strip()
    if len(folded) > 90 or "。" in folded or _HEADING_START_RE.match(folded):
        return False
    if block.heading_level == 1 and _TITLE_WORD_RE.search(folded):
        return True
    return bool((_TOPIC_RE.search(folded) and _TITLE_WORD_RE.search(folded)) or _NEIGHBOUR_TITLE_RE.search(folded))


def _short_plain(text: str, limit: int = 40) -> bool:
    folded = fold(text).strip()
    return 0 < len(folded) <= limit and not _SENTENCE_PUNCT_RE.search(folded) and not _HEADING_START_RE.match(folded)


def _date_line(text: str) -> tuple[date, str] | None:
    """A line that is a date (possibly in brackets, possibly after an organ name)."""
    folded = fold(text).strip()
    if len(folded) > 50:
        return None
    found = find_date(folded)
    if not found:
        return None
    value, start, end = found
    before = folded[:start].strip(" （(")
    after = folded[end:].strip(" ）)")
    if re.fullmatch(r"[\d:：\s]*", after) is None and after not in ("印发", "发布", "成文"):
        return None
    if before and (_SENTENCE_PUNCT_RE.search(before) or len(before) > 40):
        return None
    return value, before


def clean_title(text: str) -> str:
    title = re.sub(r"\s+", "", fold(text)) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff\d]", text) else text.strip()
    title = _SITE_PREFIX_RE.sub("", title)
    title = _SITE_SUFFIX_RE.sub("", title) if len(title) > 12 else title
    m = _SITE_NAME_SUFFIX_RE.search(title)
    if m and ORGAN_RE.search(m.group(1)) and _TITLE_END_RE.search(title[: m.start()].strip()):
        title = title[: m.start()]  # "…情况报告 - 霁川市生态环境局": the site's name after a page title
    return title.strip()


def _find_title(blocks: list[Block], head_end: int, labels: list[str | None]) -> tuple[Field | None, list[int]]:
    for i in range(head_end):
        if labels[i] is not None:
            continue
        block = blocks[i]
        text = block.text.strip()
        folded = fold(text).strip()
        nxt = _next_free(labels, i, head_end)
        prv = _prev_free(labels, i)
        used = [i]
        if (nxt is not None and _TOPIC_RE.search(folded) and not _TITLE_END_RE.search(folded)
                and len(folded) <= 60 and "。" not in folded and not _HEADING_START_RE.match(folded)
                and _short_plain(blocks[nxt].text, 25) and _TITLE_END_RE.search(fold(blocks[nxt].text).strip())):
            # A title broken over two lines: "…2023年法治政府建设" / "工作报告".
            text += blocks[nxt].text.strip()
            used.append(nxt)
        elif not _title_candidate(block):
            continue
        elif (prv is not None and _short_plain(blocks[prv].text, 30) and not _TOPIC_RE.search(blocks[prv].text)
              and ((ORGAN_RE.search(fold(blocks[prv].text).strip())
                    and re.match(r"^\s*(?:关于|\d{4}|[〇零一二三四五六七八九]{4})", folded))
                   or (re.search(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?$", fold(blocks[prv].text).strip())
                       and _TOPIC_RE.match(folded)))):
            # The organ (or organ and year) on its own line above the rest of the title.
            text = blocks[prv].text.strip() + text
            used.insert(0, prv)
        after = _next_free(labels, used[-1], head_end)
        if after is not None and _DRAFT_MARK_RE.fullmatch(fold(blocks[after].text).strip()):
            # "（征求意见稿）" on the line under the title belongs to it.
            text += blocks[after].text.strip()
            used.append(after)
        return Field(clean_title(text), "标题", blocks[used[0]].line, text), used
    return None, []


def _next_free(labels: list[str | None], i: int, end: int) -> int | None:
    j = i + 1
    while j < end and labels[j] in ("junk",):
        j += 1
    return j if j < end and labels[j] is None else None


def _prev_free(labels: list[str | None], i: int) -> int | None:
    j = i - 1
    while j >= 0 and labels[j] in ("junk",):
        j -= 1
    return j if j >= 0 and labels[j] is None else None


def _harvest(blocks: list[Block], labels: list[str | None], start: int, end: int,
             pairs: list[tuple[MetaPair, int]]) -> None:
    i = start
    while i < end:
        if labels[i] is None:
            found = _is_meta(blocks[i])
            if found:
                labels[i] = "meta"
                pairs.extend((p, blocks[i].line) for p in found)
            else:
                key = key_only(blocks[i].text)
                if key and i + 1 < end:
                    from .portal import KEY_FIELD

                    labels[i] = "meta"
                    value = re.sub(r"^[\s\-•·*●]+", "", fold(blocks[i + 1].text)).strip()
                    if key_only(blocks[i + 1].text) is None:
                        labels[i + 1] = "meta"
                        pairs.append((MetaPair(KEY_FIELD.get(key, "other"), key, value), blocks[i + 1].line))
                        i += 1
        i += 1


def _signature(blocks: list[Block], labels: list[str | None], body_start: int, frame: _Frame) -> int:
    """Find the 落款 (organ + date) at the end; return the index after which all is tail."""
    free = [i for i in range(body_start, len(blocks)) if labels[i] is None]
    if not free:
        return len(blocks)
    window = free[-12:]
    date_idx = None
    for i in reversed(window):
        if _date_line(blocks[i].text):
            # nothing report-like may follow the 落款 date
            later = [j for j in free if j > i]
            if all(not _long_sentence(blocks[j].text) for j in later):
                date_idx = i
                break
    if date_idx is not None:
        value, organ_inline = _date_line(blocks[date_idx].text)  # type: ignore[misc]
        block = blocks[date_idx]
        frame.signature_date = Field(value.isoformat(), "落款", block.line, block.text.strip())
        labels[date_idx] = "signature"
        organ_lines: list[int] = []
        if organ_inline and ORGAN_RE.search(organ_inline.split()[-1] if organ_inline.split() else organ_inline):
            frame.signature = Field(organ_inline.strip(), "落款", block.line, block.text.strip())
        else:
            j = date_idx - 1
            while j >= body_start and len(organ_lines) < 3:
                if labels[j] == "junk":
                    j -= 1
                    continue
                if labels[j] is None and _short_plain(blocks[j].text) and not _CLOSING_RE.match(fold(blocks[j].text)):
                    organ_lines.insert(0, j)
                    j -= 1
                    continue
                break
            organ_lines = [k for k in organ_lines if ORGAN_RE.search(fold(blocks[k].text).strip())
                           or len(organ_lines) > 1]
            if organ_lines:
                text = " ".join(fold(blocks[k].text).strip() for k in organ_lines)
                quote = " ".join(blocks[k].text.strip() for k in organ_lines)
                frame.signature = Field(text, "落款", blocks[organ_lines[0]].line, quote)
                for k in organ_lines:
                    labels[k] = "signature"
        return date_idx + 1
    # No date: an organ-only 落款 as the last short line.
    last = free[-1]
    text = fold(blocks[last].text).strip()
    if _short_plain(text, 30) and ORGAN_RE.search(text) and not _TOPIC_RE.search(text):
        frame.signature = Field(text, "落款", blocks[last].line, blocks[last].text.strip())
        labels[last] = "signature"
        return last + 1
    return len(blocks)


def _notice_signature(blocks: list[Block], labels: list[str | None], body_start: int, frame: _Frame) -> None:
    """A notice issuing a plan signs before the plan it attaches: organ and date lines right
    after the notice's own paragraph, with the attachment following."""
    free = [i for i in range(body_start, len(blocks)) if labels[i] is None][:12]
    for k in range(1, len(free) - 1):
        organ_i, date_i = free[k], free[k + 1]
        found = _date_line(blocks[date_i].text)
        organ = fold(blocks[organ_i].text).strip()
        prev = fold(blocks[free[k - 1]].text).rstrip()
        if (found and not found[1] and _short_plain(organ, 30) and ORGAN_RE.search(organ)
                and prev.endswith(("。", "！"))):
            frame.signature_date = Field(found[0].isoformat(), "落款", blocks[date_i].line, blocks[date_i].text.strip())
            frame.signature = Field(organ, "落款", blocks[organ_i].line, blocks[organ_i].text.strip())
            labels[organ_i] = labels[date_i] = "signature"
            return


def _long_sentence(text: str) -> bool:
    folded = fold(text)
    return len(folded) >= 60 and "。" in folded


def _pick_date(frame: _Frame, pairs: list[tuple[MetaPair, int]], hints: dict) -> tuple[Field | None, Field | None]:
    written: Field | None = None
    published: Field | None = None
    for pair, line in pairs:
        found = find_date(pair.value) if pair.value else None
        if not found:
            continue
        if pair.field == "written" and written is None:
            written = Field(found[0].isoformat(), pair.key, line, f"{pair.key}：{pair.value}")
        elif pair.field == "published" and published is None:
            published = Field(found[0].isoformat(), pair.key, line, f"{pair.key}：{pair.value}")
    for key, target in (("written", "written"), ("published", "published")):
        hint = hints.get(key)
        if hint is not None:
            found = find_date(hint.value)
            if found:
                fld = Field(found[0].isoformat(), hint.source, hint.line, hint.value)
                if target == "written" and written is None:
                    written = fld
                elif target == "published" and published is None:
                    published = fld
    # NOTE: the 落款 / 成文 date wins over a portal's 发布时间 (corpus d03, d12, d19).
    chosen = frame.signature_date or frame.head_date or written or published
    return chosen, published


def _organ(frame: _Frame, title: Field | None, pairs: list[tuple[MetaPair, int]], hints: dict,
           body: list[Paragraph]) -> Field | None:
    from_title: Field | None = None
    if title is not None:
        text = fold(title.value)
        m = _TITLE_ORGAN_RE.match(text)
        organ = m.group("organ").strip() if m else ""
        organ = re.sub(r"关于.*$", "", organ).strip()  # "…办公室关于印发《…县" is the 办公室
        if not organ:
            m2 = _YEAR_FIRST_ORGAN_RE.match(text)
            organ = m2.group("organ").strip() if m2 else ""
        if organ and len(organ) <= 45 and not _TOPIC_RE.search(organ):
            from_title = Field(organ, "标题", title.line, title.quote)
    sig = frame.signature
    if sig is not None and from_title is not None:
        a, b = squeeze(sig.value), squeeze(from_title.value)
        if a in b or b in a:
            return sig if len(a) >= len(b) else from_title
        return sig
    if sig is not None:
        return sig
    if from_title is not None:
        return from_title
    if frame.head_organ is not None:
        return frame.head_organ
    if body:
        m = _PREFACE_ORGAN_RE.match(fold(body[0].text))
        if m and ORGAN_RE.search(m.group("organ")):
            return Field(m.group("organ"), "正文", body[0].line, body[0].text[:40])
    for pair, line in pairs:
        if pair.field == "organ" and pair.value:
            return Field(pair.value.split()[0], pair.key, line, f"{pair.key}：{pair.value}")
    hint = hints.get("organ")
    if hint is not None:
        return Field(hint.value, hint.source, hint.line, hint.value)
    return None


def _year(title: Field | None, body: list[Paragraph], doc_date: Field | None) -> Field | None:
    if title is not None:
        found = years_in(title.value)
        if found:
            return Field(found[0][0], "标题", title.line, title.quote)
    for para in body[:3]:
        found = years_in(para.text[:80])
        if found and found[0][1] <= 12:
            return Field(found[0][0], "正文", para.line, para.text[:40])
    if doc_date is not None:
        d = date.fromisoformat(doc_date.value)
        return Field(d.year - 1 if d.month <= 6 else d.year, f"由{doc_date.source}推断", doc_date.line, doc_date.quote)
    for para in body[:12]:
        found = years_in(para.text[:60])
        if found:
            return Field(found[0][0], "正文", para.line, para.text[:40])
    return None


def _written(field: Field | None) -> Field | None:
    """Names are read on folded text; they are reported as the report writes them."""
    if field is None or not isinstance(field.value, str) or not field.quote:
        return field
    return replace(field, value=as_written(field.value, field.quote))


def assemble(raw: RawText, path: str) -> Document:
    blocks = split_frame(strip_pinyin(raw.blocks))
    labels: list[str | None] = [None] * len(blocks)
    removed: list[Removed] = []
    pairs: list[tuple[MetaPair, int]] = []

    def drop(i: int, reason: str) -> None:
        labels[i] = "junk"
        removed.append(Removed(blocks[i].line, blocks[i].text, reason))

    # The head ends at the first line that reads like report text.
    head_end = len(blocks)
    for i, block in enumerate(blocks):
        if _is_meta(block) or junk_reason(block.text):
            continue
        if _body_like(block) or _is_addressee(block.text):
            head_end = i
            break
    _harvest(blocks, labels, 0, head_end, pairs)
    for i, block in enumerate(blocks):
        if labels[i] is None:
            reason = junk_reason(block.text)
            if reason:
                drop(i, reason)
    for i in range(len(blocks)):
        if labels[i] == "meta":
            removed.append(Removed(blocks[i].line, blocks[i].text, "metadata"))

    frame = _Frame()
    title, used = _find_title(blocks, head_end, labels)
    for i in used:
        labels[i] = "title"
    frame.title = title
    title_end = max(used) if used else -1
    # Between the title and the body: an organ line, a date in brackets, page furniture.
    for i in range(head_end):
        if labels[i] is not None:
            continue
        text = blocks[i].text
        dl = _date_line(text)
        if dl and i > title_end >= 0:
            frame.head_date = Field(dl[0].isoformat(), "题注日期", blocks[i].line, text.strip())
            labels[i] = "frame"
        elif (i > title_end >= 0 and _short_plain(text, 30) and ORGAN_RE.search(fold(text).strip())
              and frame.head_organ is None):
            frame.head_organ = Field(fold(text).strip(), "题注机关", blocks[i].line, text.strip())
            labels[i] = "frame"
        elif _is_addressee(text):
            continue
        elif not _SENTENCE_PUNCT_RE.search(fold(text)) or i < title_end:
            drop(i, "page header")
    # Addressee (主送机关) line right at the start of the letter.
    for i in range(min(head_end + 2, len(blocks))):
        if labels[i] is None and _is_addressee(blocks[i].text):
            frame.addressee = Field(fold(blocks[i].text).strip().rstrip(":："), "主送机关", blocks[i].line,
                                    blocks[i].text.strip())
            labels[i] = "frame"
            break
    body_start = head_end
    tail_from = _signature(blocks, labels, body_start, frame)
    if frame.signature_date is None and title is not None and fold(title.value).endswith("通知"):
        _notice_signature(blocks, labels, body_start, frame)
    _harvest(blocks, labels, tail_from, len(blocks), pairs)
    for i in range(tail_from, len(blocks)):
        if labels[i] is None:
            drop(i, "after the signature")

    body_blocks = [b for i, b in enumerate(blocks) if labels[i] is None]
    body_blocks = split_runon(join_wrapped(body_blocks))
    paragraphs = [Paragraph(i, b.text, b.line, b.breaks, b.page, b.heading_level)
                  for i, b in enumerate(body_blocks)]

    if title is None:
        for pair, line in pairs:
            if pair.field == "title" and pair.value:
                title = Field(clean_title(pair.value), pair.key, line, pair.value)
                break
    if title is None and "title" in raw.hints:
        hint = raw.hints["title"]
        title = Field(clean_title(hint.value), hint.source, hint.line, hint.value)
    doc_date, published = _pick_date(frame, pairs, raw.hints)
    organ = _organ(frame, title, pairs, raw.hints, paragraphs)
    year = _year(title, paragraphs, doc_date)
    meta = Metadata(title=_written(title), organ=_written(organ), year=year, date=doc_date, published=published,
                    signature=_written(frame.signature), addressee=_written(frame.addressee))
    chars = sum(len("".join(p.text.split())) for p in paragraphs)
    removed.sort(key=lambda r: r.line)
    return Document(path, raw.format, raw.encoding, tuple(paragraphs), meta, chars, tuple(removed), raw.pages)
