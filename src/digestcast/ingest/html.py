"""HTML issues (web pages, newsletter emails, feed items) to blocks, without the page's chrome:
navigation, ads and sponsor blocks, share/subscribe widgets, comments, footers, hidden text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement

from digestcast.ingest.addresses import address_line, source_line, without_address
from digestcast.ingest.blocks import Block, Document, clean_url
from digestcast.ingest.cards import CARD
from digestcast.ingest.dates import find_date
from digestcast.ingest.htmlprune import BREAK, prune
from digestcast.ingest.images import (
    LoneImage,
    attach_images,
    find_image,
)
from digestcast.ingest.nesting import cap_nesting
from digestcast.ingest.sections import READ_MORE
from digestcast.ingest.sitenav import without_site_frame
from digestcast.ingest.titles import first_sentence

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = {
    "div", "section", "article", "main", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
    "ul", "ol", "blockquote", "figure", "figcaption", "header", "dl", "dd", "dt", "center",
    "body", "html", "span", "font", "pre", "details", "summary", "address",
}  # fmt: skip
_BOLD = {"strong", "b"}
_WRAPPERS = {"span", "font", "em", "i", "u", "p", "div", "mark", "small", "sup"}
# A line that ends without a stop before one that opens a sentence ("Monday at 6pm<br>Join
# us..."): a listener hears two sentences, not one run together.
_LINE_END = re.compile(r"(?<=[^\W_]|[%)\u00b0])[ \t\r\n]*\u2028\s*(?=[A-Z][a-z])")


def _text(nodes: list[PageElement]) -> str:
    raw = "".join(n.get_text("") if isinstance(n, Tag) else str(n) for n in nodes)
    return " ".join(_LINE_END.sub(". ", raw).split())


def _href(tag: Tag, base: str | None) -> str | None:
    href = tag.get("href")
    if (
        not isinstance(href, str)
        or not href.strip()
        or href.startswith(("#", "mailto:", "javascript:"))
    ):
        return None
    return clean_url(href.strip(), base)


def _first_node(nodes: list[PageElement]) -> PageElement | None:
    """The first tag or text with a letter or digit in it (leading emoji and bullets skipped,
    and the item's number or tag: "1、<a>Title</a>", "[video] <a>Title</a>" open with their
    titles)."""
    found = [n for n in nodes if not _ornament(n)][:2]
    if len(found) == 2 and not isinstance(found[0], Tag) and _NUMBER_ONLY.match(str(found[0])):
        return found[1]
    return found[0] if found else None


def _ornament(node: PageElement) -> bool:
    """Emoji or bullet text, or an inline tag holding only that ("<span>🔐 </span><a>Title</a>"
    opens with its linked title); a tag with a link or image in it is never an ornament."""
    if not isinstance(node, Tag):
        return _decoration(str(node))
    return (
        node.name in _WRAPPERS - {"p", "div"}
        and _decoration(node.get_text(""))
        and node.find(["a", "img"]) is None
    )


def _decoration(text: str) -> bool:
    """Text of emoji, bullets and spaces only (a dash is kept: "-- Name" is an attribution)."""
    return not any(c.isalnum() or c in "-—–" for c in text)


def _italic_intro(first: PageElement | None, nodes: list[PageElement]) -> bool:
    """A paragraph in italics from end to end, sentences long: a section's introduction, not
    an item opening with its linked title."""
    if not isinstance(first, Tag) or first.name not in ("em", "i"):
        return False
    text = _text(nodes)
    return len(text.split()) > _INTRO_WORDS and " ".join(first.get_text("").split()) == text


def _lead(nodes: list[PageElement], base: str | None) -> tuple[str | None, str | None, bool]:
    """The bold or linked title a paragraph opens with: (lead, url, is_link)."""
    first = _first_node(nodes)
    if _italic_intro(first, nodes):
        return None, None, False
    while isinstance(first, Tag) and first.name in _WRAPPERS:  # <span><span><a>..</a>..</span>
        first = _first_node(list(first.children))
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


# What may stand before an item's linked or bold title: its number, or a tag ("[video]").
_NUMBER_ONLY = re.compile(r"^\s*(?:#?\d{1,3}\s*[.)、．:]?|[\[(][^\[\]()]{1,15}[\])]\s*[:–—-]?)\s*$")
_NAV_GLUE = re.compile(r"^[\s|·•/]*$")
_NAV_WORDS = 5
_INTRO_WORDS = 20


def _links(tag: Tag) -> list[Tag]:
    return [tag] if tag.name == "a" else [a for a in tag.find_all("a") if isinstance(a, Tag)]


def _is_link_row(nodes: list[PageElement]) -> bool:
    """Two or more short links with only separators between them: a navigation or poll row
    (a headline link beside its summary link is not one)."""
    links = [a for n in nodes if isinstance(n, Tag) for a in _links(n)]
    if len(links) < 2 or any(len(a.get_text(" ").split()) > _NAV_WORDS for a in links):
        return False
    rest = _text(nodes)
    for link in links:
        rest = rest.replace(" ".join(link.get_text("").split()), "", 1)
    return bool(_NAV_GLUE.match(rest))


def _sentence_link(text: str, links: list[Tag], base: str | None) -> str | None:
    """The first link inside the first sentence of `text` (a story titled by its sentence)."""
    sentence = first_sentence(text)
    for link in links:
        label = " ".join(link.get_text("").split())
        if label and label in sentence and (href := _href(link, base)):
            return href
    return None


def _in_item(tag: Tag) -> bool:
    parent = tag.parent
    return isinstance(parent, Tag) and parent.name == "li"


_READ_MORE_WORDS = 4


def _without_read_more(text: str, nodes: list[PageElement]) -> str:
    """A paragraph's text without a "Read more" link closing it: not words to read (its
    target is not taken as the story's link: some issues point every one at the same page)."""
    links = [a for n in nodes if isinstance(n, Tag) for a in _links(n)]
    if not links:
        return text
    label = " ".join(links[-1].get_text("").split())
    if (
        not label
        or len(label.split()) > _READ_MORE_WORDS
        or not READ_MORE.match(label)
        or not text.endswith(label)
        or not any(c.isalnum() for c in text[: -len(label)])
    ):
        return text
    return text[: -len(label)].rstrip(" \t-—–|→»›")


def _para(
    nodes: list[PageElement], base: str | None, kind: str = "para", depth: int = 0
) -> Iterator[Block | LoneImage]:
    text = _text(nodes)
    image = find_image(nodes, base)
    if not text and image:
        yield LoneImage(image)
    if not text or _is_link_row(nodes):
        return
    lead, url, is_link = _lead(nodes, base)
    if is_link and source_line(text, lead, url):
        return
    inline = None
    text = _without_read_more(text, nodes)
    if lead and not is_link and (address := address_line(nodes, lead)) is not None:
        url = _href(address, base)
        text = without_address(text, lead, " ".join(address.get_text("").split()))
    if url is None:
        links = [a for n in nodes if isinstance(n, Tag) for a in _links(n)]
        if len(text.split()) <= 15:  # "Read more: <a>..</a>": the block's link
            url = _href(links[0], base) if len(links) == 1 else None
        inline = _sentence_link(text, links, base) if lead is None else None
    yield Block(
        "item" if kind == "item" else "para",
        text,
        url=url,
        lead=lead,
        lead_is_link=is_link,
        image=image,
        inline_url=inline,
        depth=depth if kind == "item" else 0,
        card=any(isinstance(n, Tag) and n.name == "a" and n.has_attr(CARD) for n in nodes),
    )


_BLOCK_TAGS = (*_HEADINGS, "p", "li", "hr", "ul", "ol", "table", "tr", "td", "div", BREAK)


def _block_holders(root: Tag) -> set[int]:
    """The ids of the elements holding a block element (a heading, paragraph, list, table...),
    found in one pass up from each block element: linear in the page."""
    holders: set[int] = set()
    for found in root.find_all(_BLOCK_TAGS):
        parent = found.parent
        while isinstance(parent, Tag) and id(parent) not in holders:
            holders.add(id(parent))
            parent = parent.parent
    return holders


def _heading(tag: Tag, base: str | None) -> Iterator[Block]:
    text = " ".join(tag.get_text("").split())
    if text:
        link = tag.find("a", href=True)
        url = _href(link, base) if isinstance(link, Tag) else None
        yield Block("heading", text, level=_HEADINGS[tag.name], url=url)


def _item(tag: Tag, base: str | None, holders: set[int], depth: int) -> Iterator[Block | LoneImage]:
    """A list item, then the lists nested in it, one level deeper."""
    nested = [c for c in tag.find_all(["ul", "ol"]) if c.find_parent("li") is tag]
    for sub in nested:
        sub.extract()
    parts = _item_parts(tag)
    if parts:  # "- [Title](url)" then its text in a paragraph or a quote of its own
        head, paras = parts
        yield from _para(head, base, kind="item", depth=depth)
        for para in paras:
            yield from _para(list(para.children), base, depth=depth + 1)
    else:
        yield from _para(list(tag.children), base, kind="item", depth=depth)
    for sub in nested:
        yield from _walk(sub, base, holders, depth + 1)


def _item_parts(tag: Tag) -> tuple[list[PageElement], list[Tag]] | None:
    """A list item's title line and the paragraphs under it, when it has both: a loose list
    item's paragraphs, or a line over a quote ("- [Title](url) by Ann" then "  > quote"). A
    paragraph break inside an item is not one run-on sentence."""
    head: list[PageElement] = []
    blocks: list[Tag] = []
    for child in tag.children:
        if isinstance(child, Tag) and child.name in ("p", "blockquote"):
            blocks.append(child)
        elif not blocks:
            head.append(child)
        elif isinstance(child, Tag) or str(child).strip():
            return None  # text after a paragraph: not a title line over its text
    if not _text(head):
        if len(blocks) < 2 or blocks[0].name != "p":
            return None
        head, blocks = list(blocks[0].children), blocks[1:]
    if not blocks:
        return None
    paras = [p for b in blocks for p in ([b] if b.name == "p" else b.find_all("p") or [b])]
    return head, paras


def _walk(
    root: Tag, base: str | None, holders: set[int], depth: int = 0
) -> Iterator[Block | LoneImage]:
    """Blocks of `root` in reading order; `depth` is how deep its list items are nested."""
    inline: list[PageElement] = []

    def flush() -> Iterator[Block | LoneImage]:
        if _text(inline) or find_image(inline, base):
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
            yield from _heading(child, base)
        elif name in (BREAK, "hr"):
            yield from flush()
            if name == "hr":
                yield Block("rule", "")
        elif name == "li":
            yield from flush()
            yield from _item(child, base, holders, depth)
        elif name == "p":
            yield from flush()
            if id(child) in holders:  # two <br> in a row inside it end its paragraphs
                yield from _walk(child, base, holders, depth)
            else:
                yield from _para(list(child.children), base)
        elif name in _CONTAINERS and (name not in ("span", "font") or id(child) in holders):
            yield from flush()
            if id(child) in holders:
                inner = depth + 1 if name in ("ul", "ol") and _in_item(child) else depth
                yield from _walk(child, base, holders, inner)
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
    soup = BeautifulSoup(cap_nesting(html), "lxml")
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
    dek = _meta(soup, "description", "og:description", "twitter:description")
    body = soup.body or soup
    prune(soup, body)
    blocks = tuple(
        b
        for b in attach_images(_walk(body, url or base_url, _block_holders(body)))
        if not (b.kind == "heading" and b.level > 1 and dek and b.text == " ".join(dek.split()))
    )  # a subtitle heading repeating the page's description is not a story
    blocks = without_site_frame(blocks, title)
    return Document(
        blocks=blocks,
        title=title or None,
        date=find_date(date_text) if date_text else None,
        url=clean_url(url, base_url) if url else base_url,
        publisher=publisher,
    )
