"""A listener's note from the sixth real probe set: a tracker's number ("Bug 1553982", "PR
#14090") is read digit by digit, not as a million-something; a count stays a count."""

from __future__ import annotations

import pytest

from digestcast.write.normalize import normalize_for_speech


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("We fixed Bug 1553982 today.", "We fixed Bug one five five three nine eight two today."),
        ("See PR #14090.", "See P-R number one four zero nine zero."),
        ("Ticket #123456 closed.", "Ticket number one two three four five six closed."),
        ("Issue #42 is closed.", "Issue number forty-two is closed."),
        ("About 15530 people came.", "About fifteen thousand five hundred thirty people came."),
    ],
)
def test_a_trackers_number_is_read_digit_by_digit(written: str, spoken: str) -> None:
    assert normalize_for_speech(written) == spoken
