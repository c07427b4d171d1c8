"""Rules added for the fifth batch of held-out issues (platforms and shapes no rule was
written for), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def _card(url: str, title: str, about: str, site: str) -> str:
    return (
        f'<figure class="card"><a class="card-box" href="{url}"><div class="card-content">'
        f'<div class="card-title">{title}</div><div class="card-about">{about}</div>'
        f'<div class="card-meta"><span>{site}</span></div></div></a></figure>'
    )


COMMENTS = [
    "A baker in Lyon tested every flour sold in the city and found most bags mislabelled.",
    "Night trains are back on three routes, and the sleeper cars are already fully booked.",
    "A town library now lends out sewing machines, and the waiting list is two months long.",
]
CARDS = [
    ("https://a.example/flour", "What is really in the bag", "A year of flour tests.", "Crumb"),
    ("https://b.example/trains", "The sleeper is back", "Three new night routes.", "Rails"),
    ("https://c.example/sew", "Borrow a sewing machine", "A library of tools.", "Civic"),
]


def _bookmark_issue() -> str:
    parts = [f"<p>{c}</p>{_card(*card)}" for c, card in zip(COMMENTS, CARDS, strict=True)]
    return "<html><body><h1>Weekly Reads</h1><h2>The reads</h2>" + "".join(parts) + "</body></html>"


def test_a_link_wrapping_a_card_gives_its_title_alone() -> None:
    issue = _load(_bookmark_issue())
    assert [s.title for s in issue.stories] == [c[1] for c in CARDS]
    assert [s.url for s in issue.stories] == [c[0] for c in CARDS]
    assert issue.stories[0].body[0] == "A year of flour tests. Crumb"  # not run into the title


def test_an_editors_paragraph_before_each_card_belongs_to_that_card() -> None:
    issue = _load(_bookmark_issue())
    for story, comment in zip(issue.stories, COMMENTS, strict=True):
        assert comment in story.body, (story.title, story.body)


def test_feedback_buttons_are_not_stories() -> None:
    page = _bookmark_issue().replace(
        "</body>",
        '<table><tr><td><a href="https://w.example/p/#/feedback/1">More like this</a></td>'
        '<td><a href="https://w.example/p/#/feedback/0">Less like this</a></td></tr></table>'
        "</body>",
    )
    assert [s.title for s in _load(page).stories] == [c[1] for c in CARDS]
