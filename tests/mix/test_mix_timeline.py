"""The timeline is pure: sentence, chapter and cue times from durations and pauses alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestcast.config import Pauses
from digestcast.errors import AudioError
from digestcast.mix.timeline import (
    BED_GAIN,
    INTRO_SPEECH_AT,
    TAIL,
    MusicLengths,
    plan_timeline,
    with_end,
)
from digestcast.models import Clip, Segment, SpokenSentence

PAUSES = Pauses(sentence=0.3, paragraph=0.6, segment=0.9, story=1.5)


def make_clip(
    chapter: str,
    *durations: float,
    url: str | None = None,
    para: int = -1,
    image: str | None = None,
) -> Clip:
    seg = Segment("story", chapter, "x", "x", "joe", url=url, speaker="Host", image=image)
    sentences = tuple(
        SpokenSentence(f"{chapter} {k}", Path(f"{chapter}-{k}.wav"), d, k == para)
        for k, d in enumerate(durations)
    )
    return Clip(seg, sentences, 22050)


def test_pauses_between_sentences_paragraphs_segments_and_stories() -> None:
    clips = [
        make_clip("Intro", 2.0, 1.0, para=0),
        make_clip("Intro", 1.5),
        make_clip("Story A", 3.0, url="https://a.example/1"),
    ]
    tl = plan_timeline(clips, PAUSES)
    starts = [round(p.start, 6) for p in tl.placements]
    # 2.0 + paragraph 0.6 -> 2.6; +1.0 + segment 0.9 -> 4.5; +1.5 + story 1.5 -> 7.5
    assert starts == [0.0, 2.6, 4.5, 7.5]
    assert tl.duration == pytest.approx(7.5 + 3.0 + TAIL)
    assert [c.title for c in tl.chapters] == ["Intro", "Story A"]
    assert tl.chapters[0].start == 0.0
    assert tl.chapters[1].start == pytest.approx(7.0)  # half a second before its first word
    assert tl.chapters[1].url == "https://a.example/1"
    assert tl.chapters[-1].end == pytest.approx(tl.duration)


def test_durations_override_the_sentences_own() -> None:
    clips = [make_clip("A", 5.0, 5.0)]
    tl = plan_timeline(clips, PAUSES, durations=[[1.0, 2.0]])
    assert [(p.start, p.end) for p in tl.placements] == [(0.0, 1.0), (1.3, 3.3)]
    with pytest.raises(AudioError, match="durations"):
        plan_timeline(clips, PAUSES, durations=[[1.0]])


def test_cues_one_per_sentence_with_speaker_and_ms_times() -> None:
    clips = [make_clip("A", 1.23456, 2.0)]
    tl = plan_timeline(clips, PAUSES, speaker_of=lambda seg: "Ann")
    assert [(c.start, c.end, c.text, c.speaker) for c in tl.cues] == [
        (0.0, 1.235, "A 0", "Ann"),
        (1.535, 3.535, "A 1", "Ann"),
    ]


def test_url_taken_from_any_segment_of_the_chapter_and_empty_clips_skipped() -> None:
    clips = [make_clip("A", 1.0), make_clip("Empty"), make_clip("A", 1.0, url="https://x.example/")]
    tl = plan_timeline(clips, PAUSES)
    assert len(tl.chapters) == 1
    assert tl.chapters[0].url == "https://x.example/"
    assert tl.placements[1].start == pytest.approx(1.0 + PAUSES.segment)


def test_image_taken_from_the_first_segment_of_the_chapter_that_has_one() -> None:
    first, second = "https://x.example/1.jpg", "https://x.example/2.jpg"
    clips = [
        make_clip("A", 1.0),
        make_clip("A", 1.0, image=first),
        make_clip("A", 1.0, image=second),
        make_clip("B", 1.0),
    ]
    tl = plan_timeline(clips, PAUSES)
    assert [c.image for c in tl.chapters] == [first, None]
    fixed = with_end(plan_timeline(clips[1:3], PAUSES).chapters, 9.0)
    assert fixed[-1].image == first and fixed[-1].end == 9.0


def test_no_sentences_is_an_error() -> None:
    with pytest.raises(AudioError, match="no sentences"):
        plan_timeline([make_clip("A")], PAUSES)


def test_stinger_sits_in_the_gap_and_starts_the_chapter() -> None:
    clips = [make_clip("A", 2.0), make_clip("B", 2.0)]
    tl = plan_timeline(clips, PAUSES, music=MusicLengths(stinger=2.0))
    (sting,) = tl.music
    gap = max(PAUSES.story, 2.0 + 2 * PAUSES.sentence)
    assert sting.role == "stinger"
    assert sting.start == pytest.approx(2.0 + (gap - 2.0) / 2)
    assert tl.chapters[1].start == pytest.approx(sting.start, abs=0.001)
    assert tl.placements[1].start == pytest.approx(2.0 + gap)
    assert sting.start + sting.duration <= tl.placements[1].start


def test_short_intro_plays_before_speech_and_outro_after() -> None:
    clips = [make_clip("A", 2.0)]
    tl = plan_timeline(clips, PAUSES, music=MusicLengths(intro=3.0, outro=4.0))
    intro, outro = tl.music
    assert tl.placements[0].start == pytest.approx(3.0 + PAUSES.sentence)
    assert outro.start == pytest.approx(tl.placements[0].end + PAUSES.segment)
    assert tl.duration == pytest.approx(outro.start + 4.0)
    assert tl.chapters[0].start == 0.0 and tl.chapters[0].end == pytest.approx(tl.duration)
    assert intro.envelope[-1] == (3.0, 0.0)


def test_long_intro_becomes_a_ducked_bed_under_the_speech() -> None:
    clips = [make_clip("A", 20.0)]
    tl = plan_timeline(clips, PAUSES, music=MusicLengths(intro=15.0))
    (intro,) = tl.music
    assert tl.placements[0].start == INTRO_SPEECH_AT
    gains = dict(intro.envelope)
    assert gains[INTRO_SPEECH_AT] == BED_GAIN
    assert gains[15.0] == 0.0


def test_with_end_moves_only_the_last_chapter_end() -> None:
    tl = plan_timeline([make_clip("A", 1.0), make_clip("B", 1.0)], PAUSES)
    fixed = with_end(tl.chapters, 4.0123)
    assert fixed[0] == tl.chapters[0]
    assert fixed[1].end == 4.012


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.lists(st.floats(0.05, 20.0), min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_chapters_are_contiguous_and_cues_increase(spec: list[tuple[str, list[float]]]) -> None:
    clips = [make_clip(ch, *ds) for ch, ds in spec]
    tl = plan_timeline(clips, PAUSES)
    assert tl.chapters[0].start == 0.0
    for a, b in zip(tl.chapters, tl.chapters[1:], strict=False):
        assert a.end == b.start and a.start < a.end
        assert a.title != b.title
    assert tl.chapters[-1].end == round(tl.duration, 3)
    for a, b in zip(tl.cues, tl.cues[1:], strict=False):
        assert a.start < a.end <= b.start
    assert tl.cues[-1].end <= tl.duration
    # every word of a chapter is inside it
    for cue, placement in zip(tl.cues, tl.placements, strict=True):
        title = clips[placement.clip].segment.chapter
        ch = next(c for c in tl.chapters if c.start <= cue.start < c.end)
        assert ch.title == title
