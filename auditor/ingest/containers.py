"""Binary containers: Word (docx), OFD and PDF readers, and legacy .doc/.wps through LibreOffice.

The container is recognised from its bytes: zip members tell docx from OFD, ``%PDF`` marks a
PDF, the OLE2 signature marks a legacy Word or WPS file. Each reader returns the same
`RawText` as the text readers, so every format gets the same assembly and verdicts.
"""

from __future__ import annotations

from .errors import InputError
from .raw import RawText
from .safety import open_zip


def read_container(kind: str, data: bytes, path: str) -> RawText:
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path)
    if kind == "ole2":
        from .legacy import read_legacy

        return read_legacy(data, path)
    if kind == "zip":
        archive = open_zip(data, path)
        names = set(archive.namelist())
        if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
            from .docx import read_docx

            return read_docx(archive, path)
        if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
            from .ofd import read_ofd

            return read_ofd(archive, path)
        if "mimetype" in names or "content.xml" in names:
            raise InputError(path, "这是 OpenDocument（.odt）或 EPUB 文件，请另存为 Word（.docx）或 PDF 后重试",
                             "unsupported")
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            raise InputError(path, "这是 Excel 或 PowerPoint 文件，不是报告文档", "unsupported")
        raise InputError(path, "这是压缩包，不是 Word、OFD 或 PDF 报告；请解压后逐个检查其中的报告", "unsupported")
    raise InputError(path, f"不支持的文件格式（{kind}）", "unsupported")
