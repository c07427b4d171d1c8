"""The listener's notes on the spoken scripts, each fixed in general and checked on a sentence
of our own: stress in capitals, slashes between names, a quoted question inside a sentence, a
cron schedule, a reading length, a sentence ending on a colon, a masthead line."""

from __future__ import annotations

import dataclasses

import pytest

from digestcast.config import Settings
from digestcast.models import Issue, Story
from digestcast.write import ScriptWarning, write_script
from digestcast.write.cleanup import readable_body
from digestcast.write.lint import lint
from digestcast.write.normalize import load_lexicon, normalize_for_speech, utterances
from digestcast.write.phrasing import environment
from digestcast.write.scriptfile import load_script
from digestcast.write.summarize import leans_back, takeaways


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "The new ferry is a MUCH bigger boat and it is NOT late.",
            "The new ferry is a much bigger boat and it is not late.",
        ),
        ("We VERY rarely close; DON'T worry.", "We very rarely close; don't worry."),
        ("NEVER leave the tap on.", "Never leave the tap on."),
        # acronyms that are also words stay spelled: the IT desk, the US, AI
        (
            "The IT desk in the US uses AI a LOT less.",
            "The I-T desk in the U-S uses A-I a lot less.",
        ),
        ("The CAN bus is a TRUE SPA for cars.", "The C-A-N bus is a true S-P-A for cars."),
        ("BIG NEWS FROM THE HARBOR", "big news from the harbor"),  # a shouted heading, as before
    ],
)
def test_a_common_word_in_capitals_is_stress_not_an_acronym(written: str, spoken: str) -> None:
    assert normalize_for_speech(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("The game runs on Windows/Linux.", "The game runs on Windows slash Linux."),
        (
            "Ask on Slack/Discord or macOS/iOS.",
            "Ask on Slack slash Discord or mac O-S slash i O-S.",
        ),
        ("Set the zone to Europe/Berlin.", "Set the zone to Europe slash Berlin."),
        ("He/she may come, and/or call.", "He or she may come, and or call."),  # as before
        ("The boat makes 30 km/h.", "The boat makes thirty kilometers per hour."),
        ("Half is 1/2 of it.", "Half is one half of it."),
    ],
)
def test_a_slash_between_names_is_said(written: str, spoken: str) -> None:
    assert normalize_for_speech(written) == spoken


def test_a_quoted_question_going_on_in_lower_case_is_no_sentence_end() -> None:
    said = utterances('Back in the "can a bike lane pay?" years, the council said no. Why?')
    assert [u.spoken for u in said] == [
        "Back in the can a bike lane pay, years, the council said no.",
        "Why?",
    ]
    assert said[0].written.count("?") == 1  # the transcript keeps it as written
    assert normalize_for_speech('She said "Stop!" and left.') == "She said Stop, and left."
    assert normalize_for_speech("Many! new boats.") == "Many new boats."  # a name's mark: no stop
    assert normalize_for_speech("It floats! really.") == "It floats! really."  # not a name: left


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Run the backup with 0 10 * * * every day.",
            "Run the backup with a cron expression every day.",
        ),
        ("Give it */15 * * * * and it says every quarter hour.", None),
        ("Set the cron schedule 30 2 * * 1-5 for weekdays.", "Set the cron schedule for weekdays."),
        ("We sold 3 4 5 6 7 tickets.", "We sold three four five six seven tickets."),
    ],
)
def test_a_cron_schedule_is_named_not_half_read(written: str, spoken: str | None) -> None:
    heard = normalize_for_speech(written)
    if spoken is None:
        assert heard.startswith("Give it a cron expression and it says")
    else:
        assert heard == spoken


def test_a_reading_length_in_brackets_is_not_read() -> None:
    body = [
        "A guide to pruning roses (3,000 words) for beginners.",
        "The talk is worth it (25 min read).",
        "The essay is long (4,000 words [https://example.org/r/essay]).",
        "The bus ran (5 minutes) late.",  # a time, not the page's length: kept
        "8 min read",
    ]
    paragraphs, _ = readable_body(Story("Gardening", body))
    assert paragraphs == (
        "A guide to pruning roses for beginners.",
        "The talk is worth it.",
        "The essay is long.",
        "The bus ran (5 minutes) late.",
    )


def test_a_sentence_ending_on_a_colon_is_heard_and_shown_with_a_stop() -> None:
    said = utterances("Here is what the council changed:\n\nThe plan has two parts;")
    assert [(u.written, u.spoken) for u in said] == [
        ("Here is what the council changed.", "Here is what the council changed."),
        ("The plan has two parts.", "The plan has two parts."),
    ]
    assert normalize_for_speech("A rule: be kind.") == "A rule: be kind."  # inside: kept


@pytest.mark.parametrize(
    "masthead",
    [
        "No. 212 \u2014 4 May 2025 \u2014 Read online",
        "Issue #31 \u00b7 March 3, 2024",
        "Issue 12 | View in browser",
    ],
)
def test_a_masthead_line_is_not_read(masthead: str) -> None:
    body = [masthead, "Hello from the allotment, where the beans are up at last."]
    assert readable_body(Story("Letter", body))[0] == (body[1],)


def test_a_photo_credit_run_into_the_text_is_not_read() -> None:
    body = ["Ida Moss/Reuters Ida Moss/ReutersThe ferry strike ended on Monday after talks."]
    assert readable_body(Story("Ferries", body))[0] == (
        "The ferry strike ended on Monday after talks.",
    )
    kept = ["Rust/Go Ports Get Faster. The two ports now share a cache."]
    assert readable_body(Story("Ports", kept))[0] == tuple(kept)


def test_a_line_that_only_starts_with_a_number_is_read() -> None:
    body = ["No. 5 \u2014 the best week of the season for plums."]
    assert readable_body(Story("Letter", body))[0] == tuple(body)


def test_a_show_in_another_language_is_told_numbers_are_read_in_english() -> None:
    issue = Issue("Hebdo", (Story("Le port", ("Le port ouvre 5 quais neufs.",)),), source="h.md")
    with pytest.warns(ScriptWarning, match=r"h\.md: show.language is 'fr' but numbers"):
        script = write_script(issue, Settings().with_overrides(**{"show.language": "fr-FR"}))
    assert "five" in script.segments[1].spoken  # what the warning says: no digits left


def test_a_pointer_to_a_recording_is_not_read_and_a_writers_count_is_not_doubled() -> None:
    body = [
        "The harbor master talks about tides, boats and the long night shifts on the quay.",
        "Harbor Hour or read the transcript.",
        "Watch the talk.",
        "Listen to the episode here.",
    ]
    assert readable_body(Story("Tides", body))[0] == (body[0],)
    points = takeaways(
        [
            "The harbor board met on Monday to talk about the ferries and the fares. "
            "Two, even if the fares rise the boats will still run at night."
        ]
    )
    assert points[-1] == "Even if the fares rise the boats will still run at night."


def test_a_bracketed_word_inside_a_phrase_and_a_title_abbreviation_read_smoothly() -> None:
    assert normalize_for_speech("It was the (former) ferry capital of the coast.") == (
        "It was the former ferry capital of the coast."
    )
    assert normalize_for_speech("Use the flag (optional).") == "Use the flag, optional."
    said = utterances("Closing arguments in the Ald. Ida Moss trial start today.")
    assert [u.spoken for u in said] == [
        "Closing arguments in the Alderman Ida Moss trial start today."
    ]


def test_a_name_after_first_keeps_its_capital_when_only_a_link_has_it_in_lower_case() -> None:
    story = Story("Ferries", ("Read it [https://example.org/news/moss-on-ferries] today.",))
    template = environment(Settings()).from_string("First, {{ t | continued }}")
    said = template.render(t="Moss said the ferries will run all night.", story=story)
    assert said == "First, Moss said the ferries will run all night."
    story = Story("Ferries", ("The ferries run at night now.",))
    said = template.render(t="Ferries run at night.", story=story)
    assert said == "First, ferries run at night."


def test_an_ask_to_sign_up_for_another_newsletter_is_not_read() -> None:
    body = [
        "The ferry strike ended on Monday. Sign up for Harbor Mornings, a free weekly "
        "newsletter about the port. Boats run again from Tuesday.",
        "Sign up for the harbor swim by Friday: the race is on Sunday.",
    ]
    assert readable_body(Story("Ferries", body))[0] == (
        "The ferry strike ended on Monday. Boats run again from Tuesday.",
        body[1],
    )


def test_a_line_naming_who_paid_for_the_item_is_not_read() -> None:
    body = ["A tool that checks the tide tables before you sail.", "Promoted by Quayside Tools."]
    assert readable_body(Story("Tides", body))[0] == (body[0],)


def test_a_sentence_opening_on_a_contrast_leans_on_the_one_before() -> None:
    assert leans_back("In contrast, the night ferry was full every day.")
    assert leans_back("Since then I have taken the early boat.")
    assert not leans_back("Since March the ferry has run at night.")


def test_a_click_here_pointer_inside_a_paragraph_is_not_read() -> None:
    body = [
        "The pier reopens in May. Want every harbor story this week? Click here!",
        "Tides are high this week. (Got any ideas? Drop me a line or write to the desk.)",
    ]
    assert readable_body(Story("Pier", body))[0] == (
        "The pier reopens in May.",
        "Tides are high this week.",
    )


def test_the_outro_of_a_one_story_issue_speaks_of_one_story() -> None:
    issue = Issue("Harbor Notes", (Story("The pier", ("The pier reopens in May.",)),))
    issue = dataclasses.replace(issue, publisher="Harbor Notes")
    outro = write_script(issue, Settings()).segments[-1].text
    assert "The story came from Harbor Notes." in outro


def test_an_ask_to_follow_on_a_social_site_is_not_read_and_fps_is_said() -> None:
    body = ["The pier cam is back. Follow us on YouTube. It streams all day."]
    assert readable_body(Story("Pier", body))[0] == ("The pier cam is back. It streams all day.",)
    assert normalize_for_speech("It went from 5 fps to 30 fps.") == (
        "It went from five frames per second to thirty frames per second."
    )


def test_asks_with_links_inside_and_a_subscribed_as_line_are_not_read() -> None:
    body = [
        "Sign up for Harbor Boats [https://harbor.example/letters/boats], a free weekly "
        "newsletter. The pier opens on Monday. For more from the port, sign up for Quay Daily.",
        "You are currently subscribed as ida@example.org. For help, call the harbor office.",
    ]
    assert readable_body(Story("Pier", body))[0] == (
        "The pier opens on Monday.",
        "For help, call the harbor office.",
    )


def test_a_footers_row_of_links_is_not_read() -> None:
    body = [
        "The pier opens on Monday.",
        "Unsubscribe [https://x.example/u] Preferences [https://x.example/p] Contact Us "
        "Privacy Notice, Harbor Post Ltd, 4 Quay Street, Portsea.",
        "Unsubscribing from the harbor app takes two taps, and the pier staff will help.",
    ]
    assert readable_body(Story("Pier", body))[0] == (body[0], body[2])


def test_capitals_everyone_says_as_a_word_are_read_as_one() -> None:
    lexicon = load_lexicon(Settings())
    spoken = normalize_for_speech(
        "The REST API runs on UNIX, POSIX and WASM; see the READMEs.", lexicon
    )
    assert spoken == "The rest A-P-I runs on Unix, pozix and wasm; see the read me's."


def test_a_publisher_that_is_only_an_address_is_not_named() -> None:
    issue = Issue("Harbor Notes", (Story("The pier", ("The pier reopens in May.",)),))
    issue = dataclasses.replace(issue, publisher="letters@harbor.example")
    outro = write_script(issue, Settings()).segments[-1].text
    assert "came from" not in outro and "@" not in outro


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("It costs $0.20/M tokens.", "It costs twenty cents per million tokens."),
        (
            "Plans start at $20/mo or $5/user.",
            "Plans start at twenty dollars a month or five dollars per user.",
        ),
        ("It runs on macOS/Linux.", "It runs on mac O-S slash Linux."),
    ],
)
def test_a_rate_and_a_name_pair_the_lexicon_reads(written: str, spoken: str) -> None:
    assert normalize_for_speech(written, load_lexicon(Settings())) == spoken


def test_the_lint_takes_no_link_slug_for_a_common_word() -> None:
    markdown = """---
title: "Slugs"
date: 2026-04-10
description: ""
---

## story: Votes
<!--
voice: joe
story: 1
-->

Votes. The count [https://news.example/greens-win-the-harbor-ward] is in.

The key takeaways. First, Greens won the harbor ward. Second, the count took a day.
"""
    defects = lint(load_script(markdown, Settings(), "slugs.md"))
    assert not [d for d in defects if d.kind == "list case"]


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # a thread's numbering is the post's place, not a word
        (
            "1/ Because ferries run late, plan a margin. 2/ Winter is worse.",
            "Because ferries run late, plan a margin. Winter is worse.",
        ),
        # a legend of the page's marks is not heard
        ("New contributors (🌟 = first patch) are welcome.", "New contributors are welcome."),
        ("Fresh picks (* = new this week) below.", "Fresh picks below."),
        # a commit's hash: "a commit", gone in brackets; a long number stays a number
        (
            "The fix landed in commit 9c4e1a7b, see the log.",
            "The fix landed in a commit, see the log.",
        ),
        ("The commit 4be07d2 broke the build (e0f1a2b3).", "The commit broke the build."),
        (
            "Call 4418823 now.",
            "Call four million four hundred eighteen thousand eight hundred twenty-three now.",
        ),
        # a version under one keeps "zero"; a compare range is from one to the other
        ("Tidekit 0.0.7 is out.", "Tidekit zero point zero point seven is out."),
        ("Tidekit 2.0.1 is out.", "Tidekit two point oh point one is out."),
        (
            "Changes: v1.4.2...v1.5.0",
            "Changes: version one point four point two to version one point five point oh",
        ),
        # five capitals said as a word when they can be; spelled when they cannot
        ("The DATEX feed and the HTTPS link.", "The Datex feed and the H-T-T-P-S link."),
        ("USAID and FINRA both replied.", "U-S-A-I-D and Finra both replied."),
        ("The LUNA token and QEMU on RISC chips.", "The Luna token and Q-E-M-U on R-I-S-C chips."),
        # a name's exclamation mark does not stop the sentence; a title's "Etc." is said
        ("Ferry! riders get a new app.", "Ferry riders get a new app."),
        ("Etc.", "Et cetera."),
        # an issue's number before its date is no range; the shell's "$?" is no question
        (
            "Harbour Weekly Issue #12 - 2024-05-01",
            "Harbour Weekly Issue number twelve, May first, twenty twenty-four",
        ),
        ("How $? works in a script.", "How dollar question mark works in a script."),
        # dots glued to the next sentence end the one before
        ("More drama this year...Columbia fell.", "More drama this year... Columbia fell."),
    ],
)
def test_more_listener_notes(written: str, spoken: str) -> None:
    assert normalize_for_speech(written) == spoken
