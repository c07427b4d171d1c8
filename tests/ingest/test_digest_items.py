"""More digest shapes from publishers no rule was written for, each on a small issue written
for it: changelogs, tags before titles, bare-numbered mastheads, plain-text URL lines and
references, essays closed by links, category bullets, "IN BRIEF:" labels, bylines with a dot,
masthead items and labels, cross-promotions, unlinked bullets among linked ones."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.split import ungroup_masthead
from digestcast.models import Issue, Story


def _load(text: str) -> Issue:
    return load_issue("-", IngestSettings(), stdin=io.BytesIO(text.encode()))


def _titles(issue: Issue) -> list[str]:
    return [s.title for s in issue.stories]


_BODY = "The harbor board met on Monday and agreed on the plan after a long public hearing."


def _credited(url: str, title: str, credit: str) -> str:
    return (
        f'<table><tr><td><p><a href="{url}">{title}</a> — A blurb of a sentence or so that says'
        f" what the article is about.</p><p>{credit}</p></td></tr></table>"
    )


def test_a_list_of_merged_pull_requests_is_one_story_and_a_tag_does_not_hide_a_title() -> None:
    prs = "".join(
        f"* [{t}](https://forge.example/loom/pull/{n})\n"
        for n, t in ((1, "add a lint"), (2, "speed up traits"), (3, "fix a crash"))
    )
    text = "# Loom Weekly\n\n## Observations\n\n* [Why we rewrote it](https://b.example/w)\n"
    text += "* [video] [Threads are not the enemy](https://v.example/t)\n\n"
    text += f"## Updates from the project\n\n3 pull requests were merged\n\n{prs}"
    issue = _load(text)
    assert _titles(issue) == [
        "Why we rewrote it",
        "Threads are not the enemy",
        "Updates from the project",
    ]
    assert issue.stories[1].url == "https://v.example/t"
    assert issue.stories[1].body == ("Threads are not the enemy",)  # the tag is not read


def test_a_name_over_bare_numbered_title_lines_is_the_issues_masthead() -> None:
    text = "Harbor Notes\n\nA short hello from the editors, with thanks for the letters.\n\n"
    for n, t in enumerate(("Ferry strike ends", "Fish market moves", "Night buses return"), 1):
        text += f"{n} {t}\n{_BODY}\n\n"
    issue = _load(text)
    assert _titles(issue) == ["Ferry strike ends", "Fish market moves", "Night buses return"]
    assert issue.title == "Harbor Notes"


def test_plain_text_bullets_with_a_url_line_under_their_title() -> None:
    text = "THE DISPATCH\n\nTop stories\n===========\n\n"
    text += "* Rail link approved\n  https://news.example/rail\n  The council voted on Tuesday.\n\n"
    text += "* Quotas cut again\n  https://news.example/quotas\n  Boat owners say jobs go.\n"
    issue = _load(text)
    assert _titles(issue) == ["Rail link approved", "Quotas cut again"]
    assert [s.url for s in issue.stories] == [
        "https://news.example/rail",
        "https://news.example/quotas",
    ]
    assert issue.stories[0].body[0].startswith("The council voted on Tuesday")


_PARA = (
    "<p>For a few weeks I have been reading the web with images off and scripts blocked, and"
    " it turned from an experiment in patience into something closer to a habit of mine.</p>"
)


def test_an_essay_closed_by_a_links_list_is_one_story_then_the_links() -> None:
    essay = "<h1>The slow web</h1>" + _PARA * 4
    essay += "<h2>What I kept</h2>" + _PARA * 3 + "<h2>What I missed</h2>" + _PARA * 3
    links = "<hr><h2>Links</h2><ul>" + "".join(
        f'<li><a href="https://l.example/{n}">Link number {n} here</a> — worth a look.</li>'
        for n in (1, 2, 3)
    )
    issue = _load(f"<html><head><title>x</title></head><body>{essay}{links}</ul></body></html>")
    assert _titles(issue) == [
        "The slow web",
        "Link number 1 here",
        "Link number 2 here",
        "Link number 3 here",
    ]
    assert [p.heading for p in issue.stories[0].parts] == ["What I kept", "What I missed"]
    assert issue.stories[1].group == "Links"


def test_a_plain_label_line_over_a_list_is_its_roundups_title() -> None:
    first = _credited("https://a.example/1", "Zig Lands a New Build System", "Andrew Marsh")
    first += _credited("https://a.example/2", "Writing a Tiny Allocator", "Priya Natarajan")
    first += _credited("https://a.example/3", "Memory Leaks in Long-Running Pages", "Nadia Roy")
    first += _credited("https://a.example/4", "Bundle Smaller with Fewer Polyfills", "Tom Becker")
    brief = (
        "<p>IN BRIEF:</p><ul><li>The committee <a href='https://b.example/1'>approved two"
        " array methods</a> this week.</li><li>A test runner <a href='https://b.example/2'>"
        "dropped old versions</a>.</li></ul>"
    )
    issue = _load(f"<html><head><title>Weekly</title></head><body>{first}{brief}</body></html>")
    assert _titles(issue)[-1] == "IN BRIEF"
    assert issue.stories[3].byline == "Tom Becker"  # the briefs are not read in its story
    assert len(issue.stories[-1].body) == 2


def test_a_byline_with_a_dot_before_its_date() -> None:
    essay = "<h1>The slow web</h1><p>Rosa Imai · Mar 3</p>" + _PARA * 12
    issue = _load(f"<html><head><title>x</title></head><body>{essay}</body></html>")
    assert issue.stories[0].byline == "Rosa Imai"
    assert not any("Rosa Imai" in p for p in issue.stories[0].body)


def test_bold_category_bullets_are_the_sections_of_the_links_under_them() -> None:
    text = "# Data Digest\n\nHi all! Here is what caught my eye this week in data land.\n\n"
    text += "- **Databases**\n  - [Postgres beta is out](https://p.example/b): faster vacuum.\n"
    text += "  - [Why we left NoSQL](https://b.example/n): a migration story.\n"
    text += "- **Tools**\n  - [duckling](https://t.example/d): query CSV files with SQL.\n"
    text += "  - [plotwise](https://t.example/p): sensible chart defaults.\n\n"
    text += "That's it for this week. Reply and tell me what I missed!\n"
    issue = _load(text)
    assert _titles(issue) == ["Postgres beta is out", "Why we left NoSQL", "duckling", "plotwise"]
    assert [s.group for s in issue.stories] == ["Databases"] * 2 + ["Tools"] * 2
    assert issue.stories[-1].body == ("Sensible chart defaults",)  # the sign-off is not its text


def test_numbered_link_references_in_plain_text_are_links_not_words() -> None:
    text = "HARBOR LETTER\n\n" + "-" * 40 + "\n\nFERRY FARES FROZEN\n\n"
    text += "The board kept fares where they are, citing ridership [1]. Riders cheered.\n\n"
    text += "-" * 40 + "\n\nTHE OLD CRANE RETURNS\n\n"
    text += "The last steam crane will open to visitors in the summer [2].\n\n" + "-" * 40
    text += "\n\n[1] https://h.example/fares\n[2] https://h.example/crane\n"
    issue = _load(text)
    assert _titles(issue) == ["FERRY FARES FROZEN", "THE OLD CRANE RETURNS"]
    assert [s.url for s in issue.stories] == ["https://h.example/fares", "https://h.example/crane"]
    assert issue.stories[0].body == (
        "The board kept fares where they are, citing ridership. Riders cheered.",
    )
    assert not any("https://" in p for s in issue.stories for p in s.body)


def test_a_bold_name_over_an_issue_number_is_the_masthead_not_a_story() -> None:
    stories = "".join(
        f'<p><b><a href="https://o.example/{n}">Story number {n} from the orchard</a></b></p>'
        f"<p>{_BODY}</p>"
        for n in (1, 2)
    )
    page = f"<p><b>The Orchard Post</b> — Week 14</p>{stories}"
    issue = _load(f"<html><head><title>The Orchard Post</title></head><body>{page}</body></html>")
    assert _titles(issue) == ["Story number 1 from the orchard", "Story number 2 from the orchard"]


def test_another_newsletter_recommended_with_its_subscribe_button_is_not_a_story() -> None:
    stories = f"<h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
    stories += f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    promo = (
        "<h2>Do you know Tide Tables?</h2>"
        "<p><a href='https://t.example'>Tide Tables</a> is a weekly newsletter by Ana Lee about"
        " the coast, read by ten thousand sailors.</p>"
        "<p><a href='https://t.example/s'>Subscribe to Tide Tables in one click</a></p>"
    )
    look_alike = (
        "<h2>A newsletter saves the pier</h2><p>The Pier Gazette is a small newsletter by two"
        " retirees, and its readers raised the money to repair the pier this winter.</p>"
    )
    page = f"<html><head><title>Pier</title></head><body>{stories}{promo}{look_alike}</body></html>"
    assert _titles(_load(page)) == [
        "The ferry gets a new dock",
        "Fish market moves north",
        "A newsletter saves the pier",
    ]


def test_an_unlinked_bullet_among_linked_bullets_is_an_item_too() -> None:
    body = "".join(
        f"<ul><li>{t}</li></ul><p>{_BODY}</p>"
        for t in (
            '<a href="https://n.example/1">NixOS boots over the network</a>',
            '<a href="https://n.example/2">Easy dependency pinning</a>',
            "The Pantheon desktop has been added to the distribution",
            '<a href="https://n.example/4">The case of the long shebang</a>',
        )
    )
    issue = _load(f"<html><head><title>Nix</title></head><body><h2>News</h2>{body}</body></html>")
    assert _titles(issue) == [
        "NixOS boots over the network",
        "Easy dependency pinning",
        "The Pantheon desktop has been added to the distribution",
        "The case of the long shebang",
    ]


def test_stories_under_a_story_heading_are_its_neighbours_not_its_section() -> None:
    lead = "<h2>Supershoes are reshaping running</h2>" + _PARA * 2
    rest = f"<h3>My colleagues built an AI version of me</h3><p>{_BODY} {_BODY}</p>"
    rest += f"<h3>Ferry strike ends</h3><p>{_BODY} {_BODY}</p>"
    reads = "<h2>The must-reads</h2><ul>" + "".join(
        f'<li><a href="https://r.example/{n}">Must-read number {n}</a>: why it matters</li>'
        for n in (1, 2, 3)
    )
    page = f"<html><head><title>x</title></head><body>{lead}{rest}{reads}</ul></body></html>"
    issue = _load(page)
    assert _titles(issue)[:3] == [
        "Supershoes are reshaping running",
        "My colleagues built an AI version of me",
        "Ferry strike ends",
    ]
    assert [s.group for s in issue.stories] == [None] * 3 + ["The must-reads"] * 3


def test_a_section_label_that_is_only_the_issues_name_is_not_a_section() -> None:
    def story(title: str, group: str | None) -> Story:
        return Story(title, (_BODY,), None, group=group)

    first = [story("A", "Go Weekly"), story("B", "Go Weekly"), story("C", "Code & Tools")]
    assert [s.group for s in ungroup_masthead(first, "Golang Weekly")] == [
        None,
        None,
        "Code & Tools",
    ]
    dated = [story("A", "October 2024 Newsletter"), story("B", "News")]
    issue_title = "Philly Bike Action October Newsletter"
    assert [s.group for s in ungroup_masthead(dated, issue_title)] == [None, "News"]
    # a one-word section named like the issue is the section's own
    own = [story("A", "React"), story("B", "React")]
    assert [s.group for s in ungroup_masthead(own, "This Week In React #230")] == ["React"] * 2
