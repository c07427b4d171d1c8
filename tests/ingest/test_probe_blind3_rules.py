"""Rules found on a third set of real issues from publishers no rule was written for (an
explainer whose points are bold list items, ...), each on a small issue written for it."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.asciidoc import asciidoc_to_markdown, looks_like_asciidoc
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str, name: str = "-") -> Issue:
    return load_issue(name, SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


_SENTENCE = (
    "The kettle, the pot and the pan each ask for their own kind of heat, and a cook who "
    "learns them early wastes far less time and far fewer onions at the stove. "
)

_OUTLINED_ESSAY = (
    "---\n"
    "title: 'Why Every Kitchen Runs on the Same Three Burners'\n"
    "description: 'A short tour of the stove.'\n"
    "---\n\n"
    f"Picture a kitchen where every pan needs its own stove. {_SENTENCE * 2}\n\n"
    "### Where the burners came from\n\n"
    f"Before the gas ring, every range was its own design. {_SENTENCE * 2}\n\n"
    "### What the three burners are\n\n"
    f"Think of them as the rulebook of the stove. {_SENTENCE}\n\n"
    "1. **The simmer ring**\n\n"
    "    * Keeps a sauce just under the boil for hours without scorching the bottom.\n\n"
    "2. **The wok burner**\n\n"
    "    * Throws a tall flame that sears the edges of the pan in seconds.\n\n"
    "3. **The oven burner**\n\n"
    "    * Heats the box evenly, so bread rises the same at the back and the front.\n\n"
    "### Why a cook should care\n\n"
    f"It changes how you plan a meal. {_SENTENCE}\n\n"
    "* **No more waiting:** three pans go on at once, each at its own heat.\n\n"
    "* **Safety by default:** the simmer ring cannot flare up under a dry pan.\n\n"
    "### What comes next\n\n"
    f"Induction hobs are taking the same shape. {_SENTENCE}\n\n"
    "Read more at [the stove guide](https://stoves.example/guide).\n"
)


def test_an_explainer_whose_points_are_bold_list_items_is_one_essay() -> None:
    issue = _load(_OUTLINED_ESSAY)
    assert [s.title for s in issue.stories] == ["Why Every Kitchen Runs on the Same Three Burners"]
    parts = [p.heading for p in issue.stories[0].parts]
    assert parts[0] == "Where the burners came from" and len(parts) == 4


def test_bold_list_items_that_each_carry_their_link_stay_a_digest() -> None:
    linked = _OUTLINED_ESSAY
    for name in ("The simmer ring", "The wok burner", "The oven burner"):
        slug = name.split()[-2]
        linked = linked.replace(f"**{name}**", f"**[{name}](https://stoves.example/{slug})**")
    assert len(_titles(linked)) > 1


_BODY = (
    "## Soil first\n\n"
    "A gardener on [the allotment blog](https://soil.example/first) explains why she tests the "
    "ground before buying a single seed, and what the kit told her.\n\n"
    "## Watering by the clock\n\n"
    "A grower times [morning and evening watering](https://water.example/clock) for a whole "
    "summer and counts the slugs.\n"
)


def test_a_list_of_the_authors_own_offers_is_not_read_as_stories() -> None:
    text = (
        "# Summer in the garden\n\n"
        "Hello! A short letter this week, as the beans need me more than you do.\n\n"
        "- Join my next [seed swap workshop](https://me.example/workshop)\n"
        "- Get my [planting calendar](https://me.example/calendar)\n"
        "- Discover my [garden design services](https://me.example/design)\n"
        "- Play the [allotment quiz game](https://quiz.example/)\n\n"
        "---\n\n" + _BODY
    )
    assert _titles(text) == ["Soil first", "Watering by the clock"]


def test_linked_calls_to_read_other_peoples_work_stay_stories() -> None:
    text = (
        "# Summer in the garden\n\n"
        "- Join [the city's seed swap](https://city.example/swap), open to every grower\n"
        "- Get [a free soil test](https://lab.example/test) from the county lab this month\n"
        "- Discover [the oldest pear tree in town](https://trees.example/pear) and its keeper\n"
    )
    assert len(_titles(text)) == 3


def test_an_archivers_metadata_list_at_the_top_is_not_a_story() -> None:
    text = (
        "# Summer in the garden\n\n"
        "- **Author:** Ada Green\n"
        "- **Published:** 2025-07-24\n"
        "- **Public source:** https://garden.example/p/summer\n"
        "- **Access at sync:** Public (audience: everyone)\n\n"
        "---\n\n"
        "Hello, a short one this week, with two pieces on the soil and the water.\n\n" + _BODY
    )
    assert _titles(text) == ["Soil first", "Watering by the clock"]


_ASCIIDOC = (
    "= Garden Roundup (July 4, 2025)\n"
    "Ada Green\n"
    "2025-07-04\n"
    ":page-type: post\n\n"
    "ifdef::env-site[:outfilesuffix: .html]\n\n"
    "Welcome to the roundup, a weekly list of what growers wrote "
    "(https://social.example/roundup[@roundup] https://garden.example/feed.xml[RSS]).\n\n"
    "== From the shed\n\n"
    "This week I moved the seed trays to the cold frame, which took longer than hoped but "
    "freed the *whole* bench. Thanks to https://ask.garden.example[the forum] for the tips.\n\n"
    "== Articles\n\n"
    "* https://soil.example/first[Why soil comes first] - The Allotment Blog\n"
    "* https://water.example/clock[Watering by the clock] - Grower's Notes\n"
    "** link:https://water.example/clock-data[the raw data] for the curious\n\n"
    "[source,text]\n"
    "----\n"
    "bed 1: beans\n"
    "----\n"
)


def test_an_asciidoc_issue_reads_its_sections_and_links() -> None:
    issue = _load(_ASCIIDOC)
    assert issue.title == "Garden Roundup (July 4, 2025)"
    assert str(issue.date) == "2025-07-04"
    stories = {s.title: s.url for s in issue.stories}
    assert list(stories)[:3] == ["From the shed", "Why soil comes first", "Watering by the clock"]
    assert stories["Why soil comes first"] == "https://soil.example/first"
    said = " ".join(p for s in issue.stories for p in s.body)
    assert "ifdef" not in said and "page-type" not in said and "[source" not in said


def test_markdown_is_not_read_as_asciidoc() -> None:
    text = "# Garden notes\n\n## Soil\n\n[Why soil comes first](https://soil.example/first)\n"
    assert not looks_like_asciidoc(text)


def test_asciidoc_markup_becomes_markdown() -> None:
    markdown = asciidoc_to_markdown(_ASCIIDOC)
    assert markdown.startswith('---\ntitle: "Garden Roundup (July 4, 2025)"\n')
    assert "## Articles" in markdown and "the **whole** bench" in markdown
    assert "  * [the raw data](https://water.example/clock-data) for" in markdown
    assert "```\nbed 1: beans\n```" in markdown


def test_a_portuguese_jobs_label_drops_the_job_ads_under_it() -> None:
    text = (
        "# Semana do jardim\n\n"
        "## Artigos\n\n"
        "[Por que o solo vem primeiro](https://solo.example/primeiro) Uma horticultora explica "
        "por que testa a terra antes de comprar qualquer semente.\n\n"
        "## Vagas\n\n"
        "[Jardineiro sênior, Parque Central (São Paulo, SP)](https://vagas.example/123) "
        "Procuramos alguém com cinco anos de experiência em canteiros públicos.\n"
    )
    assert _titles(text) == ["Por que o solo vem primeiro"]
