"""An issue kept whole in its YAML front matter (a static-site newsletter whose template renders
the stories): lists of entries with a title and a link (and a description), grouped or not
under titled sections, are the issue's stories, written out as Markdown for the reader."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

# keys that hold an entry's link and its text, in order of preference
_URL_KEYS = ("url", "link", "href")
_TEXT_KEYS = ("description", "summary", "text", "body", "excerpt", "comment")
_TITLE_KEYS = ("title", "name", "headline")


def front_matter_stories(block: str) -> str:
    """Markdown for the stories held in a YAML front matter block, or "" when it holds no list
    of linked entries (the usual title/date/tags front matter)."""
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return ""
    if not isinstance(data, dict):
        return ""
    lines = list(_markdown(data, depth=2))
    return "\n\n".join(lines) if any(line.startswith("#") for line in lines) else ""


def _markdown(node: object, depth: int) -> Iterator[str]:
    """A section's heading and the entries under it; entries are linked headings."""
    if isinstance(node, dict):
        for value in node.values():
            if isinstance(value, list):
                yield from _entries(value, depth)
    elif isinstance(node, list):
        yield from _entries(node, depth)


def _entries(items: list[object], depth: int) -> Iterator[str]:
    for item in items:
        if not isinstance(item, dict):
            continue
        title, url = _first(item, _TITLE_KEYS), _first(item, _URL_KEYS)
        if title and url.startswith("http"):
            yield f"{'#' * min(depth + 1, 6)} [{title}]({url})"
            if text := _first(item, _TEXT_KEYS):
                yield text
        elif title and any(isinstance(v, list) for v in item.values()):
            inner = list(_markdown(item, depth + 1))
            if inner:
                yield f"{'#' * depth} {title}"
                yield from inner


def _first(item: dict[object, object], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
