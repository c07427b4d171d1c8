"""General rules of story splitting, each on an issue written for it (never a publisher's text):
what items, sections and boilerplate are, whoever wrote the newsletter."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.itemtitles import runs_on
from digestcast.ingest.titles import first_sentence
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(issue: Issue) -> list[str]:
    return [s.title for s in issue.stories]


def test_a_lead_in_that_runs_on_is_the_subject_of_its_sentence() -> None:
    assert runs_on("Mara Quint", "Mara Quint released a faster parser for TOML files.")
    assert runs_on("tomlkit", "tomlkit, a parser that keeps comments, reached 1.0.")
    assert not runs_on("A faster parser", "A faster parser: the new release halves parse time.")
    assert not runs_on("A faster TOML parser", "A faster TOML parser by Mara Quint")
    assert not runs_on("Parser #1204", "Parser #1204 makes comments survive a round trip.")
    assert not runs_on("The parser ships.", "The parser ships. It is fast.")


def test_a_lead_in_that_is_only_a_code_is_titled_by_its_sentence() -> None:
    issue = _load(
        "# Language Notes\n\n### Proposals\n\n"
        "[LP-0042](https://lang.example/lp/42): Tagged unions for records is under review.\n\n"
        "The review runs for two weeks and focuses on the exhaustiveness rules.\n\n"
        "[LP-0043](https://lang.example/lp/43) Async iterators was accepted.\n\n"
        "The accepted version drops the proposed cancellation hook.\n"
    )
    assert _titles(issue) == [
        "LP-0042: Tagged unions for records is under review.",
        "LP-0043 Async iterators was accepted.",
    ]


def test_first_sentence_skips_initials_and_abbreviations() -> None:
    text = "Work by J. Ortega vs. the old code wins. A second sentence follows."
    assert first_sentence(text) == "Work by J. Ortega vs. the old code wins."
    assert first_sentence("Only one sentence here") == "Only one sentence here"


def test_paragraphs_opening_with_a_persons_linked_name_are_titled_by_their_sentence() -> None:
    issue = _load(
        "# Harbor Weekly\n\n"
        "Welcome back to the weekly notes from the harbor toolkit community, friends.\n\n"
        "### Community\n\n"
        "[Mara Quint](https://people.example/mara) released a faster parser for TOML files.\n\n"
        "It halves the parse time of large files and keeps comments in place.\n\n"
        "[Oren Vale](https://people.example/oren) wrote a guide to testing async code.\n\n"
        "The guide walks through fake clocks and deterministic schedulers.\n\n"
        "[Ines Roh](https://people.example/ines) proposed a shorter syntax for closures.\n\n"
        "The proposal is open for comments until the end of the month.\n"
    )
    assert _titles(issue) == [
        "Mara Quint released a faster parser for TOML files.",
        "Oren Vale wrote a guide to testing async code.",
        "Ines Roh proposed a shorter syntax for closures.",
    ]


def test_one_run_on_paragraph_under_a_heading_is_the_headings_story() -> None:
    issue = _load(
        "# Garden Notes\n\n"
        "## A seed swap in every town\n\n"
        "[Lena Brook](https://people.example/lena) has been organising seed swaps in twelve "
        "towns this autumn, with a map of every one and tips for storing seeds.\n\n"
        "## Compost that does not smell\n\n"
        "Turning the heap weekly and mixing dry leaves with kitchen scraps keeps it sweet, "
        "according to the allotment society's new leaflet on the subject.\n"
    )
    assert _titles(issue) == ["A seed swap in every town", "Compost that does not smell"]


def test_a_bullet_is_an_entry_even_when_short_and_a_promo_line_between_bullets_is_not() -> None:
    issue = _load(
        "# Parser Digest\n\n"
        "### Highlights\n\n"
        "- [tomlkit 2.0](https://blog.example/tomlkit-2)\n"
        "- [Why our parser rewrote its lexer from scratch](https://blog.example/lexer)\n"
        "- [Fuzzing a YAML loader for a month](https://blog.example/fuzz)\n\n"
        "### Packages\n\n"
        "[🎁 Browse every package in the index 🎁](https://index.example/all)\n\n"
        "- [yamlette loader](https://index.example/yamlette): a YAML loader that keeps line "
        "numbers for every value it reads\n"
        "- [inikit files](https://index.example/inikit): INI files with sections, comments and "
        "round trips that change nothing\n"
        "- [csvtide streams](https://index.example/csvtide): streaming CSV reading with type hints "
        "for each column\n\n"
        "### Connect\n\n"
        "[Join the parser chat room](https://chat.example/parsers)\n"
    )
    titles = _titles(issue)
    assert titles[0] == "tomlkit 2.0"
    assert "Browse every package in the index" not in titles
    assert not any("chat room" in t for t in titles)
    assert {"yamlette loader", "inikit files", "csvtide streams"} <= set(titles)


def test_see_also_bullets_belong_to_the_story_above_and_paid_bullets_go() -> None:
    issue = _load(
        "# Frontend Notes\n\n"
        "## Frameworks\n\n"
        "[Lattice 4.0](https://lattice.example/blog/4-0)\n\n"
        "A new major version of the Lattice framework is out, with a faster compiler and "
        "streaming rendering on by default.\n\n"
        "See also these related links:\n\n"
        "- [Lattice 4.0 migration guide](https://lattice.example/docs/migrate)\n"
        "- [A video tour of the new compiler](https://video.example/lattice-tour)\n\n"
        "---\n\n"
        "- 💸 [Shipyard - deploy previews for every branch](https://shipyard.example/)\n"
        "- 📜 [Why we moved our forms to signals](https://blog.example/forms-signals): a "
        "long look at state in forms\n"
        "- 📦 [Tessel 2.1 - smaller bundles for icon sets](https://tessel.example/2-1)\n\n"
        "## Fun\n\n"
        "See ya! 👋\n"
    )
    titles = _titles(issue)
    assert titles == [
        "Lattice 4.0",
        "Why we moved our forms to signals",
        "Tessel 2.1 - smaller bundles for icon sets",
    ]
    assert issue.stories[0].url == "https://lattice.example/blog/4-0"


def test_a_plain_text_title_with_only_its_link_is_still_a_story() -> None:
    issue = _load(
        "HARBOR NOTES\n\nQUICK LINKS\n\n"
        "A lighthouse gets a solar lantern (2 minute read)\n"
        "https://coast.example/lantern\n\n"
        "Ferry timetables move to the new app (1 minute read)\n"
        "https://coast.example/ferry-app\n"
    )
    assert _titles(issue) == [
        "A lighthouse gets a solar lantern",
        "Ferry timetables move to the new app",
    ]


def _para(text: str, href: str | None = None) -> str:
    return f'<p><a href="{href}">{text}</a></p>' if href else f"<p>{text}</p>"


def test_event_cards_directories_partner_calls_and_contact_lines_are_not_stories() -> None:
    stories = [
        ("Le port installe des bornes de recharge pour les ferries", "bornes"),
        ("Une nouvelle ligne de bus relie les deux rives du fleuve", "bus"),
        ("La bibliothèque municipale prolonge ses horaires le samedi", "biblio"),
    ]
    body = "".join(_para(t, f"https://news.example/{slug}") for t, slug in stories)
    body += _para("14 MARS", "https://news.example/agenda")
    body += _para("Save the date", "https://news.example/agenda")
    body += _para("Webinar : organiser un atelier vélo dans son quartier", "https://x.example/w")
    body += _para("Tout ce qu'il faut savoir pour lancer un atelier de réparation.", "https://x")
    body += _para("En savoir plus", "https://news.example/agenda")
    body += _para("Découvrez les meilleurs outils du moment")
    body += _para("Agenda", "https://tools.example/agenda")
    body += _para("Plannix : un agenda partagé pour les associations", "https://tools.example/1")
    body += _para("Comptes", "https://tools.example/comptes")
    body += _para("Ledgerly : une comptabilité simple pour les clubs", "https://tools.example/2")
    body += _para("Voir tous les outils", "https://tools.example/")
    body += _para("Associations, écoles, mairies : devenez partenaire du journal", "https://p")
    body += _para("Suivez-nous")
    body += _para("Le Journal du Port • 4 quai Nord • 29200 BREST • 02 98 00 00 00 • j@p.example")
    issue = _load(f"<html><body><h1>La lettre du port</h1>{body}</body></html>")
    assert _titles(issue) == [t for t, _ in stories]


def test_a_section_asking_the_reader_to_get_involved_is_not_stories() -> None:
    issue = _load(
        "# Toolkit Weekly\n\n"
        "## Releases\n\n"
        "- [Toolkit 3.2 adds offline maps](https://toolkit.example/3-2): maps now work "
        "without a connection\n"
        "- [Toolkit CLI gets shell completion](https://toolkit.example/cli): completion for "
        "bash, zsh and fish\n\n"
        "## Lend a hand\n\n"
        "Want to get involved in the project but not sure where to start? Read these first:\n\n"
        "- [how to open your first merge request](https://forum.example/first-mr)\n"
        "- [how to write a changelog entry](https://forum.example/changelog)\n"
    )
    assert _titles(issue) == ["Toolkit 3.2 adds offline maps", "Toolkit CLI gets shell completion"]


def _card(title: str, blurb: str, source: str, tag: str = "") -> str:
    return (
        f'<table class="item"><tr><td><p><a href="https://x.example/{len(title)}">{title}</a>'
        f" — {blurb}, says {source}.</p>{tag}</td></tr></table>"
    )


def test_an_item_carrying_a_paid_label_goes_with_its_label() -> None:
    blurb = "a careful look at what changed, why it matters and how to try it out today"
    cards = [
        _card("Compilers that explain their errors", blurb, "Ana Ruiz"),
        _card(
            "Stream video with one API call",
            blurb,
            "Vidco",
            '<p><span class="tag-sponsor">sponsor</span></p>',
        ),
        _card("Profiling a slow build, step by step", blurb, "Tomas Berg"),
        _card("A tiny terminal charting library", blurb, "Ilse Mark"),
    ]
    issue = _load(f"<html><body><h1>Compiler Weekly</h1>{''.join(cards)}</body></html>")
    titles = _titles(issue)
    assert "Stream video with one API call" not in titles
    assert len(titles) == 3


def test_a_list_of_releases_and_a_status_breakdown_are_one_story_each() -> None:
    issue = _load(
        "# Cluster Notes\n\n"
        "## Scheduler news\n\n"
        "The scheduler team agreed to move the queue rewrite to the next cycle, after a long "
        "review of its memory use under load.\n\n"
        "## Dependency updates\n\n"
        "- [queuekit v2.4.0](https://rel.example/queuekit): drops the legacy config format\n"
        "- [netmesh v0.9.1-rc.2](https://rel.example/netmesh): fixes a leak on reconnect\n"
        "- [logtide 1.12](https://rel.example/logtide): JSON output by default\n\n"
        "## Review board\n\n"
        "Seven submissions are in review this month.\n\n"
        "- [Two at 'approved':](https://board.example/approved)\n"
        "  - [tidepool](https://board.example/1), pooled connections. Sent by Ada Fenn.\n"
        "  - [quillmark](https://board.example/2), Markdown linting. Sent by Bo Lind.\n"
        "- [Five at 'awaiting review':](https://board.example/awaiting)\n"
        "  - [geoshard](https://board.example/3), sharded spatial indexes. Sent by Cy Moor.\n"
        "  - [ratecap](https://board.example/4), rate limits for clients. Sent by Di Park.\n\n"
        "## Contributor Blog\n\n"
        "[Meetups Around the Globe](https://blog.example/meetups) is a new series about the "
        "people who run local meetups, starting with a city on the coast.\n"
    )
    assert _titles(issue) == [
        "Scheduler news",
        "Dependency updates",
        "Review board",
        "Contributor Blog",
    ]


def test_masthead_taglines_separators_pull_quotes_and_copyright_in_prose() -> None:
    prose = "<p>" + "The river authority reported higher water levels along the valley. " * 4
    page = (
        "<html><body><h1>The Morning Tide</h1>"
        "<h4>All the river news before breakfast</h4><h4>By Ola Stream • 03.04.25</h4>"
        "<p>Hello! Today: floods, ferries and a fight over a famous photograph.</p>"
        f"<h1>Floodgates tested before the spring melt</h1>{prose}</p>{prose}</p><hr>"
        f"<h2>A ferry captain retires after forty years</h2>{prose}</p>{prose}</p>"
        "<h1>Briefly</h1>"
        "<p><b>1 A photographer sues over a famous river picture</b> The suit alleges "
        "copyright infringement by a postcard maker.</p>"
        "<p><b>2 The bridge toll goes up in June</b> Drivers will pay a little more.</p>"
        "<h1>Quote of the day</h1><hr>"
        "<h1>“We have never seen the river this high in March, not once.”</h1>"
        "<p>—A lock keeper, speaking to the local paper</p>"
        "</body></html>"
    )
    issue = _load(page)
    assert issue.title == "The Morning Tide"
    titles = _titles(issue)
    assert titles[:2] == [
        "Floodgates tested before the spring melt",
        "A ferry captain retires after forty years",
    ]
    assert any(t.endswith("A photographer sues over a famous river picture") for t in titles)
    assert not any(t.startswith(("“", "All the river", "By Ola")) for t in titles)


def test_briefs_among_articles_are_one_roundup_under_kicker_level_labels() -> None:
    prose = "<p>" + "Council members argued late into the night about the budget for roads. " * 7
    article = f"{prose}</p>{prose}</p>"
    page = (
        "<html><body><h1>City Desk</h1>"
        f"<h3>TRANSPORT</h3><h1>Tram line extension approved</h1>{article}"
        f"<h3>HOUSING</h3><h1>Rents rise for the fifth month</h1>{article}"
        "<h3>AROUND TOWN</h3><h1>In other news</h1>"
        "<p><b>The zoo welcomes twin otters.</b> Keepers say both pups are healthy.</p>"
        "<p><b>A bakery wins a national prize.</b> Its rye loaf took the top award.</p>"
        "<p><b>The marathon changes its route.</b> Runners will now cross the old bridge.</p>"
        f"<h3>SCHOOLS</h3><h1>A new school opens in the east end</h1>{article}"
        "<h3>ALSO TODAY</h3>"
        '<ul><li><a href="https://n.example/1">Library hours</a> grow on Sundays from May.</li>'
        "<li><b>Parking fines</b> are going up, the council said on Monday.</li>"
        "<li><b>Street lights</b> switch to LED in three districts this year.</li></ul>"
        "</body></html>"
    )
    titles = _titles(_load(page))
    assert titles == [
        "Tram line extension approved",
        "Rents rise for the fifth month",
        "In other news",
        "A new school opens in the east end",
        "ALSO TODAY",
    ]


def test_look_alikes_of_promos_and_status_boards_stay_stories() -> None:
    issue = _load(
        "# Studio Links\n\n"
        "## Picks\n\n"
        "- Frontend:\n"
        "  - [Animating layout changes without jank](https://a.example/1): a practical guide\n"
        "  - [Forms that survive a reload](https://a.example/2): saving drafts as you type\n"
        "- Backend:\n"
        "  - [Retries that do not melt the database](https://a.example/3): backoff done right\n\n"
        "## Interviews\n\n"
        "[How to become a partner at a design studio](https://a.example/4)\n\n"
        "A long interview with three founders about equity, clients and burnout.\n\n"
        "[Webinar recap: what we learned from teaching typography online](https://a.example/5)\n\n"
        "Attendance was high, and the questions were better than the slides.\n\n"
        "Read more\n\n"
        "See all articles\n"
    )
    titles = _titles(issue)
    assert titles == [  # category labels over their links (not tallies): the links' sections
        "Animating layout changes without jank",
        "Forms that survive a reload",
        "Retries that do not melt the database",
        "How to become a partner at a design studio",
        "Webinar recap: what we learned from teaching typography online",
    ]
    assert [s.group for s in issue.stories[:3]] == ["Frontend", "Frontend", "Backend"]
