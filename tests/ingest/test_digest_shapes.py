"""Shapes seen on real digests from publishers no rule was written for, each on a small issue
written for it: glossed CJK titles, tips sections and house promotions, "By the numbers", bare
numbering, credited table digests with a jobs box and emoji labels, sentence items, a lede
over bold labels, briefs (more in test_digest_items.py)."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.titles import clean_title
from digestcast.models import Issue


def _load(text: str) -> Issue:
    return load_issue("-", IngestSettings(), stdin=io.BytesIO(text.encode()))


def _titles(issue: Issue) -> list[str]:
    return [s.title for s in issue.stories]


_BODY = "The harbor board met on Monday and agreed on the plan after a long public hearing."


def test_a_latin_gloss_after_a_cjk_title_is_not_read() -> None:
    assert clean_title("1、窗口日记（WindowDiary）") == "窗口日记"
    assert clean_title("快速复制 (FastCopy)") == "快速复制"
    assert clean_title("纸做的电池（英文）") == "纸做的电池"
    # a part number, or brackets after a Latin word, are the title's own
    assert clean_title("Rust 入门 (Part 2)") == "Rust 入门 (Part 2)"
    assert clean_title("Go (Golang) Tips") == "Go (Golang) Tips"


def test_tips_sections_and_house_promotions_are_not_stories() -> None:
    tips = (
        "<h2>Pia's Bets</h2>"
        "<p><strong>Warm feet:</strong> The wool socks that survived a month of hikes.</p>"
        "<p><strong>Bright idea:</strong> Wake up to a sunrise with these smart bulbs.</p>"
    )
    promo = (
        "<h2>How to plan a winter budget</h2>"
        "<p>Our money editor walks you through a budget that survives the holidays.</p>"
        "<p><strong>Check out more from the Otter:</strong></p>"
        "<p>On Tide Talk: the harbor master on the busiest week of the year.</p>"
    )
    stories = f"<h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
    stories += f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    issue = _load(
        f"<html><head><title>Otter</title></head><body>{stories}{tips}{promo}</body></html>"
    )
    assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]


def test_look_alikes_of_tips_and_promotions_stay_stories() -> None:
    body = (
        "<h2>Bets on the harbor pay off</h2>"
        f"<p>{_BODY}</p>"
        "<h2>Readers explore more of the coast</h2>"
        f"<p>{_BODY} More from the coast guard next week.</p>"
    )
    issue = _load(f"<html><head><title>Otter</title></head><body>{body}</body></html>")
    assert _titles(issue) == ["Bets on the harbor pay off", "Readers explore more of the coast"]


def test_by_and_a_phrase_is_a_section_not_a_byline() -> None:
    issue = _load(
        "<html><head><title>Valley Brief</title></head><body><h1>Valley Brief</h1>"
        f"<h2>By the numbers</h2><p>{_BODY}</p>"
        f"<h2>The ferry gets a new dock</h2><p>By Marta Quill</p><p>{_BODY}</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p></body></html>"
    )
    assert _titles(issue) == [
        "By the numbers",
        "The ferry gets a new dock",
        "Fish market moves north",
    ]
    assert issue.stories[1].byline == "Marta Quill"
    assert issue.stories[0].byline is None


def test_bare_numbers_that_count_up_are_numbering() -> None:
    text = "# Harbor Notes\n\n## Rail\n\n"
    text += f"1 Night trains come back\n\n{_BODY}\n\n"
    text += f"2 [Ticket machines get a redesign](https://rail.example/m)\n\n{_BODY}\n\n"
    text += f"3 **Freight moves to the new yard** {_BODY}\n\n## Road\n\n"
    text += f"1 Harbor road reopens\n\n{_BODY}\n\n2 3 new roundabouts planned\n\n{_BODY}\n"
    issue = _load(text)
    assert _titles(issue) == [
        "Night trains come back",
        "Ticket machines get a redesign",
        "Freight moves to the new yard",
        "Harbor road reopens",
        "3 new roundabouts planned",
    ]
    assert [s.group for s in issue.stories] == ["Rail"] * 3 + ["Road"] * 2
    assert issue.stories[1].url == "https://rail.example/m"
    assert issue.stories[2].body[0].startswith("The harbor board")  # the title is not read twice


def test_a_number_opening_a_lone_title_is_the_titles_own() -> None:
    text = f"# Harbor Notes\n\n## 3 Things to know about the tide\n\n{_BODY}\n\n"
    text += f"## 10 Years of the ferry\n\n{_BODY}\n\n## 1 Fish market moves north\n\n{_BODY}\n"
    assert _titles(_load(text)) == [
        "3 Things to know about the tide",
        "10 Years of the ferry",
        "1 Fish market moves north",
    ]


def _credited(url: str, title: str, credit: str) -> str:
    return (
        f'<table><tr><td><p><a href="{url}">{title}</a> — A blurb of a sentence or so that says'
        f" what the article is about.</p><p>{credit}</p></td></tr></table>"
    )


def test_a_credit_line_under_each_linked_item_is_not_a_section_label() -> None:
    items = [
        ("https://a.example/1", "Zig Lands a New Build System", "Andrew Marsh"),
        ("https://a.example/2", "Writing a Tiny Allocator", "Priya Natarajan"),
        ("https://a.example/3", "What Changed in the Scheduler", "Core Team"),
        ("https://a.example/4", "Fuzzing Parsers in an Afternoon", "Jonas Berg"),
    ]
    body = "".join(_credited(*i) for i in items)
    issue = _load(f"<html><head><title>Systems Weekly</title></head><body>{body}</body></html>")
    assert _titles(issue) == [t for _, t, _ in items]
    assert all(s.group is None for s in issue.stories)
    assert [s.url for s in issue.stories] == [u for u, _, _ in items]
    assert [s.byline for s in issue.stories] == [c for _, _, c in items]  # not read as text
    assert not any("Marsh" in p for s in issue.stories for p in s.body)


def test_a_labelled_jobs_box_mid_issue_goes_whole_and_the_items_after_it_stay() -> None:
    before = _credited("https://a.example/1", "Zig Lands a New Build System", "Andrew Marsh")
    before += _credited("https://a.example/2", "Writing a Tiny Allocator", "Priya Natarajan")
    jobs = (
        "<table><tr><td><table><tr><td><p>Jobs</p></td></tr></table>"
        + _credited("https://a.example/j", "Senior Systems Engineer, Remote", "Stonebase")
        + _credited("https://a.example/k", "Find Your Next Role with Hirefair", "Hirefair")
        + "</td></tr></table>"
    )
    after = _credited("https://a.example/3", "Fuzzing Parsers in an Afternoon", "Jonas Berg")
    after += _credited("https://a.example/4", "A Field Guide to Error Wrapping", "Lea Hoffmann")
    page = (
        f"<html><head><title>Systems Weekly</title></head><body>{before}{jobs}{after}</body></html>"
    )
    assert _titles(_load(page)) == [
        "Zig Lands a New Build System",
        "Writing a Tiny Allocator",
        "Fuzzing Parsers in an Afternoon",
        "A Field Guide to Error Wrapping",
    ]
    # a "Jobs" heading over a flat page is a section: the page is not one box
    flat = f"<h2>News</h2><p>{_BODY}</p><h2>Jobs</h2><p>Senior engineer, remote.</p>"
    assert _titles(_load(f"<html><body><h1>Notes</h1>{flat}</body></html>")) == ["News"]


def test_a_sentence_linking_in_its_middle_is_an_item_among_sentence_items() -> None:
    text = "# Compiler Notes\n\n### Forums\n\n"
    text += "Marek Novak pitched [a proposal](https://f.example/1) to let closures move.\n\n"
    text += "> Most of the time the compiler already knows the variable is unused.\n\n"
    text += "[Paula Ferreira](https://s.example/p) started a thread on loops and borrows.\n\n"
    text += "[Ines Duarte](https://s.example/i) asked whether a JSON type belongs in std.\n\n"
    text += "### Tools\n\n- [benchdiff](https://t.example/b) compares two benchmark runs.\n"
    text += "- The runner gained a [watch mode](https://t.example/w/4\n12) for changed tests.\n"
    text += "- [linecount](https://t.example/l) counts lines per language.\n"
    issue = _load(text)
    titles = _titles(issue)
    assert titles[0] == "Marek Novak pitched a proposal to let closures move."
    assert issue.stories[0].url == "https://f.example/1"
    assert any("compiler already knows" in p for p in issue.stories[0].body)
    assert titles[4] == "The runner gained a watch mode for changed tests."
    assert issue.stories[4].url == "https://t.example/w/412"  # a URL wrapped onto two lines
    assert len(titles) == 6


def test_paragraphs_linking_in_their_sentences_under_a_title_stay_its_body() -> None:
    story = (
        "## Proposals in review\n\n"
        "[SE-0401](https://s.example/0401): Better slices of buffers.\n\n"
        "Note this proposal runs with [SE-0402](https://s.example/0402) on pointers.\n\n"
        "[SE-0402](https://s.example/0402): Typed pointer casts.\n\n"
        "## Ferry strike ends\n\n"
        "[The union](https://u.example) said on Monday that crews go back to work.\n\n"
        "According to [the operator](https://o.example), night runs resume on Friday.\n\n"
        "Talks on pay go on, [the mayor](https://m.example) said after the meeting.\n"
    )
    issue = _load(f"# Harbor Notes\n\n{story}")
    proposals = [s for s in issue.stories if s.group == "Proposals in review"]
    assert [s.url for s in proposals] == ["https://s.example/0401", "https://s.example/0402"]
    assert any(p.startswith("Note this proposal") for p in proposals[0].body)
    assert issue.stories[-1].title == "Ferry strike ends"
    assert len(issue.stories[-1].body) == 3


def test_an_emoji_label_between_credited_items_is_their_section() -> None:
    first = _credited("https://a.example/1", "Zig Lands a New Build System", "Andrew Marsh")
    first += _credited("https://a.example/2", "Writing a Tiny Allocator", "Priya Natarajan")
    tools = (
        '<table><tr><td><p><a href="https://a.example/3">fq: jq for Binary Formats</a> — A neat'
        " tool, early in development; there is a to-do list if you want to get involved.</p>"
        "<p>Mattias Wadman</p></td></tr></table>"
    )
    tools += _credited("https://a.example/4", "benchdiff: Compare Two Runs", "Jonas Berg")
    page = f"{first}<p>🛠 Code &amp; Tools</p>{tools}"
    issue = _load(f"<html><head><title>Systems Weekly</title></head><body>{page}</body></html>")
    assert _titles(issue) == [
        "Zig Lands a New Build System",
        "Writing a Tiny Allocator",
        "fq: jq for Binary Formats",
        "benchdiff: Compare Two Runs",
    ]
    assert [s.group for s in issue.stories][2:] == ["Code & Tools", "Code & Tools"]
    assert issue.stories[1].byline == "Priya Natarajan"


def test_a_lede_then_bold_labels_is_one_story_and_one_sentence_bullets_are_briefs() -> None:
    story = (
        "<h2>The library's new hours</h2>"
        "<p>The central library will stay open until 9pm on weekdays starting next month.</p>"
        "<p><strong>The big picture:</strong> Evening visits doubled after a pilot.</p>"
        "<p><strong>Zoom in:</strong> Branches in the north end follow in the summer.</p>"
        f"<h2>Ferry strike ends</h2><p>{_BODY}</p>"
    )
    briefs = (
        "<h2>Briefly</h2><ul><li>The county fair board elected a new president.</li>"
        "<li>Highway 1 will close overnight at the bluff.</li></ul>"
    )
    issue = _load(f"<html><head><title>Harbor</title></head><body>{story}{briefs}</body></html>")
    assert _titles(issue) == ["The library's new hours", "Ferry strike ends", "Briefly"]
    assert len(issue.stories[0].body) == 3
    # briefs linking nowhere under their label: one roundup, none lost
    assert issue.stories[2].body == (
        "The county fair board elected a new president.",
        "Highway 1 will close overnight at the bluff.",
    )
