"""Boilerplate that is never part of a story: footers, sponsor lines, repeated source lines,
tables of contents, user drop patterns; and whether a would-be story is really an ad."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.html import SPONSOR_START
from digestcast.ingest.sections import READ_MORE, is_subhead

FOOTER = re.compile(
    r"\bunsubscribe\b|\bsubscribe (?:and|here|now|to|for)\b|"
    r"view (?:this (?:email|issue) )?in (?:your |a )?browser|"
    r"forwarded (?:this|to you)|manage (?:your )?(?:preferences|subscription)|"
    r"update your preferences|spam folder|(?:add|whitelist) (?:us|our (?:email )?address)|"
    r"©|\bcopyright\b|all rights reserved|"
    r"you(?:'re| are) receiving this|sent (?:to you )?because|privacy policy|"
    r"feedback\?.{0,40}(?:send|reply|email)|share this (?:email|newsletter|issue)|"
    r"^(?:was this|did you enjoy|enjoying) this (?:email|newsletter|issue)|"
    r"^(?:like|love) (?:this|what you read)\b.{0,40}\bshare",
    re.IGNORECASE,
)
_PROMO_TITLE = re.compile(
    r"^(?:learn more|work with|join|subscribe|sign up|register|get (?:started|access|\d+%)|try |"
    r"download|upgrade|we'?re hiring|hiring|jobs?\b|careers?\b|advertise|sponsor|partner with)",
    re.IGNORECASE,
)
_CTA = re.compile(
    r"subscribe|sign up|register (?:now|today|here)|enrol+ (?:now|today)|job openings|"
    r"we'?re hiring|"
    r"in your inbox|learn more|check out|% off|discount|promo code|limited time|free trial|"
    r"book a demo|get started|join (?:us|the teams?|thousands|our)|apply (?:now|today)",
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"^\W*(?:no (?:\w+ )?(?:submissions|entries|items|news|updates)\b|"
    r"nothing (?:\w+ )?(?:was |were )?"
    r"(?:submitted|to report|this week|new)|(?:there (?:were|are) )?no \w+ (?:were )?submitted)",
    re.IGNORECASE,
)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", "'").lower()).split())


def _keep(block: Block, patterns: Sequence[re.Pattern[str]], repeated: set[str]) -> bool:
    text = block.text
    if any(p.search(text) for p in patterns):
        return False
    if block.kind == "rule":
        return True
    if len(text) < 400 and FOOTER.search(text):
        return False
    if SPONSOR_START.match(text):
        return False
    return not (block.kind == "para" and norm(text) in repeated)


def drop_boilerplate(blocks: Sequence[Block], drop_patterns: Sequence[str]) -> list[Block]:
    patterns = [re.compile(p, re.IGNORECASE) for p in drop_patterns]
    counts = Counter(
        norm(b.text)
        for b in blocks
        if b.kind == "para"
        and 0 < len(b.text) < 80
        and not is_subhead(b.text)
        and not READ_MORE.match(b.text)
    )
    repeated = {text for text, n in counts.items() if n >= 2 and text}
    return [b for b in blocks if _keep(b, patterns, repeated)]


def drop_table_of_contents(blocks: Sequence[Block], titles: dict[int, str]) -> list[Block]:
    """Items or lines repeating a title that comes later (a table of contents) are dropped."""
    later: dict[str, int] = {}
    for index, title in titles.items():
        later[norm(title)] = max(later.get(norm(title), -1), index)
    return [
        b
        for i, b in enumerate(blocks)
        if i in titles or later.get(norm(b.text), -1) <= i or b.kind not in ("item", "para")
    ]


def is_promotional(title: str, body: Sequence[str]) -> bool:
    """An ad dressed as a story: a call-to-action title, CTA phrases, a short body."""
    text = " ".join(body)
    score = 2 * bool(_PROMO_TITLE.match(title)) + title.rstrip().endswith("!")
    score += min(3, len(_CTA.findall(text)))
    score += len(text.split()) < 120
    if re.search(r"\((?:sponsored?|ad|partner)\)", title + " " + text[:200], re.IGNORECASE):
        score += 3
    return score >= 4


def says_nothing(body: Sequence[str]) -> bool:
    """A section that only says nothing was submitted this time."""
    return bool(body) and len(" ".join(body).split()) < 30 and all(_NOTHING.match(p) for p in body)
