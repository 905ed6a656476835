"""Import layering: data flows one way (ARCHITECTURE.md, STYLE.md lesson 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import auditor

PKG = Path(auditor.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the module's package
                base = path.relative_to(PKG).with_suffix("").parts[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join(("auditor",) + tuple(base) + ((node.module,) if node.module else ()))
            else:
                module = node.module or ""
            found.add(module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("auditor")}


def _modules():
    for path in PKG.rglob("*.py"):
        yield path.relative_to(PKG).as_posix(), _imports(path)


def test_nothing_imports_the_cli():
    for name, imports in _modules():
        if name not in ("cli.py", "__main__.py"):
            assert not any(m == "auditor.cli" for m in imports), name


def test_renderers_import_only_the_model_and_each_other():
    for name, imports in _modules():
        if name.startswith("render/"):
            for m in imports:
                # the package root only for __version__ (the SARIF tool version)
                assert m == "auditor" or m.startswith(("auditor.model", "auditor.render", "auditor.textutil")), (name, m)


def test_model_and_textutil_import_no_stage():
    for name, imports in _modules():
        if name in ("model.py", "textutil.py"):
            # the package root for __version__ and the on-disk cache of the folding table
            assert imports <= {"auditor", "auditor.textutil", "auditor.cachefile"}, (name, imports)


def test_stages_do_not_import_later_stages():
    later = {
        "ingest/": ("auditor.outline", "auditor.engine", "auditor.score", "auditor.render", "auditor.packs"),
        "outline.py": ("auditor.engine", "auditor.score", "auditor.render", "auditor.packs", "auditor.ingest"),
        "engine.py": ("auditor.score", "auditor.render", "auditor.ingest"),
        "score.py": ("auditor.render", "auditor.ingest", "auditor.engine", "auditor.outline"),
    }
    for name, imports in _modules():
        for prefix, banned in later.items():
            if name.startswith(prefix):
                assert not any(m.startswith(banned) for m in imports), (name, imports)
