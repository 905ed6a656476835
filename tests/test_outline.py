"""The heading grammar, the section tree and the classification into section kinds."""

from __future__ import annotations

import pytest

from auditor.ingest import load_text
from auditor.outline import build_outline, detect_heading


@pytest.mark.parametrize("text,style,title,run_in", [
    ("一、2023年推进法治政府建设的主要举措和成效", "cn", "2023年推进法治政府建设的主要举措和成效", False),
    ("一. 依法全面履行政府职能", "cn", "依法全面履行政府职能", False),
    ("一．依法全面履行政府职能", "cn", "依法全面履行政府职能", False),
    ("（一）依法全面履行政府职能", "pcn", "依法全面履行政府职能", False),
    ("(一)依法全面履行政府职能", "pcn", "依法全面履行政府职能", False),
    ("1.强化合法性审核。严把文件合法性关口，全年审核文件19件。", "num", "强化合法性审核", True),
    ("1、加强规范性文件管理", "num", "加强规范性文件管理", False),
    ("1. 加强规范性文件管理", "num", "加强规范性文件管理", False),
    ("（1）履行第一责任人职责.局长认真履行推进法治建设第一责任人职责.", "pnum", "履行第一责任人职责", True),
    ("① 规范权责运行。对照清单梳理事项96项。", "circ", "规范权责运行", True),
    ("第一部分 2018年法治政府建设主要工作", "part", "2018年法治政府建设主要工作", False),
    ("一、依法全面履行政府职能。一是及时调整行政权力清单。", "cn", "依法全面履行政府职能", True),
])
def test_heading_grammar(text, style, title, run_in):
    head = detect_heading(text)
    assert head is not None
    assert (head.style, head.title) == (style, title)
    assert (head.body_start < len(text)) == run_in


@pytest.mark.parametrize("text", [
    "2023年，我县坚持以习近平法治思想为指导。",
    "1.涉及行政改革、行政体制的制度化进程还需加快，应积极探索创新行政管理的方式方法，并特别注重程序精简和效率提升。",
    "一是加强学习。组织集体学法8次。",  # an item, not a heading
    "12月，出台了实施方案。",
    "4.7%的事项实现全程网办。",
])
def test_not_headings(text):
    assert detect_heading(text) is None


def _outline(text, pack):
    return build_outline(load_text(text), pack.section_kinds)


def _kinds(outline):
    return [(s.title, s.kinds, s.kind_source) for s in outline.sections[1:]]


def test_nesting_follows_the_order_styles_appear(pack):
    text = ("一、主要举措和成效\n（一）依法履职\n1.深化改革\n全年调整事项42项。\n2.优化服务\n办件12万件。\n"
            "（二）规范执法\n落实三项制度。\n二、存在的问题\n执法力量不足。\n")
    sections = _outline(text, pack).sections
    by_title = {s.title: s for s in sections[1:]}
    assert by_title["依法履职"].parent == by_title["主要举措和成效"].id
    assert by_title["深化改革"].parent == by_title["依法履职"].id
    assert by_title["优化服务"].parent == by_title["依法履职"].id
    assert by_title["规范执法"].parent == by_title["主要举措和成效"].id
    assert by_title["存在的问题"].parent == 0


def test_outline_area_reports_are_measures_until_the_tail(pack):
    text = ("一、依法全面履行政府职能。全年调整事项42项。\n二、完善依法行政制度体系。审核文件19件。\n"
            "三、存在的不足和原因。执法力量不足。究其原因，编制偏紧。\n四、2024年工作安排。我县将深化改革。\n")
    kinds = _kinds(_outline("青岚县人民政府关于2023年度法治政府建设情况的报告\n" + text, pack))
    assert kinds[0] == ("依法全面履行政府职能", ("measures",), "position")
    assert kinds[1][1] == ("measures",)
    assert set(kinds[2][1]) == {"shortcomings", "reasons"}
    assert kinds[3][1] == ("next_year",)


@pytest.mark.parametrize("heading,kinds", [
    ("一、2023年推进法治政府建设的主要举措和成效", {"measures"}),
    ("一、工作开展情况", {"measures"}),
    ("二、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况", {"first_responsible"}),
    ("一、区政府主要负责同志履行推进法治建设第一责任人职责情况", {"first_responsible"}),
    ("三、存在的不足和原因", {"shortcomings", "reasons"}),
    ("三、工作中存在的不足", {"shortcomings"}),
    ("第二部分 存在的主要问题", {"shortcomings"}),
    ("二、短板弱项", {"shortcomings"}),
    ("四、2024年推进法治政府建设的主要安排", {"next_year"}),
    ("四、下一年度主要工作安排", {"next_year"}),
    ("六、下步工作谋划", {"next_year"}),
    ("三、2024年工作思路", {"next_year"}),
    ("五、其他需要报告的情况", {"other"}),
])
def test_top_level_heading_classification(heading, kinds, pack):
    text = f"青岚县人民政府关于2023年度法治政府建设情况的报告\n{heading}\n正文内容，全年办结事项12件。\n"
    sections = _outline(text, pack).sections
    assert set(sections[1].kinds) == kinds


@pytest.mark.parametrize("heading", ["（一）聚焦突出问题开展专项整治", "（二）抓好督察反馈问题整改", "（三）补齐短板",
                                     "（四）制定年度工作计划"])
def test_look_alike_sub_headings_stay_measures(heading, pack):
    text = f"一、主要举措和成效\n{heading}\n全年整改问题12个。\n"
    assert _outline(text, pack).sections[2].kinds == ("measures",)


def test_frp_sub_heading_and_item_inside_measures_but_not_inside_plans(pack):
    text = ("一、主要举措和成效\n（一）切实履行法治建设第一责任人职责\n县长主持召开常务会议4次。\n"
            "（二）规范执法。全面推行三项制度。二是扛牢法治建设第一责任人职责。局长带头述法。\n"
            "二、2024年工作安排\n（一）持续落实党政主要负责人法治建设第一责任人制度\n加强部署。\n")
    outline = _outline("青岚县人民政府关于2023年度法治政府建设情况的报告\n" + text, pack)
    frp = [s for s in outline.sections if "first_responsible" in s.kinds]
    assert [s.title for s in frp] == ["切实履行法治建设第一责任人职责", "扛牢法治建设第一责任人职责"]
    plan_child = next(s for s in outline.sections if s.title and s.title.startswith("持续落实"))
    assert plan_child.kinds == ("next_year",)


def test_unheaded_tail_paragraph_is_split_into_its_parts(pack):
    text = ("青岚县人民政府关于2023年度法治政府建设情况的报告\n"
            "一、依法全面履行政府职能。全年调整事项42项。\n二、加强组织领导。县政府常务会议研究法治建设4次。\n"
            "2023年，我县法治政府建设取得一定成效，但也存在一些问题和不足，如执法力量不足。"
            "究其原因，主要是编制偏紧。2024年，我县将重点做好以下工作：一是深化改革；二是规范执法。\n")
    outline = _outline(text, pack)
    virtual = [(s.kinds, s.kind_source) for s in outline.sections if s.virtual]
    assert virtual == [(("shortcomings",), "content"), (("reasons",), "content"), (("next_year",), "content")]


def test_headings_without_numbering_are_recognised_when_they_name_a_part(pack):
    """Copies from WeChat or web editors lose the numbering: 主要举措和成效 on its own line."""
    text = ("溪口县人民政府关于2023年度法治政府建设情况的报告\n2023年，我县坚持依法行政。现将有关情况报告如下：\n"
            "主要举措和成效\n全年审核规范性文件19件，办理行政复议案件86件。\n"
            "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况\n县长主持召开常务会议4次。\n"
            "存在的不足和原因\n执法力量不足。究其原因，编制偏紧。\n2024年工作安排\n推进执法规范化建设。\n")
    sections = _outline(text, pack).sections[1:]
    assert [(s.style, s.kinds[0]) for s in sections] == [
        ("bare", "measures"), ("bare", "first_responsible"), ("bare", "reasons"), ("bare", "next_year")]
    assert all(s.parent == 0 for s in sections)


def test_a_closing_numbered_list_that_opens_with_next_years_plans_is_the_plans(pack):
    """No heading names the plans: they are the last numbered list, under the last measures."""
    text = ("芦滨乡人民政府关于2021年度法治政府建设情况的报告\n一、规范执法\n全年开展执法检查96次。\n"
            "二、化解矛盾纠纷\n调处矛盾纠纷212件。\n"
            "1.持续抓好学法用法。2022年，乡政府将继续坚持会前学法制度。\n"
            "2.提升执法能力。推动联合执法，全年培训不少于40学时。\n"
            "3.深化基层依法治理。力争创建示范村1个。\n芦滨乡人民政府\n2022年1月\n")
    sections = _outline(text, pack).sections[1:]
    kinds = [(s.title, s.kinds[0]) for s in sections]
    assert kinds == [("规范执法", "measures"), ("化解矛盾纠纷", "measures"), ("持续抓好学法用法", "next_year"),
                     ("提升执法能力", "next_year"), ("深化基层依法治理", "next_year")]


def test_a_numbered_measures_list_at_the_end_stays_measures(pack):
    text = ("芦滨乡人民政府关于2021年度法治政府建设情况的报告\n一、规范执法\n全年开展执法检查96次。\n"
            "二、化解矛盾纠纷\n1.健全调解网络。全年调处矛盾纠纷212件。\n"
            "2.开展排查。2021年，乡政府将矛盾排查纳入网格管理。\n")
    sections = _outline(text, pack).sections[1:]
    assert {s.kinds[0] for s in sections} == {"measures"}


def test_a_bare_month_under_the_signature_is_not_a_heading(pack):
    text = ("芷阳市人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年审核文件19件。\n"
            "二、存在的不足和原因\n执法力量不足。究其原因，编制偏紧。\n芷阳市人民政府\n2024年3月\n")
    sections = _outline(text, pack).sections[1:]
    assert [s.kinds[0] for s in sections] == ["measures", "reasons"]


def test_headings_that_lost_their_numbers_are_found_by_their_layout(pack):
    """Word's auto-numbering lost on copying: every heading a short bare line between paragraphs."""
    body = "全年办理相关事项120件，组织专项检查16次，整改问题43个，群众满意度达到98.5%，工作成效明显。\n"
    text = ("芦滨乡人民政府2020年度法治政府建设工作情况报告\n2020年，我乡坚持依法行政。现将有关情况报告如下。\n"
            "依法履行乡政府职能\n" + body + "推进依法科学民主决策\n" + body + "规范综合行政执法\n" + body +
            "面临的困难和挑战\n执法力量不足，原因主要在于编制偏紧、专业人员少。\n")
    sections = _outline(text, pack).sections[1:]
    assert [(s.title, s.kinds[0]) for s in sections] == [
        ("依法履行乡政府职能", "measures"), ("推进依法科学民主决策", "measures"), ("规范综合行政执法", "measures"),
        ("面临的困难和挑战", "shortcomings")]


def test_two_short_lines_are_not_yet_a_layout_of_headings(pack):
    body = "全年办理相关事项120件，组织专项检查16次，整改问题43个，群众满意度达到98.5%，工作成效明显。\n"
    text = ("芦滨乡人民政府2020年度法治政府建设工作情况报告\n依法履行乡政府职能\n" + body + "规范综合行政执法\n" + body)
    assert [s.title for s in _outline(text, pack).sections[1:]] == []


def test_an_item_among_next_years_plans_is_a_plan_not_the_leaders_duties(pack):
    text = ("樨源县教育局2025年法治政府建设情况报告\n一、依法履职尽责\n全年办理建议14件。\n"
            "2025年，我局虽然取得了一定成效，但仍有一些还需改进的地方：一是部分学校依法治校意识不够强；"
            "二是执法力量不足。2026年，我局将继续把依法治教摆在突出位置：一是持续压实法治建设责任，"
            "推动学校校长履行依法治校第一责任；二是加强教师法治培训。\n")
    sections = _outline(text, pack).sections
    assert [s.kinds for s in sections if s.virtual] == [("shortcomings",), ("next_year",)]
    assert not any("first_responsible" in s.kinds for s in sections)
