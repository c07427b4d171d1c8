"""One parametrized test over tests/data/ingest/: each input against its expected JSON
(rewrite them with `python tests/data/ingest/refresh.py` and review the diff)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _refresh() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ingest_refresh", DATA / "refresh.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFRESH = _refresh()
INPUTS = REFRESH.inputs()


def test_enough_distinct_inputs() -> None:
    assert len(INPUTS) >= 15
    assert {p.suffix for p in INPUTS} >= {".txt", ".md", ".html", ".eml", ".xml", ".atom"}


@pytest.mark.parametrize("source", INPUTS, ids=[p.name for p in INPUTS])
def test_issue_matches_expected_json(source: Path) -> None:
    expected = json.loads(REFRESH.expected_path(source).read_text(encoding="utf-8"))
    assert REFRESH.summarize(source) == expected
    assert expected["stories"], "a golden with no stories checks nothing"
