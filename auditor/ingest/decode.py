"""Bytes to text: byte-order marks first, then strict UTF-8, then a real detector."""

from __future__ import annotations

import codecs
import re

from .errors import InputError

# NOTE: GB2312 and GBK labels are read as GB18030, their superset: real files declared as
# gb2312 routinely carry GBK-only characters (survey 1.4, corpus d12).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030",
              "big5": "big5hkscs", "ascii": "utf-8"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Candidate encodings for the detector: what Chinese offices actually produce.
_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_32", "utf_8"]


def canonical(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return _SUPERSETS.get(name, name)


_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_like_text(text: str) -> bool:
    """Few control, private-use or replacement characters: text, not bytes decoded by force."""
    if not text:
        return False
    sample = text[:20000]
    return len(_BAD_CHAR_RE.findall(sample)) <= max(2, len(sample) // 200)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 8:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has NUL in every other byte; CJK-heavy has few NULs at all, so
    # only the clear case is taken here and the detector handles the rest.
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.3 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding). ``declared`` is an HTML meta charset."""
    text, encoding = _decode(data, path, declared)
    if not _looks_like_text(text):
        raise InputError(path, "文件内容不是文字（可能是损坏的文件或其他格式的二进制文件）", "not_text")
    return text, encoding


_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


def _binary(data: bytes) -> bool:
    """Bytes no text encoding produces: NULs (outside UTF-16) and other control bytes."""
    sample = data[:8192]
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    return controls > max(4, len(sample) // 100)


def _mixed(data: bytes) -> bool:
    """Some lines valid UTF-8 with Chinese, others only valid as GB18030: a file pasted together."""
    utf8 = gbk = 0
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            try:
                line.decode("gb18030")
                gbk += 1
            except UnicodeDecodeError:
                pass
    return utf8 >= 2 and gbk >= 2


def _decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            # A stray byte (a truncated last character) costs one replacement character;
            # a file that is not really in this encoding fails the text check below.
            text = data.decode(name, errors="replace")
            if not _looks_like_text(text):
                raise InputError(path, f"文件以 {name} 字节序标记开头，但内容无法按该编码解码", "encoding")
            return text, name.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is None and _binary(data):
        raise InputError(path, "文件内容不是文字，也不是 Word、PDF、OFD、网页等可识别的格式（可能已损坏）", "not_text")
    if _mixed(data):
        raise InputError(path, "文件中混有不同的文字编码（部分 UTF-8、部分 GBK），请统一另存为 UTF-8 后重试", "encoding")
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            name = canonical(declared)
            text = data.decode(name)
            if _looks_like_text(text):
                return text, name
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 input pays for it

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding:
        name = canonical(best.encoding)
        try:
            text = data.decode(name)
            if _looks_like_text(text):
                return text, name
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
        if _looks_like_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputError(path, "无法识别文本编码（不是 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16），请另存为 UTF-8 后重试",
                     "encoding")
