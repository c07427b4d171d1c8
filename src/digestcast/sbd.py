"""Sentence boundaries, shared by the write and speak stages: `segment` (pysbd, exactly) and
`SentenceSplitter` (a segment's spoken text as the sentences an engine reads one at a time).

pysbd is slow (hundreds of regexes per call) and the same paragraph is split many times while
a script is written: `segment` remembers its results for the process (a pure function's
memo). The splits of a script's segments are made once, kept with the script (write.cache)
and handed to the speak stage as a value (`SentenceSplitter(known=...)`), so that a build
from a kept script runs pysbd on nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from pysbd.languages import LANGUAGE_CODES

_SPACES = re.compile(r"\s*")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
HAS_WORD = re.compile(r"\w")
MAX_WORDS = 60  # longer "sentences" (lists without full stops) are split at clauses

Split = tuple[str, str, tuple[str, ...]]  # text, language, sentences


def segment(text: str, language: str) -> tuple[str, ...]:
    """What `pysbd.Segmenter(language, clean=False).segment(text)` returns: the sentences of
    `text`, each with the whitespace after it."""
    return _segment(text, language)


@lru_cache(maxsize=8192)
def _segment(text: str, language: str) -> tuple[str, ...]:
    if not text:
        return ()
    # Segmenter.segment itself would also compile a regex per sentence to find it in the text
    # again (see _spans). A segmenter costs under a microsecond and its processor is per text:
    # nothing is shared between threads.
    found: list[str] = pysbd.Segmenter(language=language, clean=False).processor(text).process()
    return tuple(_spans(found, text))


def _spans(sentences: Iterable[str], text: str) -> list[str]:
    """pysbd's `sentences_with_char_spans` without compiling a regex per sentence: each
    sentence's first occurrence (and the whitespace after it) that ends past the one before;
    occurrences are searched for without overlapping, like its `re.finditer`."""
    out: list[str] = []
    prior_end = 0
    for sentence in sentences:
        if not sentence:  # pysbd's pattern is then r"\s*" alone, which matches anywhere
            found = next((m for m in _SPACES.finditer(text) if m.end() > prior_end), None)
            if found is not None:
                out.append(found.group())
                prior_end = found.end()
            continue
        pos = 0
        while (start := text.find(sentence, pos)) >= 0:
            end = _after_spaces(text, start + len(sentence))
            if end > prior_end:
                out.append(text[start:end])
                prior_end = end
                break
            pos = end
    return out


def _after_spaces(text: str, index: int) -> int:
    spaces = _SPACES.match(text, index)
    return spaces.end() if spaces else index


@dataclass(frozen=True)
class SentenceText:
    text: str
    paragraph_end: bool  # a paragraph break follows (never set on a segment's last sentence)


class SentenceSplitter:
    """Splits segments into sentences for one language ("en", "en-us" -> "en"; unknown
    languages fall back to English): paragraphs, then pysbd, then clauses of overlong ones."""

    def __init__(
        self, language: str = "en", *, max_words: int = MAX_WORDS, known: Iterable[Split] = ()
    ) -> None:
        code = language.split("-")[0].split("_")[0].lower()
        self.language = code if code in LANGUAGE_CODES else "en"
        self.max_words = max_words
        # splits made before (kept with a script), and those this splitter makes
        self._splits = {(text, lang): tuple(found) for text, lang, found in known}

    def splits(self) -> tuple[Split, ...]:
        """Every paragraph split this splitter knows: given, or made by `split`."""
        return tuple((text, lang, found) for (text, lang), found in self._splits.items())

    def _segment(self, paragraph: str) -> tuple[str, ...]:
        key = (paragraph, self.language)
        found = self._splits.get(key)
        if found is None:
            found = self._splits[key] = segment(paragraph, self.language)
        return found

    def split(self, spoken: str) -> tuple[SentenceText, ...]:
        out: list[SentenceText] = []
        for paragraph in PARAGRAPH_BREAK.split(spoken):
            pieces = [
                piece
                for sentence in self._segment(" ".join(paragraph.split()))
                for piece in self._shorten(" ".join(sentence.split()))
                if HAS_WORD.search(piece)
            ]
            out.extend(SentenceText(p, i == len(pieces) - 1) for i, p in enumerate(pieces))
        if out:
            out[-1] = SentenceText(out[-1].text, False)
        return tuple(out)

    def _shorten(self, sentence: str) -> list[str]:
        """A sentence of at most `max_words`, split at clause breaks, else at word counts."""
        if len(sentence.split()) <= self.max_words:
            return [sentence]
        pieces: list[str] = []
        current: list[str] = []
        for clause in CLAUSE_BREAK.split(sentence):
            words = clause.split()
            if current and len(current) + len(words) > self.max_words:
                pieces.append(" ".join(current))
                current = []
            current.extend(words)
            while len(current) > self.max_words:
                pieces.append(" ".join(current[: self.max_words]))
                current = current[self.max_words :]
        if current:
            pieces.append(" ".join(current))
        return pieces
