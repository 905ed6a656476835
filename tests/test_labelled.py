"""Every non-ambiguous labelled verdict and the metadata of the labelled corpora are reproduced.

The seeds (five real published reports) and the corpus (twenty written for testing) live in
../shared; the project's own samples and its development set live in this repository.
"""

from __future__ import annotations

import unicodedata

import pytest

from auditor.ingest import load
from auditor.pipeline import audit_document
from conftest import FIXTURES, LABELLED, REPORTS, SHARED, labelled_folder, present, statuses

CASES = []
for folder in (SHARED / "seeds", SHARED / "corpus", REPORTS, FIXTURES / "devset", FIXTURES / "holdout", FIXTURES / "holdout2",
               FIXTURES / "holdout3", FIXTURES / "holdout4", FIXTURES / "holdout5",
               FIXTURES / "holdout6"):
    for path, label in labelled_folder(folder):
        CASES.append(pytest.param(path, label, id=f"{folder.name}/{path.name}"))


def _norm(value):
    if value is None:
        return None
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


@pytest.mark.skipif(not CASES, reason="no labelled corpus found")
@pytest.mark.parametrize("path,label", CASES)
def test_verdicts_match_labels(path, label, pack):
    card = audit_document(load(path), pack=pack)
    got = statuses(card)
    wrong = []
    for rule in LABELLED:
        want = label["parts"].get(rule)
        if want not in ("present", "absent"):
            continue
        if present(got[rule]) != (want == "present"):
            wrong.append(f"{rule}: label {want}, auditor {got[rule]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.skipif(not CASES, reason="no labelled corpus found")
@pytest.mark.parametrize("path,label", CASES)
def test_metadata_matches_labels(path, label):
    meta = load(path).meta
    want = label["meta"]
    assert meta.value("year") == want["year"]
    assert _norm(meta.value("title")) == _norm(want["title"])
    assert _norm(meta.value("date")) == _norm(want["date"])
    got_organ, want_organ = _norm(meta.value("organ")), _norm(want["organ"])
    assert got_organ and (want_organ in got_organ or got_organ in want_organ), (got_organ, want_organ)


def test_seeds_are_present_when_shared_is():
    if not (SHARED / "seeds" / "labels.json").is_file():
        pytest.skip("../shared/seeds is absent on this machine")
    assert len(labelled_folder(SHARED / "seeds")) == 5
