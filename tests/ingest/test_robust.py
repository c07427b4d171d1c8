"""Hostile and dirty input: deep nesting is read in bounded time (the pass over the page is
linear, nothing recurses without bound), and no unprintable character reaches a title or text."""

from __future__ import annotations

import io
from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.nesting import MAX_DEPTH, cap_nesting
from digestcast.models import Issue, Story

SETTINGS = IngestSettings()
DEPTH = 100_000
PROSE = "The council approved the new pier on Tuesday after a long debate about its cost."


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def test_a_page_nested_100000_deep_is_read() -> None:
    page = (
        f"<html><body><h1>Deep</h1>{'<div>' * DEPTH}<p>{PROSE}</p>{'</div>' * DEPTH}</body></html>"
    )
    issue = _load(page)
    assert [s.body for s in issue.stories] == [(PROSE,)]


def test_unclosed_nesting_and_deep_lists_are_read() -> None:
    unclosed = f"<html><body><h1>Deep</h1>{'<div><span>' * DEPTH}<p>{PROSE}</p>"
    assert _load(unclosed).stories[0].body == (PROSE,)
    lists = f"<html><body><h1>Deep</h1>{'<ul><li>an item in a list' * DEPTH}</body></html>"
    assert "an item in a list" in _load(lists).stories[0].body[0]


def test_markdown_quotes_nested_100000_deep_are_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text(f"# Deep\n\n{'>' * DEPTH} {PROSE}\n", encoding="utf-8")
    issue = load_issue(str(path), SETTINGS)
    assert issue.stories[0].body == (PROSE,)


def test_cap_nesting_keeps_text_and_shallow_tags() -> None:
    deep = "<div>" * (MAX_DEPTH + 50) + "<p>x</p>" + "</div>" * (MAX_DEPTH + 50)
    capped = cap_nesting(deep)
    assert capped.count("<div>") == MAX_DEPTH and capped.count("</div>") == MAX_DEPTH
    assert "<p>x</p>" in capped
    flat = "<div><p>a</p></div>"
    assert cap_nesting(flat) == flat


def _everything(issue: Issue) -> list[str]:
    texts = [issue.title, *(issue.publisher or "",)]
    for story in issue.stories:
        texts += [story.title, *story.body, story.url or ""]
        for section in story.sections:
            texts += [section.heading, section.text, *section.items]
    return texts


def test_control_characters_never_reach_titles_or_text() -> None:
    page = (
        "<html><head><title>Weekly\x01 Notes\x1f</title></head><body>"
        "<h2>A bridge\x00 opens\x07 downtown\u200b</h2>"
        f"<p>{PROSE[:40]}\x0b{PROSE[40:]}\x1b</p>"
        "<p>Why it matters:\x02 traffic\x7f on the old road falls by half.</p>"
        "<h2>Market\x08 moves\tto the warehouse</h2>"
        f"<p>{PROSE}\ue000</p></body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "A bridge opens downtown",
        "Market moves to the warehouse",
    ]
    assert issue.title == "Weekly Notes"
    for text in _everything(issue):
        assert all(ch.isprintable() for ch in text), repr(text)


def test_control_characters_in_plain_text_and_markdown() -> None:
    text = f"Weekly\x05 Notes\n\nA bridge opens\x1d\n\n{PROSE}\x06\n\nMarket moves\n\n{PROSE}\n"
    for issue in (_load(text), _load(text.replace("A bridge", "## A bridge"))):
        for value in _everything(issue):
            assert all(ch.isprintable() for ch in value), repr(value)


def test_a_story_in_chinese_counts_its_words_by_its_characters() -> None:
    english = Story("Pier", ("The pier opens on Tuesday.",))
    chinese = Story("码头", ("新码头将在周二开放，渡轮每小时一班。",))  # 16 Han characters
    assert english.words == 5
    assert chinese.words == 1 + 16 * 2 // 3  # one whitespace word, ~1.5 characters a word
