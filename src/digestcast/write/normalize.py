"""Speech normalization: turn written text into words a TTS engine reads well.

The output has no digits, no URLs and no markup; paragraphs stay separated by a blank line."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from digestcast.config import BUILTIN_VOICES_DIR, Settings
from digestcast.errors import ConfigError
from digestcast.models import Utterance
from digestcast.sbd import segment
from digestcast.write import numbers as nums
from digestcast.write.acronyms import read_acronyms
from digestcast.write.cleanup import continues
from digestcast.write.markup import drop_links, paragraphs, strip_inline, typography
from digestcast.write.sentences import breathe

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
ORD = r"(?:st|nd|rd|th)?"
CLOCK_12H = r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<ap>[ap])(?:\.m\.|\.?m)(?![\w])"
MAG = r"(?:bn|mn|[KkMBT])"
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
ABBREVIATIONS = (
    (r"\be\.g\.,?", "for example"),
    (r"\bi\.e\.,?", "that is"),
    (r"\betc\.", "et cetera."),
    (r"\betc\b", "et cetera"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bapprox\.", "approximately"),
    (r"\bw/(?=\s)", "with"),
    (r"\bw/o\b", "without"),
    (r"\b[Hh]/[Tt]\b:?", "hat tip"),
    (r"\bet al\.(?=\s+[a-z])", "and colleagues"),
    (r"\bet al\.?", "and colleagues."),
    (r"\bc/o\b", "care of"),
    (r"\b24/7\b", "twenty-four seven"),
    (r"\bSen\.(?=\s+[A-Z])", "Senator"),
    (r"\bSens\.(?=\s+[A-Z])", "Senators"),
    (r"\bRep\.(?=\s+[A-Z])", "Representative"),
    (r"\bGov\.(?=\s+[A-Z])", "Governor"),
    (r"\bPres\.(?=\s+[A-Z])", "President"),
    (r"\bProf\.(?=\s+[A-Z])", "Professor"),
    (r"\bGen\.(?=\s+[A-Z])", "General"),
    (r"\bLt\.(?=\s+[A-Z])", "Lieutenant"),
    (r"\bDr\.(?=\s+[A-Z])", "Doctor"),
    (r"\bNo\.\s?(?=\d)", "number "),
    (r"#(?=\d)", "number "),
    (r"\bv(?=\d)", "version "),
)
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _year_or_number(text: str) -> str:
    return nums.number(text)


def _unit(m: re.Match[str]) -> str:
    amount, unit = m.group(1), m.group(2)
    word = UNITS[unit]
    if amount == "1" and word.endswith("s") and unit not in ("°C", "°F", "x", "×"):
        word = word[:-1]
    return f"{nums.decimal(amount)} {word}"


ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)


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


def _roman_name(m: re.Match[str]) -> str:
    """A Roman numeral in a name: "World War II" -> "World War two", "Dynasties I and II"."""
    said = (nums.cardinal(_roman_value(n)) for n in m.group("num").split(" and "))
    return f"{m.group('name')} {' and '.join(said)}"


def _roman(m: re.Match[str]) -> str:
    """An enumeration inside a sentence: "(i) ... (ii) ..." -> "first, ... second, ..."."""
    return ", " + nums.ordinal(ROMAN[m.group(1)]) + ","


VERSION_BEFORE = re.compile(r"(?:\b[A-Z][\w-]*|\bversion|\brelease)\s+$")


def _decimal_or_version(m: re.Match[str]) -> str:
    before = m.string[: m.start()]
    if VERSION_BEFORE.search(before):
        return nums.version(m.group(0))
    return nums.decimal(m.group(0))


def _rules() -> list[Rule]:
    def sub(pattern: str, repl: Callable[[re.Match[str]], str], flags: int = 0) -> Rule:
        return re.compile(pattern, flags), repl

    cur = r"(?P<cur>[$€£])"
    return [
        sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", _iso_date),
        sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", _dotted_date),
        sub(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", _slashed_date),
        sub(
            rf"\b(?P<mon>{MONTH}) (?P<d1>\d{{1,2}}){ORD}(?:\s?-\s?(?P<d2>\d{{1,2}}){ORD})?\b"
            rf"(?!\s?%|[.:]\d)(?:,? (?P<y>\d{{4}})\b)?",
            _month_day,
        ),
        sub(rf"\b(\d{{1,2}}){ORD} ({MONTH})(?![\w])(?:,? (\d{{4}})\b)?", _day_month),
        sub(CLOCK_12H, _clock, re.I),
        sub(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b(?!:)", _clock),
        sub(rf"(?P<c1>[$€£])(?P<a>{NUM})\s?/\s?(?P<c2>[$€£])(?P<b>{NUM})(?![\w])", _money_pair),
        sub(
            rf"{cur}(?P<a>{NUM})\s?-\s?[$€£]?(?P<b>{NUM})(?:\s?(?P<mag>{MAG}\b|(?:thousand|million|billion|trillion)\b))?",
            _money_range,
        ),
        sub(
            rf"{cur}(?P<amt>{NUM})(?:\s?(?P<mag>{MAG}(?![A-Za-z])|(?:thousand|million|billion|trillion)\b))?",
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
        sub(
            rf"(?<![\w.])({NUM})({MAG})(?![A-Za-z\d])",
            lambda m: f"{nums.decimal(m.group(1))} {nums.MAGNITUDES[m.group(2)]}",
        ),
        sub(r"\b([A-Z][A-Za-z]*)-(\d+(?:\.\d+)*)([a-z]{1,2})?\b", _model_version),
        sub(r"(?<![\w.-])(\d{1,4})\s?-\s?(\d{1,4})(?![\w.%])", _range),
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
        sub(r"\((i{1,3}|iv|vi{0,3}|ix|x)\)", _roman),
        sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", lambda m: " "),
        sub(r"(?<![\w\d])-(?=\d)", lambda m: "minus "),
        sub(r"(?<![\d,])\d+(?:\.\d+)+", _decimal_or_version),  # not inside '12,266.41'
        sub(NUM, lambda m: nums.number(m.group(0))),
    ]


SYMBOLS = (
    (r"\s*&\s*", " and "),
    (r"@(?=\w)", " at "),
    (r"\s*\+\s*", " plus "),
    (r"\s*=\s*", " equals "),
    (r"\s*(?:->|→|⇒)\s*", " to "),
    (r"\s*×\s*", " times "),
    (r"\s*°", " degrees"),
    (r"%", " percent"),
    (r"(?<=[a-z])/(?=[a-z])", " or "),
    (r"\b([A-Z])/(?=[A-Z]\b)", r"\1-"),  # A/B testing: letters spelled
    (r"/", " "),
    (r"\s*[<>]\s*", " "),
    (r"\s*\|\s*", ", "),
    (r"\s*[(\[{]\s*", ", "),
    (r"\s*[)\]}]\s*(?=[.,;:!?])", ""),
    (r"\s*[)\]}]\s*", ", "),
    (r"[\"*_`#~^\\$€£¥@]", " "),
)
CLEANUP = (
    (r"\s+", " "),
    (r"\s+([,.;:!?])", r"\1"),
    (r"([,;:])(?:\s*[,;:])+", r"\1"),
    (r",\s*([.!?])", r"\1"),
    (r"(?<![.])([!?]|\.)\s*\.(?![.])", r"\1"),  # "issues.)." -> "issues."
    (r"([.!?])\s*,", r"\1"),
    (r"^[\s,;:.]+", ""),
    (r"[\s,;:]+$", ""),
    (r"([,;:])(?=[A-Za-z])", r"\1 "),
)
Replacements = tuple[tuple[re.Pattern[str], str], ...]


def _compiled(table: tuple[tuple[str, str], ...]) -> Replacements:
    return tuple((re.compile(pattern), repl) for pattern, repl in table)


# compiled once: re's own cache is too small for pysbd's regexes and these together
_ABBREVIATIONS = _compiled(ABBREVIATIONS)
_DOMAIN = re.compile(r"\b([\w-]+)\.(com|org|net|io|ai|dev|gov|edu|co|uk)\b")
_RULES = _rules()
_SYMBOLS = _compiled(SYMBOLS)
_CLEANUP = _compiled(CLEANUP)


def apply_lexicon(text: str, lexicon: Mapping[str, str]) -> str:
    """Replace whole written forms by their spoken forms, longest first, case-sensitively."""
    if not lexicon:
        return text
    return _lexicon_pattern(tuple(lexicon)).sub(lambda m: lexicon[m.group(0)], text)


@lru_cache(maxsize=16)
def _lexicon_pattern(written: tuple[str, ...]) -> re.Pattern[str]:
    keys = sorted(written, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


def written_form(paragraph: str) -> str:
    """The paragraph as a reader sees it in a transcript: plain typography, no markup, links
    or e-mail addresses (the words pointing at them stay)."""
    return " ".join(drop_links(strip_inline(typography(paragraph))).split())


def speak_sentence(written: str, lexicon: Mapping[str, str]) -> str:
    """One written sentence (already in its written form) in words for the engine; a
    sentence that opens on a number opens on a capital ("15,000 nurses" -> "Fifteen ...")."""
    text = written
    for short, long in _ABBREVIATIONS:
        text = short.sub(long, text)
    text = ROMAN_NAME.sub(_roman_name, text)
    text = apply_lexicon(text, lexicon)
    text = _DOMAIN.sub(r"\1 dot \2", text)
    for rule, reading in _RULES:
        text = rule.sub(reading, text)
    for sym, word in _SYMBOLS:
        text = sym.sub(word, text)
    text = read_acronyms(text)
    for mess, tidy in _CLEANUP:
        text = mess.sub(tidy, text)
    text = breathe(text)
    for mess, tidy in _CLEANUP:
        text = mess.sub(tidy, text)
    text = text.strip()
    sentence = len(written.split()) >= 3 and SENTENCE_END.search(written) is not None
    if sentence and text[:1].islower() and written.lstrip()[:1].isdigit():
        text = text[0].upper() + text[1:]
    return text


def normalize_paragraph(text: str, lexicon: Mapping[str, str]) -> str:
    return " ".join(u.spoken for u in _paragraph_utterances(text, lexicon) if u.spoken)


SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019]*$")


def written_sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences (pysbd), a piece that does not end a sentence joined to the
    next ("It has (i) a b and (ii) c" is one sentence)."""
    out: list[str] = []
    for piece in (p.strip() for p in segment(paragraph, "en")):
        if not piece:
            continue
        if out and (not SENTENCE_END.search(out[-1]) or continues(piece)):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def _paragraph_utterances(text: str, lexicon: Mapping[str, str]) -> list[Utterance]:
    return [Utterance(w, speak_sentence(w, lexicon)) for w in written_sentences(written_form(text))]


def utterances(text: str, lexicon: Mapping[str, str] | None = None) -> tuple[Utterance, ...]:
    """The text's sentences as written, each with its spoken form; the last of each
    paragraph marked."""
    out: list[Utterance] = []
    for para in paragraphs(text):
        said = _paragraph_utterances(para, lexicon or {})
        if any(u.spoken for u in said):
            said[-1] = dataclasses.replace(said[-1], paragraph_end=True)
            out.extend(said)
    return tuple(out)


def spoken_text(said: tuple[Utterance, ...]) -> str:
    """The engine's text of the utterances: paragraphs joined by a blank line."""
    paras: list[str] = []
    current: list[str] = []
    for u in said:
        if u.spoken:
            current.append(u.spoken)
        if u.paragraph_end and current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def normalize_for_speech(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    """Written text -> spoken text: numbers, dates, money, units, versions and acronyms in
    words; no URLs, e-mail addresses, emoji or markup. Paragraphs are joined by a blank line."""
    return spoken_text(utterances(text, lexicon))


def _read_words(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: lexicon not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read lexicon ({exc})") from None
    words = data.get("words", {})
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in words.items()
    ):
        raise ConfigError(f"{path}: [words] must map written forms to spoken strings")
    return dict(words)


def load_lexicon(settings: Settings) -> dict[str, str]:
    """voices/lexicon.toml, with the show's own lexicon (settings.write.lexicon) merged over it."""
    lexicon = _read_words(BUILTIN_VOICES_DIR / "lexicon.toml")
    if settings.write.lexicon is not None:
        lexicon.update(_read_words(settings.write.lexicon))
    return lexicon
