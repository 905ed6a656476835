"""Review-office features: batches with broken files, exports, CI formats, waivers."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from conftest import FIXTURES, REPORTS, SHARED

runner = CliRunner()


@pytest.fixture
def batch(tmp_path):
    """The project's samples plus three broken files."""
    folder = tmp_path / "submissions"
    shutil.copytree(REPORTS, folder, ignore=shutil.ignore_patterns("*.json"))
    (folder / "空文件.txt").write_bytes(b"")
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 truncated zip")
    (folder / "二进制.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return folder


def test_batch_exits_2_audits_every_good_file_and_writes_all_exports(batch, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(batch), "--out", str(out), "--jobs", "2",
                           "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    good = [d for d in data if "error" not in d]
    bad = [d for d in data if "error" in d]
    assert len(good) == 10 and len(bad) == 3
    assert "Traceback" not in proc.stderr
    for name in ("空文件.txt", "损坏.docx", "二进制.pdf"):
        assert sum(name in line for line in proc.stderr.splitlines()) == 1
    cards = sorted(p.name for p in (out / "cards").iterdir())
    assert len(cards) == 26  # JSON and HTML for all 13 files
    assert (out / "index.html").is_file() and (out / "summary.csv").is_file()

    from openpyxl import load_workbook

    wb = load_workbook(out / "summary.xlsx")
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert header[:8] == ["文件", "报告机关", "年度", "标题", "成文日期", "得分", "结论", "缺失的必备内容"]
    assert any(h and h.startswith("part.reasons") for h in header)
    assert ws.max_row == 14 and ws.freeze_panes == "C2" and ws.auto_filter.ref
    reasons_col = next(i for i, h in enumerate(header, start=1) if h and h.startswith("part.reasons"))
    statuses = {ws.cell(row=r, column=reasons_col).value for r in range(2, 15)}
    assert {"通过", "缺失"} <= statuses
    fills = {ws.cell(row=r, column=reasons_col).fill.start_color.rgb for r in range(2, 15)
             if ws.cell(row=r, column=reasons_col).value == "缺失"}
    assert fills == {"00FFC7CE"}

    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["文件", "报告机关", "年度"] and len(rows) == 14


def test_csv_format_to_stdout():
    result = runner.invoke(app, ["check", str(REPORTS), "--format", "csv", "--jobs", "1"])
    rows = list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert len(rows) == 11
    verdicts = {r[6] for r in rows[1:]}
    assert verdicts == {"通过", "未通过"}


def test_junit_validates_and_has_a_case_per_rule_per_report(batch):
    from lxml import etree

    result = runner.invoke(app, ["check", str(batch), "--format", "junit", "--jobs", "1"])
    assert result.exit_code == 2
    xml = result.stdout.encode("utf-8")
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "junit.xsd")))
    doc = etree.fromstring(xml)
    schema.assertValid(doc)
    suites = doc.findall("testsuite")
    assert len(suites) == 13
    good = [s for s in suites if s.find("properties") is not None]
    n_rules = len({c.get("name") for c in good[0].findall("testcase")})
    assert all(len(s.findall("testcase")) == n_rules for s in good)
    assert doc.find(".//testcase/error") is not None
    failing = [c for c in doc.iter("testcase") if c.find("failure") is not None]
    assert any(c.get("name").startswith("part.reasons") for c in failing)


def test_sarif_validates_against_the_official_schema(batch):
    import jsonschema

    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is absent")
    result = runner.invoke(app, ["check", str(batch), "--format", "sarif", "--jobs", "1"])
    data = json.loads(result.stdout)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)
    run = data["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"part.reasons", "enforcement.recording"}
    failed = [r for r in run["results"] if r["kind"] == "fail" and r["ruleId"] == "part.reasons"]
    assert failed and all(r["level"] == "error" for r in failed if r["properties"]["status"] == "fail")
    assert len(run["invocations"][0]["toolExecutionNotifications"]) == 3


def _waiver_file(tmp_path, body: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_waiver_marks_the_rule_waived_with_its_justification(tmp_path):
    path = _waiver_file(tmp_path, """waivers:
  - rule: part.reasons
    report: "*03-township*"
    justification: 经县委依法治县办同意，乡镇报告本年度简化原因分析
    approver: 县委依法治县办
    expires: 2099-12-31
""")
    result = runner.invoke(app, ["check", str(REPORTS / "03-township-short.txt"), "--waivers", str(path),
                                 "--format", "json"])
    data = json.loads(result.stdout)
    reasons = next(f for f in data["findings"] if f["rule"] == "part.reasons")
    assert reasons["status"] == "waived"
    assert "乡镇报告本年度简化原因分析" in reasons["waiver"]
    assert data["gate"]["passed"] and result.exit_code == 0


def test_expired_waiver_is_ignored_with_a_warning(tmp_path):
    path = _waiver_file(tmp_path, "waivers:\n  - rule: part.reasons\n    justification: 旧的豁免\n    approver: 某办\n"
                                  "    expires: 2020-01-01\n")
    result = runner.invoke(app, ["check", str(REPORTS / "03-township-short.txt"), "--waivers", str(path)])
    assert result.exit_code == 1
    assert "已于 2020-01-01 过期" in result.stderr


def test_waiver_without_justification_is_an_error(tmp_path):
    path = _waiver_file(tmp_path, "waivers:\n  - rule: part.reasons\n    approver: 某办\n")
    result = runner.invoke(app, ["check", str(REPORTS / "03-township-short.txt"), "--waivers", str(path)])
    assert result.exit_code == 2
    assert "waivers.yaml:2" in result.stderr and "缺少理由" in result.stderr


def test_parallel_and_serial_batches_agree():
    serial = runner.invoke(app, ["check", str(REPORTS), "--format", "json", "--jobs", "1"])
    parallel = runner.invoke(app, ["check", str(REPORTS), "--format", "json", "--jobs", "2"])
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)


def test_cache_reuses_extracted_documents(tmp_path):
    cache = tmp_path / "cache"
    first = runner.invoke(app, ["check", str(REPORTS), "--format", "json", "--cache", str(cache), "--jobs", "1"])
    entries = list((cache / "documents").rglob("*.pickle"))
    assert len(entries) == 10
    second = runner.invoke(app, ["check", str(REPORTS), "--format", "json", "--cache", str(cache), "--jobs", "1"])
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_summary_table_sorted_by_score():
    result = runner.invoke(app, ["check", str(REPORTS), "--sort", "score", "--jobs", "1"])
    assert "汇总（10 份）" in result.output
    assert result.output.index("青岚经济技术开发区") < result.output.index("榆岭县人民政府")


def test_the_compact_stream_is_exactly_what_the_json_module_writes():
    """The batch stream uses orjson for speed: same text as json.dumps, numbers and Chinese included."""
    from auditor.ingest import load
    from auditor.model import InputFailure
    from auditor.packs import load_pack
    from auditor.pipeline import audit_document
    from auditor.render.json import compact_json, to_dict

    pack = load_pack()
    results = [audit_document(load(path), pack=pack) for path in sorted(REPORTS.glob("*.txt"))]
    results.append(InputFailure("坏文件.docx", "文件已损坏，无法读取", "malformed"))
    assert len(results) > 3
    for result in results:
        expected = json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":"))
        assert compact_json(result).decode("utf-8") == expected
    assert any(f.score not in (0, 1) for r in results[:-1] for f in r.findings)  # fractions are compared too
