"""Speech normalization: turn written text into words a TTS engine reads well.

The output has no digits, no URLs and no markup; paragraphs stay separated by a blank line."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from digestcast.config import BUILTIN_VOICES_DIR, Settings
from digestcast.errors import ConfigError
from digestcast.models import Utterance
from digestcast.sbd import segment
from digestcast.write.abbreviations import ABBREVIATIONS
from digestcast.write.acronyms import read_acronyms
from digestcast.write.foreign import hide_foreign_numbers, show_digits
from digestcast.write.identifiers import VERSION_RANGE, read_identifiers
from digestcast.write.leadins import continues
from digestcast.write.markup import (
    DOMAIN_ONLY,
    GREETING,
    TRAILING_DOMAIN,
    drop_links,
    paragraphs,
    strip_inline,
    typography,
)
from digestcast.write.readings import ROMAN_NAME, UNITS, roman_name, rules
from digestcast.write.sentences import breathe
from digestcast.write.summarize import LONE_DOT

SYMBOLS = (
    (r"(?<=[a-z])\((s|es|ing|ed|er|ers|n)\)(?=\W|$)", r"\1"),  # "Photo(s)", "Park(ing)"
    (r"(?<=\w)\(\)", ""),  # a call: "a sleep() call" -> "a sleep call"
    (r"(?<![\w(])\(([A-Za-z]+)\)(?=[A-Za-z])", r"\1"),  # "(Neo)vim" -> "Neovim"
    # one lower-case word in brackets inside a phrase ("the (former) capital"): no pauses
    (r"(?<=\w )\(([a-z][a-z'-]*)\)(?= [a-z])", r"\1"),
    (r"(?<![\w$])\$\?(?![\w?])", "dollar question mark"),  # the shell's "$?": not a question
    (r"\s*&\s*", " and "),
    (r"@(?=\w)", " at "),
    (r"\s*\+\s*", " plus "),
    (r"\s*=\s*", " equals "),
    (r"\s*(?:->|→|⇒)\s*(?=[,.;:!?)]|$)", ""),  # "View online →": a link's arrow, no word
    (r"\s*(?:->|→|⇒)\s*", " to "),
    (r"\s*×\s*", " times "),
    (r"\s*°", " degrees"),
    (r"%", " percent"),
    (r"(?<=[a-z])/(?=[a-z])", " or "),
    (r"\b([A-Z])/(?=[A-Z]\b)", r"\1-"),  # A/B testing: letters spelled
    (r"/", " "),
    (r"\s*[<>]\s*", " "),
    (r"\s*\|\s*", ", "),
    # "18 Dec \u00b7 Pier Theatre": a row of details (not the dot inside a Chinese name)
    (r"\s+\u00b7\s*|\s*\u00b7\s+", ", "),
    (r"\s*[(\[{]\s*", ", "),
    (r"\s*[)\]}]\s*(?=[.,;:!?])", ""),
    (r"\s*[)\]}]\s*", ", "),
    # a quoted question or cry going on in lower case ('the "why not?" moment'): not an end
    (r"(?<=\w)[?!](?=[\"'\u201d\u2019]\s*,?\s+[a-z])", ","),
    (r"\b([A-Z][a-z]+)!(?= [a-z])", r"\1"),  # a name's mark ("Many! new users"): no stop
    (r"[\"*_`#~^\\$€£¥@]", " "),
    (r"[®™↳↪]", " "),  # marks and a sub-item's arrow ("↳ Admin panel"): not words to say
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
    # "a" before what now starts with a vowel sound: "a 1891 tower", "a FAQ" as spelled
    (r"\b([Aa]) (?=eight|eleven|[AEFHILMNORSX]-[A-Z])", r"\1n "),
)
Replacements = tuple[tuple[re.Pattern[str], str], ...]


def _compiled(table: tuple[tuple[str, str], ...]) -> Replacements:
    return tuple((re.compile(pattern), repl) for pattern, repl in table)


# compiled once: re's own cache is too small for pysbd's regexes and these together
_ABBREVIATIONS = _compiled(ABBREVIATIONS)
# a package path ("encoding/json/v2", "crypto/x509"): its slashes are said, not read as "or"
_PATH = re.compile(
    r"(?<![\w/])[A-Za-z][\w.-]*(?:/[\w.-]+){2,}"
    r"|(?<![\w/])[a-z][\w.-]*/(?=[a-z][\w.-]*\d)[\w.-]+"
    r"|(?<![\w/])r/[A-Za-z]\w*"  # a subreddit: "r slash devops"
    r"|(?<![\w/.])/[a-z][\w.-]*(?:/[\w.-]+)+"  # "/dev/kvm"
)
# "net/http" beside a path of the same root ("net/http/pprof", "crypto/x509"): a path too
_SHORT_PATH = re.compile(r"(?<![\w/])([a-z][\w.-]*)/[a-z][\w.-]*(?![\w/])")
_JS = re.compile(r"(?<=\w)\.js\b", re.I)  # "Vue.js", "Three.js": "Vue J-S"
_DOMAIN = re.compile(r"\b(?:[\w-]+\.)+(?:com|org|net|io|ai|dev|gov|edu|co|uk)\b")
_MEMBER = re.compile(r"(?<=[A-Za-z]{2})\.(?=[a-z]{2})")  # code's "object.member"
_DOTFILE = re.compile(r"(?<![^\s(\"'\u201c])\.(?=[A-Za-z])")
_RULES = rules()
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
    # a whole word: not inside another, nor the start of a longer number ("404" in "404.5")
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w|[.,]\d)")


_ARROW = re.compile(r"\s*(?:->|→|⇒)\s*")


def _read_steps(text: str) -> str:
    """Steps joined by arrows ("→ find the source → move the data → ship it"): said
    one after the other with "then"; one arrow between names ("Postgres → Kafka") is "to"."""
    parts = _ARROW.split(text)
    steps = [p.strip() for p in parts[1:]]
    if len(steps) < 2 or not all(len(p.split()) >= 2 and p[:1].islower() for p in steps):
        return text
    said = ", then ".join(steps)
    head = parts[0].strip()
    return f"{head}, then {said}" if head else said[0].upper() + said[1:]


def _read_paths(text: str) -> str:
    """Package paths with their slashes said ("crypto slash tls"), other slashes left."""
    roots = {m.group().lstrip("/").split("/")[0] for m in _PATH.finditer(text)}
    text = _PATH.sub(lambda m: m.group().replace("/", " slash "), text)
    if not roots:
        return text
    return _SHORT_PATH.sub(
        lambda m: m.group().replace("/", " slash ") if m.group(1) in roots else m.group(), text
    )


_WORD_SLASH = re.compile(r"(?<![\w/.-])([a-z]+)/([a-z]+)(?![\w/])")
# two names ("Windows/Linux", "macOS/iOS", "Europe/Berlin"): said with their slash, as a host
# would; "or" would be wrong as often as right ("Black Friday/Cyber Monday", "Ann Lee/Axios")
# a cron schedule ("0 10 * * *", "*/10 * * * *"): five fields, one a star; heard as what it is
_CRON_FIELD = r"(?:\*|\d{1,2})(?:[/,-]\d{1,2})*"
_CRON = re.compile(
    rf"(?P<named>\bcron(?:\s+(?:expression|schedule|string|line|job|spec))?\s+)?"
    rf"(?<![\w*/])(?=[^*\n]{{0,20}}\*){_CRON_FIELD}(?:\s+{_CRON_FIELD}){{4}}(?![\w*/])",
    re.I,
)


def _read_cron(m: re.Match[str]) -> str:
    return m.group("named").rstrip() if m.group("named") else "a cron expression"


_NAME_SLASH = re.compile(
    r"(?<![\w/.-])(?=[A-Za-z]*[a-z])[A-Za-z]{2,}/(?=[A-Za-z]*[a-z])[A-Za-z]{2,}(?![\w/])"
)
_PLAIN_WORD = re.compile(r"[a-z]{2,5}")
_VOWELS = re.compile(r"[aeiouy]")


def _read_slash(m: re.Match[str]) -> str:
    """Two short words are alternatives ("he/she", "yes/no": "or"); a name, a repository or
    a letter pair is read with its slash ("shadcn/ui", "mitchellh/golicense", "i/o")."""
    if m.group(0) in UNITS:  # "90 km/h": a unit, read by its rule
        return m.group(0)
    return _slash_words(m.group(1), m.group(2))


def _slash_words(first: str, second: str) -> str:
    if all(_PLAIN_WORD.fullmatch(w) and _VOWELS.search(w) for w in (first.lower(), second)):
        return f"{first} or {second}"
    return f"{first} slash {second}"


def _read_name_slash(m: re.Match[str]) -> str:
    """Two names with their slash; a capital only at the first ("He/she" opening a sentence)
    is the pair of words read as words are."""
    first, second = m.group().split("/")
    if m.group().islower():  # two words or a path: read after the lexicon, by the rules below
        return m.group()
    if second.islower() and first[1:].islower():
        return _slash_words(first, second)
    return f"{first} slash {second}"


def written_form(paragraph: str) -> str:
    """The paragraph as a reader sees it in a transcript: plain typography, no markup, links
    or e-mail addresses (the words pointing at them stay)."""
    text = _GLUED_ELLIPSIS.sub(r"\1 ", drop_links(strip_inline(typography(paragraph))))
    return GREETING.sub("", " ".join(VERSION_RANGE.sub(r"\1 to \2", text).split()))


# "this year...Columbia dropped": the dots end a sentence the next one is glued to
_GLUED_ELLIPSIS = re.compile(r"(?<=[a-z])(\.{3}|\u2026)(?=[A-Z][a-z])")


# a thread's numbering ("1/ Because caches go stale"): the post's place, not a word to say
_THREAD_NUMBER = re.compile(r"^\d{1,2}/\s+(?=[\"'\u201c]?[A-Z])")
# a legend in brackets ("(🌟 = first patch)", "(* = new)"): about the page's marks, not heard
_LEGEND = re.compile(r"\s*\(\s*[^\w\s()]{0,3}\s*(?:=|means)\s*[^()=]{1,40}\)")


def speak_sentence(written: str, lexicon: Mapping[str, str]) -> str:
    """One written sentence (already in its written form) in words for the engine; a
    sentence that opens on a number opens on a capital ("15,000 nurses" -> "Fifteen ...")."""
    if DOMAIN_ONLY.match(written):
        return ""
    text = _LEGEND.sub("", _THREAD_NUMBER.sub("", written))
    text = _read_steps(_CRON.sub(_read_cron, TRAILING_DOMAIN.sub("", text)))
    text = hide_foreign_numbers(text)  # "2013年5月": digits, not English words
    for short, long in _ABBREVIATIONS:
        text = short.sub(long, text)
    text = ROMAN_NAME.sub(roman_name, text)
    text = _NAME_SLASH.sub(_read_name_slash, text)  # before "macOS" becomes "mac O-S"
    text = apply_lexicon(text, lexicon)
    text = _JS.sub(" J-S", text)
    text = _read_paths(text)
    text = _WORD_SLASH.sub(_read_slash, text)
    text = _DOMAIN.sub(lambda m: m.group().replace(".", " dot "), text)  # "pkg.go.dev"
    text = _MEMBER.sub(" dot ", text)  # "React.memo", "console.log"
    text = _DOTFILE.sub("dot ", text)  # "a .env file", "the .md extension"
    text = read_identifiers(text)
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
    text = show_digits(text).strip()
    if SENTENCE_END.search(written) is None:  # a quote cut off: "... the library, and"
        text = CUT_OFF.sub(".", text)
    sentence = len(written.split()) >= 3 and SENTENCE_END.search(written) is not None
    if sentence and text[:1].islower() and written.lstrip()[:1].isdigit():
        text = text[0].upper() + text[1:]
    return text


def normalize_paragraph(text: str, lexicon: Mapping[str, str]) -> str:
    return " ".join(u.spoken for u in _paragraph_utterances(text, lexicon) if u.spoken)


# a title pysbd takes for a sentence's end ("the Ald." / "Pat Doe trial"): one sentence
_TITLE_CUT = re.compile(r"\b(?:Ald|Supt)\.$")
CUT_OFF = re.compile(r",\s+(?:and|or|but|so|because)$")
SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019]*$")


def written_sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences (pysbd), a piece that does not end a sentence joined to the
    next ("It has (i) a b and (ii) c" is one sentence)."""
    out: list[str] = []
    for piece in (p.strip() for p in segment(paragraph, "en")):
        if not piece:
            continue
        if out and LONE_DOT.search(out[-1]) and out[-1] + piece in paragraph:
            out[-1] += piece  # ".NET" was cut at its dot: "and ." + "NET daily."
        elif out and (
            not SENTENCE_END.search(out[-1]) or continues(piece) or _TITLE_CUT.search(out[-1])
        ):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


# a sentence whose last mark is a colon or semicolon (what it led to was not read, or is the
# next paragraph): heard and shown with a full stop, else the voice runs on into the next
_OPEN_END = re.compile(r"(?<=[\w)\"'\u201d\u2019])\s*[:;]$")


def _paragraph_utterances(text: str, lexicon: Mapping[str, str]) -> list[Utterance]:
    said = (_OPEN_END.sub(".", w) for w in written_sentences(written_form(text)))
    return [Utterance(w, speak_sentence(w, lexicon)) for w in said]


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
