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
