"""Show notes: sanitized HTML with story links and chapter timestamps."""

from __future__ import annotations

import html

import nh3

from digestcast.combine import newsletter_name
from digestcast.models import Chapter, Issue, Script

SHOW_NOTES_TAGS = {"p", "ul", "ol", "li", "a", "h3", "strong", "em", "br", "b", "i"}
DESCRIPTION_LIMIT = 4000  # bytes, for the channel description


def sanitize_html(fragment: str) -> str:
    """Only simple formatting and http(s)/mailto links survive."""
    return nh3.clean(
        fragment,
        tags=SHOW_NOTES_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def timestamp(seconds: float) -> str:
    """Chapter time as podcast apps link it in show notes: "00:01:23"."""
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'
    return html.escape(text)


def episode_description(issue: Issue, script: Script) -> str:
    """A short plain-text summary: the script's own, else the list of story titles."""
    if script.description.strip():
        return " ".join(script.description.split())
    titles = [s.title for s in issue.stories]
    if not titles:
        return issue.title
    return f"{issue.title}: " + "; ".join(titles) + "."


def show_notes(issue: Issue, script: Script, chapters: tuple[Chapter, ...]) -> str:
    """HTML show notes: summary, the stories with their links, chapter timestamps."""
    parts = [f"<p>{html.escape(episode_description(issue, script))}</p>"]
    if issue.newsletters:
        parts += [_newsletter_notes(letter) for letter in issue.newsletters]
    elif issue.stories:
        items = "".join(f"<li>{_link(s.url, s.title)}</li>" for s in issue.stories)
        parts.append(f"<h3>Stories</h3><ul>{items}</ul>")
    if chapters:
        lines = "<br>".join(
            f"{timestamp(c.start)} {_link(c.url, c.title)}" for c in sorted(chapters, key=_start)
        )
        parts.append(f"<h3>Chapters</h3><p>{lines}</p>")
    if issue.source_url:
        parts.append(f"<p>Read the issue: {_link(issue.source_url, issue.title)}</p>")
    return sanitize_html("".join(parts))


def _newsletter_notes(letter: Issue) -> str:
    """A combined episode's part for one newsletter: its name, the issue's link, its stories."""
    name = newsletter_name(letter)
    items = "".join(f"<li>{_link(s.url, s.title)}</li>" for s in letter.stories)
    return (
        f"<h3>{html.escape(name)}</h3>"
        f"<p>Issue: {_link(letter.source_url, letter.title)}</p><ul>{items}</ul>"
    )


def _start(chapter: Chapter) -> float:
    return chapter.start


def truncate_utf8(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` cut at a character boundary so that it fits in `limit` UTF-8 bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    cut = data[: limit - len("…".encode())].decode("utf-8", "ignore").rstrip()
    return cut + "…"
