"""Limits that keep a hostile or broken file from hurting the run: size, zip bombs, XML entities.

Every container reader opens its zip through `open_zip` and parses XML through `parse_xml`.
"""

from __future__ import annotations

import io
import zipfile

from .errors import InputError

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, per member (zip bombs reach thousands)
MAX_PDF_PAGES = 1000


def open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    """The zip in ``data`` after checking it cannot expand into a bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(path, f"文件已损坏，无法作为压缩包打开（{exc}）", "corrupt") from None
    if len(members) > MAX_MEMBERS:
        raise InputError(path, f"压缩包内文件过多（{len(members)} 个），拒绝处理", "zip_bomb")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise InputError(path, "文件已加密，请先取消密码保护后再检查", "encrypted")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise InputError(path, f"压缩包内的 {info.filename} 解压后异常巨大（{info.file_size // 1048576} MB，"
                             f"压缩比 {ratio:.0f}:1），疑似压缩炸弹，拒绝处理", "zip_bomb")
    if total > MAX_TOTAL_BYTES:
        raise InputError(path, f"压缩包解压后总大小 {total // 1048576} MB，超过上限，拒绝处理", "zip_bomb")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    try:
        with archive.open(name) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except KeyError:
        raise InputError(path, f"文件不完整：缺少 {name}", "corrupt") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError(path, f"文件已损坏，无法读取 {name}（{exc}）", "corrupt") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise InputError(path, f"{name} 解压后过大，拒绝处理", "zip_bomb")
    return data


def parse_xml(data: bytes, path: str, part: str):
    """An lxml element tree with entities, DTD loading and network access all turned off."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, recover=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"文件已损坏：{part} 不是有效的 XML（{exc.msg}）", "corrupt") from None
