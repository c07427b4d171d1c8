"""Rewrite the expected JSON of every ingest input here: `python tests/data/ingest/refresh.py`.
Review the diff before committing: the goldens are what the parametrized test checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Story

HERE = Path(__file__).resolve().parent
SKIP_SUFFIXES = (".expected.json", ".py")


def inputs() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if p.is_file() and not p.name.endswith(SKIP_SUFFIXES))


def expected_path(source: Path) -> Path:
    return source.with_name(source.name + ".expected.json")


def _story(story: Story) -> dict[str, Any]:
    found: dict[str, Any] = {
        "title": story.title,
        "url": story.url,
        "sections": [sec.name for sec in story.sections],
    }
    if story.image:  # only when present: goldens without images stay as they were
        found["image"] = story.image
    if story.group:
        found["group"] = story.group
    if story.byline:
        found["byline"] = story.byline
    if story.parts:
        found["parts"] = [part.heading for part in story.parts]
    return found


def summarize(source: Path) -> dict[str, Any]:
    """What the golden file records about the issue read from `source`."""
    issue = load_issue(str(source), IngestSettings())
    return {
        "title": issue.title,
        "date": issue.date.isoformat() if issue.date else None,
        "shape": issue.shape,
        "opening": issue.opening.title if issue.opening else None,
        "stories": [_story(s) for s in issue.stories],
    }


def main() -> int:
    for source in inputs():
        text = json.dumps(summarize(source), ensure_ascii=False, indent=2) + "\n"
        expected_path(source).write_text(text, encoding="utf-8")
        print(f"wrote {expected_path(source).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
