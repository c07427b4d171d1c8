"""Layouts found on real issues of publishers no rule was written for (headlines drawn as
classed spans in table emails, a story told as a bold-opening lede over labelled parts...),
each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _cell(inner: str, cls: str = "copy") -> str:
    return f'<tr><td><span class="{cls}">{inner}</span></td></tr>\n'


_TABLE_EMAIL = (
    "<html><head><title>Harbor Morning</title></head><body><table>\n"
    + _cell("Harbor Morning", "masthead-name")
    + _cell("1. Ferry fares go up in June", "copy hed")
    + '<tr><td class="post-text"><p><strong>The ferry board</strong> voted last night to '
    "raise fares by a quarter.</p>"
    "<p><strong>Why it matters:</strong> Commuters from the islands have no other way in.</p>"
    "<ul><li><strong>Most riders</strong> pay with monthly passes, which rise less.</li></ul>"
    "<p><strong>What's next:</strong> The new fares start on the first of June.</p></td></tr>\n"
    + _cell("2. Quick hits", "copy hed")
    + '<tr><td class="post-text">'
    "<p><strong>The library</strong> opens a tool lending shelf on Saturday. "
    '(<a href="https://news.example/tools">Harbor Post</a>)</p>'
    "<p><strong>Two new bike lanes</strong> are planned for the waterfront next year. "
    '(<a href="https://news.example/bikes">Harbor Post</a>)</p></td></tr>\n'
    + _cell("3. The lighthouse keeper retires", "copy hed")
    + '<tr><td class="post-text"><p>After forty years, the last keeper of the north light '
    "hands over the keys this week.</p><p>She plans to write a book about the storms she "
    "watched from the tower.</p></td></tr>\n"
    "</table></body></html>\n"
)


def test_headlines_drawn_as_classed_spans_in_a_table_email_open_stories() -> None:
    stories = _load(_TABLE_EMAIL).stories
    titles = [s.title for s in stories]
    assert titles[0] == "Ferry fares go up in June"
    assert "The lighthouse keeper retires" in titles
    assert "Harbor Morning" not in titles


def test_a_bold_opening_lede_over_labelled_parts_is_one_story() -> None:
    stories = _load(_TABLE_EMAIL).stories
    fares = [s for s in stories if s.title == "Ferry fares go up in June"]
    assert len(fares) == 1
    body = " ".join(fares[0].body)
    assert "Most riders" in body and "new fares start" in body
    assert not any(s.title.startswith(("Most riders", "Why it matters")) for s in stories)


def test_briefs_opening_with_bold_words_stay_one_story_each() -> None:
    titles = [s.title for s in _load(_TABLE_EMAIL).stories]
    assert any(t.startswith("The library") for t in titles)
    assert any(t.startswith("Two new bike lanes") for t in titles)


def test_a_classed_title_holding_paragraphs_or_ending_a_sentence_is_not_a_headline() -> None:
    html = (
        "<html><body><table>\n"
        + _cell("Harbor Morning", "masthead-name")
        + '<tr><td class="headline"><p>A box of text that happens to carry a headline class, '
        "with a paragraph of its own inside.</p></td></tr>\n"
        + _cell("This line is a sentence and ends with a stop.", "title")
        + _cell("The council meets on Thursday", "headline")
        + _cell("The council will vote on the new harbor wall and the budget for the pier.")
        + "</table></body></html>\n"
    )
    stories = _load(html).stories
    assert [s.title for s in stories][-1] == "The council meets on Thursday"
    assert "harbor wall" in " ".join(stories[-1].body)
    assert not any(s.title.startswith(("A box of text", "This line is")) for s in stories)


_BADGED = (
    "# Morning Brief\n\n"
    "The day in three stories, and a week-ahead note.\n"
    "↓↓11Harbor bridge reopens after repairs\n\n"
    "Crews finished the deck a week early, and the first buses crossed at dawn.\n\n"
    "↓↓22Bakers win a fight over flour prices\n\n"
    "The mill agreed to hold its prices through the summer after a month of talks.\n\n"
    "↓↓Our PodcastOur Podcast \n"
    "A new episode about tides is out this week.\n\n"
    "↓↓33School term starts a day later\n\n"
    "The district moved the first day so that the new roof can be finished.\n\n"
    "↓↓44Rowing club turns a hundred\n\n"
    "Members rowed the old course in borrowed wooden boats to mark the day.\n"
)


def test_titles_glued_to_doubled_number_badges_are_headings() -> None:
    titles = [s.title for s in _load(_BADGED).stories]
    assert titles[:3] == [
        "Harbor bridge reopens after repairs",
        "Bakers win a fight over flour prices",
        "Our Podcast",
    ]
    assert "School term starts a day later" in titles
    assert "Rowing club turns a hundred" in titles
    bridge = _load(_BADGED).stories[0]
    assert "first buses crossed" in " ".join(bridge.body)
    assert "tides" not in " ".join(_load(_BADGED).stories[1].body)


def test_a_badge_drawn_twice_reads_its_number_once() -> None:
    text = "# Ten things\n\n" + "".join(
        f"↓↓{n}{n}Story number {n} of the day\n\nA sentence of news about thing {n} here.\n\n"
        for n in range(1, 12)
    )
    titles = [s.title for s in _load(text).stories]
    assert titles == [f"Story number {n} of the day" for n in range(1, 12)]


def test_glued_numbers_that_do_not_count_up_are_left_as_text() -> None:
    text = (
        "# Prices\n\n"
        "↓5Mbps plans went up this spring for most homes in the valley.\n\n"
        "↓7Gbps fibre is promised for the town centre next year.\n\n"
        "The council has not said who will pay for the new lines.\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert not any(t.startswith(("Mbps", "Gbps")) for t in titles)


_PROJECT_WEEKLY = (
    "# This Week in Quill #12\n\n"
    "Welcome to the twelfth issue, with the changes of the last seven days.\n\n"
    "## Featured PRs\n\n"
    "#4521 [parser: add a strict mode](https://code.example/quill/pull/4521)\n\n"
    "This change adds a strict mode to the parser that rejects trailing commas and unknown "
    "keys, so that mistakes in configuration files are reported at once.\n\n"
    "## Notable changes\n\n"
    "- [Fix a crash when the cache folder is missing](https://code.example/quill/pull/4530)\n"
    "- [Speed up the start of the language server](https://code.example/quill/pull/4533)\n"
    "- [Add a dark theme to the documentation site](https://code.example/quill/pull/4538)\n\n"
    "## Merged this week\n\n"
    "- [fix typo in the README](https://code.example/quill/pull/4540)\n"
    "- [bump the test runner](https://code.example/quill/pull/4541)\n"
    "- [remove an unused import](https://code.example/quill/pull/4542)\n"
)


def test_a_featured_label_over_one_linked_title_line_takes_that_title() -> None:
    stories = _load(_PROJECT_WEEKLY).stories
    titles = [s.title for s in stories]
    assert any(t.endswith("parser: add a strict mode") for t in titles)
    assert "Featured PRs" not in titles


def test_changes_the_editors_picked_are_stories_and_a_plain_changelog_is_one() -> None:
    titles = [s.title for s in _load(_PROJECT_WEEKLY).stories]
    assert "Fix a crash when the cache folder is missing" in titles
    assert "Add a dark theme to the documentation site" in titles
    assert "Merged this week" in titles
    assert "fix typo in the README" not in titles


_DAILY = (
    "# The Gadget Daily\n\n"
    "Welcome, readers. A busy day for small machines.\n\n"
    "**Here's what happened in gadgets today:**\n\n"
    "* 🔋 A phone maker promised batteries that last a week.\n"
    "* 🚲 A bike lock learned to call its owner.\n\n"
    "…[and a whole lot more that you can read about here](https://gadgets.example/all).\n\n"
    "# 🔋 Week-long phone batteries are coming\n\n"
    "A phone maker said its next model will run for a week on one charge, thanks to a new "
    "kind of cell that it has tested for two years in its own labs.\n\n"
    "# 🚲 The bike lock that calls you\n\n"
    "A small company showed a lock that sends a message to its owner when someone tugs at "
    "it, and sounds an alarm if the tugging goes on.\n\n"
    "# 🧩 Tuesday Trivia Reveal\n\n"
    "**The first photo was real.** Of 900 votes, most readers guessed right this time.\n\n"
    "# Our Video Show\n\n"
    "New episodes every Friday: [Spotify](https://open.example/show) | "
    "[Apple Podcasts](https://pods.example/show) | [YouTube](https://video.example/show)\n\n"
    "# A Dog's Opinion\n\n"
    "**Btw:** We just launched a gardening newsletter! Sign up for it here.\n\n"
    "You are reading a plain text version of this post. For the best experience, open it "
    "in your browser.\n"
)


def test_a_daily_s_preview_list_quiz_answers_and_house_show_are_not_stories() -> None:
    titles = [s.title for s in _load(_DAILY).stories]
    assert titles == ["Week-long phone batteries are coming", "The bike lock that calls you"]
