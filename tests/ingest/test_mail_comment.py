"""An editor's "Comment" in a mail's layout is read; readers' comments on a page are not."""

from __future__ import annotations

from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue

ITEM = (
    "<p>The harbour board published its timetable for the winter, with two extra crossings "
    "on Fridays and a late boat for the night shift at the cannery.</p>"
)
ESSAY = (
    "<p class=comment>I have been thinking about why the night ferry matters so much to the "
    "islands, and it comes down to who rides it after ten in the evening.</p>"
    "<p class=comment>Nurses, bakers and the cannery crews ride it every night, and none of "
    "them would come to the mainland without it.</p>"
)


def _mail(essay: str) -> str:
    return (
        "<html><body><h1>Harbour Weekly 12</h1>"
        "<table role=heading><tr><td class=comment>Comment</td></tr></table>"
        f"<br class=comment>{essay}"
        "<table role=heading><tr><td class=category>News</td></tr></table>"
        f"<h3><a href='https://a.example/1'>Winter timetable is out</a></h3>{ITEM}"
        f"<h3><a href='https://a.example/2'>Cannery hires forty</a></h3>{ITEM}"
        "</body></html>"
    )


def test_an_editors_comment_marked_in_the_mail_layout_is_read(tmp_path: Path) -> None:
    path = tmp_path / "issue.html"
    path.write_text(_mail(ESSAY), encoding="utf-8")
    issue = load_issue(str(path), IngestSettings())
    assert issue.opening is not None
    assert "who rides it after ten" in " ".join(issue.opening.body)
    assert [s.title for s in issue.stories] == ["Winter timetable is out", "Cannery hires forty"]


def test_readers_comments_on_a_page_are_not_read(tmp_path: Path) -> None:
    comments = (
        "<div id=comments class=comments-area><ol class=comment-list>"
        "<li class=comment><p>Great post, thanks for writing it!</p></li>"
        "<li class=comment><p>I ride that ferry too and it is always late.</p></li></ol></div>"
    )
    path = tmp_path / "issue.html"
    path.write_text(_mail(ESSAY).replace("</body>", comments + "</body>"), encoding="utf-8")
    issue = load_issue(str(path), IngestSettings())
    heard = " ".join(" ".join(s.body) for s in issue.stories)
    assert "always late" not in heard and "Great post" not in heard
