"""Jinja2 templates (built-in, overridable per show) and varied, reproducible phrasing."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from digestcast.config import Settings
from digestcast.errors import ConfigError, ScriptError
from digestcast.models import Issue
from digestcast.write.summarize import STOPWORDS

TEMPLATE_NAMES = ("episode_intro.j2", "opening.j2", "story.j2", "transition.j2", "outro.j2")


class PhrasePicker:
    """Chooses among phrasings with a random generator seeded by the issue, so a rebuild of the
    same issue reads the same, and never hands out the same phrase twice while others remain."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(hashlib.sha256(seed.encode("utf-8")).hexdigest())
        self._used: set[str] = set()
        self._last: dict[tuple[str, ...], str] = {}  # each list's previous choice

    def pick(self, options: Sequence[str]) -> str:
        """One of the options: one not used yet while any remains, never the one this same
        list gave last time (no phrase twice in a row)."""
        if not options:
            return ""
        key = tuple(options)
        fresh = [o for o in options if o not in self._used]
        if not fresh:
            fresh = [o for o in options if o != self._last.get(key)] or list(options)
        choice = fresh[self._rng.randrange(len(fresh))]
        self._used.add(choice)
        self._last[key] = choice
        return choice


def issue_seed(issue: Issue) -> str:
    dated = issue.date.isoformat() if issue.date else ""
    return "\n".join([issue.title, dated, *(s.title for s in issue.stories)])


def period(text: object) -> str:
    """End a phrase as a sentence: 'Big news' -> 'Big news.'; 'Really?' stays."""
    line = str(text).strip().rstrip(",;:").rstrip()
    closed = line.rstrip(")]\"'\u201d\u2019")
    return line if not closed or closed[-1] in ".!?" else line + "."


GENERIC_TITLE = re.compile(
    r"\b(?:issue|edition|vol(?:ume)?|no|number|episode|week|newsletter|digest)\b\.?\s*#?\d*$"
    r"|^\W*(?:#|no\.?\s*)?\d+\W*$",
    re.I,
)


def lists_stories(issue: Issue) -> bool:
    """The issue title is a rundown of its stories ("A, B, and C"): one part per story."""
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", issue.title) if p.strip()]
    return len(issue.stories) > 1 and len(parts) >= len(issue.stories)


def headline(issue: Issue, show: str) -> str | None:
    """The issue title, when saying it adds something: not the show's name, not a bare
    "Issue 12", not a two-word newsletter name, not one of the story titles."""
    title = issue.title.strip()
    plain = re.sub(r"\W+", " ", title).strip().lower()
    names = [show, issue.publisher or "", *(s.title for s in issue.stories)]
    if len(title.split()) < 3 or GENERIC_TITLE.search(title) or _masthead(title):
        return None
    if any(plain and plain in re.sub(r"\W+", " ", n).lower() for n in names):
        return None
    return _shortened(title)


ISSUE_NUMBER = re.compile(r"(?:#|\bno\.?\s*|\bissue\s+)\d+\s*$", re.I)  # "Pier Weekly #88"
MASTHEAD_PARTS = re.compile(r"\s+(?://|\||\u00b7|\u2022)\s+")


def _masthead(title: str) -> bool:
    """A title made of three or more short names ("Daily Pier // The Pier Crew // Update") is the
    newsletter's masthead, not a headline."""
    parts = MASTHEAD_PARTS.split(title)
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


LEADING_NUMBER = re.compile(r"^#?\d+\s*[-\u2013\u2014:]\s+(?=\S)")
HEADLINE_ITEMS = 3  # a headline that lists more topics names this many, "and more"


def _shortened(title: str) -> str:
    """A headline as said: without a leading "Pier Weekly #88:" and, when it lists many topics
    ("Docks, Tides, Fares, Crews, ..."), the first three of them and "and more"."""
    label, colon, rest = title.partition(": ")
    if colon and rest and (GENERIC_TITLE.search(label) or ISSUE_NUMBER.search(label)):
        title = rest
    title = LEADING_NUMBER.sub("", title)  # "#12 - Docks, ..."
    items = [item.strip() for item in title.split(",")]
    if len(items) > HEADLINE_ITEMS + 1:
        return ", ".join(items[:HEADLINE_ITEMS]) + ", and more"
    return title


COMMON_START = re.compile(r"^\W*([A-Z][a-z]+)\b")
_LOWER_HYPHEN = frozenset(f"-{c}" for c in "abcdefghijklmnopqrstuvwxyz")
# Words that start a list item and are no name (beside the stop words).
COMMON_WORDS = frozenset(
    [
        "new",
        "more",
        "many",
        "most",
        "some",
        "several",
        "few",
        "all",
        "both",
        "each",
        "every",
        "other",
        "another",
        "first",
        "last",
        "next",
        "early",
        "late",
        "recent",
        "latest",
        "old",
        "big",
        "small",
        "large",
        "major",
        "key",
        "main",
        "top",
        "best",
        "better",
        "worse",
        "good",
        "bad",
        "high",
        "low",
        "long",
        "short",
        "full",
        "free",
        "open",
        "public",
        "private",
        "local",
        "global",
        "users",
        "people",
        "researchers",
        "companies",
        "developers",
        "engineers",
        "teams",
        "experts",
        "critics",
        "customers",
        "players",
        "readers",
        "students",
        "workers",
        "investors",
        "analysts",
        "officials",
        "support",
        "use",
        "using",
        "add",
        "adds",
        "adding",
        "make",
        "makes",
        "making",
        "get",
        "gets",
        "run",
        "runs",
        "build",
        "builds",
        "try",
        "learn",
        "read",
        "see",
        "find",
        "keep",
        "check",
        "avoid",
        "consider",
        "expect",
        "watch",
        "look",
    ]
)


def continued(text: object, story_text: str = "") -> str:
    """A sentence read after "First, " or "Also, ": its first word in lower case, unless it
    is a name (it never appears in lower case in `story_text`) or "I"."""
    line = str(text).strip()
    match = COMMON_START.match(line)
    if match is None:
        return line
    word = match.group(1)
    lower = word.lower()
    common = (
        line[match.end(1) : match.end(1) + 2] in _LOWER_HYPHEN  # "Size-based": no name
        or lower in STOPWORDS
        or lower in COMMON_WORDS
        or re.search(rf"\b{re.escape(lower)}\b", story_text) is not None
    )
    if not common:
        return line
    return line[: match.start(1)] + lower + line[match.end(1) :]


LINK = re.compile(r"\S*(?:https?://|www\.)\S*")  # a link, whose slug is no one's wording


@jinja2.pass_context
def _continued(context: jinja2.runtime.Context, text: object) -> str:
    story = context.get("story")
    body = " ".join(getattr(story, "body", ()) or ())
    return continued(text, LINK.sub(" ", body))  # a link's "/tucker-carlson-..." is no use


def environment(settings: Settings) -> jinja2.Environment:
    """The show's templates folder first, then the built-in templates; rendered in a sandbox
    (a template cannot reach Python's internals: no os.popen from a show's template)."""
    loaders: list[jinja2.BaseLoader] = []
    folder = settings.write.templates
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: templates folder not found")
        loaders.append(jinja2.FileSystemLoader(str(folder)))
    loaders.append(jinja2.PackageLoader("digestcast.write", "templates"))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["period"] = period
    env.filters["continued"] = _continued
    return env


def tidy(rendered: str) -> str:
    """Paragraphs separated by exactly one blank line; lines inside a paragraph joined."""
    blocks = re.split(r"\n\s*\n", rendered)
    paras = (" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks)
    return "\n\n".join(p for p in paras if p)


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return tidy(env.get_template(name).render(**context))
    except jinja2.TemplateSyntaxError as exc:
        raise ScriptError(f"{exc.filename or name}: line {exc.lineno}: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise ScriptError(f"template {name}: not allowed in a template ({exc})") from None
    except jinja2.TemplateError as exc:
        raise ScriptError(f"template {name}: {exc}") from None
