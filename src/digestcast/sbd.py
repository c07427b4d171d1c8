"""Sentence boundaries with pysbd, shared by the write and speak stages.

pysbd is slow (hundreds of regexes per call) and the same paragraph is split many times: by
the summarizer, again to drop sentences already said, again to let long sentences breathe and
again by the speak stage. The split of a text depends only on the text and the language, so
each one is computed once per process; and the splits made while writing a script are kept
with it (write.cache), so that a build from a kept script splits nothing again."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pysbd

_SPACES = re.compile(r"\s*")


Split = tuple[str, str, tuple[str, ...]]  # text, language, sentences

_known: dict[tuple[str, str], tuple[str, ...]] = {}
_recorders: list[dict[tuple[str, str], tuple[str, ...]]] = []


def segment(text: str, language: str) -> tuple[str, ...]:
    """What `pysbd.Segmenter(language, clean=False).segment(text)` returns: the sentences of
    `text`, each with the whitespace after it."""
    key = (text, language)
    found = _known.get(key)
    if found is None:
        found = _segment(text, language)
    for recorder in _recorders:
        recorder[key] = found
    return found


@contextlib.contextmanager
def recorded() -> Iterator[list[Split]]:
    """Every split made or looked up inside the block, in the list yielded (filled at its end)."""
    splits: dict[tuple[str, str], tuple[str, ...]] = {}
    out: list[Split] = []
    _recorders.append(splits)
    try:
        yield out
    finally:
        _recorders.remove(splits)
        out.extend((text, language, found) for (text, language), found in splits.items())


def remember(splits: Iterable[Split]) -> None:
    """Splits known ahead, made by this same code (kept with a script): used instead of pysbd
    from now on, in place of those remembered before."""
    _known.clear()
    _known.update(((text, language), tuple(found)) for text, language, found in splits)


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
