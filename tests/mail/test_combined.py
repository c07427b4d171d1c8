"""Combined episodes without audio: periods, the combined issue, its script and its notes."""

from __future__ import annotations

import datetime as dt

from digestcast.combine import (
    Period,
    combined_issue,
    current_period,
    newsletter_name,
    period_from_key,
)
from digestcast.config import IngestSettings, Settings
from digestcast.ingest import load_email_issue
from digestcast.models import Issue
from digestcast.publish import issue_key
from digestcast.publish.notes import show_notes
from digestcast.write import write_script
from tests.mail.letters import newsletter


def test_periods() -> None:
    thursday = dt.date(2026, 4, 9)
    assert current_period("daily", thursday).key == "digest:daily:2026-04-09"
    weekly = current_period("weekly", thursday)
    assert weekly.key == "digest:weekly:2026-04-06" and weekly.start.weekday() == 0
    assert weekly.title("Morning Letters") == "Morning Letters: week of April 6, 2026"
    assert Period("daily", thursday).first_issue_date == dt.date(2026, 4, 8)
    assert period_from_key(weekly.key) == weekly
    assert period_from_key("digest:hourly:2026-04-06") is None
    assert period_from_key("digest:daily:someday") is None
    assert period_from_key("https://example.org/feed") is None


def test_a_newsletter_is_named_by_its_sender_else_its_title_without_number() -> None:
    def named(title: str, publisher: str | None = None) -> str:
        return newsletter_name(Issue(title=title, stories=(), publisher=publisher))

    assert named("Anything", "Harbor Notes") == "Harbor Notes"
    assert named("Bitcoin Optech Newsletter #413") == "Bitcoin Optech Newsletter"
    assert named("Harbor Notes No. 12") == "Harbor Notes"
    assert named("The Weekly – Issue 7, 2026-04-10") == "The Weekly"
    assert named("#12") == "#12"
    assert named("") == "A newsletter"


def _issues() -> list:  # type: ignore[type-arg]
    ingest = IngestSettings()
    return [
        load_email_issue(newsletter(name, n), f"mail {name}", ingest)
        for name, n in (("valley", 1), ("harbor", 1), ("valley", 2))
    ]


def test_combined_issue_groups_stories_by_newsletter() -> None:
    period = Period("daily", dt.date(2026, 4, 10))
    issue = combined_issue(period, _issues(), "Morning Letters")
    assert issue.title == "Morning Letters: April 10, 2026"
    assert issue_key(issue) == "digest:daily:2026-04-10"  # the period is its identity
    assert [n.title for n in issue.newsletters] == [
        "Valley Café Bulletin No. 1", "Valley Café Bulletin No. 2", "Harbor Notes No. 1",
    ]  # fmt: skip
    assert [s.group for s in issue.stories] == ["Valley Café Bulletin"] * 2 + ["Harbor Notes"] * 2


def test_combined_script_names_the_newsletters_and_titles_chapters() -> None:
    period = Period("daily", dt.date(2026, 4, 10))
    issue = combined_issue(period, _issues(), "Morning Letters")
    script = write_script(issue, Settings())
    intro = script.segments[0]
    assert intro.kind == "intro"
    assert "4 stories from 2 newsletters: Valley Café Bulletin, and Harbor Notes" in intro.text
    chapters = list(dict.fromkeys(s.chapter for s in script.segments))
    assert chapters == [
        "Intro",
        "Valley Café Bulletin: Café Été wins the regional pastry prize",
        "Harbor Notes: Ferry service returns to the north pier",
        "Harbor Notes: Tide gauges get solar panels",
        "Outro",
    ]
    # (the two Valley issues tell the same story: adjacent segments of one title, one chapter)
    story_segments = [s for s in script.segments if s.kind == "story"]
    assert [s.story_index for s in story_segments] == [0, 1, 2, 3]
    announcements = [s.text for s in script.segments if s.text.endswith(("story.", "stories."))]
    assert len(announcements) == 2  # once per newsletter, with all its issues' stories
    assert "Valley Café Bulletin: 2 stories." in announcements[0]
    assert "Harbor Notes: 2 stories." in announcements[1]
    assert script.description.startswith("Morning Letters: April 10, 2026. Valley Café Bulletin:")


def test_combined_show_notes_name_each_newsletter_and_link_its_issue() -> None:
    period = Period("daily", dt.date(2026, 4, 10))
    issues = _issues()
    linked = [
        issues[0].__class__(**{**issues[0].__dict__, "source_url": "https://valley.example.net/1"})
    ]
    issue = combined_issue(period, [*linked, issues[1]], "Morning Letters")
    notes = show_notes(issue, write_script(issue, Settings()), ())
    assert "<h3>Valley Café Bulletin</h3>" in notes and "<h3>Harbor Notes</h3>" in notes
    assert '<a href="https://valley.example.net/1"' in notes
    assert "Ferry service returns to the north pier" in notes
