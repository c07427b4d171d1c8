"""Rules found by probing a sixth set of real issues (a project's monthly letter dated by its
first heading, a weekly digest closing on a language's job board, a sponsor letter signing
off in bold, ...), each on a small issue written for it."""

from __future__ import annotations

import io
from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def test_a_first_heading_that_only_dates_the_issue_is_its_greeting_not_a_story() -> None:
    text = (
        "# March 2026\n\n"
        "Hello friends, spring is here and the workshop has been busy with two releases and a "
        "new volunteer crew joining the repair evenings.\n\n"
        "# Volunteers\n\n"
        "Four new volunteers joined the Thursday repair evenings and fixed eleven toasters, "
        "three radios and a very old sewing machine between them.\n\n"
        "# Releases\n\n"
        "The parts catalogue now lists every spare we keep, with the shelf it sits on and how "
        "many are left, so nobody has to dig through boxes again.\n"
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == ["Volunteers", "Releases"]
    assert issue.opening is not None and "spring is here" in " ".join(issue.opening.body)


def test_a_date_heading_among_dated_sections_is_kept_when_no_peer_follows() -> None:
    text = (
        "# 12 May 2026\n\n"
        "The ferry timetable changes next week: the early boat leaves ten minutes sooner and "
        "the last one on Sundays is dropped until the summer season starts.\n"
    )
    assert len(_load(text).stories) == 1


def test_a_section_naming_a_languages_job_board_is_not_a_story() -> None:
    text = (
        "# Kiln Weekly 7\n\n"
        "## Glaze that cracks less\n\n"
        "A new recipe lowers the firing temperature and the glaze no longer crazes on thick "
        "mugs, say the potters who tried it for a month.\n\n"
        "## Kiln shelves from old bricks\n\n"
        "One member cut shelves from reclaimed bricks and shared the measurements and the "
        "saw she used, with photos of every step.\n\n"
        "## Pottery jobs\n\n"
        "If you know of any studio hiring, tell us on the forum and we will list it here.\n"
    )
    assert _titles(text) == ["Glaze that cracks less", "Kiln shelves from old bricks"]


def test_a_name_ending_in_jobs_is_still_a_title() -> None:
    from digestcast.ingest.segment import is_boilerplate_heading

    assert not is_boilerplate_heading("Steve Jobs")
    assert is_boilerplate_heading("Rowing jobs")


def test_a_bold_closing_line_thats_it_for_the_month_is_a_sign_off() -> None:
    text = (
        "# Notes from the allotment: June\n\n"
        "**Tomatoes went in early**\n\n"
        "The warm spell let us plant out the tomatoes two weeks early, and the first trusses "
        "have already set fruit on the south beds.\n\n"
        "**The water butt finally works**\n\n"
        "After a season of leaks the new tap holds, and the butt filled in one storm.\n\n"
        "**That's it for June!**\n\n"
        "Thanks for reading, and please reply if you have seeds to swap next month.\n"
    )
    titles = _titles(text)
    assert "Tomatoes went in early" in titles and "The water butt finally works" in titles
    assert not any(t.startswith("That's it") for t in titles)


def test_a_one_word_bold_lead_in_closed_by_a_full_stop_titles_its_paragraph() -> None:
    text = (
        "# Open Tables, week 31\n\n"
        "*Bridges, bird counts and bread prices.*\n\n"
        "__Bridge inspections in two counties.__ The road agency has published every "
        "inspection report since 2009, with the rating given to each span and the repairs "
        "that followed.\n\n"
        "__Birds.__ A volunteer survey has counted garden birds on the same weekend "
        "every winter for thirty years; the tallies by species and postcode are free to use.\n\n"
        "__Bread prices across the region.__ A bakers' guild logs what a plain loaf costs in "
        "ninety shops each month, and now offers the table as a spreadsheet.\n"
    )
    assert _titles(text) == [
        "Bridge inspections in two counties",
        "Birds",
        "Bread prices across the region",
    ]


def test_a_paragraph_all_in_brackets_is_an_aside_not_a_title() -> None:
    text = (
        "# Workbench letter: April\n\n"
        "**The new bandsaw arrived**\n\n"
        "It took three of us to carry it down the stairs, and it cuts curves in oak as if it "
        "were butter.\n\n"
        "(I'm happy to report the old saw found a home in the school workshop up the road!)\n\n"
        "The blade guard needed a small adjustment, which the manual explains on page nine.\n\n"
        "**Glue-up tips from the forum**\n\n"
        "Clamp from the middle outwards, and keep a damp rag close to wipe squeeze-out before "
        "it sets hard on the surface.\n"
    )
    titles = _titles(text)
    assert titles == ["The new bandsaw arrived", "Glue-up tips from the forum"]


def test_an_issue_listing_its_topics_first_is_a_digest_not_an_essay() -> None:
    topics = ["The river path reopens", "A new bakery on Mill Street", "Library hours change"]
    bodies = [
        "The path along the river is open again after the winter repairs. The council laid "
        "new gravel, fixed the railings by the weir and put two benches where the old ones "
        "had rotted. Walkers can go from the station to the lock without a detour now. "
        "Cyclists are asked to slow down under the bridge, where the path narrows to one "
        "lane and the view ahead is short.",
        "A bakery has opened where the hardware shop used to be. The owners bake sourdough "
        "before dawn and sell out of rye by ten most mornings. They plan a bench outside for "
        "the summer and coffee from a roaster two streets away. On Saturdays they bake a "
        "cardamom bun that already has a queue, and leftovers go to the food bank at closing.",
        "From next month the library closes an hour later on Thursdays and opens at noon on "
        "Sundays. The staff say evening visits have doubled since the reading room was "
        "refurbished last autumn. The children's corner keeps its morning hours, and the "
        "study tables upstairs can now be booked online a week ahead for two-hour slots.",
    ]
    text = (
        "# The Towpath Letter: May\n\n"
        "Thank you for reading again this month. Here is what happened around town, in a "
        "format that takes a few minutes to read over a cup of tea at the kitchen table, "
        "and as always I would love to hear what you think of it. Replies come straight to "
        "me, and I read every one of them, usually on the train home on Friday evenings.\n\n"
        "This month:\n\n"
        + "".join(f"- {t}\n" for t in topics)
        + "\n"
        + "".join(f"**{t}**\n\n{b}\n\n{b}\n\n" for t, b in zip(topics, bodies, strict=True))
    )
    assert _titles(text) == topics


def _load_file(tmp_path: Path, name: str, text: str) -> Issue:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_issue(str(path), SETTINGS)


def test_a_referral_box_and_a_figures_credit_are_not_heard(tmp_path: Path) -> None:
    text = (
        "Subject: The quiet cost of extra steps\n"
        "From: Field Notes <notes@example.org>\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "**Every hop in a pipeline costs a little**\n\n"
        "Each copy of the data adds a place where it can go stale, and a job someone has to "
        "watch at three in the morning when it fails.\n\n"
        "Adapted from concepts shared by the authors, curated by Field Notes\n\n"
        "Fewer hops mean fewer pages to the person on call, and fewer tables nobody trusts.\n\n"
        "**Name what each step is for**\n\n"
        "Before adding a step, write down what it changes about the data, and who reads it "
        "afterwards; a step that changes nothing can go.\n\n"
        "Invite your friends and earn rewards\n\n"
        "If you enjoy Field Notes, share it with your friends and earn rewards when they "
        "subscribe.\n"
    )
    stories = _load_file(tmp_path, "notes.eml", text).stories
    heard = " ".join(p for s in stories for p in s.body)
    assert "Adapted from" not in heard and "earn rewards" not in heard
    assert "Fewer hops mean fewer pages" in heard


def test_a_signed_essay_with_many_parts_is_one_story(tmp_path: Path) -> None:
    parts = [
        "Why we write lists",
        "What a list hides",
        "Lists at work",
        "Lists at home",
        "When lists fail",
        "Lists that think for us",
        "What to keep",
    ]
    body = (
        "We hand small jobs to paper all the time, and it frees the mind for other things. "
        "The question is what happens when the paper starts to decide for us as well. "
        "A list that only remembers is a tool; a list that chooses is something else."
    )
    text = (
        "Remembering on Paper\n====================\n\n"
        "Ada Lindqvist\n\nMar 4\n\n"
        "Every morning I write the day down before I start it, and I have wondered for years "
        "what that habit does to the way I think. This is an attempt at an answer, in parts, "
        "with a few studies and more than a few of my own mistakes along the way.\n\n"
        + "".join(f"{p}\n{'-' * len(p)}\n\n{body}\n\n{body}\n\n" for p in parts)
    )
    stories = _load_file(tmp_path, "essay.md", text).stories
    assert [s.title for s in stories] == ["Remembering on Paper"]


def test_a_line_of_two_sentences_is_prose_not_a_title() -> None:
    from digestcast.ingest.layout import title_like

    assert not title_like("Sure, the shop might be closed. But again: why?")
    assert title_like("Dr. Okafor opens the new clinic")
    assert title_like("Why the ferry is late again")


def test_an_email_essay_with_no_title_line_is_one_story_under_its_subject(
    tmp_path: Path,
) -> None:
    para = (
        "When a search finds nothing, the screen that says so is read more closely than "
        "any other, because the reader is stuck and looking for a way out of it. A good "
        "one explains what happened in plain words and offers the next step to take."
    )
    parts = "".join(
        f"<p><strong>{n}/ {t}</strong></p><p>{para}</p><p>{para}</p>"
        for n, t in enumerate(["They mistyped", "We lack the thing", "They filtered"], 1)
    )
    html = (
        "<html><body><p>Hi there,</p>"
        f"<p>{para} Here is a question that fixes most of these screens at once.</p>"
        f"<p>{para}</p>{parts}<p>Cheers,<br>Ines</p></body></html>"
    )
    text = (
        "Subject: Three fixes for empty search pages\n"
        "From: Ines Duarte <ines@example.org>\n"
        "Content-Type: text/html; charset=utf-8\n\n" + html + "\n"
    )
    stories = _load_file(tmp_path, "fixes.eml", text).stories
    assert [s.title for s in stories] == ["Three fixes for empty search pages"]


def test_markup_directives_and_roles_around_a_hash_are_not_heard(tmp_path: Path) -> None:
    text = (
        "******************\n2026-03-07: Weekly\n******************\n\n"
        ".. feed-entry::\n   :date: 2026-03-07\n\n"
        ".. Commit range: 9f2c1ab77e0d4c5b8a6e3f1d2c4b5a6978e0f1a2..0a1b2c3d4e5f (main)\n\n"
        "Changes to the editor\n=====================\n\n"
        "The team spent the week on the sidebar; here are the main changes:\n\n"
        "- Sidebar: panels can be docked on either side\n"
        "  :rev:`B9f2c1ab77e0d4c5b8a6e3f1d2c4b5a6978e0f1a2`\n"
        "- Sidebar: a search box filters the panel list\n"
        "  :rev:`B0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d`\n\n"
        "New patches\n===========\n\n"
        "- Snapping for the ruler tool, see :doc:`the ruler guide` :diff:`412`\n"
    )
    issue = _load_file(tmp_path, "weekly.txt", text)
    opening = issue.opening.body if issue.opening else ()
    heard = " ".join([*(p for s in issue.stories for p in s.body), *opening])
    assert "feed-entry" not in heard and "Commit range" not in heard and ":date:" not in heard
    assert "9f2c1ab" not in heard and ":rev:" not in heard and "412" not in heard
    assert "panels can be docked" in heard and "the ruler guide" in heard


def test_struck_out_words_are_not_heard() -> None:
    text = (
        "<html><body><h1>Harbour Notes</h1>"
        "<h2>The ferry gets a new name</h2>"
        '<p>After the vote the boat is called the <span style="text-decoration: '
        'line-through">Seagull</span> Cormorant, and the fare is <del>four</del> three '
        "pounds for the summer season, the council said on Monday evening.</p>"
        "<h2>The pier cafe reopens</h2>"
        "<p>The cafe at the end of the pier opens again on Saturday with a new kitchen, "
        "longer hours and a <s>small</s> bigger terrace facing the harbour mouth.</p>"
        "</body></html>"
    )
    stories = _load(text).stories
    heard = " ".join(p for s in stories for p in s.body)
    assert "Seagull" not in heard and "four" not in heard and "small" not in heard
    assert "Cormorant" in heard and "three pounds" in heard and "bigger terrace" in heard
