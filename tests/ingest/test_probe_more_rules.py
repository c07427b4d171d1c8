"""Rules found by probing a third set of real issues from publishers no one here had seen (a
bold title line over a bare address line, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def test_a_bold_title_line_over_a_bare_address_line_is_an_item_with_that_link() -> None:
    text = (
        "# Workbench notes 7\n\n## Reading\n\n"
        "**How our bakery moved to solar**  \n<https://a.example/solar>  \n"
        "the owner explains the panels, the loan and the first winter's bills, in detail.\n\n"
        "**A field guide to canal locks**  \n<https://a.example/locks>  \n"
        "Photos and drawings of every lock between the two rivers, with their history.\n\n"
        "## Tools\n\n"
        "**tidy-notes: sorts your notes by date**  \n<https://a.example/tidy>  \n"
        "A small command line tool that files loose notes into folders by the day written.\n"
    )
    stories = _load(text).stories
    assert [(s.title, s.url) for s in stories] == [
        ("How our bakery moved to solar", "https://a.example/solar"),
        ("A field guide to canal locks", "https://a.example/locks"),
        ("tidy-notes: sorts your notes by date", "https://a.example/tidy"),
    ]
    assert not any("https://" in " ".join(s.body) for s in stories)
    assert stories[0].body[0].casefold().startswith("the owner explains the panels")


def test_a_cards_source_line_naming_its_site_is_not_a_story() -> None:
    card = (
        '<tr><td><a href="https://{site}/post"><span>{title}</span></a>'
        "<p>A long look at how the town council plans its bus routes, and why it changed.</p>"
        '<div><a href="https://{site}/post">{site}</a> <span>Ann Lee</span></div></td></tr>'
    )
    rows = "".join(
        card.format(site=site, title=title)
        for site, title in (("www.buses.example", "New night buses"), ("trams.example", "Trams"))
    )
    text = f"<html><body><h1>Transit links 4</h1><table>{rows}</table></body></html>"
    titles = [s.title for s in _load(text).stories]
    assert titles == ["New night buses", "Trams"]


def test_a_short_line_opening_with_a_site_name_that_is_not_its_own_link_stays() -> None:
    text = (
        "<html><body><h1>Links 5</h1>"
        '<p><a href="https://a.example/x">New night buses</a> A long look at the council.</p>'
        '<p><a href="https://b.example/y">trams.example</a> is open</p></body></html>'
    )
    titles = [s.title for s in _load(text).stories]
    assert "New night buses" in titles and len(titles) == 2


PROSE = (
    "Until now every route was planned by hand each morning, which took the whole team an "
    "hour. The planner now reads the orders and proposes routes, and a person only checks them."
)


def test_change_links_then_prose_under_a_heading_are_one_story() -> None:
    text = (
        "# Depot dev weekly 8\n\n## Features\n\n### Route planner\n\n"
        "- [feat(planner): add route planner by ann #41](https://forge.example/depot/pull/41)\n"
        "- [Plan routes automatically · Issue #12](https://forge.example/depot/issues/12)\n\n"
        f"{PROSE}\n\n### Sign-in check\n\n"
        "[fix(auth): reject empty passwords by bo #44](https://forge.example/depot/pull/44)\n\n"
        f"{PROSE}\n"
    )
    stories = _load(text).stories
    assert [s.title for s in stories] == ["Route planner", "Sign-in check"]
    assert stories[0].url == "https://forge.example/depot/pull/41"


def test_change_links_between_paragraphs_stay_items() -> None:
    text = (
        "# Depot dev weekly 9\n\n## Merged\n\n"
        "[#41: add route planner](https://forge.example/depot/pull/41)\n\n"
        f"{PROSE}\n\n"
        "[#44: reject empty passwords](https://forge.example/depot/pull/44)\n\n"
        f"{PROSE}\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert len(titles) == 2 and "Merged" not in titles


def test_plain_text_title_lines_with_their_link_are_items_and_mailto_lines_are_dropped() -> None:
    article = (
        "{title} (https://track.example/c?id={n})\n\n— {author}\n\n"
        "tl;dr: {title} is a long read about {topic}, with numbers from the city and two "
        "interviews. It is worth the twenty minutes it takes.\n\n"
        "Planning (https://track.example/t?id=p{n})\n"
        "mailto:?subject={n}&body=I'm%20sharing%20this%20article\n\n"
    )
    text = "A reading list for planners\n\n" + "".join(
        article.format(title=title, author=author, topic=topic, n=n)
        for n, (title, author, topic) in enumerate(
            (
                ("Why Buses Beat Trams", "Ann Lee", "bus lanes"),
                ("The Quiet Bridge", "Bo Park", "a footbridge"),
                ("Parking Minimums Are Going", "Cy Moss", "parking rules"),
            )
        )
    )
    stories = _load(text).stories
    assert [s.title for s in stories] == [
        "Why Buses Beat Trams",
        "The Quiet Bridge",
        "Parking Minimums Are Going",
    ]
    assert stories[1].url == "https://track.example/c?id=1"
    assert not any("mailto" in " ".join(s.body) for s in stories)
