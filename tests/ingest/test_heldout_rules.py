"""The general rules the held-out issues asked for, each on a small issue written for it: a
pull quote is not a title, a poll's answers and a sponsor's labelled block are not stories, a
release's own sub-headings are its parts, a lone button is not a story's link, a "[video]" tag
is not read, and the sign-off after the last separator is not the last story's text."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.titles import clean_title
from digestcast.models import Issue


def _load(text: str) -> Issue:
    return load_issue("-", IngestSettings(), stdin=io.BytesIO(text.encode()))


def _html(body: str) -> Issue:
    return _load(
        f"<!DOCTYPE html><html><head><title>Pier Notes</title></head><body>{body}</body></html>"
    )


def _titles(issue: Issue) -> list[str]:
    return [s.title for s in issue.stories]


_BODY = "The harbor board met on Monday and agreed on the plan after a long public hearing."


def test_a_quoted_sentence_between_bold_titles_is_a_pull_quote_not_a_section() -> None:
    issue = _html(
        "<h1>Pier Notes</h1>"
        f"<p><strong>1. The ferry gets a new dock</strong></p><p>{_BODY}</p>"
        '<blockquote><p>"We waited ten years for this." &mdash; a ferry captain</p></blockquote>'
        f"<p><strong>2. Fish market moves north</strong></p><p>{_BODY}</p>"
        f"<p><strong>3. Night buses return</strong></p><p>{_BODY}</p>"
    )
    assert _titles(issue) == [
        "The ferry gets a new dock",
        "Fish market moves north",
        "Night buses return",
    ]
    assert all(s.group is None for s in issue.stories)
    assert any("ten years" in p for p in issue.stories[0].body)


def test_a_polls_answers_are_not_stories() -> None:
    answers = "".join(
        f'<p><a href="https://pier.example/polls/7/vote?answer={a}">&#x1F7E9; {t}</a></p>'
        for a, t in (("yes", "Yes, gladly"), ("maybe", "It depends"), ("no", "Not at all"))
    )
    stories = f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
    stories += f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    for poll in (f"<h2>Tell us</h2>{answers}", "<h2>Poll: should the pier stay open late?</h2>"):
        issue = _html(stories + poll)
        assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]
        assert issue.stories[-1].body == (_BODY,)


def test_video_links_differing_in_their_query_are_still_stories() -> None:
    items = "".join(
        f'<li><a href="https://video.example/watch?v={v}">{t}</a></li>'
        for v, t in (("a1", "Docking a ferry in fog"), ("b2", "How tides are predicted"))
    )
    issue = _html(f"<h1>Pier Notes</h1><h2>Videos</h2><ul>{items}</ul>")
    assert _titles(issue) == ["Docking a ferry in fog", "How tides are predicted"]


def test_a_heading_under_a_sponsor_label_goes_with_the_sponsors_block() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        "<p><strong>THIS WEEK'S SPONSOR</strong></p>"
        "<h3>Dockside Paints: 15% off marine varnish</h3>"
        "<p>Mention Pier Notes at the counter for the discount, all through December.</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    )
    assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]


def test_a_linked_release_heading_keeps_its_own_sub_headings() -> None:
    def release(name: str) -> str:
        return (
            f'<h2><a href="https://code.example/{name}/releases/1.0.0">{name} 1.0.0</a></h2>'
            f"<p>The first stable release of {name}, with a new parser and faster start-up.</p>"
            "<h3>What's Changed</h3><ul><li>Faster start-up by @ana in #12</li>"
            "<li>Fix a crash on empty files by @bo in #15</li></ul>"
            "<h3>Breaking changes</h3><ul><li>Drop the old config format (#9)</li></ul>"
        )

    issue = _html(
        "<p>Two releases this week, both stable at last.</p>"
        + release("knotlog")
        + release("tidecalc")
    )
    assert _titles(issue) == ["knotlog 1.0.0", "tidecalc 1.0.0"]
    assert issue.stories[0].url == "https://code.example/knotlog/releases/1.0.0"
    assert any("crash on empty files" in p for p in issue.stories[0].body)


def test_a_button_alone_is_neither_text_nor_the_storys_link() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        '<p><a href="https://pier.example/#/portal/signup">Subscribe</a></p>'
        '<p><a href="https://pier.example/p/market/comments">Leave a comment</a></p>'
    )
    last = issue.stories[-1]
    assert last.url is None and last.body == (_BODY,)


def test_a_media_tag_before_a_title_is_not_read() -> None:
    assert clean_title("[video] Docking a ferry in fog") == "Docking a ferry in fog"
    assert clean_title("(PDF): The harbor plan") == "The harbor plan"
    assert clean_title("[RFC] A new mooring rule") == "[RFC] A new mooring rule"


def test_the_sign_off_after_the_last_separator_is_not_the_last_storys() -> None:
    issue = _load(
        "# Pier Notes\n\n## The ferry gets a new dock\n\n"
        f"{_BODY}\n\n## Fish market moves north\n\n{_BODY}\n\n{_BODY}\n\n---\n\n"
        "That's all for this week! Reply and tell me what you would like to read about.\n"
    )
    assert _titles(issue) == ["The ferry gets a new dock", "Fish market moves north"]
    assert issue.stories[-1].body == (_BODY, _BODY)


_AROUND_THE_AD = ["The ferry gets a new dock", "Fish market moves north"]


def _page_with_ad(label: str) -> str:
    """Two stories and, between them, an advertiser's heading under a bare `label`."""
    return (
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        f"<p>{label}</p><h3>Dockside Paints: 15% off marine varnish</h3>"
        "<p>Mention Pier Notes at the counter for the discount, all through December.</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
    )


def test_an_advertisement_label_alone_drops_the_heading_under_it_in_any_language() -> None:
    for label in ("ANZEIGE", "Publicité", "Advertisement"):
        assert _titles(_html(_page_with_ad(label))) == _AROUND_THE_AD, label


def test_a_sentence_opening_with_the_word_for_advertisement_is_kept() -> None:
    text = "Anzeige gegen Unbekannt: die Polizei sucht Zeugen für den Einbruch am Hafen."
    issue = _html(f"<h1>Pier Notes</h1><h2>Einbruch am Hafen</h2><p>{text}</p>")
    assert issue.stories[0].body == (text,)


def test_a_signed_short_essay_with_one_paragraph_parts_is_one_story() -> None:
    para = (
        "Every system you have not run before is full of small surprises, and each one is "
        "learned in an incident, usually at night, usually by the person least ready for it."
    )
    issue = _load(
        "# Why the old pier still stands\n\nBy Ines Varga · 6 min read\n\n"
        f"{para}\n\n{para}\n\n## Wood is patient\n\n{para}\n\n{para}\n\n"
        f"## Steel is not\n\n{para}\n\n"
        f"## What to keep\n\n{para}\n\n{para}\n"
    )
    assert issue.shape == "essay" and _titles(issue) == ["Why the old pier still stands"]
    story = issue.stories[0]
    assert story.byline == "Ines Varga"
    assert [p.heading for p in story.parts] == ["Wood is patient", "Steel is not", "What to keep"]


def test_a_title_line_over_a_date_line_is_the_issues_name() -> None:
    body = (
        "The state lands commission voted on Tuesday to approve a lease for the first "
        "floating wind farm off the coast."
    )
    issue = _load(
        "THE PIER BRIEFING\nWednesday, November 25, 2026\n\n"
        "Good morning from the coast. Two stories today.\n\n* * *\n\n"
        f"WIND LEASE APPROVED\n\n{body}\n\n* * *\n\nDREDGING FUNDED\n\n{body}\n"
    )
    assert issue.title == "THE PIER BRIEFING"
    assert _titles(issue) == ["WIND LEASE APPROVED", "DREDGING FUNDED"]


def test_event_sections_in_german_and_french_are_not_stories() -> None:
    for label in ("Termine", "Événements", "Agenda"):
        issue = _html(
            f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
            f"<h2>{label}</h2><ul><li>Mittwoch, 18 Uhr: Lesung in der Stadtbibliothek</li>"
            "<li>Freitag, 20 Uhr: Konzert am Hafen</li></ul>"
        )
        assert _titles(issue) == ["The ferry gets a new dock"], label


def test_plain_text_labels_drawn_in_brackets_or_dashes_and_numbered_titles_over_bodies() -> None:
    issue = _load(
        "PIER GAZETTE                                   issue 12, 2026-11-28\n"
        "----------------------------------------------------------------------\n\n"
        "[ NEWS ]\n\n"
        "1. The night ferry returns in spring\n"
        "   The harbor board agreed to bring back the late boat from April, three\n"
        "   nights a week. https://pier.example/news/night-ferry\n\n"
        "2. Fish market opens a second hall\n"
        "   Twelve new stalls open on Saturday. https://pier.example/news/market\n\n"
        "-- sponsor -----------------------------------------------------------\n"
        "  Dockside Paints: marine varnish at 15% off.\n"
        "  https://dockside.example/?ref=gazette\n"
        "----------------------------------------------------------------------\n\n"
        "[ EVENTS ]\n\n"
        "  Dec 4   Lantern walk on the pier\n"
    )
    assert _titles(issue) == [
        "The night ferry returns in spring",
        "Fish market opens a second hall",
    ]
    first = issue.stories[0]
    assert first.group == "NEWS" and first.url == "https://pier.example/news/night-ferry"
    assert first.body == (
        "The harbor board agreed to bring back the late boat from April, three nights a week.",
    )


def test_a_numbered_item_wrapped_over_a_lowercase_line_is_one_item() -> None:
    issue = _load(
        "# Pier Notes\n\n## Reading\n\n"
        "- 1. A long sentence about the new harbor rules that wraps\n"
        "  onto the next line without a title of its own.\n"
        "- 2. Another sentence about the ferry timetable, wrapped\n"
        "  the same way by the writer's editor.\n"
    )
    assert all(not s.title.endswith("wraps") for s in issue.stories)


def test_a_capital_kicker_over_a_headline_is_not_the_previous_storys_text() -> None:
    issue = _html(
        "<h1>Pier Notes</h1><p>OCEANS</p><h2>Kelp returns to the north shore</h2>"
        f"<p>By Tom Adeyemi</p><p>{_BODY}</p><p>POLICY</p><h2>Court upholds the mooring rule</h2>"
        f"<p>By Lena Kovacs and Ana Sousa</p><p>{_BODY}</p>"
    )
    assert [s.body for s in issue.stories] == [(_BODY,), (_BODY,)]
    assert issue.stories[1].byline == "Lena Kovacs and Ana Sousa"


def test_a_line_in_capitals_written_in_cjk_is_not_a_kicker() -> None:
    text = "如果要把网页打印出来，CSS 的打印样式应该怎么设置。"
    issue = _load(f"# 周刊\n\n## 文章\n\n{_BODY}\n\n{text}\n\n## 工具\n\n{_BODY}\n")
    assert any(text in p for s in issue.stories for p in s.body)


def test_a_story_opening_with_by_and_no_name_keeps_its_text() -> None:
    issue = _html(
        "<h1>Pier Notes</h1>"
        + "".join(f"<p>{_BODY}</p>" for _ in range(10))
        + f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        + f"<h2>Ferry numbers</h2><p>By the numbers</p><p>{_BODY}</p>"
    )
    last = issue.stories[-1]
    assert last.byline is None and last.body[0] == "By the numbers"


def test_spanish_sponsor_boxes_and_job_sections_are_not_stories() -> None:
    issue = _html(
        f"<h1>Hoy en el muelle</h1><h2>El ferry nocturno vuelve</h2><p>{_BODY}</p>"
        "<p><strong>Patrocinado</strong></p><h3>Curso de navegación: 20% de descuento</h3>"
        "<p>Inscríbete antes del 15 de diciembre.</p>"
        f"<h2>El mercado abre otra nave</h2><p>{_BODY}</p>"
        "<h2>Ofertas de empleo</h2><ul><li>Patrón de barco, Puerto Norte</li>"
        "<li>Mecánico naval, Astilleros del Sur</li></ul>"
    )
    assert _titles(issue) == ["El ferry nocturno vuelve", "El mercado abre otra nave"]


def test_a_bracketed_pr_or_ad_mark_drops_the_heading_under_it() -> None:
    for label in ("【PR】", "[Ad]", "广告"):
        assert _titles(_html(_page_with_ad(label))) == _AROUND_THE_AD, label


def test_a_linked_source_line_is_the_storys_link_not_a_caption() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h4><strong>A new moon for Neptune</strong></h4><p>{_BODY}</p>"
        '<p><em>Source: <a href="https://sky.example/neptune">Sky and Space</a></em></p>'
        f"<h4><strong>Bees can count to four</strong></h4><p>{_BODY}</p>"
        "<p>Source: AP</p>"
    )
    assert [s.url for s in issue.stories] == ["https://sky.example/neptune", None]


def test_an_unsubscribe_line_in_japanese_is_a_footer() -> None:
    issue = _html(
        f"<h1>週報</h1><h2>駅の改札で顔認証の実証実験</h2><p>{_BODY}</p>"
        f"<h2>電子書籍の売上が紙を初めて上回る</h2><p>{_BODY}</p>"
        '<p>配信停止は<a href="https://news.example.jp/unsubscribe">こちら</a></p>'
    )
    assert issue.stories[-1].body == (_BODY,)


def test_a_feature_excerpt_closing_on_continue_reading_is_the_first_story() -> None:
    issue = _html(
        "<h1>Why the ferry lost money, and why that is fine</h1>"
        + "".join(f"<p>{_BODY}</p>" for _ in range(3))
        + '<p><a href="https://pier.example/letters/ferry">Continue reading &rarr;</a></p><hr>'
        '<h3>Also this week</h3><ul><li><a href="https://pier.example/n/1">Fines dropped</a></li>'
        '<li><a href="https://pier.example/n/2">Later school start</a></li></ul>'
    )
    assert _titles(issue) == [
        "Why the ferry lost money, and why that is fine",
        "Fines dropped",
        "Later school start",
    ]
    assert issue.opening is None and issue.stories[0].url == "https://pier.example/letters/ferry"


def test_an_editors_letter_without_a_continue_link_stays_the_opening() -> None:
    issue = _html(
        "<h1>Pier Notes 12</h1>"
        + "".join(f"<p>{_BODY}</p>" for _ in range(3))
        + '<h3>Links</h3><ul><li><a href="https://pier.example/n/1">Fines dropped</a></li>'
        '<li><a href="https://pier.example/n/2">Later school start</a></li></ul>'
    )
    assert _titles(issue) == ["Fines dropped", "Later school start"]
    assert issue.opening is not None


def test_closing_lines_without_a_separator_are_not_the_last_storys() -> None:
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        "<p>See you next Tuesday!<br>&mdash; Jo</p><p>P.S. Reply with your ferry stories.</p>"
    )
    assert issue.stories[-1].body == (_BODY,)


def test_a_last_story_that_only_mentions_a_closing_phrase_keeps_it() -> None:
    last = "The market says that's all the space it needs for now, until the lease ends in 2031."
    issue = _html(
        f"<h1>Pier Notes</h1><h2>The ferry gets a new dock</h2><p>{_BODY}</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p><p>{last}</p>"
    )
    assert issue.stories[-1].body == (_BODY, last)


def test_two_line_breaks_inside_one_email_paragraph_end_its_paragraphs() -> None:
    """Mail editors put a whole story in one <p>, its paragraphs apart by two <br>: the image
    credit on the first line is its own paragraph (and dropped), the text the next ones."""
    story = (
        "<p><img src='dock.jpg' width='400'><br>"
        "<span>Photo(s) by Quay Studio.</span><br><br>"
        "The harbor board will present plans for the new ferry dock to the neighbours.<br><br>"
        "<strong>What can you do?</strong> Come to the hearing on Tuesday.</p>"
    )
    issue = _html(
        f"<h2>Ferry dock plans go public</h2>{story}"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        f"<h2>Night buses return</h2><p>{_BODY}</p>"
    )
    assert _titles(issue) == [
        "Ferry dock plans go public",
        "Fish market moves north",
        "Night buses return",
    ]
    body = issue.stories[0].body
    assert [p.split()[0] for p in body] == ["The", "What"]
    assert not any("Quay Studio" in p for p in body)


def test_a_line_without_a_stop_before_a_sentence_ends_one() -> None:
    """ "Tuesday at 6pm<br>Join us..." is two sentences; a line that ends on a comma or runs
    on in lower case is not cut."""
    issue = _html(
        "<h2>Ferry dock hearing</h2>"
        "<p><strong>High:</strong> 15°C<br><strong>Tuesday, May 5th</strong> at 6pm<br>"
        "Join us at the harbor hall for the vote."
        "<br>Bring a friend,<br>Bring a neighbour, and<br>bring your questions.</p>"
        f"<h2>Fish market moves north</h2><p>{_BODY}</p>"
        f"<h2>Night buses return</h2><p>{_BODY}</p>"
    )
    assert issue.stories[0].body == (
        "High: 15°C. Tuesday, May 5th at 6pm. Join us at the harbor hall for the vote. "
        "Bring a friend, Bring a neighbour, and bring your questions.",
    )


def test_text_after_a_bold_label_with_a_colon_opens_a_sentence() -> None:
    """ "**Title:** the artist..." is a title, then a sentence (not the title run into it);
    a name in lower case ("r/ferries") stays as written."""
    issue = _html(
        "<h2>Harbor news</h2>"
        "<p><b>We bought a plank of the old pier :</b> the council sold the planks "
        "at auction for the new dock.</p>"
        "<p><b>Ferry forum moves:</b> r/ferries opened a new thread for the timetable.</p>"
        "<p><b>Fish market opens north</b> on Monday after a long public hearing.</p>"
    )
    bodies = {s.title: s.body for s in issue.stories}
    assert bodies["We bought a plank of the old pier"][0].startswith("The council sold")
    assert bodies["Ferry forum moves"][0].startswith("r/ferries opened")
