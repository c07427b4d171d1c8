"""Rules added for the sixth batch of held-out issues (Beehiiv, Mailchimp columns, Substack
email chrome, a LinkedIn article, a recipe letter, a preprint listing, Dutch and Polish
emails), each on a small issue written for it."""

from __future__ import annotations

import datetime as dt
import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.blocks import Block
from digestcast.ingest.chrome import drop_frame_lines
from digestcast.ingest.dates import find_date, is_date_line
from digestcast.ingest.markdown import looks_like_markdown
from digestcast.ingest.text import parse_text
from digestcast.models import Issue

SETTINGS = IngestSettings()

PROSE = (
    "The harbour board voted to keep the night ferry running through the winter, after a "
    "petition signed by more than two thousand islanders and a long public meeting."
)


ESSAY = [
    f"Paragraph {n} of the essay: every team I have worked with tried to cut its meetings, "
    "with a survey, a dashboard of calendar hours and a quiet day each week, and every time "
    "the hours crept back within six months while everyone agreed the plan had failed."
    for n in range(1, 8)
]


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def test_a_story_over_only_a_poll_and_a_share_box_is_still_read() -> None:
    short = "A new charge on the winter bill pays for storm repairs, the regulator says."
    page = (
        "<html><body><h1>Grid Notes</h1>"
        f"<h2>Ferries stay</h2><p>{PROSE}</p><h2>Trams return</h2><p>{PROSE}</p>"
        f"<h2>A new line on your bill</h2><p>{short}</p><hr>"
        "<h3>Poll: How did you like today's issue?</h3><p>Great</p>"
        "<h3>Share Grid Notes</h3><p>Refer three friends to get a sticker pack.</p>"
        "</body></html>"
    )
    titles = _titles(page)
    assert titles == ["Ferries stay", "Trams return", "A new line on your bill"]


def test_a_sponsors_thank_you_section_is_not_a_story() -> None:
    text = (
        f"# Club news\n\n## Meetup moves\n\n{PROSE}\n\n## New mentors\n\n{PROSE}\n\n"
        "## Thanks to our sponsors\n\nThe club is supported by **Fjordline** and **Kelp**, "
        "who cover the pizza every month.\n"
    )
    assert _titles(text) == ["Meetup moves", "New mentors"]


def test_a_recipes_ingredients_and_method_are_its_parts_not_stories() -> None:
    page = (
        "<html><body><h1>Supper</h1>"
        f"<h2>Roast squash with sage</h2><p>{PROSE}</p>"
        "<h3>Ingredients</h3><ul><li>1 squash</li><li>60 g butter</li><li>12 sage leaves</li></ul>"
        "<h3>Method</h3><ol><li>Heat the oven to 220C and roast the squash for half an hour.</li>"
        "<li>Brown the butter with the sage and spoon it over the squash.</li></ol>"
        f"<h2>Reader question: a rusty pan</h2><p>{PROSE}</p></body></html>"
    )
    issue = _load(page)
    assert [s.title for s in issue.stories] == [
        "Roast squash with sage",
        "Reader question: a rusty pan",
    ]
    assert any("Brown the butter" in p for p in issue.stories[0].body)


def test_dutch_and_polish_ad_labels_take_their_box_with_them() -> None:
    for label in ("Advertentie", "REKLAMA"):
        page = (
            "<html><body><h1>Fietsbrief</h1>"
            f"<h2>Snelle route open</h2><p>{PROSE}</p>"
            f"<table><tr><td><p>{label}</p><p><strong>Regenpak Droog</strong> houdt je droog "
            "van huis tot kantoor, nu met korting.</p><p><a href='https://ad.example/'>"
            "Bekijk de collectie</a></p></td></tr></table>"
            f"<h2>Nieuwe stalling</h2><p>{PROSE}</p></body></html>"
        )
        assert _titles(page) == ["Snelle route open", "Nieuwe stalling"], label


def test_dutch_and_polish_footer_lines_are_not_read() -> None:
    for line in (
        "Wordt deze e-mail niet goed weergegeven? Bekijk hem in je browser",
        "Je ontvangt deze e-mail omdat je je hebt aangemeld.",
        "Zobacz w przeglądarce",
        "Otrzymujesz tę wiadomość, ponieważ zapisałeś się. Wypisz się",
    ):
        page = (
            f"<html><body><p>{line}</p><h1>Fietsbrief</h1><h2>Route open</h2><p>{PROSE}</p>"
            f"<h2>Stalling open</h2><p>{PROSE}</p></body></html>"
        )
        issue = _load(page)
        said = " ".join(p for s in issue.stories for p in s.body)
        assert line.split("?")[0] not in said, line
        assert issue.opening is None or line not in " ".join(issue.opening.body)


def test_reaction_counts_and_a_listen_button_are_not_read() -> None:
    page = (
        "<html><body><h1>The card index</h1><p>By Judit Pal</p>"
        "<p><a href='https://x.example/like'>♡ 31</a></p>"
        "<p><a href='https://x.example/comments'>💬 4</a></p>"
        "<p><a href='https://x.example/listen'>▷ Listen now · 9 min</a></p>"
        + "".join(f"<p>{p}</p>" for p in ESSAY)
        + "</body></html>"
    )
    issue = _load(page)
    assert len(issue.stories) == 1
    said = " ".join(issue.stories[0].body)
    assert "31" not in said and "Listen" not in said


def test_a_byline_over_the_authors_role_and_a_published_date() -> None:
    page = (
        "<html><body><h1>Stop measuring meetings</h1>"
        "<p><a href='https://people.example/olde'>Marieke Olde</a></p>"
        "<p>COO at Tessel · Writing about calm teams</p><p>Published Nov 27, 2026</p>"
        + "".join(f"<p>{p}</p>" for p in ESSAY[:3])
        + f"<h3>The decision log</h3><p>{ESSAY[3]}</p><h3>Decisions that come back</h3>"
        f"<p>{ESSAY[4]}</p><p>{ESSAY[5]}</p><p>Report this article</p></body></html>"
    )
    issue = _load(page)
    assert issue.shape == "essay"
    assert [s.title for s in issue.stories] == ["Stop measuring meetings"]
    assert issue.stories[0].byline == "Marieke Olde"
    assert "COO at Tessel" not in " ".join(issue.stories[0].body)


def test_a_paragraph_over_a_separator_is_not_a_markdown_heading() -> None:
    entry = "Title: A paper\nAuthors: A. Writer\n  An abstract of the paper.\n" + "-" * 60 + "\n"
    assert not looks_like_markdown("Listing\n\n" + entry * 4)
    parts = "".join(f"\n\nPart {n}\n------\n\nMore." for n in range(3))
    assert looks_like_markdown("Title\n=====\n\nText." + parts)


def test_a_plain_text_paragraphs_last_line_over_dashes_is_not_a_heading() -> None:
    entry = (
        "Paper: Query drift in long sessions\nAuthors: A. Obi, F. Brandt\n"
        "  We show that rewritten queries drift away from the user's need.\n"
        "( https://preprints.example/abs/1 , 812kb)\n" + "-" * 70
    )
    doc = parse_text("\n\n".join([entry] * 3))
    assert not [b for b in doc.blocks if b.kind == "heading"]
    titled = parse_text("Kiln news\n---------\n\nThe new kiln fired for the first time.")
    assert [b.text for b in titled.blocks if b.kind == "heading"] == ["Kiln news"]


def test_frame_lines_are_not_read_but_a_rows_date_stays() -> None:
    rows = [
        Block("para", "December 01, 2026 | View Online | Sign Up"),
        Block("para", "ADVERTISE // CAREERS // SHOP // FAQ"),
        Block("para", "ByteBrief, 1 Ferry Building, Suite 201, San Francisco, CA 94111"),
        Block("para", "De Fietsbrief B.V., Oudegracht 88, 3511 AV Utrecht"),
        Block("para", "19,402.11"),
        Block("para", "+0.62%"),
        Block("para", "2026"),
        Block("para", "The ferry returns on 4 December, the harbour board said on Monday."),
    ]
    kept = [b.text for b in drop_frame_lines(rows)]
    assert kept == [
        "December 01, 2026",
        "2026",
        "The ferry returns on 4 December, the harbour board said on Monday.",
    ]


def test_a_line_in_capitals_after_stories_closes_the_last_one() -> None:
    page = (
        "<html><body><h1>Daily</h1>"
        f"<h2>Malls become clinics</h2><p>{PROSE}</p><h2>Rates double</h2><p>{PROSE}</p>"
        f"<h2>The costly tomato</h2><p>{PROSE}</p>"
        "<p>📰 WHAT ELSE IS NEW</p><ul><li><b>A rail operator</b> adds quiet carriages in "
        "March for the first time.</li><li><b>A toy maker</b> raised its forecast after a "
        "strong autumn.</li></ul>"
        "<p>🧩 GAMES</p><p><b>Headline quiz:</b> Which fruit is in today's costliest story?</p>"
        "</body></html>"
    )
    issue = _load(page)
    tomato = next(s for s in issue.stories if s.title == "The costly tomato")
    assert tomato.body == (PROSE,)
    assert not any("quiz" in s.title.lower() or "GAMES" in s.title for s in issue.stories)


def test_sign_offs_credits_and_reply_pleas_do_not_end_the_last_story() -> None:
    tails = [
        "Have a good weekend, and wrap up warm! Nadia",
        "Fijne rit! Sanne",
        "Do zobaczenia za tydzień,",
        "Written by Dev Anand and Lucia Ferraro",
        "If you have any comments or feedback, just respond to this email!",
        "Want to advertise in ByteBrief? Learn more.",
        "Running an event? Submit it here, it's free.",
        "Tomas.",
    ]
    for tail in tails:
        text = f"# Weekly\n\n## Ferry stays\n\n{PROSE}\n\n## Tram returns\n\n{PROSE}\n\n{tail}\n"
        issue = _load(text)
        assert issue.stories[-1].body == (PROSE,), tail


def test_a_note_from_the_sponsor_and_a_friendly_reply_line() -> None:
    text = (
        "# Weekly\n\nHi all, here's what happened this week and what's coming up. As always, "
        "reply to this email if you want something in the next bulletin.\n\n"
        f"## Ferry stays\n\n{PROSE}\n\n## Tram returns\n\n{PROSE}\n\n"
        "✢ A Note From Our Sponsor: Ledgerly is a paid partner of this newsletter.\n"
    )
    issue = _load(text)
    assert issue.opening is not None and "reply to this email" in issue.opening.body[0]
    assert issue.stories[-1].body == (PROSE,)


def test_dates_in_portuguese_italian_dutch_and_polish_date_the_issue() -> None:
    assert find_date("Terça-feira, 1º de dezembro de 2026") == dt.date(2026, 12, 1)
    assert find_date("Il Punto del mattino – 1 dicembre 2026") == dt.date(2026, 12, 1)
    assert find_date("Wydanie 57 · wtorek, 1 grudnia 2026") == dt.date(2026, 12, 1)
    assert find_date("Donnerstag, 5. März 2026") == dt.date(2026, 3, 5)
    assert find_date("sent 5 items in 2026") is None
    assert is_date_line("Woensdag 2 december 2026") and is_date_line("wtorek, 1 grudnia 2026")
    page = (
        "<html><body><h1>Boletim</h1><p>Terça-feira, 1º de dezembro de 2026</p>"
        f"<h2>Ferry</h2><p>{PROSE}</p><h2>Tram</h2><p>{PROSE}</p></body></html>"
    )
    assert _load(page).date == dt.date(2026, 12, 1)


def _record(n: int, title: str) -> str:
    return (
        f"\\\\\nid:26{n}\nDate: Fri, 27 Nov 2026 21:0{n}:11 GMT\n\n"
        f"Title: {title}\nAuthors: A. Writer, B. Reader\nCategories: cs.IR\n\\\\\n"
        f"  We study {title.lower()} and find it matters.\nIt matters a lot, we show.\n"
        f"\\\\ ( https://papers.example/abs/{n} ,  812kb)\n" + "-" * 60 + "\n"
    )


def test_a_listing_of_title_field_records_gives_one_story_per_record() -> None:
    text = "Subject: Daily listing\n\nNew papers today.\n" + "-" * 60 + "\n"
    text += "".join(_record(n, t) for n, t in enumerate(["Query drift", "Cheap negatives"]))
    issue = _load(text)
    assert [s.title for s in issue.stories] == ["Query drift", "Cheap negatives"]
    assert [s.url for s in issue.stories] == [
        "https://papers.example/abs/0",
        "https://papers.example/abs/1",
    ]
    said = " ".join(p for s in issue.stories for p in s.body)
    assert "Authors" not in said and "Date:" not in said and "id:26" not in said
    assert issue.stories[0].body[0].startswith("We study query drift")


def test_a_table_of_figures_is_dropped_with_its_labels() -> None:
    cells = ["MARKETS", "Nasdaq", "19,402.11", "+0.62%", "S&P", "6,120.88", "+0.31%"]
    cells += ["10-Year", "4.12%", "-3.1 bps"]
    rows = [Block("para", c) for c in cells] + [Block("para", PROSE)]
    assert [b.text for b in drop_frame_lines(rows)] == [PROSE]


def test_a_footer_row_and_a_poll_line_do_not_end_the_last_item() -> None:
    page = (
        "<html><body><h1>Tools</h1><h2>Picks</h2>"
        "<p><a href='https://a.example/dusk'>dusk</a></p><p>A theme that follows the sun.</p>"
        "<p><a href='https://b.example/keymapp'>keymapp</a></p><p>Prints your key bindings.</p>"
        "<p><b>📊 Poll:</b> Which of these would you install? dusk · keymapp · none</p>"
        "<p>Built a tool? <a href='https://t.example/submit'>Submit it here</a>.</p>"
        "<p>You get this digest because you follow us. Change frequency · Unsubscribe</p>"
        "</body></html>"
    )
    issue = _load(page)
    assert issue.stories[-1].title == "keymapp"
    assert issue.stories[-1].body == ("Prints your key bindings.",)


def test_a_valediction_and_the_signature_under_it_are_not_read() -> None:
    for tail in ("Kind regards,\n\nMrs A. Okoye\nHeadteacher", "Ha en fin vecka!\nStyrelsen"):
        text = (
            f"# Bulletin\n\n## Concert moves\n\n{PROSE}\n\n## Lost property\n\n{PROSE}\n\n{tail}\n"
        )
        assert _load(text).stories[-1].body == (PROSE,), tail


def test_a_shows_support_plea_and_episode_chapters_are_not_stories() -> None:
    text = (
        f"# Episode 88\n\n{PROSE}\n\n## In this episode\n\n- 00:00 Intro\n- 02:14 Boarding\n\n"
        "## Links from the show\n\n- [The sleeper timetable](https://rail.example/a) — new days.\n"
        "- [How the carriages were restored](https://rail.example/b) — a photo essay.\n\n"
        "## Support the show\n\nThe show is listener-supported. Become a member for bonus "
        "episodes.\n"
    )
    assert _titles(text) == ["The sleeper timetable", "How the carriages were restored"]


def test_swedish_chrome_and_address_are_not_read() -> None:
    page = (
        "<html><body><p><a href='https://x.example/b'>Visa i webbläsaren</a></p><h1>Brevet</h1>"
        f"<h2>Nya lotter</h2><p>{PROSE}</p><h2>Frösläpp</h2><p>{PROSE}</p>"
        "<p>Du får det här mejlet eftersom du är medlem. Avregistrera dig</p>"
        "<p>Stadsodlarna, Ringvägen 100, 118 60 Stockholm</p></body></html>"
    )
    issue = _load(page)
    assert issue.stories[-1].body == (PROSE,)


def test_czech_chrome_date_ad_label_and_sign_off() -> None:
    page = (
        "<html><body><p><a href='https://x.example/w'>Zobrazit v prohlížeči</a></p>"
        "<h1>Zpravodaj</h1><p>Úterý 1. prosince 2026</p>"
        f"<h2>Most opraven</h2><p>{PROSE}</p><p>REKLAMA</p>"
        "<p><b>Pekařství U Vrby</b> nabízí vánočky na objednávku do 18. prosince.</p>"
        f"<h2>Svoz odpadu</h2><p>{PROSE}</p><p>S pozdravem<br>Jana Novotná, starostka</p>"
        "<p>Tento e-mail jste obdrželi jako odběratel. Odhlásit odběr</p></body></html>"
    )
    issue = _load(page)
    assert issue.date == dt.date(2026, 12, 1)
    assert [s.body for s in issue.stories] == [(PROSE,), (PROSE,)]
