"""Jinja2 templates (built-in, overridable per show) and varied, reproducible phrasing."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import Any

import jinja2

from digestcast.config import Settings
from digestcast.errors import ConfigError, ScriptError
from digestcast.models import Issue

TEMPLATE_NAMES = ("episode_intro.j2", "opening.j2", "story.j2", "transition.j2", "outro.j2")


class PhrasePicker:
    """Chooses among phrasings with a random generator seeded by the issue, so a rebuild of the
    same issue reads the same, and never hands out the same phrase twice while others remain."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(hashlib.sha256(seed.encode("utf-8")).hexdigest())
        self._used: set[str] = set()

    def pick(self, options: Sequence[str]) -> str:
        if not options:
            return ""
        fresh = [o for o in options if o not in self._used] or list(options)
        choice = fresh[self._rng.randrange(len(fresh))]
        self._used.add(choice)
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
    if len(title.split()) < 3 or GENERIC_TITLE.search(title):
        return None
    if any(plain and plain in re.sub(r"\W+", " ", n).lower() for n in names):
        return None
    return title


def environment(settings: Settings) -> jinja2.Environment:
    """The show's templates folder first, then the built-in templates."""
    loaders: list[jinja2.BaseLoader] = []
    folder = settings.write.templates
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: templates folder not found")
        loaders.append(jinja2.FileSystemLoader(str(folder)))
    loaders.append(jinja2.PackageLoader("digestcast.write", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["period"] = period
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
    except jinja2.TemplateError as exc:
        raise ScriptError(f"template {name}: {exc}") from None
