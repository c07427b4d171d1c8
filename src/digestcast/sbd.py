"""Sentence boundaries with pysbd, shared by the write and speak stages.

pysbd is slow (hundreds of regexes per call) and the same paragraph is split many times: by
the summarizer, again to drop sentences already said, again to let long sentences breathe and
again by the speak stage. The split of a text depends only on the text and the language, so
each one is computed once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pysbd

_SPACES = re.compile(r"\s*")


@lru_cache(maxsize=8192)
def segment(text: str, language: str) -> tuple[str, ...]:
    """What `pysbd.Segmenter(language, clean=False).segment(text)` returns: the sentences of
    `text`, each with the whitespace after it."""
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
