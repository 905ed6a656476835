"""The command line: outputs, exit codes, one-line errors, and the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from conftest import REPORTS

runner = CliRunner()
COMPLETE = REPORTS / "01-county-complete.txt"
NO_REASONS = REPORTS / "03-township-short.txt"
SCHEMA = json.loads((Path(__import__("auditor").__file__).parent / "schemas" / "scorecard.schema.json")
                    .read_text(encoding="utf-8"))


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_complete_report_passes_with_exit_0_and_text_scorecard():
    result = run("check", COMPLETE)
    assert result.exit_code == 0, result.output
    assert "结论：✔ 通过" in result.output
    assert "榆岭县人民政府" in result.output


def test_gate_failure_exits_1_and_names_the_missing_part():
    result = run("check", NO_REASONS)
    assert result.exit_code == 1
    assert "存在不足的原因分析" in result.output and "建议" in result.output


def test_fail_under_fails_the_gate():
    plain = json.loads(run("check", REPORTS / "02-city-department.md", "--format", "json").output)
    assert plain["gate"]["passed"] and plain["score"] < 99
    result = run("check", REPORTS / "02-city-department.md", "--fail-under", "99", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert not data["gate"]["passed"] and any("低于" in r for r in data["gate"]["reasons"])


def test_json_follows_the_contract_and_its_schema():
    import jsonschema

    result = run("check", COMPLETE, "--format", "json")
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "auditor.scorecard/1"
    assert data["document"]["year"] == 2023 and data["document"]["format"] == "txt"
    rules = {f["rule"]: f for f in data["findings"]}
    for rid in ("part.measures", "part.first_responsible", "part.shortcomings", "part.reasons", "part.next_year",
                "enforcement.publicity", "enforcement.recording", "enforcement.legal_review"):
        assert rules[rid]["status"] == "pass"
        ev = rules[rid]["evidence"][0]
        assert ev["line"] >= 1 and ev["quote"] and ev["section"]
        # the quote is the report's own text on that line
        assert ev["quote"].strip("…")[:10] in COMPLETE.read_text(encoding="utf-8").splitlines()[ev["line"] - 1]
    total = sum(c["max"] for c in data["categories"])
    assert abs(total - 100) < 0.5


def test_a_folder_gives_an_array_and_a_bad_file_does_not_stop_the_batch(tmp_path):
    import jsonschema

    (tmp_path / "good.txt").write_text(COMPLETE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.docx").write_bytes(b"\x00\x01 not a zip at all" * 10)
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert isinstance(data, list) and len(data) == 3
    by_name = {Path(d["document"]["path"]).name: d for d in data}
    assert by_name["good.txt"]["gate"]["passed"]
    assert by_name["empty.txt"]["error"] == "文件为空"
    assert "error" in by_name["junk.docx"]


def test_unreadable_file_gives_one_line_naming_it_and_exit_2(tmp_path):
    bad = tmp_path / "乱码.txt"
    bad.write_bytes(bytes(range(256)) * 30)
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(bad), str(COMPLETE)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(bad) in lines[0]
    assert "Traceback" not in proc.stderr
    assert "榆岭县人民政府" in proc.stdout  # the good report was still audited


def test_invalid_pack_gives_exit_2_with_file_and_line(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: broken\nversion: '1'\ntitle: 坏的\nrules: 3\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(COMPLETE), "--pack", str(folder)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "pack.yaml:4" in proc.stderr and "Traceback" not in proc.stderr


def test_markdown_output_and_output_file(tmp_path):
    out = tmp_path / "card.md"
    result = run("check", NO_REASONS, "--format", "markdown", "--output", out)
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ") and "| 状态 | 检查项 |" in text and "✘ 缺失" in text


def test_outline_shows_the_tree_with_kinds():
    result = run("outline", REPORTS / "04-outline-areas-unheaded-tail.txt")
    assert result.exit_code == 0
    assert "主要举措和成效" in result.output and "（无标题）存在的不足和问题" in result.output
    assert "内容线索" in result.output


def test_explain_documents_a_rule_and_traces_it_on_a_report():
    doc = run("explain", "part.reasons")
    assert doc.exit_code == 0 and "依据" in doc.output and "究其" in doc.output
    traced = run("explain", "part.reasons", "--report", NO_REASONS)
    assert traced.exit_code == 0 and "缺失" in traced.output and "判定过程" in traced.output
    unknown = run("explain", "part.nothing")
    assert unknown.exit_code == 2


def test_packs_commands():
    listed = run("packs", "list")
    assert "rule-of-law-annual" in listed.output
    shown = run("packs", "show")
    assert "part.reasons" in shown.output and "township" in shown.output
    valid = run("packs", "validate", "rule-of-law-annual")
    assert valid.exit_code == 0 and "有效" in valid.output


def test_profile_option_and_unknown_profile():
    ok = run("check", COMPLETE, "--profile", "department", "--format", "json")
    assert json.loads(ok.output)["pack"]["profile"] == "department"
    bad = run("check", COMPLETE, "--profile", "ministry")
    assert bad.exit_code == 2


def test_python_api_accepts_a_path_or_text():
    from auditor import audit

    by_path = audit(COMPLETE)
    by_text = audit(COMPLETE.read_text(encoding="utf-8"))
    assert by_path.score == by_text.score and by_path.gate.passed
