"""Rules found on real issues from publishers no rule was written for (a static-site letter
kept whole in its YAML front matter, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.frontstories import front_matter_stories
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def test_an_issue_kept_in_its_front_matter_reads_its_linked_entries_as_stories() -> None:
    text = (
        "---\n"
        'title: "12 / Slow mornings"\n'
        'date: "2025-03-04"\n'
        "quoteOfTheWeek:\n"
        "  text: A kettle watched closely still boils, just later than you hoped.\n"
        "sections:\n"
        '  - title: "Gardens"\n'
        "    links:\n"
        '      - title: "Why my tomatoes split after rain"\n'
        '        url: "https://garden.example/tomatoes-split"\n'
        "        description: |\n"
        "          A grower explains how sudden watering swells the fruit faster than its skin.\n"
        '      - title: "Compost in small flats"\n'
        '        url: "https://garden.example/flat-compost"\n'
        "        description: A worm bin under the sink, and what it does to the smell.\n"
        '  - title: "Tools"\n'
        "    links:\n"
        '      - title: "The trowel I keep buying again"\n'
        '        url: "https://tools.example/trowel"\n'
        "---\n\n"
        "Hi all! Three links this week, all of them muddy.\n"
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == [
        "Why my tomatoes split after rain",
        "Compost in small flats",
        "The trowel I keep buying again",
    ]
    assert issue.title == "12 / Slow mornings"
    assert "faster than its skin" in " ".join(issue.stories[0].body)
    assert issue.stories[0].url == "https://garden.example/tomatoes-split"


def test_a_usual_front_matter_holds_no_stories() -> None:
    assert front_matter_stories('title: "Notes"\ndate: 2025-01-01\ntags: [a, b]\n') == ""
    assert front_matter_stories("title: [unclosed\n") == ""


def _part(heading: str, level: int, lines: list[str]) -> str:
    return f"{'#' * level} {heading}\n\n" + "\n\n".join(lines) + "\n\n"


def test_a_long_how_to_essay_in_many_unlinked_parts_is_one_story() -> None:
    para = (
        "A shared allotment works best when everyone knows what the plot needs this week, "
        "who has the key, and which beds are resting, so nobody digs up the garlic twice. "
        "Write it down where the whole street can see it, even when it feels like too much."
    )
    bullets = "- Agree on one watering rota.\n- Keep the seed tin dry.\n- Label every bed."
    text = (
        "# Sharing a plot\n\n"
        + f"{para} It took our street three seasons to learn this the hard way.\n\n{para}\n\n"
        + _part("Why share at all", 2, [para, para])
        + _part("Setting out the beds", 2, [para])
        + _part("Draw the map", 3, [para, bullets, para])
        + _part("Split the chores", 3, [para, bullets])
        + _part("Keep the tools together", 3, [para, bullets, para])
        + _part("Meet once a month", 3, [para, para])
        + _part("When someone moves away", 2, [para, bullets, para])
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == ["Sharing a plot"]
    assert issue.shape == "essay"
    assert "Split the chores" in [p.heading for p in issue.stories[0].parts]


def test_a_table_of_counts_and_short_percentages_is_never_read_as_stories() -> None:
    rows = "".join(
        f"<tr><td>{name}</td><td>{count}</td><td>{share}</td></tr>"
        for name, count, share in [
            ("Ada Ferns", "41230", "8.7%"),
            ("Bo Lindqvist", "30112", "6.1%"),
            ("Cy Okafor", "18220", "3.7%"),
            ("Dee Marsh", "9120", "2.9%"),
        ]
    )
    para = (
        "The tenants' survey asked every household on the estate how often the lifts broke "
        "down, and who on the committee answered the most repair tickets this year."
    )
    html = (
        "<html><head><title>Estate News</title></head><body><h1>Estate News</h1>"
        f"<h2>Who fixed the lifts</h2><p>{para}</p><table>{rows}</table><p>{para}</p>"
        f"<h2>The garden rota</h2><p>{para}</p><p>{para}</p></body></html>"
    )
    issue = _load(html)
    assert [s.title for s in issue.stories] == ["Who fixed the lifts", "The garden rota"]
    assert "3.7%" not in " ".join(issue.stories[0].body)


def test_a_site_menu_over_the_pages_one_h1_is_its_frame_not_stories() -> None:
    para = (
        "The parish council met on Tuesday and agreed to repaint the bus shelter, after a "
        "long talk about which shade of green the village would tolerate this time."
    )
    menu = "".join(
        f'<p><a href="https://parish.example/{slug}">{label}</a></p>'
        for slug, label in [
            ("login", "Sign in here"),
            ("join", "Make an account"),
            ("all", "Front page. Council. Events. Letters ->Everything on one page"),
            ("prev", "Last issue"),
            ("faq", "Questions"),
        ]
    )
    html = (
        "<html><head><title>Parish Pages for May 2, 2025 [Parish]</title></head><body>"
        f"{menu}<h1>Parish Pages for May 2, 2025</h1>"
        f'<h2><a href="https://parish.example/a/shelter">A greener bus shelter</a></h2>'
        f"<p>{para}</p><p>{para}</p>"
        f'<h2><a href="https://parish.example/a/fete">The fete moves indoors</a></h2>'
        f"<p>{para}</p><p>{para}</p></body></html>"
    )
    issue = _load(html)
    assert [s.title for s in issue.stories] == ["A greener bus shelter", "The fete moves indoors"]


def test_bold_titles_a_converter_broke_with_a_space_before_the_closing_marks() -> None:
    review = (
        "A slow, kind book about repairing things, which I read on the ferry over two weeks "
        "and keep lending to neighbours who never give it back."
    )
    text = (
        "# Five books for the winter\n\n"
        "I read fewer books this year, but these five stayed with me long after.\n\n"
        f"***Mending the Kettle** *(Ruth Allan, 2019) | Essays | 210 pages\n\n{review}\n\n"
        f"**A Map of Small Rivers **(Tom Hale, 2021) | Travel | 312 pages\n\n{review}\n\n"
        f" ![](https://img.example/cover.png) ***Winter Bees ***(Ida Kern, 2015) | Nature\n\n"
        f"{review}\n\n"
        f"***The Lamp Room*** (Noor Said, 2023) | Fiction | 188 pages\n\n{review}\n\n"
        f"**Salt and Iron** (Eli Grant, 2012) | History | 402 pages\n\n{review}\n"
    )
    names = ["Mending the Kettle", "A Map of Small Rivers", "Winter Bees", "The Lamp Room"]
    titles = _titles(text)
    assert len(titles) == 5
    assert all(t.startswith(n) for t, n in zip(titles, [*names, "Salt and Iron"], strict=True))


def test_items_with_no_title_a_paragraph_then_a_bare_url_are_titled_by_first_sentences() -> None:
    items = [
        ("A careful guide to pruning apple trees in late winter.", "https://orchard.example/a"),
        ("Two allotment holders compare rain barrels over a season.", "https://water.example/b"),
        (
            "The seed library reopens with a new borrowing card.",
            "https://seeds.example/c\nhttps://code.example/seed-cards",
        ),
    ]
    rest = " It is long, patient and full of photographs of cuts done well and done badly."
    body = "\n\n\n".join(f"{first}{rest}\n\n{url}" for first, url in items)
    text = (
        "---\nlayout: post\ntitle: Garden Weekly 12\n---\n\n"
        "A short week of links, mostly about water and trees.\n\n"
        f"News\n====\n\n{body}\n"
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == [first for first, _ in items]
    assert "photographs" in " ".join(issue.stories[0].body)


def test_an_editors_note_opens_and_a_looking_ahead_closes_they_are_not_stories() -> None:
    para = (
        "The harbour board met twice this week, and both meetings ran long over the cost of "
        "dredging the inner basin before the autumn storms arrive."
    )
    text = (
        "# The Harbour Letter\n\n"
        "## Editor’s Note\n\nA busy week on the water, with two votes, a new timetable and "
        "one surprise that nobody on the quay saw coming, least of all the harbour master.\n\n"
        f"## Dredging costs double\n\n{para}\n\n{para}\n\n"
        f"## Ferry timetable changes\n\n{para}\n\n{para}\n\n"
        f"## Looking Ahead\n\nWill the board find the money before the first storm?\n"
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == ["Dredging costs double", "Ferry timetable changes"]
    assert issue.opening is not None and "the quay saw" in " ".join(issue.opening.body)


def test_a_closing_list_of_the_editions_other_pages_is_not_stories() -> None:
    para = (
        "The ferry company published its winter timetable, and the early boat on Sundays is "
        "gone for good, which the island's bakers are not at all happy about."
    )
    pages = "".join(
        f'<li><a href="https://isle.example/{p.lower()}">{p}</a>: {summary}</li>'
        for p, summary in [
            ("Harbour", "Moorings fees; a new crane; the lifeboat's open day"),
            ("Schools", "A second bus; the reading prize; half-term clubs"),
            ("Sport", "The regatta results and the winter football league"),
        ]
    )
    html = (
        "<html><head><title>Isle Weekly Edition for May 2, 2025</title></head><body>"
        "<h1>Isle Weekly Edition for May 2, 2025</h1>"
        f'<h2><a href="https://isle.example/a/ferry">Ferry timetable</a></h2><p>{para}</p>'
        f"<p>{para}</p>"
        f'<h2><a href="https://isle.example/a/bakers">Bakers protest</a></h2><p>{para}</p>'
        f"<p>{para}</p>"
        f"<h2>Inside this week's Isle Weekly Edition</h2><ul>{pages}</ul>"
        '<p><a href="https://isle.example/harbour">Next page: Harbour&gt;&gt;</a></p>'
        "</body></html>"
    )
    assert _titles(html) == ["Ferry timetable", "Bakers protest"]
