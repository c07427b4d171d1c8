"""The two real issues in ../shared/samples (outside the repo, present in CI). Their text stays
there: what is found is checked against the sample file itself, never against copies of it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.models import Story
from tests.conftest import SAMPLES, needs_samples

pytestmark = needs_samples
BOILERPLATE = ("A MESSAGE FROM", "job openings", "Subscribe and view")  # generic ad/footer words


def lines_of(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def assert_titles_are_lines(stories: tuple[Story, ...], lines: list[str]) -> None:
    """Each story's title is a line of the issue as written, not a shouted section label."""
    for story in stories:
        assert any(ln.startswith(story.title) for ln in lines), story.title
        assert not story.title.isupper()


def test_the_batch_gives_four_stories_and_the_letter() -> None:
    path = SAMPLES / "the-batch-2026-04-10.txt"
    issue, lines = load_issue(str(path), IngestSettings()), lines_of(path)
    assert len(issue.stories) == 4
    assert_titles_are_lines(issue.stories, lines)
    assert issue.date == dt.date(2026, 4, 10)
    assert issue.opening is not None and len(issue.opening.body) >= 3
    first_story = min(lines.index(ln) for s in issue.stories for ln in lines if ln == s.title)
    assert all(p.split("\n")[0][:40] in "\n".join(lines[:first_story]) for p in issue.opening.body)
    everything = " ".join(p for s in issue.stories for p in s.body)
    for ad in BOILERPLATE:
        assert ad not in everything
    for story in issue.stories:
        assert {"whats_new", "why_it_matters", "opinion"} <= {s.name for s in story.sections}
        whats_new = story.section("whats_new")
        assert whats_new is not None and not whats_new.text.startswith(whats_new.heading)
        headings = tuple(s.heading for s in story.sections if s.heading)
        assert not any(p.startswith(headings) for p in story.body)  # labels are not read
        assert story.words > 200


def test_the_digest_gives_four_stories_with_their_sections() -> None:
    path = SAMPLES / "digest-2026-04-10.txt"
    issue, lines = load_issue(str(path), IngestSettings()), lines_of(path)
    assert any(ln.startswith(issue.title[:40]) for ln in lines[:10])  # the issue's own headline
    assert issue.date == dt.date(2026, 4, 10)
    assert len(issue.stories) == 4
    assert_titles_are_lines(issue.stories, lines)
    for story in issue.stories:
        assert [s.name for s in story.sections] == ["tldr", "summary", "takeaways", "opinion"]
        takeaways = story.section("takeaways")
        assert takeaways is not None and len(takeaways.items) == 5
        opinion = story.section("opinion")
        assert opinion is not None and any(ln.startswith(opinion.heading) for ln in lines)
        summary = story.section("summary")
        assert summary is not None and summary.text.count("\n\n") >= 1  # continuation paragraphs
        assert not any(re.fullmatch(r"\W*[\w-]+(?:\.[\w-]+)+\W*", p) for p in story.body)
