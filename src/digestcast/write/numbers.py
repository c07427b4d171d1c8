"""Numbers, dates and amounts read aloud: the word forms the speech normalizer puts in."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from num2words import num2words

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MAGNITUDES = {
    "k": "thousand",
    "K": "thousand",
    "M": "million",
    "m": "million",
    "b": "billion",
    "mn": "million",
    "B": "billion",
    "bn": "billion",
    "T": "trillion",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "Thousand": "thousand",  # "$33 Billion" in a headline
    "Million": "million",
    "Billion": "billion",
    "Trillion": "trillion",
}


def _tidy(words: str) -> str:
    """num2words writes British 'one hundred and five' with commas; say 'one hundred five'."""
    return " ".join(words.replace(",", "").replace(" and ", " ").split())


@lru_cache(maxsize=4096)
def cardinal(n: int) -> str:
    if n < 0:
        return "minus " + cardinal(-n)
    return _tidy(num2words(n))


@lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    return _tidy(num2words(n, to="ordinal"))


def digits(text: str) -> str:
    """Read digit by digit: '007' -> 'zero zero seven'."""
    return " ".join(DIGIT_WORDS[int(c)] for c in text if c.isdigit())


@lru_cache(maxsize=4096)
def year(n: int) -> str:
    """'2019' -> 'twenty nineteen', '2005' -> 'two thousand five', '1900' -> 'nineteen hundred'."""
    return _tidy(num2words(n, to="year"))


def is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1100 <= int(text) <= 2099


def integer_part(text: str) -> int:
    return int(text.replace(",", ""))


def decimal(text: str) -> str:
    """'83.1' -> 'eighty-three point one', '1,200' -> 'one thousand two hundred'."""
    whole, _, frac = text.replace(",", "").partition(".")
    head = cardinal(int(whole)) if whole else "zero"
    if not frac:
        return head
    return f"{head} point {digits(frac)}"


def version(text: str) -> str:
    """'4.6' -> 'four point six', '2.0' -> 'two point oh', '3.10' -> 'three point ten';
    a version before 1 keeps "zero" throughout ('0.0.7' -> 'zero point zero point seven')."""
    parts = [p for p in text.split(".") if p]
    words = [cardinal(int(parts[0]))]
    nought = "zero" if int(parts[0]) == 0 else "oh"
    for part in parts[1:]:
        if part == "0":
            words.append(nought)
        elif part.startswith("0"):
            words.append(" ".join(nought if c == "0" else DIGIT_WORDS[int(c)] for c in part))
        else:
            words.append(cardinal(int(part)))
    return " point ".join(words)


def number(text: str) -> str:
    """Any plain number token: a year when it looks like one, else a cardinal or decimal."""
    bare = text.replace(",", "")
    if "," not in text and is_year(text):
        return year(int(text))
    if len(bare) > 1 and bare.startswith("0") and "." not in bare:
        return digits(bare)
    return decimal(text)


def plural(words: str) -> str:
    """Pluralize a number's last word: 'nineteen ninety' -> 'nineteen nineties'."""
    head, _, last = words.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith("x"):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def decade(text: str) -> str:
    """'1990' -> 'nineteen nineties', '90' -> 'nineties', '2000' -> 'two thousands'."""
    return plural(year(int(text)) if len(text) == 4 else cardinal(int(text)))


def month_name(text: str) -> int | None:
    """1-based month number of a month name or abbreviation ('Sept', 'Apr.'), else None."""
    key = text.rstrip(".").lower()
    for i, name in enumerate(MONTHS, start=1):
        if key == name.lower() or (len(key) >= 3 and name.lower().startswith(key)):
            return i
    return None


def spoken_date(day: int, month: int, year_: int | None = None) -> str:
    """'April tenth' or 'April tenth, twenty twenty-six'."""
    words = f"{MONTHS[month - 1]} {ordinal(day)}"
    return f"{words}, {year(year_)}" if year_ is not None else words


def written_date(date: dt.date) -> str:
    """The way a script writes a date: 'April 10, 2026' (the normalizer reads it aloud)."""
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def money(
    amount: str, magnitude: str | None, unit: tuple[str, str], cents_unit: tuple[str, str] | None
) -> str:
    """'$100 million' -> 'one hundred million dollars', '$3.99' -> 'three dollars and
    ninety-nine cents', '$1.5B' -> 'one point five billion dollars'."""
    singular, plural_ = unit
    bare = amount.replace(",", "")
    if magnitude:
        return f"{decimal(amount)} {MAGNITUDES[magnitude]} {plural_}"
    whole, _, frac = bare.partition(".")
    value = int(whole or "0")
    name = singular if value == 1 else plural_
    if cents_unit and len(frac) == 2:
        cents = int(frac)
        cent_word = cents_unit[0] if cents == 1 else cents_unit[1]
        if value == 0:
            return f"{cardinal(cents)} {cent_word}"
        if cents:
            return f"{cardinal(value)} {name} and {cardinal(cents)} {cent_word}"
        return f"{cardinal(value)} {name}"
    if frac:
        return f"{decimal(bare)} {plural_}"
    return f"{cardinal(value)} {name}"


def clock(hour: int, minute: int, meridiem: str | None) -> str:
    """'3:30 pm' -> 'three thirty p m', '15:00' -> 'fifteen hundred', '9:05' -> 'nine oh five'."""
    if meridiem:
        tail = f" {meridiem[0].lower()} m"
        if minute == 0:
            return cardinal(hour) + tail
    else:
        tail = ""
        if minute == 0:
            return cardinal(hour) + (" hundred" if hour > 12 else " o'clock")
    mins = f"oh {cardinal(minute)}" if minute < 10 else cardinal(minute)
    return f"{cardinal(hour)} {mins}{tail}"


FRACTIONS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(numerator: int, denominator: int) -> str:
    """'1/2' -> 'one half', '3/4' -> 'three quarters', '2/3' -> 'two thirds'."""
    if denominator in FRACTIONS:
        one, many = FRACTIONS[denominator]
    else:
        one = ordinal(denominator)
        many = one + "s"
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"
