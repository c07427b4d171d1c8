"""Issues written by hand for the write-stage tests."""

from __future__ import annotations

import datetime as dt

import pytest

from digestcast.models import Issue, Section, Story

BODY = (
    "Harbor Labs released Tidewater 2.1, an open model for weather nowcasting that runs on a "
    "single 24 GB GPU. The release includes weights, training code and a 40-page report.",
    "Tidewater predicts rainfall for the next 6 hours at 1 km resolution. In tests across 12 "
    "countries, it beat the national services' models on 9 of them. It uses a CNN encoder "
    "with a transformer core.",
    "This matters for farmers. The model costs about $2 per day to run, far less than the "
    "supercomputers used today. Critics note that it was trained on only 5 years of radar data.",
)


def story(n: int, *, sections: bool = False) -> Story:
    secs = (
        (
            Section("tldr", "TLDR", f"Story {n} in one line: the 2nd model beats GPT-4o."),
            Section("summary", "Summary", "A longer summary with 83.1% accuracy and $4M funding."),
            Section("takeaways", "Key takeaways", items=("First point", "Second point", "Third")),
            Section("opinion", "We're thinking", "Open weights help smaller labs."),
        )
        if sections
        else ()
    )
    return Story(f"Story number {n}: Tidewater {n}.0", BODY, f"https://example.com/{n}", secs)


@pytest.fixture
def issue() -> Issue:
    stories = tuple(story(n, sections=n % 2 == 0) for n in range(1, 6))
    opening = Story("Dear friends", ("Welcome to the issue. We had a busy week at the lab.",))
    return Issue(
        "Weather Models Week",
        stories,
        dt.date(2026, 4, 10),
        "issue.md",
        None,
        "The Weekly",
        opening,
    )
