"""The real engines: Piper with the bundled "joe" voice and pyttsx3 over espeak-ng."""

import concurrent.futures
import multiprocessing
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.models import Clip
from digestcast.speak import check_engines, speak_script
from digestcast.speak.pyttsx3 import SystemVoice, match_voice
from digestcast.speak.registry import EngineRegistry
from tests.speak.conftest import make_script, write_profile

pytestmark = pytest.mark.slow
SettingsFor = Callable[..., Settings]
TWO_SENTENCES = "Good morning, and welcome to the show. Today we have three stories."


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


def assert_speech(clip: Clip, rate: int) -> None:
    assert clip.sample_rate == rate
    assert len(clip.sentences) == 2
    for sentence in clip.sentences:
        audio = samples(sentence.wav_path)
        assert len(audio) / rate == pytest.approx(sentence.duration)
        assert 0.8 < sentence.duration < 6.0
        rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))
        assert rms > 300, "speech, not silence"


def test_piper_speaks_two_sentences(
    settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    script = make_script(TWO_SENTENCES, voice="joe")
    check_engines(script, settings_for(), registry=registry)
    (clip,) = speak_script(script, settings_for(), registry=registry, jobs=1)
    assert_speech(clip, 22050)
    peak = max(int(np.abs(samples(s.wav_path).astype(np.int32)).max()) for s in clip.sentences)
    assert 0.6 * 32767 < peak <= 0.71 * 32767  # the profile's volume = 0.7 leaves headroom


def test_piper_in_two_workers_matches_in_process_durations(
    settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    script = make_script("First part here.", "Second part there.", voice="joe")
    clips = speak_script(script, settings_for(), registry=registry, jobs=2)
    assert [len(c.sentences) for c in clips] == [1, 1]
    assert all(c.duration > 0.5 for c in clips)


def test_piper_voice_path_that_does_not_exist(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    write_profile(voices_dir, "mine", "piper", str(tmp_path / "nope.onnx"))
    with pytest.raises(SynthesisError, match=r"nope\.onnx not found"):
        check_engines(make_script("Hi.", voice="mine"), settings_for(), registry=registry)


def test_pyttsx3_speaks_two_sentences(settings_for: SettingsFor, registry: EngineRegistry) -> None:
    script = make_script(TWO_SENTENCES, voice="system")
    check_engines(script, settings_for(), registry=registry)
    (clip,) = speak_script(script, settings_for(), registry=registry, jobs=1)
    assert_speech(clip, 22050)


def test_pyttsx3_long_text_completes_through_sentence_splitting(
    settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    sentences = [
        f"Lab {i} released a small model that runs on an ordinary laptop. " for i in range(40)
    ]
    text = "".join(sentences) + "\n\n" + ("and then, " * 60)  # 600 words, one run-on "sentence"
    assert len(text.split()) == 600
    (clip,) = speak_script(
        make_script(text, voice="system"), settings_for(), registry=registry, jobs=2
    )
    assert len(clip.sentences) >= 41
    assert all(len(s.text.split()) <= 60 for s in clip.sentences)
    assert clip.duration > 150  # about 600 words at 175 words per minute


def test_pyttsx3_unknown_voice(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "klingon", "pyttsx3", "tlh-klingon")
    with pytest.raises(SynthesisError, match="unknown pyttsx3 voice 'tlh-klingon'"):
        check_engines(make_script("Hi.", voice="klingon"), settings_for(), registry=registry)


def test_voice_matching_by_id_tail_or_name_fragment() -> None:
    voices = [
        SystemVoice("gmw/en", "English (Great Britain)"),
        SystemVoice("gmw/en-us", "English (America)"),
    ]
    assert match_voice("en-us", voices) == voices[1]
    assert match_voice("GMW/EN", voices) == voices[0]
    assert match_voice("america", voices) == voices[1]
    assert match_voice("fr", voices) is None


def _speak_slowly_and_watch(text: str) -> tuple[int, int, bool]:
    """In a fresh process: the sentence's sample count, then again with every chunk held up
    50 ms in espeak's callback (as on a loaded machine), and whether every chunk came in the
    thread that asked for the sentence (espeak in synchronous mode: none can come later)."""
    from pyttsx3.drivers import _espeak

    from digestcast.config import VoiceProfile
    from digestcast.speak.pyttsx3 import Pyttsx3Engine, Pyttsx3Options

    engine = Pyttsx3Engine(VoiceProfile(name="system", engine="pyttsx3"), Pyttsx3Options())
    whole = len(engine.synthesize(text).audio)
    threads: set[int] = set()

    def slow(wav, samples, events):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        time.sleep(0.05)
        return engine._on_samples(wav, samples, events)

    engine._callback = _espeak.t_espeak_callback(slow)  # what the engine installs per sentence
    slowed = len(engine.synthesize(text).audio)
    return whole, slowed, threads == {threading.get_ident()}


def test_pyttsx3_has_every_chunk_when_espeak_returns_however_slow_the_machine() -> None:
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        whole, slowed, one_thread = pool.submit(
            _speak_slowly_and_watch, "Thanks for listening, until next time, from all of us."
        ).result(timeout=120)
    assert whole > 44100  # more than two seconds of speech: more than one chunk
    assert slowed == pytest.approx(whole, rel=0.02)  # espeak varies by a few samples
    assert one_thread


def _two_voices_in_one_process(text: str) -> list[tuple[int, int]]:
    """Two pyttsx3 voices taking turns in one worker: (samples, peak) for each sentence."""
    from digestcast.config import VoiceProfile
    from digestcast.speak.pyttsx3 import Pyttsx3Engine, Pyttsx3Options

    host = Pyttsx3Engine(VoiceProfile(name="host", engine="pyttsx3"), Pyttsx3Options())
    guest = Pyttsx3Engine(
        VoiceProfile(name="guest", engine="pyttsx3"), Pyttsx3Options(rate=350, volume=0.4)
    )
    said = [e.synthesize(text).audio for e in (host, guest, host, guest)]
    return [(len(a), int(np.abs(a.astype(np.int32)).max())) for a in said]


def test_two_pyttsx3_voices_in_one_worker_keep_their_own_rate_and_volume() -> None:
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        host, guest, host_again, guest_again = pool.submit(
            _two_voices_in_one_process, "The quick brown fox jumps over the lazy dog today."
        ).result(timeout=120)
    assert host_again[0] == pytest.approx(host[0], rel=0.02)
    assert guest_again[0] == pytest.approx(guest[0], rel=0.02)
    assert guest[0] < 0.6 * host[0]  # twice the words per minute
    assert guest[1] < 0.6 * host[1] and guest_again[1] < 0.6 * host_again[1]  # quieter
