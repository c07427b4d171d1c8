"""Dates as newsletters write them: ISO, DD.MM.YYYY, "April 10, 2026", RFC 2822 headers."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # month names
_WORDY = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
# A line that is only a date, maybe introduced by "Published on", "Date:", a weekday...
DATE_LINE = re.compile(
    r"^\s*(?:(?:published|posted|sent|issue date|date|updated)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.+\-Z]*)?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    r"\s*$",
    re.IGNORECASE,
)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _wordy(text: str) -> dt.date | None:
    """ "April 10, 2026" or "10th Apr 2026" -> a date."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next(
        (_MONTH_NAMES.index(w[:3].lower()) + 1 for w in words if w[:3].lower() in _MONTH_NAMES), 0
    )
    numbers = [int(w) for w in words if w.isdigit()]
    if not month or len(numbers) < 2:
        return None
    return _safe(numbers[-1], month, numbers[0])


# Month names in French, German, Spanish, Portuguese, Italian, Dutch and Polish (genitive, as
# dates write it), for "1º de dezembro de 2026", "1 dicembre 2026", "1 grudnia 2026".
_INTL_MONTHS: dict[str, int] = {
    name: n
    for n, names in enumerate(
        (
            "janvier januar enero janeiro gennaio januari stycznia ledna",
            "février fevrier februar febrero fevereiro febbraio februari lutego února",
            "mars märz marz marzo março marco maart marca března",
            "avril abril aprile kwietnia dubna",
            "mai mayo maio maggio mei maja května",
            "juin juni junio junho giugno czerwca června",
            "juillet juli julio julho luglio lipca července",
            "août aout agosto augustus sierpnia srpna",
            "septembre septiembre setembro settembre września wrzesnia září",
            "octobre oktober octubre outubro ottobre października pazdziernika října",
            "novembre noviembre novembro listopada listopadu",
            "décembre decembre dezember diciembre dezembro dicembre grudnia prosince",
        ),
        start=1,
    )
    for name in names.split()
}
_INTL = re.compile(
    r"\b(\d{1,2})(?:er|º|°|o)?\.?\s+(?:de\s+)?([^\W\d_]+)\s+(?:de\s+)?(\d{4})\b", re.IGNORECASE
)


def _international(text: str) -> dt.date | None:
    """ "1º de dezembro de 2026", "5. März 2026", "1 grudnia 2026" -> a date."""
    for m in _INTL.finditer(text):
        if month := _INTL_MONTHS.get(m[2].lower()):
            return _safe(int(m[3]), month, int(m[1]))
    return None


def find_date(text: str) -> dt.date | None:
    """The first date written in `text`, or None. Dotted dates are day first (10.04.2026)."""
    if m := _ISO.search(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _DOTTED.search(text):
        return _safe(int(m[3]), int(m[2]), int(m[1]))
    if m := _WORDY.search(text):
        return _wordy(m[0])
    if found := _international(text):
        return found
    if m := _SLASHED.search(text):
        first, second = int(m[1]), int(m[2])
        if first > 12:
            return _safe(int(m[3]), second, first)
        return _safe(int(m[3]), first, second)
    return None


# The same in French, German, Spanish, Portuguese and Italian: "Jeudi 5 mars 2026",
# "Donnerstag, 5. März 2026", "Terça-feira, 1º de dezembro de 2026", "Martedì 1 dicembre".
_INTL_DATE_LINE = re.compile(
    r"^\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|"
    r"domingo|(?:segunda|ter[çc]a|quarta|quinta|sexta)(?:-feira)?|luned[iì]|marted[iì]|"
    r"mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica|maandag|dinsdag|woensdag|donderdag|"
    r"vrijdag|zaterdag|zondag|poniedzia[łl]ek|wtorek|[śs]roda|czwartek|pi[ąa]tek|sobota|"
    r"niedziela|pond[ěe]l[íi]|[úu]ter[ýy]|st[řr]eda|[čc]tvrtek|p[áa]tek|ned[ěe]le),?\s+)?"
    r"(?:le\s+)?"
    r"\d{1,2}(?:er|º|°|o)?\.?\s+(?:de\s+)?(?:janvier|f[ée]vrier|mars|avril|"
    r"mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|januar|februar|m[äa]rz|"
    r"april|juni|juli|august|september|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|"
    r"julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|"
    r"junho|julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|"
    r"luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus|stycznia|lutego|"
    r"marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[śs]nia|pa[źz]dziernika|listopada|"
    r"grudnia|november|december|ledna|února|března|dubna|května|června|července|srpna|září|"
    r"října|listopadu|prosince)(?:\s+(?:de\s+)?\d{4})?\s*$",
    re.IGNORECASE,
)


# A post's time stamp: a weekday or a date, then a time ("Thursday @ 9:18 PM", "Mon, 14:05").
_TIME_STAMP = re.compile(
    rf"^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
    r",?\s*(?:@|at|·|-|–)?\s*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    if len(text) >= 80:
        return False
    return any(p.match(text) is not None for p in (DATE_LINE, _INTL_DATE_LINE, _TIME_STAMP))


# A month and a year alone ("October 2025", "Sept. 2024"): an issue's date, not a headline.
_MONTH_YEAR = re.compile(rf"^\W*{_MONTHS}\s+\d{{4}}\W*$", re.IGNORECASE)


def is_date_heading(text: str) -> bool:
    """A heading that only dates the issue: a date line, or a month and a year."""
    return is_date_line(text) or _MONTH_YEAR.match(text) is not None


def parse_header_date(value: str) -> dt.date | None:
    """An RFC 2822 (email) or ISO date header, or any date `find_date` understands."""
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return find_date(value)
