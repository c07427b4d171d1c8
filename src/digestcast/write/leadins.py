"""A bold lead-in cut from its sentence ("Claude Cowork." / "is something new"): how to tell a
paragraph that starts mid-sentence, and the lead-in's text to put back in front of it."""

from __future__ import annotations

import re

from digestcast.write.summarize import STOPWORDS

VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "lets",
        "allows",
        "adds",
        "makes",
        "provides",
        "brings",
        "introduces",
        "offers",
        "fixes",
        "improves",
        "includes",
        "supports",
        "shows",
        "explains",
        "describes",
        "gives",
        "uses",
        "turns",
        "helps",
        "enables",
        "removes",
        "changes",
        "updates",
        "releases",
        "ships",
    ]
)
LEAD_IN_WORDS = 10  # a bold lead-in cut from its sentence is short
CUT_LEAD_IN = re.compile(r"(?<=[\w)])[.:]\s+(?=(?:" + "|".join(sorted(VERBS)) + r")\s)")


# what a linked name is often followed by: "[Jane Doe](...) wrote about ..."
PAST_TENSE = re.compile(r"[a-z]{3,}ed")
IRREGULAR_PAST = frozenset(
    [
        "wrote",
        "gave",
        "made",
        "took",
        "said",
        "found",
        "built",
        "ran",
        "spoke",
        "began",
        "became",
        "brought",
        "chose",
        "drew",
        "held",
        "kept",
        "led",
        "left",
        "lost",
        "met",
        "paid",
        "sent",
        "showed",
        "told",
        "thought",
        "won",
        "went",
    ]
)


def continues(paragraph: str) -> bool:
    """The paragraph starts mid-sentence ("is something new ...", "shared a talk on ..."):
    its subject was cut."""
    first = paragraph.split(maxsplit=1)[0] if paragraph.strip() else ""
    word = first.strip(",;:")
    if not word.islower():
        return False
    return (
        word in VERBS
        or word in STOPWORDS
        or word in IRREGULAR_PAST
        or PAST_TENSE.fullmatch(word) is not None
    )


def lead_in(paragraph: str) -> str:
    return paragraph.rstrip().rstrip(".:\u2014-").rstrip()
