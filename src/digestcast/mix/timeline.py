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
from digestcast.mix.transcript import written_lines
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


class TimelineBuilder:
    """Lays the clips out sentence by sentence, in order, as their lengths become known: a
    sentence's place depends only on the sentences before it. `plan_timeline` feeds it every
    length at once; the live mix feeds it each sentence as it is synthesized."""

    def __init__(
        self,
        clips: Sequence[Clip],
        pauses: Pauses,
        *,
        music: MusicLengths = MusicLengths(),
        speaker_of: Callable[[Segment], str | None] | None = None,
    ) -> None:
        self._clips = clips
        self._pauses = pauses
        self._music = music
        self._speaker = speaker_of or (lambda seg: seg.speaker)
        self._order = [i for i, c in enumerate(clips) if c.sentences]
        if not self._order:
            raise AudioError("timeline: no sentences to mix")
        self._t, intro_cue = _intro(music.intro, pauses)
        self._intro_cue = intro_cue
        self._music_cues: list[MusicCue] = [intro_cue] if intro_cue else []
        self._placements: list[Placement] = []
        self._cues: list[Cue] = []
        self._written: dict[int, list[str | None]] = {}  # a clip's transcript lines
        self._chapter_starts: list[tuple[float, Segment]] = [(0.0, clips[self._order[0]].segment)]
        self._n = 0  # position in _order of the clip being placed
        self._j = 0  # its next sentence

    @property
    def done(self) -> bool:
        return self._n >= len(self._order)

    @property
    def placements(self) -> tuple[Placement, ...]:
        return tuple(self._placements)

    def next_start(self) -> float:
        """When the next sentence starts (nothing placed later sounds earlier)."""
        if self._j == 0 and self._n > 0 and not self.done:
            return self._clip_start(dry_run=True)
        return self._t

    def _clip_start(self, dry_run: bool = False) -> float:
        """The start of clip _order[_n] after the previous clip (a pause, a chapter, a
        stinger); records the chapter and the stinger unless `dry_run`."""
        clips, pauses, music = self._clips, self._pauses, self._music
        clip = clips[self._order[self._n]]
        prev_end = self._placements[-1].end
        prev_chapter = clips[self._order[self._n - 1]].segment.chapter
        if clip.segment.chapter == prev_chapter:
            return prev_end + pauses.segment
        if music.stinger > 0:
            gap = max(pauses.story, music.stinger + 2 * pauses.sentence)
            sting_at = prev_end + (gap - music.stinger) / 2
            if not dry_run:
                self._music_cues.append(_stinger(sting_at, music.stinger))
                self._chapter_starts.append((sting_at, clip.segment))
            return prev_end + gap
        t = prev_end + pauses.story
        if not dry_run:
            self._chapter_starts.append((t - min(CHAPTER_LEAD, pauses.story / 2), clip.segment))
        return t

    def place(self, length: float) -> Placement:
        """Place the next sentence, `length` seconds long as it will be played."""
        if self.done:
            raise AudioError("timeline: more sentences than the clips hold")
        i = self._order[self._n]
        clip = self._clips[i]
        if self._j == 0 and self._n > 0:
            self._t = self._clip_start()
        sentence = clip.sentences[self._j]
        t = self._t
        end = t + length
        placement = Placement(i, self._j, t, end)
        self._placements.append(placement)
        self._add_cue(i, t, end, sentence.text)
        pause = self._pauses.paragraph if sentence.paragraph_end else self._pauses.sentence
        self._t = end + pause
        self._j += 1
        if self._j == len(clip.sentences):
            self._n, self._j = self._n + 1, 0
        return placement

    def _add_cue(self, i: int, start: float, end: float, spoken: str) -> None:
        """The transcript's cue for the sentence: the written sentence(s) it speaks, or the
        cue before it lengthened while a written sentence goes on."""
        if i not in self._written:
            clip = self._clips[i]
            self._written[i] = written_lines(clip.segment, [s.text for s in clip.sentences])
        text = self._written[i][self._j]
        if text is None and self._cues:
            self._cues[-1] = dataclasses.replace(self._cues[-1], end=_ms(end))
            return
        speaker = self._speaker(self._clips[i].segment)
        self._cues.append(Cue(_ms(start), _ms(end), text or spoken, speaker))

    def finish(self) -> Timeline:
        """The timeline, once every sentence is placed."""
        if not self.done:
            raise AudioError("timeline: sentences left to place")
        speech_end = self._placements[-1].end
        music_cues = list(self._music_cues)
        if self._music.outro > 0:
            outro = _outro(speech_end + self._pauses.segment, self._music.outro)
            music_cues.append(outro)
            duration = outro.start + outro.duration
        else:
            duration = speech_end + TAIL
        duration = max(duration, music_cues[0].duration if self._intro_cue else 0.0)
        chapters = _chapters(self._clips, self._order, self._chapter_starts, duration)
        return Timeline(
            tuple(self._placements), chapters, tuple(self._cues), tuple(music_cues), duration
        )


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
    builder = TimelineBuilder(clips, pauses, music=music, speaker_of=speaker_of)
    for row in lengths:
        for length in row:
            builder.place(length)
    return builder.finish()


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
