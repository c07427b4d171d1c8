"""Piper's model as onnxruntime runs it fastest on a CPU: its 1-D convolutions as 2-D ones.

A Piper voice is mostly convolutions over time (1-D). onnxruntime runs 1-D convolutions as
im2col + matrix products, but 2-D ones (NCHW, 4-D tensors) with its blocked NCHWc kernels.
The same weights with a height of 1 compute the same function: the decoder (HiFi-GAN, ~85% of
the CPU) is made 4-D from its input to its output (its other operations are element-wise);
every other 1-D convolution is wrapped in Unsqueeze/Squeeze. Measured on Piper's "joe": ~12%
less engine CPU per second of speech, the same speech (word error rate unchanged).

The rewritten model is made once per model file (in a child process, ~1.5 s of CPU; the onnx
library's ~300 MB never enter a worker) and kept in the user's cache folder. When it cannot be
made, the original model is used.

onnxruntime then optimizes the graph for this machine's CPU every time it loads it (fusing,
the NCHWc layout: ~1 s of CPU per build, in the start-up of every episode). `load_session`
keeps the optimized graph too, named by onnxruntime's version and the CPU's features (it is
specific to both), and loads that with the optimizer off: ~0.25 s.
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from digestcast.fsio import atomic_path

if TYPE_CHECKING:
    import onnxruntime

REWRITE = "conv2d-1"  # part of the rewritten file's name: change it when the rewrite changes
TIMEOUT_S = 120.0
_AXIS = "digestcast_axis_h"  # the height axis (2) that Unsqueeze adds and Squeeze removes


def models_dir() -> Path:
    return Path(platformdirs.user_cache_dir("digestcast")) / "models"


def rewritten_path(model: Path, folder: Path | None = None) -> Path:
    """Where the rewrite of `model` is kept: named by the model's name, size and time."""
    info = model.stat()
    name = f"{model.stem}-{info.st_size}-{info.st_mtime_ns}-{REWRITE}.onnx"
    return (folder or models_dir()) / name


def fast_model(model: Path, folder: Path | None = None, *, int8_config: Path | None = None) -> Path:
    """The rewritten model for `model` (made now if it is not kept yet), with its decoder in
    int8 (speak.piper_int8) when `int8_config` (the voice's config) is given; else `model`
    itself (or the float rewrite, when only the quantization cannot be made)."""
    try:
        target = rewritten_path(model, folder)
    except OSError:
        return model
    if not _made(target, [str(model)]):  # (a model that cannot be rewritten is tried again)
        return model
    if int8_config is None:
        return target
    from digestcast.speak.piper_int8 import int8_path

    quantized = int8_path(target)
    failed = quantized.with_suffix(".failed")  # not tried again at every build
    if failed.exists():
        return target
    made = _made(quantized, [str(target), str(int8_config)])
    if made is None:  # the child failed (not timed out): this model cannot be quantized
        with contextlib.suppress(OSError):
            failed.touch()
    return quantized if made else target


def _made(target: Path, sources: list[str]) -> bool | None:
    """Whether `target` is kept, made now from `sources` (in a child process) if it is not;
    None when the child failed."""
    try:
        if not target.is_file():
            with atomic_path(target) as tmp:
                subprocess.run(
                    [sys.executable, "-m", __name__, sources[0], str(tmp), *sources[1:]],
                    check=True,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=TIMEOUT_S,
                )
        return True
    except subprocess.CalledProcessError:
        return None
    except (OSError, subprocess.SubprocessError):
        return False


def _cpu_features() -> str:
    """What the optimized graph depends on: the CPU's instruction set extensions."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "")
    except OSError:
        import platform

        flags = platform.machine() + platform.processor()
    return hashlib.sha256(flags.encode()).hexdigest()[:12]


def optimized_path(model: Path) -> Path:
    """Where the graph onnxruntime optimized from `model` for this CPU is kept."""
    import onnxruntime

    return model.with_name(f"{model.stem}.ort-{onnxruntime.__version__}-{_cpu_features()}.onnx")


def load_session(
    model: Path,
    options: onnxruntime.SessionOptions,
    folder: Path | None = None,
    *,
    int8_config: Path | None = None,
) -> onnxruntime.InferenceSession:
    """An onnxruntime session on `model` rewritten (`fast_model`, its decoder in int8 with
    `int8_config`): from the graph already optimized for this machine when it is kept, else
    optimized now and kept. Falls back to `model` as it is when the rewrite cannot be made or
    loaded."""
    import onnxruntime

    providers = ["CPUExecutionProvider"]
    fast = fast_model(model, folder, int8_config=int8_config)
    if fast != model:
        try:
            return _optimized_session(fast, options)
        except Exception:  # onnxruntime's errors are untyped; the original model may load
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(model), options, providers=providers)


def _optimized_session(
    model: Path, options: onnxruntime.SessionOptions
) -> onnxruntime.InferenceSession:
    import onnxruntime

    providers = ["CPUExecutionProvider"]
    kept = optimized_path(model)
    if kept.is_file() and kept.stat().st_size:
        optimized = onnxruntime.SessionOptions()  # the same options, the optimizer off
        for name in ("intra_op_num_threads", "inter_op_num_threads", "enable_mem_pattern"):
            setattr(optimized, name, getattr(options, name))
        optimized.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        with contextlib.suppress(Exception):  # a damaged file: optimized again below
            return onnxruntime.InferenceSession(str(kept), optimized, providers=providers)
    with atomic_path(kept) as tmp:
        options.optimized_model_filepath = str(tmp)
        options.log_severity_level = 3  # not the warning that the graph is CPU-specific
        session = onnxruntime.InferenceSession(str(model), options, providers=providers)
    return session


def _conv_2d(node: Any, weights: Any, x: str, y: str) -> Any:
    """`node` (Conv or ConvTranspose, 1-D) as its 2-D twin reading `x` and writing `y`;
    `weights` (its initializer) is reshaped in place to height 1."""
    from onnx import helper, numpy_helper

    array = numpy_helper.to_array(weights)
    weights.CopyFrom(numpy_helper.from_array(array[:, :, None, :], weights.name))
    attrs = {}
    for attr in node.attribute:
        value = helper.get_attribute_value(attr)
        if attr.name == "pads":
            value = [0, value[0], 0, value[1]]
        elif attr.name in ("kernel_shape", "strides", "dilations", "output_padding"):
            value = [1, *value]
        attrs[attr.name] = value
    return helper.make_node(node.op_type, [x, *node.input[1:]], [y], name=node.name, **attrs)


def _is_conv_1d(node: Any, weights: dict[str, Any]) -> bool:
    w = weights.get(node.input[1]) if len(node.input) > 1 else None
    return node.op_type in ("Conv", "ConvTranspose") and w is not None and len(w.dims) == 3


def _decoder_span(graph: Any, weights: dict[str, Any]) -> tuple[set[str], str, str]:
    """The decoder's node names, its one input from the rest of the graph and its output; no
    names when the decoder is not 1-D convolutions and element-wise operations only."""
    decoder = [n for n in graph.node if n.name.startswith("/dec/")]
    made = {o for n in decoder for o in n.output}
    read = {i for n in decoder for i in n.input}
    inputs = {i for i in read - made - set(weights) if not i.startswith("/dec/")}
    outputs = made - read
    elementwise = {"LeakyRelu", "Add", "Mul", "Div", "Tanh"}
    plain = all(_is_conv_1d(n, weights) or n.op_type in elementwise for n in decoder)
    if not decoder or not plain or len(inputs) != 1 or len(outputs) != 1:
        return set(), "", ""
    return {n.name for n in decoder}, inputs.pop(), outputs.pop()


def _rewritten(node: Any, weights: dict[str, Any], decoder: set[str], wide: set[str]) -> list[Any]:
    """The nodes that replace `node`: inside the decoder the same on 4-D tensors (`wide`
    names the tensors that are 4-D now), elsewhere a 1-D convolution as a 2-D one between an
    Unsqueeze and a Squeeze; any other node as it is."""
    from onnx import helper

    if node.name in decoder:
        ins = [f"{i}_4d" if i in wide else i for i in node.input]
        outs = [f"{o}_4d" for o in node.output]
        if _is_conv_1d(node, weights):
            return [_conv_2d(node, weights[node.input[1]], ins[0], outs[0])]
        twin = helper.make_node(node.op_type, ins, outs, name=node.name)
        twin.attribute.extend(node.attribute)
        return [twin]
    if _is_conv_1d(node, weights):
        x, y = f"{node.name}_in_4d", f"{node.name}_out_4d"
        return [
            helper.make_node("Unsqueeze", [node.input[0], _AXIS], [x]),
            _conv_2d(node, weights[node.input[1]], x, y),
            helper.make_node("Squeeze", [y, _AXIS], [node.output[0]]),
        ]
    return [node]


def rewrite(source: Path, target: Path) -> None:
    """Write `source`'s model with its 1-D convolutions as 2-D ones into `target`."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    decoder, dec_in, dec_out = _decoder_span(graph, weights)
    graph.initializer.append(numpy_helper.from_array(np.array([2], dtype=np.int64), _AXIS))
    wide = {o for n in graph.node if n.name in decoder for o in n.output} | {dec_in}
    to_4d = helper.make_node("Unsqueeze", [dec_in, _AXIS], [f"{dec_in}_4d"])
    to_3d = helper.make_node("Squeeze", [f"{dec_out}_4d", _AXIS], [dec_out])
    nodes = [to_4d] if decoder and dec_in in {i.name for i in graph.input} else []
    for node in graph.node:
        nodes += _rewritten(node, weights, decoder, wide)
        if decoder and dec_in in node.output:
            nodes.append(to_4d)
        if decoder and dec_out in node.output:
            nodes.append(to_3d)
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.value_info[:]  # the shapes inferred for the 1-D tensors no longer hold
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


if __name__ == "__main__":  # python -m digestcast.speak.piper_model SOURCE TARGET [CONFIG]
    with contextlib.suppress(KeyboardInterrupt):
        if len(sys.argv) > 3:  # SOURCE is a rewritten model: its decoder quantized
            from digestcast.speak.piper_int8 import quantize_decoder

            quantize_decoder(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
        else:
            rewrite(Path(sys.argv[1]), Path(sys.argv[2]))
