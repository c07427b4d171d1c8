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
