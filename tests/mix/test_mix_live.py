"""The live mix: an episode mixed and encoded while its sentences are synthesized (fake threaded
engine in a real worker process, real ffmpeg), read back by ffprobe, mutagen and ffmpeg."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from digestcast.config import Pauses, Settings, VoiceSettings
from digestcast.mix import mix_episode, start_live_mix
from digestcast.mix.encode import decode_blocks
from digestcast.mix.live import LiveMix
from digestcast.mix.timeline import MusicLengths, TimelineBuilder, plan_timeline
from digestcast.models import Clip, Script, Segment, SpokenSentence
from digestcast.pipeline.resources import LiveWhenSlow
from digestcast.speak import plan_speech, speak_script, synthesize
from digestcast.speak.cache import open_cache
from digestcast.speak.local import LocalExecutor
from digestcast.speak.registry import BUILTIN_ENGINES, EngineRegistry
from tests.mix.mix_audio import ffmpeg_loudness, ffprobe
from tests.speak.conftest import make_script, write_profile
from tests.speak.speak_fakes import FastToneEngine, ThreadedToneEngine

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
]


def story(k: int, sentences: int = 4) -> str:
    return " ".join(
        " ".join(WORDS[(k + j + i) % len(WORDS)] for i in range(8)).capitalize() + "."
        for j in range(sentences)
    )


@pytest.fixture
def registry() -> EngineRegistry:
    engines = (*BUILTIN_ENGINES, ThreadedToneEngine, FastToneEngine)
    return EngineRegistry({e.engine_id: e for e in engines})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    voices = tmp_path / "voices"
    voices.mkdir()
    # Sentences arrive over time, two at once, from one worker process (as with Piper).
    write_profile(voices, "tone", "tone-threads", delay=0.05, pitch=300.0)
    write_profile(voices, "quiet", "tone-threads", delay=0.05, pitch=300.0, amplitude=0.03)
    write_profile(voices, "fast", "tone-fast", pitch=300.0, seconds_per_word=0.5)
    return Settings(
        voices=VoiceSettings(dir=voices), cache_dir=tmp_path / "cache", output_dir=tmp_path / "out"
    )


def speak_live(
    script: Script, settings: Settings, registry: EngineRegistry, live: LiveMix
) -> tuple[Clip, ...]:
    """The speak stage as a build runs it: the live mix hears the speech once the engines are
    measured slow (pipeline.resources.LiveWhenSlow)."""
    plan = plan_speech(script, settings, open_cache(settings), registry)
    with contextlib.closing(LocalExecutor(2)) as executor:
        return synthesize(plan, executor, listener=LiveWhenSlow(live, plan, 2))


def decoded(path: Path) -> np.ndarray:
    return np.concatenate(list(decode_blocks(path, 22050, 1 << 16)))


def test_live_episode_is_the_usual_episode(
    settings: Settings, registry: EngineRegistry, tmp_path: Path
) -> None:
    script = make_script(*(story(k) for k in range(5)))
    live = start_live_mix(settings, tmp_path / "live")
    assert live is not None
    clips = speak_live(script, settings, registry, live)
    offered = live.finish(clips)
    assert offered is not None, "the live mix should have an episode to offer"
    made = mix_episode(clips, script, settings, tmp_path / "live-ep" / "ep.mp3", live=live)
    usual = mix_episode(clips, script, settings, tmp_path / "usual-ep" / "ep.mp3")
    live.close()

    assert made.chapters == usual.chapters and made.cues == usual.cues
    assert made.duration == pytest.approx(usual.duration, abs=0.001)
    for ep in (made, usual):
        mp3 = MP3(ep.audio_path)
        assert mp3.info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
        assert mp3.info.sample_rate == 44100 and mp3.info.bitrate == 64000
        lufs, peak = ffmpeg_loudness(ep.audio_path)
        assert -16.5 <= lufs <= -15.5 and peak <= -1.0
        probe = ffprobe(ep.audio_path)
        assert [c["tags"]["title"] for c in probe["chapters"]] == [
            f"Story {k + 1}" for k in range(5)
        ]
    # The same sound at (almost) the same level, sample for sample.
    a, b = decoded(made.audio_path), decoded(usual.audio_path)
    assert a.size == b.size
    assert np.corrcoef(a, b)[0, 1] > 0.99
    assert 20 * np.log10(np.std(a) / np.std(b)) == pytest.approx(0.0, abs=0.5)
    assert not list((tmp_path / "live").glob("live.*"))  # moved into the episode, or removed


def test_a_wrong_guess_of_the_gain_is_mixed_again(
    settings: Settings, registry: EngineRegistry, tmp_path: Path
) -> None:
    """The first half whispers, the second speaks up: the gain fixed from the first quarter is
    far off, so the live episode is refused and the usual mix makes the episode."""
    quiet = make_script(*(story(k) for k in range(3)), voice="quiet").segments
    loud = make_script(*(story(k + 3) for k in range(3)), voice="tone").segments
    script = Script(title="Whisper then shout", segments=(*quiet, *loud))
    live = start_live_mix(settings, tmp_path / "live")
    assert live is not None
    clips = speak_live(script, settings, registry, live)
    assert live.finish(clips) is None
    made = mix_episode(clips, script, settings, tmp_path / "ep" / "ep.mp3", live=live)
    live.close()
    lufs, peak = ffmpeg_loudness(made.audio_path)
    assert -17.0 <= lufs <= -15.0 and peak <= -1.0


def _ffmpeg_children() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                comm, rest = fh.read().split(") ", 1)
        except OSError:
            continue
        if comm.endswith("(ffmpeg") and int(rest.split()[1]) == os.getpid():
            found.append(int(entry))
    return found


def test_close_stops_the_thread_and_the_encoder(
    settings: Settings, registry: EngineRegistry, tmp_path: Path
) -> None:
    """A build that stops during synthesis: the live mix is waiting for a sentence, the encoder
    is running; close ends both and leaves no file."""
    script = make_script(story(0), story(1))
    clips = speak_script(script, settings, registry=registry, jobs=2)
    _, *rest = [s.wav_path for c in clips for s in c.sentences]
    live = start_live_mix(settings, tmp_path / "live")
    assert live is not None
    live.planned(clips, pending=set(rest))  # only the first sentence is there
    deadline = 50
    while not (tmp_path / "live" / "live.f32").exists() and deadline:
        deadline -= 1
        time.sleep(0.1)
    assert (tmp_path / "live" / "live.f32").exists()
    live.close()
    assert not list((tmp_path / "live").iterdir())
    assert _ffmpeg_children() == []
    assert live.finish(clips) is None


def test_nothing_to_synthesize_means_no_live_mix(
    settings: Settings, registry: EngineRegistry, tmp_path: Path
) -> None:
    script = make_script(story(0))
    clips = speak_script(script, settings, registry=registry, jobs=2)
    live = start_live_mix(settings, tmp_path / "live")
    assert live is not None
    clips = speak_live(script, settings, registry, live)
    assert live.finish(clips) is None  # all cached: the usual mix (which may reuse a file)
    assert not (tmp_path / "live").exists()


def test_no_live_mix_for_fast_engines(
    settings: Settings, registry: EngineRegistry, tmp_path: Path
) -> None:
    """Mixing while espeak-like engines speak would only slow them: the mix waits for them."""
    script = Script(
        "Two voices",
        (*make_script(story(0)).segments, *make_script(story(1), voice="fast").segments),
    )
    live = start_live_mix(settings, tmp_path / "live")
    assert live is not None
    clips = speak_live(script, settings, registry, live)
    assert live.finish(clips) is None and not (tmp_path / "live").exists()
    made = mix_episode(clips, script, settings, tmp_path / "ep" / "ep.mp3", live=live)
    assert made.duration > 1.0


def test_no_live_mix_with_music_or_m4a(settings: Settings, tmp_path: Path) -> None:
    assert start_live_mix(settings.with_overrides(**{"audio.chime": True}), tmp_path) is None
    assert start_live_mix(settings.with_overrides(**{"audio.format": "m4a"}), tmp_path) is None


def _skeleton(structure: list[tuple[str, int]]) -> list[Clip]:
    clips = []
    for chapter, count in structure:
        seg = Segment("story", chapter, chapter, chapter, "joe")
        sentences = tuple(
            SpokenSentence(f"{chapter} {j}.", Path(f"{chapter}-{j}.wav"), 0.0, j % 3 == 2)
            for j in range(count)
        )
        clips.append(Clip(seg, sentences, 22050))
    return clips


@pytest.mark.parametrize("stinger", [0.0, 1.5])
def test_builder_knows_where_the_next_sentence_starts(stinger: float) -> None:
    """The live mix trusts `next_start` (nothing placed later sounds earlier) and the builder
    fed sentence by sentence lays out what plan_timeline does."""
    clips = _skeleton([("A", 2), ("A", 0), ("A", 3), ("B", 4), ("C", 1), ("C", 2)])
    rng = np.random.default_rng(3)
    lengths = [[float(rng.uniform(0.2, 4.0)) for _ in c.sentences] for c in clips]
    music = MusicLengths(stinger=stinger)
    builder = TimelineBuilder(clips, Pauses(), music=music)
    for row in lengths:
        for length in row:
            expected = builder.next_start()
            assert builder.place(length).start == expected
    assert builder.finish() == plan_timeline(clips, Pauses(), durations=lengths, music=music)
