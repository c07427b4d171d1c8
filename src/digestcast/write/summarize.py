"""Offline extractive summaries: TextRank over TF-IDF sentence similarity, in story order."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from digestcast.sbd import segment

# Words after "this"/"these" that point at the time or at what follows, not at a sentence before.
NOT_BACK = (
    r"week|year|month|morning|afternoon|evening|time|issue|newsletter|episode|edition|summer|"
    r"winter|spring|fall|autumn|quarter|season|weekend"
)
FORWARD = r"from|by|of|that|which|who|in|on|at|below|here|to|for|with"
# A sentence opening with one of these leans on the sentence before it.
DANGLING = re.compile(
    rf"^(?:(?:This|That|These|Those)(?!\s+(?:{NOT_BACK})\b|\s+[a-z]+\s+(?:{FORWARD})\b)|It|Its|It's|They|Their|Them|He|"
    r"She|His|Her|Such|"
    r"The (?:model|company|team|system|tool|paper|study|move|firm|startup|approach|result)s?"
    r"(?!\s+(?:behind|at|of|from|that|who|which|in|on|for|with|library)\b)|"  # "The team behind X"
    r"But|And|Also|However|Still|Yet|Both|Another|Then|Meanwhile|Instead|"
    r"Here(?!\s+(?:is|are)\b|['\u2019]s\b)|"  # "Here is the worry": it points ahead
    r"There's(?=\s+(?:also|more|another|even|still)\b)|"
    r"Thus|So|Moreover|Furthermore|In fact|For instance|For example|Similarly|Likewise|"
    r"As a result|In addition|Additionally|Even so|That's why|Which|In particular|In turn|"
    r"Otherwise|Again|Because of (?:this|that|these|those|it)|Despite (?:this|that|it)|"
    r"In contrast|By contrast|On the other hand|Conversely|Nevertheless|Nonetheless|Therefore|"
    r"Hence|Consequently|Since then|After that)\b"
)
# "this change", "these findings" in a sentence's first words: what they point to came before.
POINTS_BACK = re.compile(
    rf"^(?:\S+\s+){{0,4}}(?:this|these|those|such)\s+(?!(?:{NOT_BACK}|is|was|are|were|has|will|"
    r"can)\b)[a-z]+\b"
    rf"(?!\s+(?:{FORWARD})\b)"
    # "Soon after that outage", "In that case": "that" after a preposition points back too
    rf"|^(?:\S+\s+){{0,3}}(?i:after|before|since|from|in|on|at|with|by|despite|during|of)\s+"
    rf"that\s+(?!(?:{NOT_BACK})\b)[a-z]+\b(?!\s+(?:{FORWARD})\b)"
)


def leans_back(sentence: str) -> bool:
    """The sentence opens on a reference to something said before it."""
    return DANGLING.match(sentence) is not None or POINTS_BACK.match(sentence) is not None


# A list marker opening a sentence: "(i) As AI makes ...", "(2) ...", "b) ...".
LIST_MARKER = re.compile(r"^\(?(?:i{1,3}|iv|vi{0,3}|ix|x|\d{1,2}|[a-h])\)\s+")
# A run-in label opening a sentence: "How it works: ...", "Yes, but: ...", "Results: ...".
# the writer's own count opening a sentence ("Two, even if ..."): the host counts the points
COUNTED = re.compile(
    r"^(?:One|Two|Three|Four|Five|First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Fourth|Fifth"
    r"|Finally|Lastly),\s+(?=\w)"
)
LABEL = re.compile(r"^(?:[A-Z][\w'’-]*)(?:,? [\w'’-]+){0,2}:\s+(?=[A-Z\d\"“])")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "also",
        "just",
        "more",
        "most",
        "very",
        "such",
        "only",
        "other",
        "some",
        "any",
        "all",
        "each",
        "up",
        "out",
        "if",
        "while",
    ]
)


WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


STRAY_MARKS = re.compile(r"[\s.?!\u2026\"')\]]+")  # a sentence's marks cut off from it
LONE_DOT = re.compile(r"(?:^|[\s(`\"'\u201c])\.$")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with pysbd."""
    return list(_sentences(text))


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in (LIST_MARKER.sub("", s.strip()) for s in segment(text, "en")):
        if out and piece and STRAY_MARKS.fullmatch(piece):  # a stray ".?" ends the one before
            mark = piece.strip(". ")
            out[-1] = out[-1].rstrip(".") + mark if mark else out[-1]
        elif out and piece and not re.search(r"\w", piece):  # "restored. 🤞": keep the stop
            out[-1] += " " + piece
        elif out and piece and LONE_DOT.search(out[-1]) and out[-1] + piece in text:
            out[-1] += piece  # cut at a name's dot: "your global ." + "gitignore file"
        elif piece:
            out.append(piece)
    return tuple(out)


@lru_cache(maxsize=8192)
def key_terms(sentence: str) -> frozenset[str]:
    """The sentence's content words, to tell when two sentences say the same thing."""
    return frozenset(_terms(sentence))


# letters written without spaces between words (Chinese, Japanese, Korean): pairs of them
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def _terms(sentence: str) -> list[str]:
    words = WORD.findall(sentence.lower())
    pairs = [run[i : i + 2] for run in CJK.findall(sentence) for i in range(max(len(run) - 1, 1))]
    return [w for w in words if w not in STOPWORDS and len(w) > 1] + pairs


def _tfidf(docs: Sequence[list[str]]) -> np.ndarray:
    vocab = sorted({t for d in docs for t in d})
    index = {t: i for i, t in enumerate(vocab)}
    df = Counter(t for d in docs for t in set(d))
    matrix = np.zeros((len(docs), max(len(vocab), 1)))
    for row, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            matrix[row, index[term]] = (1 + math.log(count)) * math.log(
                (1 + len(docs)) / (1 + df[term])
            )
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def rank(items: Sequence[str], damping: float = 0.85, iterations: int = 60) -> list[float]:
    """TextRank scores: PageRank over the cosine-similarity graph of the sentences."""
    n = len(items)
    if n == 0:
        return []
    vectors = _tfidf([_terms(s) for s in items])
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, 0.0)
    sums = sim.sum(axis=1, keepdims=True)
    trans = np.divide(sim, sums, out=np.full_like(sim, 1.0 / n), where=sums > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        scores = (1 - damping) / n + damping * trans.T @ scores
    # a light lead bias: newsletters put the news first
    lead = np.array([1.0 + 0.3 / (1 + i) for i in range(n)])
    return [float(x) for x in scores * lead]


def _words(sentence: str) -> int:
    return len(sentence.split())


# how much a sentence that says what the title says counts over one that does not
ABOUT_WEIGHT = 1.0
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly|al)$")


def _stems(sentence: str) -> set[str]:
    return {_SUFFIX.sub("", t) if len(t) > 5 else t for t in _terms(sentence)}


def _about(items: Sequence[str], title: str) -> list[float]:
    """Each sentence's share of the title's rarer words ("revealed a crucial statistic":
    the sentence "revealing that 70 agents ..." says it), weighted by how few sentences
    have each word."""
    wanted = _stems(title)
    stems = [_stems(s) for s in items]
    weight = {w: math.log((1 + len(items)) / (1 + sum(w in st for st in stems))) for w in wanted}
    total = sum(weight.values()) or 1.0
    return [sum(weight[w] for w in wanted & st) / total for st in stems]


def summarize(paragraphs: Sequence[str], max_words: int, title: str = "") -> list[str]:
    """The best sentences within `max_words`, in story order; one that opens with a reference
    ("But", "This", "It") comes with the sentence it leans on, or not at all; with a title,
    the sentences that say what it announces count more."""
    items = [s for p in paragraphs for s in sentences(p)]
    if not items:
        return []
    scores = rank(items)
    if title:
        scores = [
            x * (1 + ABOUT_WEIGHT * a) for x, a in zip(scores, _about(items, title), strict=True)
        ]
    chosen: set[int] = set()
    used = 0
    for i in sorted(range(len(items)), key=lambda k: -scores[k]):
        unit = _with_antecedents(items, i, chosen)
        size = sum(_words(items[k]) for k in unit)
        if not unit or (used + size > max_words and chosen):
            continue
        chosen.update(unit)
        used += size
    if not chosen:
        chosen.add(max(range(len(items)), key=lambda k: scores[k]))
    # a question whose answer was left out ("The only catch?") is a teaser: not read
    teasers = {i for i in chosen if asks(items[i]) and i + 1 < len(items) and i + 1 not in chosen}
    return [items[i] for i in sorted(chosen - teasers if chosen - teasers else chosen)]


ANTECEDENTS = 2  # how far back a sentence that leans on the one before may bring it


def _with_antecedents(items: Sequence[str], i: int, chosen: set[int]) -> list[int]:
    """Sentence i with what it leans on ("But on Tuesday ...", "That is ..."): the sentences
    before it, back to one that stands alone; none when that is further than ANTECEDENTS."""
    unit = [i]
    while unit[0] > 0 and leans_back(items[unit[0]]) and unit[0] - 1 not in chosen:
        if len(unit) > ANTECEDENTS:
            return []
        unit.insert(0, unit[0] - 1)
    return [k for k in unit if k not in chosen]


def asks(sentence: str) -> bool:
    return sentence.rstrip("\"')\u201d\u2019 ").endswith("?")


# a letter's closing ("Until next time, Ann.", "Thanks for reading!") is no point to take away
SIGN_OFF = re.compile(
    r"^(?:until next time|thanks? (?:you )?for reading|see you|talk soon|cheers|warmly|best"
    r"|happy [a-z]+ing|take care|stay safe)\b",
    re.I,
)
# "are then used", "have also authorized", "two other states": it goes on from something
# said before it, which a point read on its own after "First," does not have
GOES_ON = re.compile(r"^(?:\S+\s+){0,8}(?:then|also|other|another|too|again|as much)\b", re.I)


# a pointer to another piece ("Related: ...", "Previously: ..."): what it names is no point
POINTER = re.compile(
    r"^(?:(?:Also |See )?related|Previously|See also|Further reading|Read more|More|Via|Source)"
    r"\s*:",
    re.I,
)


def _point(sentence: str) -> bool:
    return not (leans_back(sentence) or SIGN_OFF.match(sentence) or GOES_ON.match(sentence))


def _uncounted(sentence: str) -> str:
    rest = COUNTED.sub("", sentence)
    return rest[:1].upper() + rest[1:] if rest != sentence else sentence


def takeaways(
    paragraphs: Sequence[str], count: int = 3, skip: Sequence[str] = (), minimum: int = 2
) -> list[str]:
    """Up to `count` (at most 4) short points: the best-ranked self-contained sentences of 5 to
    25 words, run-in labels ("How it works:") dropped. Sentences in `skip` are never used;
    fewer than `minimum` points come back only when the text has no more to give."""
    items = [
        _uncounted(LABEL.sub("", s))
        for p in paragraphs
        for s in sentences(p)
        if not POINTER.match(s)
    ]
    skipped = {_uncounted(LABEL.sub("", s)) for s in skip}
    scores = rank(items)
    order = [k for k in sorted(range(len(items)), key=lambda k: -scores[k])]
    order = [k for k in order if items[k] not in skipped]
    picked = [i for i in order if 5 <= _words(items[i]) <= 25 and _point(items[i])][: min(count, 4)]
    if len(picked) < minimum:
        spare = [
            i for i in order if i not in picked and _point(items[i]) and 3 < _words(items[i]) <= 30
        ]
        picked += spare[: minimum - len(picked)]
    return [items[i] for i in sorted(picked)]
