"""The sentence encoder at run time: the HF tokenizer and all-MiniLM-L6-v2 in ONNX Runtime (no torch).

The model is exported once by ``python -m eventwire.learn.export`` (``make venv``)
into ``<environment>/share/eventwire/minilm`` or the folder the setting
``EVENTWIRE_LEARNED_ENCODER_DIR`` names; a missing export is an
:class:`~eventwire.errors.EventwireError` (``E.ENCODER_MISSING``), never a download.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from ..errors import E, EventwireError

MAX_TOKENS = 128           # longer sentences are cut (news sentences are ~30-50 word pieces)


def default_model_dir() -> Path:
    return Path(sys.prefix) / "share" / "eventwire" / "minilm"


def exported_digest(folder: Path) -> str | None:
    """The digest of the fine-tuned layers an export was built with (None: the base model, or no SOURCE.json)."""
    try:
        return json.loads((Path(folder) / "SOURCE.json").read_text()).get("tuned_digest")
    except (OSError, ValueError, AttributeError):
        return None


class Encoder:
    """``encode(texts) -> (n, 384) float32``, L2-normalised sentence embeddings, deterministic."""

    def __init__(self, model_dir: str | Path | None = None, quantised: bool = True, threads: int = 1):
        folder = Path(model_dir) if model_dir else default_model_dir()
        model = folder / ("model.int8.onnx" if quantised else "model.onnx")
        tok = folder / "tokenizer.json"
        if not model.is_file() or not tok.is_file():
            raise EventwireError(E.ENCODER_MISSING, where=str(folder))
        import onnxruntime as ort
        from tokenizers import Tokenizer
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self.path = model
        self.tuned_digest = exported_digest(folder)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))   # similar lengths share a batch
        out = np.zeros((len(encs), 384), dtype=np.float32)
        for b in range(0, len(order), batch_size):
            idx = order[b: b + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            out[idx] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out
