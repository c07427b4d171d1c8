"""Promotional cards inside an issue's flow, recognised by their shape: an event card (a date
alone over "Save the date" or "Webinar", a blurb, a call to action), a directory of products
under a short label and closed by a "see all" link, and a contact line (an e-mail address
beside a phone number)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.sections import READ_MORE

# A sponsor's label or its block's opening: "Together with X", "This week's sponsor",
# "Presented by X", "A message from our partner", "From our partners".
SPONSOR_START = re.compile(
    r"^\W*(?:(?:this|today'?s) (?:issue|email|newsletter|edition|episode) is |"
    r"(?:this (?:week|month|issue)|today)(?:'|’)?s |our )?"
    r"(?:sponsored|sponsor\b|presented by|supported by|together with|brought to you by|"
    r"a message from|an? (?:note|word) from (?:our |the )?sponsors?|in partnership with|"
    r"advertisement|partner(?:ed)? (?:content|with)|"
    r"from our (?:sponsors?|partners?))\b"
    # the advertisement label alone on its line, in a few languages
    r"|^\W*(?:anzeige|werbung|gesponsert|publicit[ée]|sponsoris[ée]e?|publicidad[e]?|patrocinado|"
    r"patrocinio|pubblicit[àa]|sponsorizzato|reklame|reklama|advertentie|gesponsord|annons|"
    r"annonse|mainos|(?:materia[łl]|artyku[łl]) sponsorowany)\W*$"
    r"|^\W*(?:pr|ads?|広告|广告|광고)\W*$",  # "[PR]", "【PR】", "(Ad)", "广告" alone
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan|janv|feb|f[eé]v|f[eé]vr|mar|m[aä]r|m[aä]rz|apr|avr|abr|may|mai|jun|juin|jul|juil|"
    r"aug|ao[uû]t|ago|sep|sept|oct|okt|nov|dec|d[eé]c|dez|dic|ene)[a-zéû]*\.?"
)
# A day and a month with nothing else: "06 MAI", "Tuesday October 1st", "12. März".
DAY_MONTH = re.compile(
    rf"^\W*(?:[a-zé]+\.?,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+{_MONTH}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)\W*$",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"^\W*(?:save the date|webinar|webinaire|webinario|live event|livestream|masterclass)\b",
    re.IGNORECASE,
)
_SAVE_THE_DATE = re.compile(r"^\W*save the date\b", re.IGNORECASE)
_CTA = re.compile(
    r"^\W*(?:register|sign up|book (?:now|your)|get (?:your )?tickets?|rsvp|je m'inscris|"
    r"s'inscrire|inscri(?:vez|ption)|anmelden|regístrate)\b",
    re.IGNORECASE,
)
_SEE_ALL = re.compile(
    r"^\W*(?:see|view|browse|show) all\b|^\W*voir (?:tous|toutes)\b|"
    r"^\W*alle .{0,30}(?:ansehen|anzeigen)\W*$|^\W*ver (?:todos|todas)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_PHONE = re.compile(r"(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,4}\b")
_CARD_SPAN = 6  # an event card is a few blocks long
_DIRECTORY_SPAN = 20  # a directory's label is at most this many blocks above its "see all"
_LABEL_WORDS = 8


def is_contact_line(block: Block) -> bool:
    """A publisher's contact line: an e-mail address beside a phone number."""
    text = block.text
    return len(text) < 400 and bool(_EMAIL.search(text)) and bool(_PHONE.search(text))


def _short(block: Block, pattern: re.Pattern[str]) -> bool:
    return (
        block.kind in ("para", "item")
        and len(block.text.split()) <= 6
        and bool(pattern.match(block.text))
    )


def _event_card_end(blocks: Sequence[Block], i: int) -> int | None:
    """The last block of an event card opening at `i` (a date alone over an event label, or an
    event label), ending with its call to action; None when no card opens there."""
    block = blocks[i]
    if block.kind not in ("para", "item"):
        return None
    dated = DAY_MONTH.match(block.text) is not None
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if not (_SAVE_THE_DATE.match(block.text) or (dated and nxt and _EVENT.match(nxt.text))):
        return None
    for j in range(i + 1, min(len(blocks), i + _CARD_SPAN + 1)):
        if blocks[j].kind in ("heading", "rule"):
            return j - 1
        if _short(blocks[j], READ_MORE) or _short(blocks[j], _CTA):
            return j
    return i + 1 if dated else i


def _directory_start(blocks: Sequence[Block], end: int) -> int:
    """Where the directory closed by the "see all" link at `end` opens: its label (a short
    unlinked line) above it, in the same section; `end` itself when there is none near."""
    for j in range(end - 1, max(-1, end - _DIRECTORY_SPAN - 1), -1):
        block = blocks[j]
        if block.kind in ("heading", "rule"):
            return end  # a marked section: its heading says what it is, not this link
        if block.kind == "para" and not block.url and len(block.text.split()) <= _LABEL_WORDS:
            return j
    return end


def drop_promo_cards(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without event cards, directories closed by "see all", and contact lines."""
    out: list[tuple[int, Block]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if (end := _event_card_end(blocks, i)) is not None:
            i = end + 1
            continue
        if _short(block, _SEE_ALL):
            start = _directory_start(blocks, i)
            out = [(k, b) for k, b in out if k < start]
        elif not is_contact_line(block):
            out.append((i, block))
        i += 1
    return [b for _, b in out]
