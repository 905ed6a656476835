"""Quality checks beyond the checklist (auditor/checks/): each triggers on a sample that has the
defect and stays quiet on one that does not."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.ingest import load, load_text
from auditor.pipeline import audit_document
from conftest import REPORTS, SHARED, statuses

runner = CliRunner()
TITLE = "溪口县人民政府关于2023年度法治政府建设情况的报告\n"
SIGN = "溪口县人民政府\n2024年3月12日\n"
MEASURES = ("一、2023年推进法治政府建设的主要举措和成效\n"
            "（一）深化放管服改革。调整县级权责清单事项2136项，推行告知承诺制事项89项，政务服务事项网上可办率达98.6%。\n"
            "（二）规范行政执法。全年办理行政处罚案件1320件，组织案卷评查2次，评查案卷210卷，整改问题46个。\n"
            "（三）化解矛盾纠纷。办理行政复议案件91件，纠错率13.2%；调解纠纷3865件，调解成功率98.4%。\n")
FRP = ("二、党政主要负责人履行推进法治建设第一责任人职责情况\n县长主持召开县政府常务会议5次专题研究法治政府建设，"
       "听取工作汇报2次，坚持会前学法13次，带头出庭应诉1次。\n")
SHORT = ("三、存在的不足和原因\n一是乡镇综合执法队伍专业化水平不高，评查发现不规范案卷23卷；"
         "二是村级合同合法性审查覆盖不全。究其原因，主要是基层法治力量配备不足。\n")
PLANS = ("四、2024年推进法治政府建设的主要安排\n一是开展乡镇综合执法人员轮训，规范执法案卷；"
         "二是推动村级合同合法性审查全覆盖；三是充实基层法治力量。\n")


def _status(text, rule, previous=None):
    card = audit_document(load_text(text), pack=_pack(),
                          previous=load_text(previous) if previous else None)
    return statuses(card)[rule], next(f for f in card.findings if f.rule == rule)


def _pack():
    from auditor.packs import load_pack

    return load_pack()


CLEAN = TITLE + MEASURES + FRP + SHORT + PLANS + SIGN


@pytest.mark.parametrize("rule", ["quality.duplicates", "quality.placeholders", "quality.numbering",
                                  "quality.shortcomings_specific", "quality.plans_linked", "quality.document_type",
                                  "form.years", "form.timeliness"])
def test_a_clean_report_passes_every_quality_check(rule):
    assert _status(CLEAN, rule)[0] == "pass"


def test_measures_copied_into_the_plans_are_found_with_both_places():
    copied = PLANS.rstrip("\n") + "\n调整县级权责清单事项2136项，推行告知承诺制事项89项，政务服务事项网上可办率达98.6%。\n"
    status, finding = _status(TITLE + MEASURES + FRP + SHORT + copied + SIGN, "quality.duplicates")
    assert status == "fail"
    assert {e.line for e in finding.evidence} == {3, 12}


def test_placeholders_are_found():
    text = CLEAN.replace("组织案卷评查2次", "联合县××局组织案卷评查XX次").replace("调解纠纷3865件", "调解纠纷【此处填写数字】件")
    status, finding = _status(text, "quality.placeholders")
    assert status == "fail" and "××" in finding.message and "【此处填写数字】" in finding.message


def test_numbering_gap_and_disorder_are_found():
    gap = CLEAN.replace("（三）化解矛盾纠纷", "（四）化解矛盾纠纷")
    status, finding = _status(gap, "quality.numbering")
    assert status == "fail" and "缺少序号 3" in finding.message
    disorder = CLEAN.replace("（二）规范行政执法", "（三）规范行政执法").replace("（三）化解矛盾纠纷", "（二）化解矛盾纠纷")
    assert _status(disorder, "quality.numbering")[0] == "fail"


def test_year_inconsistencies_are_flagged():
    wrong_plans = CLEAN.replace("四、2024年推进法治政府建设的主要安排", "四、2023年工作安排")
    status, finding = _status(wrong_plans, "form.years")
    assert status == "fail" and "应为 2024 年" in finding.message
    wrong_measures = CLEAN.replace("一、2023年推进", "一、2022年推进")
    assert _status(wrong_measures, "form.years")[0] == "fail"


def test_timeliness_follows_the_profile_deadline():
    from auditor.packs import load_pack

    late_for_departments = CLEAN.replace("2024年3月12日", "2024年3月20日")
    government = statuses(audit_document(load_text(late_for_departments), pack=load_pack()))
    department = statuses(audit_document(load_text(late_for_departments), pack=load_pack(None, "department")))
    assert government["form.timeliness"] == "pass" and department["form.timeliness"] == "fail"
    assert _status(CLEAN.replace("2024年3月12日", "2024年4月2日"), "form.timeliness")[0] == "fail"
    assert _status(CLEAN.replace("2024年3月12日", "2023年12月20日"), "form.timeliness")[0] == "fail"


def test_stock_phrase_shortcomings_are_flagged():
    generic = CLEAN.replace(SHORT, "三、存在的不足和原因\n一是依法行政意识有待提高；二是工作力度还需加强；"
                                   "三是宣传还不够到位。究其原因，主要是重视不够。\n")
    status, finding = _status(generic, "quality.shortcomings_specific")
    assert status == "fail" and "套话" in finding.message


def test_plans_that_ignore_the_shortcomings_are_flagged_with_a_table():
    unrelated = CLEAN.replace(PLANS, "四、2024年推进法治政府建设的主要安排\n一是深化营商环境改革；二是推进数字政府建设。\n")
    status, finding = _status(unrelated, "quality.plans_linked")
    assert status == "fail"
    assert finding.table is not None and all(row[1] == "未见对应安排" for row in finding.table.rows)


def test_low_data_density_is_flagged():
    vague = CLEAN.replace(FRP, "").replace(MEASURES, "一、2023年推进法治政府建设的主要举措和成效\n" + (
        "深化放管服改革，政务服务水平不断提升，营商环境持续优化。坚持严格规范公正文明执法，执法规范化水平明显提高。"
        "加强行政复议和应诉工作，矛盾纠纷化解成效明显。深入开展普法宣传，全社会法治意识不断增强。\n") * 2)
    assert _status(vague, "quality.data")[0] == "fail"
    assert _status(CLEAN, "quality.data")[0] == "pass"


@pytest.mark.parametrize("title,body", [
    ("溪口县人民政府2023年政府信息公开工作年度报告",
     "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"),
    ("溪口县司法局2023年行政执法数据统计公开", "一、行政执法基本情况\n全年行政处罚案件1320件，行政许可12560件。\n"),
    ("县长2023年度述法报告", "本人认真履行推进法治建设第一责任人职责，现将述法情况报告如下。\n"),
])
def test_other_document_types_are_recognised(title, body):
    status, finding = _status(title + "\n" + body, "quality.document_type")
    assert status == "fail" and "看起来是" in finding.message


def test_previous_year_checks_are_not_applicable_without_last_years_report():
    for rule in ("previous.reused", "previous.follow_through", "previous.repeated_shortcomings"):
        assert _status(CLEAN, rule)[0] == "not_applicable"


LAST_YEAR = ("溪口县人民政府关于2022年度法治政府建设情况的报告\n一、2022年推进法治政府建设的主要举措和成效\n"
             "全年办理行政复议案件84件，调解纠纷3510件。\n" + SHORT +
             "四、2023年推进法治政府建设的主要安排\n一是开展乡镇综合执法人员全员轮训，全年培训不少于6期；"
             "二是建成县级行政执法监督平台，实现执法数据实时汇聚；三是推进公共法律服务中心标准化建设。\n"
             "溪口县人民政府\n2023年3月10日\n")


def test_against_last_year_reuse_repetition_and_follow_through():
    status, finding = _status(CLEAN, "previous.repeated_shortcomings", previous=LAST_YEAR)
    assert status == "fail"
    reused, _ = _status(CLEAN, "previous.reused", previous=LAST_YEAR)
    assert reused == "fail"  # the shortcomings paragraph is last year's, word for word
    status, finding = _status(CLEAN, "previous.follow_through", previous=LAST_YEAR)
    assert status == "fail" and finding.table is not None
    assert [row[1] for row in finding.table.rows] == ["未见落实", "未见落实", "未见落实"]
    followed = CLEAN.replace("（三）化解矛盾纠纷。", "（三）化解矛盾纠纷。开展乡镇综合执法人员全员轮训7期；建成县级行政执法监督平台，"
                                                  "执法数据实时汇聚；公共法律服务中心全部达到标准化建设要求。")
    status, finding = _status(followed, "previous.follow_through", previous=LAST_YEAR)
    assert status == "pass" and all(row[1] == "有落实痕迹" for row in finding.table.rows)


def test_check_with_previous_prints_the_follow_through_table(tmp_path):
    this_year, last_year = tmp_path / "2023.txt", tmp_path / "2022.txt"
    this_year.write_text(CLEAN, encoding="utf-8")
    last_year.write_text(LAST_YEAR, encoding="utf-8")
    result = runner.invoke(app, ["check", str(this_year), "--previous", str(last_year)])
    assert "上一年度安排的落实情况" in result.output and "未见落实" in result.output
    assert "与上一年度报告的表述相同" in result.output
    both = runner.invoke(app, ["check", str(this_year), str(REPORTS), "--previous", str(last_year)])
    assert both.exit_code == 2


def test_the_seeds_known_defects_are_found():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is absent")
    seed0 = statuses(audit_document(load(SHARED / "seeds" / "000_acd7748c66707fed.txt"), pack=_pack()))
    assert seed0["form.timeliness"] == "fail"  # dated 2020-09-29, inside the reported year
    assert seed0["quality.duplicates"] == "fail"  # 2020 measures repeated in the 2021 plans
    card1 = audit_document(load(SHARED / "seeds" / "001_67f9df3a2b388bff.txt"), pack=_pack())
    numbering = next(f for f in card1.findings if f.rule == "quality.numbering")
    assert numbering.status == "fail" and "缺少序号 5" in numbering.message


RESTATED = ("三、存在的问题及原因分析\n（一）存在的问题\n一是乡镇综合执法队伍专业化水平不高，执法案卷质量偏低。"
            "二是村级合同合法性审查覆盖不全，部分村没有法律顾问。\n（二）原因分析\n"
            "一是乡镇综合执法队伍专业化水平不够高，执法案卷质量不高。二是村级合同合法性审查还没有全覆盖，部分村缺少法律顾问。\n")
EXPLAINED = RESTATED.replace("一是乡镇综合执法队伍专业化水平不够高，执法案卷质量不高。二是村级合同合法性审查还没有全覆盖，部分村缺少法律顾问。",
                             "乡镇执法人员多从其他岗位转岗，编制总量受控，新进人员少；村级组织经费紧张，聘请法律顾问的费用没有保障。")


def test_a_reasons_part_that_restates_the_shortcomings_is_no_analysis():
    status, finding = _status(TITLE + MEASURES + FRP + RESTATED + PLANS + SIGN, "part.reasons")
    assert status == "fail"
    status, finding = _status(TITLE + MEASURES + FRP + EXPLAINED + PLANS + SIGN, "part.reasons")
    assert status == "pass" and finding.message == "单列了原因分析"


def test_a_labelled_reasons_paragraph_inside_a_combined_section_is_the_reasons_part():
    text = ("三、存在的不足和原因\n存在的不足：一是乡镇综合执法队伍专业化水平不高；二是村级合同合法性审查覆盖不全。\n"
            "原因分析：乡镇执法人员多从其他岗位转岗，编制总量受控，新进人员少；村级组织经费紧张，聘请法律顾问的费用没有保障。\n")
    status, finding = _status(TITLE + MEASURES + FRP + text + PLANS + SIGN, "part.reasons")
    assert status == "pass" and finding.evidence[0].quote.startswith("原因分析")


def test_reasons_told_as_a_story_after_the_shortcomings_are_partial_not_missing():
    story = ("三、差距和不足\n一是综合行政执法质量不够高，执法案卷优良率为76%；二是社区依法治理能力偏弱。\n"
             "街道综合行政执法队在编人员仅11名，却要承担12个社区的日常巡查任务，队员大部分精力被热线诉求办理占用，"
             "用于案件调查和业务学习的时间被严重挤压，案卷质量难以提升。\n")
    status, finding = _status(TITLE + MEASURES + FRP + story + PLANS + SIGN, "part.reasons")
    assert status == "partial" and "成因" in finding.message
    listed_only = story.split("街道综合")[0] + "下一步，我们将认真研究，切实加以解决。\n"
    assert _status(TITLE + MEASURES + FRP + listed_only + PLANS + SIGN, "part.reasons")[0] == "fail"


NOTICE = ("溪口县人民政府办公室关于印发《溪口县2025年法治政府建设工作要点》的通知\n\n各乡镇人民政府，县政府各部门：\n\n"
          "《溪口县2025年法治政府建设工作要点》已经县人民政府同意，现印发给你们，请认真贯彻落实。\n\n"
          "溪口县人民政府办公室\n2025年2月10日\n\n溪口县2025年法治政府建设工作要点\n\n一、加强党对法治政府建设的领导\n"
          "1．压实法治建设第一责任人职责。县政府主要负责同志要切实履行推进法治建设第一责任人职责，全年主持召开常务会议"
          "专题研究法治政府建设不少于2次，带头出庭应诉、带头述法。（牵头单位：县司法局）\n"
          "2．严格落实行政执法三项制度。全面推行行政执法公示制度，在门户网站公示执法主体和执法人员信息；落实执法全过程记录"
          "制度，配备执法记录仪不少于100台；落实重大执法决定法制审核制度，制定法制审核目录清单。（牵头单位：县司法局）\n"
          "3．规范行政决策。编制重大行政决策事项目录，年内公布不少于5项。（牵头单位：县政府办公室）\n")


def test_a_notice_issuing_a_work_plan_reports_nothing_done():
    card = audit_document(load_text(NOTICE), pack=_pack())
    got = statuses(card)
    assert {r: got[r] for r in ("part.measures", "part.first_responsible", "enforcement.publicity",
                                "enforcement.recording", "enforcement.legal_review", "quality.document_type")} == {
        "part.measures": "fail", "part.first_responsible": "fail", "enforcement.publicity": "fail",
        "enforcement.recording": "fail", "enforcement.legal_review": "fail", "quality.document_type": "fail"}
    measures = next(f for f in card.findings if f.rule == "part.measures")
    assert "工作方案" in measures.message
    meta = card.document.meta
    assert meta.value("title").endswith("工作要点》的通知")
    assert (meta.value("organ"), meta.value("date")) == ("溪口县人民政府办公室", "2025-02-10")


def test_a_report_that_mentions_issuing_its_plan_is_still_a_report():
    text = TITLE + MEASURES.replace("（三）", "（三）年初印发《溪口县2023年法治政府建设工作要点》，将38项任务分解到各部门和各乡镇，"
                                    "每季度调度一次。（四）") + FRP + SHORT + PLANS + SIGN
    assert _status(text, "part.measures")[0] != "fail"
    assert _status(text, "quality.document_type")[0] == "pass"


def test_reasons_headed_by_stock_verdicts_are_no_analysis():
    text = ("三、存在的问题及原因\n（一）存在的问题\n1.部分干部法治意识不强，运用法治方式解决问题的能力不足。\n"
            "2.普法宣传形式较为单一，群众参与积极性不高。\n（二）原因分析\n"
            "1.干部法治素养有待提高。部分干部对法治政府建设重视不够。\n2.普法方式方法有待创新。普法工作仍以传统方式为主。\n")
    status, finding = _status(TITLE + MEASURES + FRP + text + PLANS + SIGN, "part.reasons")
    assert status == "fail" and "有待提高" in finding.message


def test_a_system_named_only_as_missing_is_not_in_place():
    short = ("三、存在的不足和原因\n一是执法装备配备严重不足，全局至今没有配备执法记录仪，执法全过程记录制度尚未建立；"
             "二是执法人员不足。究其原因，主要是经费保障不到位。\n")
    status, _ = _status(TITLE + MEASURES + FRP + short + PLANS + SIGN, "enforcement.recording")
    assert status == "fail"
