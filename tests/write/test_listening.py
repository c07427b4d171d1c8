"""Scripts that make sense when heard: what is never read, summaries that stand alone,
takeaways that add something, list items as sentences, and the listener's lint."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import digestcast.cli  # noqa: F401  (registers the commands)
from digestcast.cli.app import app
from digestcast.config import Settings
from digestcast.models import Issue, Script, Segment, Story, Utterance
from digestcast.write import ScriptWarning, write_script
from digestcast.write.cleanup import readable_body
from digestcast.write.content import story_content
from digestcast.write.episode import read_titles
from digestcast.write.lint import KINDS, lint
from digestcast.write.normalize import normalize_for_speech
from digestcast.write.phrasing import continued
from digestcast.write.scriptfile import load_script
from digestcast.write.summarize import key_terms, leans_back, sentences, summarize

ROOT = Path(__file__).resolve().parents[2]

# A story as a web page or an e-mail gives it: a byline, a dateline with a badge, a caption,
# a footnote marker and the footnote, a bold lead-in cut from its sentence.
MESSY = Story(
    "Tidal power gets cheaper",
    (
        "By Maren Holt",
        "March 3, 2026 \u2219 Paid",
        "Photo: Ines Carvalho/Getty Images",
        "Quayside Energy.",
        "is building a tidal array off the coast of Brittany, the largest of its kind.1 "
        "The array will power forty thousand homes from next spring.",
        "Engineers expect the turbines to last twenty-five years. They were tested for two "
        "winters in the Bay of Fundy.",
        "1",
        "The company says the cost per megawatt hour has halved since its first array.",
        "Read the full story.",
    ),
)


def test_what_is_never_read_is_gone() -> None:
    body, titled = readable_body(MESSY)
    text = " ".join(body)
    for gone in ("Maren Holt", "March 3", "Paid", "Getty", "Carvalho", "kind.1", "halved", "Read"):
        assert gone not in text, gone
    assert body[0].startswith("Quayside Energy is building a tidal array")
    assert not titled


def test_a_cut_lead_in_takes_the_title_back() -> None:
    story = Story("Harbor 2.1", ("is a maintenance release that fixes two crashes.",))
    body, titled = readable_body(story)
    assert body == ("Harbor 2.1 is a maintenance release that fixes two crashes.",)
    assert titled
    script = write_script(Issue("Releases", (story, MESSY)), Settings())
    first = next(s for s in script.segments if s.kind == "story")
    assert first.text.count("Harbor 2.1") == 1  # the title is not read before its sentence


@pytest.mark.parametrize(
    ("name", "rest"),
    [
        ("Noor Haddad", "announced that the compiler now builds on small boards."),
        ("Pim Larsen", "wrote a guide to reading crash logs."),
        ("The parser team", "shared notes from their planning meeting."),
    ],
)
def test_a_linked_name_stays_the_subject_of_its_sentence(name: str, rest: str) -> None:
    body, titled = readable_body(Story(name, (rest,)))
    assert body == (f"{name} {rest}",) and titled


def test_a_lower_case_name_opening_the_text_is_not_a_cut_sentence() -> None:
    body, titled = readable_body(Story("Fast grep", ("ripgrep searches folders quickly.",)))
    assert body == ("ripgrep searches folders quickly.",) and not titled


def test_template_tags_left_in_a_source_are_not_read() -> None:
    story = Story(
        "Notes",
        (
            "Thanks for reading! {% include promo.html %}",
            "{{ site.footer }}",
            'import Promo from "./promo.mdx"',
        ),
    )
    assert readable_body(story)[0] == ("Thanks for reading!",)


def test_a_table_of_figures_is_not_read_cell_by_cell() -> None:
    cells = ("Wheat", "$6.12", "-0.4%", "Corn", "$4.87", "+1.1%", "Oats", "$3.05", "flat")
    note = "*Prices at the close. What they mean:"
    story = Story(
        "Grain prices", (*cells, note, "Prices held steady as the harvest came in early.")
    )
    assert readable_body(story)[0] == ("Prices held steady as the harvest came in early.",)
    listed = ("Rust", "Go", "Zig", "Odin", "Nim", "Julia", "Some languages we tried.")
    assert readable_body(Story("Languages", listed))[0][0] == "Rust."  # words: still read


def test_a_component_named_in_the_text_is_read_by_its_name() -> None:
    spoken = normalize_for_speech("The new <Panel> component replaces <Drawer />.", {})
    assert spoken == "The new Panel component replaces Drawer."


def test_a_byline_with_the_text_becomes_a_voice() -> None:
    story = Story("Lists at the type level", ("by Ada Quill In this post I show three ways.",))
    assert readable_body(story)[0] == ("Ada Quill writes: In this post I show three ways.",)
    two = Story("Build tools", ("by Ada Quill and Bo Renn Which one to pick?",))
    assert readable_body(two)[0] == ("Ada Quill and Bo Renn write: Which one to pick?",)
    dotted = Story("Pick", ("by Ada Quill. Three ways to pick a ferry.",))
    assert readable_body(dotted)[0] == ("Ada Quill writes: Three ways to pick a ferry.",)


@pytest.mark.parametrize(
    "sentence",
    [
        "This means costs will fall.",
        "Because of this change, most users will upgrade.",
        "However, the team disagrees.",
        "These findings suggest a slowdown.",
        "The company plans a second array.",
        "Shortly after that outage, the port closed.",
    ],
)
def test_a_reference_never_opens_a_summary(sentence: str) -> None:
    assert leans_back(sentence)
    filler = "Quayside Energy opened a tidal array in Brittany with eight turbines."
    paras = [filler, f"{sentence} Turbines and tides and arrays matter for tidal energy."]
    for budget in (12, 20, 30):
        chosen = summarize(paras, budget)
        assert not leans_back(chosen[0]) or chosen[0] == filler


def test_words_that_point_forward_are_no_reference() -> None:
    assert not leans_back("This week, the council voted.")
    assert not leans_back("These posts from Ann explain it.")
    assert not leans_back("Since that time, the ferry runs hourly.")
    assert not leans_back("There's no timetable yet.") and leans_back("There's also a bus.")


def test_dots_before_a_question_mark_end_one_sentence() -> None:
    story = Story("Ferries", ("Was the first ferry from 1890? Or was it..? Ann checks the logs.",))
    body = readable_body(story)[0]
    assert sentences(body[0]) == [
        "Was the first ferry from 1890?",
        "Or was it?",
        "Ann checks the logs.",
    ]


def test_takeaways_never_repeat_the_summary() -> None:
    body = tuple(
        f"Quayside Energy reported result number {n} about tidal turbines, costs and the "
        f"grid in region {n}."
        for n in range(12)
    )
    content = story_content(Story("Tides", body), "standard")
    said = [s for p in (content.lead or "", *content.summary) for s in sentences(p) if s]
    for point in content.takeaways:
        terms = key_terms(point)
        assert all(len(terms & key_terms(s)) / len(terms | key_terms(s)) < 0.8 for s in said)


def test_list_items_continue_in_lower_case() -> None:
    assert continued("Users can now pick a region.", "users of the app") == (
        "users can now pick a region."
    )
    assert continued("Quayside opened an array.", "nothing") == "Quayside opened an array."
    assert continued("I think so.") == "I think so."
    assert continued("Tide-based fares start.", "x") == "tide-based fares start."
    assert continued("Jean-Luc sails.", "x") == "Jean-Luc sails."
    assert continued("\u201cThe best\u201d array yet.") == "\u201cthe best\u201d array yet."


def test_abbreviations_are_read_as_words() -> None:
    spoken = normalize_for_speech(
        "Thanks to Bo (h/t Ann). Holt et al. found it. The Dynasties I and II differ."
    )
    assert "hat tip" in spoken and "and colleagues" in spoken
    assert "Dynasties one and two" in spoken and "I-I" not in spoken


def _script(markdown: str) -> Script:
    return load_script(markdown, Settings(), "lint.md")


LISTENER_DEFECTS = """---
title: "Defects"
date: 2026-04-10
description: ""
---

## intro: Intro
<!--
voice: joe
-->

Welcome to the show.

## story: Tidal power
<!--
voice: joe
story: 1
-->

Tidal power.

These findings suggest costs will fall.

By Maren Holt

March 3, 2026.

Photo: Ines Carvalho/Getty Images

\u2219 Paid

It holds the record.2 Our users agree.

The key takeaways. First, Users can pick a region. Second, the array is large.

## story: Offshore wind
<!--
voice: joe
story: 2
-->

Offshore wind.

is something genuinely new.

Turbines grow taller every year in the North Sea, and users see it.

Turbines grow taller every year in the North Sea, and users see it.

Offshore wind. It spins.
"""


def test_the_lint_names_each_defect_with_its_line() -> None:
    script = _script(LISTENER_DEFECTS)
    found = {(d.kind, d.line) for d in lint(script)}
    lines = LISTENER_DEFECTS.split("\n")

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if text in line)

    expected = {
        ("reference", line_of("These findings")),
        ("byline", line_of("By Maren")),
        ("dateline", line_of("March 3")),
        ("caption", line_of("Photo:")),
        ("badge", line_of("Paid")),
        ("footnote", line_of("record.2")),
        ("list case", line_of("Users can")),
        ("fragment", line_of("is something")),
        ("repeat", line_of("Turbines grow") + 2),
        ("title twice", line_of("Offshore wind. It spins")),
    }
    assert expected <= found, expected - found
    assert {kind for kind, _ in found} <= set(KINDS)


def test_the_lint_hears_what_the_engine_would_say() -> None:
    said = (
        Utterance("Thanks to Bo, h/t Ann.", "Thanks to Bo, h or t Ann.", True),
        Utterance("Long.", " ".join(["word"] * 41) + ".", True),
        Utterance("Call 555.", "Call 555.", True),
        Utterance("See example.com.", "See https://example.com **now**.", True),
    )
    seg = Segment("story", "S", "x", " ".join(u.spoken for u in said), "joe", utterances=said)
    kinds = {d.kind for d in lint(Script("t", (seg,)))}
    assert {"abbreviation", "long sentence", "digits", "url", "markup"} <= kinds


def test_a_clean_script_has_no_defects(issue: Issue) -> None:
    assert lint(write_script(issue, Settings())) == []


def test_check_of_a_real_issue_file(tmp_path: Path) -> None:
    """Ingest, write and lint a Markdown issue: its byline and caption are never read."""
    source = tmp_path / "issue.md"
    source.write_text(
        "# Tidal Weekly\n\n## Tidal power gets cheaper\n\nBy Maren Holt\n\n"
        "Photo: Ines Carvalho/Getty Images\n\n"
        "Quayside Energy is building a tidal array off the coast of Brittany.\n\n"
        "## Wind turbines grow\n\nTurbines in the North Sea grow taller every year.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["script", "--check", str(source)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_eval_script_counts_each_kind(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.md").write_text(
        "# Tidal Weekly\n\n## Tidal power gets cheaper\n\nQuayside Energy is building a "
        "tidal array off the coast of Brittany. It will power forty thousand homes.\n\n"
        "## Wind turbines grow\n\nTurbines in the North Sea grow taller every year.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_script.py"), str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    assert "one.md: 0 defects" in out
    for kind in KINDS:
        assert re.search(rf"^  {kind}\s+0$", out, re.M), kind
    assert re.search(r"words a minute", out) and re.search(r"intro share: largest", out)


def test_messy_story_script_reads_clean() -> None:
    other = dataclasses.replace(MESSY, title="Second tidal story")
    script = write_script(Issue("Tides", (MESSY, other)), Settings())
    assert [d for d in lint(script) if d.kind != "repeat"] == []


@pytest.mark.parametrize("line", ["(5 minute read)", "Reading time: 12 min", "3-4 min read"])
def test_a_reading_time_on_its_own_line_is_not_read(line: str) -> None:
    story = Story("Probes, explained", (line, "Startup probes run first."))
    assert readable_body(story)[0] == ("Startup probes run first.",)


def test_a_trackers_number_opening_a_title_is_not_read() -> None:
    stories = (
        Story("#4512: Fix the cache key for nested folders", ("A fix.",)),
        Story("204518 - Drop the old socket code", ("A cleanup.",)),
        Story("2026: the year of small models", ("An essay.",)),
    )
    assert read_titles(stories) == [
        "Fix the cache key for nested folders",
        "Drop the old socket code",
        "2026: the year of small models",
    ]


def test_an_issue_in_letters_the_voice_cannot_read_is_warned_about(tmp_path: Path) -> None:
    issue = Issue(
        "周刊",
        (Story("新的工具", ("这是一个很好的工具，大家可以试试。它很快。",)),),
        source="weekly.md",
    )
    with pytest.warns(ScriptWarning, match=r"weekly\.md: 100% of the issue is in letters"):
        write_script(issue, Settings())
    source = tmp_path / "weekly.md"
    source.write_text("# 周刊\n\n## 新的工具\n\n这是一个很好的工具，大家可以试试。它很快。\n")
    said = subprocess.run(
        [sys.executable, "-c", "from digestcast.cli import main; main()", "script", str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert said.stderr.startswith(f"warning: {source}: 100% of the issue is in letters")
    assert len(said.stderr.splitlines()) == 1


def test_a_shouted_phrase_is_read_as_words_and_acronyms_stay_spelled() -> None:
    spoken = normalize_for_speech("Save the date: BOOK SWAP at the HTML meetup. RSVP soon.", {})
    assert spoken == "Save the date: book swap at the H-T-M-L meetup. R-S-V-P soon."


def test_a_tagline_taken_for_a_section_title_is_not_read_as_one() -> None:
    tagline = "Harbor Cyclists is a group working for safer streets in our town."
    lead = Story("Lanes painted on Elm Street", ("Crews finished the work on Friday.",))
    news = Story("Council hears the bike plan", ("A hearing is set for next month.",))
    stories = (dataclasses.replace(lead, group=tagline), dataclasses.replace(news, group="News"))
    issue = Issue("Harbor Cyclists", stories, shape="link_digest")
    spoken = " ".join(s.spoken for s in write_script(issue, Settings()).segments)
    assert "is a group working" not in spoken and "News" in spoken
    assert "sections" not in spoken  # the first link has no section: not "in 2 sections"
    body, _ = readable_body(Story("Lanes", ("Photo(s) by Ida Moss", "Work ends Friday.")))
    assert body == ("Work ends Friday.",)


def test_a_name_alone_opening_a_story_is_its_byline_and_not_read() -> None:
    story = Story("Robots at the port", ("Ida Moss", "Cranes now unload ships at night."))
    assert readable_body(story)[0] == ("Cranes now unload ships at night.",)
    signed = Story("Robots at the port", ("\u2014Ida Moss", "Cranes now unload ships at night."))
    assert readable_body(signed)[0] == ("Cranes now unload ships at night.",)
    kept = Story("Port news", ("Cranes unload ships.", "Ida Moss"))  # only the first
    assert readable_body(kept)[0] == ("Cranes unload ships.", "Ida Moss.")


def test_capitals_closing_a_name_read_as_a_word_when_they_are_one() -> None:
    assert normalize_for_speech("NumFOCUS funds it; OpenAI does not.", {}) == (
        "Num focus funds it; Open A-I does not."
    )


def test_a_line_ending_on_a_sign_still_ends_as_a_sentence() -> None:
    lines = ("Shares of the mill rose 5%", "A harbour fund now worth $40m+", "Ferries run late")
    assert readable_body(Story("Markets", lines))[0] == (
        "Shares of the mill rose 5%.",
        "A harbour fund now worth $40m+.",
        "Ferries run late.",
    )


def test_a_summary_never_ends_on_a_question_it_leaves_unanswered() -> None:
    paras = [
        "Harbor Lights is a ferry tracker for the bay with live ferry arrival times.",
        "Harbor Lights draws each ferry on a chart with its next stops.",
        "The only ferry catch? A network connection is needed to show any ferry at all.",
    ]
    for budget in (20, 30, 40):  # the question ranks high enough to be picked at each
        chosen = summarize(paras, budget)
        assert chosen[0].startswith("Harbor Lights is")
        for i, sentence in enumerate(chosen):
            if sentence.endswith("?"):
                assert chosen[i + 1].startswith("A network connection")


def test_openings_that_point_ahead_are_no_back_reference() -> None:
    assert not leans_back("Here is the worry.") and not leans_back("Here's what changed.")
    assert not leans_back("The team behind the ferry app shipped a fix.")
    assert leans_back("Here the model fails.") and leans_back("The team shipped a fix.")
    footer = "Crews start at six. You get this digest because you signed up at pier.example."
    assert readable_body(Story("Pier", (footer,)))[0] == ("Crews start at six.",)
    rows = (
        "via @ann · 9 min",
        "Crews start at six · the pier opens at seven.",
        "Turn it off | Settings",
    )
    assert readable_body(Story("Pier", rows))[0] == (
        "Crews start at six · the pier opens at seven.",
    )


def test_an_aggregators_votes_line_is_not_read() -> None:
    body = ("harbor.example | 412 points by ann_lee · 188 comments", "The pier reopened at six.")
    assert readable_body(Story("Pier reopens", body))[0] == ("The pier reopened at six.",)
    kept = ("Over 300 points of light and 40 comments on the plan came in by Friday.",)
    assert readable_body(Story("Pier", kept))[0] == kept


def test_a_letter_signed_by_its_writers_does_not_read_their_names() -> None:
    letter = Story(
        "Letter", ("Good morning. The ferry is back.", "\u2014Ida Moss, Bo Renn and Cy Hale")
    )
    assert readable_body(letter)[0] == ("Good morning. The ferry is back.",)


def test_sources_in_brackets_and_related_links_read_as_sentences() -> None:
    body = (
        "Ferries will run all night. (Harbour Post $) + Crews want more pay. (The Dock)",
        "The pier reopened (for now). It is (It was close).",
        "Fares rise in May (Quay Times $) + Crews want more pay (The Dock)",
    )
    assert readable_body(Story("Ferries", body))[0] == (
        "Ferries will run all night. Crews want more pay.",
        "The pier reopened (for now). It is (It was close).",
        "Fares rise in May. Crews want more pay.",
    )


def test_a_link_called_here_is_found_in_the_show_notes() -> None:
    body = (
        "The ferry fleet doubled. Check out the charts here. Nobody is here. Know someone who'd"
        " love this? Share the email with them. Crews start at six.",
    )
    assert readable_body(Story("Ferries", body))[0] == (
        "The ferry fleet doubled. Check out the charts in the show notes. Nobody is here."
        " Crews start at six.",
    )


def test_a_footer_address_and_list_marks_are_not_read() -> None:
    body = (
        "+ Ferries now carry bikes for free <3",
        "Harbour Post \u00b7 12 Quay Street, 2nd fl \u00b7 Portsmouth, NH 03801 \u00b7 USA",
    )
    assert readable_body(Story("Ferries", body))[0] == ("Ferries now carry bikes for free.",)


def test_an_image_credit_run_into_the_text_is_not_read() -> None:
    body = (
        "Top image credit: Ida Moss Please send cake to the harbour.",
        "Piers open. Photo credit: Bo Renn.",
    )
    assert readable_body(Story("Harbour news", body))[0] == (
        "Please send cake to the harbour.",
        "Piers open.",
    )
