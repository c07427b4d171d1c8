"""Rules found by probing real issues of publishers no one here had seen (an editor's
"Recommended links" section mid-issue, ...), each on a small issue written for it."""

from __future__ import annotations

import io
from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.clean import FOOTER
from digestcast.ingest.text import _wrapped
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


def test_a_posts_time_stamp_line_is_not_a_story_title() -> None:
    text = (
        f"# Weekly notes 9\n\n## Links\n\n### [Ferries stay](https://a.example/1)\n\n{NOTE}\n\n"
        f"### [Trams return](https://a.example/2)\n\n{NOTE}\n\n## Journal\n\n"
        f"[Thursday @ 9:18 PM](https://blog.example/t)\n\n{NOTE}\n\n"
        f"[Monday @ 7:26 AM](https://blog.example/m)\n\n{NOTE}\n"
    )
    titles = _titles(text)
    assert titles[:2] == ["Ferries stay", "Trams return"]
    assert not any("@" in t for t in titles)


FURTHER = [
    "The complete ferry guide",
    "Ferry versus bridge plan",
    "Winter timetable in full",
    "A map of the routes",
]


def test_bare_links_after_a_sections_own_text_are_its_further_reading() -> None:
    story = (
        "<p>The harbour board kept the night ferry. Fares stay the same. Two boats a night."
        "</p><p>The islanders won this one. Their petition had two thousand names.</p>"
    )
    other = (
        "<p>The council brings back the old tram line next spring, after ten years of buses."
        "</p><p>Shops on the high street asked for it. The first car runs in April.</p>"
    )

    def links(topic: str) -> str:
        return "".join(
            f'<li><a href="https://a.example/{topic}/{n}">{t}</a></li>'
            for n, t in enumerate(FURTHER)
        )

    page = (
        f"<html><body><h2>Ferries stay</h2>{story}<ul>{links('f')}</ul>"
        f"<h2>Trams return</h2>{other}</body></html>"
    )
    assert _titles(page) == ["Ferries stay", "Trams return"]


def test_exclamations_in_an_untitled_essay_are_not_titles_and_its_footer_is_dropped() -> None:
    para = f"<div>{NOTE}<br><br>{NOTE} {NOTE}<br><br>{NOTE}</div>"
    page = (
        f"<html><body>{para}<div>This could be the harbour!</div>{para}"
        "<div>You can do it, harbour board!</div><hr>"
        '<p><a href="https://posts.example/p/ferries">View this post online</a></p>'
        "<p>You’re subscribed to <a href='https://posts.example'>Ann Quay</a> on Posts</p>"
        "<p>Posts: PO Box 1234, PMB 567, Springfield</p></body></html>"
    )
    issue = _load(page)
    assert len(issue.stories) == 1
    text = " ".join(issue.stories[0].body)
    assert "subscribed" not in text and "PO Box" not in text


def test_a_forwarded_emails_header_is_not_read() -> None:
    page = (
        '<div dir="ltr"><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: <strong>Ann Quay</strong> "
        '<span>&lt;<a href="mailto:ann@a.example">ann@a.example</a>&gt;</span><br>'
        "Date: Fri, 28 Oct 2022 at 19:15<br>Subject: Ferries stay<br>"
        'To: &lt;<a href="mailto:bo@b.example">bo@b.example</a>&gt;<br></div><br>'
        f"<h1>Ferries stay</h1><p>{NOTE}</p><p>{NOTE} {NOTE}</p><p>{NOTE}</p></div></div>"
    )
    issue = _load(page)
    texts = [issue.opening.body if issue.opening else ()] + [s.body for s in issue.stories]
    assert not any("Forwarded message" in t for body in texts for t in body)


def test_a_numbered_title_trailing_off_is_a_title_and_a_locked_gate_ends_the_stories() -> None:
    def item(n: int, title: str, who: str) -> str:
        return (
            f"{n}. {title}\n\nThe {who} app lets you pick the music you hear on hold.\n"
            f"It plays a hit from the year you were born.\n\n"
            f"https://bites.example/{n}\n\n{who} — Personalisation\n\n\n\n"
        )

    text = (
        "Hey there,\nhere is another batch of bites.\n\n\n\n"
        + item(1, "Hold music", "Harbour")
        + item(2, "Your hold music...", "Quay")
        + item(3, "Spoiler-free mode", "Pier")
        + "BITES+ CONTENT LOCKED 🔒\n\n\nGet the extended version with Bites+ today.\n\n"
        "P.S. I am hiring a freelance designer, reply with your portfolio.\nAnn\n"
    )
    assert _titles(text) == ["Hold music", "Your hold music...", "Spoiler-free mode"]


def test_source_host_lines_and_a_labelled_ad_in_a_plain_text_digest(tmp_path: Path) -> None:
    def item(title: str, slug: str, host: str = "blog.example") -> str:
        return (
            f"{title} (https://{host}/{slug})\n"
            f"A note on {title.lower()}: what changed this week, who asked for it, what it "
            "costs the town and why it matters to the people who use it every day.\n"
            f"{host} (https://{host}/{slug})\n\n"
        )

    text = (
        "Subject: Harbour Weekly #12\nFrom: Ann <ann@a.example>\nMIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"; format="fixed"\n\n'
        "** ISSUE #12\n------------------------------------------------------------\n"
        "10th of May 2026\n\nHi folks! Here are the links of the week.\n\n"
        "Articles\n"
        + item("Ferries stay in winter", "ferries")
        + item("Trams return to the harbour", "trams", "www.news.example")
        + "Sponsored\n"
        + item("Try the fastest boat booking tool today", "ad", "ads.example")
        + "Libraries\n"
        + item("Tidekit for timetables", "tidekit", "code.example")
        + item("Quaylib for docks", "quaylib", "code.example")
    )
    email = tmp_path / "weekly.eml"
    email.write_text(text, encoding="utf-8")
    assert [s.title for s in load_issue(str(email), SETTINGS).stories] == [
        "Ferries stay in winter",
        "Trams return to the harbour",
        "Tidekit for timetables",
        "Quaylib for docks",
    ]


def test_a_paragraph_opening_with_the_authors_linked_name_is_the_titles_text() -> None:
    def item(slug: str, title: str, text: str) -> str:
        return f'<a href="https://a.example/{slug}" class="link">{title}</a><p>{text}</p>'

    page = (
        "<html><body><h1>Issue 70</h1>"
        + item("f", "Ferries stay", f"The board voted. {NOTE}")
        + item("t", "Trams return", f"After ten years of buses. {NOTE}")
        + item(
            "b",
            "Bridges close",
            '<a href="https://people.example/ann">Ann Quay</a> with a story about the old '
            "swing bridge and why the council cannot afford to keep it open at night.",
        )
        + item("d", "Docks reopen", f"The cranes are back. {NOTE}")
        + "</body></html>"
    )
    assert _titles(page) == ["Ferries stay", "Trams return", "Bridges close", "Docks reopen"]


def test_a_credit_line_under_each_items_bare_link_is_not_a_section() -> None:
    def item(n: int, title: str, who: str) -> str:
        return (
            f"{n}. {title}\n\nThe {who} app lets you pick the music you hear on hold.\n\n"
            f"https://bites.example/{n}\n\n{who} — Personalisation\n\n\n\n"
        )

    text = "Hey there,\nhere is another batch of bites.\n\n\n\n" + "".join(
        item(n, t, w)
        for n, (t, w) in enumerate(
            [
                ("Hold music", "Harbour"),
                ("Quiet mode", "Quay"),
                ("Easy start", "Pier"),
                ("Dark map", "Dock"),
            ],
            1,
        )
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == [
        "Hold music",
        "Quiet mode",
        "Easy start",
        "Dark map",
    ]
    assert not any(s.group and "—" in s.group for s in issue.stories)


def test_a_section_that_only_lists_names_is_not_a_story() -> None:
    names = "".join(f"* {n}\n" for n in ["Ann Quay", "bo", "Cy Dock", "Di Pier", "Ed Tide"])
    text = (
        f"# Harbour Weekly 40\n\n# Notable Links\n\n* [Ferries stay](https://a.example/f). "
        f"{NOTE}\n* [Trams return](https://a.example/t). {NOTE}\n\n"
        f"# New Contributors\n\n{names}\n# Quote of the Week\n\n{NOTE}\n"
    )
    titles = _titles(text)
    assert "New Contributors" not in titles
    assert titles[:2] == ["Ferries stay", "Trams return"]


def test_a_line_going_on_in_small_letters_joins_the_long_line_above_it() -> None:
    long_line = (
        "When you plan a day on the harbour app you can either answer questions about today, "
        "in the past tense, or plan for tomorrow"
    )
    text = (
        "1. Planning your day\n\n"
        f"{long_line}\n(framed in the future).\n{long_line}, and this framing makes a plan a "
        "good deal easier to keep when the week gets busy.\n\n"
        "https://bites.example/1\n\n\n\n2. Quiet mode\n\n"
        f"{long_line}\n(and the app stays silent until you ask).\n\nhttps://bites.example/2\n"
    )
    body = _load(text).stories[0].body
    assert any("plan for tomorrow (framed in the future)." in part for part in body)


def test_a_title_with_its_link_and_a_blurb_without_a_stop_stay_apart() -> None:
    title = "quaylib (https://github.com/harbourdev/quaylib-tides)"
    blurb = "A small multiplatform library for tide tables written in Kotlin"
    source = "github.com (https://github.com/harbourdev/quaylib-tides)"
    width = max(len(title), len(blurb), len(source))
    assert not _wrapped(title, blurb, 1, width)  # the title line is not wrapped into its blurb
    assert not _wrapped(blurb, source, 2, width)  # nor the source line into the blurb
    assert _wrapped(blurb, "and in Swift too, from this week on", 2, width)


def test_a_thanks_to_the_supporter_line_is_footer() -> None:
    assert FOOTER.search("Thanks to Quay Tools for their support! (https://quay.example)")
    assert FOOTER.search("Thanks to the Harbour Fund for its continued support.")
    assert not FOOTER.search("Thanks to the new crane, the docks support twice the load.")


def test_a_linked_headline_over_sentence_bullets_is_one_story() -> None:
    points = "".join(
        f"- {p}\n"
        for p in [
            "[Harbour v0.12 quietly released](https://h.example/r) and moves to monthly releases.",
            "The ferry app [moved into 3D](https://h.example/3d).",
            "Scripting support [edges closer](https://h.example/s).",
            "Docs got [a new tutorial](https://h.example/t) for first-time skippers.",
            "[Quaykit](https://h.example/q) - a dock editor built on Harbour.",
            "[Tidelib](https://h.example/l) and [Pierlib](https://h.example/p) steadily mature.",
        ]
    )
    points += "\n_Discussions: [/r/harbour](https://forum.example/h)_\n"
    text = (
        "# Harbour Monthly 1\n\n## News\n\n"
        f"### [Ferries stay](https://a.example/f)\n\n{NOTE}\n\n"
        f"### [The Harbour Activity Report](https://h.example/report)\n\n{points}\n"
        f"### [Trams return](https://a.example/t)\n\n{NOTE}\n"
    )
    assert _titles(text) == ["Ferries stay", "The Harbour Activity Report", "Trams return"]
