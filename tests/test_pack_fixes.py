"""Pack-authoring bugs found while writing docs/rule-packs.md, one test (or a few) per bug.

1 settings.deadline validated · 2 check params validated · 3 numbers `units` · 4 `^`/`$` per
sentence · 5 section `min: 0` · 6 checklist names · 7 disabled rules in pack tests · 8 `waived`
in pack tests · 9 file:line for disable/overrides · 10 rich emoji/markup, symmetric lint ·
11 year placeholders in explain · 12 profile overrides of description and examples.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.ingest import load_text
from auditor.packs import PackError, load_pack
from auditor.pipeline import audit_document
from auditor.testing import coverage_gaps, run_pack_tests
from conftest import REPORTS

runner = CliRunner()

HEAD = textwrap.dedent("""\
    id: fixes
    version: "1"
    title: 修复测试
    categories: [{id: c, title: 类别}]
    section_kinds:
      measures: {title: 主要举措和成效, default: true, heading: ['举措|成效']}
      plans: {title: 下一年度安排, heading: ['安排'], tail: true}
""")


def rule(rid: str, match: str, title: str = "测试规则", extra: str = "") -> str:
    """One rule whose single pass tier has the given (YAML flow) conditions."""
    return textwrap.indent(textwrap.dedent(f"""\
        - id: {rid}
          title: {title}
          category: c
          severity: recommended
          weight: 1
          basis: 某办法第一条
          advice: 写明
          fail_message: 没有
          tiers:
            - status: pass
              message: 有
              match: {match}
        """) + textwrap.indent(extra, "  "), "  ")


def make_pack(folder: Path, *rules: str, head: str = HEAD, tail: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(head + "rules:\n" + "".join(rules) + tail, encoding="utf-8")
    return folder


def statuses(folder: Path, text: str, profile: str | None = None) -> dict[str, str]:
    card = audit_document(load_text(text), pack=load_pack(str(folder), profile))
    return {f.rule: f.status for f in card.findings}


def errors(folder: Path) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack(str(folder))
    return info.value.messages


def line_of(folder: Path, needle: str) -> int:
    lines = (folder / "pack.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def child_of_default(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(textwrap.dedent("""\
        id: child
        version: "1"
        title: 子规则包
        extends: rule-of-law-annual
        """) + textwrap.dedent(body), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ 1. settings.deadline


def test_a_deadline_that_is_not_month_day_fails_validation_not_check(tmp_path):
    folder = child_of_default(tmp_path / "p", """\
        settings:
          deadline: 3月1日
        """)
    result = runner.invoke(app, ["packs", "validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert f"pack.yaml:{line_of(folder, 'deadline')}: settings.deadline:" in result.stderr
    assert "3月1日" in result.stderr and "04-01" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    checked = runner.invoke(app, ["check", str(REPORTS / "01-county-complete.txt"), "--pack", str(folder)])
    assert checked.exit_code == 2 and "Traceback" not in checked.output
    assert isinstance(checked.exception, SystemExit)


def test_impossible_deadlines_and_profile_deadlines_are_validated(tmp_path):
    folder = child_of_default(tmp_path / "p", """\
        settings: {deadline: "02-29"}
        profiles:
          - id: town
            title: 乡镇
            settings:
              deadline: "02-30"
        """)
    messages = errors(folder)
    assert any(f"pack.yaml:{line_of(folder, '02-29')}: settings.deadline: '02-29'" in m for m in messages)
    assert any(f"pack.yaml:{line_of(folder, '02-30')}: 口径 town: profiles[0].settings.deadline" in m
               for m in messages)
    folder = child_of_default(tmp_path / "q", """\
        profiles:
          - {id: town, title: 乡镇, settings: {deadline: 0301}}
        """)
    assert any("profiles[0].settings.deadline" in m for m in errors(folder))


def test_unknown_settings_are_errors(tmp_path):
    folder = child_of_default(tmp_path / "p", "settings: {dedline: \"03-01\"}\n")
    assert any("未知的键 dedline（允许：deadline）" in m for m in errors(folder))


def test_a_valid_profile_deadline_still_applies(tmp_path):
    folder = child_of_default(tmp_path / "p", """\
        profiles:
          - {id: town, title: 乡镇, settings: {deadline: "02-01"}}
        """)
    assert load_pack(str(folder), "town").settings["deadline"] == "02-01"


# ------------------------------------------------------------------ 2. check params


@pytest.mark.parametrize("params, message", [
    ("{expect: clean, per_thousnd: 4}", "检查 data_density 不接受参数 per_thousnd（可用：expect、per_thousand）"),
    ("{expect: clean, per_thousand: four}", "检查 data_density 的参数 per_thousand 应为数字"),
    ("{expect: clean, per_thousand: -1}", "超出范围"),
])
def test_unknown_or_ill_typed_check_params_fail_validation(tmp_path, params, message):
    folder = make_pack(tmp_path / "p", rule("t.density", f"[{{kind: check, name: data_density, params: {params}}}]"))
    messages = errors(folder)
    assert len(messages) == 1
    assert messages[0].startswith(f"{folder / 'pack.yaml'}:{line_of(folder, 'params')}: t.density: ")
    assert message in messages[0]
    result = runner.invoke(app, ["check", str(REPORTS / "01-county-complete.txt"), "--pack", str(folder)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)


def test_params_of_another_check_and_integers_are_checked(tmp_path):
    body = rule("t.dup", "[{kind: check, name: duplicated_text, params: {min_chars: 40.5, similarity: 0.9}}]") + \
        rule("t.late", "[{kind: check, name: timeliness, params: {deadline: '03-01'}}]")
    messages = "\n".join(errors(make_pack(tmp_path / "p", body)))
    assert "t.dup: 检查 duplicated_text 的参数 min_chars 应为整数" in messages
    assert "t.late: 检查 timeliness 不接受参数 deadline（可用：expect）" in messages


def test_declared_params_match_the_check_functions():
    """A meta-test: PARAMS (what validation accepts) agrees with what each check takes."""
    from auditor.checks import CHECKS, PARAMS

    assert set(PARAMS) == set(CHECKS)
    for name, fn in CHECKS.items():
        signature = dict(list(inspect.signature(fn).parameters.items())[1:])
        assert set(signature) == set(PARAMS[name]), name
        for key, (kind, _, _) in PARAMS[name].items():
            assert type(signature[key].default) is kind, (name, key)


def test_valid_params_are_accepted_and_used(tmp_path):
    folder = make_pack(tmp_path / "p",
                       rule("t.low", "[{kind: check, name: data_density, params: {expect: clean, per_thousand: 1}}]"),
                       rule("t.high", "[{kind: check, name: data_density, params: {per_thousand: 1000.5}}]"))
    got = statuses(folder, (REPORTS / "01-county-complete.txt").read_text(encoding="utf-8"))
    assert got == {"t.low": "pass", "t.high": "fail"}


# ------------------------------------------------------------------ 3. numbers units


def test_numbers_units_restrict_what_counts(tmp_path):
    folder = make_pack(tmp_path / "p",
                       rule("t.cases", "[{kind: numbers, units: [件], min: 2}]"),
                       rule("t.money", "[{kind: numbers, units: [万元, 吨], min: 2}]"),
                       rule("t.any", "[{kind: numbers, min: 3}]"),
                       rule("t.day", "[{kind: numbers, units: [个], min: 1}]"))
    text = "一、主要举措和成效\n培训干部300人次，办理复议案件12件，投入经费5万元，办理用时3个工作日。\n"
    got = statuses(folder, text)
    assert got["t.cases"] == "fail"       # only one quantity in 件
    assert got["t.money"] == "fail"       # 5万元 only: no 吨
    assert got["t.any"] == "pass"         # without units: the default list
    assert got["t.day"] == "fail"         # 3个工作日 is not a quantity in 个
    got = statuses(folder, text + "审核文件30余件，清运垃圾4.5吨。\n")
    assert got["t.cases"] == "pass" and got["t.money"] == "pass"


def test_numbers_units_show_in_the_explanation(tmp_path):
    folder = make_pack(tmp_path / "p", rule("t.cases", "[{kind: numbers, units: [件], min: 2}]"))
    report = tmp_path / "r.txt"
    report.write_text("一、主要举措和成效\n办理案件12件，培训300人次。\n", encoding="utf-8")
    out = runner.invoke(app, ["explain", "t.cases", "--pack", str(folder), "--report", str(report)]).output
    assert "单位 件" in out and "有 1 个以件为单位的数据（需要 2 个）" in out


# ------------------------------------------------------------------ 4. anchors per sentence


ANCHORED = (
    rule("t.start", "[{kind: patterns, patterns: ['^全年公开']}]"),
    rule("t.end", r"[{kind: patterns, patterns: ['\d+件$']}]"),
    rule("t.para", "[{kind: patterns, unit: paragraph, patterns: ['^全年公开']}]"),
    rule("t.cooccur", "[{kind: cooccur, groups: [['^全年'], ['公开$']]}]"),
    rule("t.list", "[{kind: checklist, items: [{id: a, title: 全年公开, patterns: ['^全年公开']}]}]"),
    rule("t.excluded", "[{kind: patterns, patterns: ['公开'], exclude: ['^全年']}]"),
)


def test_anchors_match_at_every_sentence_start_and_end(tmp_path):
    folder = make_pack(tmp_path / "p", *ANCHORED)
    got = statuses(folder, "一、主要举措和成效\n我们坚持依法行政。全年公开文件12件；其中主动公开。\n")
    assert got["t.start"] == "pass"       # the second sentence of the paragraph
    assert got["t.end"] == "pass"         # $ is before the sentence's closing punctuation
    assert got["t.para"] == "fail"        # unit: paragraph — the paragraph starts elsewhere
    assert got["t.list"] == "pass"
    assert got["t.cooccur"] == "fail"     # no sentence both starts with 全年 and ends with 公开
    assert got["t.excluded"] == "pass"    # 其中主动公开 is not excluded
    got = statuses(folder, "一、主要举措和成效\n我们坚持依法行政，全年公开文件12件，主动公开。全年集中公开。\n")
    assert got["t.start"] == "fail" and got["t.end"] == "fail" and got["t.list"] == "fail"
    assert got["t.cooccur"] == "pass"
    got = statuses(folder, "一、主要举措和成效\n全年公开文件。\n")
    assert got["t.excluded"] == "fail"    # the only sentence starts with 全年: excluded


def test_anchors_are_recognised_anywhere_in_a_pattern():
    from auditor.matchers import is_anchored, relaxed, unit_window

    assert is_anchored("(^|，)全年") and is_anchored("a|^b") and is_anchored(r"件\Z")
    assert not is_anchored("[^。]{0,8}全年") and not is_anchored(r"\^\$") and not is_anchored("[]^]")
    assert relaxed("(^|，)全年") == "(|，)全年" and relaxed("(?<!副)^县长") is None
    assert unit_window(" 全年公开12件。", 0, 9) == (1, 8)


# ------------------------------------------------------------------ 5. section min 0


def test_section_min_zero_holds_without_the_section(tmp_path):
    folder = make_pack(tmp_path / "p", rule("t.zero", "[{kind: section, scope: [plans], min: 0}]"),
                       rule("t.one", "[{kind: section, scope: [plans]}]"),
                       rule("t.two", "[{kind: section, scope: [measures], min: 2}]"))
    got = statuses(folder, "一、主要举措和成效\n办理案件12件。\n")
    assert got == {"t.zero": "pass", "t.one": "fail", "t.two": "fail"}


# ------------------------------------------------------------------ 6. checklist names


def test_checklist_results_use_the_checklists_own_name(tmp_path):
    items = "items: [{id: a, title: 公开目录, patterns: ['目录']}, {id: b, title: 公开指南, patterns: ['指南']}]"
    folder = make_pack(tmp_path / "p", rule("t.rule_named", f"[{{kind: checklist, {items}}}]", title="政务公开清单"),
                       rule("t.own_named", f"[{{kind: checklist, title: 公开事项, {items}}}]"))
    report = tmp_path / "r.txt"
    report.write_text("一、主要举措和成效\n更新公开目录。\n", encoding="utf-8")
    out = runner.invoke(app, ["explain", "t.rule_named", "--pack", str(folder), "--report", str(report)]).output
    assert "清单“政务公开清单”2 项中找到 1 项：公开目录" in out and "履职清单" not in out
    out = runner.invoke(app, ["explain", "t.own_named", "--pack", str(folder), "--report", str(report)]).output
    assert "清单“公开事项”2 项中找到 1 项" in out


def test_a_profile_title_renames_the_checklist(tmp_path):
    items = "items: [{id: a, title: 公开目录, patterns: ['目录']}]"
    folder = make_pack(tmp_path / "p", rule("t.list", f"[{{kind: checklist, {items}}}]", title="政务公开清单"),
                       tail="profiles:\n  - {id: town, title: 乡镇, overrides: {t.list: {title: 乡镇公开清单}}}\n")
    matcher = load_pack(str(folder), "town").rule("t.list").tiers[0].matchers[0]
    assert matcher.name == "乡镇公开清单"
    assert load_pack(str(folder)).rule("t.list").tiers[0].matchers[0].name == "政务公开清单"


# ------------------------------------------------------------------ 7. disabled rules in pack tests


def test_disabling_an_inherited_rule_skips_its_examples(tmp_path):
    folder = child_of_default(tmp_path / "p", "disable: [quality.numbering]\n")
    result = runner.invoke(app, ["packs", "test", str(folder)])
    assert result.exit_code == 0, result.output
    assert "quality.numbering" not in result.output  # neither examples nor a coverage gap
    pack, results = run_pack_tests(str(folder))
    assert not any(r.rule == "quality.numbering" for r in results)
    assert not any("quality.numbering" in gap for gap in coverage_gaps(pack, results))


def test_an_expectation_on_a_disabled_rule_says_so(tmp_path):
    folder = child_of_default(tmp_path / "p", "disable: [quality.numbering]\n")
    (folder / "tests").mkdir()
    (folder / "tests" / "a.txt").write_text("---\nexpect:\n  quality.numbering: pass\n  part.other: not_applicable\n"
                                            "---\n一、主要举措和成效\n审核文件12件。\n", encoding="utf-8")
    (folder / "tests" / "b.txt").write_text("---\nexpect:\n  quality.numbering: not_applicable\n---\n"
                                            "一、主要举措和成效\n审核文件12件。\n", encoding="utf-8")
    _, results = run_pack_tests(str(folder))
    row = next(r for r in results if r.source == "tests/a.txt" and r.rule == "quality.numbering")
    assert not row.ok and "已被规则包的 disable 停用" in row.message
    assert next(r for r in results if r.source == "tests/b.txt").ok


# ------------------------------------------------------------------ 8. waived in pack tests

WAIVED_REPORT = textwrap.dedent("""\
    溪口县人民政府关于2023年度法治政府建设情况的报告
    一、2023年推进法治政府建设的主要举措和成效
    全年审核行政规范性文件17件，备案审查率100%。
    二、存在的不足
    一是执法力量不足；二是普法形式单一。
    """)


def test_waived_expectations_use_the_examples_waiver_file(tmp_path):
    folder = child_of_default(tmp_path / "p", "")
    tests = folder / "tests"
    tests.mkdir()
    (tests / "_waivers.yaml").write_text("waivers:\n  - rule: part.reasons\n    justification: 本年度简化原因分析\n"
                                         "  - rule: part.measures\n    justification: 对通过的规则无影响\n",
                                         encoding="utf-8")
    (tests / "w.txt").write_text("---\nexpect:\n  part.reasons: waived\n  part.next_year: fail\n"
                                 "  quality.placeholders: pass\nwaivers: _waivers.yaml\n---\n" + WAIVED_REPORT,
                                 encoding="utf-8")
    pack, results = run_pack_tests(str(folder))
    rows = {r.rule: r for r in results if r.source == "tests/w.txt"}
    assert rows["part.reasons"].ok and rows["part.reasons"].got == "waived"
    assert "本年度简化原因分析" in rows["part.reasons"].message
    assert rows["part.next_year"].ok and rows["quality.placeholders"].ok


def test_waived_without_a_waiver_file_is_an_error_row(tmp_path):
    folder = child_of_default(tmp_path / "p", "")
    (folder / "tests").mkdir()
    (folder / "tests" / "w.txt").write_text("---\nexpect:\n  part.reasons: waived\n---\n" + WAIVED_REPORT,
                                            encoding="utf-8")
    (folder / "tests" / "x.txt").write_text("---\nexpect:\n  part.reasons: fail\nwaiver: w.yaml\n---\n"
                                            + WAIVED_REPORT, encoding="utf-8")
    result = runner.invoke(app, ["packs", "test", str(folder)])
    assert result.exit_code == 1
    out = result.output.replace("\n", "").replace("│", "").replace(" ", "")
    assert "期望waived需要在前置说明中用waivers:指定豁免清单" in out
    assert "未知的键waiver" in out


def test_a_bad_waiver_file_is_an_error_row(tmp_path):
    folder = child_of_default(tmp_path / "p", "")
    (folder / "tests").mkdir()
    (folder / "tests" / "_w.yaml").write_text("waivers:\n  - rule: no.such\n    justification: 无\n", encoding="utf-8")
    (folder / "tests" / "w.txt").write_text("---\nexpect:\n  part.reasons: waived\nwaivers: _w.yaml\n---\n"
                                            + WAIVED_REPORT, encoding="utf-8")
    _, results = run_pack_tests(str(folder))
    row = next(r for r in results if r.source == "tests/w.txt")
    assert row.got == "错误" and "no.such" in row.message


# ------------------------------------------------------------------ 9. disable/overrides lines


def test_unknown_rules_in_disable_and_overrides_name_the_line(tmp_path):
    folder = child_of_default(tmp_path / "p", """\
        disable:
          - quality.numbering
          - quality.numberng
        overrides:
          part.reason: {weight: 3}
        """)
    messages = errors(folder)
    path = folder / "pack.yaml"
    assert f"{path}:{line_of(folder, 'numberng')}: disable 引用了不存在的规则 quality.numberng" in messages
    assert f"{path}:{line_of(folder, 'part.reason:')}: overrides 引用了不存在的规则 part.reason" in messages


def test_an_alias_in_disable_is_explained(tmp_path):
    base = tmp_path / "base"
    make_pack(base, rule("t.new", "[{kind: always}]", extra="aliases: [t.old]\n"))
    folder = tmp_path / "child"
    folder.mkdir()
    (folder / "pack.yaml").write_text(f"id: child\nversion: '1'\ntitle: 子\nextends: {base}\ndisable: [t.old]\n",
                                      encoding="utf-8")
    assert any(":5: disable 引用了不存在的规则 t.old（t.old 是 t.new 的别名" in m for m in errors(folder))


# ------------------------------------------------------------------ 10. rich output, symmetric lint


def test_lint_locations_are_not_turned_into_emoji_or_markup():
    from auditor.lint import LintIssue
    from auditor.render.packtests import render_lint, render_pack_tests
    from auditor.testing import CaseResult

    pack = load_pack()
    out = render_lint(pack, [LintIssue("warning", "/x/pack.yaml:100", "r.x", "标题“[/b]”[bold]与:smile:重叠")])
    assert "pack.yaml:100: r.x" in out and "💯" not in out
    assert "[/b]" in out and "[bold]" in out and ":smile:" in out
    out = render_pack_tests(pack, [CaseResult("tests/[/x]:100:.txt", "r.x", "pass", "fail", "[red]没有[/red]")], [])
    assert "[/x]:100:.txt" in out.replace("\n", "").replace("│", "").replace(" ", "") or "[/x]" in out
    assert "💯" not in out and "[red]没有[/red]" in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_report_text_is_never_read_as_markup_or_emoji():
    from auditor.render import RenderOptions
    from auditor.render.outline import render_outline
    from auditor.render.text import render_text
    from auditor.pipeline import outline_of

    pack = load_pack()
    text = "测试县[/b]:100:人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效[bold]\n审核文件12件。\n"
    card = audit_document(load_text(text, "报告[/x]:100:.txt"), pack=pack)
    out = render_text([card], RenderOptions())
    assert "[/b]:100:" in out and "💯" not in out
    out = render_outline(outline_of(load_text(text), pack), pack)
    assert "[/b]:100:" in out and "💯" not in out


def test_every_terminal_console_disables_emoji():
    root = Path(__import__("auditor").__file__).resolve().parent
    for path in list((root / "render").glob("*.py")) + [root / "cli.py"]:
        source = path.read_text(encoding="utf-8")
        assert source.count("Console(") == source.count("emoji=False"), path


def test_overlapping_heading_cues_are_found_in_both_directions(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.yaml").write_text(textwrap.dedent("""\
        id: overlap
        version: "1"
        title: 线索重叠
        categories: [{id: c, title: 类别}]
        section_kinds:
          alpha: {title: 甲, heading: ['安排']}
          beta: {title: 乙, heading: ['工作安排']}
          measures: {title: 举措, default: true}
        """), encoding="utf-8")
    from auditor.lint import lint_pack

    issues = [i for i in lint_pack(load_pack(str(folder))) if i.subject == "章节类型 alpha / beta"]
    assert len(issues) == 1 and "工作安排" in issues[0].message


# ------------------------------------------------------------------ 11. year placeholders in explain


def test_explain_fills_year_placeholders_from_the_report():
    report = REPORTS / "01-county-complete.txt"  # the 2023 report
    out = runner.invoke(app, ["explain", "part.measures", "--report", str(report)]).output
    assert "{本年}" not in out and "单列“一、2023年推进法治政府建设的主要举措和成效”" in out.replace("\n", "")
    out = runner.invoke(app, ["explain", "form.date", "--report", str(report)]).output
    assert "{下一年}" not in out and "2024年3月15日" in out


def test_explain_without_a_report_names_the_placeholders():
    out = runner.invoke(app, ["explain", "part.measures"]).output
    assert "{本年}年" not in out.replace("\n", "")
    assert "〈报告年度〉年推进法治政府建设" in out.replace("\n", "")
    assert "年份占位符：〈报告年度〉（规则中写作 {本年}）" in out.replace("\n", "")


def test_explain_placeholders_agree_with_the_matchers():
    from auditor.cues import PLACEHOLDERS, expand
    from auditor.render.common import YEAR_PLACEHOLDERS, fill_years

    assert tuple(p for p, _, _ in YEAR_PLACEHOLDERS) == PLACEHOLDERS
    text = "".join(PLACEHOLDERS)
    assert fill_years(text, 2023) == expand(text, 2023)


# ------------------------------------------------------------------ 12. profile overrides


PROFILE_PACK = """\
    profiles:
      - id: town
        title: 乡镇
        settings: {deadline: "02-01"}
        overrides:
          form.timeliness:
            description: >-
              乡镇报告是否在次年2月1日
              之前形成。
            advice: >-
              按本地要求
              在次年2月1日前形成。
            examples:
              pass: ["溪口镇人民政府关于2023年度法治政府建设情况的报告\\n一、主要举措和成效\\n审核文件12件。\\n溪口镇人民政府\\n2024年1月20日"]
              fail: ["溪口镇人民政府关于2023年度法治政府建设情况的报告\\n一、主要举措和成效\\n审核文件12件。\\n溪口镇人民政府\\n2024年2月20日"]
    """


def test_profile_overrides_of_description_and_examples_take_effect(tmp_path):
    folder = child_of_default(tmp_path / "p", PROFILE_PACK)
    town = load_pack(str(folder), "town").rule("form.timeliness")
    base = load_pack(str(folder)).rule("form.timeliness")
    assert town.description == "乡镇报告是否在次年2月1日之前形成。" != base.description
    assert town.advice == "按本地要求在次年2月1日前形成。"
    assert "2024年2月20日" in town.examples["fail"][0] and town.examples != base.examples


def test_profile_examples_run_under_their_profile(tmp_path):
    folder = child_of_default(tmp_path / "p", PROFILE_PACK)
    _, results = run_pack_tests(str(folder))
    rows = [r for r in results if r.source.endswith("（口径 town）")]
    assert [(r.rule, r.expected, r.got) for r in rows] == [("form.timeliness", "present", "pass"),
                                                           ("form.timeliness", "absent", "fail")]
    # the base examples still run without the profile
    assert any(r.source == "form.timeliness examples.pass[0]" and r.ok for r in results)
    out = runner.invoke(app, ["explain", "form.timeliness", "--pack", str(folder), "--profile", "town"]).output
    assert "说明：乡镇报告是否在次年2月1日之前形成。" in out


# ------------------------------------------------------------------ absent: a condition that must not be found


def test_an_absent_condition_holds_only_when_nothing_is_found(tmp_path):
    folder = make_pack(tmp_path / "p", rule(
        "t.bundle_only",
        "[{kind: terms, terms: [三项制度]}, {kind: terms, terms: [执法记录仪], absent: true}]"))
    assert statuses(folder, "一、主要举措和成效\n落实三项制度，开展执法检查12次。\n") == {"t.bundle_only": "pass"}
    assert statuses(folder, "一、主要举措和成效\n落实三项制度，配备执法记录仪86台。\n") == {"t.bundle_only": "fail"}


def test_absent_is_validated_and_explained(tmp_path):
    folder = make_pack(tmp_path / "p", rule("t.bad", "[{kind: terms, terms: [公示], absent: 是]}]"))
    assert any("absent" in m for m in errors(folder))
    folder = make_pack(tmp_path / "q", rule("t.ok", "[{kind: terms, terms: [执法记录仪], absent: true}]"))
    report = tmp_path / "r.txt"
    report.write_text("一、主要举措和成效\n配备执法记录仪86台。\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", "t.ok", "--pack", str(folder), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "没有：词语" in result.output and "（要求没有）" in result.output
