"""What a story says: lead first, then what's new; no sentence read twice; why it matters
read as part of the story; commentary framed; long sentences split; a natural intro."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from digestcast.config import Settings
from digestcast.models import Issue, Section, Story
from digestcast.write import write_script
from digestcast.write.content import story_content
from digestcast.write.lint import lint_script
from digestcast.write.phrasing import headline, lists_stories, period
from digestcast.write.sentences import split_long
from digestcast.write.summarize import sentences, takeaways

LEAD = (
    "The town of Millbrook now lends electric cargo bikes from its library, with 30 bikes "
    "at 4 branches. Within a month, every bike was booked for the summer."
)
NEW = (
    "Borrowers book a bike online and pick it up with their library card. The program cost "
    "about $60,000, paid by a regional climate grant."
)
WHY = (
    "Cargo bikes replace short car trips for families. A library already knows how to lend "
    "things and keep track of them."
)
THINK = "We'd like to see every library try this. Lending is what libraries do best."


def bike_story(*, with_takeaways: bool = False, takeaway: str | None = None) -> Story:
    sections = [
        Section("whats_new", "What's new", NEW),
        Section("why_it_matters", "Why it matters", WHY),
        Section("opinion", "We're thinking", THINK),
    ]
    items = ("Millbrook lends 30 cargo bikes.", takeaway or "The bikes were booked in a month.")
    if with_takeaways:
        sections.append(Section("takeaways", "Key takeaways", items=items))
    body = (LEAD, NEW, WHY, THINK, *(items if with_takeaways else ()))
    return Story(
        "Millbrook Library Lends Cargo Bikes", body, "https://example.com/b", tuple(sections)
    )


def all_sentences(text: str) -> list[str]:
    return [s for para in text.split("\n\n") for s in sentences(para)]


@pytest.mark.parametrize("length", ["brief", "standard"])
def test_lead_comes_first_then_whats_new(length: str) -> None:
    content = story_content(bike_story(), length)  # type: ignore[arg-type]
    assert content.lead == LEAD
    assert content.summary and content.summary[0].startswith("Borrowers book a bike online")
    issue = Issue("Bikes", (bike_story(),))
    settings = Settings().with_overrides(**{"write.length": length})
    story = next(s for s in write_script(issue, settings).segments if s.kind == "story")
    assert story.text.index("The town of Millbrook") < story.text.index("Borrowers book")
    budget = {"brief": 170, "standard": 450}[length]
    assert len(story.text.split()) <= budget + 20  # title and framing words


def test_tldr_is_the_lead_when_present() -> None:
    story = dataclasses.replace(
        bike_story(), sections=(Section("tldr", "TLDR", "Libraries lend bikes now."),)
    )
    assert story_content(story, "standard").lead == "Libraries lend bikes now."


def test_no_sentence_is_read_twice_and_no_forced_takeaways() -> None:
    issue = Issue("Bikes", (bike_story(),))
    story = next(s for s in write_script(issue, Settings()).segments if s.kind == "story")
    said = all_sentences(story.text)
    assert len(said) == len(set(said)), said
    assert "First," not in story.text  # nothing left for takeaways: none rather than repeats
    assert story_content(bike_story(), "standard").takeaways == ()


def test_takeaway_repeating_a_read_sentence_is_dropped() -> None:
    repeat = "Cargo bikes replace short car trips for families."
    content = story_content(bike_story(with_takeaways=True, takeaway=repeat), "standard")
    assert repeat not in content.takeaways
    assert content.takeaways == ("Millbrook lends 30 cargo bikes.",)


def test_extracted_takeaways_skip_labels_markers_and_said_sentences() -> None:
    paras = [
        "How it works: The library keeps spare batteries at every branch for the bikes.",
        "(ii) Staff check each bike for flat tyres and worn brakes every single week.",
        "Thus the fleet stays safe. Riders rated the program highly in a survey of members.",
    ]
    said = ["Riders rated the program highly in a survey of members."]
    points = takeaways(paras, 4, skip=said, minimum=0)
    assert "The library keeps spare batteries at every branch for the bikes." in points
    assert "Staff check each bike for flat tyres and worn brakes every single week." in points
    assert not any(p.startswith(("Thus", "How it works", "(ii)")) or p in said for p in points)


def test_why_it_matters_is_part_of_the_story_and_opinion_is_framed() -> None:
    issue = Issue("Bikes", (bike_story(),))
    story = next(s for s in write_script(issue, Settings()).segments if s.kind == "story")
    why = re.search(
        r"(Why does it matter\?|Why does this matter\?|So why does it matter\?) ", story.text
    )
    assert why and story.text[why.end() :].startswith("Cargo bikes replace short car trips")
    assert re.search(r"(newsletter's own take|editors' view|editors' take)\. We'd like", story.text)
    assert "under the heading" not in story.text and "commentary" not in story.text
    mine = dataclasses.replace(
        bike_story(), sections=(Section("opinion", "Why do I care", "I ride one every day."),)
    )
    content = story_content(mine, "standard")
    assert content.commentary[0].person == "author"


def test_intro_is_natural() -> None:
    stories = tuple(
        dataclasses.replace(bike_story(), title=f"Town {n} Lends Bikes") for n in range(3)
    )
    issue = Issue("The Wheel, Issue 4", stories, dt.date(2026, 5, 2))
    settings = Settings().with_overrides(**{"show.title": "The Wheel"})
    intro = write_script(issue, settings).segments[0].spoken
    assert "The Wheel, for May second, twenty twenty-six." in intro
    assert "Today: three stories, about" in intro and "Issue" not in intro
    assert "In this episode" not in intro
    assert headline(dataclasses.replace(issue, title="The Wheel"), "The Wheel") is None
    assert headline(dataclasses.replace(issue, title="Bikes Take Over Our Libraries"), "The Wheel")
    rundown = dataclasses.replace(issue, title="Bikes, Books, and Batteries")
    assert lists_stories(rundown)
    spoken = write_script(rundown, settings).segments[0].spoken
    assert "Bikes, Books, and Batteries." in spoken and "First, Town" not in spoken


def test_takeaways_end_with_a_period() -> None:
    assert period("Architecture: two encoders") == "Architecture: two encoders."
    assert period("Covers both genomes;") == "Covers both genomes."
    assert period("Really?") == "Really?"
    issue = Issue("Bikes", (bike_story(with_takeaways=True),))
    story = next(s for s in write_script(issue, Settings()).segments if s.kind == "story")
    assert "First, Millbrook lends thirty cargo bikes." in story.spoken


def test_list_markers_are_stripped_from_sentences() -> None:
    found = sentences(
        "It is clear that: (i) As bikes get cheaper, more people ride. (ii) Vans lose."
    )
    assert "As bikes get cheaper, more people ride." in found
    assert "Vans lose." in found


def test_long_sentences_split_at_natural_breaks() -> None:
    long = (
        "The council voted to extend the program to every branch in the county next spring; "
        "the library will buy twenty more bikes, train staff to fix flat tyres and adjust "
        "brakes, and open a waiting list for families who live far from a branch."
    )
    parts = split_long(long)
    assert len(parts) == 2 and all(len(p.split()) <= 40 for p in parts)
    assert parts[0].endswith("next spring.") and parts[1].startswith("The library will buy")
    listy = "We visited " + ", ".join(f"town {n}" for n in "abcdefghijklmnopqrstuvwxyz") + "."
    # a list of short items too long for one breath is cut between two items, never in one
    halves = split_long(listy)
    assert len(halves) == 2 and all(len(h.split()) <= 40 for h in halves)
    assert halves[0].endswith("town l.") and halves[1].startswith("Town m, town n")
    story = dataclasses.replace(bike_story(), body=(long.replace("; the", " \u2014 the"),))
    script = write_script(Issue("Bikes", (dataclasses.replace(story, sections=()),)), Settings())
    assert not [p for p in lint_script(script) if "long sentence" in p]


def test_a_long_sentence_is_not_cut_into_a_fragment() -> None:
    """A fronted clause ("Besides the fees, ...") and a "for example" are not cut off while a
    cut elsewhere leaves two sentences; none is made before "with" or "that"."""
    fronted = (
        "Besides the higher fares on the night ferries and the new parking fees, one of the "
        "main complaints riders have with the plan is that it moves the last boat of the "
        "evening to ten, and hardly anyone who works late in the city can make it."
    )
    parts = split_long(fronted)
    assert (
        len(parts) == 2 and parts[1] == "And hardly anyone who works late in the city can make it."
    )
    only = "Besides the fares and the new parking fees at the pier, " + fronted.split(", ")[1]
    halves = split_long(only + " that suits hardly anyone who works late in the city")
    assert halves[0] == "Besides the fares and the new parking fees at the pier."  # no other
    example = (
        "The board wants the timetable visible to other services such as the bus company, "
        "which may otherwise plan its last buses around the old one, for example, during the "
        "summer weeks when the ferries run late every single night of the week."
    )
    parts = split_long(example)
    assert len(parts) == 2 and parts[1].startswith("Which may otherwise plan")


@pytest.mark.parametrize(
    ("written", "letters"),
    [("AI", "eɪ aɪ"), ("AWS", "eɪ d ʌ b əl j uː ɛ s"), ("API", "eɪ p iː aɪ")],
)
def test_spelled_acronyms_sound_like_letters(written: str, letters: str) -> None:
    """The voices phonemize with espeak-ng: a spaced "A I" reads "uh eye" and a joined "AWS"
    reads "awes"; the hyphenated spelling reads each letter."""
    import shutil
    import subprocess

    from digestcast.write.normalize import normalize_for_speech

    espeak = shutil.which("espeak-ng")
    assert espeak is not None, "espeak-ng is a system tool this project needs"
    spoken = normalize_for_speech(written)
    ipa = subprocess.run(
        [espeak, "-q", "--ipa", "-v", "en-us", spoken], capture_output=True, text=True, check=True
    ).stdout
    plain = re.sub(r"[ˈˌ\s-]", "", ipa)
    assert plain == letters.replace(" ", ""), (spoken, ipa)


def test_a_headline_listing_many_topics_names_three() -> None:
    issue = Issue("Ferry Weekly #88: Docks, Tides, Fares, Crews, Lanterns", (bike_story(),))
    assert headline(issue, "The Wheel") == "Docks, Tides, Fares, and more"
    short = dataclasses.replace(issue, title="Ferry Weekly #88: Docks and tides return")
    assert headline(short, "The Wheel") == "Docks and tides return"
    numbered = dataclasses.replace(issue, title="#12 - Docks and tides return")
    assert headline(numbered, "The Wheel") == "Docks and tides return"


def test_a_masthead_is_no_headline() -> None:
    issue = Issue("Daily Wheel // The Wheel Crew // Update", (bike_story(),))
    assert headline(issue, "The Wheel") is None


def test_an_emoji_after_the_stop_keeps_the_sentence_ended() -> None:
    found = sentences("The boiler broke twice. At last the heat is back. \U0001f91e")
    assert found[-1].startswith("At last the heat is back.")
    assert sentences("Was it worth the wait. ?")[-1] == "Was it worth the wait?"
