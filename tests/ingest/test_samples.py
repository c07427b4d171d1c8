"""The two real issues in ../shared/samples (outside the repo, present in CI)."""

from __future__ import annotations

import datetime as dt

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from tests.conftest import SAMPLES, needs_samples

pytestmark = needs_samples


def test_the_batch_gives_four_stories_and_the_letter() -> None:
    issue = load_issue(str(SAMPLES / "the-batch-2026-04-10.txt"), IngestSettings())
    assert [s.title for s in issue.stories] == [
        "Claude Mythos Preview Raises Security Worries",
        "Pitfalls in Assistive Models for the Blind",
        "Dark DNA Unveiled",
        "How Liquids and Gases Behave",
    ]
    assert issue.date == dt.date(2026, 4, 10)
    assert issue.opening is not None
    assert issue.opening.body[0].startswith("Dear friends")
    assert issue.opening.body[-1].startswith("Keep building")
    everything = " ".join(p for s in issue.stories for p in s.body)
    for ad in ("A MESSAGE FROM", "Data Points arrives", "job openings", "Subscribe and view"):
        assert ad not in everything
    for story in issue.stories:
        assert {"whats_new", "why_it_matters", "opinion"} <= {s.name for s in story.sections}
        whats_new = story.section("whats_new")
        assert whats_new is not None and not whats_new.text.startswith("What")
        assert not any(p.startswith(("What’s new:", "We’re thinking:")) for p in story.body)
        assert story.words > 200


def test_the_digest_gives_four_stories_with_their_sections() -> None:
    issue = load_issue(str(SAMPLES / "digest-2026-04-10.txt"), IngestSettings())
    assert issue.title.startswith("Claude Mythos Preview's Security Bombshell")
    assert issue.date == dt.date(2026, 4, 10)
    assert len(issue.stories) == 4
    assert issue.stories[0].title.startswith("Claude Mythos Preview: ")
    for story in issue.stories:
        assert [s.name for s in story.sections] == ["tldr", "summary", "takeaways", "opinion"]
        takeaways = story.section("takeaways")
        assert takeaways is not None and len(takeaways.items) == 5
        opinion = story.section("opinion")
        assert opinion is not None and opinion.heading == "Why do I care"
        summary = story.section("summary")
        assert summary is not None and summary.text.count("\n\n") >= 1  # continuation paragraphs
        assert not any("deeplearning.ai" in p and len(p) < 40 for p in story.body)
        assert story.title not in ("AI & AGENTS", "The Batch — deeplearning.ai")
