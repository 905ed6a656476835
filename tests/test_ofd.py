"""OFD in: pages and text objects read in order, page furniture dropped, the same verdicts as the text."""

from __future__ import annotations

import re

import pytest
from conftest import REPORTS, statuses
from ofd_fixtures import HEADER, NS, layout, ofd_parts, pack_ofd, report_to_ofd

from auditor.ingest import InputError, load, load_bytes
from auditor.ingest.ofd import read_lines, read_ofd
from auditor.ingest.safety import open_zip
from auditor.pipeline import audit_document

SAMPLES = ["01-county-complete.txt", "04-outline-areas-unheaded-tail.txt"]
META = ("title", "organ", "year", "date")


def _text(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _raw(data: bytes):
    return read_ofd(open_zip(data, "report.ofd"), "report.ofd")


@pytest.mark.parametrize("name", SAMPLES)
def test_an_ofd_report_gets_the_verdicts_and_metadata_of_its_text(pack, name):
    original = load(REPORTS / name)
    doc = load_bytes(report_to_ofd(_text(name)), f"{name}.ofd")
    assert doc.format == "ofd"
    assert doc.pages == len(layout(_text(name))) >= 3
    for key in META:
        assert original.meta.value(key) is not None, key
        assert doc.meta.value(key) == original.meta.value(key), key
    assert statuses(audit_document(doc, pack=pack)) == statuses(audit_document(original, pack=pack))


@pytest.mark.parametrize("name", SAMPLES)
def test_every_paragraph_comes_back_whole_and_nothing_else(name):
    text = _text(name)
    blocks = [b.text for b in _raw(report_to_ofd(text)).blocks]
    paragraphs = _paragraphs(text)
    # The title is set in large type on two centred lines: one block, or two that assembly joins
    # (the metadata test above checks the joined title).
    title_blocks = 1 if blocks[0] == paragraphs[0] else 2
    assert "".join(blocks[:title_blocks]) == paragraphs[0]
    assert blocks[title_blocks:] == paragraphs[1:]


def test_running_header_and_page_numbers_are_read_but_not_kept():
    data = report_to_ofd(_text(SAMPLES[0]))
    lines = read_lines(open_zip(data, "r.ofd"), "r.ofd")
    # The reader does see the template's header and the page numbers on every page …
    for number, page in enumerate(lines, start=1):
        texts = [line.text for line in page]
        assert HEADER in texts
        assert f"— {number} —" in texts
        assert page[0].text == HEADER and page[-1].text == f"— {number} —"  # top to bottom
        assert all(line.page == number and line.page_height == 297 for line in page)
    # … and none of it reaches the paragraphs.
    body = "\n".join(b.text for b in _raw(data).blocks)
    assert HEADER not in body
    assert "政府信息公开" not in body
    assert not re.search(r"—\s*\d+\s*—", body)


def test_a_paragraph_running_over_a_page_break_is_one_block():
    text = _text(SAMPLES[0])
    pages = layout(text)
    split = {line.paragraph for line in pages[0] if line.paragraph >= 0} & \
            {line.paragraph for line in pages[1] if line.paragraph >= 0}
    assert split, "the fixture should break a paragraph over pages 1 and 2"
    paragraph = next(line for line in pages[1] if line.paragraph in split)
    start = next(line for line in pages[0] if line.paragraph == paragraph.paragraph)
    whole = next(p for p in _paragraphs(text) if p.startswith(start.text.strip()))
    blocks = _raw(report_to_ofd(text)).blocks
    joined = [b for b in blocks if b.text == whole]
    assert len(joined) == 1 and joined[0].page == 1
    assert not any(b.text == paragraph.text for b in blocks)


@pytest.mark.parametrize("options", [{"absolute": True}, {"fragments": 3}, {"header": None}],
                         ids=["absolute-locations", "lines-cut-into-objects", "no-template"])
def test_package_variants_read_the_same(options):
    text = _text(SAMPLES[1])
    expected = [b.text for b in _raw(report_to_ofd(text)).blocks]
    assert [b.text for b in _raw(report_to_ofd(text, **options)).blocks] == expected


def test_reading_order_comes_from_positions_not_from_the_xml_order():
    text = _text(SAMPLES[1])
    parts = ofd_parts(text, fragments=2)
    for name, data in list(parts.items()):
        if name.startswith("Doc_0/Pages/"):
            xml = data.decode("utf-8")
            objects = re.findall(r"<ofd:TextObject .*?</ofd:TextObject>", xml)
            head, tail = xml.split(objects[0], 1)[0], xml.rsplit(objects[-1], 1)[1]
            parts[name] = (head + "".join(reversed(objects)) + tail).encode("utf-8")
    assert [b.text for b in _raw(pack_ofd(parts)).blocks] == [b.text for b in _raw(report_to_ofd(text)).blocks]


def test_a_rotated_watermark_on_the_template_does_not_break_the_lines():
    text = _text(SAMPLES[1])
    parts = ofd_parts(text)
    watermark = ('<ofd:TextObject ID="99" Boundary="40 120 150 40" CTM="0.7071 -0.7071 0.7071 0.7071 0 30" '
                 'Font="4" Size="18"><ofd:TextCode X="0" Y="18" DeltaX="g 3 20">内部资料</ofd:TextCode>'
                 "</ofd:TextObject>")
    template = parts["Doc_0/Tpls/Tpl_0/Content.xml"].decode("utf-8")
    parts["Doc_0/Tpls/Tpl_0/Content.xml"] = template.replace("</ofd:Layer>", watermark + "</ofd:Layer>").encode()
    blocks = [b.text for b in _raw(pack_ofd(parts)).blocks]
    assert blocks == [b.text for b in _raw(report_to_ofd(text)).blocks]
    assert not any("内部资料" in b or "内" == b for b in blocks)


def _mini(content: str, page_area: str = "", document_area: str = "0 0 210 297") -> bytes:
    """A one-page OFD with hand-written page content, for the finer points of positioning."""
    return pack_ofd({
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0"><ofd:DocBody>'
                   f"<ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>".encode(),
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID>'
                              f"<ofd:PageArea><ofd:PhysicalBox>{document_area}</ofd:PhysicalBox></ofd:PageArea>"
                              f'</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                              f"</ofd:Pages></ofd:Document>".encode(),
        "Doc_0/Pages/Page_0/Content.xml": (f'<ofd:Page xmlns:ofd="{NS}">{page_area}<ofd:Content><ofd:Layer ID="2">'
                                           f"{content}</ofd:Layer></ofd:Content></ofd:Page>").encode(),
    })


def test_positions_follow_boundary_ctm_and_deltas():
    content = (
        # second line first in the XML; TextCode X/Y are relative to the Boundary's origin
        '<ofd:TextObject ID="3" Boundary="20 60 100 10" Font="1" Size="5">'
        '<ofd:TextCode X="0" Y="5" DeltaX="g 3 5">第二行字</ofd:TextCode></ofd:TextObject>'
        # object space → CTM (here ×2 and a shift) → Boundary: Size 2.5 is 5 mm on the page
        '<ofd:TextObject ID="4" Boundary="20 40 100 10" CTM="2 0 0 2 -4 -2" Font="1" Size="2.5">'
        '<ofd:TextCode X="2" Y="3.5" DeltaX="2.5 2.5">第一行</ofd:TextCode>'
        '<ofd:TextCode X="9.5" DeltaX="2.5">文字</ofd:TextCode></ofd:TextObject>'
        # no DeltaX: advances are estimated from the font size
        '<ofd:PageBlock ID="5"><ofd:TextObject ID="6" Boundary="20 80 100 10" Font="1" Size="5">'
        '<ofd:TextCode X="0" Y="5">第三行</ofd:TextCode></ofd:TextObject></ofd:PageBlock>'
    )
    page = read_lines(open_zip(_mini(content, document_area="0 0 148 210"), "m.ofd"), "m.ofd")[0]
    assert [line.text for line in page] == ["第一行文字", "第二行字", "第三行"]
    first, second, third = page
    assert first.x0 == pytest.approx(20) and first.x1 == pytest.approx(45)
    assert first.size == pytest.approx(5)
    assert first.top < 45 < first.bottom
    assert second.x1 == pytest.approx(40) and third.x1 == pytest.approx(35)
    assert first.page_height == 210  # the document's default page area


def test_the_page_area_of_the_page_wins_over_the_document_default():
    content = ('<ofd:TextObject ID="3" Boundary="20 40 100 10" Size="5">'
               '<ofd:TextCode X="0" Y="5">文字</ofd:TextCode></ofd:TextObject>')
    data = _mini(content, page_area="<ofd:Area><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:Area>")
    assert read_lines(open_zip(data, "m.ofd"), "m.ofd")[0][0].page_height == 210


def _damaged(changes: dict[str, bytes | None]) -> bytes:
    """The OFD of a sample report with parts replaced, or removed where the value is None."""
    parts = ofd_parts(_text(SAMPLES[1]))
    for name, value in changes.items():
        if value is None:
            del parts[name]
        else:
            parts[name] = value
    return pack_ofd(parts)


def test_a_document_with_too_many_pages_is_refused():
    parts = ofd_parts(_text(SAMPLES[1]))
    document = parts["Doc_0/Document.xml"].decode("utf-8")
    page = '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
    parts["Doc_0/Document.xml"] = re.sub(r"<ofd:Pages>.*</ofd:Pages>", "<ofd:Pages>" + page * 1001 + "</ofd:Pages>",
                                         document).encode("utf-8")
    with pytest.raises(InputError) as info:
        load_bytes(pack_ofd(parts), "many.ofd")
    assert info.value.code == "too_large"


@pytest.mark.parametrize("data, code, words", [
    (_damaged({"Doc_0/Document.xml": None}), "corrupt", "Document.xml"),
    (_damaged({"Doc_0/Pages/Page_1/Content.xml": b"<ofd:Page xmlns:ofd='x'><ofd:Content>"}), "corrupt",
     "不是有效的 XML"),
    (_damaged({"Doc_0/Pages/Page_2/Content.xml": None}), "corrupt", "第 3 页"),
    (_damaged({"OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody/></ofd:OFD>'.encode()}), "corrupt", "DocRoot"),
    (_mini('<ofd:TextObject ID="3" Boundary="20 abc 100 10" Size="5"><ofd:TextCode X="0" Y="5">文字</ofd:TextCode>'
           "</ofd:TextObject>"), "corrupt", "不是数字"),
    (_mini('<ofd:TextObject ID="3" Boundary="20 40 100 10" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 3">文字'
           "</ofd:TextCode></ofd:TextObject>"), "corrupt", "格式无效"),
    (_mini('<ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="9"/>'), "empty", "没有文字"),
], ids=["no-document", "bad-xml", "missing-page", "no-docroot", "bad-number", "bad-deltax", "scan"])
def test_a_damaged_ofd_is_refused_with_a_one_line_chinese_reason(data, code, words):
    with pytest.raises(InputError) as info:
        load_bytes(data, "damaged.ofd")
    error = info.value
    assert error.code == code
    assert words in error.reason
    assert "\n" not in error.reason and re.search(r"[\u4e00-\u9fff]", error.reason)
