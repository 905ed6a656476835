"""Plain text and Markdown in: encodings from the bytes, page junk out, metadata read with its place."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from auditor.ingest import InputError, load, load_bytes, load_text

REPORT = (
    "青岚县人民政府关于2023年度法治政府建设情况的报告\n\n"
    "2023年，青岚县坚持以习近平法治思想为指导，扎实推进法治政府建设，各项工作取得新进展。现将有关情况报告如下。\n\n"
    "一、2023年推进法治政府建设的主要举措和成效\n\n"
    "全面梳理权责清单，调整行政许可事项42项，政务服务事项网上可办率达98%。\n\n"
    "青岚县人民政府\n2024年3月12日\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_are_detected_from_the_bytes(tmp_path, encoding):
    data = REPORT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    path = tmp_path / "report.bin"  # the name says nothing about the content
    path.write_bytes(data)
    doc = load(path)
    assert doc.meta.value("title") == "青岚县人民政府关于2023年度法治政府建设情况的报告"
    assert doc.meta.value("date") == "2024-03-12"
    assert any("权责清单" in p.text for p in doc.paragraphs)


def test_portal_junk_is_stripped_and_its_metadata_read():
    page = (
        "当前位置：首页 > 政务公开 > 法治政府建设年度报告\n"
        "索 引 号：QL001/2024-00031\n"
        "发布机构：青岚县人民政府办公室\n"
        "成文日期：2024-03-12\n"
        "发布日期：2024-03-20\n"
        "字号：大 中 小\n"
        "今天是：2019年10月31日 星期三\n"
        + REPORT.replace("青岚县人民政府\n2024年3月12日\n", "")
        + "【打印】 【关闭】\n扫一扫在手机打开当前页\n分享到：\n"
        "主办单位：青岚县人民政府办公室  网站标识码：3300000001  ICP备案号：浙ICP备12345678号\n"
    )
    doc = load_text(page)
    body = "\n".join(p.text for p in doc.paragraphs)
    for junk in ("当前位置", "索 引 号", "字号", "今天是", "打印", "扫一扫", "分享到", "主办单位", "网站标识码"):
        assert junk not in body
    assert doc.meta.value("title") == "青岚县人民政府关于2023年度法治政府建设情况的报告"
    # No 落款 date: the 成文日期 of the metadata block wins over the 发布日期 and the stale widget.
    assert doc.meta.value("date") == "2024-03-12"
    assert doc.meta.date.source == "成文日期"
    assert doc.meta.value("published") == "2024-03-20"
    assert doc.meta.value("organ") == "青岚县人民政府"


def test_signature_date_wins_over_publication_date():
    text = "发布时间：2024-03-28 09:18\n" + REPORT
    doc = load_text(text)
    assert doc.meta.value("date") == "2024-03-12"
    assert doc.meta.date.source == "落款"
    assert doc.meta.value("published") == "2024-03-28"


def test_publication_date_is_used_when_nothing_else_exists():
    text = "来源：青岚县司法局 发布时间：2024-03-26 10:03\n" + REPORT.replace("青岚县人民政府\n2024年3月12日\n", "")
    assert load_text(text).meta.value("date") == "2024-03-26"


def test_chinese_numeral_signature_date():
    doc = load_text(REPORT.replace("2024年3月12日", "二〇二四年三月十二日"))
    assert doc.meta.value("date") == "2024-03-12"
    assert doc.meta.date.line == 10


def test_title_split_over_two_lines_is_joined():
    text = REPORT.replace("青岚县人民政府关于2023年度法治政府建设情况的报告", "青岚县人民政府关于2023年度法治政府建设\n情况的报告")
    doc = load_text(text)
    assert doc.meta.value("title") == "青岚县人民政府关于2023年度法治政府建设情况的报告"
    assert doc.meta.title.line == 1


@pytest.mark.parametrize("mark", ["（征求意见稿）", "(送审稿)", "【讨论稿】"])
def test_a_draft_mark_under_the_title_belongs_to_it(mark):
    doc = load_text(REPORT.replace("法治政府建设情况的报告\n", "法治政府建设情况的报告\n" + mark + "\n", 1))
    assert doc.meta.value("title") == "青岚县人民政府关于2023年度法治政府建设情况的报告" + mark
    assert mark not in "".join(p.text for p in doc.paragraphs)


def test_addressee_is_neither_title_nor_organ_and_year_comes_from_the_opening():
    text = "市委、市政府：\n" + REPORT.split("\n\n", 1)[1]
    doc = load_text(text)
    assert doc.meta.value("title") is None
    assert doc.meta.value("addressee") == "市委、市政府"
    assert doc.meta.value("organ") == "青岚县人民政府"
    assert doc.meta.value("year") == 2023
    assert doc.meta.year.source == "正文"


def test_organ_prefers_the_fuller_of_title_and_signature():
    text = REPORT.replace("青岚县人民政府关于", "青岚县关于").replace("青岚县人民政府\n2024", "青岚县人民政府\n2024")
    assert load_text(text).meta.value("organ") == "青岚县人民政府"


def test_year_without_title_is_inferred_from_the_date():
    text = "一、主要举措和成效\n\n全年审核规范性文件12件。\n\n青岚县人民政府\n2024年3月12日\n"
    doc = load_text(text)
    assert doc.meta.value("year") == 2023


def test_hard_wrapped_lines_are_rejoined_and_keep_their_line_numbers():
    body = ("全面梳理县级权责清单，调整行政许可事项四十二项，政务服务事项网上可办率达百分之九十八。推行告知承诺制，"
            "全年办理证照分离改革事项三百一十二件，新增经营主体一万二千户，企业开办时间压缩至一个工作日以内。") * 4
    wrapped = "\n".join(body[i:i + 30] for i in range(0, len(body), 30))
    doc = load_text("一、主要举措和成效\n" + wrapped + "\n")
    assert len(doc.paragraphs) == 2
    para = doc.paragraphs[1]
    assert para.text == body
    assert para.line_at(body.index("全年办理")) == 3


def test_runon_headings_are_split_where_the_numbering_continues():
    text = ("2023年，我区坚持依法行政。现将有关情况报告如下。一、深化放管服改革。全年调整事项42项。"
            "二、规范行政执法。全年办理案件860件，其中一、二级风险企业检查120次。三、存在的不足。执法力量不足。")
    doc = load_text(text)
    starts = [p.text[:2] for p in doc.paragraphs]
    assert starts == ["20", "一、", "二、", "三、"]


def test_markdown_is_read_with_heading_levels_and_source_lines():
    md = ("# 青岚县2023年度法治政府建设情况报告\n\n2023年，我县深入推进法治政府建设。\n\n"
          "## 一、主要举措和成效\n\n全年审核规范性文件**12件**，\n清理文件63件。\n\n1. 深化改革\n2. 规范执法\n\n"
          "| 指标 | 2022年 | 2023年 |\n|---|---|---|\n| 复议案件 | 70 | 77 |\n")
    doc = load_text(md)
    assert doc.format == "md"
    assert doc.meta.value("title") == "青岚县2023年度法治政府建设情况报告"
    heading = next(p for p in doc.paragraphs if p.text == "一、主要举措和成效")
    assert heading.heading_level == 2 and heading.line == 5
    joined = next(p for p in doc.paragraphs if "审核规范性文件" in p.text)
    assert joined.text == "全年审核规范性文件12件，清理文件63件。"
    assert joined.line_at(joined.text.index("清理")) == 8
    assert any(p.text == "1.深化改革" for p in doc.paragraphs)
    assert any("复议案件" in p.text and "77" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported"),
    (bytes(range(256)) * 20, "not_text"),
    ((b"\xe4\xb8\xad" * 20 + b"\n") * 5 + ("\u4e2d" * 20 + "\n").encode("gbk") * 5, "encoding"),
])
def test_bad_input_is_refused_with_a_reason(data, code):
    with pytest.raises(InputError) as info:
        load_bytes(data, "bad.txt")
    assert info.value.code == code
    assert info.value.reason and "\n" not in info.value.reason
    assert "bad.txt" in str(info.value)


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="文件夹"):
        load(tmp_path)


def test_unpunctuated_headings_of_similar_length_are_not_taken_for_a_hard_wrap():
    heads = ["一、强化法治思维，履行推进法治建设第一责任人职责", "二、严格落实一体化工作机制，协力统筹全面依法治市",
             "三、提高政府立法质效，着力完善依法行政制度规范体系", "四、加大规范政府行为力度，提升政府履职法治化水平",
             "五、有效化解社会矛盾纠纷，切实维护群众合法权益", "六、持续提升政务服务水平，加快法治化营商环境建设"]
    body = "全年办理行政复议案件86件，综合纠错率12.5%，行政机关负责人出庭应诉率100%，调解纠纷3120件。"
    parts = []
    for i, head in enumerate(heads):
        parts += [head, body[: 30 + i * 7] + "。"]
    doc = load_text("\n".join(parts) + "\n")
    assert [p.text for p in doc.paragraphs][::2] == heads


def test_a_report_on_one_run_on_line_keeps_its_title_headings_and_signature():
    text = ("溪口县人民政府关于2023年度法治政府建设情况的报告2023年，溪口县坚持依法行政，各项工作取得新进展。现将有关情况报告如下："
            "一、主要举措和成效。全年调整权责清单事项2136项，政务服务事项网上可办率达98.6%，企业开办时间压缩至1个工作日。"
            "二、存在的不足。乡镇执法力量薄弱，执法文书不够规范。三、2024年工作安排。推进乡镇执法规范化建设。"
            "溪口县人民政府2024年3月12日")
    doc = load_text(text)
    assert doc.meta.value("title") == "溪口县人民政府关于2023年度法治政府建设情况的报告"
    assert doc.meta.value("date") == "2024-03-12" and doc.meta.value("organ") == "溪口县人民政府"
    assert [p.text[:2] for p in doc.paragraphs] == ["20", "一、", "二、", "三、"]


@pytest.mark.parametrize("written,matched", [
    ("關於2023年度法治政府建設情況的報告", "关于2023年度法治政府建设情况的报告"),
    ("履行推進法治建設第一責任人職責", "履行推进法治建设第一责任人职责"),
    ("成效顯著", "成效显著"),  # 著 is also a simplified character: it stays
])
def test_traditional_characters_fold_to_simplified_one_for_one(written, matched):
    from auditor.textutil import fold

    folded = fold(written)
    assert len(folded) == len(written)
    assert folded == matched


def test_simplified_characters_are_left_as_they_are():
    from auditor.textutil import fold

    folder = Path(__file__).resolve().parents[1] / "reports"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    changed = {a for a, b in zip(text, fold(text)) if a != b and "\u4e00" <= a <= "\u9fff"}
    assert changed == set()


def test_markdown_bold_labels_before_chinese_text_lose_their_asterisks():
    """CommonMark leaves "**原因分析：**园区……" unclosed; the asterisks are no part of the report."""
    from auditor.ingest import load_bytes

    text = "# 某区2023年法治政府建设情况报告\n\n**存在的不足：**一是执法力量不足。\n\n**原因分析：**编制总量受控，新进人员少。\n"
    body = [p.text for p in load_bytes(text.encode(), "x.md").paragraphs]
    assert body == ["存在的不足：一是执法力量不足。", "原因分析：编制总量受控，新进人员少。"]


@pytest.mark.parametrize("page_title,title", [
    ("霁川市生态环境局2021年度法治政府建设情况报告 - 霁川市生态环境局", "霁川市生态环境局2021年度法治政府建设情况报告"),
    ("溪口县2023年法治政府建设年度报告_溪口县人民政府门户网站", "溪口县2023年法治政府建设年度报告"),
    ("关于2023年度法治政府建设情况的报告 | 青岚县司法局", "关于2023年度法治政府建设情况的报告"),
])
def test_the_sites_name_after_a_page_title_is_dropped(page_title, title):
    from auditor.ingest.assemble import clean_title

    assert clean_title(page_title) == title


@pytest.mark.parametrize("title", [
    "槐岭县人民政府2023年政府信息公开工作年度报告",
    "桤阳县市场监督管理局2022年度行政执法统计年报",
    "翠渠县人民政府县长2024年度述法报告",
])
def test_documents_sent_in_place_of_the_report_keep_their_titles(title):
    doc = load_text(title + "\n\n根据有关规定，现将本年度有关情况报告如下。全年办理各类事项120件，组织检查16次。\n")
    assert doc.meta.value("title") == title


def test_a_content_summary_field_is_metadata_not_the_title():
    from auditor.ingest import load_bytes

    page = ("<html><body><ul class='meta'><li>发布机构：溪口县司法局</li><li>内容概述：溪口县司法局2024年法治政府建设年度报告</li></ul>"
            "<div class='art'><h2>溪口县司法局2024年法治政府建设年度报告</h2><p>" + "全年审核规范性文件19件。" * 20 + "</p></div>"
            "<table><tr><td class='rel'>相关链接：<a>溪口县司法局2023年法治政府建设年度报告</a>（2024-02-23）</td></tr></table>"
            "</body></html>")
    doc = load_bytes(page.encode(), "x.html")
    assert doc.meta.value("title") == "溪口县司法局2024年法治政府建设年度报告"
    assert not any("2023年" in p.text for p in doc.paragraphs)
