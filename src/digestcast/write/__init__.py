"""The write stage: Issue -> Script, one spoken script per episode."""

from __future__ import annotations

import re
import warnings
from typing import Any

from digestcast.config import Settings
from digestcast.errors import ScriptError
from digestcast.models import Issue, Script, Segment, Story
from digestcast.write.cleanup import readable_body
from digestcast.write.content import StoryContent, story_content
from digestcast.write.episode import SegmentWriter
from digestcast.write.foreign import OTHER_SCRIPT
from digestcast.write.llm import ScriptWarning, rewrite_story
from digestcast.write.numbers import written_date
from digestcast.write.phrasing import PhrasePicker, headline, lists_stories
from digestcast.write.shapes import essay_segments, link_segments, news_segments, section_label
from digestcast.write.summarize import summarize
from digestcast.write.timing import estimate_seconds

__all__ = ["ScriptWarning", "write_script"]
HEADLINES = 5  # the intro names at most this many stories (or sections)
PREVIEW_WORDS = 10  # a headline the intro names is at most this long, where there are enough
INTRO_SHARE = 0.08  # of the episode: the intro names fewer headlines beyond it


def _content(story: Story, settings: Settings) -> StoryContent:
    length = settings.write.length
    content = story_content(story, length)
    llm = settings.write.llm
    if llm is None or length == "full":
        return content
    try:
        retold = rewrite_story(story, llm, length)
    except ScriptError as exc:
        warnings.warn(
            f"{story.title}: {exc}; using the extractive summary", ScriptWarning, stacklevel=3
        )
        return content
    paragraphs = tuple(p.strip() for p in retold.split("\n\n") if p.strip())
    return StoryContent(None, paragraphs, content.takeaways, (), content.full)


OTHER_SCRIPT_LANGUAGES = frozenset(
    [
        "zh",
        "ja",
        "ko",
        "ru",
        "uk",
        "bg",
        "sr",
        "el",
        "he",
        "ar",
        "fa",
        "ur",
        "hi",
        "mr",
        "ne",
        "th",
        "ka",
        "hy",
    ]
)


def _warn_if_unreadable(issue: Issue, settings: Settings) -> None:
    """Say so when most of the issue is in letters the show's voice cannot read (a Chinese
    issue for an English voice): the episode would be mostly silence or noise."""
    language = settings.show.language.split("-")[0].lower()
    if language in OTHER_SCRIPT_LANGUAGES:
        return
    text = " ".join(f"{s.title} {' '.join(s.body)}" for s in issue.stories)
    letters = sum(c.isalpha() for c in text)
    other = len(OTHER_SCRIPT.findall(text))
    if letters and other > 0.3 * letters:
        warnings.warn(
            f"{issue.source or issue.title}: {round(100 * other / letters)}% of the issue is in "
            f"letters the show's voice (language '{language}') cannot read; set show.language "
            "and a voice for the issue's language",
            ScriptWarning,
            stacklevel=3,
        )


def said_publisher(issue: Issue) -> str | None:
    """The publisher's name as the host says it; none when it is only an address ("news@
    example.org", a URL): "the stories came from the address in the show notes" says nothing."""
    name = issue.publisher
    return None if name is None or re.search(r"@|://|^www\.", name) else name


def _warn_if_not_english(issue: Issue, settings: Settings) -> None:
    """The normalizer writes numbers, dates, units and spelled acronyms out in English: say
    so when the show's voice speaks another language (it would read "five" for "5")."""
    language = settings.show.language.split("-")[0].lower()
    if language != "en":
        warnings.warn(
            f"{issue.source or issue.title}: show.language is '{language}' but numbers, dates "
            "and units are written out as English words; check `digestcast script --spoken`",
            ScriptWarning,
            stacklevel=3,
        )


def _opening_paragraphs(opening: Story, length: str) -> list[str]:
    body = list(readable_body(opening)[0])  # no caption, byline or site tag read here either
    if length == "full":
        return body
    return [" ".join(summarize(body, 60 if length == "brief" else 150))] if body else []


def _description(issue: Issue, title: str) -> str:
    stories = "; ".join(s.title.rstrip(".") for s in issue.stories)
    lead = f"{title}." if not title.endswith((".", "!", "?")) else title
    return f"{lead} In this episode: {stories}." if stories else lead


def _length_words(seconds: float) -> str:
    """The episode's length as the host says it: "about 80 seconds", "about 4 and a half
    minutes", "about 12 minutes": within a tenth of it from a minute and a half on."""
    if seconds < 110:
        return f"about {max(10, round(seconds / 10) * 10)} seconds"
    if seconds < 600:
        whole, half = divmod(round(seconds / 30), 2)
        return f"about {whole} and a half minutes" if half else f"about {whole} minutes"
    return f"about {round(seconds / 60)} minutes"


def _telling(title: str) -> bool:
    """A headline worth naming in the intro: short, and more than a name and a number."""
    words = title.split()
    return len(words) <= PREVIEW_WORDS and not any(re.fullmatch(r"#?\d{3,}\W?", w) for w in words)


def _intro(writer: SegmentWriter, rest: list[Segment]) -> Segment:
    """The intro: the show, the date, the issue's headline, how long, and at most five
    headlines (fewer when naming them would make the intro too long a share of the
    episode); the length it announces is estimated from the words at the voice's pace."""
    issue, settings = writer.issue, writer.settings
    rest_seconds = estimate_seconds(rest, settings)
    groups = [label for g in issue.groups if (label := section_label(g.title, issue))]
    if len(groups) < len(issue.groups):  # some links come before any section: not "in N sections"
        groups = []
    named = groups if issue.shape == "link_digest" and groups else writer.titles
    # headlines to name: telling ones, not a whole sentence nor "Quay Core #4512"
    total, named = len(named), [t for t in named if _telling(t)] or named
    rundown = issue.title if lists_stories(issue) and issue.shape != "link_digest" else None
    context: dict[str, Any] = {
        "show": settings.show.title,
        "date": written_date(issue.date) if issue.date else None,
        "issue_title": issue.title,
        "rundown": rundown,
        "publisher": said_publisher(issue),
        "count": len(issue.stories),
        "titles": writer.titles,
        "shape": issue.shape,
        "groups": groups,
        "byline": issue.stories[0].byline,
    }
    headline_ = None if rundown else headline(issue, settings.show.title)
    options = [(headline_, n) for n in range(min(HEADLINES, len(named)), -1, -1)]
    options += [(None, 0)]
    for title, n in options:
        trial = {**context, "headline": title, "headlines": named[:n], "more": total - n}
        trial["length"] = _length_words(rest_seconds)
        seconds = estimate_seconds(
            [
                writer.made(
                    "intro", "Intro", writer.text("episode_intro.j2", trial, PhrasePicker("trial"))
                )
            ],
            settings,
        )
        if seconds <= INTRO_SHARE * (rest_seconds + seconds) or (title, n) == options[-1]:
            trial["length"] = _length_words(rest_seconds + seconds)
            return writer.segment("intro", "Intro", "episode_intro.j2", trial)
    raise AssertionError("unreachable")


def write_script(issue: Issue, settings: Settings) -> Script:
    """One spoken script for the issue, as its shape asks: intro, optional opening letter,
    the stories (a news digest with a transition before each, a link digest by section, an
    essay part by part), outro. Every segment carries its sentences as written and spoken."""
    if issue.newsletters:  # a combined episode: its own intro, a part per newsletter
        from digestcast.write.combined import write_combined_script

        return write_combined_script(issue, settings)
    if not issue.stories:
        raise ScriptError(f"{issue.source or issue.title}: the issue has no stories to write")
    _warn_if_unreadable(issue, settings)
    _warn_if_not_english(issue, settings)
    writer = SegmentWriter(issue, settings)
    length = settings.write.length
    body: list[Segment] = []
    opening = _opening_paragraphs(issue.opening, length) if issue.opening else []
    if opening and issue.opening is not None:
        chapter = issue.opening.title or "Letter from the editor"
        context = {
            "opening": issue.opening,
            "paragraphs": opening,
            "publisher": said_publisher(issue),
        }
        body.append(writer.segment("opening", chapter, "opening.j2", context))
    if issue.shape == "link_digest":
        body += link_segments(writer)
    elif issue.shape == "essay":
        body += essay_segments(writer, lambda story: _content(story, settings))
    else:
        contents = [_content(story, settings) for story in issue.stories]
        body += news_segments(writer, contents, after_opening=bool(opening))
    outro = {
        "show": settings.show.title,
        "count": len(issue.stories),
        "publisher": said_publisher(issue),
        "issue_title": issue.title,
        "source_url": issue.source_url,
    }
    body.append(writer.segment("outro", "Outro", "outro.j2", outro))
    segments = [_intro(writer, body), *body]
    date = written_date(issue.date) if issue.date else None
    title = issue.title or (f"{settings.show.title}: {date}" if date else settings.show.title)
    return Script(
        title=title,
        segments=tuple(segments),
        date=issue.date,
        description=_description(issue, title),
        source_url=issue.source_url,
    )
