"""Piper's decoder in 8-bit integers: the same voice for a fifth less CPU.

The decoder (HiFi-GAN, ~85% of Piper's CPU) is convolutions. Quantized statically (weights
int8 per channel, activations uint8 with ranges measured on a dozen sentences read by the voice
itself), onnxruntime runs them with its integer kernels. The convolutions after the decoder's
last upsampling layer (at the output's rate) and its output convolution stay float: quantized,
they add hiss (the 8-11 kHz band +5.6 dB, the quietest frames +40 dB). Measured on Piper's
"joe" reading the bench's 2,041-word script (noise off, the same text): engine CPU per second
of speech -18% against the float rewrite (-28% against the original model), word error rate
0.029 (float) and 0.023 (int8) with ../shared/tools/asr_wer.py, the same durations, each
frequency band within 0.6 dB.

Only on x86 CPUs with VNNI (AVX-512 VNNI or AVX-VNNI): without them onnxruntime's uint8 x int8
products can saturate; elsewhere the float model is used. The quantized model is made once per
voice and machine (in a child process: ~15 s of CPU, ~1.2 GB) and kept beside the rewritten one.
"""

from __future__ import annotations

import functools
import json
import platform
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RECIPE = "int8-1"  # part of the quantized file's name: change it when what is quantized changes
# Sentences the activation ranges are measured on: the shapes of a news script (numbers,
# names, questions, long and short sentences).
CALIBRATION = (
    "Welcome to the show: today, four stories and about six minutes, starting with the harbor.",
    "The harbor office counted 2,350 boats last summer, nearly twice as many as in 2019, and "
    "it now wants a second pier before the season starts again.",
    "Why did the tram line close for a month? Because the old bridge it crosses needs new steel, "
    "and the city found the money only this spring.",
    "Next: a reader in Lisbon sent us a photo of the oldest bakery in her street, which has "
    "baked the same bread every morning since 1911.",
    "The council voted seven to two, and the new park by the river opens on the fourth of June "
    "with a concert, a market and free ice cream for the first hundred visitors.",
    "Researchers at the coastal lab measured wave heights with cheap sensors fixed to old buoys, "
    "and their readings matched the expensive instruments within a few centimeters.",
    "A library in the north lends out tools, seeds, sewing machines, and even fishing rods.",
    "Prices rose by 3.5 percent in March, the smallest rise in almost a year, said the bureau.",
    "She said, quietly, that the archive would stay open for everyone, every day of the week.",
    "Is it worth it? The volunteers think so: they have planted four hundred trees since May.",
    "In other news, the software team released version 2.4 of its mapping tool on Tuesday.",
    "That's it for this issue. Thanks for listening, and see you next week!",
)


@functools.cache
def int8_supported() -> bool:
    """Whether this CPU runs onnxruntime's 8-bit kernels exactly and fast (x86 with VNNI)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512_vnni" in flags or "avx_vnni" in flags


def int8_path(model: Path) -> Path:
    """Where the quantized twin of `model` (a rewritten model) is kept."""
    return model.with_name(f"{model.stem}-{RECIPE}.onnx")


def _calibration_inputs(model: Path, config: Path) -> Iterator[dict[str, Any]]:
    """The model's inputs for the calibration sentences, as the voice reads them."""
    import numpy as np
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    data = json.loads(config.read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    voice = PiperVoice(session=session, config=PiperConfig.from_dict(data))
    inference = data.get("inference", {})
    scales = [
        inference.get("noise_scale", 0.667),
        inference.get("length_scale", 1.0),
        inference.get("noise_w", 0.8),
    ]
    names = {i.name for i in session.get_inputs()}
    for text in CALIBRATION:
        for phonemes in voice.phonemize(text):
            ids = voice.phonemes_to_ids(phonemes)
            feed: dict[str, Any] = {
                "input": np.array([ids], dtype=np.int64),
                "input_lengths": np.array([len(ids)], dtype=np.int64),
                "scales": np.array(scales, dtype=np.float32),
            }
            if "sid" in names:
                feed["sid"] = np.array([0], dtype=np.int64)
            yield feed


def quantized_convolutions(graph: Any) -> list[str]:
    """The decoder's convolutions that are quantized: those before its last upsampling layer
    (what follows it, at the output's rate, and the output convolution stay float)."""
    decoder = [n for n in graph.node if n.name.startswith("/dec/")]
    ups = [i for i, n in enumerate(decoder) if n.op_type == "ConvTranspose"]
    last = ups[-1] if ups else len(decoder)
    return [n.name for n in decoder[:last] if n.op_type == "Conv"]


def quantize_decoder(source: Path, target: Path, config: Path) -> None:
    """Write `source` (a rewritten Piper model) with its decoder's convolutions in int8."""
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Reader(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self) -> None:
            self._inputs = _calibration_inputs(source, config)

        def get_next(self) -> dict[str, Any] | None:
            return next(self._inputs, None)

    graph = onnx.load(str(source), load_external_data=False).graph
    nodes = quantized_convolutions(graph)
    quantize_static(
        str(source),
        str(target),
        Reader(),
        quant_format=QuantFormat.QDQ,
        op_types_to_quantize=["Conv"],
        nodes_to_quantize=nodes,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
    )
