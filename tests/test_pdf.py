"""PDF in: pdfium's text layer rebuilt into the report's paragraphs; scans, passwords and damage refused.

The PDFs are typeset from the project's sample reports by `pdf_fixtures.render_pdf` (A4,
justified lines, Chinese–Latin autospacing, a running header and page numbers), so every
verdict can be compared with the same report read as plain text.
"""

from __future__ import annotations

import os
import re
import time
from functools import cache

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

import pypdfium2 as pdfium  # noqa: E402

from auditor.ingest import InputError, load, load_bytes  # noqa: E402
from auditor.ingest.pdf import read_pdf  # noqa: E402
from auditor.pipeline import audit_document  # noqa: E402
from auditor.textutil import squeeze  # noqa: E402
from conftest import REPORTS, statuses  # noqa: E402
from pdf_fixtures import image_pdf, render_pdf, roles, rotated  # noqa: E402

SAMPLES = ["01-county-complete.txt", "03-township-short.txt", "10-three-part-department.txt"]
HAN = "\u4e00-\u9fff"


@cache
def sample(name: str) -> tuple[str, str, bytes]:
    """(source text, running header, PDF bytes) of a sample report."""
    text = (REPORTS / name).read_text(encoding="utf-8")
    header = load(REPORTS / name).meta.value("organ")
    return text, header, render_pdf(text, header=header)


def page_texts(data: bytes) -> list[str]:
    """pdfium's own text of every page, untouched."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


# ------------------------------------------------------------------ same verdicts as the text


@pytest.mark.parametrize("name", SAMPLES)
def test_a_pdf_is_audited_like_its_text(name, pack):
    text, _, data = sample(name)
    original = load(REPORTS / name)
    doc = load_bytes(data, name.replace(".txt", ".pdf"))
    assert doc.format == "pdf" and doc.pages == len(page_texts(data)) > 1
    for field in ("title", "organ", "year", "date"):
        assert doc.meta.value(field) == original.meta.value(field), field
    assert statuses(audit_document(doc, pack=pack)) == statuses(audit_document(original, pack=pack))


# ------------------------------------------------------------------ reconstruction


@pytest.mark.parametrize("name", SAMPLES)
def test_blocks_are_the_source_paragraphs(name):
    text, header, data = sample(name)
    raw = read_pdf(data, name)
    # one block a paragraph: the two-line title, every paragraph over a page break, the 落款
    assert [squeeze(b.text) for b in raw.blocks] == [squeeze(p) for _, p in roles(text)]
    assert raw.pages == len(page_texts(data))
    # the running header and the page numbers are in no block
    assert all(not re.fullmatch(r"\s*-\s*\d+\s*-\s*", b.text) for b in raw.blocks)
    assert sum(b.text == header for b in raw.blocks) == sum(p == header for _, p in roles(text))


@pytest.mark.parametrize("name", SAMPLES)
def test_no_stray_spaces_between_chinese_characters(name):
    _, _, data = sample(name)
    pages = page_texts(data)
    assert any(re.search(rf"\d [{HAN}]|[{HAN}] \d", p) for p in pages)  # pdfium reports the gaps ...
    for block in read_pdf(data, name).blocks:  # ... the reader does not
        assert not re.search(rf"[{HAN}，。、；：“”（）]\s|\s[{HAN}，。、；：“”（）]", block.text), block.text
    text = "".join(b.text for b in read_pdf(data, name).blocks)
    for phrase in ("2021—2025年", "“4·26”", "100%。"):
        assert (phrase in text) == (phrase in sample(name)[0]), phrase


def test_a_paragraph_over_a_page_break_is_one_block():
    _, _, data = sample("01-county-complete.txt")
    pages = [squeeze(p) for p in page_texts(data)]
    spanning = []
    for block in read_pdf(data, "x").blocks:
        text = squeeze(block.text)
        head, tail = text[:12], text[-12:]
        assert head in pages[block.page - 1]
        if tail not in pages[block.page - 1]:
            assert tail in pages[block.page]  # it ends on the next page
            spanning.append(block)
    assert len(spanning) >= 3


def test_blocks_number_text_lines_and_keep_pages():
    _, _, data = sample("01-county-complete.txt")
    blocks = read_pdf(data, "x").blocks
    assert blocks[0].line == 1 and blocks[0].page == 1
    for before, after in zip(blocks, blocks[1:]):
        assert after.line == before.line + len(before.breaks) + 1  # every text line has its number
        assert before.page <= after.page
    assert blocks[-1].page == len(page_texts(data))


@pytest.mark.parametrize("name", SAMPLES)
def test_evidence_lines_carry_their_page(name, pack):
    _, _, data = sample(name)
    doc = load_bytes(data, name)
    pages = [squeeze(p) for p in page_texts(data)]
    card = audit_document(doc, pack=pack)
    checked = 0
    for finding in card.findings:
        for ev in finding.evidence:
            para = next((p for p in doc.paragraphs if p.line <= (ev.line or 0) <= p.line + len(p.breaks)), None)
            if para is None:
                continue
            assert para.page is not None
            k = ev.line - para.line
            bounds = (0, *para.breaks, len(para.text))
            line_text = squeeze(para.text[bounds[k]:bounds[k + 1]])
            assert line_text and any(line_text in page for page in pages[para.page - 1: para.page + 1])
            checked += 1
    assert checked >= 5


def test_a_signature_at_a_page_edge_is_not_taken_for_the_running_header():
    text, header, _ = sample("03-township-short.txt")
    first, rest = text.split("\n", 1)
    word = (25.4, 25.4, 31.8, 31.8)  # Word's margins: the first and last text lines lie in the header areas
    for extra in range(0, 26):  # move the 落款 line by line over the foot and head of a page
        padded = first + "\n" + "本段用于调整版面。\n" * extra + rest
        doc = load_bytes(render_pdf(padded, header=header, margins=word), "x.pdf")
        assert doc.meta.value("organ") == "檀口乡人民政府", extra
        assert doc.meta.signature is not None and doc.meta.value("date") == "2023-02-10", extra


def test_two_pages_lose_their_running_header():
    text, header, _ = sample("01-county-complete.txt")
    short = "\n".join(text.splitlines()[:9] + ["榆岭县人民政府", "2024年3月14日"])
    data = render_pdf(short, header=header)
    assert len(page_texts(data)) == 2
    blocks = [b.text for b in read_pdf(data, "x").blocks]
    assert blocks.count(header) == 1 and blocks[-2] == header  # the 落款 only


def test_kangxi_radicals_are_folded():
    text = ("⼈民政府关于2023年度法治政府建设情况的报告\n"
            "⼀是全⾯推进依法⾏政，⽇常执法更加规范，⽂明执法⽔平持续提升，⺟婴权益保护有力，群众满意度提高。\n")
    data = render_pdf(text)
    assert "⼀是" in page_texts(data)[0]  # the text layer holds the radicals
    blocks = [b.text for b in read_pdf(data, "x").blocks]
    assert blocks == ["人民政府关于2023年度法治政府建设情况的报告",
                      "一是全面推进依法行政，日常执法更加规范，文明执法水平持续提升，母婴权益保护有力，群众满意度提高。"]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_pages_turned_by_rotate_read_the_same(degrees):
    _, _, data = sample("03-township-short.txt")
    turned = rotated(data, degrees)
    assert pdfium.PdfDocument(turned)[0].get_rotation() == degrees
    assert read_pdf(turned, "x").blocks == read_pdf(data, "x").blocks


def test_document_title_is_a_hint_only_when_it_is_a_report_title():
    text, header, _ = sample("03-township-short.txt")
    good = "檀口乡人民政府关于2022年度法治政府建设情况的报告"
    assert read_pdf(render_pdf(text, info_title=good), "x").hints["title"].value == good
    for junk in ("Microsoft Word - 2022年法治政府建设情况报告.docx", "法治政府建设情况报告.pdf", "untitled"):
        assert "title" not in read_pdf(render_pdf(text, info_title=junk), "x").hints


# ------------------------------------------------------------------ refused input


def _refused(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        load_bytes(data, "报告.pdf")
    err = caught.value
    assert "\n" not in err.reason and re.search(f"[{HAN}]", err.reason), err.reason
    return err


def test_a_password_protected_pdf_is_refused():
    text, _, _ = sample("03-township-short.txt")
    err = _refused(render_pdf(text, encrypt="secret"))
    assert err.code == "encrypted" and "加密" in err.reason


def test_a_pdf_with_only_an_owner_password_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption

    text, _, _ = sample("03-township-short.txt")
    locked = StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0, canModify=0)
    doc = load_bytes(render_pdf(text, encrypt=locked), "x.pdf")
    assert doc.meta.value("organ") == "檀口乡人民政府"


def test_a_scanned_pdf_needs_ocr():
    err = _refused(image_pdf(pages=3))
    assert err.code == "needs_ocr" and "没有文字层" in err.reason and "OCR" in err.reason


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.99])
def test_a_truncated_pdf_is_corrupt(keep):
    _, _, data = sample("03-township-short.txt")
    err = _refused(data[: int(len(data) * keep)])
    assert err.code == "corrupt" and "损坏" in err.reason


def test_garbage_after_the_pdf_signature_is_corrupt():
    assert _refused(b"%PDF-1.7\n" + os.urandom(4000)).code == "corrupt"


def test_too_many_pages_are_refused_before_reading(monkeypatch):
    from auditor.ingest import safety

    _, _, data = sample("01-county-complete.txt")
    monkeypatch.setattr(safety, "MAX_PDF_PAGES", 3)
    err = _refused(data)
    assert err.code == "too_large" and "页" in err.reason


# ------------------------------------------------------------------ resources


def _rss_kb() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


def test_memory_stays_flat_over_many_files():
    _, _, data = sample("03-township-short.txt")
    for _ in range(10):
        read_pdf(data, "x")
    before = _rss_kb()
    if before is None:
        pytest.skip("no /proc/self/statm")
    for _ in range(80):
        read_pdf(data, "x")
    assert _rss_kb() - before < 16 * 1024  # about 0.1 MB here; 60 MB if pages were left open


def test_reading_is_fast():
    _, _, data = sample("01-county-complete.txt")
    pages = len(page_texts(data))
    read_pdf(data, "x")
    start = time.perf_counter()
    for _ in range(5):
        read_pdf(data, "x")
    per_page = (time.perf_counter() - start) / (5 * pages)
    assert per_page < 0.02  # about 2 ms a page here; tens of pages per 100 ms
