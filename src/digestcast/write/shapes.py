"""The body of an episode as the issue's shape asks: a news digest story by story, a link
digest section by section (one short line per link, each its own chapter), an essay as one
piece whose parts are chapters."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from digestcast.models import Issue, Part, Segment, Story
from digestcast.write.cleanup import readable_body
from digestcast.write.content import StoryContent, carry_title, first_sentences
from digestcast.write.episode import SegmentWriter
from digestcast.write.summarize import summarize

Contents = Callable[[Story], StoryContent]
ITEM_WORDS = {"brief": 25, "standard": 45}  # a link's line; "full": its whole text
ESSAY_WORDS = {"brief": 200, "standard": 600}  # an essay's summary, shared by its parts
PART_WORDS = {"brief": 60, "standard": 120}  # each part's share at least; "full": all of it
END_SHARE = 0.4  # of a part's words kept for its last paragraph (an essay's conclusion)


def _place(issue: Issue, i: int, after_opening: bool) -> str:
    stories = issue.stories
    if i == 0:
        return "after_opening" if after_opening else "first"
    group = stories[i].group
    if group and group != stories[i - 1].group and not CATCH_ALL.fullmatch(group.strip()):
        return "new_group"  # a catch-all ("Etc.") is not named: "One more before we go."
    return "last" if i == len(stories) - 1 else "next"


def news_segments(
    writer: SegmentWriter, contents: Sequence[StoryContent], after_opening: bool
) -> list[Segment]:
    """Each story after a transition chosen for its place (the first after the editor's
    letter, the first of a section, the last)."""
    issue, length = writer.issue, writer.settings.write.length
    count = len(issue.stories)
    out: list[Segment] = []
    for i, (story, content) in enumerate(zip(issue.stories, contents, strict=True)):
        title = writer.titles[i]
        place = _place(issue, i, after_opening)
        if place != "first":
            context: dict[str, Any] = {
                "number": i + 1,
                "count": count,
                "title": title,
                "place": place,
                "group": story.group,
                "after_opening": place == "after_opening",
                "is_last": place == "last",
            }
            out.append(writer.segment("transition", story.title, "transition.j2", context, i))
        out.append(
            writer.segment(
                "story", story.title, "story.j2", _story(story, title, i, count, content, length), i
            )
        )
    return out


def _story(
    story: Story, title: str, i: int, count: int, content: StoryContent, length: str
) -> dict[str, Any]:
    return {
        "story": story,
        "title": title,
        "number": i + 1,
        "count": count,
        "length": length,
        "lead": content.lead,
        "tldr": content.lead,
        "titled": content.titled,
        "summary": list(content.summary),
        "why": content.why,
        "takeaways": list(content.takeaways),
        "commentary": [
            {"heading": c.heading, "text": c.text, "person": c.person} for c in content.commentary
        ],
        "full": list(content.full),
    }


def _item_line(story: Story, length: str) -> tuple[str, bool]:
    body, titled = readable_body(story)
    line = " ".join(body) if length == "full" else first_sentences(body, ITEM_WORDS[length])
    line, carried = carry_title(story.title, line)
    return line, titled or carried


# a news digest's catch-all section: no name to turn to ("Turning to Etc.")
CATCH_ALL = re.compile(
    r"(?:etc|et cetera|misc|miscellan(?:y|ea|eous)|other(?: stuff| things| links| news)?"
    r"|odds (?:and|&) ends|everything else|(?:and )?the rest|(?:and )?more)\W*",
    re.I,
)
LABEL_WORDS = 8  # a section's label is a few words ("Tools", "What people are talking about")


def section_label(title: str | None, issue: Issue) -> str | None:
    """The section's title when it reads as a label; a sentence (a tagline taken for a
    heading: "X is an organization dedicated to ...") or a story's own title is not."""
    if not title or len(title.split()) > LABEL_WORDS or title.rstrip().endswith("."):
        return None
    if any(s.title.strip() == title.strip() for s in issue.stories):
        return None
    return title


def link_segments(writer: SegmentWriter) -> list[Segment]:
    """Per section, the host says what it holds ("Tools: three links this week."); then one
    short line per link, each link its own chapter."""
    issue, length = writer.issue, writer.settings.write.length
    index = {id(s): i for i, s in enumerate(issue.stories)}
    out: list[Segment] = []
    for g, group in enumerate(issue.groups):
        for k, story in enumerate(group.stories):
            i = index[id(story)]
            label = section_label(group.title, issue)
            if k == 0 and (label or g > 0):
                head = {
                    "group": label,
                    "items": len(group.stories),
                    "linked": all(s.url for s in group.stories),
                    "first": g == 0,
                }
                out.append(writer.segment("transition", story.title, "section.j2", head, i))
            line, titled = _item_line(story, length)
            context: dict[str, Any] = {
                "story": story,
                "title": writer.titles[i],
                "line": line,
                "titled": titled,
            }
            out.append(writer.segment("story", story.title, "item.j2", context, i))
    return out


def _parts(story: Story) -> list[Part]:
    """The essay's parts, its opening (the paragraphs before the first subhead) first."""
    inside = {p for part in story.parts for p in part.paragraphs}
    opening = []
    for p in story.body:
        if p in inside:
            break
        opening.append(p)
    parts = list(story.parts)
    if opening or not parts:
        parts.insert(0, Part("", tuple(opening) if parts else story.body))
    return parts


def _kept(paragraphs: Sequence[str], length: str, parts: int, title: str) -> list[str]:
    """A part's paragraphs within its share of the essay's budget, the sentences that say
    what its title announces first; its last paragraph always has its say."""
    if length == "full":
        return list(paragraphs)
    budget = max(PART_WORDS[length], ESSAY_WORDS[length] // max(parts, 1))
    if sum(len(p.split()) for p in paragraphs) <= budget:
        return list(paragraphs)
    if len(paragraphs) == 1:
        return [" ".join(summarize(paragraphs, budget, title))]
    end = summarize(paragraphs[-1:], int(budget * END_SHARE), title)
    head = summarize(paragraphs[:-1], budget - sum(len(s.split()) for s in end), title)
    return [" ".join(head), " ".join(end)]


def essay_segments(writer: SegmentWriter, contents: Contents) -> list[Segment]:
    """An essay read as one piece: each part a chapter under its subhead, each summarized
    within its share so that the conclusion is read at every length. Stories of the issue
    without parts are read as news stories."""
    issue, length = writer.issue, writer.settings.write.length
    out: list[Segment] = []
    for i, story in enumerate(issue.stories):
        if not story.parts and i > 0:
            content = contents(story)
            context = _story(story, writer.titles[i], i, len(issue.stories), content, length)
            out.append(writer.segment("story", story.title, "story.j2", context, i))
            continue
        parts = _parts(story)
        for n, part in enumerate(parts):
            body, _titled = readable_body(
                Story(part.heading or story.title, part.paragraphs, byline=story.byline)
            )
            heading = " ".join(filter(None, (story.title, part.heading)))
            paragraphs = _kept(body, length, len(parts), heading) if body else []
            if not paragraphs and n > 0:
                continue
            chapter = story.title if n == 0 else part.heading or f"{story.title}, part {n + 1}"
            context = {
                "story": story,
                "title": writer.titles[i],
                "part": part.heading or None,
                "number": n + 1,
                "count": len(parts),
                "paragraphs": paragraphs,
            }
            out.append(writer.segment("story", chapter, "part.j2", context, i))
    return out
