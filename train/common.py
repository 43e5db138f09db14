"""What the training scripts share: the corpus, the classes, embeddings (cached), and splits.

Training reads only ``train/corpus/*.jsonl``.  The test set (``eval/layer_test``)
and the gold records are never read here.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "train" / "corpus"
CACHE = ROOT / "train" / "cache"
MODELS = ROOT / "eventwire" / "data" / "models"
SEED = 13
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
CLASSES = TYPES + ["NONE"]


def load_rows(folder: Path = CORPUS) -> list[dict]:
    rows = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("label") in CLASSES and (r.get("text") or "").strip():
                    r["_file"] = path.name
                    rows.append(r)
    return rows


def rows_hash(rows: list[dict]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r['id']}\x1f{r['text']}\x1f{r['label']}\x1e".encode())
    return h.hexdigest()[:12]


def labels(rows: list[dict]) -> np.ndarray:
    return np.array([CLASSES.index(r["label"]) for r in rows])


def embed(rows: list[dict], quantised: bool = True, model_dir: Path | None = None) -> np.ndarray:
    """Sentence embeddings from an exported encoder (default: the run-time one, int8 ONNX), cached by corpus
    hash and by the tuned layers the export was built with."""
    from eventwire.learn.encoder import Encoder, default_model_dir, exported_digest
    CACHE.mkdir(parents=True, exist_ok=True)
    tuned = exported_digest(model_dir or default_model_dir()) or "base"
    path = CACHE / f"emb-{rows_hash(rows)}-{tuned}-{'int8' if quantised else 'fp32'}.npy"
    if path.is_file():
        return np.load(path)
    X = Encoder(model_dir, quantised=quantised).encode([r["text"].strip() for r in rows])
    np.save(path, X)
    return X


def split(y: np.ndarray, dev_share: float = 0.2, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """A stratified train/dev split of the training corpus (for choosing models and thresholds)."""
    rng = np.random.default_rng(seed)
    dev = []
    for k in np.unique(y):
        idx = np.flatnonzero(y == k)
        rng.shuffle(idx)
        dev.extend(idx[: max(1, int(round(len(idx) * dev_share)))])
    dev = np.array(sorted(dev))
    return np.setdiff1d(np.arange(len(y)), dev), dev


def folds(y: np.ndarray, k: int = 5, seed: int = SEED) -> list[np.ndarray]:
    """Stratified fold ids: a list of k index arrays."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            out[j % k].append(int(i))
    return [np.array(sorted(f)) for f in out]


def macro_f1(gold: np.ndarray, pred: np.ndarray, n: int = len(CLASSES)) -> float:
    f1s = []
    for c in range(n):
        tp = int(((pred == c) & (gold == c)).sum())
        fp = int(((pred == c) & (gold != c)).sum())
        fn = int(((pred != c) & (gold == c)).sum())
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0
