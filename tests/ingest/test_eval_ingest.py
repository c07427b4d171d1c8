"""scripts/eval-ingest on a small corpus written here: its matching rules and its figures."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_ingest.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_ingest", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


EVAL = _module()

DIGEST = """# Harbor Links 12

## Reading

- [Why tides are late in the spring](https://tides.example.org/late) - a clear explainer.
- [The lighthouse keepers' union, 1890-1950](https://history.example.net/keepers) - archives.

## Tools

- [knotlog](https://github.com/example/knotlog) - log every knot you tie, offline.
"""


@pytest.mark.parametrize(
    ("found", "wanted", "same"),
    [
        ("Why Tides Are Late In The Spring!", "why tides are late in the spring", True),
        ("Release notes \\- version 2", "Release notes - version 2", True),
        ("The lighthouse keepers’ union", "The lighthouse keepers' union, 1890-1950", True),
        ("Tools", "Tides", False),
        ("A short one", "A short one, and more words after it", True),
        ("Ferry", "Ferry fares go up", False),
    ],
)
def test_matching_rules(found: str, wanted: str, same: bool) -> None:
    assert EVAL.matches(found, wanted) is same


def test_figures_on_a_small_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "harbor-links.md").write_text(DIGEST, encoding="utf-8")
    (tmp_path / "empty-note.txt").write_text("hi\n", encoding="utf-8")
    manifest = {
        "harbor-links.md": {
            "required": ["Why tides are late in the spring", "A story that is not there"],
            "optional": ["knotlog"],
        },
        "empty-note.txt": {"required": ["Anything"]},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert EVAL.main([str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    totals = report["totals"]
    assert (totals["wanted"], totals["found"], totals["recall"]) == (3, 1, 0.333)
    assert totals["false_stories"] == 1  # the keepers' union: neither required nor optional
    assert totals["failures"] == ["empty-note.txt"]
    by_name = {issue["name"]: issue for issue in report["issues"]}
    assert by_name["harbor-links.md"]["missed"] == ["A story that is not there"]
    assert by_name["harbor-links.md"]["shape"] == "link_digest"
    assert "no stories found" in by_name["empty-note.txt"]["error"]
    assert EVAL.main([str(tmp_path)]) == 0
    assert "recall 0.33 (1/3)" in capsys.readouterr().out


def test_a_directory_without_manifest_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert EVAL.main([str(tmp_path)]) == 2
    assert "no manifest" in capsys.readouterr().err
