"""How numbers read aloud in running text: dates, clock times, money, percentages, units,
ranges, fractions, versions, ordinals, decades, Roman numerals in names: the rules the
normalizer applies in order (the common abbreviations are in `abbreviations`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from digestcast.write import numbers as nums
from digestcast.write.affiliations import AFFILIATION, read_affiliation

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a month's full name never takes the sentence's full stop ("on 15 January." keeps it)
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
)
ORD = r"(?:st|nd|rd|th)?"
CLOCK_12H = r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<ap>[ap])(?:\.m\.|\.?m)(?![\w])"
MAG = r"(?:bn|mn|[KkMBT])"
MONEY_MAG = r"(?:bn|mn|[KkMBTmb])"  # after a currency sign "$100m" is a hundred million
CURRENCY = {"$": ("dollar", "dollars"), "€": ("euro", "euros"), "£": ("pound", "pounds")}
CENTS = {"$": ("cent", "cents"), "€": ("cent", "cents"), "£": ("penny", "pence")}
UNITS = {
    "km/h": "kilometers per hour",
    "kWh": "kilowatt hours",
    "°C": "degrees Celsius",
    "°F": "degrees Fahrenheit",
    "°": "degrees",
    "km": "kilometers",
    "kg": "kilograms",
    "cm": "centimeters",
    "mm": "millimeters",
    "nm": "nanometers",
    "mph": "miles per hour",
    "fps": "frames per second",
    "TB": "terabytes",
    "GB": "gigabytes",
    "MB": "megabytes",
    "KB": "kilobytes",
    "GHz": "gigahertz",
    "MHz": "megahertz",
    "kHz": "kilohertz",
    "Hz": "hertz",
    "ms": "milliseconds",
    "kW": "kilowatts",
    "MW": "megawatts",
    "GW": "gigawatts",
    "lbs": "pounds",
    "hrs": "hours",
    "min": "minutes",
    "x": "times",
    "×": "times",
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
ID_AFTER_NAME = (
    r"(?P<name>\b(?i:bugs?|issues?|tickets?|PRs?|pull requests?|patch(?:es)?|diffs?) ?)?"
    r"(?P<hash>#|number )?(?<![\d,.])(?P<id>\d{5,})\b(?(name)|(?(hash)|(?!)))(?![,.]\d)"
)


def _year_or_number(text: str) -> str:
    return nums.number(text)


ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)


def _unit(m: re.Match[str]) -> str:
    amount, unit = m.group(1), m.group(2)
    word = UNITS[unit]
    one = amount == "1" or ARTICLE_BEFORE.search(m.string[: m.start()])  # "a 9KB core"
    if one and word.endswith("s") and unit not in ("°C", "°F", "x", "×"):
        word = word[:-1]
    return f"{nums.decimal(amount)} {word}"


def _money(m: re.Match[str]) -> str:
    """'$125 million' -> 'one hundred twenty-five million dollars'; after 'a'/'an' the
    amount describes a noun: 'a $25,000 car' -> 'a twenty-five thousand dollar car'."""
    unit = CURRENCY[m.group("cur")]
    mag, amount = m.group("mag"), m.group("amt")
    if ARTICLE_BEFORE.search(m.string[: m.start()]) and not re.search(r"\.\d\d$", amount):
        unit = (unit[0], unit[0])
    return nums.money(amount, mag, unit, CENTS[m.group("cur")])


def _money_range(m: re.Match[str]) -> str:
    unit = CURRENCY[m.group("cur")]
    mag = m.group("mag")
    tail = f" {nums.MAGNITUDES[mag]}" if mag else ""
    return f"{nums.decimal(m.group('a'))} to {nums.decimal(m.group('b'))}{tail} {unit[1]}"


def _money_pair(m: re.Match[str]) -> str:
    a, b = _money_of(m.group("c1"), m.group("a")), _money_of(m.group("c2"), m.group("b"))
    return f"{a} and {b}"


def _money_of(cur: str, amount: str) -> str:
    return nums.money(amount, None, CURRENCY[cur], CENTS[cur])


def _model_version(m: re.Match[str]) -> str:
    name, ver, suffix = m.group(1), m.group(2), m.group(3) or ""
    spoken = nums.version(ver) if "." in ver else nums.cardinal(int(ver))
    if suffix == "o":
        spoken += " oh"
    elif suffix:
        spoken += " " + " ".join(suffix.upper())
    return f"{name} {spoken}"


def _range(m: re.Match[str]) -> str:
    a, b = m.group(1), m.group(2)
    return f"{_year_or_number(a)} to {_year_or_number(b)}"


def _iso_date(m: re.Match[str]) -> str:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0).replace("-", " ")
    return nums.spoken_date(d, mo, y)


def _dotted_date(m: re.Match[str]) -> str:
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if mo > 12 and d <= 12:
        d, mo = mo, d
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return f"{nums.cardinal(d)} {nums.cardinal(mo)} {nums.year(y)}"
    return nums.spoken_date(d, mo, y)


def _slashed_date(m: re.Match[str]) -> str:
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if mo > 12 and d <= 12:
        d, mo = mo, d
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return f"{nums.cardinal(mo)} {nums.cardinal(d)} {nums.year(y)}"
    return nums.spoken_date(d, mo, y)


def _month_day(m: re.Match[str]) -> str:
    month = nums.month_name(m.group("mon")) or 1
    words = f"{nums.MONTHS[month - 1]} {nums.ordinal(int(m.group('d1')))}"
    if m.group("d2"):
        words += f" to {nums.ordinal(int(m.group('d2')))}"
    if m.group("y"):
        words += f", {nums.year(int(m.group('y')))}"
    return words


def _day_month(m: re.Match[str]) -> str:
    month = nums.month_name(m.group(2)) or 1
    words = f"the {nums.ordinal(int(m.group(1)))} of {nums.MONTHS[month - 1]}"
    return words + (f", {nums.year(int(m.group(3)))}" if m.group(3) else "")


def _clock(m: re.Match[str]) -> str:
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    if hour > 24 or minute > 59:
        return f"{nums.cardinal(hour)} {nums.cardinal(minute)}"
    return nums.clock(hour, minute, m.groupdict().get("ap"))


def _fraction(m: re.Match[str]) -> str:
    a, b = int(m.group(1)), int(m.group(2))
    if 0 < a < b <= 10:
        return nums.fraction(a, b)
    return f"{nums.cardinal(a)} out of {nums.cardinal(b)}" if a <= b else f"{a} {b}"


NUMERAL = r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI|XVII|XVIII|XIX|XX)"
ROMAN_NAME = re.compile(
    rf"\b(?!(?:The|An?|In|On|Of)\b)(?P<name>[A-Z][a-z]{{1,20}}) "
    rf"(?P<num>(?:I|V|{NUMERAL})(?: and {NUMERAL})|{NUMERAL})\b(?![-'])"
)
ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    values = [ROMAN_DIGITS[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_name(m: re.Match[str]) -> str:
    """A Roman numeral in a name: "World War II" -> "World War two", "Dynasties I and II"."""
    said = (nums.cardinal(_roman_value(n)) for n in m.group("num").split(" and "))
    return f"{m.group('name')} {' and '.join(said)}"


ROMAN_MARK = re.compile(r"(?<!\w)\((i{1,3}|iv|vi{0,3}|ix|x)\)")


def _roman(m: re.Match[str]) -> str:
    """An enumeration inside a sentence: "(i) ... (ii) ..." -> "first, ... second, ...";
    a lone mark is no enumeration ("(x)", "(v)")."""
    if len(ROMAN_MARK.findall(m.string)) < 2:
        return m.group(0)
    return ", " + nums.ordinal(ROMAN[m.group(1)]) + ","


VERSION_BEFORE = re.compile(r"(?:\b[A-Z][\w-]*|\bversion|\brelease)\s+$")


def _decimal_or_version(m: re.Match[str]) -> str:
    before = m.string[: m.start()]
    if VERSION_BEFORE.search(before) or m.group(0).count(".") > 1:  # "1.3.0": no decimal
        return nums.version(m.group(0))
    return nums.decimal(m.group(0))


# numbers written the continental way, made plain before the other rules read them: a
# decimal comma ("3,5 t" -> "3.5 t") and a thousands dot ("14.000 Euro" -> "14,000 Euro";
# one group only when it ends in 0, "41.200", so "1.125" stays a decimal)
DECIMAL_COMMA = re.compile(r"(?<![\d,.(\[])(\d{1,3}),(\d{1,2})(?![\d)\]]|,\d|\.\d)")  # not "[0,1]"
THOUSANDS_DOT = re.compile(
    r"(?<![\d.,])(?<!version )(?<!\bv)\d{1,3}(?:(?:\.\d{3}){2,}|\.\d\d0)(?![\d.,]|,\d)"
)
QUANTITY = re.compile(
    r"\b(than|had|has|have|with|over|under|about|nearly|almost|only|just|exactly|roughly)"
    r"\s+(\d{4})(?=\s+(?:[a-z]+\s+)?(?!(?:was|is|has|as|this|his|its|us|does|goes|plus)\b)"
    r"[a-z]{2,}s\b)"
)
PRERELEASE = {"alpha": "alpha", "beta": "beta", "rc": "release candidate", "pre": "preview"}


def _quantity(m: re.Match[str]) -> str:
    """A count that looks like a year: "more than 2016 blocks", "had 1784 bidders"."""
    return f"{m.group(1)} {nums.cardinal(int(m.group(2)))}"


def _late_version(m: re.Match[str]) -> str:
    """A release named after "in", "since", "to" at a clause's end: "landed in 1.18."."""
    return f"{m.group(1)} {nums.version(m.group(2))}"


def _model_number(m: re.Match[str]) -> str:
    number = next(g for g in m.groups() if g)
    gap = " " if m.string[m.end() : m.end() + 1].isalpha() else ""  # "5800X3D"
    return (nums.year(int(number)) if int(number) >= 1000 else number) + gap


def _statute(m: re.Match[str]) -> str:
    """'401(k)' -> 'four oh one k', '501(c)(3)' -> 'five oh one c three'."""
    said = " ".join("oh" if c == "0" else nums.DIGIT_WORDS[int(c)] for c in m.group(1))
    tail = f" {nums.cardinal(int(m.group(3)))}" if m.group(3) else ""
    return f"{said} {m.group(2)}{tail}"


def _duration(m: re.Match[str]) -> str:
    """'01:50:14' (a video's length, never a clock time) -> 'one hour fifty minutes'."""
    units = ("hour", "minute", "second")
    parts = [(int(v), u) for v, u in zip(m.groups(), units, strict=True) if int(v)]
    return " ".join(f"{nums.cardinal(v)} {u}{'' if v == 1 else 's'}" for v, u in parts)


def rules() -> list[Rule]:
    def sub(pattern: str, repl: Callable[[re.Match[str]], str], flags: int = 0) -> Rule:
        return re.compile(pattern, flags), repl

    cur = r"(?P<cur>[$€£])"
    return [
        sub(DECIMAL_COMMA.pattern, lambda m: f"{m.group(1)}.{m.group(2)}"),
        sub(r"\b(?:tl|TL);\s?(?:dr|DR)\b", lambda m: "TLDR"),  # said "T-L-D-R", one word
        sub(r"(?<=\w) +(?=['\u2019]s\b)", lambda m: ""),  # "Harbourly 's", once a link is gone
        sub(THOUSANDS_DOT.pattern, lambda m: m.group(0).replace(".", ",")),
        sub(AFFILIATION.pattern, read_affiliation),  # "(D-MA)": a party and a state
        sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", _iso_date),
        # a tracker's number after its name, five digits or more: "Bug 1553982", "PR #14090"
        sub(
            ID_AFTER_NAME,
            lambda m: f"{m['name'] or ''}{'number ' if m['hash'] else ''}{nums.digits(m['id'])}",
        ),
        sub(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![.\d])", _dotted_date),
        sub(r"\b((?:19|20)\d\d)-W(\d{1,2})\b", lambda m: f"week {int(m[2])} of {m[1]}"),
        sub(r"\b(\d{1,2}):(\d{2}):(\d{2})\b", _duration),
        sub(r"\b(\d{3})\(([a-z])\)(?:\((\d{1,2})\))?", _statute),
        sub(r"-(alpha|beta|rc|pre)\.?(?=\d)", lambda m: f" {PRERELEASE[m.group(1)]} "),
        sub(r"\b(\d+)\.x\b", lambda m: f"{nums.cardinal(int(m.group(1)))} point x"),
        # "... by @ann2013": no handle; "And it's by @ann2013." says nothing else
        sub(r"^(?:And\s+)?(?:it's|it\u2019s|it is)\s+by\s+@[\w.]*\w[.!?]?$", lambda m: ""),
        # "Made by @ann2013." would leave "Made.": a credit of one or two words goes whole
        sub(r"^\W*(?:[^\W\d]+\s+)?[^\W\d]+\s+by\s+@[\w.]*\w[.!?]?$", lambda m: ""),
        sub(r"\s+by\s+@[\w.]*\w(?=[.!?]?$)", lambda m: ""),
        sub(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![/\d])", _slashed_date),
        sub(
            rf"\b(?P<mon>{MONTH}) (?P<d1>\d{{1,2}}){ORD}(?:\s?-\s?(?P<d2>\d{{1,2}}){ORD})?\b"
            rf"(?!\s?%|[.:]\d)(?:,? (?P<y>\d{{4}})\b)?",
            _month_day,
        ),
        sub(
            rf"\b(\d{{1,2}}){ORD}\s?-\s?(?=\d{{1,2}}{ORD} {MONTH}(?![\w]))",
            lambda m: f"the {nums.ordinal(int(m.group(1)))} to ",
        ),
        sub(rf"\b(\d{{1,2}}){ORD} ({MONTH})(?![\w])(?:,? (\d{{4}})\b)?", _day_month),
        sub(  # "18 Dec \u2013 3 Jan": from one day to the other
            rf"(of (?:{'|'.join(nums.MONTHS)}))\s*(?:\u2014|-)\s*(?=the [\w-]+ of [A-Z])",
            lambda m: f"{m.group(1)} to ",
        ),
        sub(CLOCK_12H, _clock, re.I),
        sub(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b(?!:)", _clock),
        sub(rf"(?P<c1>[$€£])(?P<a>{NUM})\s?/\s?(?P<c2>[$€£])(?P<b>{NUM})(?![\w])", _money_pair),
        sub(
            rf"{cur}(?P<a>{NUM})\s?-\s?[$€£]?(?P<b>{NUM})(?:\s?(?P<mag>{MONEY_MAG}\b|(?:[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion)\b))?",
            _money_range,
        ),
        sub(
            rf"{cur}(?P<amt>{NUM})(?:\s?(?P<mag>{MONEY_MAG}(?![A-Za-z])|(?:[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion)\b))?",
            _money,
        ),
        sub(
            rf"({NUM})\s?-\s?({NUM})\s?%",
            lambda m: f"{nums.decimal(m.group(1))} to {nums.decimal(m.group(2))} percent",
        ),
        sub(rf"({NUM})\s?%", lambda m: f"{nums.decimal(m.group(1))} percent"),
        sub(r"[~≈]\s?(?=[\d$€£])", lambda m: "about "),
        sub(r"\b(1[0-9]|20)(\d0)'?s\b", lambda m: nums.decade(m.group(1) + m.group(2))),
        sub(r"'?\b([2-9]0)'?s\b", lambda m: nums.decade(m.group(1))),
        sub(r"(?<=-)(\d{1,3})s\b", lambda m: nums.plural(nums.cardinal(int(m.group(1))))),
        sub(QUANTITY.pattern, _quantity),
        sub(
            r"\b(in|since|to|from|until|before|after)\s+(\d\.[1-9]\d)(?=[.,;:!?)]|$)", _late_version
        ),
        sub(
            rf"(?<![\w.])({NUM})({MAG})(?![A-Za-z\d])",
            lambda m: f"{nums.decimal(m.group(1))} {nums.MAGNITUDES[m.group(2)]}",
        ),
        # a model number after capitals or before them ("RTX 3060", "XPS 13 9370", "5800X3D",
        # "ISO 8601") is read in pairs, like a year: "thirty sixty"
        sub(
            r"(?<=\b[A-Z]{2}\s)(\d{4})\b|(?<=\b[A-Z]{3}\s)(\d{4})\b|(?<=[A-Z]\s\d\d\s)(\d{4})\b"
            r"|\b(\d{4})(?=[A-Z]{1,2}\d?[A-Z]?\b)",
            _model_number,
        ),
        # a French or Spanish ordinal: "1er", "1\u00ba", "2\u00aa" (the voice reads English)
        sub(
            r"\b(\d{1,2})(?:er|re|\u00e8re|\u00e8me|\u00ba|\u00aa)(?![\w])",
            lambda m: nums.ordinal(int(m.group(1))),
        ),
        sub(r"\b([A-Z][A-Za-z]*)-(\d+(?:\.\d+)*)([a-z]{1,2})?\b", _model_version),
        sub(r"(?<![\w.-])(\d{1,4})\s?-\s?(\d{1,4})(?![\w%]|\.\d)", _range),
        sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: nums.ordinal(int(m.group(1)))),
        sub(r"(?<![\w/])(\d{1,2})/(\d{1,3})(?![\w/])", _fraction),
        sub(
            r"(?<![\w.])("
            + NUM
            + r")\s?("
            + "|".join(re.escape(u) for u in UNITS)
            + r")(?![A-Za-z])",
            _unit,
        ),
        sub(r"(" + NUM + r")\+", lambda m: f"{nums.decimal(m.group(1))} plus"),
        # "(i) ... (ii) ...", not "f(x)" nor a lone "(v)"
        sub(ROMAN_MARK.pattern, _roman),
        sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", lambda m: " "),
        sub(r"(?<![\w\d])-(?=\d)", lambda m: "minus "),
        sub(
            r"(?<![\w/])(\d+)/(\d+)(?![\w/])",
            lambda m: f"{nums.number(m.group(1))} slash {nums.number(m.group(2))}",
        ),
        sub(r"(?<![\d,])\d+(?:\.\d+)+", _decimal_or_version),  # not inside '12,266.41'
        sub(NUM, lambda m: nums.number(m.group(0))),
    ]
