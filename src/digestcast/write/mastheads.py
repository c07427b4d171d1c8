"""Lines that say what the issue or the page is rather than what it says: a masthead ("No.
212 \u2014 4 May 2025 \u2014 Read online"), a reading length ("(3,000 words)"), a date, a
photo's credit run into the text ("Ann Lee/Reuters")."""

from __future__ import annotations

import re

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE = (
    rf"{WEEKDAY}(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}"
)
# a reading length in brackets inside a paragraph: "A guide to caching (3,000 words).",
# "(8 min read)": how long the page is, not what it says
READ_LENGTH = re.compile(
    r"\s*[(\[]\s*(?:~|about\s+)?\d[\d,.]*\s*(?:-\s*\d+\s*)?(?:k\s+)?"
    r"(?:words|mins?(?:\s+read)?|min(?:ute)?s?\s+(?:read|listen|watch))"
    r"(?:\s*\[[^\]\s]*\])?\s*[)\]]",  # its link inside: "(600 words [https://...])"
    re.I,
)
# A masthead: the number, its date and a "Read online" link between dashes or dots
# ("No. 212 \u2014 4 May 2025 \u2014 Read online"): what the intro says already, or a link.
MASTHEAD_PART = re.compile(
    rf"(?:(?:No\.?|Issue|Edition|Vol(?:ume|\.)?|#)\s*#?\d+|{DATE}"
    r"|(?:Read|View)(?:\s+(?:it|this|the\s+\w+))?\s+(?:online|in\s+(?:your\s+)?browser|on\s+\S+(?:\s+\S+)?))",
    re.I,
)
MASTHEAD_SEPARATOR = re.compile(r"\s+[\u2014\u2013|\u00b7\u2022-]\s+")


def masthead(para: str) -> bool:
    """A short line of only the issue's number, its date and a link to read it online."""
    parts = [p.strip(" .") for p in MASTHEAD_SEPARATOR.split(para.strip())]
    numbered = any(re.match(r"(?:No\.?|Issue|Edition|Vol|#)", p, re.I) for p in parts)
    return len(parts) >= 2 and numbered and all(MASTHEAD_PART.fullmatch(p) for p in parts)


# a photo's credit run into the text it sits above: "Ann Lee/Reuters Ann Lee/ReutersThe port ..."
CREDIT_LEAD = re.compile(
    r"^(?:(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*\s*/\s*"
    r"(?:Reuters|AP(?: Photo)?|AFP|Getty Images|Bloomberg|EPA|Alamy|Shutterstock|Unsplash)"
    r"(?:\s+via\s+Getty Images)?\s*)+(?=[A-Z\d\"\u201c])"
)
