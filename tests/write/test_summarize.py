"""The extractive summarizer: order kept, budget met, no dangling references."""

from __future__ import annotations

from digestcast.write.summarize import rank, sentences, summarize, takeaways

PARAGRAPHS = [
    "Solar farms in Chile produced record power in March. The grid operator said output rose "
    "by a third. It credited new panels. Engineers installed the panels over the winter.",
    "Storage remains the bottleneck for solar power in Chile. Batteries at the farms store "
    "solar power for the evening peak. This helps the grid. The government plans more "
    "battery storage for solar farms next year.",
]


def test_sentences_split_with_pysbd() -> None:
    assert sentences("Dr. Smith came at 3 p.m. today. He left.") == [
        "Dr. Smith came at 3 p.m. today.",
        "He left.",
    ]


def test_rank_prefers_central_sentences() -> None:
    items = [s for p in PARAGRAPHS for s in sentences(p)]
    scores = rank(items)
    assert len(scores) == len(items)
    central = items.index("Storage remains the bottleneck for solar power in Chile.")
    assert scores[central] > scores[items.index("This helps the grid.")]


def test_summary_keeps_order_budget_and_antecedents() -> None:
    items = [s for p in PARAGRAPHS for s in sentences(p)]
    summary = summarize(PARAGRAPHS, 30)
    assert 1 <= len(summary) < len(items)
    assert sum(len(s.split()) for s in summary) <= 30
    positions = [items.index(s) for s in summary]
    assert positions == sorted(positions)
    for s in summary:
        if s.startswith(("It ", "This ")):
            assert items[items.index(s) - 1] in summary


def test_takeaways_are_two_to_four_short_points() -> None:
    points = takeaways(PARAGRAPHS, 3)
    assert 2 <= len(points) <= 3
    assert all(len(p.split()) <= 25 and not p.startswith(("It ", "This ")) for p in points)
    assert takeaways(PARAGRAPHS, 9) and len(takeaways(PARAGRAPHS, 9)) <= 4


FERRY = [
    "The ferry company runs nine boats across the bay. Riders have long asked how often the "
    "boats break down. Until this month, the company kept its repair logs private. But on "
    "Monday, the company published the logs, revealing that a boat breaks down about once a "
    "month across the whole fleet. That is far better than riders had guessed. Harbor "
    "officials said the boats are inspected every spring. The harbor also repainted its "
    "docks this year. Several riders said the new schedule is easier to read. The bay "
    "itself freezes in hard winters, when the boats stay in port."
]


def test_a_sentence_that_leans_back_comes_with_what_it_leans_on() -> None:
    summary = summarize(FERRY, 60)
    key = next(s for s in sentences(FERRY[0]) if s.startswith("But on Monday"))
    assert key in summary  # the best sentence is not dropped for opening with "But"
    before = "Until this month, the company kept its repair logs private."
    assert before in summary  # and what its "But" answers is read before it
    assert sum(len(s.split()) for s in summary) <= 60


MARKET = [
    "The town market opens every Saturday on the square. The market sells bread, fish and "
    "vegetables from the farms nearby. Stalls at the market pay a small fee to the town. The "
    "town council runs the market with volunteers. A first count of visitors found about two "
    "thousand people each Saturday. The market also hosts music in the summer."
]


def test_a_title_picks_the_sentence_that_says_what_it_announces() -> None:
    counted = "A first count of visitors found about two thousand people each Saturday."
    assert counted not in summarize(MARKET, 30)  # the market's central sentences win
    about = summarize(MARKET, 30, "Market counts its visitors for the first time")
    assert counted in about
    assert sum(len(s.split()) for s in about) <= 30
