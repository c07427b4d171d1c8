import importlib.metadata
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from digestcast.config import Settings
from digestcast.errors import ConfigError, SynthesisError
from digestcast.speak import check_engines, speak_script
from digestcast.speak.registry import EngineRegistry, resolve_voice
from tests.speak.conftest import make_script, synthesized, write_profile
from tests.speak.speak_fakes import RATE, ToneEngine, words_duration

SettingsFor = Callable[..., Settings]

STORY_1 = "The first story starts here. It has two sentences.\n\nAnd a second paragraph."
STORY_2 = "Another story follows. Short."


def test_one_clip_per_segment_with_sentences_in_the_cache(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    write_profile(voices_dir, "tone", "tone", log=str(tmp_path / "log"))
    script = make_script(STORY_1, STORY_2)
    clips = speak_script(script, settings_for(), registry=registry, jobs=1)

    assert [c.segment for c in clips] == list(script.segments)
    first, second = clips
    assert [s.text for s in first.sentences] == [
        "The first story starts here.",
        "It has two sentences.",
        "And a second paragraph.",
    ]
    assert [s.paragraph_end for s in first.sentences] == [False, True, False]
    assert [s.text for s in second.sentences] == ["Another story follows.", "Short."]
    for clip in clips:
        assert clip.sample_rate == RATE
        for sentence in clip.sentences:
            assert sentence.wav_path.is_relative_to(tmp_path / "cache")
            assert sentence.duration == pytest.approx(words_duration(sentence.text))
            with wave.open(str(sentence.wav_path)) as wav:
                assert wav.getnframes() / wav.getframerate() == sentence.duration
    assert first.duration == pytest.approx(words_duration(STORY_1))


def test_unchanged_rebuild_synthesizes_nothing_and_an_edit_only_its_sentences(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone", log=str(log))
    settings = settings_for()
    first = speak_script(make_script(STORY_1, STORY_2), settings, registry=registry, jobs=1)
    assert len(synthesized(log)) == 5

    again = speak_script(make_script(STORY_1, STORY_2), settings, registry=registry, jobs=1)
    assert again == first
    assert len(synthesized(log)) == 5

    edited = STORY_1.replace("two sentences", "three sentences")
    speak_script(make_script(edited, STORY_2), settings, registry=registry, jobs=1)
    assert synthesized(log)[5:] == ["It has three sentences."]


def test_engines_are_checked_only_when_there_is_something_to_synthesize(
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rebuild from the cache needs no engine (pyttsx3's check asks a child process for
    the system's voices: most of an unchanged rebuild); a sentence to synthesize does."""
    write_profile(voices_dir, "tone", "tone")
    settings = settings_for()
    first = speak_script(make_script(STORY_1), settings, registry=registry, jobs=1)

    def gone(cls: type[ToneEngine], *args: object) -> None:
        raise SynthesisError("engine 'tone' is not installed")

    monkeypatch.setattr(ToneEngine, "check", classmethod(gone))
    assert speak_script(make_script(STORY_1), settings, registry=registry, jobs=1) == first
    with pytest.raises(SynthesisError, match="not installed"):
        speak_script(make_script(STORY_1, STORY_2), settings, registry=registry, jobs=1)


def test_repeated_sentences_are_synthesized_once(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone", log=str(log))
    clips = speak_script(make_script("Next up.", "Next up."), settings_for(), registry=registry)
    assert synthesized(log) == ["Next up."]
    assert clips[0].sentences == clips[1].sentences


def test_progress_counts_sentences_up_to_the_total(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "tone", "tone")
    seen: list[tuple[int, int]] = []
    script = make_script(STORY_1, STORY_2)
    speak_script(
        script,
        settings_for(),
        registry=registry,
        jobs=1,
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[0] == (0, 5)
    assert seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    seen.clear()
    speak_script(
        script,
        settings_for(),
        registry=registry,
        jobs=1,
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(5, 5)]


def test_cache_key_follows_the_options(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone", log=str(log))
    low = speak_script(make_script("Same words."), settings_for(), registry=registry, jobs=1)
    write_profile(voices_dir, "tone", "tone", log=str(log), pitch=220.0)
    high = speak_script(make_script("Same words."), settings_for(), registry=registry, jobs=1)
    assert low[0].sentences[0].wav_path != high[0].sentences[0].wav_path
    assert len(synthesized(log)) == 2


def test_forced_engine_replaces_other_profiles_with_its_default(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "tone", "tone", pitch=330.0)
    voice = resolve_voice("joe", settings_for(engine="tone"), registry)
    assert (voice.profile.name, voice.engine) == ("tone", ToneEngine)
    assert resolve_voice("joe", settings_for(), registry).engine.engine_id == "piper"
    clips = speak_script(
        make_script("Hi there.", voice="joe"), settings_for(engine="tone"), registry=registry
    )
    assert clips[0].sample_rate == RATE


def test_unknown_engine_is_a_synthesis_error(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "robot", "festival")
    with pytest.raises(
        SynthesisError, match=r"unknown engine 'festival' \(voice profile 'robot'\)"
    ):
        check_engines(make_script("Hi.", voice="robot"), settings_for(), registry=registry)
    with pytest.raises(SynthesisError, match="unknown engine 'espeak'"):
        check_engines(
            make_script("Hi.", voice="joe"), settings_for(engine="espeak"), registry=registry
        )


def test_bad_option_is_a_config_error_naming_the_profile(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "tone", "tone", loudness=3)
    with pytest.raises(ConfigError, match=r"voice profile .tone.*loudness"):
        speak_script(make_script("Hi."), settings_for(), registry=registry)
    write_profile(voices_dir, "joe2", "piper", "joe", volume=7)
    with pytest.raises(ConfigError, match=r"voice profile .joe2.*volume"):
        check_engines(make_script("Hi.", voice="joe2"), settings_for(), registry=registry)


def test_missing_profile_is_a_config_error(
    settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    with pytest.raises(ConfigError, match="'nobody' not found"):
        check_engines(make_script("Hi.", voice="nobody"), settings_for(), registry=registry)


def test_registry_loads_plugins_from_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = importlib.metadata.EntryPoint(
        name="tone", value="tests.speak.speak_fakes:ToneEngine", group="digestcast.engines"
    )
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [plugin])
    assert EngineRegistry.discover().get("tone") is ToneEngine
    assert EngineRegistry.discover(plugins=False).ids == ("piper", "pyttsx3")
    broken = importlib.metadata.EntryPoint(name="x", value="tests.speak.nowhere:X", group="g")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [broken])
    with pytest.raises(SynthesisError, match="failed to load"):
        EngineRegistry.discover()
