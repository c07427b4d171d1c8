"""Rules added for the fifth batch of held-out issues (platforms and shapes no rule was
written for), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.dates import is_date_line
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def _card(url: str, title: str, about: str, site: str) -> str:
    return (
        f'<figure class="card"><a class="card-box" href="{url}"><div class="card-content">'
        f'<div class="card-title">{title}</div><div class="card-about">{about}</div>'
        f'<div class="card-meta"><span>{site}</span></div></div></a></figure>'
    )


COMMENTS = [
    "A baker in Lyon tested every flour sold in the city and found most bags mislabelled.",
    "Night trains are back on three routes, and the sleeper cars are already fully booked.",
    "A town library now lends out sewing machines, and the waiting list is two months long.",
]
CARDS = [
    ("https://a.example/flour", "What is really in the bag", "A year of flour tests.", "Crumb"),
    ("https://b.example/trains", "The sleeper is back", "Three new night routes.", "Rails"),
    ("https://c.example/sew", "Borrow a sewing machine", "A library of tools.", "Civic"),
]


def _bookmark_issue() -> str:
    parts = [f"<p>{c}</p>{_card(*card)}" for c, card in zip(COMMENTS, CARDS, strict=True)]
    return "<html><body><h1>Weekly Reads</h1><h2>The reads</h2>" + "".join(parts) + "</body></html>"


def test_a_link_wrapping_a_card_gives_its_title_alone() -> None:
    issue = _load(_bookmark_issue())
    assert [s.title for s in issue.stories] == [c[1] for c in CARDS]
    assert [s.url for s in issue.stories] == [c[0] for c in CARDS]
    assert issue.stories[0].body[0] == "A year of flour tests"  # not run into the title, no site


def test_an_editors_paragraph_before_each_card_belongs_to_that_card() -> None:
    issue = _load(_bookmark_issue())
    for story, comment in zip(issue.stories, COMMENTS, strict=True):
        assert comment in story.body, (story.title, story.body)


def test_feedback_buttons_are_not_stories() -> None:
    page = _bookmark_issue().replace(
        "</body>",
        '<table><tr><td><a href="https://w.example/p/#/feedback/1">More like this</a></td>'
        '<td><a href="https://w.example/p/#/feedback/0">Less like this</a></td></tr></table>'
        "</body>",
    )
    assert [s.title for s in _load(page).stories] == [c[1] for c in CARDS]


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


STORY = "<p>{} {}</p>"
BODY = "The council met on Monday and agreed, after a long debate, to fund the new bridge."


def _email(middle: str) -> str:
    return (
        "<html><body><table><tr><td><h1>Town Letter</h1>"
        "<p><strong>Bridge funded at last</strong></p>"
        + f"<p>{BODY}</p>"
        + middle
        + "<p><strong>Library opens late</strong></p>"
        "<p>From Friday the library stays open until nine, staffed by volunteers.</p>"
        "</td></tr></table></body></html>"
    )


def test_a_box_labelled_as_an_ad_in_another_language_goes_whole() -> None:
    box = (
        '<table style="background:#eee"><tr><td><p>ANZEIGE</p>'
        "<p><strong>Winterreifen jetzt wechseln</strong> – bei Autohaus Brennecke in allen "
        'Filialen ohne Termin. <a href="https://b.example/r">Mehr erfahren</a></p>'
        "</td></tr></table>"
    )
    assert _titles(_email(box)) == ["Bridge funded at last", "Library opens late"]


def test_classifieds_and_featured_partner_boxes_go_whole() -> None:
    for label in ("Classifieds", "FEATURED · PARTNER"):
        box = (
            f'<div style="border:1px dashed"><p>{label}</p><p><b>Type Camp</b> - a week of '
            'lettering in the mountains next summer, all levels. <a href="https://t.example">'
            "t.example</a></p></div>"
        )
        assert _titles(_email(box)) == ["Bridge funded at last", "Library opens late"], label


def test_a_poll_heading_in_spanish_or_german_is_not_a_story() -> None:
    for heading in ("📊 Encuesta del día", "Umfrage der Woche", "Sondage du jour"):
        page = (
            "# Weekly\n\n## Bridge funded at last\n\n" + BODY + "\n\n"
            "## Library opens late\n\nFrom Friday the library stays open until nine every day.\n\n"
            f"## {heading}\n\nShould the bridge have a toll?\n\n- [Yes](https://p.example/1)\n"
            "- [No](https://p.example/2)\n"
        )
        assert _titles(page) == ["Bridge funded at last", "Library opens late"], heading


def test_an_items_fact_line_is_not_a_label_over_the_next_item() -> None:
    cards = "".join(
        f'<tr><td><p><a href="https://g.example/{n}"><b>{n}</b></a></p>'
        f"<p>A small tool that does one useful thing in the terminal, called {n}.</p>"
        f"<p>Rust · ★ {i}.1k · MIT</p></td></tr>"
        for i, n in enumerate(("dusk", "tldrx", "envcheck"), start=1)
    )
    page = f"<html><body><h1>Tools</h1><table>{cards}</table></body></html>"
    assert _titles(page) == ["dusk", "tldrx", "envcheck"]


def test_a_small_letter_lead_in_among_capital_lead_ins_stays_in_its_story() -> None:
    page = (
        "<html><body><h1>Morning</h1>"
        f"<p><b>THE DEAL IS DONE</b> &mdash; {BODY}</p>"
        "<p><b>What to watch:</b> whether the other chamber signs on before the weekend.</p>"
        f"<p><b>TRANSIT MONEY</b> &mdash; {BODY}</p>"
        f"<p><b>A PRIMARY CHALLENGE</b> &mdash; {BODY}</p></body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "THE DEAL IS DONE",
        "TRANSIT MONEY",
        "A PRIMARY CHALLENGE",
    ]
    assert any("whether the other chamber" in p for p in issue.stories[0].body)


def test_a_sign_off_with_the_writers_name_is_not_a_title() -> None:
    page = (
        "<html><body><h1>Der Morgen</h1><p><strong>1. Der Haushalt steht</strong></p>"
        "<p>Nach einer langen Nacht haben sich die Fraktionen auf einen Haushalt geeinigt.</p>"
        "<p><strong>2. Die Fähre fährt nicht</strong></p>"
        "<p>Seit drei Wochen liegt die einzige Fähre zur Insel in der Werft, ohne Ersatz.</p>"
        "<p>Ich wünsche Ihnen einen guten Tag.<br>Ihre Katrin Vogel</p>"
        "<p>Kommen Sie gut durch die Woche.</p></body></html>"
    )
    assert _titles(page) == ["Der Haushalt steht", "Die Fähre fährt nicht"]


HASH_ISSUE = """Byte Weekly #12 - May 2, 2026
https://byte.example/issues/12

Hello! A short issue this week.

#Favorites

A queue in a single Postgres table
https://a.example/queue
comments: https://forum.example/item/1

Reading other people's Git histories
https://b.example/git
comments: https://forum.example/item/2

#Jobs

Want your job here?
https://byte.example/jobs
"""


def test_hash_categories_in_text_are_sections_and_titles_over_urls_are_items() -> None:
    issue = _load(HASH_ISSUE)
    assert issue.title == "Byte Weekly #12 - May 2, 2026"
    assert [(s.title, s.url) for s in issue.stories] == [
        ("A queue in a single Postgres table", "https://a.example/queue"),
        ("Reading other people's Git histories", "https://b.example/git"),
    ]
    assert not any("comments" in p for s in issue.stories for p in s.body)


def test_fact_lines_foreign_read_more_links_and_closing_photo_credits_are_not_read() -> None:
    page = (
        "<html><body><h1>Morgen</h1><h2>Der Haushalt steht</h2>"
        "<p>Nach einer langen Nacht haben sich die Fraktionen auf einen Haushalt geeinigt.</p>"
        '<p>➡️ <a href="https://n.example/haushalt">Zum Artikel</a></p>'
        "<p>Die Ministerin im Landtag. Foto: Lena Maas</p>"
        "<h2>Ein neues Werkzeug</h2>"
        "<p>Ein kleines Programm zeigt, welche Ordner seit letzter Woche gewachsen sind.</p>"
        "<p>Rust · ★ 2.1k · MIT</p></body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == ["Der Haushalt steht", "Ein neues Werkzeug"]
    assert issue.stories[0].url == "https://n.example/haushalt"
    assert issue.stories[0].body == (
        "Nach einer langen Nacht haben sich die Fraktionen auf einen Haushalt geeinigt.",
    )
    assert issue.stories[1].body == (
        "Ein kleines Programm zeigt, welche Ordner seit letzter Woche gewachsen sind.",
    )


def test_referral_paid_upgrade_and_closing_lines_are_not_read() -> None:
    page = (
        "# Slow Letter\n\n## The pricing page nobody scrolled\n\n" + BODY + "\n\n"
        "## A surprise from the tax office\n\n" + BODY + "\n\n"
        "That's it for this month. Hit reply and tell me what you're building.\n\n"
        "Know someone? Share your personal link and get a checklist when two friends sign up: "
        "https://s.example/refer?id=1\n\n"
        "*Slow Letter is reader-supported. If it's worth a coffee, become a paying subscriber.*\n"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "The pricing page nobody scrolled",
        "A surprise from the tax office",
    ]
    assert issue.stories[1].body == (BODY,)


def test_small_letter_category_lines_over_headings_are_labels_not_text() -> None:
    page = (
        "<html><body><h1>Sparse</h1>"
        '<p style="text-transform:uppercase">Apps &amp; Tools</p>'
        "<h3>A notebook that never syncs</h3>"
        f"<p>{BODY}</p>"
        '<p style="text-transform:uppercase">Urbanism</p><h3>A city takes its centre back</h3>'
        f"<p>{BODY}</p>"
        "<p>Sparse is reader-supported. Become a member for five euros a month.</p>"
        "</body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "A notebook that never syncs",
        "A city takes its centre back",
    ]
    assert [s.body for s in issue.stories] == [(BODY,), (BODY,)]


def test_a_list_of_bracketed_footnotes_after_a_rule_is_not_read() -> None:
    page = (
        "<html><body><h1>Margin</h1><p><b>The fund that owned itself</b></p>"
        f"<p>{BODY}</p><p>{BODY}</p><p><b>Bonus season for rules</b></p><p>{BODY}</p>"
        f"<p>{BODY}</p><hr><p>[1] Technically the sellers are poorer, but they chose to sell.</p>"
        "<p>[2] The authors say this is a correlation.</p>"
        "<hr><p>This column does not reflect the views of the board.</p></body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "The fund that owned itself",
        "Bonus season for rules",
    ]
    assert issue.stories[1].body == (BODY, BODY)


def test_the_writers_name_under_a_valediction_is_not_a_title() -> None:
    letter = (
        "Subject: Letter 58: on leaving the leaves\nDate: 29 Nov 2026\n\nDear gardeners,\n\n"
        "Leaves that fall on beds are a free mulch, and the worms pull them under by April.\n\n"
        "There are exceptions: leaves on the lawn smother the grass, so rake those away.\n\n"
        "Until next time,\nMarion\n\n"
        "P.S. The seed swap is on 12 December at the community hall. Bring envelopes.\n"
    )
    issue = _load(letter)
    assert [s.title for s in issue.stories] == ["Letter 58: on leaving the leaves"]


def _italian(middle: str) -> str:
    return (
        "<html><body>"
        '<p><a href="https://g.example/web">Visualizza nel browser</a></p>'
        "<p><b>Il Punto</b></p><p>a cura di Giulia Ferraris</p>"
        "<p>Buongiorno. In questo numero: il nuovo ponte e l'acqua del lago.</p>"
        "<h3>Ponte sul fiume, via libera al progetto</h3>"
        "<p>La giunta ha approvato il progetto del nuovo ponte tra i due paesi della valle.</p>"
        "<h3>Il lago non è mai stato così basso</h3>"
        "<p>Il livello del lago ha toccato ieri il minimo storico per il mese di novembre.</p>"
        + middle
        + '<p>Ricevi questa email perché sei iscritto. <a href="https://g.example/u">'
        "Annulla l'iscrizione</a></p></body></html>"
    )


def test_italian_chrome_a_poll_with_its_article_and_meetings_are_not_stories() -> None:
    middle = (
        "<h3>IL SONDAGGIO</h3><p>Il nuovo ponte ti sembra una priorità? "
        '<a href="https://g.example/s?r=1">Sì</a> · <a href="https://g.example/s?r=2">No</a></p>'
        "<h3>Upcoming meetings</h3><ul><li>Board of Supervisors - Tuesday, Dec. 1, 9 a.m.</li>"
        "<li>Planning Commission - Thursday, Dec. 3, 6 p.m.</li></ul>"
    )
    assert _titles(_italian(middle)) == [
        "Ponte sul fiume, via libera al progetto",
        "Il lago non è mai stato così basso",
    ]


def _digest_card(author: str, url: str, title: str, sub: str, facts: str) -> str:
    return (
        f'<tr><td><p><a href="https://r.example/@a">{author}</a> in '
        f'<a href="https://r.example/pub">Better Code</a></p>'
        f'<a href="{url}"><h2>{title}</h2><h3>{sub}</h3></a><p>{facts}</p></td></tr>'
    )


def test_a_byline_over_a_card_and_two_figure_fact_lines_are_not_stories() -> None:
    rows = "".join(
        _digest_card(a, f"https://r.example/{n}", t, s, f)
        for n, (a, t, s, f) in enumerate(
            [
                (
                    "Ngoc Tran",
                    "Why your tests lie",
                    "Four kinds of false confidence",
                    "7 min read · 1.2K claps",
                ),
                (
                    "Olu Ade",
                    "A year of fixing bikes",
                    "Rent, parts and one customer",
                    "12 min read · 3.4K claps",
                ),
                (
                    "Sara Lind",
                    "The last ferry operator",
                    "Thirty-one winters on the lake",
                    "9 min read · 640 claps",
                ),
            ]
        )
    )
    page = (
        f"<html><body><table>{rows}</table>"
        '<p><a href="https://r.example/more">See more of what you like</a></p>'
        '<p>Get the app: <a href="https://a.example/i">iOS</a> · <a href="https://a.example/a">'
        "Android</a></p></body></html>"
    )
    issue = _load(page)
    titles = ["Why your tests lie", "A year of fixing bikes", "The last ferry operator"]
    assert [s.title for s in issue.stories] == titles
    assert not any("app" in p for p in issue.stories[-1].body)


def test_portuguese_ad_box_chrome_and_team_sign_off_are_not_stories() -> None:
    def item(title: str) -> str:
        return (
            f"<p><strong>{title}</strong><br>A prefeitura anunciou a mudança ontem, depois de "
            'meses de debate na câmara. <a href="https://f.example/x">Leia mais</a></p>'
        )

    page = (
        '<html><body><p><a href="https://f.example/web">Ver no navegador</a></p>'
        "<h1>Boletim</h1><p>Bom dia! Estas são as notícias de hoje.</p>"
        + item("Metrô ganha nova linha em março")
        + item("Chuva forte deve continuar até quinta")
        + '<table style="background:#eee"><tr><td><p>PUBLICIDADE</p><p><strong>Curso de '
        "inglês online</strong> com aulas ao vivo e desconto na primeira mensalidade. "
        '<a href="https://c.example">Saiba mais</a></p></td></tr></table>'
        + item("Time da casa vence clássico")
        + "<p>Até amanhã!<br>Equipe do Boletim</p>"
        "<p>Você recebeu este e-mail porque se cadastrou no Boletim da Manhã.</p>"
        '<p><a href="https://f.example/c">Cancelar inscrição</a></p></body></html>'
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "Metrô ganha nova linha em março",
        "Chuva forte deve continuar até quinta",
        "Time da casa vence clássico",
    ]
    first, last = issue.stories[0], issue.stories[-1]
    assert not any("Leia mais" in p for s in issue.stories for p in s.body), first.body
    assert not any("recebeu" in p or "Cancelar" in p for p in last.body)


def test_a_job_post_in_a_link_list_and_the_masthead_line_are_not_stories() -> None:
    def row(n: int, title: str, facts: str) -> str:
        return (
            f'<tr><td>{n}.</td><td><a href="https://l.example/{n}">{title}</a> '
            f"<span>(l.example)</span><br><span>{facts}</span></td></tr>"
        )

    page = (
        "<html><head><title>Top Links Digest - Sunday, November 29</title></head><body>"
        "<table><tr><td><b>Top Links Digest</b> · the best links of the week</td></tr></table>"
        "<table>"
        + row(1, "Your indexes are lying to you", "412 points by mk · 188 comments")
        + row(2, "How the Amiga made music with four channels", "356 points by ct · 97 comments")
        + row(3, "Acme Robotics (YC W24) is hiring embedded engineers", "")
        + row(4, "Serving map tiles from a single static file", "198 points by geo · 44 comments")
        + "</table></body></html>"
    )
    assert _titles(page) == [
        "Your indexes are lying to you",
        "How the Amiga made music with four channels",
        "Serving map tiles from a single static file",
    ]


def test_portuguese_and_italian_date_lines_are_dates_not_section_labels() -> None:
    assert is_date_line("Terça-feira, 1º de dezembro de 2026")
    assert is_date_line("Martedì 1 dicembre 2026")
    assert not is_date_line("Maio e junho em Lisboa")
    page = (
        "<html><body><h1>Boletim</h1><p>Terça-feira, 1º de dezembro de 2026</p>"
        "<p><strong>Metrô ganha nova linha</strong><br>A nova linha liga o centro à zona norte "
        "e começa a operar em março com seis estações.</p>"
        "<p><strong>Biblioteca abre aos domingos</strong><br>A biblioteca central funcionará "
        "também aos domingos, com atividades para crianças.</p></body></html>"
    )
    assert [s.group for s in _load(page).stories] == [None, None]
