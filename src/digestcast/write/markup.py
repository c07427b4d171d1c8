"""Text cleanup before reading: markup leftovers, links, e-mail addresses, emoji, typography."""

from __future__ import annotations

import html
import re
import unicodedata

TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u200b": "",
    "\u00ad": "",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
}
_TYPOGRAPHY_TABLE = str.maketrans(TYPOGRAPHY)
BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u2013]|\d{1,2}[.)])\s+")
TLD = r"(?:com|org|net|io|ai|dev|gov|edu|co|uk|de|fr|me|app|blog|xyz|rs|sh|so|tv|fm|social)"
URL = re.compile(
    r"(?:\bhttps?://|\bwww\.|\b(?:[\w-]+\.)+" + TLD + r"/)"  # "pic.twitter.com/x1"
    r"[^\s<>\"]*[^\s<>\".,;:!?)\]'\u201d](?:\.{3}|\u2026)?",  # a cut one too
    re.I,
)
# a sentence that is only a link card's domain ("uxcollective.blog."): nothing to hear
DOMAIN_ONLY = re.compile(r"^\s*\(?(?:[a-z0-9-]+\.)+" + TLD + r"\)?\s*[.!]?\s*$")
# ... or closing the sentence before it, which the splitter did not end ("happy. site.org.")
TRAILING_DOMAIN = re.compile(r"(?<=[.!?])\s+\(?(?:[a-z0-9-]+\.)+" + TLD + r"\)?\s*\.?\s*$")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
POINTING = re.compile(
    r"\b(at|on|visit|see|via|here|from|to|read|in|mail|e-?mail|write|contact)\s*:?\s*$", re.I
)
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U0001f1e6-\U0001f1ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\ufe0e\u200d\u20e3"
    "\u25a0-\u25ff]"  # (and geometric shapes: "\u25b6 Talk", "\u25a0 News")
)
INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"\[([^\]]+)\]\s\(<(?:https?://|mailto:)[^>]*>\)"), r"\1"),  # [text] (<url>)
    (re.compile(r"<(?:https?://|mailto:)[^>]*>"), ""),  # autolinks
    (re.compile(r"<([A-Z][\w.]*)\s*/?>"), r"\1"),  # a component named in the text: <Activity>
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # HTML tags
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`+([^`]*)`+"), r"\1"),
    (re.compile(r"\[\d+\]"), ""),  # citation marks
)
EM_DASH = re.compile(r"\s*\u2014\s*")
RANGE_DASH = re.compile(r"(?<=\d)\s*\u2013\s*(?=[\d$\u20ac\u00a3])")  # "\u00a312\u2013\u00a324"
EN_DASH = re.compile(r"\s*\u2013\s*")
TYPED_DASH = re.compile(r"(?<=[^\W\d_])-{2,3}(?=[^\W\d_])")
# "November 15th - 20th"; not an issue's number before its date ("Issue 90 - 23rd September")
SPACED_RANGE = re.compile(
    r"(?<!Issue )(?<!No\. )(?<!Episode )(?<!#)(?<![\d.])(\d{1,2}(?:st|nd|rd|th)?) - "
    r"(?=\d{1,2}(?:st|nd|rd|th)\b)"
)
# "Centuries- old": a hyphenated word cut at a line break (not "pre- and post-war")
BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z]{2,}\b)(?!(?:and|or|to|nor|as)\b)")
SPACED_HYPHEN = re.compile(r"(?<=\S) +-{1,2} +(?=\S)")
BLANK_LINE = re.compile(r"\n\s*\n")
RULE_OR_FENCE = re.compile(r"\s*(?:[-*_=]\s*){3,}|\s*```.*")
HEADING = re.compile(r"\s*#{1,6}\s")
LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>+\s*)")


TRAILING_DOTS = re.compile(r"(?:\.{2,}|\u2026)\s*(?=[?!])")


def typography(text: str) -> str:
    """Straight quotes, plain spaces and no emoji; every clause dash becomes ' \u2014 '."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.translate(_TYPOGRAPHY_TABLE)
    text = EMOJI.sub("", text)
    # dashes as clause breaks stay an em dash with spaces until the end of normalization,
    # where a long sentence may be split there (else it becomes a comma pause)
    text = TYPED_DASH.sub("\u2014", text)  # "payments---payments": a dash typed as hyphens
    text = EM_DASH.sub(" \u2014 ", text)
    text = RANGE_DASH.sub("-", text)  # en dash in ranges
    text = EN_DASH.sub(" \u2014 ", text)
    text = SPACED_RANGE.sub(r"\1-", text)  # "November 15th - 20th": a range, not a pause
    text = BROKEN_HYPHEN.sub("-", text)
    text = SPACED_HYPHEN.sub(" \u2014 ", text)
    return TRAILING_DOTS.sub("", text)  # "Was it..?" -> "Was it?"


def _drop_link(match: re.Match[str], what: str) -> str:
    before = match.string[: match.start()]
    return f" the {what} in the show notes" if POINTING.search(before) else ""


# "Please e-mail me at ." once the address (a link's text) is gone
DANGLING_ADDRESS = re.compile(
    r"\b((?:e-?mail|write|contact|reach|message)\b[^.!?]{0,20}?\s(?:at|to))(?=\s*[.!?])", re.I
)


# labels whose links are gone ("Home Page: <url> Downloads: <url>. Free CD: <url> (...)"): a
# run of them up to the paragraph's end, a bracket or the next sentence says nothing; a label
# before its text stays ("During each round:", "Ann Lee: Tools: a new editor")
_GONE = "\x00"  # where a link was dropped, until the labels are looked at
_LABEL = r"[A-Z][\w'-]*(?: [A-Za-z][\w'-]*){0,2}:"
EMPTY_LABEL = re.compile(rf"(?:^|(?<=[.!?]\s))(?:{_LABEL}\s*{_GONE}[\s.,;]*)+(?=$|\(|[A-Z])")


# a letter's greeting opening a paragraph ("Hey Lila,", "Hi all,", "Dear readers,"): the
# reader's name is not the listener's, and the host has greeted them already
GREETING = re.compile(
    r"^(?:Hey|Hi|Hello|Dear|Howdy)(?: (?:there|all|everyone|folks|friends|readers|team)"
    r"| [A-Z][\w'-]+){1,2}, *(?=[A-Z]|$)"
)


def drop_links(text: str) -> str:
    """URLs and e-mail addresses are never read out, nor the labels left without them."""
    text = EMAIL.sub(lambda m: _drop_link(m, "address"), text)
    text = URL.sub(lambda m: _drop_link(m, "link") or _GONE, text)
    text = " ".join(DANGLING_ADDRESS.sub(r"\1 the address in the show notes", text).split())
    return EMPTY_LABEL.sub("", text).replace(_GONE, "").strip()


def strip_inline(text: str) -> str:
    for pattern, repl in INLINE:
        text = pattern.sub(repl, text)
    return text


def _end_sentence(line: str) -> str:
    line = line.rstrip()
    return line if not line or line[-1] in ".!?:;" else line + "."


def paragraphs(text: str) -> list[str]:
    """Split on blank lines; join soft-wrapped lines; list items and headings become sentences."""
    result: list[str] = []
    for block in BLANK_LINE.split(text.replace("\r\n", "\n")):
        pieces: list[str] = []
        closed = True
        for raw in block.split("\n"):
            if RULE_OR_FENCE.fullmatch(raw):
                continue  # rules and code fences
            heading = HEADING.match(raw) is not None
            line = LINE_MARK.sub("", raw).strip()
            if not line:
                continue
            item = BULLET.match(line)
            if item or heading:
                pieces.append(_end_sentence(line[item.end() :] if item else line))
                closed = True
            elif pieces and not closed:
                pieces[-1] += " " + line
            else:
                pieces.append(line)
                closed = False
        if pieces:
            result.append(" ".join(pieces))
    return result
