"""Lists that are one story, whatever their items look like: a list of releases (every entry a
name and a version: "parser v2.3.1: faster"), a changelog (every entry links to a pull request,
merge request or commit), a breakdown (entries that are tallies ending in ":" over nested lists:
a status board) and a tally (every entry a count: "22 bugs fixed"). Read one by one they would
be a dozen chapters of version numbers or pull requests; read as one they are the section's
news."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

from digestcast.ingest.blocks import Block
from digestcast.ingest.tree import words

# "name 1.2.3", "name v1.14.0-beta.1", "{name} 0.3": a name and a version, then maybe a note.
_RELEASE = re.compile(
    r"^\W*[\w{}./@-]+(?:\s+[\w{}./@-]+)?\s+v?\d+(?:\.\d+)+[\w.+-]*\W*(?:[:—–-]|$)"
)
# A label that counts what is under it ("Two at 'approved':", "Merged (4):"): a tally, not a
# category ("Frontend:") whose entries are stories of their own.
_TALLY = re.compile(
    r"\d|^\W*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I
)
# A link to one code change on a forge: "/pull/123", "/merge_requests/45", "/commit/ab12cd".
_CHANGE_URL = re.compile(r"/(?:pulls?|merge_requests|commits?|changes?)/[0-9a-f]+(?:[/?#]|$)", re.I)
_ISSUE_URL = re.compile(r"/issues/\d+(?:[/?#]|$)", re.I)
_MIN_ENTRIES = 3
_NOTE_WORDS = 30
_MIN_LABELS = 2


def _entries(blocks: Sequence[Block]) -> list[Block]:
    depth = min((b.depth for b in blocks if b.kind == "item"), default=0)
    return [b for b in blocks if b.kind == "item" and b.depth == depth]


def is_release_list(blocks: Sequence[Block]) -> bool:
    """Every top-level entry is a release: a name and its version."""
    entries = _entries(blocks)
    return len(entries) >= _MIN_ENTRIES and all(_RELEASE.match(b.text) for b in entries)


def is_change_list(blocks: Sequence[Block]) -> bool:
    """Every top-level entry links to a code change: a changelog of merged pull requests."""
    entries = _entries(blocks)
    return len(entries) >= _MIN_ENTRIES and all(
        (url := b.url or b.inline_url) is not None and _CHANGE_URL.search(url) for b in entries
    )


def is_breakdown(blocks: Sequence[Block]) -> bool:
    """Top-level entries that are tallies ending in ":" over nested lists (a status board)."""
    labels = 0
    for i, block in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if block.kind == "item" and block.text.rstrip().endswith(":") and _TALLY.search(block.text):
            labels += nxt.kind == "item" and nxt.depth > block.depth
    return labels >= _MIN_LABELS


# A count and what it counts, in small letters: "22 bugs fixed", "90 pull requests merged".
_COUNT = re.compile(r"^\W*\d[\d,.]*\+?\s+[a-z]")
_COUNT_WORDS = 20


def is_tally_list(blocks: Sequence[Block]) -> bool:
    """Every top-level entry is a count of something ("22 bugs fixed", "25 bugs added"): the
    week's figures, one story, not a list of items (a "5 Ways to ..." title is capitalized)."""
    entries = _entries(blocks)
    return len(entries) >= _MIN_LABELS and all(
        _COUNT.match(b.text) and words(b.text) <= _COUNT_WORDS for b in entries
    )


def is_referenced_note(blocks: Sequence[Block]) -> bool:
    """Links to the pull requests or issues behind a change, then prose explaining it ("-
    [feat: add dedup operator #8874](.../pull/8874)", then two paragraphs): one story, the prose
    its news and the links its references, not a list of items."""
    head = list(takewhile(lambda b: b.kind == "item" or _reference(b), blocks))
    rest = blocks[len(head) :]
    if not any(_reference(b) for b in head) or any(b.url and not _reference(b) for b in head):
        return False
    if any(b.kind == "item" or _reference(b) for b in rest):
        return False
    return sum(words(b.text) for b in rest if b.kind == "para") >= _NOTE_WORDS


def _reference(block: Block) -> bool:
    url = block.url
    return url is not None and bool(_CHANGE_URL.search(url) or _ISSUE_URL.search(url))
