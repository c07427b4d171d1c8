"""Rules found by probing real HTML emails of publishers no one here had seen (an emoji in its
own span before an item's linked title, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _item(title: str, url: str, pre: str = "") -> str:
    return (
        f'<table><tr><td><p class="desc"><span class="mainlink">{pre}'
        f'<a href="{url}">{title}</a></span> — A look at how the harbour crane works, '
        "who built it and why it was moved twice.</p><p>Ann Lee</p></td></tr></table>"
    )


def test_an_emoji_in_its_own_span_before_a_linked_title_still_opens_an_item() -> None:
    items = (
        _item("Harbour crane restored", "https://a.example/crane")
        + _item("Ferry timetable redone", "https://a.example/ferry", '<span class="pre">⛴ </span> ')
        + _item("Lighthouse open again", "https://a.example/light")
    )
    text = f"<html><body><h1>Port weekly 12</h1>{items}</body></html>"
    assert [(s.title, s.url) for s in _load(text).stories] == [
        ("Harbour crane restored", "https://a.example/crane"),
        ("Ferry timetable redone", "https://a.example/ferry"),
        ("Lighthouse open again", "https://a.example/light"),
    ]


def test_a_bold_line_ending_in_a_colon_under_a_label_heading_is_the_storys_title() -> None:
    text = (
        "<html><body><h1>Morning notes 31</h1>"
        "<h2>Insight</h2><p><strong>Ann Lee on slow mornings:</strong></p>"
        '<p>"I used to rush the first hour of the day and regret it by noon. Now I walk the'
        ' dog first and only then open the laptop, and the day goes better."</p>'
        '<p>— <a href="https://a.example/ann">Source</a></p>'
        "<h2>Schedule</h2><p><strong>Next deadline: forms due on May 5</strong></p>"
        "<p>The council wants every form for the new allotments in by then, signed.</p>"
        "</body></html>"
    )
    stories = _load(text).stories
    assert [s.title for s in stories] == ["Ann Lee on slow mornings", "Schedule"]
    assert stories[0].body[0].startswith('"I used to rush')


def test_a_sponsored_by_line_alone_over_an_ad_drops_the_ad_up_to_the_next_heading() -> None:
    text = (
        "<html><body><h1>Morning notes 32</h1>"
        "<h2>Insight</h2><p>The town library now opens at seven on weekdays, so early risers"
        " can read the papers before work, and the reading room has new lamps.</p>"
        "<table><tr><td>Sponsored by Harbour Savings Bank</td></tr></table>"
        '<p><a href="https://ad.example/bank">Harbour Savings.</a> Loans for small boats.</p>'
        "<p>Cheers, Ann</p>"
        "<h2>Gardens</h2><p>The allotments by the river have twelve new plots this spring,"
        " and the waiting list is open to anyone living in the town.</p>"
        "</body></html>"
    )
    stories = _load(text).stories
    assert [s.title for s in stories] == ["Insight", "Gardens"]
    assert not any("Harbour" in " ".join(s.body) for s in stories)
