"""Shared test helpers: where the labelled corpora are, and small audit shortcuts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AUDITOR_SHARED", ROOT.parent / "shared"))
REPORTS = ROOT / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

PART_RULES = ("part.measures", "part.first_responsible", "part.shortcomings", "part.reasons", "part.next_year")
LABELLED = PART_RULES + ("enforcement.publicity", "enforcement.recording", "enforcement.legal_review")


def labelled_folder(folder: Path) -> list[tuple[Path, dict]]:
    """(file, label) pairs of a folder with labels.json; empty when the folder is absent."""
    labels = folder / "labels.json"
    if not labels.is_file():
        return []
    data = json.loads(labels.read_text(encoding="utf-8"))
    return [(folder / name, entry) for name, entry in sorted(data.items())]


def statuses(card) -> dict[str, str]:
    return {f.rule: f.status for f in card.findings}


def present(status: str) -> bool:
    return status in ("pass", "partial")


@pytest.fixture(scope="session")
def pack():
    from auditor.packs import load_pack

    return load_pack()


@pytest.fixture(scope="session")
def audit_text(pack):
    """Audit a report given as text with the default pack."""
    from auditor.ingest import load_text
    from auditor.pipeline import audit_document

    def run(text: str, profile: str | None = None):
        from auditor.packs import load_pack

        return audit_document(load_text(text), pack=load_pack(None, profile) if profile else pack)

    return run


# ---------------------------------------------------------------- the system Chromium

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is unreachable here).

    Module-scoped: Playwright's sync API keeps an event loop running while it is open, and
    the web tests call asyncio.run() before their own browser tests start."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need the system Chromium: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need Playwright: .venv/bin/pip install playwright")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
