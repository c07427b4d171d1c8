"""Where everything sits in the episode: sentences, pauses, music, chapters and transcript cues.

Pure: computed from durations and pauses alone, so it is tested without audio. The assembler
places audio exactly where this says; chapters and cues therefore match the sound.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from digestcast.config import Pauses
from digestcast.errors import AudioError
from digestcast.models import Chapter, Clip, Cue, Segment

MusicRole = Literal["intro", "outro", "stinger"]

INTRO_BED_AFTER = 8.0  # intro music longer than this continues under the speech, ducked
INTRO_SPEECH_AT = 6.0  # ... and the speech enters at this time
OUTRO_MAX = 30.0  # outro music is cut (with a fade) after this many seconds
BED_GAIN = 0.125  # -18 dB: music under speech
RAMP = 0.5  # seconds to duck or to fade the bed out
FADE = 0.01  # a short fade on every music edge so nothing clicks
OUTRO_FADE = 3.0
CHAPTER_LEAD = 0.5  # a chapter starts this long (at most half the gap) before its first word
TAIL = 0.5  # silence after the last word when there is no outro


@dataclass(frozen=True)
class MusicLengths:
    """How long each optional piece of music is, in seconds (0 = none)."""

    intro: float = 0.0
    outro: float = 0.0
    stinger: float = 0.0


@dataclass(frozen=True)
class Placement:
    """One sentence at its place in the episode."""

    clip: int  # index into the clips
    sentence: int  # index into the clip's sentences
    start: float
    end: float


@dataclass(frozen=True)
class MusicCue:
    """A piece of music played from `start` for `duration` seconds. `envelope` holds
    (seconds from the cue's start, linear gain) points, interpolated linearly."""

    role: MusicRole
    start: float
    duration: float
    envelope: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Timeline:
    placements: tuple[Placement, ...]
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    music: tuple[MusicCue, ...]
    duration: float


def _ms(t: float) -> float:
    return round(t, 3)


def _intro(length: float, pauses: Pauses) -> tuple[float, MusicCue | None]:
    """The time the speech starts and the intro music cue."""
    if length <= 0:
        return 0.0, None
    if length <= INTRO_BED_AFTER:
        env: tuple[tuple[float, float], ...] = ((0.0, 1.0), (length - FADE, 1.0), (length, 0.0))
        return length + pauses.sentence, MusicCue("intro", 0.0, length, env)
    duck_end = INTRO_SPEECH_AT
    fade_start = max(duck_end, length - RAMP * 4)
    env = (
        (0.0, 1.0),
        (duck_end - RAMP, 1.0),
        (duck_end, BED_GAIN),
        (fade_start, BED_GAIN),
        (length, 0.0),
    )
    return INTRO_SPEECH_AT, MusicCue("intro", 0.0, length, env)


def _outro(start: float, length: float) -> MusicCue:
    played = min(length, OUTRO_MAX)
    fade = min(OUTRO_FADE, played / 4) if played < length else FADE
    env = ((0.0, 0.0), (FADE, 1.0), (played - fade, 1.0), (played, 0.0))
    return MusicCue("outro", start, played, env)


def _stinger(start: float, length: float) -> MusicCue:
    env = ((0.0, 0.0), (FADE, 1.0), (length - FADE, 1.0), (length, 0.0))
    return MusicCue("stinger", start, length, env)


def _durations(clips: Sequence[Clip], given: Sequence[Sequence[float]] | None) -> list[list[float]]:
    if given is None:
        return [[s.duration for s in c.sentences] for c in clips]
    if len(given) != len(clips) or any(
        len(d) != len(c.sentences) for d, c in zip(given, clips, strict=True)
    ):
        raise AudioError("timeline: durations do not match the clips' sentences")
    return [list(d) for d in given]


def plan_timeline(
    clips: Sequence[Clip],
    pauses: Pauses,
    *,
    durations: Sequence[Sequence[float]] | None = None,
    music: MusicLengths = MusicLengths(),
    speaker_of: Callable[[Segment], str | None] | None = None,
) -> Timeline:
    """Lay the clips out one after the other with the pauses of `pauses`.

    `durations[i][j]` is the length of sentence j of clip i as it will be played (after
    trimming); the sentences' own durations are used when absent. Consecutive clips with the same
    chapter title form one chapter; the first chapter starts at 0 and the last ends at the end.
    """
    lengths = _durations(clips, durations)
    order = [i for i, c in enumerate(clips) if c.sentences]
    if not order:
        raise AudioError("timeline: no sentences to mix")
    t, intro_cue = _intro(music.intro, pauses)
    music_cues: list[MusicCue] = [intro_cue] if intro_cue else []
    placements: list[Placement] = []
    cues: list[Cue] = []
    chapter_starts: list[tuple[float, Segment]] = [(0.0, clips[order[0]].segment)]
    speaker = speaker_of or (lambda seg: seg.speaker)
    for n, i in enumerate(order):
        clip = clips[i]
        if n > 0:
            prev_end = placements[-1].end
            prev_chapter = clips[order[n - 1]].segment.chapter
            if clip.segment.chapter == prev_chapter:
                t = prev_end + pauses.segment
            elif music.stinger > 0:
                gap = max(pauses.story, music.stinger + 2 * pauses.sentence)
                sting_at = prev_end + (gap - music.stinger) / 2
                music_cues.append(_stinger(sting_at, music.stinger))
                chapter_starts.append((sting_at, clip.segment))
                t = prev_end + gap
            else:
                t = prev_end + pauses.story
                chapter_starts.append((t - min(CHAPTER_LEAD, pauses.story / 2), clip.segment))
        for j, sentence in enumerate(clip.sentences):
            end = t + lengths[i][j]
            placements.append(Placement(i, j, t, end))
            cues.append(Cue(_ms(t), _ms(end), sentence.text, speaker(clip.segment)))
            pause = pauses.paragraph if sentence.paragraph_end else pauses.sentence
            t = end + pause
    speech_end = placements[-1].end
    if music.outro > 0:
        outro = _outro(speech_end + pauses.segment, music.outro)
        music_cues.append(outro)
        duration = outro.start + outro.duration
    else:
        duration = speech_end + TAIL
    duration = max(duration, music_cues[0].duration if intro_cue else 0.0)
    chapters = _chapters(clips, order, chapter_starts, duration)
    return Timeline(tuple(placements), chapters, tuple(cues), tuple(music_cues), duration)


def _chapters(
    clips: Sequence[Clip], order: list[int], starts: list[tuple[float, Segment]], duration: float
) -> tuple[Chapter, ...]:
    """Contiguous chapters, times rounded to the millisecond; the url and the image are the
    first ones given by the chapter's segments."""
    urls: dict[int, str | None] = {}
    images: dict[int, str | None] = {}
    k = -1
    for n, i in enumerate(order):
        seg = clips[i].segment
        if n == 0 or seg.chapter != clips[order[n - 1]].segment.chapter:
            k += 1
            urls[k] = None
            images[k] = None
        if urls[k] is None and seg.url:
            urls[k] = seg.url
        if images[k] is None and seg.image:
            images[k] = seg.image
    bounds = [_ms(s) for s, _ in starts] + [_ms(duration)]
    return tuple(
        Chapter(seg.chapter, bounds[k], bounds[k + 1], urls[k], images[k])
        for k, (_, seg) in enumerate(starts)
    )


def with_end(chapters: Sequence[Chapter], end: float) -> tuple[Chapter, ...]:
    """The chapters with the last one ending at `end` (the encoded file's true duration),
    rounded down to the millisecond so it never ends after the file."""
    if not chapters:
        return ()
    last = chapters[-1]
    fixed = dataclasses.replace(last, end=max(last.start, math.floor(end * 1000) / 1000))
    return (*chapters[:-1], fixed)


def quiet_split(timeline: Timeline, min_gap: float = 0.2) -> float | None:
    """A time near the middle of the episode where nothing sounds (the middle of a pause of at
    least `min_gap` seconds between sentences, with no music playing), or None."""
    best: float | None = None
    middle = timeline.duration / 2
    for a, b in zip(timeline.placements, timeline.placements[1:], strict=False):
        if b.start - a.end < min_gap:
            continue
        t = (a.end + b.start) / 2
        if any(m.start <= t <= m.start + m.duration for m in timeline.music):
            continue
        if best is None or abs(t - middle) < abs(best - middle):
            best = t
    return best


def shifted(timeline: Timeline, at: float, by: float) -> Timeline:
    """The timeline with everything from `at` on played `by` seconds later (a pause that grew);
    a chapter that spans `at` ends later."""

    def move(t: float) -> float:
        return _ms(t + by) if t >= at else t

    return dataclasses.replace(
        timeline,
        placements=tuple(
            dataclasses.replace(p, start=move(p.start), end=move(p.end))
            for p in timeline.placements
        ),
        chapters=tuple(
            dataclasses.replace(c, start=move(c.start), end=move(c.end)) for c in timeline.chapters
        ),
        cues=tuple(
            dataclasses.replace(c, start=move(c.start), end=move(c.end)) for c in timeline.cues
        ),
        duration=timeline.duration + by,
    )
