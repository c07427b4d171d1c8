"""Rules added after probing other issues of the corpus's publishers (older and newer
templates), each on a small issue written for it in the same shape."""

from __future__ import annotations

import io

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.titles import first_sentence
from digestcast.models import Issue

SETTINGS = IngestSettings()


def _load(text: str) -> Issue:
    return load_issue("-", SETTINGS, stdin=io.BytesIO(text.encode()))


def _titles(text: str) -> list[str]:
    return [s.title for s in _load(text).stories]


def test_a_stop_inside_a_closing_quote_ends_the_sentence() -> None:
    text = 'Kim asked for help to "plan the new forum." If you have ideas, write to her.'
    assert first_sentence(text) == 'Kim asked for help to "plan the new forum."'
    assert first_sentence("The vote passed (by two seats.) Then the hall emptied.") == (
        "The vote passed (by two seats.)"
    )


RIVER = """# River Notes 12

Welcome back to the weekly letter about our river towns.

## Boats

[**Half-price ferry tickets for students**](https://example.org/ferry)<BR>
The island line cuts fares for anyone with a student card from March. *SPONSORED*

[**"My kids finally like mornings!" —Ana**](https://example.org/ref)<BR>
A breakfast box delivered to your door every week, pick the fruit you like. *REFERRAL*

[Lock gates get new motors](https://example.org/locks): the old ones ran for forty years.

[Night boats return to the lake](https://example.org/night): three crossings a week again.

[A referral system for the harbor clinic](https://example.org/clinic): the clinic now takes
patients sent by any family doctor in the valley, the board said on Monday.
""".replace("<BR>", "  ")  # two trailing spaces: a hard line break after the title


def test_an_item_marked_referral_is_a_paid_link_not_a_story() -> None:
    titles = _titles(RIVER)
    assert "Lock gates get new motors" in titles
    assert "Night boats return to the lake" in titles
    assert "A referral system for the harbor clinic" in titles
    assert not any("mornings" in t or "ferry" in t.lower() for t in titles)


CHAIN = """---
title: 'Ledger Weekly #12'
---
This week's letter covers a wallet release and notable changes.

## Action items

*None this week.*

## News

- **Wallet adds fee bumping:** The desktop wallet can now raise the fee of a stuck payment
  by replacing it with one that pays more, a long requested feature for busy days.

- **Exchange publishes audit:** The exchange released the audit of its reserves, signed by
  two outside firms, with the full list of addresses it controls.

## Footnotes

[^fee-table]:
    Fees paid before and after the change, in a table rendered by the site.
"""


def test_a_section_saying_none_this_week_and_the_footnotes_are_not_stories() -> None:
    titles = _titles(CHAIN)
    assert titles == ["Wallet adds fee bumping", "Exchange publishes audit"]


CONFS = """# Frontend Letter 88

## Articles

- [Routing without a framework](https://example.org/routing): a tour of the history API and
  how far it gets you before you need a router library.
- [Forms that survive a reload](https://example.org/forms): keeping drafts in session
  storage, with the pitfalls of private windows.
- [Harbor Conf](https://example.org/conf) - Lisbon - 4 May - Get a 15% discount with code
  LETTER. The full line-up is out, see the website!
- [Testing animations](https://example.org/anim): freezing time in tests so transitions do
  not make them flaky.
"""


def test_a_conference_item_with_a_discount_code_is_an_ad() -> None:
    titles = _titles(CONFS)
    assert "Harbor Conf" not in titles
    assert titles == [
        "Routing without a framework",
        "Forms that survive a reload",
        "Testing animations",
    ]


COMPILER = """---
title: 'Issue #40'
---

A quiet week, but a few good pull requests landed.

{% include sponsor.html %}

### Pull requests

[Ann Ruiz](https://example.org/ann) has [opened](https://example.org/pr/1) a pull request
that adds a new target for small boards to the compiler. It is the first one from outside the
core team this year, with tests for each of the three chips it supports:

{% highlight swift %}
#if os(Board)
// ...
#endif
{% endhighlight %}

Work this week centered on faster builds:

- [Bo Lin](https://example.org/bo) merged a change that caches parsed modules between runs.
- [Cy Moss](https://example.org/cy) opened a draft that skips unchanged files entirely.
- [Di Park](https://example.org/di) merged a fix for stale caches after a branch switch.

[Ed Quinn](https://example.org/ed) opened a pull request that lets the package tool build
with the address sanitizer on.

[Fay Roe](https://example.org/fay) fixed one of the starter tasks from last week's issue.

### Mailing lists

[Gus Hale](https://example.org/gus) sent an email explaining how the compiler lays out the
type records of a module.

[Gus Hale](https://example.org/gus) proposed a plan to drop the old flags before the next
major release.
"""


def test_paragraphs_after_a_list_and_a_persons_link_twice_are_stories_of_their_own() -> None:
    issue = _load(COMPILER)
    titles = [s.title for s in issue.stories]
    assert any(t.startswith("Ed Quinn opened a pull request") for t in titles)
    assert any(t.startswith("Fay Roe fixed one of the starter tasks") for t in titles)
    assert any(t.startswith("Bo Lin merged") for t in titles)
    assert any(t.startswith("Gus Hale sent an email") for t in titles)
    assert any(t.startswith("Gus Hale proposed a plan") for t in titles)
    spoken = " ".join(p for s in issue.stories for p in s.body)
    assert "{%" not in spoken and "#if os" not in spoken  # Liquid tags and code not read


LOOSE = """---
title: 'Harbor Weekly: it''s ferry season'
---

# News

- [Introducing tidewatch.io](https://example.org/tide)

  [tidewatch.io](https://tidewatch.io) is a tide table as a service, with alerts for
  every harbor on the coast.

- Harbor crane count reached 1,000

  It took less than three years since the [previous milestone](https://example.org/500).

- [Night ferry timetable](https://example.org/night)

  The night ferry runs again from May, twice a week.
"""


def test_a_loose_list_items_text_paragraph_is_not_part_of_its_title() -> None:
    issue = _load(LOOSE)
    assert issue.title == "Harbor Weekly: it's ferry season"
    assert [s.title for s in issue.stories] == [
        "Introducing tidewatch.io",
        "Harbor crane count reached 1,000",
        "Night ferry timetable",
    ]
    assert issue.stories[0].body[0].startswith("tidewatch.io is a tide table")


CHANGES = """# Tide Tools Weekly 9

## Interesting discussions

- [Ideas for a better tide chart widget](https://example.org/list/1)
- [Crash when zooming out on old tablets](https://example.org/list/2)

## Merged pull requests

- [Fix crash when the harbor list is empty](https://github.com/tide/tide/pull/601)
- [Add support for metric depth units](https://github.com/tide/tide/pull/598)
- [Speed up loading of long tide tables](https://github.com/tide/tide/pull/590)

## Bug of the week

- [Bug 77 - chart colors wrong after a theme change](https://example.org/bug/77)

The reporter attached a small sample file that made it easy to find.
"""


# (Changes under a label saying the editors picked them, "Notable changes", are stories of
# their own: tests/ingest/test_probe_layout_rules.py.)
def test_a_changelog_read_as_one_story_reads_its_entries() -> None:
    issue = _load(CHANGES)
    story = next(s for s in issue.stories if s.title == "Merged pull requests")
    assert story.body == (
        "Fix crash when the harbor list is empty",
        "Add support for metric depth units",
        "Speed up loading of long tide tables",
    )


SHORT_LINES = """# Harbor Tech 4

# News

- [RFC](https://example.org/rfc/12) on renaming the harbor codes
- [Crane telemetry](https://example.org/crane) landed in the main branch
- [Released tidewatch 0.4.1](https://example.org/tide)
- [Perspec](https://example.org/perspec) by Ana Silva
"""


def test_a_short_line_going_on_from_its_one_word_link_is_the_title() -> None:
    assert _titles(SHORT_LINES) == [
        "RFC on renaming the harbor codes",
        "Crane telemetry landed in the main branch",
        "Released tidewatch 0.4.1",
        "Perspec",  # "by Ana Silva" is a byline, not more of the title
    ]


QUOTED = """# Harbor Weekly 300

## Featured

- [Episode 12 – Ana Silva](https://example.org/ep12) by The Harbor Hour
  > Today on the Harbor Hour, Ana talks about forty years of ferry timetables.

- [Tide tables in the browser](https://example.org/tide) by Bo Lin, Cy Moss
  > We show how to compute a tide table from harmonic constants in a web page.

- [A faster crane scheduler](https://example.org/crane) by Dana Ortiz Vega
  > The new scheduler plans a whole day of crane moves in under a second.
"""


def test_an_items_quote_is_its_body_and_its_by_line_a_byline() -> None:
    stories = _load(QUOTED).stories
    assert [s.title for s in stories] == [
        "Episode 12 – Ana Silva",
        "Tide tables in the browser",
        "A faster crane scheduler",
    ]
    assert stories[1].byline == "Bo Lin, Cy Moss"
    assert stories[2].byline == "Dana Ortiz Vega"
    assert stories[2].body == (
        "The new scheduler plans a whole day of crane moves in under a second.",
    )


PAST = """# 港口周刊（第 52 期）

## 新闻

1、[渡轮恢复夜班](https://example.org/ferry)

港口的夜班渡轮从五月起恢复运行，每周两班。

2、[新码头动工](https://example.org/pier)

东岸的新码头本周开始施工，预计明年完工。

## 历史上的本周

2024年（第 40 期）：[潮汐表的故事](https://example.org/issue-40.html)

2023年（第 28 期）：[灯塔为什么是白色的](https://example.org/issue-28.html)

## 订阅

这个周刊每周五发布，搜索“港口周刊”即可订阅。
"""


def test_a_section_of_the_newsletters_past_issues_and_a_subscribe_note_are_not_stories() -> None:
    assert _titles(PAST) == ["渡轮恢复夜班", "新码头动工"]


CODE = """# Tools Weekly 3

## Releases

- [Crane 2.0](https://example.org/crane): the config is now one short file.

  ```toml
  [crane]
  speed = 3
  ```

  It loads twice as fast as before.

## Quote of the Week

```text
<ana> the crane config is shorter than my shopping list now
```

Ana on the new release.
"""


def test_a_code_block_in_a_language_is_not_read_but_a_plain_text_block_is() -> None:
    stories = _load(CODE).stories
    crane = " ".join(stories[0].body)
    assert "speed" not in crane and "It loads twice as fast" in crane
    quote = " ".join(stories[1].body)
    assert "shopping list" in quote
