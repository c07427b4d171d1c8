"""The shared, cached sentence splitter: exactly what pysbd's own Segmenter returns."""

from __future__ import annotations

import pysbd
import pytest

from digestcast.sbd import segment

TEXTS = [
    "",
    "   ",
    "No full stop at all",
    "Dr. Smith came at 3 p.m. today.  He left.\nThen he came back. ",
    "It rained. It rained. It rained.",  # the same sentence more than once
    "Yes. Yes.   Yes.\n\nNo.",
    "The U.S. and the E.U. agreed on Jan. 5. Mr. Lee (the CEO) said: 'Fine.' Done!",
    "Prices rose 3.5% vs. last year, e.g. in N.Y. and St. Louis... Nobody knew why?! Odd.",
    "1. First item 2. Second item (a) third (b) fourth. i. fifth ii. sixth.",
    "Trailing spaces.\t\u00a0 And a non-breaking one.\u2003Em space after.",
    "\u201cQuoted,\u201d she said. \u201cAnother.\u201d  He nodded.",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("language", ["en", "de"])
def test_segment_is_pysbd(text: str, language: str) -> None:
    expected = pysbd.Segmenter(language=language, clean=False).segment(text)
    assert segment(text, language) == tuple(expected)
    assert segment(text, language) == tuple(expected)  # and again, from the cache
