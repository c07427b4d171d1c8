"""An issue's blocks as a tree of sections: each heading holds the blocks under it and the
headings of lower rank that follow it. Every format (HTML, email, feed, Markdown, plain text)
reaches the splitter as this one tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from digestcast.ingest.blocks import Block
from digestcast.ingest.sections import is_subhead

_TEXT_TITLE_RANK = 7
_MIN_KICKERS = 2
_LABEL_WORDS = 8
_KICKER_WORDS = 4  # a plain-text title line (level 0) ranks below every HTML heading


@dataclass
class Node:
    """A section: its heading (None for the issue's root), the blocks under the heading before
    its first sub-section, and its sub-sections."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    label: bool = False  # a heading straight over headings of its own rank: it holds them

    @property
    def rank(self) -> float:
        if self.heading is None:
            return 0
        return (self.heading.level or _TEXT_TITLE_RANK) - 0.5 * self.label

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, in reading order (iteratively: no recursion)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def flat(self) -> list[Block]:
        """Every block of the section in reading order, sub-headings included."""
        out: list[Block] = []
        for node in self.walk():
            if node is not self and node.heading is not None:
                out.append(node.heading)
            out.extend(node.blocks)
        return out


def _kicker(blocks: Sequence[Block], i: int) -> bool:
    """A short heading right over a heading of higher rank ("AUTO" over the headline): the
    story's category label, not a section."""
    block = blocks[i]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if block.kind != "heading" or nxt is None or nxt.kind != "heading":
        return False
    return 0 < nxt.level < block.level and words(block.text) <= _KICKER_WORDS


def _label_over(blocks: Sequence[Block], i: int) -> bool:
    """A title line with nothing under it but another title line ("Upcoming Events" over
    "Tuesday October 1st"): a section label holding the title lines that follow."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    same = nxt is not None and nxt.kind == "heading" and nxt.level == blocks[i].level
    if words(blocks[i].text) > _LABEL_WORDS:
        return False  # a sentence ("X is an organization dedicated to..."): a tagline
    return same and blocks[i].level == 0  # marked headings have their levels; lines do not


def _kicker_level_labels(kept: list[Block], blocks: Sequence[Block]) -> list[Block]:
    """Where one heading level is the kicker over headlines of another (H3 "AUTO" over each
    H1), that level's other headings ("WHAT ELSE IS NEW") are labels at the headlines' rank:
    siblings of the stories, not sections inside the story above them."""
    kicked = Counter(
        (blocks[i].level, blocks[i + 1].level) for i in range(len(blocks)) if _kicker(blocks, i)
    )
    levels = {kicker: target for (kicker, target), n in kicked.items() if n >= _MIN_KICKERS}
    if not levels:
        return kept
    return [
        replace(b, level=levels[b.level]) if b.kind == "heading" and b.level in levels else b
        for b in kept
    ]


def build_tree(blocks: Sequence[Block]) -> Node:
    """The section tree of `blocks`: a heading closes every open section of its rank or lower.
    A subhead ("Key takeaways:", "Why it matters") stays a block of the section it is in."""
    root = Node(None)
    stack: list[Node] = [root]
    blocks = _kicker_level_labels(
        [b for i, b in enumerate(blocks) if not _kicker(blocks, i)], blocks
    )
    for i, block in enumerate(blocks):
        if block.kind == "heading" and not is_subhead(block.text, heading=True):
            node = Node(block, label=_label_over(blocks, i))
            while len(stack) > 1 and stack[-1].rank >= node.rank:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].blocks.append(block)
    return root


def words(text: str) -> int:
    """Words in `text`, counting two CJK characters as a word."""
    cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return len(text.split()) + cjk // 2


def block_words(blocks: Sequence[Block]) -> int:
    return sum(words(b.text) for b in blocks if b.kind in ("para", "item"))
