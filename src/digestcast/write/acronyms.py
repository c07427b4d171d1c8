"""Capital letters read aloud: acronyms spelled ("AI" -> "A-I"), a few read as words
("NASA"), shouted headings ("AI & AGENTS") brought back to ordinary words."""

from __future__ import annotations

import re

# Acronyms that are said as a word, not letter by letter.
READ_AS_WORD = frozenset(
    {
        "NASA",
        "NATO",
        "UNESCO",
        "UNICEF",
        "OPEC",
        "NAFTA",
        "FIFA",
        "AIDS",
        "COVID",
        "LASER",
        "RADAR",
        "SCUBA",
        "CAPTCHA",
        "ASCII",
        "GIF",
        "JPEG",
        "PIN",
        "RAM",
        "ROM",
        "SIM",
        "LAN",
        "WAN",
        "SaaS",
        "ESA",
        "CERN",
        "DARPA",
        "FEMA",
        "NIST",
        "OSHA",
        "IKEA",
        "ASAP",
        "YOLO",
        "FOMO",
        "GAAP",
        "CAD",
        "NAND",
        "LIDAR",
        "LiDAR",
        "ICANN",
        "SWIFT",
        "SPAC",
    }
)
# Short capitalized words that are ordinary English in headings and shouting.
SHOUTED_WORDS = frozenset(
    {
        "A",
        "AN",
        "AND",
        "ARE",
        "AS",
        "AT",
        "BE",
        "BUT",
        "BY",
        "DO",
        "FOR",
        "GET",
        "GO",
        "HOW",
        "IF",
        "IN",
        "IS",
        "IT",
        "ITS",
        "NEW",
        "NO",
        "NOT",
        "NOW",
        "OF",
        "ON",
        "OR",
        "OUR",
        "OUT",
        "SO",
        "THE",
        "TO",
        "UP",
        "US",
        "WE",
        "WHY",
        "YOU",
        "ALL",
        "ONE",
        "TOP",
        "BIG",
        "WHO",
        "HOT",
        "OFF",
        "NEWS",
        "THIS",
        "THAT",
        "WITH",
        "FROM",
        "WHAT",
        "WEEK",
        "MORE",
        "ALSO",
        "YOUR",
        "JUST",
        "LIVE",
        "FREE",
        "OPEN",
        "DATA",
        "TECH",
        "READ",
        "PLUS",
        "HERE",
    }
)
CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b|\b[A-Z]\b")


def spell(letters: str) -> str:
    """'LLM' -> 'L-L-M'. Hyphens keep the letters one word that the voice spells: spaced
    letters read worse ("A I" sounds like "uh eye"), and joined capitals may be read as a
    word ("AWS" as "awes"); measured with an ASR round trip, see the write tests."""
    return "-".join(letters.upper())


def _is_shouting(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z']*", text)
    caps = [w for w in words if w.isupper() and len(w) > 1]
    return len(caps) >= 2 and len(caps) >= 0.6 * len(words) and any(len(w) >= 5 for w in caps)


def _word(m: re.Match[str], shouting: bool) -> str:
    word = m.group(0)
    if word in ("A", "I", "O"):
        return word
    if word in READ_AS_WORD:
        return word.capitalize()
    if shouting and (word in SHOUTED_WORDS or len(word) >= 5):
        return word.lower()
    if len(word) >= 6 and re.search(r"[AEIOU]", word):
        return word.capitalize()  # NVIDIA, WARNING: a word in capitals
    return spell(word.replace("'", ""))


def read_acronyms(text: str) -> str:
    """Spell acronyms letter by letter, keep the ones read as words, calm shouted text."""
    text = re.sub(
        r"\b([A-Z]\.){2,}(?=\s|$|[,;:!?])", lambda m: spell(m.group(0).replace(".", "")) + " ", text
    )
    text = re.sub(r"\b([A-Z]{2,})s\b", lambda m: spell(m.group(1)) + "'s", text)  # LLMs
    text = re.sub(r"(?<=[a-z])([A-Z]{2,})\b", lambda m: " " + spell(m.group(1)), text)  # OpenAI
    text = re.sub(
        r"\b([A-Z]{2,})(?=[A-Z][a-z])", lambda m: spell(m.group(1)) + " ", text
    )  # JPMorgan
    text = re.sub(r"(?<![\w'])([A-Z])-(?=[a-z])", lambda m: m.group(1) + " ", text)  # T-cell, X-ray
    text = re.sub(r"(?<=\b[A-Z])-(?=[A-Z]{2})|(?<=[A-Z]{2})-(?=[A-Z]\b)", "", text)  # T-ALL
    shouting = _is_shouting(text)
    return CAPS_WORD.sub(lambda m: _word(m, shouting), text)
