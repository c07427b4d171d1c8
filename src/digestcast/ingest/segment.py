"""Stories from the section tree: each section is one story, a container of sections, or a
list of items (scored in `units`); sections that are about the newsletter itself (jobs,
sponsors, events, contributing) are dropped with everything under them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from digestcast.ingest.blocks import Block
from digestcast.ingest.clean import recommends_a_newsletter
from digestcast.ingest.ledes import lede_and_labels
from digestcast.ingest.lists import (
    is_breakdown,
    is_change_list,
    is_referenced_note,
    is_release_list,
    is_tally_list,
)
from digestcast.ingest.marks import PAID
from digestcast.ingest.picks import SELECTION, picked_changes, title_line
from digestcast.ingest.sections import is_subhead
from digestcast.ingest.titles import clean_title
from digestcast.ingest.tree import Node, block_words, words
from digestcast.ingest.units import Unit, best_units

# Sections that are not stories, whatever is under them: recognised by what they are.
_BOILERPLATE = re.compile(
    r"^(?:(?:the )?jobs?(?: board| listings?| openings?| of the week)?|[\w.+#-]+ (?-i:jobs)|"
    r"(?:we(?:'|’)?re )?hiring|"
    r"careers?|who(?:'|’)?s hiring|(?:(?:thanks|thank you) to )?(?:our )?sponsors?|"
    r"sponsored(?: by.*)?|(?:a )?word from our sponsors?|"
    r"(?:featured\W+)?(?:our )?partners?|classifieds?(?: ads?)?|advertis\w*.*|"
    r"(?:upcoming |public )?meetings?(?: calendar| schedule)?|"
    r"(?:upcoming |local )?events?(?: today| this week| calendar"
    r"| in \d+ months?)?|upcoming events.*|meetups?|calendar|"
    r"(?:how to |want to )?contribut(?:e|ing|ions?)\b.*|"
    r"(?:new |first[- ]time )?contributors?"
    r"(?: (?:this|last) (?:week|month)| wanted| needed| guide)?|"
    r"call for (?:participation|contributions|papers|"
    r"proposals|speakers)|calls for (?:participation|contributions|papers|proposals|speakers)|"
    r"coworking|useful (?:references|links|resources)|last words?|get involved|"
    r"volunteers? (?:needed|wanted)|volunteer opportunit\w+|"
    r"(?:the )?puzzles?(?: section)?|answers?|games?|quiz(?:zes)?|trivia|riddles?|"
    # a quiz's answers ("Thursday Trivia Reveal"), a preview of the issue over its list
    # ("Here's what happened in AI today:"), and the link to more of it ("...and a whole
    # lot more"), the house's new show ("New from The Pier: ...")
    r"(?:\w+ )?(?:trivia|quiz|puzzle|riddle) (?:reveal|answers?|results?|solutions?)|"
    r"here(?:'|’)?s what(?:'|’)?s? (?:happened|happening|new|inside|on tap)\b.* today|"
    r"and (?:a whole lot|lots|much|so much|plenty) more\b.*|"
    r"brain ?teasers?|feedback|share .*|thanks? for reading.*|"
    r"that(?:'|’)?s (?:a wrap|all|it for\b).*|how did you like.*|"
    r"(?:today(?:'|’)?s |quick |reader )?"
    r"polls?(?: of the (?:day|week))?(?:\s*:.*)?|(?:(?:il|el|la|le|der|die|das) )?"
    r"(?:encuestas?|sondages?|sondaggio|umfragen?)"
    r"(?: del? \w+| der \w+| des \w+| du \w+)?|(?:table of )?contents|in this issue|footnotes?|"
    r"donat\w+.*|support (?:us|the newsletter|this newsletter|the show|the podcast|our work)|"
    r"in this (?:episode|edition)|subscribe.*|订阅.*|"
    r"about(?: us| the author)?|follow us.*|connect(?: with us)?|"
    r"(?:past|previous) issues?|archives?|"
    # the editors' shopping and viewing tips: "Ida's Bets", "Recs", "What we're watching"
    r"(?:\w+(?:'|’)s )?bets|recs|(?:our |staff )?recommendations|"
    r"what we(?:'|’)re (?:reading|watching|listening to|loving|into)|"
    # events, dates and jobs in a few languages
    r"termine|veranstaltungen|[ée]v[ée]nements|agenda|eventos|stellen(?:angebote|markt)|"
    r"offres d'emploi|emplois?|ofertas de (?:empleo|trabajo)|empleos?|"
    r"vagas(?: de emprego)?|empregos?|"
    r"往年回顾|封面图)\W*$",  # "past issues", "cover image"
    re.IGNORECASE,
)
_MIN_STORY_WORDS = 3
_OWN_STORY_WORDS = 40
_ARTICLE_WORDS = 150
_MIN_ARTICLES = 2
_MAX_BRIEFS = 8
_NUMBERED_GROUP = "\x00numbered"  # a marker while choosing; replaced by the section's label


@dataclass(frozen=True)
class Found:
    """A story as found: its title, link, image, body blocks and the section it sits under."""

    title: str
    url: str | None
    blocks: tuple[Block, ...]
    image: str | None = None
    group: str | None = None


def is_boilerplate_heading(text: str) -> bool:
    return bool(_BOILERPLATE.match(clean_title(text)) or PAID.search(text))


def _has_body(blocks: Sequence[Block]) -> bool:
    """Words enough to read: more than a sign-off ("See ya! 👋") under a heading."""
    said = (w for b in blocks if b.kind in ("para", "item") for w in b.text.split())
    return sum(words(w) for w in said if any(c.isalnum() for c in w)) >= _MIN_STORY_WORDS


# A heading that is all quotation ("“We are not done yet.”"): a pull quote, not a story.
_PULL_QUOTE = re.compile(r"^\W{0,2}[“\"«„].{12,}[”\"»“][\s.!?]*$")


def _whole(node: Node, group: str | None) -> Found | None:
    heading = node.heading
    if heading is None or _PULL_QUOTE.match(heading.text.strip()):
        return None
    blocks = tuple(node.flat())
    linked = heading.url or any(b.url or b.text.startswith(("http://", "https://")) for b in blocks)
    if not _has_body(blocks) and not linked:
        return None
    title = clean_title(heading.text)
    if headline := _headline_under_label(title, heading.url, blocks):
        title, blocks = clean_title(headline.text), tuple(b for b in blocks if b is not headline)
    return Found(title, heading.url, blocks, heading.image, group)


_LABEL_WORDS = 2
_HEADLINE_WORDS = 4


def _headline_under_label(label: str, url: str | None, blocks: Sequence[Block]) -> Block | None:
    """A one- or two-word label heading ("Insight") over a story whose first line is all bold
    and ends with a colon ("**Ann Lee on slow mornings:**" over her quote), the only such line:
    that line is the story's title."""
    first = blocks[0] if blocks else None
    if url or words(label) > _LABEL_WORDS or first is None or first.kind != "para":
        return None
    if SELECTION.search(label) and title_line(first) and not any(map(title_line, blocks[1:])):
        return first if _has_body(blocks[1:]) else None  # "Featured": "[Title](url)", its text
    bold = [b for b in blocks if b.kind == "para" and b.lead and b.lead == b.text]
    line = first.text.strip(" *_")
    if bold != [first] or first.lead_is_link or words(line) < _HEADLINE_WORDS:
        return None
    if not line.endswith(":") or ":" in line[:-1]:  # "Next deadline: May 5" is a label
        return None
    return first if _has_body(blocks[1:]) else None


def _items(blocks: Sequence[Block], group: str | None, root: bool = False) -> list[Found] | None:
    split = best_units(blocks)
    if split is None or (root and len(split.units) < 2):
        return None  # one linked line at the top of an issue is not a list of items
    if split.numbered and len(split.units) >= 2:
        group = _NUMBERED_GROUP  # "1.", "2.", "3.": numbered items, whatever the heading says
    if _categories(split.units):  # "**Databases**" over its linked bullets: their section
        return [
            f
            for u in split.units
            if not is_boilerplate_heading(u.title)
            for f in (_items(u.body, u.title) or [])
        ]
    return [
        Found(u.title, u.url, u.body, u.image, group)
        for u in split.units
        if not u.paid and not is_boilerplate_heading(u.title)
    ]


_CATEGORY_WORDS = 4


def _in_group(found: Found, label: str | None) -> Found:
    """An item under its section's label, unless it sits in a category of its own."""
    if found.group in (None, _NUMBERED_GROUP, label):
        return replace(found, group=label)
    return found


def _categories(units: Sequence[Unit]) -> bool:
    """Bullets that are bare labels ("Databases"), each over nested bullets most of which
    open with a link: categories of a link list, not its items."""
    return len(units) >= 2 and all(
        u.url is None
        and words(u.title) <= _CATEGORY_WORDS
        and u.body
        and u.body[0].kind == "item"
        and 2 * sum(1 for b in u.body if b.lead_is_link)
        > sum(1 for b in u.body if b.kind == "item")
        for u in units
    )


def _reads_as_one(node: Node) -> bool:
    """A section whose sub-sections are its own subheads: one story, never split on them."""
    if node.blocks and node.blocks[-1].kind == "rule":
        return False  # a separator before the first sub-heading: a new piece starts there
    subs = [c for c in node.children if c.heading is not None]
    if all(is_subhead(c.heading.text, heading=True) for c in subs if c.heading):
        return True
    if _linked_piece(node):
        return True
    own = [b for b in node.blocks if b.kind == "para"]
    if len(own) < 2 or block_words(own) < 80 or 3 * sum(1 for b in own if b.lead) > len(own):
        return False
    # prose under the heading and under each subhead, no lists of items anywhere: an article
    return all(best_units(c.blocks) is None and not c.children for c in node.children)


_PIECE_WORDS = 12


def _linked_piece(node: Node) -> bool:
    """A heading linking to its own page, with prose of its own, over sub-headings that link
    nowhere and items that open with no link: one piece and its parts (a release's "What's
    Changed" and "Breaking changes"), not a section of stories."""
    heading = node.heading
    own = [b for b in node.blocks if b.kind == "para"]
    if heading is None or not heading.url or block_words(own) < _PIECE_WORDS:
        return False
    return all(
        c.heading is not None
        and not c.heading.url
        and not c.children
        and not any(b.lead_is_link for b in c.blocks)
        for c in node.children
    )


def _leaf_stories(node: Node, label: str | None, group: str | None) -> list[Found]:
    """A section without sub-sections: a list of items under its label, or one story."""
    blocks = node.blocks
    one = label is not None and (
        is_release_list(blocks)
        or is_breakdown(blocks)
        or is_tally_list(blocks)
        or (is_change_list(blocks) and not picked_changes(label, blocks))
    )
    one = one or (label is not None and lede_and_labels(node.blocks))
    one = one or (label is not None and is_referenced_note(blocks))
    items = None if one else _items(node.blocks, label or group)
    if items is not None and (label is None or _label_like(node, items)):
        return [_in_group(f, label or group) for f in items]
    whole = _whole(node, group)
    return [whole] if whole else []


def _container_stories(node: Node, label: str | None, group: str | None) -> list[Found]:
    """A section over sub-sections: its own items or prose first, then each sub-section's."""
    found: list[Found] = []
    items = _items(node.blocks, label, root=node.heading is None)
    under = label or group  # the sub-sections' section
    if items is not None:
        found.extend(_in_group(f, label) for f in items)
    elif node.heading is not None and block_words(node.blocks) >= _OWN_STORY_WORDS:
        # prose of its own before its sub-sections: a story under the heading, and the
        # sub-sections after it are its neighbours, not a section named after it
        found.append(Found(label or "", node.heading.url, tuple(node.blocks), None, group))
        under = group
    articles = sum(1 for c in node.children if _article(c))
    for child in node.children:
        if articles >= _MIN_ARTICLES and _roundup(child):
            whole = _whole(child, under)  # a roundup of briefs among articles
            found.extend([whole] if whole else [])
        else:
            found.extend(section_stories(child, under))
    return found


def _article(node: Node) -> bool:
    """A section of prose: no sub-sections, no items, a few paragraphs."""
    return (
        not node.children
        and block_words(node.blocks) >= _ARTICLE_WORDS
        and best_units(node.blocks) is None
    )


def _roundup(node: Node) -> bool:
    """A section of briefs: a few one-paragraph items, most titled by a sentence or a bold
    lead-in rather than by a link to an article of their own (among articles, one story)."""
    if node.children or node.heading is None or is_boilerplate_heading(node.heading.text):
        return False
    split = best_units(node.blocks)
    if split is None or not 2 <= len(split.units) <= _MAX_BRIEFS:
        return False
    briefs = [u for u in split.units if u.sentence or not u.url]
    return all(len(u.body) <= 1 for u in split.units) and 2 * len(briefs) > len(split.units)


# A section opening by asking the reader to help the project: a call for contributions.
_CALL_TO_HELP = re.compile(
    r"\b(?:want|would you like|interested) (?:to )?(?:get involved|contribute|help out)\b|"
    r"\bwe(?:'|’)?re (?:on the lookout|looking) for (?:volunteers|contributors|help)\b",
    re.IGNORECASE,
)


# A line handing the reader over to the publisher's other products: "Check out more from the
# Pier:", "Explore more from us". The section holding it is the house's own promotion.
_MORE_FROM_US = re.compile(r"^\W*(?:check out|explore|discover) more from\b", re.IGNORECASE)


def _asks_for_help(node: Node) -> bool:
    """The section's own first lines ask for help (an item opening with its linked title,
    "[fq](url) — ...if you want to get involved", is an item, not the section asking)."""
    first = next((b for b in node.blocks if b.kind == "para"), None)
    if first is None or node.blocks[0] is not first or first.lead_is_link:
        return False
    return bool(_CALL_TO_HELP.search(first.text))


# A line naming one of the newsletter's own issues: "2020年（第 135 期）：...", "Issue #135: ...".
_ISSUE_NUMBER = re.compile(r"第\s*\d+\s*期|\bissue\s*(?:#|no\.?\s*)?\d+\b", re.IGNORECASE)
_MIN_PAST_ISSUES = 2


def _past_issues(node: Node) -> bool:
    """A section listing the newsletter's own earlier issues, each line naming its number
    ("This week in past years: 2020 (issue 135): ..."): the archive, not a story."""
    lines = [b for b in node.blocks if b.kind in ("para", "item")]
    return (
        not node.children
        and len(lines) >= _MIN_PAST_ISSUES
        and all(_ISSUE_NUMBER.search(b.text) and (b.url or b.inline_url) for b in lines)
    )


_PLATFORM = re.compile(
    r"\b(?:spotify|apple podcasts|youtube|overcast|pocket casts|google podcasts|castbox)\b", re.I
)
_SHOW_PROMO_WORDS = 40


def _show_promo(node: Node) -> bool:
    """A short section whose text says where to watch or listen ("New episodes every
    Wednesday: Spotify | Apple Podcasts | YouTube"): the house's own show, not a story."""
    text = " ".join(b.text for b in node.blocks if b.kind in ("para", "item"))
    platforms = {m.lower() for m in _PLATFORM.findall(text)}
    return len(platforms) >= 2 and words(text) <= _SHOW_PROMO_WORDS and not node.children


def _house_promo(node: Node) -> bool:
    """The house's other products, or another newsletter recommended with its subscribe
    button."""
    if any(b.kind == "para" and _MORE_FROM_US.match(b.text) for b in node.blocks):
        return True
    if _show_promo(node):
        return True
    heading = node.heading.text if node.heading else ""
    return not node.children and recommends_a_newsletter(heading, [b.text for b in node.blocks])


def section_stories(node: Node, group: str | None = None) -> list[Found]:
    """The stories of a section, recursively: one story, its items, or its sub-sections'."""
    if node.heading is not None and is_boilerplate_heading(node.heading.text):
        return []
    if node.heading is not None and (
        _asks_for_help(node) or _house_promo(node) or _past_issues(node)
    ):
        return []
    if node.heading is not None and _name_roll(node):
        return []
    label = clean_title(node.heading.text) if node.heading is not None else None
    if label is not None and node.children and all(_boilerplate(c) for c in node.children):
        node = replace(node, children=[])  # only a poll or a share box under the story
    if not node.children:
        return _leaf_stories(node, label, group)
    if node.heading is not None and _reads_as_one(node):
        whole = _whole(node, group)
        return [whole] if whole else []
    return _container_stories(node, label, group)


_ROLL_NAMES = 5
_NAME_WORDS = 3


def _name_roll(node: Node) -> bool:
    """A section that is only a list of names ("New Contributors": five or more bullets of a
    word or three, no links, no sentences): a roll of thanks, nothing to read as a story."""
    if node.children:
        return False
    items = [b for b in node.blocks if b.kind == "item"]
    others = [b for b in node.blocks if b.kind != "item" and b.text.strip()]
    return (
        len(items) >= _ROLL_NAMES
        and not others
        and all(
            len(b.text.split()) <= _NAME_WORDS
            and not b.url
            and not b.inline_url
            and b.text.strip()[-1:] not in ".!?:"
            for b in items
        )
    )


def _boilerplate(node: Node) -> bool:
    return node.heading is not None and is_boilerplate_heading(node.heading.text)


def _label_like(node: Node, items: Sequence[Found]) -> bool:
    """Whether a heading over items is a section label ("Tools", "Quick Hits") rather than a
    story's headline with a few bold phrases in its text. Numbered items are items."""
    heading = node.heading
    if heading is None or any(f.group == _NUMBERED_GROUP for f in items):
        return True
    if words(clean_title(heading.text)) <= 6 and not heading.url:
        return True
    if heading.url and 2 * sum(1 for f in items if _sentence_like(f.title)) >= len(items):
        return False  # a linked headline over sentences ("Evoli released v0.2."): its points
    return len(items) >= 3 and all(f.url for f in items)


_POINT_WORDS = 12


def _sentence_like(title: str) -> bool:
    return title.rstrip().endswith((".", "!")) or words(title) > _POINT_WORDS
