"""The splitter on held-out issues (tests/data/ingest/heldout): issues written in shapes and
from platforms no rule was written for, each with the stories a listener wants
(FILE.wanted.json: `required`, `optional`, `not_stories`, as in the corpus's manifest).
Every wanted story is found, nothing that must not be a story is, and at most one story is
neither. `scripts/eval-ingest tests/data/ingest/heldout` prints the same figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "ingest" / "heldout"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_ingest.py"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_ingest_heldout", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()
MANIFEST: dict[str, Any] = EVAL.load_manifest(HELDOUT) or {}
NAMES = sorted(MANIFEST)


def test_the_heldout_set_is_varied() -> None:
    assert len(NAMES) >= 8
    assert {Path(n).suffix for n in NAMES} >= {".eml", ".html", ".md", ".txt", ".atom"}
    for name in NAMES:
        assert (HELDOUT / name).is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_wanted_and_forbidden_titles_do_not_overlap(name: str) -> None:
    entry = MANIFEST[name]
    for bad in entry["not_stories"]:
        assert not any(EVAL.matches(bad, t) for t in entry["required"] + entry["optional"]), bad


@pytest.mark.parametrize("name", NAMES)
def test_heldout_issue_has_its_stories_and_no_forbidden_one(name: str) -> None:
    entry = MANIFEST[name]
    issue = load_issue(str(HELDOUT / name), IngestSettings())
    titles = [s.title for s in issue.stories]
    missing = [t for t in entry["required"] if not any(EVAL.matches(f, t) for f in titles)]
    assert not missing, f"missed {missing} in {titles}"
    forbidden = [f for f in titles if any(EVAL.matches(f, bad) for bad in entry["not_stories"])]
    assert not forbidden, f"not stories: {forbidden}"
    result = EVAL.evaluate(HELDOUT, name, entry)
    assert result.error is None and result.found == len(entry["required"])
    assert len(result.false) <= 1, f"false stories: {result.false}"
