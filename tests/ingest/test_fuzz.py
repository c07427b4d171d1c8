"""load_issue on arbitrary bytes or text either returns an Issue or raises IngestError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestcast.config import IngestSettings
from digestcast.errors import IngestError
from digestcast.ingest import load_issue
from digestcast.models import Issue

FRAGMENTS = st.sampled_from([
    "<html>", "<body>", "<h2>", "</h2>", "<p>", "<b>", "<a href='http://x'>", "<rss>", "<feed>",
    "<?xml version='1.0'?>", "---\n", "title: x\n", "# ", "## ", "***\n", "- ", "**", "\n\n",
    "From: a@b.c\n", "Subject: s\n", "MIME-Version: 1.0\n", "Content-Type: text/html\n",
    "Story Title\n", "A paragraph that says something about the world.\n", "TLDR: ",
    "Key takeaways:\n", "<br>", "<br><br>", "<header>", "</header>", "<nav>", "<span>",
    "<a class='btn' href='http://x'>", "</a>", "<h3>Presented by X</h3>", "## Related\n",
    "Title\n-----\n", "-- \n", "1) Title\n\n", "**Why it matters:**\n", "Read more: ",
    "<meta name='description' content='x'>", "Issue #4 - April 2\n", "■ ",
])  # fmt: skip


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue"
        path.write_bytes(data)
        try:
            issue = load_issue(str(path), IngestSettings())
        except IngestError as exc:
            assert str(exc).startswith(str(path))
        else:
            assert isinstance(issue, Issue) and issue.stories


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=40))
def test_random_structured_text(parts: list[str]) -> None:
    _check("".join(parts).encode("utf-8", errors="surrogatepass"))
