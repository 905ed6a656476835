"""Legacy Word (.doc) and WPS files (OLE2 compound documents), converted through LibreOffice.

An encrypted Office file is also an OLE2 container (the encrypted package is a stream in it),
so encryption is recognised here before any conversion is tried.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import InputError
from .raw import RawText

CONVERT_TIMEOUT = 90  # seconds


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(data: bytes, path: str) -> RawText:
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise InputError(path, "文件已加密，请先在 Word/WPS 中取消密码保护后再检查", "encrypted")
    if _utf16("Workbook") in data or _utf16("PowerPoint Document") in data:
        raise InputError(path, "这是旧版 Excel 或 PowerPoint 文件，不是报告文档", "unsupported")
    binary = _soffice()
    if binary is None:
        raise InputError(path, "这是旧版 Word（.doc）或 WPS 文件，本机未安装 LibreOffice，无法自动转换；"
                         "请在 Word 或 WPS 中“另存为”.docx 后重试", "needs_conversion")
    with tempfile.TemporaryDirectory(prefix="auditor-") as tmp:
        work = Path(tmp)
        source = work / "report.doc"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        try:
            proc = subprocess.run(
                [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx",
                 "--outdir", str(work), str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"LibreOffice 转换超时（{CONVERT_TIMEOUT} 秒），请另存为 .docx 后重试",
                             "timeout") from None
        converted = work / "report.docx"
        if proc.returncode != 0 or not converted.is_file():
            raise InputError(path, "LibreOffice 无法转换该文件（可能已损坏），请在 Word 或 WPS 中另存为 .docx 后重试",
                             "corrupt")
        from .docx import read_docx
        from .safety import open_zip

        raw = read_docx(open_zip(converted.read_bytes(), path), path)
    raw.format = "doc"
    return raw
