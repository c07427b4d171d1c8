"""Long sentences are read by Piper in pieces of bounded length (bounded worker memory) and
joined back into the one sentence WAV: same cache key, one SpokenSentence per sentence."""

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from piper.config import SynthesisConfig

from digestcast.config import Settings, VoiceProfile
from digestcast.speak import speak_script
from digestcast.speak.base import to_int16
from digestcast.speak.cache import sentence_key
from digestcast.speak.piper import (
    MAX_PIECE_PHONEMES,
    PiperEngine,
    PiperOptions,
    join_pieces,
    phoneme_pieces,
)
from digestcast.speak.registry import EngineRegistry
from tests.speak.conftest import make_script, write_profile

SettingsFor = Callable[..., Settings]
LONG = (
    "The council voted on Tuesday, after a long debate about the budget for parks and "
    "libraries, to fund a study of river temperatures that will run for three years and "
    "report to the public every spring."
)


def chars(text: str) -> list[str]:
    return list(text)


def test_a_short_sentence_is_one_piece() -> None:
    phonemes = chars("ab cd, ef.")
    assert phoneme_pieces(phonemes, 20) == [phonemes]
    assert phoneme_pieces([], 20) == []


def test_a_long_sentence_is_cut_at_the_clause_nearest_the_middle() -> None:
    phonemes = chars("aaaa bbbb, cccc dddd eeee, ffff gggg.")
    pieces = ["".join(p) for p in phoneme_pieces(phonemes, 30)]
    assert pieces == ["aaaa bbbb, cccc dddd eeee,", "ffff gggg."]


def test_without_clauses_it_is_cut_at_word_breaks_into_pieces_within_the_limit() -> None:
    phonemes = chars(" ".join(["word"] * 40) + ".")
    pieces = phoneme_pieces(phonemes, 30)
    assert all(len(p) <= 30 for p in pieces)
    assert " ".join("".join(p) for p in pieces) == "".join(phonemes)  # nothing lost, no word cut


def test_one_long_word_cannot_be_cut() -> None:
    phonemes = chars("x" * 50)
    assert phoneme_pieces(phonemes, 30) == [phonemes]


def test_pieces_are_joined_and_scaled_together_to_the_volume() -> None:
    quiet = np.array([0.1, -0.2, 0.1], dtype=np.float32)
    loud = np.array([[0.4, -0.8]], dtype=np.float32)  # Piper's outputs may keep a batch axis
    joined = join_pieces([quiet, loud], 0.5)
    assert np.allclose(joined, [0.0625, -0.125, 0.0625, 0.25, -0.5])
    assert join_pieces([], 0.5).size == 0
    assert not join_pieces([np.zeros(4, dtype=np.float32)], 0.5).any()


@pytest.mark.slow
def test_a_long_sentence_is_the_pieces_joined_in_one_cached_wav(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    # No noise: Piper is deterministic, so the pieces can be synthesized again and compared.
    options = {"noise_scale": 0.0, "noise_w_scale": 0.0, "volume": 0.7}
    write_profile(voices_dir, "calm", "piper", "joe", **options)
    (clip,) = speak_script(
        make_script(LONG, voice="calm"), settings_for(), registry=registry, jobs=1
    )
    assert [s.text for s in clip.sentences] == [LONG]  # one sentence, one transcript line
    (sentence,) = clip.sentences

    profile = VoiceProfile(name="calm", engine="piper", voice="joe", options=options)
    key = sentence_key(
        LONG,
        engine_id="piper",
        engine_version=PiperEngine.version,
        voice="joe",
        options=PiperOptions.model_validate(options).model_dump(mode="json"),
        identity=PiperEngine.cache_identity(profile),
    )
    assert sentence.wav_path.stem == key  # the key is the sentence's, whatever its pieces

    engine = PiperEngine(profile, PiperEngine.parse_options(profile))
    voice = engine._load()
    pieces = [p for ph in voice.phonemize(LONG) for p in phoneme_pieces(ph, MAX_PIECE_PHONEMES)]
    assert len(pieces) >= 2
    assert all(len(p) <= MAX_PIECE_PHONEMES for p in pieces)
    quiet = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    parts = []
    for piece in pieces:
        audio = voice.phoneme_ids_to_audio(voice.phonemes_to_ids(piece), quiet)
        parts.append(audio[0] if isinstance(audio, tuple) else audio)
    expected = to_int16(join_pieces(parts, 0.7))
    with wave.open(str(sentence.wav_path)) as wav:
        written = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    assert np.array_equal(written, expected)
    assert sentence.duration == pytest.approx(len(expected) / 22050)
