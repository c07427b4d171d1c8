"""What a listener heard wrong in the spoken scripts of every corpus and held-out issue, fixed
in general: points that repeat the story or come from another item, a title whose text goes on
from it, a list cut in two, a byline or a card's reading time read. Texts are our own."""

from __future__ import annotations

from digestcast.models import Story
from digestcast.write.cleanup import readable_body
from digestcast.write.content import carry_title, roundup, story_content
from digestcast.write.sentences import split_long
from digestcast.write.summarize import takeaways


def test_points_in_letters_without_spaces_do_not_repeat_what_was_read() -> None:
    body = ["港の新しい橋が来月開通する。 工事は三年かかった。", "市長は式典に出席する予定だ。"]
    content = story_content(Story("新しい橋", body), "standard")
    said = " ".join(content.summary) + (content.lead or "")
    assert all(point not in said for point in content.takeaways)
    assert not content.takeaways  # the whole story was read: nothing is left to take away


def test_a_letters_closing_is_no_point() -> None:
    paragraphs = [
        "The seed library opens every Saturday in the old school hall on Mill Lane. "
        "Volunteers sort the packets by month of sowing and by colour of the flower. "
        "Bring your own envelopes and a pencil for the labels, please. "
        "Until next time, and happy sowing to all of you out there.",
    ]
    points = takeaways(paragraphs, 4)
    assert points and not any(p.lower().startswith("until next time") for p in points)


def test_a_point_that_goes_on_from_a_sentence_before_is_not_taken() -> None:
    paragraphs = [
        "The council counted the cyclists on the river path for a whole year. "
        "Counters on the two bridges are then used to check the numbers every month. "
        "Riders in three other towns have also asked for counters on their paths. "
        "The path carried eleven thousand riders in the busiest week of June.",
    ]
    points = takeaways(paragraphs, 4)
    assert not any(" then " in p or " also " in p or " other " in p for p in points)


def test_a_roundup_of_headlined_items_gives_no_points() -> None:
    body = [
        "Ferry fares go up. The harbor board raised fares by a quarter from March.",
        "A new bakery opens. It sells one rye loaf and sells out by nine every morning.",
        "Nurses stage a strike. Staff at two clinics walked out over pay on Monday.",
    ]
    assert roundup(body)
    assert not story_content(Story("Around town", body), "standard").takeaways
    assert not roundup(["The harbor board met for six hours on Monday and agreed on the plan."])


def test_a_text_that_goes_on_from_its_title_reads_the_title_once_as_its_subject() -> None:
    assert carry_title("Quayside #1412", "adds a night timetable for the ferries.") == (
        "Quayside #1412 adds a night timetable for the ferries.",
        True,
    )
    assert carry_title("Winner of the day", "\u2026 is the rowing club.")[0] == (
        "Winner of the day is the rowing club."
    )
    assert carry_title("Night ferries", "npm 10 is out.") == ("npm 10 is out.", False)
    content = story_content(Story("Quayside #1412", ["adds a night timetable."]), "standard")
    assert content.titled and content.lead == "Quayside #1412 adds a night timetable."


def test_a_list_is_not_cut_before_its_last_item() -> None:
    sentence = (
        "The kit runs on Linux, Windows, and Mac without any drivers installed, including "
        "the sensors that measure the light, the sound, the heat and the wind over the "
        "garden, the pond and the orchard at the end of the long lane."
    )
    parts = split_long(sentence, 30)
    assert len(parts) > 1
    assert "Linux, Windows, and Mac" in parts[0]


def test_a_byline_in_another_language_and_a_cards_reading_time_are_not_read() -> None:
    body, _ = readable_body(
        Story(
            "Il ponte",
            [
                "a cura di Marta Rossi",
                "Harbor Review \u00b7 7 min New ferries need no crew on the short crossing.",
            ],
        )
    )
    assert list(body) == ["New ferries need no crew on the short crossing."]


def test_a_day_and_month_opening_a_sentence_is_no_footnote() -> None:
    from digestcast.write.lint import WRITTEN_CHECKS

    footnote = dict(WRITTEN_CHECKS)["footnote"]
    assert footnote.search("18 Dec \u2014 3 Jan, Town Hall.") is None
    assert footnote.search("1 Yes, the ferry was late.") is not None
