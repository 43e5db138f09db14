"""Compare sentence classifiers on the same data (`make train` runs it after train_layer.py).

    python train/compare.py [--skip-spacy] [--test eval/layer_test]

Every model is trained on the same 80% of the training corpus and chosen on the
other 20% (dev, stratified, seed 13).  The table also gives each model's figures on
the test set, which plays no part in any choice.  Models:

  (a) all-MiniLM-L6-v2 embeddings (the base model) in ONNX Runtime (int8) + logistic regression;
  (c) all-MiniLM-L6-v2 with its top layers fine-tuned with a linear head (``finetune.py``), exported
      to ONNX Runtime (int8) the same way (the layer's model);
  (b) a spaCy ``textcat`` (exclusive classes, the "efficiency" bag-of-n-grams architecture, and the
      "accuracy" ensemble with its own tok2vec), trained with spaCy's own trainer (``spacy train``).

Speed is sentences per second on one thread over the dev sentences (model loaded,
warm); memory is the RSS a fresh process adds by loading the model and scoring.
Writes train/cache/comparison.md and prints it.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, CLASSES, ROOT, SEED, embed, labels, load_rows, macro_f1, rows_hash, split  # noqa: E402
import finetune  # noqa: E402

RSS = "import re\ndef rss():\n    return int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"


def _fresh_rss(code: str) -> float:
    """MB a fresh interpreter adds by running ``code`` (after numpy is imported)."""
    prog = RSS + "import numpy\nr0 = rss()\n" + code + "\nprint(rss() - r0)\n"
    r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, cwd=ROOT)
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    return float(r.stdout.strip().splitlines()[-1])


def _export(name: str, tuned: Path | None) -> Path:
    """An ONNX export of the base model (tuned None) or of the base with ``tuned`` laid over, in train/cache."""
    from eventwire.learn.encoder import exported_digest
    from eventwire.learn.export import export, source_dir, tuned_digest
    out = CACHE / name
    if not (out / "model.int8.onnx").is_file() or exported_digest(out) != tuned_digest(tuned):
        export(source_dir(), out, tuned=tuned)
    return out


def _speed_memory(model_dir: Path, predict, texts: list[str]) -> tuple[float, float]:
    from eventwire.learn.encoder import Encoder
    enc = Encoder(model_dir, threads=1)
    enc.encode(texts[:16])
    t0 = time.perf_counter()
    predict(enc.encode(texts))
    sps = len(texts) / (time.perf_counter() - t0)
    mem = _fresh_rss("from eventwire.learn.encoder import Encoder\nfrom eventwire.learn.heads import Heads\n"
                     f"e = Encoder({str(model_dir)!r}, threads=1); h = Heads.load()\n"
                     "h.proba(e.encode(['Troops shelled the town.'] * 32))")
    return sps, mem


def minilm_lr(rows, y, tr, dev, test_rows, yt) -> dict:
    from sklearn.linear_model import LogisticRegression
    base = _export("minilm-base", None)
    X, Xt = embed(rows, model_dir=base), embed(test_rows, model_dir=base)
    clf = LogisticRegression(C=4.0, max_iter=2000, tol=1e-5, random_state=SEED).fit(X[tr], y[tr])
    sps, mem = _speed_memory(base, clf.predict, [rows[i]["text"].strip() for i in dev])
    return _scores("(a) MiniLM (ONNX int8) + logistic regression", y[dev], clf.predict(X[dev]), yt,
                   clf.predict(Xt), sps, mem)


def minilm_finetuned(rows, y, tr, dev, test_rows, yt) -> dict:
    """(c): fitted on the 80% only (the shipped model is fitted on the whole corpus), scored through its ONNX export."""
    key = f"{rows_hash(rows)}-top{finetune.TOP}-e{finetune.EPOCHS}-lr{finetune.LR:g}"
    tuned, head = CACHE / f"ft80-{key}.npz", CACHE / f"ft80-{key}-head.npz"
    if not (tuned.is_file() and head.is_file()):
        model = finetune.base_model()
        states = finetune.lower_states(model, finetune.tokenize([r["text"].strip() for r in rows]), 6 - finetune.TOP)
        top = finetune.fit(model, [states[i] for i in tr], y[tr], 6 - finetune.TOP, finetune.EPOCHS, lr=finetune.LR)
        finetune.save_tuned(top.tuned_tensors(), tuned)
        W, b = top.head_arrays()
        np.savez(head, W=W, b=b)
    with np.load(head) as h:
        W, b = h["W"], h["b"]
    out = _export("minilm-ft80", tuned)
    X, Xt = embed(rows, model_dir=out), embed(test_rows, model_dir=out)

    def predict(E):
        return (E @ W.T + b).argmax(1)
    sps, mem = _speed_memory(out, predict, [rows[i]["text"].strip() for i in dev])
    return _scores(f"(c) MiniLM, top {finetune.TOP} layers fine-tuned with a linear head ({finetune.EPOCHS} epochs), "
                   "ONNX int8", y[dev], predict(X[dev]), yt, predict(Xt) if len(Xt) else np.array([]), sps, mem)


def _scores(name, ydev, pdev, yt, pt, sps, mem) -> dict:
    return {"model": name, "dev_accuracy": float((pdev == ydev).mean()), "dev_macro_f1": macro_f1(ydev, pdev),
            "test_accuracy": float((pt == yt).mean()) if len(yt) else None,
            "test_macro_f1": macro_f1(yt, pt) if len(yt) else None, "sentences_per_s": sps, "memory_mb": mem}


def _docbin(nlp, rows, idx, path: Path) -> None:
    from spacy.tokens import DocBin
    db = DocBin()
    for i in idx:
        doc = nlp.make_doc(rows[i]["text"].strip())
        doc.cats = {c: float(c == rows[i]["label"]) for c in CLASSES}
        db.add(doc)
    db.to_disk(path)


def _no_static_vectors(cfg) -> None:
    for k, v in cfg.items():
        if isinstance(v, dict):
            _no_static_vectors(v)
        elif k == "include_static_vectors":
            cfg[k] = False


def spacy_textcat(rows, y, tr, dev, test_rows, yt, optimize: str, steps: int) -> dict:
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train
    work = Path(tempfile.mkdtemp(prefix="textcat-", dir=CACHE))
    nlp = spacy.blank("en")
    _docbin(nlp, rows, tr, work / "train.spacy")
    _docbin(nlp, rows, dev, work / "dev.spacy")
    cfg = init_config(lang="en", pipeline=["textcat"], optimize=optimize, gpu=False)
    cfg["paths"]["train"], cfg["paths"]["dev"] = str(work / "train.spacy"), str(work / "dev.spacy")
    cfg["paths"]["vectors"] = None                      # offline: no en_core_web_lg vectors
    _no_static_vectors(cfg)
    cfg["system"]["seed"] = SEED
    cfg["training"]["max_epochs"], cfg["training"]["max_steps"], cfg["training"]["patience"] = 20, steps, 1200
    cfg.to_disk(work / "config.cfg")
    t0 = time.time()
    train(work / "config.cfg", work / "out", use_gpu=-1)
    print(f"  spaCy textcat ({optimize}) trained in {time.time() - t0:.0f} s", flush=True)
    best = spacy.load(work / "out" / "model-best")

    def predict(texts):
        return np.array([CLASSES.index(max(d.cats, key=d.cats.get)) for d in best.pipe(texts, batch_size=64)])
    texts = [rows[i]["text"].strip() for i in dev]
    predict(texts[:16])
    t0 = time.perf_counter()
    pdev = predict(texts)
    sps = len(texts) / (time.perf_counter() - t0)
    mem = _fresh_rss(f"import spacy\nn = spacy.load({str(work / 'out' / 'model-best')!r})\n"
                     "list(n.pipe(['Troops shelled the town.'] * 32))")
    arch = "bag of n-grams" if optimize == "efficiency" else "ensemble: n-grams + own tok2vec with attention"
    return _scores(f"(b) spaCy textcat ({optimize}: {arch}), `spacy train`, {steps} steps at most", y[dev], pdev,
                   yt, predict([r["text"].strip() for r in test_rows]), sps, mem)


def table(results: list[dict]) -> str:
    out = ["| model | dev accuracy | dev macro-F1 | test accuracy | test macro-F1 | sentences/s (1 thread) | memory |",
           "|---|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| {r['model']} | {r['dev_accuracy']:.3f} | {r['dev_macro_f1']:.3f} | {r['test_accuracy']:.3f} | "
                   f"{r['test_macro_f1']:.3f} | {r['sentences_per_s']:,.0f} | {r['memory_mb']:.0f} MB |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-spacy", action="store_true")
    ap.add_argument("--steps", type=int, nargs=2, default=[6000, 1000], metavar=("EFFICIENCY", "ACCURACY"),
                    help="training steps for the two spaCy textcats (the ensemble is slow on two cores)")
    ap.add_argument("--textcats", nargs="+", choices=("efficiency", "accuracy"), default=["efficiency", "accuracy"],
                    help="which spaCy textcats to train (the ensemble takes the longest)")
    ap.add_argument("--test", default=str(ROOT / "eval" / "layer_test"))
    args = ap.parse_args(argv)
    rows = load_rows()
    y = labels(rows)
    tr, dev = split(y)
    test_rows = load_rows(Path(args.test)) if Path(args.test).is_dir() else []
    yt = labels(test_rows)
    print(f"compare: {len(tr)} train / {len(dev)} dev sentences of the corpus; {len(test_rows)} test", flush=True)
    results = [minilm_lr(rows, y, tr, dev, test_rows, yt), minilm_finetuned(rows, y, tr, dev, test_rows, yt)]
    if not args.skip_spacy:
        for opt, steps in zip(("efficiency", "accuracy"), args.steps):
            if opt in args.textcats:
                results.append(spacy_textcat(rows, y, tr, dev, test_rows, yt, opt, steps))
    md = table(results)
    CACHE.mkdir(exist_ok=True)
    (CACHE / "comparison.md").write_text(md + "\n")
    (CACHE / "comparison.json").write_text(json.dumps(results, indent=1))
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
