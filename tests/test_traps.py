"""Look-alikes that must not count, on project-written report fragments (requirements.md, corpus traps)."""

from __future__ import annotations

from conftest import present, statuses

HEAD = "青岚县人民政府关于2023年度法治政府建设情况的报告\n\n2023年，青岚县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。\n\n"
MEASURES = (
    "一、2023年推进法治政府建设的主要举措和成效\n\n"
    "（一）依法全面履行政府职能。全面梳理县级权责清单，调整行政许可事项38项，政务服务事项网上可办率达到97%。"
    "推行告知承诺制，全年办理证照分离改革事项312件。\n\n"
    "（二）严格规范公正文明执法。落实行政执法公示制度，在县政府网站公示执法主体43个、执法人员1180名，"
    "行政处罚决定7个工作日内公开。为执法队伍配备执法记录仪96台，对现场检查全程音像记录。"
    "制定重大执法决定法制审核目录清单，全年审核重大执法决定41件。\n\n"
    "（三）依法化解矛盾纠纷。全年办理行政复议案件77件，综合纠错率11.7%；人民调解组织调解纠纷2860件，调解成功率98.1%。\n\n"
)
FRP = ("二、党政主要负责人履行推进法治建设第一责任人职责情况\n\n"
       "县长认真履行推进法治建设第一责任人职责，全年主持召开县政府常务会议4次专题研究法治政府建设，"
       "听取县司法局工作汇报2次，坚持会前学法12次，带头出庭应诉1次。\n\n")
SHORT = ("三、存在的不足和原因\n\n"
         "一是乡镇综合执法队伍专业化水平不高；二是规范性文件后评估工作开展不够。"
         "究其原因，主要是基层法治工作力量配备不足，培训针对性不强。\n\n")
PLANS = ("四、2024年推进法治政府建设的主要安排\n\n"
         "一是深入学习贯彻习近平法治思想，制定2024年法治政府建设工作要点；二是严格落实重大行政决策程序；"
         "三是开展行政执法质量提升行动；四是加强行政复议规范化建设。\n\n")
SIGN = "青岚县人民政府\n2024年3月12日\n"


def test_complete_fragment_has_every_part(audit_text):
    got = statuses(audit_text(HEAD + MEASURES + FRP + SHORT + PLANS + SIGN))
    # The fragment's measures are short: present, but only partial credit.
    assert got["part.measures"] == "partial"
    for rule in ("part.first_responsible", "part.shortcomings", "part.reasons", "part.next_year",
                 "enforcement.publicity", "enforcement.recording", "enforcement.legal_review"):
        assert got[rule] == "pass", rule


def test_safety_first_responsible_and_river_chief_are_not_frp(audit_text):
    traps = ("二、压实安全生产责任\n\n督促全县道路运输企业主要负责人切实履行安全生产第一责任人职责，"
             "县长作为总河长全面推行河长制，全年巡河32次，开展安全检查120次。\n\n")
    got = statuses(audit_text(HEAD + MEASURES + traps + SHORT + PLANS + SIGN))
    assert got["part.first_responsible"] == "fail"


def test_solving_the_publics_problems_is_not_a_shortcoming(audit_text):
    measures = MEASURES + ("（四）畅通信访渠道。及时解决群众反映的问题，全年办结信访事项1426件，"
                           "对排查发现的问题逐项整改销号。\n\n")
    got = statuses(audit_text(HEAD + measures + FRP + PLANS + SIGN))
    assert got["part.shortcomings"] == "fail"
    assert got["part.reasons"] == "fail"


def test_next_step_inside_measures_paragraph_is_not_a_plan(audit_text):
    measures = MEASURES.replace("调解成功率98.1%。",
                                "调解成功率98.1%。下一步将继续深化“枫桥经验”，推动矛盾纠纷源头化解。")
    got = statuses(audit_text(HEAD + measures + FRP + SHORT + SIGN))
    assert got["part.next_year"] == "fail"


def test_reason_word_in_a_measures_sentence_is_not_a_reasons_analysis(audit_text):
    measures = MEASURES + "（四）规范行政应诉。对败诉案件逐案剖析败诉原因，形成问题清单。\n\n"
    short = "三、存在的不足和原因\n\n一是乡镇综合执法队伍专业化水平不高；二是规范性文件后评估工作开展不够。\n\n"
    got = statuses(audit_text(HEAD + measures + FRP + short + PLANS + SIGN))
    assert got["part.shortcomings"] == "pass"
    assert got["part.reasons"] == "fail"


def test_only_generic_three_systems_is_partial(audit_text):
    measures = ("一、2023年推进法治政府建设的主要举措和成效\n\n"
                "（一）严格规范公正文明执法。严格落实行政执法“三项制度”，全年办理行政处罚案件860件，"
                "修订行政处罚裁量基准，行政执法人员持证上岗率100%。\n\n")
    got = statuses(audit_text(HEAD + measures + FRP + SHORT + PLANS + SIGN))
    for rule in ("enforcement.publicity", "enforcement.recording", "enforcement.legal_review"):
        assert got[rule] == "partial", rule


def test_non_substitutes_do_not_count_as_enforcement_systems(audit_text):
    measures = ("一、2023年推进法治政府建设的主要举措和成效\n\n"
                "（一）推进依法决策。落实行政决策全过程记录和材料归档制度，全年重大行政决策12项全部进行合法性审查；"
                "严格规范性文件合法性审核，审核文件19件。\n\n"
                "（二）规范执法。落实行政执法责任制，修订行政处罚裁量基准，健全行政执法与刑事司法衔接机制；"
                "企业信息通过国家企业信用信息公示系统公示。\n\n")
    got = statuses(audit_text(HEAD + measures + FRP + SHORT + PLANS + SIGN))
    for rule in ("enforcement.publicity", "enforcement.recording", "enforcement.legal_review"):
        assert got[rule] == "fail", rule


def test_systems_named_only_in_the_plans_do_not_count(audit_text):
    plans = PLANS + "2024年将全面落实执法全过程记录制度，为执法队伍配备执法记录仪。\n\n"
    measures = MEASURES.replace("为执法队伍配备执法记录仪96台，对现场检查全程音像记录。", "")
    got = statuses(audit_text(HEAD + measures + FRP + SHORT + plans + SIGN))
    assert got["enforcement.recording"] == "fail"


def test_problems_under_a_reasons_heading_are_not_an_analysis(audit_text):
    short = "三、存在的问题及原因\n\n一是执法力量不足；二是合法性审查覆盖面不够；三是普法形式单一。\n\n"
    got = statuses(audit_text(HEAD + MEASURES + FRP + short + PLANS + SIGN))
    assert present(got["part.shortcomings"])
    assert got["part.reasons"] == "fail"


def test_a_generic_leader_sentence_inside_measures_is_partial_frp(audit_text):
    measures = MEASURES + ("（四）加强组织保障。县政府主要领导高度重视法治政府建设，严格落实第一责任人责任，"
                           "及时研究解决法治建设中的重大问题。\n\n")
    got = statuses(audit_text(HEAD + measures + SHORT + PLANS + SIGN))
    assert got["part.first_responsible"] == "partial"
