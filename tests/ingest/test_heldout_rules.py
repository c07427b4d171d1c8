"""The general rules the held-out issues asked for, each on a small issue written for it: a
pull quote is not a title, a poll's answers and a sponsor's labelled block are not stories, a
release's own sub-headings are its parts, a lone button is not a story's link, a "[video]" tag
is not read, and the sign-off after the last separator is not the last story's text."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.titles import clean_title
from digestcast.models import Issue


def _load(text: str) -> Issue:
    return load_issue("-", IngestSettings(), stdin=io.BytesIO(text.encode()))


def _html(body: str) -> Issue:
    return _load(
        f"<!DOCTYPE html><html><head><title>Pier Notes</title></head><body>{body}</body></html>"
    )


def _titles(issue: Issue) -> list[str]:
    return [s.title for s in issue.stories]


_BODY = "The harbor board met on Monday and agreed on the plan after a long public hearing."


def test_a_quoted_sentence_between_bold_titles_is_a_pull_quote_not_a_section() -> None:
    issue = _html(
        "<h1>Pier Notes</h1>"
        f"<p><strong>1. The ferry gets a new dock</strong></p><p>{_BODY}</p>"
        '<blockquote><p>"We waited ten years for this." &mdash; a ferry captain</p></blockquote>'
        f"<p><strong>2. Fish market moves north</strong></p><p>{_BODY}</p>"
        f"<p><strong>3. Night buses return</strong></p><p>{_BODY}</p>"
    )
    assert _titles(issue) == [
        "The ferry gets a new dock",
        "Fish market moves north",
        "Night buses return",
    ]
    assert all(s.group is None for s in issue.stories)
    assert any("ten years" in p for p in issue.stories[0].body)


def test_a_polls_answers_are_not_stories() -> None:
    answers = "".join(
        f'<p><a href="https://pier.example/polls/7/vote?answer={a}">&#x1F7E9; {t}</a></p>'
        for a, t in (("yes", "Yes, gladly"), ("maybe", "It depends"), ("no", "Not at all"))
    )
    stories = f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
    stories += f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    for poll in (f"<h2>Tell us</h2>{answers}", "<h2>Poll: should the pier stay open late?</h2>"):
        issue = _html(stories + poll)
        assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]
        assert issue.stories[-1].body == (_BODY,)


def test_video_links_differing_in_their_query_are_still_stories() -> None:
    items = "".join(
        f'<li><a href="https://video.example/watch?v={v}">{t}</a></li>'
        for v, t in (("a1", "Docking a ferry in fog"), ("b2", "How tides are predicted"))
    )
    issue = _html(f"<h1>Pier Notes</h1><h2>Videos</h2><ul>{items}</ul>")
    assert _titles(issue) == ["Docking a ferry in fog", "How tides are predicted"]


def test_a_heading_under_a_sponsor_label_goes_with_the_sponsors_block() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        "<p><strong>THIS WEEK'S SPONSOR</strong></p>"
        "<h3>Dockside Paints: 15% off marine varnish</h3>"
        "<p>Mention Pier Notes at the counter for the discount, all through December.</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    )
    assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]


def test_a_linked_release_heading_keeps_its_own_sub_headings() -> None:
    def release(name: str) -> str:
        return (
            f'<h2><a href="https://code.example/{name}/releases/1.0.0">{name} 1.0.0</a></h2>'
            f"<p>The first stable release of {name}, with a new parser and faster start-up.</p>"
            "<h3>What's Changed</h3><ul><li>Faster start-up by @ana in #12</li>"
            "<li>Fix a crash on empty files by @bo in #15</li></ul>"
            "<h3>Breaking changes</h3><ul><li>Drop the old config format (#9)</li></ul>"
        )

    issue = _html(
        "<p>Two releases this week, both stable at last.</p>"
        + release("knotlog")
        + release("tidecalc")
    )
    assert _titles(issue) == ["knotlog 1.0.0", "tidecalc 1.0.0"]
    assert issue.stories[0].url == "https://code.example/knotlog/releases/1.0.0"
    assert any("crash on empty files" in p for p in issue.stories[0].body)


def test_a_button_alone_is_neither_text_nor_the_storys_link() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        '<p><a href="https://pier.example/#/portal/signup">Subscribe</a></p>'
        '<p><a href="https://pier.example/p/market/comments">Leave a comment</a></p>'
    )
    last = issue.stories[-1]
    assert last.url is None and last.body == (_BODY,)


def test_a_media_tag_before_a_title_is_not_read() -> None:
    assert clean_title("[video] Docking a ferry in fog") == "Docking a ferry in fog"
    assert clean_title("(PDF): The harbor plan") == "The harbor plan"
    assert clean_title("[RFC] A new mooring rule") == "[RFC] A new mooring rule"


def test_the_sign_off_after_the_last_separator_is_not_the_last_storys() -> None:
    issue = _load(
        "# Pier Notes\n\n## The ferry gets a new dock\n\n"
        f"{_BODY}\n\n## Fish market moves north\n\n{_BODY}\n\n{_BODY}\n\n---\n\n"
        "That's all for this week! Reply and tell me what you would like to read about.\n"
    )
    assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]
    assert issue.stories[-1].body == (_BODY, _BODY)


def test_an_advertisement_label_alone_drops_the_heading_under_it_in_any_language() -> None:
    for label in ("ANZEIGE", "Publicité", "Advertisement"):
        issue = _html(
            f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
            f"<p>{label}</p><h3>Dockside Paints: 15% off marine varnish</h3>"
            "<p>Mention Pier Notes at the counter for the discount, all through December.</p>"
            f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        )
        assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"], label


def test_a_sentence_opening_with_the_word_for_advertisement_is_kept() -> None:
    text = "Anzeige gegen Unbekannt: die Polizei sucht Zeugen für den Einbruch am Hafen."
    issue = _html(f"<h1>Pier Notes</h1><h2>Einbruch am Hafen</h2><p>{text}</p>")
    assert issue.stories[0].body == (text,)


def test_a_signed_short_essay_with_one_paragraph_parts_is_one_story() -> None:
    para = (
        "Every system you have not run before is full of small surprises, and each one is "
        "learned in an incident, usually at night, usually by the person least ready for it."
    )
    issue = _load(
        "# Why the old pier still stands\n\nBy Ines Varga · 6 min read\n\n"
        f"{para}\n\n{para}\n\n## Wood is patient\n\n{para}\n\n{para}\n\n"
        f"## Steel is not\n\n{para}\n\n"
        f"## What to keep\n\n{para}\n\n{para}\n"
    )
    assert issue.shape == "essay" and _titles(issue) == ["Why the old pier still stands"]
    story = issue.stories[0]
    assert story.byline == "Ines Varga"
    assert [p.heading for p in story.parts] == ["Wood is patient", "Steel is not", "What to keep"]


def test_a_title_line_over_a_date_line_is_the_issues_name() -> None:
    body = (
        "The state lands commission voted on Tuesday to approve a lease for the first "
        "floating wind farm off the coast."
    )
    issue = _load(
        "THE PIER BRIEFING\nWednesday, November 25, 2026\n\n"
        "Good morning from the coast. Two stories today.\n\n* * *\n\n"
        f"WIND LEASE APPROVED\n\n{body}\n\n* * *\n\nDREDGING FUNDED\n\n{body}\n"
    )
    assert issue.title == "THE PIER BRIEFING"
    assert _titles(issue) == ["WIND LEASE APPROVED", "DREDGING FUNDED"]


def test_event_sections_in_german_and_french_are_not_stories() -> None:
    for label in ("Termine", "Événements", "Agenda"):
        issue = _html(
            f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
            f"<h2>{label}</h2><ul><li>Mittwoch, 18 Uhr: Lesung in der Stadtbibliothek</li>"
            "<li>Freitag, 20 Uhr: Konzert am Hafen</li></ul>"
        )
        assert _titles(issue) == ["The ferry gets a new dock"], label
