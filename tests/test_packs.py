"""Rule packs: schema validation with file:line messages, references, extends, profiles, YAML-only rules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.ingest import load_text
from auditor.packs import PackError, load_pack, packs_root
from auditor.pipeline import audit_document

MINI_KINDS = textwrap.dedent("""\
    section_kinds:
      measures:
        title: 主要举措和成效
        default: true
        heading: ['举措|成效']
      shortcomings:
        title: 存在的不足
        heading: ['不足']
        tail: true
""")


def write_pack(folder: Path, body: str, kinds: str = MINI_KINDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(body, encoding="utf-8")
    (folder / "kinds.yaml").write_text(kinds, encoding="utf-8")
    return folder


HEAD = textwrap.dedent("""\
    id: mini
    version: "1"
    title: 测试规则包
    include: [kinds.yaml]
    categories: [{id: parts, title: 内容}]
""")
RULE = textwrap.dedent("""\
    rules:
      - id: local.data_platform
        title: 执法信息平台
        category: parts
        severity: required
        weight: 5
        basis: 某省规定第三条
        advice: 写明执法信息平台的建设情况
        fail_message: 未写明执法信息平台
        tiers:
          - status: pass
            message: 写明了执法信息平台
            match:
              - kind: terms
                scope: [measures]
                terms: [执法信息平台]
""")


def test_default_pack_loads_and_ships_in_the_package():
    pack = load_pack()
    assert pack.id == "rule-of-law-annual"
    ids = {r.id for r in pack.rules}
    for rid in ("part.measures", "part.first_responsible", "part.shortcomings", "part.reasons", "part.next_year",
                "enforcement.publicity", "enforcement.recording", "enforcement.legal_review", "part.other"):
        assert rid in ids
    assert (packs_root() / "rule-of-law-annual" / "pack.yaml").is_file()


def test_a_new_rule_is_added_by_yaml_only(tmp_path):
    folder = write_pack(tmp_path / "mini", HEAD + RULE)
    pack = load_pack(str(folder))
    text = "一、主要举措和成效\n建成全县统一的执法信息平台，接入单位43个。\n"
    card = audit_document(load_text(text), pack=pack)
    assert [(f.rule, f.status) for f in card.findings] == [("local.data_platform", "pass")]
    card = audit_document(load_text("一、主要举措和成效\n全年审核文件12件。\n"), pack=pack)
    assert card.findings[0].status == "fail" and not card.gate.passed


def _errors(folder: Path) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack(str(folder))
    return info.value.messages


def test_unknown_key_names_file_line_and_rule(tmp_path):
    body = HEAD + RULE.replace("terms: [执法信息平台]", "term: [执法信息平台]")
    line = body.splitlines().index("            term: [执法信息平台]") + 1
    messages = _errors(write_pack(tmp_path / "p", body))
    assert len(messages) == 1
    msg = messages[0]
    assert f"pack.yaml:{line}:" in msg and "local.data_platform" in msg and "term" in msg


def test_wrong_enum_and_missing_field(tmp_path):
    body = HEAD + RULE.replace("severity: required", "severity: mandatory").replace("    advice: 写明执法信息平台的建设情况\n", "")
    messages = "\n".join(_errors(write_pack(tmp_path / "p", body)))
    assert "mandatory" in messages and "advice" in messages
    assert "local.data_platform" in messages


def test_bad_regex_unknown_kind_and_category_are_reported(tmp_path):
    body = (HEAD + RULE).replace("category: parts", "category: nowhere").replace("kind: terms", "kind: patterns")
    body = body.replace("scope: [measures]", "scope: [measurez]").replace("terms: [执法信息平台]", "patterns: ['执法(信息']")
    messages = "\n".join(_errors(write_pack(tmp_path / "p", body)))
    assert "nowhere" in messages and "measurez" in messages and "正则表达式有误" in messages
    assert "pack.yaml:" in messages


def test_yaml_syntax_error_points_to_the_line(tmp_path):
    folder = write_pack(tmp_path / "p", HEAD + "rules:\n  - id: x\n    title: [unclosed\n")
    messages = _errors(folder)
    assert len(messages) == 1 and "pack.yaml:" in messages[0] and "YAML" in messages[0]


def test_duplicate_ids_are_errors(tmp_path):
    messages = "\n".join(_errors(write_pack(tmp_path / "p", HEAD + RULE + RULE.replace("rules:\n", ""))))
    assert "规则编号重复" in messages


def test_extends_inherits_overrides_and_disables(tmp_path):
    base = write_pack(tmp_path / "base", HEAD + RULE)
    child = tmp_path / "child"
    child.mkdir()
    (child / "pack.yaml").write_text(textwrap.dedent(f"""\
        id: child
        version: "2"
        title: 子规则包
        extends: {base}
        overrides:
          local.data_platform: {{weight: 9, severity: recommended}}
        rules:
          - id: local.review
            title: 法制审核
            category: parts
            severity: required
            weight: 3
            basis: 某市办法
            advice: 写明法制审核
            fail_message: 未写明法制审核
            tiers:
              - status: pass
                message: 有法制审核
                match:
                  - kind: terms
                    terms: [法制审核]
        """), encoding="utf-8")
    pack = load_pack(str(child))
    rules = {r.id: r for r in pack.rules}
    assert set(rules) == {"local.data_platform", "local.review"}
    assert rules["local.data_platform"].weight == 9 and rules["local.data_platform"].severity == "recommended"
    assert pack.extends == ("mini",)


def test_extends_cycle_is_an_error(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_pack(a, HEAD.replace("id: mini", "id: a") + f"extends: {b}\n")
    write_pack(b, HEAD.replace("id: mini", "id: b") + f"extends: {a}\n")
    assert "循环继承" in "\n".join(_errors(a))


def test_profiles_override_and_disable_rules():
    department = load_pack(None, "department")
    rule = department.rule("outline2021.emergencies")
    assert rule.weight == 0.5 and rule.severity == "info"
    township = load_pack(None, "township")
    assert township.rule("outline2021.rules").applies.get("disabled")
    with pytest.raises(PackError, match="没有口径"):
        load_pack(None, "ministry")


def test_unknown_pack_is_an_error():
    with pytest.raises(PackError, match="找不到规则包"):
        load_pack("no-such-pack")


def test_every_rule_has_basis_advice_and_a_namespaced_id():
    for rule in load_pack().rules:
        assert rule.basis and rule.advice and rule.fail_message
        assert "." in rule.id


def test_the_schema_rejects_negative_fixtures(tmp_path):
    """The schema itself has negative fixtures: typos in matcher keys and tier fields fail."""
    cases = {
        "unknown matcher kind": RULE.replace("kind: terms", "kind: keyword"),
        "key of another kind": RULE.replace("terms: [执法信息平台]", "terms: [执法信息平台]\n                min_chars: 3"),
        "fail tier status": RULE.replace("- status: pass", "- status: fail"),
        "empty terms": RULE.replace("terms: [执法信息平台]", "terms: []"),
        "bad id": RULE.replace("id: local.data_platform", "id: Local Data"),
    }
    for name, body in cases.items():
        with pytest.raises(PackError):
            load_pack(str(write_pack(tmp_path / name.replace(" ", "_"), HEAD + body)))
