"""packs: YAML rule packs → validated `Pack`.

A pack is a folder with ``pack.yaml`` (and the files it ``include``s). Every file is checked
against ``schemas/pack.schema.json`` (unknown keys are errors) and every error is reported
with its file, line and rule id; then references are checked (categories, section kinds,
profiles, regexes, named checks). ``extends`` pulls in other packs: their kinds, rules,
categories and profiles come first, and this pack replaces rules by id, adds new ones,
``disable``s or ``overrides`` inherited ones. One exception type, `PackError`, carries all
messages; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import __version__, cachefile
from .matchers import ChecklistMatcher, compile_matcher
from .model import Category, Pack, Profile, Rule, SectionKind, Tier

DEFAULT_PACK = "rule-of-law-annual"
BUILTIN_KINDS = ("preface", "all")
_SCHEMA_PATH = Path(__file__).parent / "schemas" / "pack.schema.json"


class PackError(Exception):
    """An invalid pack. ``messages`` are one-line, user-facing, each naming file and line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def packs_root() -> Path:
    """Where the built-in packs are: inside the installed package, or rules/ in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / DEFAULT_PACK / "pack.yaml").is_file():
            return candidate
    return here / "rules"


def list_packs() -> list[dict[str, str]]:
    out = []
    root = packs_root()
    for pack_file in sorted(root.glob("*/pack.yaml")):
        try:
            data = yaml.load(pack_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except (OSError, yaml.YAMLError):
            continue
        out.append({"id": str(data.get("id", pack_file.parent.name)), "title": str(data.get("title", "")),
                    "version": str(data.get("version", "")), "path": str(pack_file.parent)})
    return out


def resolve(ref: str | None, base: Path | None = None) -> Path:
    """The pack folder for an id or a path (a folder or its pack.yaml)."""
    ref = ref or DEFAULT_PACK
    candidates = []
    p = Path(ref)
    if base is not None and not p.is_absolute():
        candidates.append(base / p)
    candidates.append(p)
    for c in candidates:
        if c.is_file() and c.suffix in (".yaml", ".yml"):
            return c.parent
        if (c / "pack.yaml").is_file():
            return c
    builtin = packs_root() / ref
    if (builtin / "pack.yaml").is_file():
        return builtin
    known = "、".join(p["id"] for p in list_packs())
    raise PackError([f"{ref}: 找不到规则包（内置规则包：{known}；也可以给出规则包文件夹或 pack.yaml 的路径）"])


# ---------------------------------------------------------------- YAML with line numbers

try:
    _Loader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader  # type: ignore[misc]


@dataclass(slots=True)
class _Source:
    path: Path
    data: Any
    node: Any

    def line(self, where: tuple[Any, ...]) -> int:
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 1
        for key in where:
            if node is None:
                break
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for k, v in node.value:
                    if getattr(k, "value", None) == key:
                        nxt = v if not isinstance(v, yaml.ScalarNode) or True else k
                        line = k.start_mark.line + 1
                        break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        return line


def _read(path: Path) -> _Source:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError([f"{path}: 文件不存在"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path}: 无法读取（{exc}）"]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError([f"{path}{where}: YAML 语法错误：{problem}"]) from None
    finally:
        loader.dispose()
    return _Source(path, data, node)


# ---------------------------------------------------------------- schema validation


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads(_SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def _validator(fragment: bool):
    from jsonschema import Draft202012Validator  # lazy: only pack loading pays for it

    schema = _schema()
    if fragment:
        schema = {"$ref": "#/$defs/fragment", "$defs": schema["$defs"]}
    return Draft202012Validator(schema)


def _describe(error) -> str:
    v = error.validator
    if v == "additionalProperties":
        extra = _extra_keys(error)
        allowed = sorted(error.schema.get("properties", {}))
        kind = error.instance.get("kind") if isinstance(error.instance, dict) else None
        for branch in error.schema.get("allOf", ()):  # matchers: the keys of this kind only
            if branch.get("if", {}).get("properties", {}).get("kind", {}).get("const") == kind:
                allowed = sorted(branch["then"]["propertyNames"]["enum"])
        return f"未知的键 {'、'.join(extra)}（允许：{'、'.join(allowed)}）"
    if v == "propertyNames":
        bad = error.instance
        allowed = error.schema.get("enum") or []
        if allowed:
            return f"该匹配方式不接受键 {bad}（允许：{'、'.join(allowed)}）"
        return f"名称 {bad} 不符合要求（{error.schema.get('pattern', '')}）"
    if v == "required":
        missing = re.findall(r"'([^']+)'", error.message)
        return f"缺少必填项 {'、'.join(missing[:1])}"
    if v == "enum":
        return f"取值 {error.instance!r} 不在允许范围内（{'、'.join(map(str, error.validator_value))}）"
    if v == "const":
        return f"取值应为 {error.validator_value!r}"
    if v == "type":
        names = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表", "object": "键值表", "boolean": "是/否"}
        want = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"类型应为{'或'.join(names.get(w, w) for w in want)}，实际是 {type(error.instance).__name__}"
    if v == "pattern":
        hint = error.schema.get("description")
        return f"{error.instance!r} 格式不符合要求（{'应为' + hint if hint else error.validator_value}）"
    if v in ("minItems", "minLength"):
        return "不能为空"
    if v in ("minimum", "maximum"):
        return f"取值 {error.instance} 超出范围"
    if v == "oneOf":
        return "取值形式不对"
    return error.message


def _extra_keys(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    if isinstance(error.instance, dict):
        return [str(k) for k in error.instance if k not in allowed]
    return [error.message]


def _rule_id(data: Any, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rid = data["rules"][path[1]].get("id")
            return str(rid) if rid else f"第 {path[1] + 1} 条规则"
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
    if len(path) >= 2 and path[0] == "section_kinds":
        return f"章节类型 {path[1]}"
    return None


def _validate(src: _Source, fragment: bool) -> list[str]:
    from jsonschema.exceptions import best_match

    messages = []
    seen: set[tuple[Any, ...]] = set()
    errors = list(_validator(fragment).iter_errors(src.data))
    for error in sorted(errors, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))):
        chosen = best_match(error.context) if error.context else error
        if chosen.validator == "if":
            continue
        path = tuple(chosen.absolute_path)
        if path in seen:
            continue
        seen.add(path)
        line_path = path
        if chosen.validator == "additionalProperties":
            extra = _extra_keys(chosen)
            line_path = path + (extra[0],) if extra else path
        where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")
        rid = _rule_id(src.data, path)
        prefix = f"{src.path}:{src.line(line_path)}: " + (f"{rid}: " if rid else "") + (f"{where}: " if where else "")
        messages.append(prefix + _describe(chosen))
    return messages


def _check_settings(src: _Source) -> list[str]:
    """What the schema cannot say about ``settings`` (the pack's and each profile's)."""
    from datetime import date

    data = src.data
    places: list[tuple[tuple[Any, ...], Any, str]] = [(("settings",), data.get("settings"), "")]
    for i, prof in enumerate(data.get("profiles") or []):
        if isinstance(prof, dict):
            places.append((("profiles", i, "settings"), prof.get("settings"), f"口径 {prof.get('id')}: "))
    messages = []
    for where, settings, who in places:
        deadline = settings.get("deadline") if isinstance(settings, dict) else None
        if not isinstance(deadline, str) or not re.fullmatch(r"\d\d-\d\d", deadline):
            continue  # the schema reports it
        month, day = (int(x) for x in deadline.split("-"))
        try:
            date(2023, month, day)  # not a leap year: the deadline must exist every year
        except ValueError:
            path = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in where + ("deadline",))
            messages.append(f"{src.path}:{src.line(where + ('deadline',))}: {who}{path.replace('.[', '[')}: "
                            f"{deadline!r} 不是每年都有的日期（应为“月-日”，如 \"04-01\"；2月底请写 \"03-01\"）")
    return messages


# ---------------------------------------------------------------- assembling a pack


@dataclass(slots=True)
class _Located:
    spec: dict[str, Any]
    src: _Source
    where: tuple[Any, ...]

    def at(self, *more: Any) -> str:
        return f"{self.src.path}:{self.src.line(self.where + more)}"


@dataclass(slots=True)
class _Raw:
    id: str = ""
    version: str = ""
    title: str = ""
    description: str = ""
    path: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    scoring: dict[str, Any] = field(default_factory=dict)
    profiles: dict[str, _Located] = field(default_factory=dict)
    kinds: dict[str, _Located] = field(default_factory=dict)
    rules: dict[str, _Located] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    extends: list[str] = field(default_factory=list)


def _load_raw(folder: Path, chain: tuple[Path, ...] = ()) -> _Raw:
    folder = folder.resolve()
    if folder in chain:
        names = " → ".join(str(p.name) for p in chain + (folder,))
        raise PackError([f"{folder / 'pack.yaml'}: 规则包循环继承（{names}）"])
    main = _read(folder / "pack.yaml")
    if not isinstance(main.data, dict):
        raise PackError([f"{main.path}:1: 规则包应为键值表（id、title、version、rules……）"])
    messages = _validate(main, fragment=False)
    messages += _check_settings(main)
    if messages:
        raise PackError(messages)
    data = main.data
    raw = _Raw()
    parents = data.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    for ref in parents:
        parent = _load_raw(resolve(ref, folder), chain + (folder,))
        _merge(raw, parent)
        raw.extends.append(parent.id)
    raw.id = data["id"]
    raw.version = str(data["version"])
    raw.title = data["title"]
    raw.description = data.get("description", "")
    raw.path = str(folder)
    raw.settings.update(data.get("settings") or {})
    for cat in data.get("categories") or []:
        raw.categories[cat["id"]] = cat
    if data.get("scoring"):
        gate = dict(raw.scoring.get("gate", {}))
        gate.update(data["scoring"].get("gate", {}))
        raw.scoring.update(data["scoring"])
        raw.scoring["gate"] = gate
    for i, prof in enumerate(data.get("profiles") or []):
        raw.profiles[prof["id"]] = _Located(prof, main, ("profiles", i))

    sources = [main]
    messages = []
    for i, name in enumerate(data.get("include") or []):
        path = (folder / name).resolve()
        if folder not in path.parents:
            messages.append(f"{main.path}:{main.line(('include', i))}: 包含的文件必须在规则包文件夹内：{name}")
            continue
        src = _read(path)
        if src.data is None:
            continue
        if not isinstance(src.data, dict):
            messages.append(f"{src.path}:1: 应为键值表（section_kinds、rules）")
            continue
        messages.extend(_validate(src, fragment=True))
        sources.append(src)
    if messages:
        raise PackError(messages)
    own_ids: dict[str, str] = {}
    for src in sources:
        for kind_id, spec in (src.data.get("section_kinds") or {}).items():
            raw.kinds[kind_id] = _Located(spec, src, ("section_kinds", kind_id))
        for i, spec in enumerate(src.data.get("rules") or []):
            loc = _Located(spec, src, ("rules", i))
            rid = spec["id"]
            if rid in own_ids:
                messages.append(f"{loc.at()}: {rid}: 规则编号重复（已在 {own_ids[rid]} 定义）")
                continue
            own_ids[rid] = loc.at()
            raw.rules[rid] = loc
            raw.disabled.discard(rid)
    aliases = {str(a): rid for rid, loc in raw.rules.items() for a in loc.spec.get("aliases") or ()}
    for i, rid in enumerate(data.get("disable") or []):
        raw.disabled.add(rid)
        if rid not in raw.rules:
            messages.append(f"{main.path}:{main.line(('disable', i))}: disable 引用了不存在的规则 {rid}"
                            + _alias_hint(rid, aliases))
    for rid, change in (data.get("overrides") or {}).items():
        raw.overrides.setdefault(rid, {}).update(change)
        if rid not in raw.rules:
            messages.append(f"{main.path}:{main.line(('overrides', rid))}: overrides 引用了不存在的规则 {rid}"
                            + _alias_hint(rid, aliases))
    if messages:
        raise PackError(messages)
    return raw


def _alias_hint(rid: str, aliases: dict[str, str]) -> str:
    return f"（{rid} 是 {aliases[rid]} 的别名，这里要写正式编号）" if rid in aliases else ""


def _merge(into: _Raw, parent: _Raw) -> None:
    into.settings.update(parent.settings)
    into.categories.update(parent.categories)
    gate = dict(into.scoring.get("gate", {}))
    gate.update(parent.scoring.get("gate", {}))
    into.scoring.update(parent.scoring)
    into.scoring["gate"] = gate
    into.profiles.update(parent.profiles)
    into.kinds.update(parent.kinds)
    into.rules.update(parent.rules)
    into.disabled |= parent.disabled
    for rid, change in parent.overrides.items():
        into.overrides.setdefault(rid, {}).update(change)


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef（“《])"
                      r"|(?<=[\u3000-\u9fff\uff00-\uffef”》）])\s+(?=[\u3000-\u9fff\uff00-\uffef“《（])")


def prose(text: str) -> str:
    """Folded YAML prose as one line: no spaces left between Chinese characters."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def _compile_kind(kind_id: str, loc: _Located, known: set[str], messages: list[str]) -> SectionKind:
    spec = loc.spec
    for key in ("heading", "heading_exclude", "openers", "continuers", "opener_exclude"):
        for i, pattern in enumerate(spec.get(key, ())):
            try:
                from .cues import expand

                re.compile(expand(pattern, 2000))
            except re.error as exc:
                messages.append(f"{loc.at(key, i)}: 章节类型 {kind_id}: 正则表达式有误：{pattern}（{exc}）")
    for key in ("combines_with", "nested_in"):
        for i, ref in enumerate(spec.get(key, ())):
            if ref not in known:
                messages.append(f"{loc.at(key, i)}: 章节类型 {kind_id}: 未知的章节类型 {ref}")
    return SectionKind(
        id=kind_id, title=spec["title"], heading=tuple(spec.get("heading", ())),
        heading_exclude=tuple(spec.get("heading_exclude", ())), combines_with=tuple(spec.get("combines_with", ())),
        nested_in=tuple(spec.get("nested_in", ())), openers=tuple(spec.get("openers", ())),
        continuers=tuple(spec.get("continuers", ())), opener_exclude=tuple(spec.get("opener_exclude", ())),
        tail=bool(spec.get("tail", False)), default=bool(spec.get("default", False)),
        items=bool(spec.get("items", False)), paragraph_start=bool(spec.get("paragraph_start", False)),
        description=prose(spec.get("description", "")))


def _compile_rule(loc: _Located, raw: _Raw, known_kinds: set[str], messages: list[str]) -> Rule | None:
    spec = dict(loc.spec)
    spec.update(raw.overrides.get(spec["id"], {}))
    rid = spec["id"]
    if spec["category"] not in raw.categories:
        messages.append(f"{loc.at('category')}: {rid}: 未知的类别 {spec['category']}"
                        f"（已定义：{'、'.join(raw.categories) or '无'}）")
    tiers = []
    for t_index, tier in enumerate(spec["tiers"]):
        matchers = []
        for m_index, m_spec in enumerate(tier["match"]):
            where = ("tiers", t_index, "match", m_index)
            for key in ("scope", "exclude_scope"):
                scope = m_spec.get(key, [])
                for kind in ([scope] if isinstance(scope, str) else scope):
                    if kind not in known_kinds:
                        messages.append(f"{loc.at(*where, key)}: {rid}: 未知的章节类型 {kind}"
                                        f"（可用：{'、'.join(sorted(known_kinds))}）")
            try:
                matchers.append(_named(compile_matcher(m_spec), spec["title"]))
            except (ValueError, KeyError) as exc:
                messages.append(f"{loc.at(*where, *getattr(exc, 'where', ()))}: {rid}: {exc}")
        if tier.get("score") == "checklist" and not any(m.kind == "checklist" for m in matchers):
            messages.append(f"{loc.at('tiers', t_index)}: {rid}: score: checklist 需要本档有 checklist 条件")
        score = tier.get("score")
        tiers.append(Tier(tier["status"], tier["message"], tuple(matchers),
                          score if isinstance(score, (int, float)) or score == "checklist" else None))
    examples = {k: tuple(v) for k, v in (spec.get("examples") or {}).items()}
    applies = dict(spec.get("applies") or {})
    if rid in raw.disabled:
        applies["disabled"] = True
    return Rule(id=rid, title=spec["title"], category=spec["category"], severity=spec["severity"],
                weight=float(spec["weight"]), tiers=tuple(tiers), fail_message=spec["fail_message"],
                basis=prose(spec["basis"]), advice=prose(spec["advice"]),
                description=prose(spec.get("description", "")), aliases=tuple(spec.get("aliases", ())),
                applies=applies, source=str(loc.src.path), line=loc.src.line(loc.where),
                examples=examples)


def _named(matcher: Any, rule_title: str) -> Any:
    """A checklist without a title of its own is called by its rule's title."""
    return matcher.named(rule_title) if isinstance(matcher, ChecklistMatcher) else matcher


def _apply_profile(pack: Pack, profile_id: str | None, raw: _Raw) -> Pack:
    if not profile_id:
        return pack
    prof = next((p for p in pack.profiles if p.id == profile_id), None)
    if prof is None:
        known = "、".join(f"{p.id}（{p.title}）" for p in pack.profiles) or "无"
        raise PackError([f"{pack.path}: 规则包 {pack.id} 没有口径 {profile_id}（可选：{known}）"])
    rules = []
    for rule in pack.rules:
        change = prof.overrides.get(rule.id, {})
        if change:
            rule = _override(rule, change)
        if rule.id in prof.disable:
            rule = replace(rule, applies={**rule.applies, "disabled": True})
        rules.append(rule)
    settings = {**pack.settings, **prof.settings}
    return replace(pack, rules=tuple(rules), settings=settings, profile=profile_id)


def _override(rule: Rule, change: dict[str, Any]) -> Rule:
    """A profile's ``overrides`` entry applied to a compiled rule (every key the schema allows)."""
    updates: dict[str, Any] = {}
    if "weight" in change:
        updates["weight"] = float(change["weight"])
    if "severity" in change:
        updates["severity"] = change["severity"]
    for key in ("advice", "basis", "description"):
        if key in change:
            updates[key] = prose(change[key])
    if "title" in change:
        updates["title"] = change["title"]
        updates["tiers"] = tuple(replace(t, matchers=tuple(_named(m, change["title"]) for m in t.matchers))
                                 for t in rule.tiers)
    if "examples" in change:
        updates["examples"] = {k: tuple(v) for k, v in (change["examples"] or {}).items()}
    return replace(rule, **updates)


def _fingerprint(folder: Path, profile: str | None) -> str:
    """Everything a compiled pack depends on: its YAML (and its parents'), the code that compiles it."""
    digest = hashlib.sha1()
    digest.update(f"{__version__}|{profile}|{folder}".encode())
    code = Path(__file__).resolve().parent
    for name in ("model.py", "matchers.py", "packs.py", "cues.py", "checks/__init__.py", "schemas/pack.schema.json"):
        try:
            st = (code / name).stat()
            digest.update(f"{name}:{st.st_mtime_ns}:{st.st_size}".encode())
        except OSError:
            pass
    for ref in _referenced_folders(folder):
        for path in sorted(ref.rglob("*.y*ml")):
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _referenced_folders(folder: Path, seen: tuple[Path, ...] = ()) -> list[Path]:
    """The pack folder and the folders of the packs it extends (for the cache key)."""
    folder = folder.resolve()
    if folder in seen:
        return []
    out = [folder]
    try:
        data = yaml.load((folder / "pack.yaml").read_text(encoding="utf-8"), Loader=_Loader) or {}
        parents = data.get("extends") or [] if isinstance(data, dict) else []
        for ref in [parents] if isinstance(parents, str) else parents:
            try:
                out.extend(_referenced_folders(resolve(str(ref), folder), seen + (folder,)))
            except PackError:
                continue
    except (OSError, yaml.YAMLError):
        pass
    return out


_MEMORY: dict[str, Pack] = {}


def load_pack(ref: str | None = None, profile: str | None = None) -> Pack:
    """The validated, compiled pack; cached in memory and on disk by content fingerprint.

    NOTE: validating a pack (YAML parse, JSON Schema, regex checks) costs ~0.2 s, more than
    auditing a report; the on-disk cache keeps the start-up of `auditor check` short.
    """
    folder = resolve(ref)
    key = _fingerprint(folder, profile)
    if key in _MEMORY:
        return _MEMORY[key]
    cache = cachefile.root()
    cached_file = cache / f"pack-{key}.pickle" if cache else None
    pack = cachefile.read(cached_file, Pack)
    if pack is None:
        pack = _build(folder, profile)
        cachefile.write(cached_file, pack)
    _MEMORY[key] = pack
    return pack


def _build(folder: Path, profile: str | None) -> Pack:
    raw = _load_raw(folder)
    messages: list[str] = []
    known_kinds = set(raw.kinds) | set(BUILTIN_KINDS)
    kinds = tuple(_compile_kind(k, loc, known_kinds, messages) for k, loc in raw.kinds.items())
    rules = []
    aliases: dict[str, str] = {}
    for rid, loc in raw.rules.items():
        rule = _compile_rule(loc, raw, known_kinds, messages)
        if rule is None:
            continue
        for alias in rule.aliases:
            if alias in raw.rules or alias in aliases:
                messages.append(f"{loc.at('aliases')}: {rid}: 别名 {alias} 与其他规则编号或别名重复")
            aliases[alias] = rid
        rules.append(rule)
    profiles = []
    for pid, loc in raw.profiles.items():
        spec = loc.spec
        for i, rid in enumerate(spec.get("disable", ())):
            if rid not in raw.rules:
                messages.append(f"{loc.at('disable', i)}: 口径 {pid}: 引用了不存在的规则 {rid}")
        for rid in spec.get("overrides", {}):
            if rid not in raw.rules:
                messages.append(f"{loc.at('overrides', rid)}: 口径 {pid}: 引用了不存在的规则 {rid}")
        profiles.append(Profile(pid, spec["title"], prose(spec.get("description", "")),
                                tuple(spec.get("disable", ())), dict(spec.get("overrides", {})),
                                dict(spec.get("settings", {}))))
    if not any(k.default for k in kinds) and kinds:
        messages.append(f"{folder / 'pack.yaml'}: 需要有一个 default: true 的章节类型（未分类的部分归入该类型）")
    if messages:
        raise PackError(messages)
    scoring = raw.scoring
    pack = Pack(id=raw.id, version=raw.version, title=raw.title, description=prose(raw.description),
                path=raw.path, section_kinds=kinds, rules=tuple(rules),
                categories=tuple(Category(c["id"], c["title"]) for c in raw.categories.values()),
                profiles=tuple(profiles), gate=dict(scoring.get("gate", {})),
                partial_credit=float(scoring.get("partial_credit", 0.5)), settings=dict(raw.settings),
                extends=tuple(raw.extends))
    return _apply_profile(pack, profile, raw)
