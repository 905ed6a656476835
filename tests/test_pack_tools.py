"""Pack authoring tools: `packs test`, `packs lint`, explain traces, local packs and aliases."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.packs import load_pack, packs_root
from auditor.testing import coverage_gaps, run_pack_tests
from conftest import REPORTS

runner = CliRunner()


@pytest.mark.parametrize("pack_id", ["rule-of-law-annual", "example-province"])
def test_every_shipped_pack_passes_its_tests(pack_id):
    result = runner.invoke(app, ["packs", "test", pack_id])
    assert result.exit_code == 0, result.output
    assert "不符 0 项" in result.output


def test_every_default_rule_has_a_passing_and_a_failing_example():
    pack, results = run_pack_tests(None)
    assert all(r.ok for r in results)
    assert coverage_gaps(pack, results) == []
    # and the examples in tests/ really are used
    assert any(r.source.startswith("tests/") for r in results)


def test_a_wrong_expectation_fails_the_pack_tests(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(packs_root() / "rule-of-law-annual", folder)
    (folder / "tests" / "broken.txt").write_text(textwrap.dedent("""\
        ---
        expect:
          part.reasons: pass
        ---
        三、存在的不足和原因
        一是执法力量不足；二是普法形式单一。
        """), encoding="utf-8")
    result = runner.invoke(app, ["packs", "test", str(folder)])
    assert result.exit_code == 1
    assert "不符 1 项" in result.output and "broken.txt" in result.output


def test_an_example_without_front_matter_is_reported(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(packs_root() / "rule-of-law-annual", folder)
    (folder / "tests" / "bare.txt").write_text("一、主要举措和成效\n全年审核文件12件。\n", encoding="utf-8")
    result = runner.invoke(app, ["packs", "test", str(folder)])
    assert result.exit_code == 1 and "前置说明" in result.output


SEEDED = textwrap.dedent("""\
    id: seeded
    version: "1"
    title: 埋了错误的规则包
    categories: [{id: c, title: 类别}]
    section_kinds:
      measures: {title: 举措, default: true, heading: ['举措']}
      plans: {title: 安排, heading: ['安排']}
      orphan: {title: 孤儿类型}
      twin: {title: 双胞胎, heading: ['安排']}
    rules:
      - id: seed.empty
        title: 空模式
        category: c
        severity: recommended
        weight: 1
        basis: 无
        advice: 无
        fail_message: 无
        tiers:
          - status: pass
            message: 有
            match: [{kind: patterns, patterns: []}]
      - id: seed.everything
        title: 匹配空串
        category: c
        severity: recommended
        weight: 1
        basis: 无
        advice: 无
        fail_message: 无
        tiers:
          - status: pass
            message: 有
            match: [{kind: patterns, patterns: ['(举措)?']}]
      - id: seed.unreachable
        title: 永远到不了的档
        category: c
        severity: required
        weight: 0
        basis: 无
        advice: 无
        fail_message: 无
        tiers:
          - status: partial
            message: 总是
            match: [{kind: always}]
          - status: pass
            message: 到不了
            match: [{kind: section, scope: [plans]}]
      - id: seed.orphan
        title: 不可能的范围
        category: c
        severity: recommended
        weight: 1
        basis: 无
        advice: 无
        fail_message: 无
        tiers:
          - status: pass
            message: 有
            match: [{kind: section, scope: [orphan]}]
          - status: partial
            message: 重复
            match: [{kind: section, scope: [orphan]}]
    """)


def test_lint_finds_each_seeded_mistake(tmp_path):
    folder = tmp_path / "seeded"
    folder.mkdir()
    (folder / "pack.yaml").write_text(SEEDED, encoding="utf-8")
    result = runner.invoke(app, ["packs", "lint", str(folder)])
    out = result.output.replace("\n", "")
    assert result.exit_code == 1
    assert "patterns 为空" in out                      # empty cue list
    assert "能匹配空字符串" in out                     # matches everything
    assert "永远不会生效" in out and "无条件" in out    # tier after an always-tier
    assert "完全相同" in out                           # duplicated tier
    assert "孤儿类型" in out or "orphan" in out         # kind that can never be recognised
    assert "永远识别不出来" in out
    assert "plans / twin" in out                       # overlapping heading cues
    assert "权重为 0" in out                            # required rule that weighs nothing


def test_lint_over_a_corpus_reports_rules_that_never_or_always_fire():
    result = runner.invoke(app, ["packs", "lint", "--corpus", str(REPORTS), "--jobs", "1"])
    out = result.output.replace("\n", "")
    assert result.exit_code == 0
    assert "都满足" in out  # e.g. part.measures holds in every sample
    assert "都不适用" in out or "从未满足" in out or "都满足" in out


def test_default_pack_is_lint_clean():
    result = runner.invoke(app, ["packs", "lint"])
    assert result.exit_code == 0 and "错误 0 个，警告 0 个" in result.output


def test_local_pack_extends_the_default_and_adds_province_rules():
    pack = load_pack("example-province")
    assert pack.extends == ("rule-of-law-annual",)
    assert pack.rule("local.report_duty_results").severity == "required"
    assert pack.rule("enforcement.publicity").severity == "required"
    assert pack.settings["deadline"] == "03-01"
    assert pack.rule("part.reasons") is not None  # inherited


def test_alias_keeps_an_old_id_working_in_waivers(tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: province.shufa\n    justification: 本年度述法延期至4月\n"
                       "    approver: 市委依法治市办\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(REPORTS / "01-county-complete.txt"), "--pack", "example-province",
                                 "--waivers", str(waivers), "--format", "json"])
    import json

    data = json.loads(result.stdout)
    finding = next(f for f in data["findings"] if f["rule"] == "local.report_duty_results")
    assert finding["status"] in ("waived", "pass")
    explained = runner.invoke(app, ["explain", "province.shufa", "--pack", "example-province"])
    assert explained.exit_code == 0 and "local.report_duty_results" in explained.output


def test_explain_shows_searched_scope_and_excluded_cues():
    result = runner.invoke(app, ["explain", "part.first_responsible", "--report",
                                 str(REPORTS / "06-no-frp-traps.txt")])
    out = result.output.replace("\n", "")
    assert "判定过程" in out and "排除" in out and "安全生产第一责任人" in out
