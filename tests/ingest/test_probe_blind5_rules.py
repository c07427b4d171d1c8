"""Rules found by probing a fifth blind set of real issues (a feed's issue whose last section
of linked briefs runs into the writer's closing asks), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.footer import FOOTER
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _article(title: str) -> str:
    return (
        f"<h2>{title}</h2>\n<p>The harbour board met on Tuesday and spent most of the evening on "
        "the ferry timetable, the new pontoon and the question of who pays for dredging the "
        "channel this year. Nobody agreed, but the minutes are long and worth a read.</p>\n"
        "<p>A second paragraph follows with more of the detail, the figures and the dates the "
        "board set for its next meeting in the spring.</p>\n"
    )


def _brief(n: int, title: str) -> str:
    return (
        f'<li><p><strong><a href="https://example.org/brief/{n}">{title}</a></strong>\n'
        "A short note on the link: what it is and why a reader of the harbour might care.</p></li>"
    )


CLOSING = """<hr />
<p>Thanks for being part of our harbour community! If you found value in this newsletter,
share it with your network.</p>
<p><strong>Take part:</strong></p>
<ul>
<li><p><strong>Share:</strong> Forward this email to share this newsletter with a friend.</p></li>
<li><p><strong>Talk:</strong> Got thoughts or questions? Reply to this email.</p></li>
<li><p><strong>Join:</strong> Not a subscriber yet? Click <a href="/signup/">here</a>.</p></li>
</ul>
<p>Cheers,<br>Ann</p>
<p><em>Want to sponsor Harbour Letters? We reach two thousand sailors. Get in touch!</em></p>
"""


def test_linked_briefs_before_the_writers_closing_asks_are_each_a_story() -> None:
    briefs = [
        "Building a tide clock from scratch",
        "Can a wooden hull ever beat fibreglass?",
        "Is it common to winter a boat in the water?",
        "What is everyone sailing this week?",
    ]
    html = (
        "<html><body>"
        + _article("The board argues about dredging")
        + _article("A new pontoon for the east quay")
        + "<h2>Snippets</h2>\n<ul>\n"
        + "\n".join(_brief(n, t) for n, t in enumerate(briefs))
        + "\n</ul>\n"
        + CLOSING
        + "</body></html>"
    )
    issue = _load(html)
    titles = [s.title for s in issue.stories]
    assert titles[-4:] == briefs
    assert all(s.url for s in issue.stories[-4:])
    said = " ".join(" ".join(s.body) for s in issue.stories)
    assert "sponsor" not in said and "subscriber" not in said


def test_the_closing_asks_are_footer_lines_and_a_story_about_sponsors_is_not() -> None:
    for line in (
        "Want to sponsor Harbour Letters? We reach two thousand sailors.",
        "Join: Not a subscriber yet? Click here.",
        "If you found value in this newsletter, share it with your network.",
        "Talk: Got thoughts or questions? Reply to this email.",
    ):
        assert FOOTER.search(line), line
    for line in (
        "The club found two sponsors for the regatta, who asked to share the prize.",
        "Readers who reply to this email get the tide tables by post; 40 did last week.",
    ):
        assert not FOOTER.search(line), line


def test_a_list_of_counts_is_the_weeks_figures_not_a_story_each() -> None:
    html = (
        "<html><body>"
        + "<h2>Figures</h2>\n<ul>"
        + '<li><a href="https://example.org/q?fixed">14 leaks fixed</a></li>'
        + '<li><a href="https://example.org/q?new">9 leaks reported</a></li>'
        + "<li>31 boats inspected at the quay: 20 sail and 11 motor.</li></ul>\n"
        + _article("The board argues about dredging")
        + _article("A new pontoon for the east quay")
        + "<h2>Links</h2>\n<ul>\n"
        + "\n".join(
            _brief(n, t) for n, t in enumerate(["7 Ways to Coil a Rope", "3 Knots Worth Learning"])
        )
        + "\n</ul></body></html>"
    )
    titles = [s.title for s in _load(html).stories]
    assert titles[0] == "Figures"  # the counts, read as one
    assert not any("leaks" in t or "boats inspected" in t for t in titles)
    assert titles[-2:] == ["7 Ways to Coil a Rope", "3 Knots Worth Learning"]  # titles, not counts


def test_a_featured_sponsor_box_in_the_editors_letter_is_not_read() -> None:
    html = (
        "<html><body><p>The harbour had a busy fortnight: two boards met, a pontoon arrived and "
        "the ferry kept almost to its timetable, which is news in itself.</p>\n"
        '<table><tr><td><div style="text-transform:uppercase">Featured sponsor</div>'
        "<table><tr><td><strong>Sails mended while you wait.</strong> Quayside Lofts repairs "
        "any sail in a day, and its thread is made right here. "
        '<a href="https://example.org/lofts">Book a repair at quayside lofts</a></td></tr>'
        "</table></td></tr></table>\n"
        + _article("The board argues about dredging")
        + _article("A new pontoon for the east quay")
        + "</body></html>"
    )
    issue = _load(html)
    assert issue.opening is not None and "busy fortnight" in " ".join(issue.opening.body)
    said = " ".join([*issue.opening.body, *(p for s in issue.stories for p in s.body)])
    assert "Quayside" not in said and "Featured sponsor" not in said
    assert [s.title for s in issue.stories] == [
        "The board argues about dredging",
        "A new pontoon for the east quay",
    ]
