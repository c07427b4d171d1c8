"""Regular expressions the user writes (podcast.toml's `drop_patterns` and
`story_heading_patterns`): checked when the settings load, matched with a time budget.

They run on the `regex` engine, which can stop a match: a catastrophic pattern such as
`(x+x+)+y` then fails the build with a one-line error instead of hanging it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex  # type: ignore[import-untyped]

from digestcast.errors import IngestError

MATCH_BUDGET_S = 0.5  # one search over one block of text


def check_pattern(pattern: str) -> str:
    """The pattern, when it compiles; else a ValueError saying why."""
    try:
        regex.compile(pattern, regex.IGNORECASE)
    except (regex.error, TypeError, ValueError) as exc:
        raise ValueError(f"{pattern!r} is not a valid regular expression ({exc})") from None
    return pattern


@dataclass(frozen=True)
class UserPattern:
    """A user's pattern, compiled case-insensitive, searched within MATCH_BUDGET_S."""

    pattern: str
    compiled: Any  # regex.Pattern

    def search(self, text: str) -> bool:
        try:
            return self.compiled.search(text, timeout=MATCH_BUDGET_S) is not None
        except TimeoutError:
            raise IngestError(
                f"pattern {self.pattern!r} took over {MATCH_BUDGET_S} s on one block of text "
                "(it backtracks catastrophically); simplify it in podcast.toml"
            ) from None


def user_pattern(pattern: str) -> UserPattern:
    try:
        return UserPattern(pattern, regex.compile(pattern, regex.IGNORECASE))
    except regex.error as exc:
        raise IngestError(f"{pattern!r} is not a valid regular expression ({exc})") from None
