"""Rules found by probing real issues of publishers no one here had seen (an editor's
"Recommended links" section mid-issue, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()

NOTE = (
    "A good read on why the night ferry matters to the islands, with figures from the "
    "harbour board and a long interview with the captain."
)


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def test_an_editors_recommended_links_section_mid_issue_is_read() -> None:
    text = (
        "# Harbour Weekly 12\n\n"
        f"## Must Read\n\n### [Ferries stay](https://a.example/1)\n\n{NOTE}\n\n"
        f"## Recommended Links\n\n### [Trams return](https://a.example/2)\n\n{NOTE}\n\n"
        f"### [Bridges close](https://a.example/3)\n\n{NOTE}\n\n"
        f"## FYI\n\n### [Tides rise](https://a.example/4)\n\n{NOTE}\n"
    )
    assert _titles(text) == ["Ferries stay", "Trams return", "Bridges close", "Tides rise"]


def test_a_recommended_posts_list_after_the_post_is_still_dropped() -> None:
    text = (
        f"# One essay\n\n{NOTE} {NOTE}\n\n{NOTE}\n\n"
        "## Recommended posts\n\n### [Older essay](https://a.example/o)\n\n"
        "### [Another one](https://a.example/p)\n"
    )
    titles = _titles(text)
    assert "Older essay" not in titles and "Another one" not in titles
