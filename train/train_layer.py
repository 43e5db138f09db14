"""Train the learned layer's heads and write eventwire/data/models/layer.json (`make train`).

    python train/train_layer.py [--folds 3]

1. embed the training corpus with the run-time encoder (MiniLM, int8 ONNX);
2. choose the logistic regression's C by stratified k-fold macro-F1, keep the
   out-of-fold (OOF) probabilities, fit a temperature on the OOF logits, and train
   the type head on the whole corpus;
3. code the corpus with the real coder, the layer in recording mode (every event
   scored with its sentence's OOF probabilities; nothing dropped or retyped; a
   proposal wherever no entry fires), and fit the calibrators on those events;
4. choose the decision thresholds by simulating the rule of ``learn/step.py`` on
   the recorded events (macro-F1 over the 16 types and NONE), and the weak entries
   the ``needed`` scoring mode must still score.

Only train/corpus is read.  Deterministic: fixed seeds, sorted files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, CLASSES, MODELS, SEED, labels, load_rows, macro_f1, rows_hash  # noqa: E402
import finetune  # noqa: E402
import simulate  # noqa: E402


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = z / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    from scipy.optimize import minimize_scalar

    def nll(t):
        p = softmax(z, t)
        return -np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)).mean()
    return float(minimize_scalar(nll, bounds=(0.05, 20), method="bounded").x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--out", default=str(MODELS / "layer.json"))
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = load_rows()
    y = labels(rows)
    print(f"corpus: {len(rows)} sentences in {len({r['_file'] for r in rows})} files; "
          f"{dict(sorted(Counter(r['label'] for r in rows).items()))}", flush=True)
    oof_z, tuned, W, b = finetune.train(rows, k=args.folds)
    from eventwire.learn.export import TUNED, export, source_dir, tuned_digest
    from eventwire.learn.encoder import default_model_dir
    finetune.save_tuned(tuned, TUNED)
    # the encoder the coder will load: EVENTWIRE_LEARNED_ENCODER_DIR when set (a side build that must
    # leave the environment's own export alone), else the environment's
    export(source_dir(), Path(os.environ.get("EVENTWIRE_LEARNED_ENCODER_DIR") or default_model_dir()), tuned=TUNED)
    digest = tuned_digest(TUNED)
    temp = fit_temperature(oof_z, y)
    oof = softmax(oof_z, temp)
    cv = macro_f1(y, oof_z.argmax(1))
    print(f"tuned layers {digest} exported; temperature {temp:.3f}; recording the coder over the corpus "
          f"({time.time() - t0:.0f} s)", flush=True)
    recorded = simulate.record(rows, oof, W, b, temp)
    calibrators = simulate.fit_calibrators(recorded, rows)
    thresholds, weak, sim, calibrators = simulate.choose_thresholds(recorded, rows, calibrators, oof)
    from eventwire.learn.heads import Calibrator, Heads
    heads = Heads(classes=CLASSES, W=W, b=b, temperature=temp,
                  calibrators={k: Calibrator(f, c) for k, (f, c) in calibrators.items()},
                  thresholds=thresholds,
                  meta={"encoder": "sentence-transformers/all-MiniLM-L6-v2 with its top "
                                   f"{finetune.TOP} layers fine-tuned (encoder-top.npz), ONNX int8 (eventwire.learn.export)",
                        "encoder_digest": digest,
                        "head": f"linear, trained with the top layers: cross-entropy, AdamW, {finetune.EPOCHS} epochs, "
                                f"lr {finetune.LR:g}", "cv_macro_f1": round(cv, 4),
                        "corpus": {"sentences": len(rows), "files": len({r['_file'] for r in rows}), "sha": rows_hash(rows)},
                        "simulated_on_corpus": sim, "weak_entries": weak,
                        "trained": dt.date.today().isoformat(), "seed": SEED})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    heads.save(args.out)
    CACHE.mkdir(exist_ok=True)
    (CACHE / "train_report.json").write_text(json.dumps(heads.meta | {"thresholds": thresholds}, indent=1))
    print(f"wrote {args.out} ({time.time() - t0:.0f} s): thresholds {thresholds}; simulated {sim}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
