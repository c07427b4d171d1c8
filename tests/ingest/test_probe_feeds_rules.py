"""Rules found by probing real issues from e-mail platforms' plain-text versions (picture
placeholders, highlight marks, a contents list naming sections in other words, ...), each on
a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def test_picture_placeholders_and_captions_are_not_heard_and_do_not_hide_items() -> None:
    text = (
        "# The Gearbox, Tuesday\n\n"
        "**Good morning.** Three things from the workshop world today, then a tip.\n\n"
        "----------View image: (https://cdn.example.com/banner.png)\n"
        "Caption: \n\n"
        "##### **TODAY IN TOOLS**\n\n"
        "View image: (https://cdn.example.com/lathe.jpg)\n"
        "Follow image link: (https://a.example/lathe)\n"
        "Caption: See how the new lathe compares with last year's model.\n\n"
        "**A cordless lathe reaches the hobby market:** The maker says the battery lasts "
        "through a full evening of turning, and the price is half that of a bench model.\n\n"
        "**Saw blades get a recycling scheme:** Hardware shops will take back dull blades "
        "and send them to be melted down, starting in three cities next month.\n\n"
        "**A museum opens its tool archive:** Two thousand hand tools from old workshops are "
        "now photographed and described online, with notes on how each was used.\n\n"
        "##### **TIP**\n\n"
        "## Oil a plane before storing it\n\n"
        "==A thin coat keeps rust away through a damp winter.== Wipe it off before use.\n"
    )
    stories = _load(text).stories
    assert [s.title for s in stories][:3] == [
        "A cordless lathe reaches the hobby market",
        "Saw blades get a recycling scheme",
        "A museum opens its tool archive",
    ]
    heard = " ".join(p for s in stories for p in s.body)
    assert "View image" not in heard and "Caption" not in heard
    assert "lathe compares" not in heard
    assert "==" not in heard and "A thin coat keeps rust away" in heard


def test_a_contents_list_half_of_whose_lines_name_later_sections_is_not_a_story() -> None:
    text = (
        "# Field Notes 12\n\n"
        "Welcome back to the notes, with two long pieces and the usual links this week.\n\n"
        "### Today’s picks\n\n"
        "* Fresh finds from the community\n"
        "* Why bridges sing in the wind\n"
        "* How to sharpen a chisel\n"
        "* Links, tools, and more\n\n"
        "## Why bridges sing in the wind\n\n"
        "Engineers measured the hum of a suspension bridge for a year and found that the "
        "cables vibrate like strings when the wind blows across them at a steady speed. "
        "They traced the sound to small vortices shed behind each cable.\n\n"
        "## How to sharpen a chisel\n\n"
        "Start on a coarse stone, keep the bevel flat, and count your strokes so each side "
        "gets the same number. Finish on a fine stone and strop the edge on leather.\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert titles == ["Why bridges sing in the wind", "How to sharpen a chisel"]


def test_a_presented_by_heading_right_over_the_ads_title_drops_the_ad_with_its_title() -> None:
    text = (
        "# The Gearbox, Friday\n\n"
        "Good morning, here is what moved in the workshop world this week.\n\n"
        "##### **NEWS**\n\n"
        "## A cordless lathe reaches the hobby market\n\n"
        "The maker says the battery lasts through a full evening of turning, and the price is "
        "half that of a bench model, which has clubs ordering them by the dozen.\n\n"
        "----------\n\n"
        "##### **PRESENTED BY BRIGHTGLUE**\n\n"
        "## [Clamps for wood. Tape for paper. What about everything else?](https://ad.example)\n\n"
        "--------------------\n\n"
        "--------------------\n\n"
        "Your bench has every tool except the one that holds it all together.\n\n"
        "[**Brightglue**](https://ad.example) sets in a minute and sands like wood.\n\n"
        "[**Try it free**](https://ad.example)\n\n"
        "----------\n\n"
        "##### **TIP**\n\n"
        "## Oil a plane before storing it\n\n"
        "A thin coat keeps rust away through a damp winter; wipe it off before use, and keep "
        "the iron retracted so the edge does not touch the shelf.\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert titles == ["A cordless lathe reaches the hobby market", "Oil a plane before storing it"]


def test_a_from_our_partners_label_over_a_heading_is_a_sponsor() -> None:
    text = (
        "---\ntitle: Morning Circuit\n---\n\n"
        "Hello, readers. Two stories and one message from a partner today.\n\n"
        "# Ferry line adds a night crossing\n\n"
        "From June the harbour ferry runs a last crossing at midnight, after commuters and "
        "late workers asked for it for years; the fare stays the same as in the day.\n\n"
        "**FROM OUR PARTNERS**\n\n"
        "# The report that maps every spreadsheet risk\n\n"
        "An analyst firm lists five ways spreadsheets leak data; join the webinar to learn "
        "how our tool closes each of them. [Reserve a seat](https://ad.example).\n\n"
        "# Library extends Sunday hours\n\n"
        "The central library will open on Sundays until six, starting next month, with the "
        "reading room and the children's floor both staffed through the afternoon.\n"
    )
    titles = [s.title for s in _load(text).stories]
    assert titles == ["Ferry line adds a night crossing", "Library extends Sunday hours"]


def test_title_lines_with_their_address_in_brackets_over_a_byline_are_the_items() -> None:
    # (the first such line repeats the issue's title: the link to the issue, not a story)
    text = (
        "---\ntitle: Weekend Reading, 3 May\n---\n\n"
        "Weekend Reading, 3 May [https://r.example/r/0f0f]\n\n"
        "By Ada Quill • 3 May 2026\n\n"
        "Good reads for the weekend, picked by the editors.\n\n"
        "----------------------------------------\n\n"
        "Why Lighthouses Went Dark [https://r.example/r/1a2b]\n\n"
        "Mara Olsen | Coastal Quarterly | 2nd May 2026 | U\n\n"
        "A history of the keepers who tended the lamps, and of the automation that replaced "
        "them one headland at a time (2,400 words [https://r.example/r/1a2c])\n\n"
        "----------------------------------------\n\n"
        "The Case of the Borrowed Name [https://r.example/r/3c4d]\n\n"
        "Appeals Court of the Ninth District | 30th April 2026 | PDF\n\n"
        "Court ruling. Two cousins shared a name for twenty years until one of them sold the "
        "other's house; the court untangles who owned what (1,800 words [https://r.example/r/3c4e])\n"
    )
    stories = _load(text).stories
    assert [(s.title, s.url) for s in stories] == [
        ("Why Lighthouses Went Dark", "https://r.example/r/1a2b"),
        ("The Case of the Borrowed Name", "https://r.example/r/3c4d"),
    ]
    heard = " ".join(p for s in stories for p in s.body)
    assert "Coastal Quarterly |" not in heard


def test_a_list_under_an_in_todays_episode_label_naming_a_later_section_is_not_heard() -> None:
    text = (
        "---\ntitle: 'Basics 12: What is a bearing?'\n---\n\n"
        "Today we go back to basics and look at the humble bearing, the part that lets "
        "almost every machine turn.\n\n"
        "**In today’s episode**:\n\n"
        "* _What is a bearing?_\n"
        "* _Balls, rollers and needles_\n"
        "* _Why bearings fail_\n"
        "* _Where to buy them_\n"
        "* _Conclusion_\n\n"
        "## What is a bearing?\n\n"
        "A bearing holds a turning shaft in place while letting it spin with little friction; "
        "the wheel of a bicycle turns on two of them, packed with grease.\n\n"
        "## Balls, rollers and needles\n\n"
        "Balls carry light loads at high speed, rollers carry heavy loads, and needles fit "
        "where there is little room, as in a car's gearbox.\n"
    )
    issue = _load(text)
    heard = " ".join(p for s in issue.stories for p in s.body)
    heard += " ".join(issue.opening.body if issue.opening else ())
    assert "Why bearings fail" not in heard and "episode" not in heard
    assert [s.title for s in issue.stories] == [
        "What is a bearing?",
        "Balls, rollers and needles",
    ]


def test_numbers_alone_counting_the_items_from_the_start_are_not_footnotes() -> None:
    body = "".join(
        f"{n}\n\n{title}\n\n{text}\n\n"
        for n, title, text in [
            (1, "Ferries add a night crossing.", "The harbour line runs a last boat at midnight."),
            (2, "Library opens on Sundays.", "The reading room stays open until six o'clock."),
            (3, "Bridge repairs finish early.", "Both lanes reopen on Friday, a week ahead."),
            (4, "Market hall gets a new roof.", "Solar panels will cover half of the new roof."),
            (5, "Zoo welcomes two otters.", "The pair arrived from a northern sanctuary."),
        ]
    )
    text = f"---\ntitle: The Five-Point\n---\n\nYour five things to know this morning.\n\n{body}"
    stories = _load(text).stories
    heard = " ".join([s.title for s in stories] + [p for s in stories for p in s.body])
    assert "Zoo welcomes two otters" in heard and "Market hall gets a new roof" in heard
    assert "The pair arrived from a northern sanctuary." in heard


def test_an_archived_emails_header_lines_are_not_heard() -> None:
    text = (
        '---\nsubject: "The Five-Point: Ferries at night"\n'
        "date: Sat, 25 Apr 2026 21:15:40 +1000\n---\n\n"
        "# The Five-Point: Ferries at night\n\n"
        '**From:** "Ann Vale, Harbour Times" <desk@harbour.example>\n'
        "**Date:** Sat, 25 Apr 2026 21:15:40 +1000\n\n---\n\n"
        "The ferry chief made a big bet on night crossings. It's paying off, the harbour "
        "board says, with the midnight boat full most nights since spring.\n\n"
        "Ann Vale\n\nEditor, Harbour Times\n\nTODAY'S HEADLINES\n\n1\n\n"
        "Ferries add a night crossing from June, after commuters and late workers asked for "
        "it for years; the fare stays the same.\n\n"
        "THE CITY\n\n2\n\nLibrary opens on Sundays.\n\n"
        "The central library will open on Sundays until six, starting next month.\n\n"
        "AND FINALLY\n\n3\n\nZoo welcomes two otters.\n\n"
        "The pair arrived from a northern sanctuary and will be on show from the weekend.\n"
    )
    issue = _load(text)
    opening = " ".join(issue.opening.body if issue.opening else ())
    assert opening.startswith("The ferry chief made a big bet")
    assert "harbour.example" not in opening and "+1000" not in opening
    assert issue.date is not None and issue.date.isoformat().startswith("2026-04-25")
