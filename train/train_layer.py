"""Train the learned layer's heads and write eventwire/data/models/layer.json (`make train`).

    python train/train_layer.py [--folds 5] [--grid 1 4 16]

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
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, CLASSES, MODELS, SEED, embed, folds, labels, load_rows, macro_f1, rows_hash  # noqa: E402
import simulate  # noqa: E402


def fit_lr(X, y, C):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, max_iter=2000, tol=1e-5, random_state=SEED).fit(X, y)


def logits(clf, X) -> np.ndarray:
    """Logits over all CLASSES (a class absent from a fold gets -inf-like)."""
    z = np.full((len(X), len(CLASSES)), -30.0)
    z[:, clf.classes_] = clf.decision_function(X)
    return z


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = z / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def choose_c(X, y, grid, k) -> tuple[float, np.ndarray, dict]:
    """C by k-fold macro-F1; the OOF logits of the best C."""
    fs = folds(y, k)
    best, scores = None, {}
    for C in grid:
        oof = np.zeros((len(y), len(CLASSES)))
        for f in fs:
            tr = np.setdiff1d(np.arange(len(y)), f)
            oof[f] = logits(fit_lr(X[tr], y[tr], C), X[f])
        scores[C] = macro_f1(y, oof.argmax(1))
        print(f"  C={C:<5g} CV macro-F1 {scores[C]:.4f}  accuracy {(oof.argmax(1) == y).mean():.4f}", flush=True)
        if best is None or scores[C] > scores[best[0]]:
            best = (C, oof)
    return best[0], best[1], scores


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    from scipy.optimize import minimize_scalar

    def nll(t):
        p = softmax(z, t)
        return -np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)).mean()
    return float(minimize_scalar(nll, bounds=(0.05, 20), method="bounded").x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--grid", type=float, nargs="+", default=[1.0, 4.0, 16.0])
    ap.add_argument("--out", default=str(MODELS / "layer.json"))
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = load_rows()
    y = labels(rows)
    print(f"corpus: {len(rows)} sentences in {len({r['_file'] for r in rows})} files; "
          f"{dict(sorted(Counter(r['label'] for r in rows).items()))}", flush=True)
    X = embed(rows)
    print(f"embedded ({time.time() - t0:.0f} s); choosing C by {args.folds}-fold CV", flush=True)
    cv_cache = CACHE / f"cv-{rows_hash(rows)}-{'-'.join(f'{g:g}' for g in args.grid)}-{args.folds}.npz"
    if cv_cache.is_file():
        z = np.load(cv_cache, allow_pickle=True)
        C, oof_z, cv = float(z["C"]), z["oof"], z["cv"].item()
    else:
        C, oof_z, cv = choose_c(X, y, args.grid, args.folds)
        np.savez(cv_cache, C=C, oof=oof_z, cv=np.array(cv, dtype=object))
    temp = fit_temperature(oof_z, y)
    oof = softmax(oof_z, temp)
    clf = fit_lr(X, y, C)
    W = np.zeros((len(CLASSES), X.shape[1]), dtype=np.float32)
    b = np.full(len(CLASSES), -30.0, dtype=np.float32)
    W[clf.classes_], b[clf.classes_] = clf.coef_, clf.intercept_
    print(f"C={C}, temperature {temp:.3f}; recording the coder over the corpus ({time.time() - t0:.0f} s)", flush=True)
    recorded = simulate.record(rows, oof, W, b, temp)
    calibrators = simulate.fit_calibrators(recorded, rows)
    thresholds, weak, sim, calibrators = simulate.choose_thresholds(recorded, rows, calibrators, oof)
    from eventwire.learn.heads import Calibrator, Heads
    heads = Heads(classes=CLASSES, W=W, b=b, temperature=temp,
                  calibrators={k: Calibrator(f, c) for k, (f, c) in calibrators.items()},
                  thresholds=thresholds,
                  meta={"encoder": "sentence-transformers/all-MiniLM-L6-v2, ONNX int8 (eventwire.learn.export)",
                        "head": f"multinomial logistic regression, C={C:g}", "cv_macro_f1": {f"{k:g}": round(v, 4) for k, v in cv.items()},
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
