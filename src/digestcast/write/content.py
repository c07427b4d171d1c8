"""What a story segment says, in reading order: the lead (TLDR or the story's first
paragraphs), what's new, why it matters, key takeaways and the newsletter's own commentary.

Parts come from the story's own sections when it has them, else from an extractive summary,
within the length's word budget. No sentence is read twice in a story: a part drops the
sentences that an earlier part (or the commentary) already says."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from digestcast.models import Section, Story
from digestcast.write.cleanup import readable_body
from digestcast.write.leadins import lead_in as _lead_in
from digestcast.write.summarize import asks, key_terms, sentences, summarize, takeaways

Length = Literal["brief", "standard", "full"]
WORDS_PER_MINUTE = 150
SAME_SENTENCE = 0.8  # term overlap (Jaccard) above which two sentences say the same thing
ASIDES = ("tldr", "why_it_matters", "opinion", "takeaways")  # parts read apart from the news
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|me|my)\b")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Budget:
    lead: int  # words of lead (TLDR or first paragraphs)
    news: int  # words of what's new / summary
    why: int  # words of "why it matters" (0: left out)
    commentary: int  # words per commentary section (0: left out)
    takeaways: int  # points at most
    total: int  # words for the whole story; takeaways only while they fit


UNLIMITED = 1_000_000
BUDGETS: dict[str, Budget] = {
    # ~1 minute a story
    "brief": Budget(lead=60, news=50, why=0, commentary=0, takeaways=3, total=170),
    # 2-3 minutes a story
    "standard": Budget(lead=80, news=160, why=70, commentary=90, takeaways=4, total=450),
    # the whole story
    "full": Budget(*(UNLIMITED,) * 4, takeaways=20, total=UNLIMITED),
}


@dataclass(frozen=True)
class Commentary:
    heading: str
    text: str
    person: Literal["author", "editors"] = "editors"  # who speaks: "I" or "we"/the newsletter


@dataclass(frozen=True)
class StoryContent:
    lead: str | None  # TLDR or the story's first paragraph(s)
    summary: tuple[str, ...]  # what's new: paragraphs
    takeaways: tuple[str, ...]
    commentary: tuple[Commentary, ...] = ()
    full: tuple[str, ...] = field(default=())  # the story's body, for templates that want it
    why: str | None = None  # "why it matters", read as part of the story
    titled: bool = False  # the lead starts with the title (a lead-in put back): read it once

    @property
    def tldr(self) -> str | None:
        return self.lead


def _squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def _words(parts: Iterable[str]) -> int:
    return sum(len(p.split()) for p in parts)


class _Heard:
    """The sentences already read in a story, to never read one twice."""

    def __init__(self) -> None:
        self._terms: list[frozenset[str]] = []

    def said(self, sentence: str) -> bool:
        terms = key_terms(sentence)
        if not terms:
            return False
        size = len(terms)
        # the union's size is len(terms) + len(t) - the intersection's: no set built for it
        return any(
            (common := len(terms & t)) / (size + len(t) - common) >= SAME_SENTENCE
            for t in self._terms
        )

    def add(self, text: str) -> None:
        for para in text.split("\n\n"):
            self._terms.extend(key_terms(s) for s in sentences(para))

    def fresh(self, paragraphs: Sequence[str]) -> list[str]:
        """The paragraphs without the sentences already said (empty paragraphs dropped)."""
        kept = (" ".join(s for s in sentences(p) if not self.said(s)) for p in paragraphs)
        return [p for p in kept if p]


def _paragraphs(section: Section | None) -> list[str]:
    if section is None:
        return []
    if section.text:
        return [p.strip() for p in section.text.split("\n\n") if p.strip()]
    return [" ".join(section.items)] if section.items else []


def _claimed(paragraph: str, section: Section) -> bool:
    p = _squash(paragraph)
    if not p:
        return False
    if any(p == _squash(item) for item in section.items):
        return True
    text = _squash(section.text)
    return bool(text) and (p in text or text in p)


def _owner(paragraph: str, story: Story) -> str | None:
    return next((s.name for s in story.sections if _claimed(paragraph, s)), None)


def first_sentences(paragraphs: Sequence[str], budget: int) -> str:
    """The opening sentences, in order, up to the budget (at least one)."""
    every = [s for p in paragraphs for s in sentences(p)]
    chosen: list[str] = []
    for s in every:
        if chosen and _words([*chosen, s]) > budget:
            break
        chosen.append(s)
    while len(chosen) > 1 and len(chosen) < len(every) and asks(chosen[-1]):
        chosen.pop()  # not a question whose answer is cut off
    return " ".join(chosen)


def _fit(paragraphs: Sequence[str], budget: int, title: str = "") -> str:
    """The paragraphs themselves when they fit the budget, else their extractive summary
    (towards what the title announces, if given)."""
    if _words(paragraphs) <= budget:
        return "\n\n".join(paragraphs)
    return " ".join(summarize(paragraphs, budget, title))


def _lead(story: Story, body: list[str]) -> list[str]:
    tldr = _paragraphs(story.section("tldr"))
    if tldr:
        return tldr
    if not story.sections:
        return body[:1]
    lead: list[str] = []
    for p in body:
        if _owner(p, story) is not None:
            break
        lead.append(p)
    return lead


def _news(story: Story, body: list[str], lead: list[str], length: Length) -> list[str]:
    own = _paragraphs(story.section("summary")) or _paragraphs(story.section("whats_new"))
    rest = [p for p in body if p not in lead and _owner(p, story) not in ASIDES]
    if length == "full":
        missing = [p for p in own if not any(_claimed(r, Section("summary", "", p)) for r in rest)]
        return rest + missing
    return own or rest


def _commentary(section: Section, heard: _Heard, budget: int) -> Commentary | None:
    text = _fit(heard.fresh(_paragraphs(section)), budget)
    if not text:
        return None
    person: Literal["author", "editors"] = (
        "author" if FIRST_PERSON.search(f"{section.heading} {text}") else "editors"
    )
    return Commentary(section.heading, text, person)


def _takeaways(
    story: Story, body: list[str], heard: _Heard, budget: Budget, used: int
) -> tuple[str, ...]:
    section = story.section("takeaways")
    points: list[str] = []
    if section is not None:
        points = list(section.items) or sentences(section.text)
        points = [p for p in points if p.strip() and not heard.said(p)]
    elif body and not roundup(body):
        pool = heard.fresh([p for p in body if _owner(p, story) is None])
        points = takeaways(pool, budget.takeaways, minimum=2) if pool else []
    chosen: list[str] = []
    for point in points[: budget.takeaways]:
        if used + _words([*chosen, point]) > budget.total:
            break
        chosen.append(point)
        heard.add(point)
    return tuple(chosen) if len(chosen) >= 2 or section is not None else ()


# a text that goes on from its title ("Eclair #3323" / "fails incoming HTLCs ..."): a verb
OPEN_DOTS = re.compile(r"^\s*(?:\.{3}|\u2026)\s*")
CONTINUING = re.compile(r"^(?:[a-z]+s|is|ist|was|are|were|has|had|will|can)\s", re.I)


def carry_title(title: str, text: str) -> tuple[str, bool]:
    """The text with its title in front when it goes on from it in lower case (the title is
    then read once, as the sentence's subject), and whether it was put there."""
    head, rest = _lead_in(title), OPEN_DOTS.sub("", text)  # "... is the fire brigade"
    if head and rest[:1].islower() and CONTINUING.match(rest) and title.rstrip()[-1:] not in "?!":
        return f"{head} {rest}", True
    return text, False


def roundup(body: Sequence[str]) -> bool:
    """Three or more items, each a short headline sentence and its text ("Goldman to cut
    jobs. The bank plans ..."): points taken from it would come from different items."""
    heads = [sentences(p) for p in body]
    return len(heads) >= 3 and all(len(h) >= 2 and len(h[0].split()) <= 12 for h in heads)


def story_content(story: Story, length: Length) -> StoryContent:
    budget = BUDGETS[length]
    readable, titled = readable_body(story)
    body = list(readable)
    heard = _Heard()
    lead_paras = _lead(story, body)
    full = length == "full"
    lead = "\n\n".join(lead_paras) if full else first_sentences(lead_paras, budget.lead)
    lead, carried = carry_title(story.title, lead)
    heard.add(lead)
    news = _fit(heard.fresh(_news(story, body, lead_paras, length)), budget.news, story.title)
    heard.add(news)
    why = ""
    if budget.why:
        why = _fit(heard.fresh(_paragraphs(story.section("why_it_matters"))), budget.why)
        heard.add(why)
    opinions = [s for s in story.sections if s.name == "opinion"] if budget.commentary else []
    for opinion in opinions:  # the takeaways must not repeat the commentary read after them
        heard.add("\n\n".join(_paragraphs(opinion)))
    used = _words([lead, news, why])
    points = _takeaways(story, body, heard, budget, used)
    commentary: list[Commentary] = []
    spoken = _Heard()
    for part in (lead, news, why, *points):
        spoken.add(part)
    for opinion in opinions:
        found = _commentary(opinion, spoken, budget.commentary)
        if found is not None:
            commentary.append(found)
            spoken.add(found.text)
    return StoryContent(
        lead=lead or None,
        summary=tuple(p for p in news.split("\n\n") if p),
        takeaways=points,
        commentary=tuple(commentary),
        full=tuple(body),
        why=why or None,
        titled=carried or (titled and bool(lead) and lead.startswith(_lead_in(story.title))),
    )


def spoken_words(content: StoryContent) -> int:
    parts = [content.lead or "", *content.summary, content.why or "", *content.takeaways]
    parts += [c.text for c in content.commentary]
    return _words(parts)
