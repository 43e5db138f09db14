"""Fine-tune the top of all-MiniLM-L6-v2 with a type head on the training corpus (torch, CPU, training only).

    python train/finetune.py --experiment [--top 2 6] [--epochs 6]     # choose on the 80/20 dev split
    (train_layer.py calls fit() and oof() for the shipped model)

The encoder's lower layers are run once and their hidden states cached; only the
top ``top`` transformer layers and a linear head over the L2-normalised mean-pooled
sentence embedding are trained (cross-entropy, AdamW, linear warm-up and decay).
The tuned layers are what ``eventwire.learn.export`` lays over the base weights
(``eventwire/data/models/encoder-top.npz``), so the run-time graph is the same
MiniLM graph and the head is the usual ``layer.json`` head.

Only ``train/corpus`` is read.  Deterministic for a given thread count (seeded).
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, CLASSES, SEED, folds, labels, load_rows, macro_f1, rows_hash, split  # noqa: E402

SCALE = 20.0            # logits = head(SCALE * unit embedding); folded into W on export
MAX_TOKENS = 128
# chosen on the 80/20 dev split of the corpus (`--experiment`; README, "The model, chosen by measurement")
TOP, EPOCHS, LR = 4, 6, 5e-5


def _torch():
    import torch
    torch.manual_seed(SEED)
    return torch


def base_model():
    from transformers import AutoModel
    from eventwire.learn.export import source_dir
    model = AutoModel.from_pretrained(str(source_dir()), attn_implementation="eager")
    model.eval()
    return model


def tokenize(texts: list[str]) -> list[list[int]]:
    from tokenizers import Tokenizer
    from eventwire.learn.export import source_dir
    tok = Tokenizer.from_file(str(source_dir() / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return [e.ids for e in tok.encode_batch(texts)]


def _pad(seqs, torch):
    width = max(len(s) for s in seqs)
    ids = torch.zeros((len(seqs), width), dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.float32)
    for r, s in enumerate(seqs):
        ids[r, :len(s)] = torch.tensor(s)
        mask[r, :len(s)] = 1
    return ids, mask


def _additive(mask):
    return (1.0 - mask)[:, None, None, :] * -10000.0


def lower_states(model, ids: list[list[int]], frozen: int, batch: int = 64) -> list:
    """Hidden states after the embeddings and the first ``frozen`` layers, one (tokens, 384) tensor per sentence."""
    torch = _torch()
    out = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with torch.no_grad():
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            tid, mask = _pad([ids[i] for i in idx], torch)
            h = model.embeddings(input_ids=tid, token_type_ids=torch.zeros_like(tid))
            for layer in model.encoder.layer[:frozen]:
                h = layer(h, _additive(mask))
            for r, i in enumerate(idx):
                out[i] = h[r, :len(ids[i])].clone()
    return out


class Top:
    """The trainable part: the top layers (copies), mean pooling, L2 norm, a linear head."""

    def __init__(self, model, frozen: int):
        import copy
        torch = _torch()
        self.torch = torch
        self.layers = torch.nn.ModuleList([copy.deepcopy(layer) for layer in model.encoder.layer[frozen:]])
        self.head = torch.nn.Linear(model.config.hidden_size, len(CLASSES))
        self.frozen = frozen

    def parameters(self):
        return list(self.layers.parameters()) + list(self.head.parameters())

    def train(self, on: bool):
        self.layers.train(on)

    def embed(self, states: list):
        torch = self.torch
        width = max(s.shape[0] for s in states)
        h = torch.zeros((len(states), width, states[0].shape[1]))
        mask = torch.zeros((len(states), width))
        for r, s in enumerate(states):
            h[r, :s.shape[0]] = s
            mask[r, :s.shape[0]] = 1
        add = _additive(mask)
        for layer in self.layers:
            h = layer(h, add)
        pooled = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    def logits(self, states: list):
        return self.head(SCALE * self.embed(states))

    def predict(self, states: list, batch: int = 128) -> np.ndarray:
        torch = self.torch
        self.train(False)
        order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
        z = np.zeros((len(states), len(CLASSES)), dtype=np.float32)
        with torch.no_grad():
            for b in range(0, len(order), batch):
                idx = order[b:b + batch]
                z[idx] = self.logits([states[i] for i in idx]).numpy()
        return z

    def tuned_tensors(self) -> dict[str, np.ndarray]:
        """The tuned layers under the base model's safetensors names, and the head folded with SCALE."""
        out = {}
        for j, layer in enumerate(self.layers):
            for name, p in layer.state_dict().items():
                out[f"encoder.layer.{self.frozen + j}.{name}"] = p.detach().numpy().astype(np.float32)
        return out

    def head_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return (SCALE * self.head.weight.detach().numpy()).astype(np.float32), self.head.bias.detach().numpy().astype(np.float32)


def fit(model, states: list, y: np.ndarray, frozen: int, epochs: int, lr: float = 5e-5, head_lr: float = 2e-3,
        batch: int = 32, dev: tuple | None = None, log=print) -> Top:
    torch = _torch()
    top = Top(model, frozen)
    opt = torch.optim.AdamW([{"params": list(top.layers.parameters()), "lr": lr},
                             {"params": list(top.head.parameters()), "lr": head_lr}], weight_decay=0.01)
    steps = epochs * math.ceil(len(y) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    rng = np.random.default_rng(SEED)
    yt = torch.tensor(y)
    for ep in range(epochs):
        t0 = time.time()
        top.train(True)
        perm = rng.permutation(len(y))
        total = 0.0
        for b in range(0, len(perm), batch):
            idx = perm[b:b + batch]
            loss = torch.nn.functional.cross_entropy(top.logits([states[i] for i in idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        msg = f"  epoch {ep + 1}: loss {total / len(y):.4f} ({time.time() - t0:.0f} s)"
        if dev is not None:
            z = top.predict(dev[0])
            msg += f"; dev macro-F1 {macro_f1(dev[1], z.argmax(1)):.4f} accuracy {(z.argmax(1) == dev[1]).mean():.4f}"
        log(msg)
    return top


def train(rows: list[dict], k: int = 5, top: int = TOP, epochs: int = EPOCHS, lr: float = LR):
    """Out-of-fold logits (k folds) and the model fitted on the whole corpus: (oof, tuned tensors, W, b).

    Cached in train/cache by the corpus digest and the settings."""
    y = labels(rows)
    path = CACHE / f"ft-{rows_hash(rows)}-top{top}-e{epochs}-lr{lr:g}-k{k}.npz"
    if path.is_file():
        with np.load(path) as z:
            tuned = {n[len("tuned/"):]: z[n] for n in z.files if n.startswith("tuned/")}
            return z["oof"], tuned, z["W"], z["b"]
    t0 = time.time()
    model = base_model()
    states = lower_states(model, tokenize([r["text"].strip() for r in rows]), 6 - top)
    oof = np.zeros((len(y), len(CLASSES)), dtype=np.float32)
    for j, f in enumerate(folds(y, k)):
        tr = np.setdiff1d(np.arange(len(y)), f)
        print(f"fine-tuning, fold {j + 1}/{k} ({time.time() - t0:.0f} s)", flush=True)
        part = fit(model, [states[i] for i in tr], y[tr], 6 - top, epochs, lr=lr)
        oof[f] = part.predict([states[i] for i in f])
    print(f"  out-of-fold macro-F1 {macro_f1(y, oof.argmax(1)):.4f}, accuracy {(oof.argmax(1) == y).mean():.4f}; "
          f"fine-tuning on the whole corpus ({time.time() - t0:.0f} s)", flush=True)
    final = fit(model, states, y, 6 - top, epochs, lr=lr)
    tuned = final.tuned_tensors()
    W, b = final.head_arrays()
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, oof=oof, W=W, b=b, **{f"tuned/{n}": a for n, a in tuned.items()})
    return oof, tuned, W, b


def save_tuned(tuned: dict[str, np.ndarray], path: Path) -> None:
    """The tuned layers as float16 under the base model's tensor names (``eventwire.learn.export`` lays them over)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:                      # np.savez_compressed adds no timestamps: reproducible bytes
        np.savez_compressed(fh, **{n: a.astype(np.float16) for n, a in sorted(tuned.items())})


def experiment(tops: list[int], epochs: int, lr: float) -> None:
    rows = load_rows()
    y = labels(rows)
    tr, dv = split(y)
    model = base_model()
    ids = tokenize([r["text"].strip() for r in rows])
    for k in tops:
        t0 = time.time()
        states = lower_states(model, ids, 6 - k)
        print(f"top {k} layers: cached the lower states ({time.time() - t0:.0f} s)", flush=True)
        fit(model, [states[i] for i in tr], y[tr], 6 - k, epochs, lr=lr,
            dev=([states[i] for i in dv], y[dv]), log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--experiment", action="store_true")
    ap.add_argument("--top", type=int, nargs="+", default=[TOP])
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--lr", type=float, default=LR)
    a = ap.parse_args()
    if a.experiment:
        experiment(a.top, a.epochs, a.lr)
