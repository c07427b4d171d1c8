"""Titles as a listener hears them, and links that point at the article, not a tracker."""

from __future__ import annotations

import pytest

from digestcast.ingest.links import clean_url
from digestcast.ingest.titles import clean_text, clean_title


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("1. Postgres 18 ships asynchronous I/O", "Postgres 18 ships asynchronous I/O"),
        ("3) Why we still can't predict earthquakes", "Why we still can't predict earthquakes"),
        ("Go 1.27 is out (5 minute read)", "Go 1.27 is out"),
        ("jsonslice (GitHub Repo)", "jsonslice"),
        ("🚀 Launch day for the new API 🎉", "Launch day for the new API"),
        ("Help wanted:", "Help wanted"),
        ("Release notes \\- version 2\\.0 \\<beta\\>", "Release notes - version 2.0 <beta>"),
        ("AT&amp;T buys a &quot;small&quot; firm", 'AT&T buys a "small" firm'),
        ("📦 Tools {#tools}", "Tools"),
        ("2、螃蟹椅（英文）", "螃蟹椅"),
        ("2026: the year in review", "2026: the year in review"),
        ("A\x00 title\x1f with\tcontrols", "A title with controls"),
    ],
)
def test_clean_title(written: str, heard: str) -> None:
    assert clean_title(written) == heard


def test_clean_text_keeps_letters_and_emoji_and_drops_controls() -> None:
    assert clean_text("Caf\u00e9\x00 \u2014 \U0001f600\u200b ok\x1f") == "Café — 😀 ok"


@pytest.mark.parametrize(
    ("tracked", "article"),
    [
        (
            "https://l.mailer.example/click?u=https%3A%2F%2Fsite.example%2Fpost%3Fid%3D2%26utm_source%3Dx",
            "https://site.example/post?id=2",
        ),
        ("https://www.google.com/url?q=https://example.com/a&sa=D", "https://example.com/a"),
        (
            "https://t.example/r/https%3A%2F%2Fnews.example%2Fstory",
            "https://news.example/story",
        ),
        ("https://a.example/x?utm_medium=email&id=3&utm_campaign=w", "https://a.example/x?id=3"),
        ("https://a.example/plain", "https://a.example/plain"),
        (  # a target written in base64 as a path segment
            "https://click.mailer.example/c/1234.5678/aHR0cHM6Ly9uZXdzLmV4YW1wbGUvaGFyYm9yL25ldy1waWVyP3V0bV9zb3VyY2U9bGV0dGVyJmlkPTc/ab12",
            "https://news.example/harbor/new-pier?id=7",
        ),
    ],
)
def test_clean_url_unwraps_redirects_and_drops_tracking(tracked: str, article: str) -> None:
    assert clean_url(tracked) == article
