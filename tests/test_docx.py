"""Word (.docx) in: paragraphs in reading order, tracked changes resolved, auto-numbering rendered."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from auditor.ingest import InputError, load, load_bytes
from auditor.ingest.docx import format_number, read_docx
from auditor.ingest.safety import open_zip
from auditor.pipeline import audit_document
from conftest import REPORTS, statuses
from docx_fixtures import (abstract, build_docx, deleted, field, footnote_ref, ins, level, num, numbering, para,
                           report_docx, run, strip_marker, style, table, BASE_STYLES, W)


def read(data: bytes):
    return read_docx(open_zip(data, "test.docx"), "test.docx")


def texts(body, **kwargs) -> list[str]:
    return [b.text for b in read(build_docx(body, **kwargs)).blocks]


def _paragraph_texts(data: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return ["".join(p.itertext()) for p in root.iter(f"{{{W}}}p")]


def lines_of(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- the sample reports as Word files

SAMPLES = [
    # (report, numbering scheme, top level attached to the Heading1 style)
    ("01-county-complete.txt", "lists", True),
    ("01-county-complete.txt", "multilevel", False),
    ("04-outline-areas-unheaded-tail.txt", "lists", False),
    ("10-three-part-department.txt", "multilevel", False),
    ("10-three-part-department.txt", "lists", True),
]


@pytest.mark.parametrize("name,scheme,heading_style", SAMPLES)
def test_numbered_word_report_reads_and_audits_like_its_text(pack, name, scheme, heading_style):
    path = REPORTS / name
    data = report_docx(path.read_text(encoding="utf-8"), scheme, heading_style,
                       header="榆岭县人民政府办公室文件", footer="— 1 —")
    raw = read(data)
    # The numbers exist only in numbering.xml, yet every paragraph reads exactly as in the text.
    assert not any(strip_marker(text)[0] for text in _paragraph_texts(data))
    assert [b.text for b in raw.blocks] == lines_of(path)
    assert all(not b.joinable for b in raw.blocks)
    assert [b.line for b in raw.blocks] == list(range(1, len(raw.blocks) + 1))
    if heading_style:
        assert raw.blocks[0].heading_level == 1  # the Title style
        top = [b for b in raw.blocks if b.heading_level == 1][1:]
        marker = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
        top_kind = "第" if any(line.startswith("第") for line in lines_of(path)) else "、"
        expected = [line for line in lines_of(path)[1:]
                    if marker.match(line) and (top_kind == "、") != line.startswith("第")]
        assert [b.text for b in top] == expected

    original, word = load(path), load_bytes(data, "report.docx")
    assert word.format == "docx"
    for fld in ("title", "organ", "year", "date"):
        assert word.meta.value(fld) == original.meta.value(fld), fld
    assert statuses(audit_document(word, pack=pack)) == statuses(audit_document(original, pack=pack))


def test_a_twenty_page_report_reads_in_milliseconds():
    text = (REPORTS / "01-county-complete.txt").read_text(encoding="utf-8")
    body = "\n".join(text.splitlines()[2:-2])
    data = report_docx("\n".join([text.splitlines()[0]] + [body] * 4), "multilevel")  # 20 pages, ~16 000 characters
    read(data)
    start = time.perf_counter()
    raw = read(data)
    assert time.perf_counter() - start < 0.1  # a few ms in practice; generous for slow CI machines
    assert sum(len(b.text) for b in raw.blocks) > 16000


# ---------------------------------------------------------------- the numbering renderer

MULTI = abstract(1, level(0, "chineseCounting", "%1、"), level(1, "chineseCounting", "（%2）"),
                 level(2, "decimal", "%3.", suff="nothing"), level(3, "decimal", "（%4）"),
                 level(4, "decimalEnclosedCircle", "%5", suff="nothing"))


def test_deeper_levels_restart_when_a_higher_level_advances():
    body = [para("总体情况", num=(1, 0)), para("职能", num=(1, 1)), para("审核", num=(1, 2)),
            para("细项", num=(1, 3)), para("要点", num=(1, 4)), para("要点", num=(1, 4)), para("审核", num=(1, 2)),
            para("细项", num=(1, 3)), para("决策", num=(1, 1)), para("审核", num=(1, 2)),
            para("不足", num=(1, 0)), para("问题", num=(1, 1))]
    assert texts(body, numbering_xml=numbering(MULTI, num(1, 1))) == [
        "一、总体情况", "（一）职能", "1.审核", "（1）细项", "①要点", "②要点", "2.审核", "（1）细项", "（二）决策", "1.审核",
        "二、不足", "（一）问题"]


def test_lvl_restart_zero_never_restarts_and_start_values_count():
    numbering_xml = numbering(abstract(1, level(0, "chineseCounting", "%1、", start=3),
                                       level(1, "decimal", "%2.", restart=0, suff="nothing")), num(1, 1))
    body = [para("甲", num=(1, 0)), para("子", num=(1, 1)), para("乙", num=(1, 0)), para("丑", num=(1, 1))]
    assert texts(body, numbering_xml=numbering_xml) == ["三、甲", "1.子", "四、乙", "2.丑"]


def test_start_override_restarts_a_list_and_plain_instances_continue_it():
    numbering_xml = numbering(abstract(1, level(0, "decimal", "%1.", suff="nothing")),
                              num(1, 1), num(2, 1, {0: 1}), num(3, 1), num(4, 1, {0: 5}))
    body = [para("a", num=(1, 0)), para("b", num=(1, 0)), para("c", num=(2, 0)), para("d", num=(2, 0)),
            para("e", num=(3, 0)), para("f", num=(4, 0)), para("g", num=(1, 0))]
    # NOTE: as in Word, every w:num of one abstractNum shares one count (num 3 continues).
    assert texts(body, numbering_xml=numbering_xml) == ["1.a", "2.b", "1.c", "2.d", "3.e", "5.f", "6.g"]


def test_separate_abstract_lists_count_separately():
    numbering_xml = numbering(abstract(1, level(0, "chineseCounting", "%1、")),
                              abstract(2, level(0, "chineseCounting", "（%1）")), num(1, 1), num(2, 2))
    body = [para("甲", num=(1, 0)), para("子", num=(2, 0)), para("乙", num=(1, 0)), para("丑", num=(2, 0))]
    assert texts(body, numbering_xml=numbering_xml) == ["一、甲", "（一）子", "二、乙", "（二）丑"]


def test_multi_level_text_and_is_lgl():
    numbering_xml = numbering(
        abstract(1, level(0, "decimal", "%1"), level(1, "decimal", "%1.%2"), level(2, "decimal", "%1.%2.%3")),
        abstract(2, level(0, "chineseCounting", "第%1章", suff="space"),
                 level(1, "chineseCounting", "%1.%2", legal=True, suff="space")),
        num(1, 1), num(2, 2))
    body = [para("总则", num=(1, 0)), para("目的", num=(1, 1)), para("依据", num=(1, 2)), para("范围", num=(1, 1)),
            para("分则", num=(1, 0)), para("职责", num=(1, 1)),
            para("总则", num=(2, 0)), para("目的", num=(2, 1)), para("范围", num=(2, 1))]
    assert texts(body, numbering_xml=numbering_xml) == [
        "1 总则", "1.1 目的", "1.1.1 依据", "1.2 范围", "2 分则", "2.1 职责", "第一章 总则", "1.1 目的", "1.2 范围"]


def test_a_level_used_before_its_parent_shows_the_parent_start():
    numbering_xml = numbering(abstract(1, level(0, "decimal", "%1"), level(1, "decimal", "%1.%2")), num(1, 1))
    assert texts([para("目的", num=(1, 1))], numbering_xml=numbering_xml) == ["1.1 目的"]


def test_bullets_and_none_give_no_text():
    numbering_xml = numbering(abstract(1, level(0, "bullet", "●"), level(1, "none", "")), num(1, 1))
    body = [para("要点", num=(1, 0)), para("说明", num=(1, 1))]
    assert texts(body, numbering_xml=numbering_xml) == ["要点", "说明"]


def test_num_id_zero_removes_the_style_numbering():
    styles = BASE_STYLES + (style("ListHead", "List Head", num=(1, 0)),)
    numbering_xml = numbering(abstract(1, level(0, "chineseCounting", "%1、")), num(1, 1))
    body = [para("甲", style="ListHead"), para("不编号", style="ListHead", num=(0, 0)), para("乙", style="ListHead")]
    assert texts(body, numbering_xml=numbering_xml, styles=styles) == ["一、甲", "不编号", "二、乙"]


def test_style_numbering_follows_based_on_and_level_named_by_style():
    styles = BASE_STYLES + (
        style("Heading1", "heading 1", outline=0, num=(1, None)),
        style("Heading2", "heading 2", outline=1, num=(1, None)),
        style("MyHead", "我的标题", based="Heading2"))
    numbering_xml = numbering(abstract(1, level(0, "chineseCounting", "%1、", pstyle="Heading1"),
                                       level(1, "chineseCounting", "（%2）", pstyle="Heading2")), num(1, 1))
    body = [para("主要举措", style="Heading1"), para("职能", style="Heading2"), para("决策", style="MyHead"),
            para("正文段落。"), para("存在不足", style="Heading1")]
    raw = read(build_docx(body, numbering_xml=numbering_xml, styles=styles))
    assert [(b.text, b.heading_level) for b in raw.blocks] == [
        ("一、主要举措", 1), ("（一）职能", 2), ("（二）决策", 2), ("正文段落。", None), ("二、存在不足", 1)]


def test_list_style_link_and_level_override():
    styles = BASE_STYLES + (style("OutlineList", "大纲列表", num=(2, None)),)
    linked = ('<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>')
    override = ('<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">'
                f'{level(0, "chineseCounting", "第%1条", start=1, suff="space")}</w:lvlOverride></w:num>')
    numbering_xml = numbering(linked, abstract(2, level(0, "chineseCounting", "%1、")), num(1, 1), num(2, 2), override)
    body = [para("甲", num=(1, 0)), para("乙", num=(2, 0)), para("丙", num=(3, 0))]
    # num 1 reaches abstract 2 through the list style and shares its count; num 3 restarts it as 第N条.
    assert texts(body, numbering_xml=numbering_xml, styles=styles) == ["一、甲", "二、乙", "第一条 丙"]


def test_strict_open_xml_namespace():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document = (f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格格式的正文。</w:t></w:r></w:p>'
                "</w:body></w:document>").encode()
    assert texts("", document_xml=document, styles=()) == ["严格格式的正文。"]


def test_odd_numbering_values_do_not_break_the_reader():
    odd = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="abc"/><w:numFmt w:val="upperLetter"/>'
           '<w:lvlText w:val="%1.%9"/></w:lvl><w:lvl w:ilvl="x"/></w:abstractNum>')
    numbering_xml = numbering(odd, num(1, 1), num(2, 7), num(3, 1, {0: 10**12}))
    body = [para("甲", num=(1, 0)), para("乙", num=(2, 0)), para("丙", num=(1, 5)), para("丁", num=(9, 0)),
            para("戊", num=(3, 0))]
    # an unreadable start counts from 1, an overlong override is ignored (num 3 continues the count)
    assert texts(body, numbering_xml=numbering_xml) == ["A.1 甲", "乙", "丙", "丁", "B.1 戊"]


def test_suffixes():
    numbering_xml = numbering(abstract(1, level(0, "decimal", "%1.")),
                              abstract(2, level(0, "decimal", "%1.", suff="space")),
                              abstract(3, level(0, "decimal", "%1.", suff="nothing")),
                              abstract(4, level(0, "chineseCounting", "（%1）", suff="space")),
                              num(1, 1), num(2, 2), num(3, 3), num(4, 4))
    body = [para("甲", num=(1, 0)), para("乙", num=(2, 0)), para("丙", num=(3, 0)), para("丁", num=(4, 0))]
    assert texts(body, numbering_xml=numbering_xml) == ["1. 甲", "1. 乙", "1.丙", "（一）丁"]


@pytest.mark.parametrize("fmt,values", [
    ("chineseCounting", {1: "一", 9: "九", 10: "十", 11: "十一", 12: "十二", 20: "二十", 21: "二十一", 99: "九十九",
                         100: "一百", 101: "一百零一", 110: "一百一十", 1001: "一千零一"}),
    ("chineseCountingThousand", {10: "十", 15: "十五", 30: "三十"}),
    ("japaneseCounting", {10: "十", 101: "百一"}),
    ("chineseLegalSimplified", {1: "壹", 10: "壹拾", 12: "壹拾贰", 20: "贰拾"}),
    ("ideographLegalTraditional", {3: "參"}),
    ("ideographDigital", {10: "一〇"}),
    ("ideographTraditional", {1: "甲", 2: "乙", 3: "丙", 10: "癸", 11: "11"}),
    ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "㉑", 50: "㊿"}),
    ("decimalEnclosedCircleChinese", {3: "③"}),
    ("decimalEnclosedParen", {1: "⑴", 12: "⑿"}),
    ("decimalEnclosedFullstop", {1: "⒈"}),
    ("decimalFullWidth", {12: "１２"}),
    ("decimalZero", {3: "03", 12: "12"}),
    ("upperLetter", {1: "A", 26: "Z", 27: "AA", 28: "BB"}),
    ("lowerLetter", {2: "b"}),
    ("upperRoman", {4: "IV", 12: "XII", 1994: "MCMXCIV"}),
    ("lowerRoman", {9: "ix"}),
    ("decimal", {7: "7"}), ("someFutureFormat", {7: "7"}), ("bullet", {1: ""}), ("none", {1: ""}),
])
def test_number_formats(fmt, values):
    assert {n: format_number(n, fmt) for n in values} == values


# ---------------------------------------------------------------- body text

def test_tracked_changes_are_shown_accepted():
    body = para(content=run("全年审核规范性文件") + ins("11") + deleted("9") + run("件。"))
    moved = ('<w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
             '<w:moveTo w:id="4" w:author="a"><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>')
    assert texts([body, moved]) == ["全年审核规范性文件11件。", "新位置"]


def test_footnotes_headers_and_footers_are_not_body_text():
    body = para(content=run("依法行政考核") + footnote_ref(2) + run("结果良好。"))
    data = build_docx(body, footnotes={2: "脚注：详见考核通报。"}, header="页眉文字", footer="页脚文字")
    text = " ".join(b.text for b in read(data).blocks)
    assert text == "依法行政考核结果良好。"


def test_fields_show_their_result_not_the_instruction():
    body = para(content=run("见") + field('HYPERLINK "http://x.gov.cn"', "门户网站") + run("，第")
                + field("PAGE", "3") + run("页。"))
    simple = '<w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>2024年3月12日</w:t></w:r></w:fldSimple></w:p>'
    assert texts([body, simple]) == ["见门户网站，第3页。", "2024年3月12日"]


def test_tabs_breaks_and_hidden_text():
    body = [para(content=run("一、\t主要举措")), para(content=run("法治政府\n建设报告")),
            para(content=run("Annual\nreport")), para(content=run("可见") + run("隐藏", rpr="<w:vanish/>"))]
    assert texts(body) == ["一、　主要举措", "法治政府建设报告", "Annual report", "可见"]


def test_table_row_is_one_block_and_nested_tables_are_flattened():
    inner = table([["甲", "乙"]])
    body = [para("表1 行政执法情况"), table([["项目", "件数"], ["行政许可", "14326"], ["处罚", f"<w:p/>{inner}"]]),
            para("表后正文。")]
    assert texts(body) == ["表1 行政执法情况", "项目　件数", "行政许可　14326", "处罚　甲　乙", "表后正文。"]


def test_one_column_layout_table_keeps_its_paragraphs():
    cell = para("一、主要举措") + para("全面梳理权责清单。")
    assert texts(table([[cell]])) == ["一、主要举措", "全面梳理权责清单。"]


def test_content_controls_text_boxes_and_placeholders():
    sdt = ('<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>'
           f'{para("控件中的段落。")}</w:sdtContent></w:sdt>')
    prompt = ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
              f'{para("单击或点击此处输入文字。")}</w:sdtContent></w:sdt>')
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           f'<w:sdtContent>{para("一、主要举措……3")}</w:sdtContent></w:sdt>')
    inline = para(content=run("日期：") + '<w:sdt><w:sdtContent>' + run("2024年3月12日") + "</w:sdtContent></w:sdt>")
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
           f'{para("文本框内容")}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           f'<v:textbox><w:txbxContent>{para("文本框内容")}</w:txbxContent></v:textbox></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    body = [toc, sdt, prompt, inline, para(content=run("锚定段落") + box)]
    assert texts(body) == ["控件中的段落。", "日期：2024年3月12日", "锚定段落", "文本框内容"]


def test_heading_styles_give_heading_levels():
    styles = BASE_STYLES + (style("1", "heading 1"), style("WpsHead", "标题 2"), style("Custom", "自定义", based="WpsHead"),
                            style("Outline", "大纲", outline=2))
    body = [para("报告标题", style="Title"), para("甲", style="1"), para("乙", style="WpsHead"), para("丙", style="Custom"),
            para("丁", style="Outline"), para("戊", ppr='<w:outlineLvl w:val="0"/>'), para("正文。")]
    raw = read(build_docx(body, styles=styles))
    assert [b.heading_level for b in raw.blocks] == [1, 1, 2, 2, 3, 1, None]


def test_table_of_contents_paragraphs_are_skipped():
    styles = BASE_STYLES + (style("TOC1", "toc 1"),)
    assert texts([para("一、主要举措\t3", style="TOC1"), para("正文。")], styles=styles) == ["正文。"]


@pytest.mark.parametrize("title,kept", [
    ("青岚县人民政府关于2023年度法治政府建设情况的报告", True),
    ("Microsoft Word - 法治政府建设情况报告.doc", False),
    ("2023年法治政府建设情况报告.docx", False),
    ("工作总结", False),
])
def test_core_title_hint_only_when_it_is_a_report_title(title, kept):
    raw = read(build_docx(para("正文。"), core_title=title))
    assert ("title" in raw.hints) == kept
    if kept:
        assert raw.hints["title"].value == title


# ---------------------------------------------------------------- errors

def _one_line_chinese(exc: InputError) -> None:
    assert "\n" not in exc.reason and any("\u4e00" <= c <= "\u9fff" for c in exc.reason)
    assert "Traceback" not in str(exc)


def test_zip_without_document_part():
    data = build_docx(para("正文。"), omit=("word/document.xml",))
    with pytest.raises(InputError) as info:
        read(data)
    assert info.value.code == "corrupt" and "document.xml" in info.value.reason
    _one_line_chinese(info.value)
    with pytest.raises(InputError) as info:  # through the loader too
        load_bytes(data, "report.docx")
    _one_line_chinese(info.value)


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87",  # truncated
    b"not xml at all",
    b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>',
])
def test_invalid_document_part(document):
    with pytest.raises(InputError) as info:
        load_bytes(build_docx("", document_xml=document), "report.docx")
    assert info.value.code == "corrupt"
    _one_line_chinese(info.value)


def test_document_without_text():
    with pytest.raises(InputError) as info:
        read(build_docx([para(), table([["", ""]]), para(content=deleted("已删除"))]))
    assert info.value.code == "empty"
    _one_line_chinese(info.value)


def test_cli_reports_a_broken_docx_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from auditor.cli import app

    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(build_docx("", document_xml=b"<w:document"))
    result = CliRunner().invoke(app, ["check", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "XML" in result.output
