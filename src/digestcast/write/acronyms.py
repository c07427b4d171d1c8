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
        # three letters, and no acronym anyone writes
        "DAY",
        "WAY",
        "KEY",
        "END",
        "WAR",
        "LAW",
        "TAX",
        "JOB",
        "PAY",
        "OIL",
        "CAR",
        "SEA",
        "TOO",
        "TWO",
        "SIX",
        "TEN",
        "OLD",
        "BAD",
        "LOW",
        "RED",
        "WIN",
        "SAY",
        "SEE",
        "OWN",
        "MEN",
        "FUN",
    }
)
# Words in capitals that are never an acronym, shouted or not ("THE API", "NEW: ...")
NEVER_SPELLED = frozenset(
    {
        "THE",
        "AND",
        "FOR",
        "WITH",
        "FROM",
        "THIS",
        "THAT",
        "YOUR",
        "WHAT",
        "NEW",
        "HOW",
        "WHY",
        "TO",
        "OF",
    }
)
# Common English words written in capitals for stress ("a MUCH bigger pile", "it is NOT a
# bug"): read as the word when running text is around them. None is an acronym anyone
# writes; the ones that are both ("IT", "US", "AI", "WHO") are not here and stay spelled.
_STRESSED_WORDS = """
    NOT NEVER ALWAYS VERY REALLY MUCH MANY MOST LESS LEAST ONLY EVEN STILL JUST
    ALL ANY EVERY EACH NONE NOTHING SOME LOT LOTS TONS WAY FAR TOO SO MORE
    MUST SHOULD WILL WOULD CANNOT DOES DID DON'T CAN'T WON'T ISN'T DOESN'T
    HAVE HAS WAS WERE ARE IS BE BEEN YES NO
    TRUE REAL HUGE TINY BIG BEST WORST BETTER WORSE WRONG RIGHT GOOD BAD SAME
    MAKE MAKES WORKS STOP LOVE HATE NEED WANT KNOW THINK READ
    FIRST LAST AGAIN EVER BEFORE AFTER NOW HERE THERE WHY WHEN WHERE
    THIS THAT THESE THOSE WHAT WHICH IF BUT AND OR OUR YOUR THEIR
    ACTUALLY LITERALLY TOTALLY DEFINITELY ABSOLUTELY SERIOUSLY
"""
EMPHASIS = frozenset(_STRESSED_WORDS.split())
LOWER_NEIGHBOUR = re.compile(r"[a-z]")
CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b|\b[A-Z]\b")
LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
VOWEL = re.compile(r"[AEIOU]")
# four or five capitals said as a word: a consonant, a vowel, then two vowels in all and never
# three consonants in a row ("LUNA", "CUDA", "DATEX", "FINRA", "POSIX"); four are consonant,
# vowel, consonant, vowel. "USAID", "HTTPS", "CUDNN", "QEMU" and "SDKS" stay spelled.
SAYABLE = re.compile(
    r"[^AEIOUQX][AEIOU][^AEIOU][AEIOU]"
    r"|(?=(?:[A-Z]*[AEIOU]){2})[^AEIOUQX][AEIOU](?![A-Z]*[^AEIOU]{3})[A-Z]{3}"
)
DOTTED = re.compile(r"\b([A-Z]\.){2,}(?=\s|$|[,;:!?])")  # U.S.
PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # LLMs
AFTER_LOWER = re.compile(r"(?<=[a-z])([A-Z]{2,})\b")  # OpenAI
BEFORE_WORD = re.compile(r"\b([A-Z]{2,})(?=[A-Z][a-z])")  # JPMorgan
LETTER_PREFIX = re.compile(r"(?<![\w'])([A-Z])-(?=[a-z])")  # T-cell, X-ray
LETTER_HYPHEN = re.compile(r"(?<=\b[A-Z])-(?=[A-Z]{2})|(?<=[A-Z]{2})-(?=[A-Z]\b)")  # T-ALL


# capitals with a short lower-case ending ("NVMe", "PCIe", "SQLite", "SREcon"): one letter is
# spelled with them; two or three are a syllable after an acronym everyone knows (not
# "VSCode" nor "JSDoc", where the last capital starts the word)
CAPS_TAIL = re.compile(r"\b([A-Z]{2,})([a-z]{1,3})\b")
TAIL_ACRONYMS = frozenset({"SQL", "SRE", "XML", "HTML", "CSS", "DNS", "API", "GPU", "CPU", "USB"})


def _caps_tail(m: re.Match[str]) -> str:
    caps, tail = m.group(1), m.group(2)
    if len(tail) == 1 and tail != "s":  # "SUCCESSx": a word and its letter
        return (
            f"{caps.lower()} {tail}"
            if len(caps) >= 5 and VOWEL.search(caps)
            else spell(caps + tail)
        )
    if caps in TAIL_ACRONYMS:
        return f"{spell(caps)}-{tail}"
    return m.group(0)


def spell(letters: str) -> str:
    """'LLM' -> 'L-L-M'. Hyphens keep the letters one word that the voice spells: spaced
    letters read worse ("A I" sounds like "uh eye"), and joined capitals may be read as a
    word ("AWS" as "awes"); measured with an ASR round trip, see the write tests."""
    return "-".join(letters.upper())


def _is_shouting(text: str) -> bool:
    words = LETTER_WORD.findall(text)
    caps = [w for w in words if w.isupper() and len(w) > 1]
    return len(caps) >= 2 and len(caps) >= 0.6 * len(words) and any(len(w) >= 5 for w in caps)


def _stressed(m: re.Match[str]) -> bool:
    """A common word in capitals with a lower-case word just before or after it: stress."""
    if m.group(0) not in EMPHASIS:
        return False
    before = m.string[: m.start()].split()[-1:]
    after = m.string[m.end() :].split()[:1]
    return any(LOWER_NEIGHBOUR.match(w.lstrip("\"'(\u201c")) for w in before + after)


def _word(m: re.Match[str], shouting: bool) -> str:
    word = m.group(0)
    if word in ("A", "I", "O"):
        return word
    if not shouting and _stressed(m):
        opens = not m.string[: m.start()].strip() or m.string[: m.start()].rstrip()[-1] in ".!?"
        return word.capitalize() if opens else word.lower()
    if word in READ_AS_WORD:
        return word.capitalize()
    if word in NEVER_SPELLED or (shouting and (word in SHOUTED_WORDS or len(word) >= 5)):
        return word.lower()
    if (len(word) >= 6 and VOWEL.search(word)) or SAYABLE.fullmatch(word):
        return word.capitalize()  # NVIDIA, WARNING, DATEX, LUNA: a word in capitals
    return spell(word.replace("'", ""))


SHOUTED_RUN = re.compile(r"\b[A-Z]{2,}(?:\s+(?:[A-Z]{2,}|A(?=\s+[A-Z]{2,})))+\b")  # "FACES A CLOCK"


def _calm_run(m: re.Match[str]) -> str:
    """Capital words side by side, two of them 4+ letters with a vowel ("BOOK TALK"): a
    shouted phrase, read as words; acronyms among them (no vowel: "HTML") stay."""
    words = m.group(0).split()
    wordlike = [w for w in words if len(w) >= 4 and VOWEL.search(w) and w not in READ_AS_WORD]
    plain = all(w in wordlike or w in SHOUTED_WORDS for w in words)
    if len(wordlike) < 2 and not (wordlike and plain):  # "TAKE TWO", "DRIVING THE DAY"
        return m.group(0)
    parts = m.group(0).split(" ")
    calm = [
        _calm(w, parts[i + 1] if i + 1 < len(parts) else "", w in wordlike)
        for i, w in enumerate(parts)
    ]
    return " ".join(calm)


def _calm(word: str, following: str, wordlike: bool) -> str:
    """A shouted word in lower case; "US" before a noun is the country ("US ARMY"), not "us"."""
    if word == "US" and following and following not in SHOUTED_WORDS:
        return word
    return word.lower() if wordlike or word in SHOUTED_WORDS else word


def _after_lower(m: re.Match[str]) -> str:
    """Capitals closing a name: 'OpenAI' -> 'Open A-I'; a word of them reads as a word:
    'NumFOCUS' -> 'Num focus'."""
    caps = m.group(1)
    if len(caps) >= 4 and VOWEL.search(caps):
        return " " + caps.lower()
    return " " + spell(caps)


def read_acronyms(text: str) -> str:
    """Spell acronyms letter by letter, keep the ones read as words, calm shouted text."""
    text = DOTTED.sub(lambda m: spell(m.group(0).replace(".", "")) + " ", text)
    text = PLURAL.sub(lambda m: spell(m.group(1)) + "'s", text)
    text = CAPS_TAIL.sub(_caps_tail, text)
    text = AFTER_LOWER.sub(_after_lower, text)
    text = BEFORE_WORD.sub(lambda m: spell(m.group(1)) + " ", text)
    text = LETTER_PREFIX.sub(lambda m: m.group(1) + " ", text)
    text = LETTER_HYPHEN.sub("", text)
    text = SHOUTED_RUN.sub(_calm_run, text)
    shouting = _is_shouting(text)
    return CAPS_WORD.sub(lambda m: _word(m, shouting), text)
