"""What a listener must never hear from a story's text: image captions, bylines, datelines,
badges ("Paid"), footnote markers and footnotes, paragraphs that only repeat the title; and a
bold lead-in cut from its sentence ("Claude Cowork." / "is something new") put back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.models import Story
from digestcast.write.asks import EMPTY_BRACKETS, FOOTER_LINKS, SHARE_ASK, WHY_YOU_GET_THIS
from digestcast.write.leadins import CUT_LEAD_IN, LEAD_IN_WORDS, continues, lead_in
from digestcast.write.markup import TRAILING_DOTS
from digestcast.write.mastheads import CREDIT_LEAD, DATE, READ_LENGTH, masthead
from digestcast.write.summarize import key_terms

NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|del|bin|al))*"
BADGE = (
    r"(?:Paid|Free|Sponsored|Premium|Subscribers?[- ]only|Members?[- ]only|Advertisement"
    r"|Promoted|Partner content|Exclusive)"
)
SEPARATOR = r"[\u2219\u2022\u00b7|]"
DATELINE = re.compile(
    rf"^(?:(?:Published|Updated|Posted)(?:\s+on)?\s+)?(?:{DATE})"
    rf"(?:\s*{SEPARATOR}\s*(?:{BADGE}|\d+\s+min(?:ute)?s?\s+read))*\W*$",
    re.I,
)
LEADING_BADGE = re.compile(rf"^(?:{SEPARATOR}\s*)*{BADGE}(?:\s*{SEPARATOR})*\s+(?=[A-Z\"\u201c])")
ONLY_BADGES = re.compile(
    rf"^(?:\W*{BADGE}\W*)+$"
    r"|^(?:Promoted|Sponsored|Presented|Supported|Brought to you) by [\w.&'\u2019 -]{1,40}\W*$",
    re.I,
)  # "Sponsored", "Promoted by Quayside": who paid for the item above
DATELINE_LEAD = re.compile(
    r"^[A-Z]{3,}(?:\s[A-Z]{3,})*(?:,\s[A-Z][a-z]+)?\s(?:\(\w+\)\s)?[\u2014-]\s"
)
CAPTION = re.compile(
    r"^(?:Image|Photo|Photograph|Picture|Illustration|Credit|Caption|Pictured|Chart|Figure"
    r"|Source|Video)(?:\s+(?:credit|source|by))?\s*[:|]"
    r"|^(?:Photo|Image|Illustration|Chart)s?(?:\(s\))?\s+(?:by|via|courtesy of)\s"
    r"|(?:Getty Images|Unsplash|Shutterstock|AP Photo|Reuters|AFP)\W*$",
    re.I,
)
INLINE_CAPTION = re.compile(
    r"\s*[(\[](?:Image|Photo|Illustration|Credit|Chart)(?:\s+(?:credit|by|via))?[:\s][^)\]]*[)\]]"
    # "Top image credit: Ida Moss" run into the text, up to the name's end
    r"|(?:^|\s)(?:(?:Top|Header|Cover|Lead)\s+)?(?:image|photo|illustration)\s+credits?:\s*"
    r"(?-i:[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)(?:[.,;]|(?=\s|$))",
    re.I,
)
CAPTION_WORDS = 25  # a caption is short
BYLINE = re.compile(
    # and the same in the languages of the issues ("a cura di", "von", "par", "por", "door")
    rf"^(?:[Bb]y|[Ww]ritten by|[Ww]ords by|[Aa] cura di|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)"
    rf"\s+(?P<name>{NAME}(?:\s+(?:and|&|e|et|und|y)\s+{NAME})?)\W*$"
)
PERSON = r"[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,2}?"
BYLINE_LEAD = re.compile(rf"^by\s+(?P<name>{PERSON}(?:\s*(?:,|&|and)\s*{PERSON})*)\s+(?=[A-Z])")
# A source named after a sentence, in brackets ("(Harbour Post)", "(Quay Times $)": a paywall).
_SOURCE_NAME = r"\s*\((?:[A-Z0-9][\w&'\u2019-]*)(?:\s+[A-Z0-9][\w&'\u2019-]*){0,3}(?:\s*\$)?\)"
SOURCE_TAG = re.compile(
    rf"(?<=[.!?)\"'\u201d\u2019]){_SOURCE_NAME}(?=\s|$)"
    rf"|{_SOURCE_NAME}(?=\s*$)"  # or closing a paragraph with no stop before it
)
# ... and before "+ a related link": it ends the sentence ("... it's (Quay Times) + Crews")
SOURCE_BEFORE_RELATED = re.compile(rf"(?<=\w){_SOURCE_NAME}(?=\s+\+\s)")
# "See the tide tables here.": "here" was a link, which a listener finds in the show notes.
HERE_LINK = re.compile(
    r"((?:^|(?<=[.!?]\s))(?:Check (?:it |them )?out|See|Read|Watch|Listen|Find|Sign up|RSVP|"
    r"Register|Learn more|Download|Join)\b[^.!?]{0,60}?)\s+(?:right )?here(?=[.!?]|$)"
)
LEADING_PLUS = re.compile(r"^\+\s+")  # a list's "+ " marker opening the paragraph
HEART = re.compile(r"\s*<3(?!\d)")  # "<3": not "less than three"
# "+ " opening a related link's sentence after another ("... free. + Read more about ...").
RELATED_LINK = re.compile(r"(?<=[.!?)])\s+\+\s+(?=[A-Z\"\u201c])")
FOOTNOTE_MARK = re.compile(
    r"(?<=[a-z][.,;:!?\"'\u201d)])\d{1,2}(?=\s|$)|[\u00b9\u00b2\u00b3\u2070-\u2079]+"
)
FOOTNOTE = re.compile(r"^(\d{1,2})\s+(?=[A-Z])")
LONE_MARK = re.compile(r"^\W*(?:\d{1,2}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\W*$")
READ_TIME = re.compile(r"\s*\((?:\d+\s+min(?:ute)?s?\s+read|sponsor(?:ed)?)\)\s*$", re.I)
READ_TIME_ALONE = re.compile(
    r"^\W*(?:(?:reading time|read time)\W*)?\d+\s*(?:-\s*\d+\s*)?min(?:ute)?s?(?:\s+read)?\W*$",
    re.I,
)  # "(5 minute read)", "Reading time: 4 min" on a line of its own
# a card's "Source · 7 min" before its text: where it comes from and how long it takes to read
SOURCE_READ_TIME = re.compile(
    r"^[^.!?\u00b7]{1,40}\s\u00b7\s*\d+\s*min(?:ute)?s?(?:\s+read)?\b\.?\s*", re.I
)
INITIALS = re.compile(r"(?<=[.!?\"'\u201d)])\s*(?:[\u2014\u2013-]+\s*)?[A-Z]{2,3}\s*$")
# A pointer to the web page, which a listener cannot follow: "Read the full story."
READ_MORE = re.compile(
    r"^(?:Read (?:the )?(?:full|more|whole|rest of the) ?(?:story|article|post|piece)?"
    r"|Read more|Continue reading|Click here(?: to read more)?"
    # a pointer to a linked recording: "Listen now or read the transcript", "Watch the talk"
    r"|(?:[A-Z][\w' ]{0,30}\s+or\s+)?(?:read|see) the (?:full )?transcript"
    r"|(?:Listen|Watch)(?: to)?(?: (?:it|the (?:episode|interview|talk|video|podcast)))?"
    r"(?: here| now| online)?)\W*$",
    re.I,
)


def _is_caption(paragraph: str) -> bool:
    return len(paragraph.split()) <= CAPTION_WORDS and CAPTION.search(paragraph) is not None


def _footnotes(paragraphs: Sequence[str]) -> set[int]:
    """Paragraphs that are footnotes: "1 Yes, ..." where the text has a marker "word.1"."""
    found = [m.group() for p in paragraphs for m in FOOTNOTE_MARK.finditer(p)]
    marks = {int(m) for m in found if m.isdecimal()}
    notes = {
        i
        for i, p in enumerate(paragraphs)
        if (m := FOOTNOTE.match(p)) and int(m.group(1)) in marks and i > 0
    }
    for i, p in enumerate(paragraphs):  # a lone "1" and the note after it
        if i > 0 and LONE_MARK.match(p):
            notes.add(i)
            if found and i + 1 < len(paragraphs):
                notes.add(i + 1)
    return notes


# a site generator's tag left in a Markdown source: "{% include sponsor.html %}", "{{ site.url }}"
# and an MDX page's import statement: 'import Promo from "./promo.mdx"'
TEMPLATE_TAG = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|\bimport\s+[\w{}, ]+\s+from\s+[\"'][^\"']+[\"'];?"
)


def _cleaned(paragraph: str, byline: str | None) -> str:
    p = TRAILING_DOTS.sub("", TEMPLATE_TAG.sub("", paragraph))  # "Was it..?": "Was it?"
    p = CREDIT_LEAD.sub("", INLINE_CAPTION.sub("", p).strip())
    p = LEADING_BADGE.sub("", p)
    p = SOURCE_READ_TIME.sub("", DATELINE_LEAD.sub("", p))
    p = READ_LENGTH.sub("", p)
    lead = BYLINE_LEAD.match(p)
    if lead:
        name = lead.group("name").rstrip(".")  # "by Ann Lee. Ways to ..." -> "Ann Lee writes:"
        verb = "write" if re.search(r",|&| and ", name) else "writes"  # "Ann and Bo write:"
        p = f"{name} {verb}: {p[lead.end() :]}"
    if byline and p.startswith(byline):
        rest = p[len(byline) :].lstrip(" ,.:|\u2219\u2022\u00b7")
        p = rest if rest != p else p
    p = SOURCE_TAG.sub(
        "", SOURCE_BEFORE_RELATED.sub(".", p)
    )  # "... the port. (Harbour Post)": the source is in the show notes
    p = LEADING_PLUS.sub("", HEART.sub("", p))  # "+ Ferries run <3": a list mark, a heart
    p = RELATED_LINK.sub(" ", p)  # "... (Quay Times $) + Crews say ...": the next link's sentence
    p = EMPTY_BRACKETS.sub("", SHARE_ASK.sub("", p))  # "Know a friend ...? Forward it to ..."
    p = WHY_YOU_GET_THIS.sub("", p)  # "You get this digest because you signed up at ..."
    p = HERE_LINK.sub(r"\1 in the show notes", p)  # "See the tide tables here." (a link)
    p = CUT_LEAD_IN.sub(" ", p)  # "Claude Cowork. is new" -> "Claude Cowork is new"
    p = INITIALS.sub("", p)  # the writer's initials closing a story: "... ranch. \u2014MK"
    return FOOTNOTE_MARK.sub("", p).strip()


def _said_by_title(paragraph: str, title: str) -> bool:
    """The paragraph only says the title again."""
    terms = key_terms(paragraph)
    if not terms:
        return not re.search(r"\w", paragraph)
    titles = (key_terms(title), key_terms(SOURCE_TAG.sub("", title)))  # "Tides (Ann Lee)"
    return any(len(terms & named) / len(terms | named) >= 0.8 for named in titles)


TABLE_CELL_WORDS = 3  # a table's cells, as paragraphs, are a few words each
TABLE_ROWS = 6  # this many cells in a row, a third of them with figures, make a table


def _table_cells(paragraphs: Sequence[str]) -> set[int]:
    """Paragraphs that are the cells of a data table ("Index", "4,110.41", "+1.06%", ...):
    figures a listener cannot follow when read one after another."""
    cells: set[int] = set()
    run: list[int] = []
    for i, p in enumerate([*paragraphs, ""]):
        if p and len(p.split()) <= TABLE_CELL_WORDS:
            run.append(i)
            continue
        figures = sum(1 for k in run if re.search(r"\d", paragraphs[k]))
        if len(run) >= TABLE_ROWS and 3 * figures >= len(run):
            cells.update(run)
            if p.startswith("*") and not p.startswith("**"):  # the table's note: "*Data as of"
                cells.add(i)
        run = []
    return cells


def _never_read(para: str, byline: str | None) -> bool:
    """A paragraph that is only a caption, dateline, badge, pointer, reading time or byline."""
    if _is_caption(para) or DATELINE.match(para) or ONLY_BADGES.match(para) or masthead(para):
        return True
    if READ_MORE.match(para) or READ_TIME_ALONE.match(para) or BYLINE.match(para):
        return True
    if FOOTER_LINKS.match(para):  # "Unsubscribe | Preferences | Privacy | Contact us"
        return True
    if POSTAL_CODE.search(para) and len(para.split()) <= POSTAL_WORDS:  # a footer's address
        return True
    if VOTES.search(para) and len(para.split()) <= VOTES_WORDS:  # "412 points by ann · 88 comments"
        return True
    if _dotted_row(para):  # "Turn it off · Settings", "Harbor Post · 7 min"
        return True
    return bool(byline) and lead_in(para) == byline


# A postal address ("... Portsmouth, NH 03801 · USA", "· 20095 Hamburg", "Leeds LS1 4AP") in a
# short paragraph: the publisher's address from the footer.
POSTAL_CODE = re.compile(
    r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|[\u00b7|]\s*\d{5}\s+[A-Z][a-z]+|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
)
POSTAL_WORDS = 25


def _dotted_row(para: str) -> bool:
    """A row of a few short labels or facts between middle dots or bars: links or a source
    line, nothing to hear."""
    parts = [p.strip(" .") for p in re.split(r"\s[\u00b7|]\s", para)]
    return len(parts) >= 2 and all(0 < len(p.split()) <= ROW_PART_WORDS for p in parts)


ROW_PART_WORDS = 3
# A link aggregator's line under its item: the site, the votes, who posted it, the comments.
VOTES = re.compile(r"\b\d[\d,.]*k?\s+(?:points?|upvotes?|votes?)\b.*\b\d[\d,.]*k?\s+comments?\b")
VOTES_WORDS = 14


NAME = r"[A-Z][a-z'\u2019-]+(?: [A-Z][a-z'\u2019.-]*){1,2}"
BARE_NAME = re.compile(rf"(?:[\u2014\u2013-]+\s*)?{NAME}")
# a letter signed by its writers: "—Ida Moss, Bo Renn and Cy Hale"
SIGNATURE = re.compile(rf"[\u2014\u2013-]+\s*{NAME}(?:(?:,\s*|,?\s+(?:and|&)\s+){NAME}){{0,5}}")


def _bare_name(paragraph: str) -> bool:
    """A story's first paragraph that is only a name ("Ida Moss", "—Ida Moss"): its byline."""
    return BARE_NAME.fullmatch(paragraph) is not None


def _signature(paragraph: str, i: int, count: int) -> bool:
    """A last paragraph that is a dash and the writers' names: the letter's signature."""
    return i == count - 1 and i > 0 and SIGNATURE.fullmatch(paragraph) is not None


def readable_body(story: Story) -> tuple[tuple[str, ...], bool]:
    """The story's paragraphs as a listener should hear them, and whether the first one now
    starts with the title (a lead-in put back: the title need not be read before it)."""
    raw = [p.strip() for p in story.body if p.strip()]
    notes = _footnotes(raw) | _table_cells(raw)
    out: list[str] = []
    for i, para in enumerate(raw):
        if i in notes or _never_read(para, story.byline) or (i == 0 and _bare_name(para)):
            continue
        if _signature(para, i, len(raw)):
            continue
        p = _cleaned(para, story.byline)
        if not p or _said_by_title(p, story.title) or _dotted_row(p):
            continue
        if continues(p) and out and len(out[-1].split()) <= LEAD_IN_WORDS:
            out[-1] = f"{lead_in(out[-1])} {p}"
            continue
        out.append(p)
    titled = False
    if out and continues(out[0]):
        out[0] = f"{lead_in(story.title)} {out[0]}"
        titled = True
    elif out:
        titled = starts_with_title(out[0], story.title)
    return _title_said_once([_ended(p) for p in out], story.title, titled), titled


def _ended(paragraph: str) -> str:
    """A paragraph that stops without punctuation (a list item, a line, "up 5%", "$40m+")
    ends as a sentence, so the next one is not read into it."""
    open_end = (
        re.search(r"[.!?\u2026:;,\u2014\u2013\u3002\uff01\uff1f-][\"')\]\u201d\u2019]*$", paragraph)
        is None
    )
    return f"{paragraph}." if open_end else paragraph


def _title_said_once(paragraphs: list[str], title: str, titled: bool) -> tuple[str, ...]:
    """A sentence that starts with the title, once the title was read: "It" instead
    ("overlength.nvim helps ..." -> "It helps ...")."""
    name = READ_TIME.sub("", title).strip()
    if len(name) < 3:
        return tuple(paragraphs)
    again = re.compile(
        r"(?:^|(?<=[.!?)\]]\s))[`'\"\u201c]?" + re.escape(name) + r"[`'\"\u201d]?(?=\s+[a-z])"
    )
    out: list[str] = []
    for i, para in enumerate(paragraphs):
        if i == 0 and titled:  # the first sentence says the title: the later ones need not
            head, sep, tail = para.partition(". ")
            out.append(head + sep + again.sub("It", tail) if sep else para)
        else:
            out.append(again.sub("It", para))
    return tuple(out)


def _words_of(text: str) -> list[str]:
    """The text's words as written, punctuation around them dropped ("dired-clipboard.el")."""
    words = (re.sub(r"[^\w.+#/-]", "", w).strip(".").lower() for w in text.split())
    return [w for w in words if re.search(r"\w", w)]


def starts_with_title(text: str, title: str) -> bool:
    """The text opens with the title's words ("overlength.nvim helps ...")."""
    named = _words_of(READ_TIME.sub("", title))
    return bool(named) and _words_of(text)[: len(named)] == named
