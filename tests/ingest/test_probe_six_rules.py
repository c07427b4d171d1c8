"""Rules found by probing a sixth set of real issues (a project's monthly letter dated by its
first heading, a weekly digest closing on a language's job board, a sponsor letter signing
off in bold, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def test_a_first_heading_that_only_dates_the_issue_is_its_greeting_not_a_story() -> None:
    text = (
        "# March 2026\n\n"
        "Hello friends, spring is here and the workshop has been busy with two releases and a "
        "new volunteer crew joining the repair evenings.\n\n"
        "# Volunteers\n\n"
        "Four new volunteers joined the Thursday repair evenings and fixed eleven toasters, "
        "three radios and a very old sewing machine between them.\n\n"
        "# Releases\n\n"
        "The parts catalogue now lists every spare we keep, with the shelf it sits on and how "
        "many are left, so nobody has to dig through boxes again.\n"
    )
    issue = _load(text)
    assert [s.title for s in issue.stories] == ["Volunteers", "Releases"]
    assert issue.opening is not None and "spring is here" in " ".join(issue.opening.body)


def test_a_date_heading_among_dated_sections_is_kept_when_no_peer_follows() -> None:
    text = (
        "# 12 May 2026\n\n"
        "The ferry timetable changes next week: the early boat leaves ten minutes sooner and "
        "the last one on Sundays is dropped until the summer season starts.\n"
    )
    assert len(_load(text).stories) == 1


def test_a_section_naming_a_languages_job_board_is_not_a_story() -> None:
    text = (
        "# Kiln Weekly 7\n\n"
        "## Glaze that cracks less\n\n"
        "A new recipe lowers the firing temperature and the glaze no longer crazes on thick "
        "mugs, say the potters who tried it for a month.\n\n"
        "## Kiln shelves from old bricks\n\n"
        "One member cut shelves from reclaimed bricks and shared the measurements and the "
        "saw she used, with photos of every step.\n\n"
        "## Pottery jobs\n\n"
        "If you know of any studio hiring, tell us on the forum and we will list it here.\n"
    )
    assert _titles(text) == ["Glaze that cracks less", "Kiln shelves from old bricks"]


def test_a_name_ending_in_jobs_is_still_a_title() -> None:
    from digestcast.ingest.segment import is_boilerplate_heading

    assert not is_boilerplate_heading("Steve Jobs")
    assert is_boilerplate_heading("Rowing jobs")


def test_a_bold_closing_line_thats_it_for_the_month_is_a_sign_off() -> None:
    text = (
        "# Notes from the allotment: June\n\n"
        "**Tomatoes went in early**\n\n"
        "The warm spell let us plant out the tomatoes two weeks early, and the first trusses "
        "have already set fruit on the south beds.\n\n"
        "**The water butt finally works**\n\n"
        "After a season of leaks the new tap holds, and the butt filled in one storm.\n\n"
        "**That's it for June!**\n\n"
        "Thanks for reading, and please reply if you have seeds to swap next month.\n"
    )
    titles = _titles(text)
    assert "Tomatoes went in early" in titles and "The water butt finally works" in titles
    assert not any(t.startswith("That's it") for t in titles)
