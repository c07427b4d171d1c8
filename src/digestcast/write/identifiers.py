"""Numbers that are names or codes, not amounts: a course-style "101", a serial number
("ISSN 1934-371X"), a date written with dots year first ("2015.12.09"), a commit's hash
("3f2a9c1e"). Read before the general number rules, which would say them as quantities or
decimals."""

from __future__ import annotations

import re

from digestcast.write import numbers as nums

# a word that counts ("Issue 101", "Top 101") or a function word: the number is a quantity
_COUNTER = re.compile(
    r"The|An?|Issue|Episode|No|Number|Part|Chapter|Vol|Volume|Page|Top|All|Over|Only|About"
    r"|Nearly|Of|In|On|At|For|By|With|And|Or|AD|BC|BCE|CE"
)
# "Data 101", "Kubernetes 201": an introductory course's number after its subject, not
# followed by a noun it counts ("101 ways", "Python 101 tips")
_AFTER_NAME = r"(?:at|in|on|is|was|for|and|or|to|with|from|by|as|course|class|will|has|are)\b"
COURSE_NUMBER = re.compile(
    rf"\b([A-Z][A-Za-z]{{1,20}}) ([1-4])01\b(?![.,]\d|\s*[%-]|\s+(?!{_AFTER_NAME})[a-z])"
)
# "ISSN 1934-371X", "ISBN 978-0-13-468599-1": said character by character, group by group
SERIAL = re.compile(r"\b(ISSN|ISBN(?:-1[03])?)(:?\s*)(\d[\dX]*(?:-[\dX]+){0,4})\b")
# "2015.12.09": a date written year first with dots
DOTTED_YEAR_FIRST = re.compile(r"(?<![\d.])((?:19|20)\d\d)\.(\d{1,2})\.(\d{1,2})(?![.\d])")

# a commit's hash ("landed in 3f2a9c1", "commit a1b2c3d4e5"): seven to forty hex digits,
# letters and digits both; nobody says one aloud. In brackets it goes; else "a commit".
_HEX = r"(?<![\w.#/-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}(?![\w/-]|\.\w)"
COMMIT_HASH = re.compile(
    rf"\s*\(\s*{_HEX}\s*\)"
    rf"|(?:\b(?P<det>(?i:the|this|that|its|a)) )?(?P<word>(?i:commits?) )?{_HEX}"
)


# a compare range between two versions ("v0.8.4...v0.9.0"): from one to the other, written
# so before the sentences are cut (its dots would end one)
VERSION_RANGE = re.compile(
    r"(?<![\w.])(v?\d+(?:\.\d+){1,3})(?:\.{2,3}|\u2026)(v?\d+(?:\.\d+){1,3})(?![\w.])"
)


def _commit(m: re.Match[str]) -> str:
    if m.group(0).lstrip().startswith("("):
        return ""
    det = m.group("det")
    return f"{det} commit" if det else "a commit"


# a radio band named by its wavelength ("the 2M repeater", "70cm and 2m bands")
BAND = re.compile(r"\b(\d{1,3}) ?(m|M|cm|CM)\b(?=[^.;:!?]{0,30}\b(?:bands?|repeaters?)\b)")
# a range between two numbers of one shape, its spaced dash taken for a pause ("145.11 -
# 145.49", "2 - 3 hours" once typography made the dash "—")
# ("Issue #10 - 2011-10-03": the second number opens a date, no range)
DECIMAL_RANGE = re.compile(r"(?<![\d.,])(\d+)(\.\d+)? — (\d+)(\.\d+)?(?![\w,]|[.-]\d)")


def _band(m: re.Match[str]) -> str:
    unit = "centimeter" if m.group(2).lower() == "cm" else "meter"
    return f"{nums.cardinal(int(m.group(1)))} {unit}"


def _decimal_range(m: re.Match[str]) -> str:
    a_frac, b_frac = m.group(2) or "", m.group(4) or ""
    if len(a_frac) != len(b_frac):
        return m.group(0)
    return f"{m.group(1)}{a_frac} to {m.group(3)}{b_frac}"


def _course(m: re.Match[str]) -> str:
    if _COUNTER.fullmatch(m.group(1)):
        return m.group(0)
    return f"{m.group(1)} {nums.cardinal(int(m.group(2)))} oh one"


def _code_group(group: str) -> str:
    return " ".join("X" if c == "X" else nums.DIGIT_WORDS[int(c)] for c in group)


def _serial(m: re.Match[str]) -> str:
    groups = m.group(3).split("-")
    return f"{m.group(1)}{m.group(2)}{', '.join(_code_group(g) for g in groups)}"


def _year_first_date(m: re.Match[str]) -> str:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0)
    return nums.spoken_date(d, mo, y)


def read_identifiers(text: str) -> str:
    """'Modern Data 101' -> 'Modern Data one oh one', 'ISSN 1934-371X' -> 'ISSN one nine
    three four, three seven one X', '2015.12.09' -> 'December ninth, twenty fifteen',
    'the 2M repeater' -> 'the two meter repeater', 'landed in commit 3f2a9c1' -> 'landed in a
    commit'."""
    text = SERIAL.sub(_serial, text)
    text = COMMIT_HASH.sub(_commit, text)
    text = DOTTED_YEAR_FIRST.sub(_year_first_date, text)
    text = BAND.sub(_band, DECIMAL_RANGE.sub(_decimal_range, text))
    return COURSE_NUMBER.sub(_course, text)
