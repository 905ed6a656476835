"""Text helpers shared by every stage: width folding, sentences, numerals, dates.

Matching always runs on a *folded* copy of the text in which full-width ASCII forms, the
ideographic space, Kangxi-radical look-alikes and traditional characters become their plain
simplified forms. Folding maps one character to exactly one character, so offsets in the folded
copy are offsets in the original and quotes and line numbers can always be taken from the
original text (a report mirrored in traditional characters is quoted as it is written).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any, Iterator


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[cp] = chr(cp - 0xFEE0)
    table[0x3000] = " "
    table[0x00A0] = " "
    table[0x2002] = " "
    table[0x2003] = " "
    table[0x200B] = " "  # zero-width space left by web editors
    table[0xFEFF] = " "
    # Kangxi radicals and CJK radical supplements that bad PDF text layers produce
    # in place of ordinary ideographs (⼀ for 一, ⽇ for 日 …).
    for cp in list(range(0x2F00, 0x2FD6)) + list(range(0x2E80, 0x2EF4)):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    for cp in range(0xFE50, 0xFE6C):  # small form variants ﹐﹑﹔
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = folded
    table[ord("﹑")] = "、"
    table[ord("〇")] = "〇"
    table[ord("○")] = "〇"  # often typed for 〇 in dates
    table[ord("Ｏ")] = "O"
    table[ord("\u2014")] = "—"
    table[ord("\u2015")] = "—"
    table[ord("\u2212")] = "-"
    table[ord("～")] = "~"
    return table


def _traditional_table() -> dict[int, str]:
    """Traditional → simplified, one character for one, as OpenCC's t2s converts them alone.

    About a fifth of the reports found on the web are traditional-character mirrors
    (关於→关于, 責任人→责任人); every cue of a pack is written in simplified characters.
    Building the table takes ~20 ms, so it is kept in the user's cache folder.
    """
    from . import __version__, cachefile

    root = cachefile.root()
    entry = root / f"t2s-{__version__}.pickle" if root is not None else None
    table = cachefile.read(entry, dict)
    if table is not None:
        return table
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency; matching stays simplified only
        return {}
    chars = [chr(cp) for cp in range(0x3400, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table = {}
    if len(converted) == len(chars):
        table = {ord(a): b for a, b in zip(chars, converted) if len(b) == 1 and b != a}
    cachefile.write(entry, table)
    return table


# str.translate looks every character up, and a character missing from the table costs an
# exception inside it: with every BMP character in the table (itself unless folded), folding
# takes a third less time (~6 ms to build at start-up).
_FOLD: dict[int, Any] = {code: code for code in range(0x10000)}
_FOLD.update(_traditional_table())
_FOLD.update(_fold_table())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Width-fold ``text`` one character for one character (offsets are preserved)."""
    return text.translate(_FOLD)


_SPACE_RE = re.compile(r"\s+")


def as_written(value: str, original: str) -> str:
    """``value``, read off the folded ``original`` (perhaps without its spaces), in the
    characters ``original`` is written in: 关于 read from a traditional title is 關於 again."""
    folded = fold(original)
    i = folded.find(value)
    if i >= 0:
        return original[i: i + len(value)]
    target = _SPACE_RE.sub("", value)
    kept = [k for k, ch in enumerate(folded) if not ch.isspace()]
    i = "".join(folded[k] for k in kept).find(target)
    if target and i >= 0:
        return "".join(original[kept[j]] for j in range(i, i + len(target)))
    return value


def squeeze(text: str) -> str:
    """Fold and drop all whitespace: the form used to compare titles and organ names."""
    return _SPACE_RE.sub("", fold(text))


# Sentence ends: 。！？；and their half-width forms. A '.' ends a sentence unless it sits
# between digits (4.7%) — reports with half-width punctuation use '.' for '。'.
# (The look-behind follows the point, so that every branch starts with a character to skip to.)
_SENTENCE_END_RE = re.compile(r"[。！？!?；;]+|\.(?<!\d\.)(?!\d)")


def iter_sentences(folded: str) -> Iterator[tuple[int, int]]:
    """(start, end) sentence spans of a folded paragraph, terminators included, one at a time."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(folded):
        end = m.end()
        # A piece of only spaces and stops is no sentence (the slice is only made to check that
        # when the piece starts with one of them).
        if folded[start] not in " .。" or folded[start:end].strip(" .。"):
            yield start, end
        start = end
    if folded[start:].strip():
        yield start, len(folded)


def sentence_bounds(folded: str) -> list[tuple[int, int]]:
    """Split a folded paragraph into (start, end) sentence spans, terminators included."""
    return list(iter_sentences(folded))


def first_sentence(folded: str) -> tuple[int, int] | None:
    """The first of ``sentence_bounds(folded)`` without splitting the rest."""
    return next(iter_sentences(folded), None)


CN_DIGITS = {
    "〇": 0, "零": 0, "O": 0, "o": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}


def cn_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九) or of a digit string."""
    text = fold(text).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = CN_DIGITS.get(head, 0) if head else 1
        ones = CN_DIGITS.get(tail, 0) if tail else 0
        if (head and head not in CN_DIGITS) or (tail and tail not in CN_DIGITS):
            return None
        return tens * 10 + ones
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    return None


def cn_year(text: str) -> int | None:
    """二〇二四 → 2024; 2024 → 2024."""
    text = fold(text).strip()
    if text.isdigit() and len(text) == 4:
        return int(text)
    if len(text) == 4 and all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    return None


_CN_NUM = "〇零一二三四五六七八九十两OoＯ○"
_YEAR = rf"(?P<y>\d{{4}}|[{_CN_NUM}]{{4}})"
_MONTH = rf"(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})"
_DAY = rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})"

DATE_CN_RE = re.compile(rf"{_YEAR}\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*[日号]")
DATE_ISO_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")
DATE_DMY_RE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)")


def _mk_date(y: str, m: str, d: str) -> date | None:
    year = cn_year(y)
    month = cn_number(m)
    day = cn_number(d)
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full date in ``text`` (Chinese, ISO or d.m.y form) and its span."""
    folded = fold(text)
    best: tuple[date, int, int] | None = None
    for rx in (DATE_CN_RE, DATE_ISO_RE, DATE_DMY_RE):
        m = rx.search(folded)
        if m:
            found = _mk_date(m.group("y"), m.group("m"), m.group("d"))
            if found and (best is None or m.start() < best[1]):
                best = (found, m.start(), m.end())
    return best


# The look-behind (no digit or point before the year) is made after 19/20, so that the regex
# engine can skip to the next 1 or 2 instead of trying every position.
YEAR_RE = re.compile(r"((?:19|20)(?<![\d.]..)\d{2})\s*年")
CN_YEAR_RE = re.compile(rf"([{_CN_NUM}]{{4}})\s*年")


def years_in(text: str) -> list[tuple[int, int]]:
    """(year, offset) for every 'YYYY年' (Arabic or Chinese numerals) in ``text``."""
    folded = fold(text)
    found = [(int(m.group(1)), m.start()) for m in YEAR_RE.finditer(folded)]
    for m in CN_YEAR_RE.finditer(folded):
        year = cn_year(m.group(1))
        if year and 1990 <= year <= 2100:
            found.append((year, m.start()))
    return sorted(found, key=lambda item: item[1])


HAN_RE = re.compile(r"[\u3400-\u9fff]")


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def clip(text: str, limit: int = 90) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
