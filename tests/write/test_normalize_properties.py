"""Whatever the text, the spoken form holds no digits, URLs or markup characters."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from digestcast.write.normalize import normalize_for_speech

PIECES = st.sampled_from(
    [
        "GPT-5.4",
        "$4M",
        "83.1%",
        "2019",
        "1990s",
        "~12M",
        "40+",
        "3:30 pm",
        "April 28-29",
        "**bold**",
        "[x](https://a.b/c)",
        "https://x.io/y",
        "a@b.com",
        "#1",
        "10.04.2026",
        "(ii)",
        "A/B",
        "1/2",
        "C++",
        "&",
        "—",
        "🎉",
        "LLMs",
        "OpenAI",
        "1,000",
        "-7",
        "0.5",
    ]
)
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " .,;:!?'()-/$%&*_#", max_size=30)
FORBIDDEN = re.compile(r"\d|https?://|[*_`#\[\]<>{}|\\$%&@=+~^/]")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, WORDS), max_size=8))
def test_spoken_text_has_no_digits_urls_or_markup(parts: list[str]) -> None:
    spoken = normalize_for_speech(" ".join(parts))
    assert not FORBIDDEN.search(spoken), spoken
