"""Listener notes from two sets of real issues by new publishers, each fixed in general and
checked on a sentence of our own: course numbers, serial numbers, dates written with dots,
an issue's number before its date, a word cut at a line break, 'et al' inside a sentence,
and numbers inside a sentence in another script."""

from __future__ import annotations

import pytest

from digestcast.config import Settings
from digestcast.models import Issue, Story
from digestcast.write import ScriptWarning, write_script
from digestcast.write.lint import lint
from digestcast.write.normalize import load_lexicon, normalize_for_speech, utterances
from digestcast.write.summarize import takeaways


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # a course-style 101 after its subject is "one oh one"; a count stays a count
        ("Sign up for Pottery 101 at the hall.", "Sign up for Pottery one oh one at the hall."),
        ("Our Harbour Sailing 201.", "Our Harbour Sailing two oh one."),
        ("See Issue 101 of the zine.", "See Issue one hundred one of the zine."),
        ("Gardening 101 tips for spring.", "Gardening one hundred one tips for spring."),
        ("The 101 Kites exhibit opens.", "The one hundred one Kites exhibit opens."),
        # a serial number is said character by character, group by group
        (
            "The zine's ISSN: 2049-350X is on the back.",
            "The zine's I-S-S-N: two zero four nine, three five zero X is on the back.",
        ),
        # a date written year first with dots
        (
            "The survey, KLT 2019.03.07, counted the gulls.",
            "The survey, K-L-T March seventh, twenty nineteen, counted the gulls.",
        ),
        (
            "The tool reached 2019.3.71 today.",
            "The tool reached two thousand nineteen point three point seventy-one today.",
        ),
        # an issue's number before its date is not a range of days
        ("Issue 47 - 2nd March 2019", "Issue forty-seven, the second of March, twenty nineteen"),
        ("Open 4th - 9th March.", "Open the fourth to the ninth of March."),
        # a radio band is named by its wavelength; a sum is still a sum
        (
            "Two 70CM and one 2M repeaters on the hill.",
            "Two seventy centimeter and one two meter repeaters on the hill.",
        ),
        ("The club raised 2M for the hall.", "The club raised two million for the hall."),
        # a spaced dash between two numbers of one shape is a range, not a pause
        (
            "Calls go on 146.52 - 146.58 tonight.",
            "Calls go on one hundred forty-six point five two to one hundred forty-six point five"
            " eight tonight.",
        ),
        ("The tide turns in 2 - 3 hours.", "The tide turns in two to three hours."),
        # a hyphenated word cut at a line break; a shared prefix keeps its hyphen
        ("The decades- old pier was rebuilt.", "The decades-old pier was rebuilt."),
        ("Both pre- and post-season games count.", "Both pre- and post-season games count."),
        # "et al" inside a sentence, with or without its stop, ends nothing
        (
            "Kites, gliders, et al will fly on Sunday.",
            "Kites, gliders, and colleagues will fly on Sunday.",
        ),
        ("The paper by Ross et al. was short.", "The paper by Ross and colleagues was short."),
    ],
)
def test_listener_heard(written: str, spoken: str) -> None:
    assert normalize_for_speech(written) == spoken


def test_a_sentence_in_another_script_keeps_its_digits() -> None:
    # English number words inside Chinese ("twenty nineteen年") are wrong for any voice
    assert normalize_for_speech("我们在2019年3月搬家了。") == "我们在2019年3月搬家了。"
    assert normalize_for_speech("一块 12米x12米 的帆。") == "一块 12米x12米 的帆。"
    # an English sentence beside it is read as before
    spoken = normalize_for_speech("我们在2019年3月搬家了。 We moved in 2019.")
    assert spoken == "我们在2019年3月搬家了。 We moved in twenty nineteen."


def test_digits_in_another_script_are_no_defect_but_stay_one_in_english() -> None:
    story = Story(
        title="Moving day",
        body=("我们在2019年3月搬家了，一共有12个箱子。", "The van came at noon."),
    )
    issue = Issue(title="Harbour notes", stories=(story,))
    with pytest.warns(ScriptWarning, match="cannot read"):
        script = write_script(issue, Settings())
    spoken = "\n".join(s.spoken for s in script.segments)
    assert "2019年3月" in spoken and "twenty nineteen" not in spoken
    assert not [d for d in lint(script) if d.kind == "digits"]
    said = utterances("Row 12 ships today.")
    assert said[0].spoken == "Row twelve ships today."


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # labels whose links were removed say nothing
        (
            "Kite club. Home Page: https://kites.example/ Downloads: https://kites.example/get",
            "Kite club.",
        ),
        ("Tickets: https://t.example/ (free for members!)", "free for members!"),
        ("Where: the hall. When: Sunday.", "Where: the hall. When: Sunday."),
        ("During each race:", "During each race."),  # a label before a list stays
        (
            "Map: https://kites.example/map. Shop: https://kites.example/shop (open late!).",
            "open late!",
        ),
        ("Ann Lee: Kites: a new line is out.", "Ann Lee: Kites: a new line is out."),
        # a letter's greeting is not read; a greeting inside the text is
        ("Hey Mira, If you fly kites, read on.", "If you fly kites, read on."),
        ("Hello, World is a first program.", "Hello, World is a first program."),
        # steps joined by arrows are said in order, not as "to"
        (
            "\u2192 check the wind \u2192 unroll the line if it is tangled \u2192 launch it.",
            "Check the wind, then unroll the line if it is tangled, then launch it.",
        ),
        ("We sailed Oslo \u2192 Bergen.", "We sailed Oslo to Bergen."),
        # one reading of SQL in an episode, as in its compounds
        ("The SQL chip speeds up MySQL.", "The S-Q-L chip speeds up My S-Q-L."),
    ],
)
def test_listener_heard_words(written: str, spoken: str) -> None:
    assert normalize_for_speech(written, load_lexicon(Settings())) == spoken


def test_a_pointer_to_another_piece_is_no_takeaway() -> None:
    paragraph = (
        "The harbour office counts every boat that moors in the bay each summer. "
        "The counts for last year give the length, the flag and the nights of each stay. "
        'Related: "Why Boats Stay Longer In Calm Years," from the Harbour Gazette. '
        'Also related: "How a Mooring Count Works," from the Pier News. '
        "Previously: Ferry timetables, which my colleague Ann Lee looked at last week."
    )
    points = takeaways([paragraph], 3)
    assert points and not [p for p in points if "Gazette" in p or "Pier News" in p or "Ferry" in p]
