"""Split a segment's spoken text into the sentences an engine reads one at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pysbd.languages import LANGUAGE_CODES

from digestcast.sbd import segment

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
HAS_WORD = re.compile(r"\w")
MAX_WORDS = 60  # longer "sentences" (lists without full stops) are split at clauses


@dataclass(frozen=True)
class SentenceText:
    text: str
    paragraph_end: bool  # a paragraph break follows (never set on a segment's last sentence)


class SentenceSplitter:
    """pysbd for one language ("en", "en-us" -> "en"; unknown languages fall back to English)."""

    def __init__(self, language: str = "en", *, max_words: int = MAX_WORDS) -> None:
        code = language.split("-")[0].split("_")[0].lower()
        self.language = code if code in LANGUAGE_CODES else "en"
        self.max_words = max_words

    def split(self, spoken: str) -> tuple[SentenceText, ...]:
        out: list[SentenceText] = []
        for paragraph in PARAGRAPH_BREAK.split(spoken):
            pieces = [
                piece
                for sentence in segment(" ".join(paragraph.split()), self.language)
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
