"""Transcripts carry the written form ("GPT-5.2", "2026", "NotebookLM"), each cue on the
sentence the engine spoke; captions are at most two lines of 42 characters, the same in SRT
and VTT. Golden files in tests/data/transcripts (refresh: DIGESTCAST_REFRESH_GOLDEN=1)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from pathlib import Path

import pytest
import srt
import webvtt

from digestcast.config import Pauses, Settings
from digestcast.mix.timeline import plan_timeline
from digestcast.mix.transcript import captions, to_srt, to_text, to_vtt, written_lines
from digestcast.models import Clip, Cue, Issue, Segment, SpokenSentence, Story, Utterance
from digestcast.sbd import SentenceSplitter
from digestcast.write import write_script

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "transcripts"
ISSUE = Issue(
    "Model Notes",
    (
        Story(
            "GPT-5.2 reaches NotebookLM",
            (
                "OpenAI shipped GPT-5.2 on 3 March 2026, and NotebookLM now uses it for audio "
                "overviews on the iPhone and on the web, at $20 a month for about 1,500 pages.",
                "Reviewers found that summaries of long PDFs improved by 12% on the team's own "
                "benchmark, while the iPhone app opens twice as fast as version 1.4 did.",
            ),
        ),
        Story(
            "Tidewater 2.1 forecasts rain",
            (
                "Harbor Labs released Tidewater 2.1, an open model that predicts rainfall for "
                "the next 6 hours at 1 km resolution on a single 24 GB GPU.",
            ),
        ),
    ),
    dt.date(2026, 3, 4),
)


def _clips(segments: tuple[Segment, ...]) -> list[Clip]:
    """Clips as the speak stage makes them, each sentence 0.4 s a word (no audio needed)."""
    splitter = SentenceSplitter("en")
    return [
        Clip(
            seg,
            tuple(
                SpokenSentence(
                    s.text, Path("unused.wav"), 0.4 * len(s.text.split()), s.paragraph_end
                )
                for s in splitter.split(seg.spoken)
            ),
            22050,
        )
        for seg in segments
    ]


def _cues() -> tuple[Cue, ...]:
    script = write_script(ISSUE, Settings())
    return plan_timeline(_clips(script.segments), Pauses()).cues


def test_cues_show_the_written_sentence_at_the_spoken_time() -> None:
    cues = _cues()
    text = " ".join(c.text for c in cues)
    for written in ("GPT-5.2", "NotebookLM", "iPhone", "2026", "$20", "1,500", "12%", "1.4"):
        assert written in text, written
    for spoken in ("G-P-T", "five point two", "i Phone", "twenty twenty-six", "Notebook L-M"):
        assert spoken not in text, spoken
    assert all(a.end <= b.start for a, b in itertools.pairwise(cues))


@pytest.mark.parametrize(("name", "render"), [("vtt", to_vtt), ("srt", to_srt), ("txt", to_text)])
def test_golden_transcripts(name: str, render: object) -> None:
    assert callable(render)
    got = render(_cues(), speakers=False)
    path = GOLDEN / f"model-notes.{name}"
    if os.environ.get("DIGESTCAST_REFRESH_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_captions_are_two_short_lines_with_the_same_times(tmp_path: Path) -> None:
    cues = _cues()
    subs = list(srt.parse(to_srt(cues, speakers=False)))
    path = tmp_path / "t.vtt"
    path.write_text(to_vtt(cues, speakers=False), encoding="utf-8")
    parsed = list(webvtt.read(str(path)))
    assert len(parsed) == len(subs) > len(cues)
    for sub, cue in zip(subs, parsed, strict=True):
        lines = sub.content.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), lines
        assert cue.text == sub.content
        ms = round(sub.start.total_seconds() * 1000)
        h, m, s = ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60
        assert cue.start == f"{h:02d}:{m:02d}:{s:02d}.{ms % 1000:03d}"
    # a long sentence breaks after a clause, not mid-phrase
    long = Cue(
        0.0,
        10.0,
        "OpenAI shipped GPT-5.2 on 3 March 2026, and NotebookLM now uses it "
        "for audio overviews on the iPhone and on the web.",
    )
    first = captions([long])[0]
    assert first.text.endswith(",") and first.end < 10.0


def test_a_sentence_spoken_in_two_parts_is_one_cue() -> None:
    said = (
        Utterance("Alpha beta, gamma.", "Alpha beta. Gamma.", True),
        Utterance("Delta 5.", "Delta five.", True),
    )
    seg = Segment("story", "S", "x", "Alpha beta. Gamma.\n\nDelta five.", "joe", utterances=said)
    assert written_lines(seg, ["Alpha beta.", "Gamma.", "Delta five."]) == [
        "Alpha beta, gamma.",
        None,
        "Delta 5.",
    ]
    clips = [
        Clip(
            seg,
            tuple(
                SpokenSentence(t, Path("x.wav"), 1.0)
                for t in ("Alpha beta.", "Gamma.", "Delta five.")
            ),
            22050,
        )
    ]
    cues = plan_timeline(clips, Pauses()).cues
    assert [c.text for c in cues] == ["Alpha beta, gamma.", "Delta 5."]
    assert cues[0].start == 0.0 and cues[0].end == pytest.approx(2.3)
    # the spoken text alone when no written form is known (a segment made elsewhere)
    bare = Segment("story", "S", "x", "Delta five.", "joe")
    assert written_lines(bare, ["Delta five."]) == ["Delta five."]
