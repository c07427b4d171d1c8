"""Boilerplate that is never part of a story: footers, sponsor lines, repeated source lines,
tables of contents, user drop patterns; and whether a would-be story is really an ad."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlsplit

from digestcast.ingest.adruns import drop_ads_closed_by_a_button
from digestcast.ingest.blocks import Block
from digestcast.ingest.chrome import drop_frame_lines
from digestcast.ingest.dates import find_date
from digestcast.ingest.footer import FOOTER
from digestcast.ingest.layout import drop_item_bylines, fact_line
from digestcast.ingest.notes import drop_notes
from digestcast.ingest.offers import drop_offers
from digestcast.ingest.promo import SPONSOR_START, drop_promo_cards
from digestcast.ingest.sections import READ_MORE, is_subhead
from digestcast.patterns import UserPattern, user_pattern

_PROMO_TITLE = re.compile(
    r"^(?:learn more|work with|join|subscribe|sign up|register|get (?:started|access|\d+%)|try |"
    r"(?:want|interested|looking) to (?:advertise|sponsor|partner)|"
    r"download|upgrade|we'?re hiring|hiring|jobs?\b|careers?\b|advertise|sponsor|partner with)",
    re.IGNORECASE,
)
_CTA = re.compile(
    r"subscribe|sign up|register (?:now|today|here)|enrol+ (?:now|today)|job openings|"
    r"we'?re hiring|advertis(?:e|ing) with us|"
    r"in your inbox|learn more|check out|% off|discount|promo code|limited time|free trial|"
    r"book a demo|get started|join (?:us|the teams?|thousands|our)|apply (?:now|today)",
    re.IGNORECASE,
)
# A code the reader types at checkout: "10% discount with code TWIR", "use code SPRING".
_CODE = re.compile(
    r"\b(?:discount|promo|coupon|voucher) code\b|\b(?:discount|off) with (?:the )?code\b|"
    r"\buse (?:the )?code\b",
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"^\W*(?:no (?:\w+ )?(?:submissions|entries|items|news|updates)\b|"
    r"nothing (?:\w+ )?(?:was |were )?"
    r"(?:submitted|to report|this week|new)|(?:there (?:were|are) )?no \w+ (?:were )?submitted|"
    r"none (?:this|last) (?:week|month|time)\W*$)",
    re.IGNORECASE,
)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", "'").lower()).split())


# Headings of what follows a post (related posts, reading lists): dropped with what they head.
_AFTERWORD = re.compile(
    r"^\W*(?:related(?: \w+)?|more (?:from \w+|like this|stories|to read)|"
    r"you (?:may|might) (?:also )?(?:like|enjoy)|read next|recommended(?: \w+)?|"
    r"(?:popular|recent) (?:posts|stories))\W*$",
    re.IGNORECASE,
)


# The gate of a paid part ("BFM+ CONTENT LOCKED 🔒", "This post is for paid subscribers").
_LOCKED = re.compile(
    r"\b(?:content|post|issue|article|section)\s+(?:is\s+)?locked\b|"
    r"\bfor paid (?:subscribers|members) only\b|^\W*(?:premium|members?) only\W*$",
    re.IGNORECASE,
)
_MIN_PICK_WORDS = 12


def _picks(blocks: Sequence[Block], start: int) -> bool:
    """An afterword-like heading ("Recommended links") in the middle of an issue, over two or
    more item headings each followed by the editor's paragraph, and followed by another section
    of its level: the editor's picks, a section of the issue, not the platform's "related"."""
    level = blocks[start].level
    commented = 0
    for i in range(start + 1, len(blocks)):
        b = blocks[i]
        if b.kind == "heading" and b.level <= level:
            return commented >= 2
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            b.kind == "heading"
            and nxt is not None
            and nxt.kind == "para"
            and len(nxt.text.split()) >= _MIN_PICK_WORDS
        ):
            commented += 1
    return False


def _drop_runs(blocks: Sequence[Block]) -> list[Block]:
    """A sponsor's heading (or a short "Together with X" label over a heading) is dropped with
    everything up to the next heading or separator after its text; a "Related" heading with
    everything up to the next heading of its level or above."""
    out: list[Block] = []
    until: int | None = None  # dropping until a heading of this level or above, or a rule
    swallow = -1  # the heading under a sponsor label, dropped with its run
    said = False  # some text of the run dropped: separators before it only frame its title
    for i, b in enumerate(blocks):
        if until is not None:
            if (b.kind == "rule" and said) or (
                b.kind == "heading" and b.level <= until and i != swallow
            ):
                until, said = None, False
            else:
                said = said or b.kind in ("para", "item")
                continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "heading" and SPONSOR_START.match(b.text):
            # a sponsor section heading over item headings: up to the next section; right
            # over a heading as high ("PRESENTED BY X" over the ad's own title): with it
            under = nxt is not None and nxt.kind == "heading" and nxt.level > b.level
            until = b.level if under else 6
            swallow = i + 1 if nxt is not None and nxt.kind == "heading" and not under else -1
        elif b.kind == "heading" and _AFTERWORD.match(b.text) and not _picks(blocks, i):
            until = b.level
        elif b.kind in ("heading", "para") and len(b.text.split()) <= 8 and _LOCKED.search(b.text):
            until = b.level if b.kind == "heading" else 6  # the paid part's gate, and its pitch
        elif (
            b.kind == "para"
            and len(b.text.split()) <= 6
            and SPONSOR_START.match(b.text)
            and nxt is not None
            and nxt.kind == "heading"
        ):
            until, swallow = 6, i + 1
        elif _sponsor_label_over_run(blocks, i):
            until = 6  # "Sponsored by X" alone, its ad, up to the next heading close below
        else:
            out.append(b)
    return out


_AD_RUN = 8


def _sponsor_label_over_run(blocks: Sequence[Block], i: int) -> bool:
    """A short "Sponsored by X" line alone over a few paragraphs that a heading soon ends (an
    email's sponsor cell over its ad): the label and the ad, not a story's text. With no
    heading close below, nothing says where the ad ends and nothing is dropped."""
    b = blocks[i]
    if b.kind != "para" or len(b.text.split()) > 6 or not SPONSOR_START.match(b.text):
        return False
    return any(n.kind in ("heading", "rule") for n in blocks[i + 1 : i + 1 + _AD_RUN])


# A button alone on its line: the platform's call to act on the post, never its text.
_BUTTON = re.compile(
    r"^\W*(?:subscribe(?: now| for free)?|share(?: this (?:post|issue|email))?|sign (?:up|in)|"
    r"leave a comment|comments?|like|restack|get the app|start writing|read (?:in app|online)|"
    r"upgrade to paid|give a gift subscription|forward (?:this|to a friend)|"
    # "See more of what you like", and feedback buttons: "More like this"
    r"see more(?: of)?(?: \w+){0,4}|(?:more|less|fewer) (?:like this|of this)|"
    r"see what you(?:'|’)?re missing|"
    # an audio version's button ("▷ Listen now · 9 min"), a page's "Report this article"
    r"listen(?: now| in app| to this (?:post|article|episode))?(?:\W+\d+\s*min\w*)?|"
    r"report (?:this )?(?:article|post|comment|abuse))\W*$",
    re.IGNORECASE,
)


# A short line of symbols and digits only: a reaction's icon and its count.
_COUNTER = re.compile(r"^[^\w]{1,3}\s*\d{0,6}\s*$")


def _host_line(block: Block) -> bool:
    """A line that is only the host of its own link ("medium.com (https://medium.com/...)"):
    the item's source, as plain-text digests print it under each item, not a title."""
    if block.kind != "para" or not block.url:
        return False
    host = urlsplit(block.url).netloc.lower().removeprefix("www.")
    return bool(host) and block.text.strip().lower().removeprefix("www.") == host


def _keep(block: Block, patterns: Sequence[UserPattern], repeated: set[str]) -> bool:
    text = block.text
    if any(p.search(text) for p in patterns) or _host_line(block):
        return False
    if block.kind == "rule":
        return True
    if block.kind in ("para", "item") and _BUTTON.match(text):
        return False
    if block.kind == "para" and block.lead_is_link and _COUNTER.match(text):
        return False  # "♡ 31", "💬 4": a like or comment count, a link with no words
    if block.kind == "para" and not block.url and fact_line(text) and find_date(text) is None:
        return False  # an item's facts ("Rust · ★ 2.1k · MIT"): not words to read (a dated
        # masthead line, "Issue 112 · November 27, 2026", gives the issue its date)
    if len(text) < 400 and FOOTER.search(text):
        return False
    if SPONSOR_START.match(text):
        return False
    return not (block.kind == "para" and norm(text) in repeated)


_AD_LABEL = re.compile(
    r"^\W*(?:(?:featured|today(?:'|’)?s|this week(?:'|’)?s|our|presenting) )?"  # "Featured sponsor"
    r"(?:sponsored|sponsor|advertisement|promoted|partner|ad|"
    r"a (?:word|message) from (?:our|today(?:'|’)?s|this week(?:'|’)?s) sponsors?|"
    # the same label in a few languages
    r"anzeige|werbung|gesponsert|publicit[ée]|pubblicit[àa]|publicidad|patrocinado|reklama|"
    r"reklame|advertentie|gesponsord|annons|annonse|mainos)\W*$",
    re.I,
)
_LABEL_WORDS = 3


def _next_item(block: Block) -> bool:
    """Where a paid item's run stops: a heading, a rule, a short section label, or the next
    item's linked title line."""
    if block.kind in ("heading", "rule"):
        return True
    if block.kind != "para":
        return False
    short = len(block.text.split()) <= _LABEL_WORDS
    return (short and not block.url) or (bool(block.url) and not short and not _host_line(block))


def _drop_labelled_ads(blocks: Sequence[Block]) -> list[Block]:
    """A "Sponsored" line alone over an item in a plain list (no headings to end a run): the
    label and the one item under it, up to the next item, label or heading."""
    out: list[Block] = []
    skipped = -1  # blocks of the paid item skipped so far; -1: not in one
    for b in blocks:
        if skipped >= 0 and not (skipped and _next_item(b)):
            skipped += 1
            continue
        skipped = -1
        if b.kind == "para" and _AD_LABEL.match(b.text):
            skipped = 0
            out.append(Block("rule", ""))  # the items around it do not run into each other
            continue
        out.append(b)
    return out


def drop_boilerplate(blocks: Sequence[Block], drop_patterns: Sequence[str]) -> list[Block]:
    patterns = [user_pattern(p) for p in drop_patterns]
    counts = Counter(
        norm(b.text)
        for b in blocks
        if b.kind == "para"
        and 0 < len(b.text) < 80
        and not is_subhead(b.text)
        and not READ_MORE.match(b.text)
    )
    repeated = {text for text, n in counts.items() if n >= 2 and text}
    runs = _drop_runs(_drop_labelled_ads(drop_ads_closed_by_a_button(blocks)))
    # (a row's buttons go after the footer lines: "... Change frequency · Unsubscribe" is one)
    kept = drop_frame_lines([b for b in drop_item_bylines(runs) if _keep(b, patterns, repeated)])
    kickers = {i for i in range(len(kept)) if _over_heading(kept, i)}
    if len(kickers) < _MIN_KICKERS:  # a short line over a heading once: maybe the story's end
        kickers = set()
    kickers |= {i for i in range(len(kept)) if _kicker_line(kept, i)}
    kept = [b for i, b in enumerate(kept) if i not in kickers]
    return drop_offers(drop_notes(drop_promo_cards(drop_answer_links(kept))))


_KICKER_WORDS = 3


_MIN_KICKERS = 2
_LABEL_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[ &/+]+[^\W\d_]+)*")
_KICKER_CHARS = 30


def _short_over_heading(blocks: Sequence[Block], i: int) -> bool:
    block, nxt = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
    if block.kind != "para" or nxt is None or nxt.kind != "heading" or block.url:
        return False
    return 0 < len(block.text.split()) <= _KICKER_WORDS


def _over_heading(blocks: Sequence[Block], i: int) -> bool:
    """A short line of plain words right over a heading: a category over its headline
    (capitals drawn by a style sheet arrive in small letters: "Urbanism")."""
    text = blocks[i].text.strip()
    return (
        _short_over_heading(blocks, i)
        and len(text) <= _KICKER_CHARS  # not a sentence in a script written without spaces
        and _LABEL_WORDS_ONLY.fullmatch(text) is not None  # not "—Ann Lee", "Source: X", "x.org"
    )


def _kicker_line(blocks: Sequence[Block], i: int) -> bool:
    """A short line in capitals right over a heading ("OCEANS" over the headline): the story's
    category, not text of the story before it, even alone in its issue."""
    letters = [c for c in blocks[i].text if c.isalpha()]
    return _short_over_heading(blocks, i) and bool(letters) and all(c.isupper() for c in letters)


_ANSWER_WORDS = 8
_VOTE = re.compile(r"poll|vote|survey|rating|feedback|answer|reaction", re.IGNORECASE)


def _answer_key(block: Block) -> str | None:
    """A short line that is one link to a poll's, survey's or rating's page with a query: the
    page and the query's keys (the answers differ only in the values)."""
    if block.kind not in ("para", "item") or not (block.url and block.lead_is_link):
        return None
    if len(block.text.split()) > _ANSWER_WORDS or not _VOTE.search(block.url):
        return None
    parts = urlsplit(block.url)
    keys = sorted(k for k, _ in parse_qsl(parts.query))
    return f"{parts.netloc}{parts.path}?{'&'.join(keys)}" if keys else None


def drop_answer_links(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without a poll's or a rating's answers: consecutive short lines, each one
    link to the same voting page with other values ("Yes" ?answer=yes, "No" ?answer=no)."""
    keys = [_answer_key(b) for b in blocks]
    return [
        b
        for i, b in enumerate(blocks)
        if keys[i] is None
        or keys[i]
        not in ((keys[i - 1] if i else None), (keys[i + 1] if i + 1 < len(keys) else None))
    ]


# An invitation to pay or partner: "become a partner", "become a monthly supporter", "devenez
# partenaire", "werden Sie Partner", and to subscribe, in a few languages.
# "Acme (YC W24) is hiring embedded engineers" alone on its line: a job post in the list.
_HIRING = re.compile(r"\b(?:is|are|we(?:'|’)?re|we are) hiring\b", re.IGNORECASE)
_JOB_POST_WORDS = 25
_JOIN_US = re.compile(
    r"(?:^|[:—–!]\s*)(?:become|devenez|devenir|werden sie|hazte|diventa)\s+(?:an? |un |une |)"
    r"(?:\w+ )?(?:partner|partenaire|sponsor|annonceur|supporter|patron|member|membre|"
    r"mitglied|socio)|^\W*(?:s'abonner|abonnez-vous|abonnieren|suscr[ií]bete|iscriviti)\b",
    re.IGNORECASE,
)


_NAME_CHARS = 40
_OTHER_NEWSLETTER = re.compile(
    r"\b(?:c'est (?:la|une) newsletter|is (?:a|the|our) (?:\w+ ){0,2}newsletter|"
    r"ist (?:der|ein) newsletter|es (?:la|un) (?:boletín|newsletter))\b",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"\b(?:subscribe|sign up)\b|s'abonner|abonnez-vous|\babonnieren\b|suscr[ií]bete", re.IGNORECASE
)


def is_promotional(title: str, body: Sequence[str]) -> bool:
    """An ad dressed as a story: a call-to-action title, CTA phrases, a short body."""
    text = " ".join(body)
    score = 2 * bool(_PROMO_TITLE.match(title)) + title.rstrip().endswith("!")
    score += 3 * bool(_JOIN_US.search(title.replace("’", "'")))
    score += 3 * bool(_HIRING.search(title) and len(text.split()) < _JOB_POST_WORDS)
    score += min(3, len(_CTA.findall(text)))
    score += 3 * bool(_CODE.search(text))
    score += len(text.split()) < 120
    if re.search(
        r"\((?:sponsor(?:ed)?|ad|advertisement|partner)\)", title + " " + text[:200], re.IGNORECASE
    ):
        score += 3
    return score >= 4


def recommends_a_newsletter(heading: str, texts: Sequence[str]) -> bool:
    """Another newsletter introduced ("X, c'est la newsletter de...", "X is a weekly
    newsletter by...") under a heading naming it, or beside its subscribe button: a
    cross-promotion, not a story."""
    whole = " ".join(texts).replace("’", "'")
    if not (m := _OTHER_NEWSLETTER.search(whole)):
        return False
    if _SUBSCRIBE.search(whole):
        return True
    name = whole[: m.start()].strip(" ,")
    return 0 < len(name) <= _NAME_CHARS and m.start() < _NAME_CHARS and name in heading


def says_nothing(body: Sequence[str]) -> bool:
    """A section that only says nothing was submitted this time."""
    return bool(body) and len(" ".join(body).split()) < 30 and all(_NOTHING.match(p) for p in body)
