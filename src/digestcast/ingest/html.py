"""HTML issues (web pages, newsletter emails, feed items) to blocks, without the page's chrome:
navigation, ads and sponsor blocks, share/subscribe widgets, comments, footers, hidden text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString, PageElement

from digestcast.ingest.blocks import Block, Document, clean_url
from digestcast.ingest.dates import find_date

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input",
    "select", "textarea", "nav", "footer", "aside", "img", "picture", "video", "audio", "head",
)  # fmt: skip
_JUNK = re.compile(
    r"(?:^|[-_ ])(?:ads?|advert\w*|sponsor\w*|promo\w*|share|sharing|social|subscribe\w*|"
    r"subscription|signup|comments?|footer|nav|navbar|menu|breadcrumbs?|related|recommend\w*|"
    r"cookies?|popup|modal|paywall|preheader|preview-text|unsubscribe)(?:$|[-_ ])",
    re.IGNORECASE,
)
SPONSOR_START = re.compile(
    r"^\W*(?:sponsored|presented by|together with|brought to you by|a message from|"
    r"in partnership with|advertisement|partner(?:ed)? (?:content|with)|from our sponsors?)\b",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = {
    "div", "section", "article", "main", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
    "ul", "ol", "blockquote", "figure", "figcaption", "header", "dl", "dd", "dt", "center",
    "body", "html", "span", "font", "pre", "details", "summary", "address",
}  # fmt: skip
_BOLD = {"strong", "b"}


def _attrs_text(tag: Tag) -> str:
    parts: list[str] = []
    for key in ("class", "id", "role", "aria-label"):
        value = tag.get(key)
        if isinstance(value, list):
            parts.extend(value)
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts)


def _is_junk(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    style = tag.get("style")
    if isinstance(style, str) and _HIDDEN.search(style):
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    return bool(_JUNK.search(_attrs_text(tag)))


def _is_sponsor_box(tag: Tag) -> bool:
    if tag.name not in ("table", "div", "section", "aside", "td"):
        return False
    text = " ".join(tag.get_text(" ").split())
    return len(text) < 1500 and SPONSOR_START.match(text) is not None


def _prune(root: Tag) -> None:
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_junk(tag) or _is_sponsor_box(tag):
            tag.decompose()
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))


def _text(nodes: list[PageElement]) -> str:
    raw = "".join(n.get_text("") if isinstance(n, Tag) else str(n) for n in nodes)
    return " ".join(raw.split())


def _href(tag: Tag, base: str | None) -> str | None:
    href = tag.get("href")
    if (
        not isinstance(href, str)
        or not href.strip()
        or href.startswith(("#", "mailto:", "javascript:"))
    ):
        return None
    return clean_url(href.strip(), base)


def _lead(nodes: list[PageElement], base: str | None) -> tuple[str | None, str | None, bool]:
    """The bold or linked title a paragraph opens with: (lead, url, is_link)."""
    first = next((n for n in nodes if isinstance(n, Tag) or str(n).strip()), None)
    if not isinstance(first, Tag):
        return None, None, False
    inner = first
    # unwrap <strong><a>..</a></strong> and <a><strong>..</strong></a>
    children = [c for c in first.children if isinstance(c, Tag) or str(c).strip()]
    if len(children) == 1 and isinstance(children[0], Tag):
        inner = children[0]
    names = {first.name, inner.name}
    link = first if first.name == "a" else inner if inner.name == "a" else None
    url = _href(link, base) if link is not None else None
    text = " ".join(first.get_text("").split())
    if not text:
        return None, None, False
    if url:
        return text, url, True
    if names & _BOLD:
        return text, None, False
    return None, None, False


def _para(nodes: list[PageElement], base: str | None, kind: str = "para") -> Iterator[Block]:
    text = _text(nodes)
    if not text:
        return
    lead, url, is_link = _lead(nodes, base)
    yield Block(
        "item" if kind == "item" else "para", text, url=url, lead=lead, lead_is_link=is_link
    )


def _has_blocks(tag: Tag) -> bool:
    return any(
        isinstance(c, Tag)
        and (c.name in _HEADINGS or c.name in ("p", "li", "hr", "ul", "ol", "table", "div"))
        for c in tag.descendants
    )


def _walk(root: Tag, base: str | None) -> Iterator[Block]:
    inline: list[PageElement] = []

    def flush() -> Iterator[Block]:
        chunks = _text(inline)
        if chunks:
            yield from _para(inline, base)
        inline.clear()

    for child in root.children:
        if isinstance(child, NavigableString):
            if "\n\n" in str(child).replace("\r", "") and inline and str(child).strip() == "":
                yield from flush()
            inline.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _HEADINGS:
            yield from flush()
            text = " ".join(child.get_text("").split())
            if text:
                link = child.find("a", href=True)
                url = _href(link, base) if isinstance(link, Tag) else None
                yield Block("heading", text, level=_HEADINGS[name], url=url)
        elif name == "hr":
            yield from flush()
            yield Block("rule", "")
        elif name == "li":
            yield from flush()
            nested = [c for c in child.find_all(["ul", "ol"])]
            for sub in nested:
                sub.extract()
            yield from _para(list(child.children), base, kind="item")
            for sub in nested:
                yield from _walk(sub, base)
        elif name == "p":
            yield from flush()
            yield from _para(list(child.children), base)
        elif name in _CONTAINERS and (name not in ("span", "font") or _has_blocks(child)):
            yield from flush()
            if _has_blocks(child):
                yield from _walk(child, base)
            else:
                yield from _para(list(child.children), base)
        else:
            inline.append(child)
    yield from flush()


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    for key in keys:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        if (
            isinstance(tag, Tag)
            and isinstance(tag.get("content"), str)
            and str(tag["content"]).strip()
        ):
            return str(tag["content"]).strip()
    return None


def parse_html(html: str, base_url: str | None = None) -> Document:
    """Blocks of an HTML page or email, plus its title, date, canonical URL and site name."""
    soup = BeautifulSoup(html, "html.parser")
    canonical = soup.find("link", rel="canonical")
    url = _meta(soup, "og:url") or (
        str(canonical["href"]) if isinstance(canonical, Tag) and canonical.get("href") else None
    )
    title_tag = soup.find("title")
    title = _meta(soup, "og:title", "twitter:title") or (
        " ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None
    )
    date_text = _meta(soup, "article:published_time", "date", "pubdate", "dc.date")
    time_tag = soup.find("time")
    if date_text is None and isinstance(time_tag, Tag):
        date_text = str(time_tag.get("datetime") or time_tag.get_text())
    publisher = _meta(soup, "og:site_name", "author")
    body = soup.body or soup
    _prune(body)
    blocks = tuple(_walk(body, url or base_url))
    return Document(
        blocks=blocks,
        title=title or None,
        date=find_date(date_text) if date_text else None,
        url=clean_url(url, base_url) if url else base_url,
        publisher=publisher,
    )
