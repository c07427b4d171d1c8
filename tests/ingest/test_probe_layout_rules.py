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


_PLAIN_READING_CLUB = (
    "Subject: Reading Club 88\n"
    "From: The Reading Club <club@reading.example>\n"
    "Date: Tue, 14 Jan 2025 09:00:00 +0000\n"
    "Content-Type: text/plain; charset=utf-8\n\n"
    "A Reading Club For Gardeners\n\n"
    "Tuesday 14th January's issue is presented by Seedbox\n\n"
    "Seeds On A Schedule (https://seedbox.example/a)\n\n"
    "Seedbox sends the right seeds for your region at the right time of year, with notes on "
    "how deep to sow them.\n\n"
    "Try Seedbox For Free (https://seedbox.example/try)\n\n"
    "Why Mulch Matters In Winter (https://soil.example/mulch)\n\n"
    "— Ana Lima\n\n"
    "tl;dr: A layer of mulch keeps roots warm and stops the rain from washing the soil "
    "away. Ana compares straw, bark and leaves over one cold season.\n\n"
    "Pruning Roses Without Fear (https://roses.example/prune)\n\n"
    "— Tom Berg\n\n"
    "tl;dr: Cut above an outward bud, remove dead wood first, and do not worry about "
    "cutting too much: roses grow back stronger.\n\n"
    "How did you like this issue?\n\n"
    "1 = Not for me // 5 = Loved it\n"
)


def test_a_sponsor_label_over_an_ad_closed_by_its_button_goes_whole() -> None:
    titles = [s.title for s in _load(_PLAIN_READING_CLUB).stories]
    assert titles[:2] == ["Why Mulch Matters In Winter", "Pruning Roses Without Fear"]
    assert not any("Seedbox" in t or "Seeds On A Schedule" in t for t in titles)
    assert not any(t.startswith("1 =") for t in titles)


_TEN_POINT = (
    "# The Five-Point: Harbor Edition\n\n"
    "Your guide to the week's reporting from the harbor desk.\n\n"
    "TOP STORY\n\n1\n\n"
    "The harbor authority voted to double the cruise fee after a long night of debate, and "
    "the ferry companies say they will take the matter to court before the summer.\n\n"
    "READ IT HERE FIRST\n\n2\n\n"
    "Oyster farms are back in the north bay.\n\n"
    "Ten years after the last farm closed, three families have planted beds again and expect "
    "a first harvest in the autumn if the water stays clean.\n\n"
    "3\n\n"
    "The old lighthouse will become a museum.\n\n"
    "The town bought the tower for one euro and will open it to visitors next spring, with a "
    "room for the keepers' logbooks.\n\n"
    "AND FINALLY...\n\n4\n\n"
    "Why the harbor seals came back this winter.\n\n"
    "PHOTO: ANA LIMA\n\n"
    "Cleaner water and fewer boats in the bay drew the seals back to the rocks by the pier, "
    "where they now sleep through the afternoons.\n"
)


def test_labels_numbers_and_sentence_titles_of_a_numbered_briefing() -> None:
    titles = [s.title for s in _load(_TEN_POINT).stories]
    assert titles == [
        "TOP STORY",
        "Oyster farms are back in the north bay",
        "The old lighthouse will become a museum",
        "Why the harbor seals came back this winter",
    ]


def test_contact_lines_and_an_address_without_a_postcode_are_footer() -> None:
    text = (
        "# The Reader's Pick\n\n"
        "## Why Bridges Sing In The Wind\n\n"
        "An engineer explains the hum of long bridges on windy days, and why it is harmless "
        "most of the time.\n\n"
        "## The Last Ferry Captain\n\n"
        "A profile of a captain who has crossed the same strait for forty years.\n\n"
        "For any questions, try our help pages, or email us:\n\n"
        "Letters to the editor: letters@pick.example\n"
        "Technical issues: help@pick.example\n\n"
        "The Reader's Pick Ltd., 2nd Floor, 18 Harbour Street, Leith, UK\n"
    )
    stories = _load(text).stories
    assert [s.title for s in stories] == ["Why Bridges Sing In The Wind", "The Last Ferry Captain"]
    heard = " ".join(stories[-1].body)
    assert "Harbour Street" not in heard and "@" not in heard


def test_a_jobs_label_cell_over_a_headline_takes_its_section_away() -> None:
    html = _TABLE_EMAIL.replace(
        "</table>",
        _cell("Job board", "rubric")
        + _cell("Find the right crew for your boat", "copy hed")
        + '<tr><td class="post-text"><p>See what is new on our job board.</p><ol>'
        '<li><a href="https://jobs.example/1"><strong>Deckhand</strong></a> at Blue Ferries.</li>'
        '<li><a href="https://jobs.example/2"><strong>Harbor pilot</strong></a> at the Port.</li>'
        "</ol></td></tr>\n"
        + _cell("4. The fish market moves indoors", "copy hed")
        + '<tr><td class="post-text"><p>The Saturday fish market moves into the old warehouse '
        "by the pier for the winter months.</p></td></tr>\n</table>",
    )
    titles = [s.title for s in _load(html).stories]
    assert "The fish market moves indoors" in titles
    assert not any(t in titles for t in ("Deckhand", "Harbor pilot", "Job board"))
    assert not any(t.startswith("Find the right crew") for t in titles)


def test_an_upgrade_pitch_and_an_advertise_to_our_readers_pitch_are_not_stories() -> None:
    text = (
        "# Quiet Thoughts\n\n"
        "## On walking slowly\n\n"
        "Walking slowly through a town shows you the shop signs, the old doors and the "
        "people you would pass by at a run.\n\n"
        "## On reading twice\n\n"
        "A book read twice is a different book: you know the end, so you notice the road.\n\n"
        "## Free Version\n\n"
        "You're getting the free version. Members support the work and get a longer letter.\n\n"
        "[See What You're Missing](https://quiet.example/join)\n\n"
        "---\n\n"
        "**Grow your audience:** Showcase your product to our 90K+ curious readers. "
        "[Get in touch](https://quiet.example/ads)\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert titles == ["On walking slowly", "On reading twice"]


def test_kramdown_attribute_lists_are_never_read() -> None:
    text = (
        "# Tide Project Weekly 3\n\n"
        "## Releases\n\n"
        '- [Tide Core v1.2](https://code.example/tide/v1.2){:target="_blank"} brings faster '
        "charts and a new export button.\n"
        "- [Tide Wallet v0.9](https://code.example/wallet/v0.9){: .release} fixes the login "
        "screen on small phones.\n"
    )
    stories = _load(text).stories
    heard = " ".join(s.title + " " + " ".join(s.body) for s in stories)
    assert "Tide Core v1.2" in heard
    assert "{:" not in heard and "_blank" not in heard and ".release" not in heard


def test_an_invitation_to_the_house_s_other_mailings_is_not_heard() -> None:
    text = (
        "# Morning Harbor\n\n"
        "## Ferries run late all week\n\n"
        "Repairs on the main pier slow every crossing by twenty minutes until Friday.\n\n"
        "Sign up for our free email briefings→\n\n"
        "## The fish market moves indoors\n\n"
        "The Saturday market moves into the old warehouse for the winter months.\n"
    )
    issue = _load(text)
    heard = " ".join(
        [*(issue.opening.body if issue.opening else ())]
        + [p for s in issue.stories for p in (s.title, *s.body)]
    )
    assert "fish market moves indoors" in heard
    assert "Sign up" not in heard


def test_a_new_contributors_section_is_about_the_project_not_news() -> None:
    text = (
        "# This Week in Quill #13\n\n"
        "## Faster start\n\n"
        "The language server now starts in half the time, thanks to a lazier index that "
        "reads only the files you open.\n\n"
        "## New contributors\n\n"
        "Two people sent their first change this week:\n\n"
        "- [fix: clearer error for a missing config by ana #812](https://code.example/pull/812)\n"
        "- [feat: add a sqrt function by bo #815](https://code.example/pull/815)\n"
    )
    assert [s.title for s in _load(text).stories] == ["Faster start"]
