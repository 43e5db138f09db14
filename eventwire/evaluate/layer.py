"""Score the learned layer (`make eval`): ablation, per-type F1, calibration, and what it changes.

- **test set** (``eval/layer_test/*.jsonl``, written apart from the training corpus
  and never trained or tuned on): each sentence's label is one of the 16 PLOVER
  types or NONE; the coder's label is its top event's type (highest confidence,
  then earliest trigger), or NONE when it codes no event;
- **gold records**: event-type accuracy and actor/recipient F1 (``gold.score``);
- the **ablation**: lexicon and rules only (layer off), layer only (the sentence
  classifier's most probable class), and combined (the default coder);
- **calibration**: expected calibration error (10 equal-width bins) of the top
  event's ``confidence`` against "its type is right", and a reliability diagram;
- the **example corpus**: events the layer added, removed and retyped.
"""
from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import numpy as np

NONE = "NONE"


def load_rows(path: str | Path) -> list[dict]:
    p = Path(path)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def with_layer(settings, on: bool):
    s = copy.deepcopy(settings)
    s.learned.enabled = on
    return s


def code_rows(rows: list[dict], settings) -> list[list[dict]]:
    from ..batch import process_batch
    res = process_batch([{"id": str(r["id"]), "text": r["text"]} for r in rows], settings)
    return [[e.to_dict() for e in r.events] for r in res]


def top(events: list[dict]) -> dict | None:
    return min(events, key=lambda e: (-e["confidence"], e["trigger"]["start"])) if events else None


def prf_by_class(gold: list[str], pred: list[str]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for c in sorted(set(gold) | set(pred)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[c] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, tp + fn)
    return out


def summary(gold: list[str], pred: list[str]) -> dict:
    per = prf_by_class(gold, pred)
    present = [c for c in per if per[c][3]]          # classes of the set (a class never gold has no F1)
    return {"accuracy": sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1),
            "macro_f1": float(np.mean([per[c][2] for c in present])) if present else 0.0, "per_class": per}


def ece(conf: list[float], correct: list[bool], bins: int = 10) -> tuple[float, list[tuple]]:
    """Expected calibration error over equal-width bins, and (mean confidence, accuracy, count) per bin."""
    conf_a, ok = np.asarray(conf, dtype=float), np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    total, table = 0.0, []
    for k in range(bins):
        m = (conf_a > edges[k]) & (conf_a <= edges[k + 1]) if k else (conf_a >= 0) & (conf_a <= edges[1])
        if m.any():
            total += m.sum() / len(conf_a) * abs(conf_a[m].mean() - ok[m].mean())
            table.append((float(conf_a[m].mean()), float(ok[m].mean()), int(m.sum())))
    return (float(total) if len(conf_a) else 0.0), table


def top_events(coded: list[list[dict]], gold: list[str]) -> tuple[list[str], list[float], list[bool]]:
    """The label each sentence gets, and the confidence and correctness of each top event."""
    pred, conf, ok = [], [], []
    for evs, g in zip(coded, gold):
        t = top(evs)
        pred.append(t["event_type"] if t else NONE)
        if t:
            conf.append(t["confidence"])
            ok.append(t["event_type"] == g)
    return pred, conf, ok


def layer_only(rows: list[dict], coder) -> list[str]:
    """The layer's most probable class for each sentence, scored one sentence at a time as the coder scores
    it: the int8 graph quantises its activations per call, so a sentence scored in a batch of 32 can come
    out a hair different, and the figure would depend on what the cache already held."""
    layer = coder.learned
    probs = [layer.probs_of([r["text"].strip()])[0] for r in rows]
    return [layer.heads.classes[int(np.argmax(p))] for p in probs]


def reliability_png(curves: dict[str, list[tuple]], path: str | Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 5), dpi=110)
    ax.plot([0, 1], [0, 1], color="grey", lw=1, ls="--", label="perfect calibration")
    for (name, table), mark in zip(curves.items(), "osd^"):
        if table:
            xs, ys, ns = zip(*table)
            ax.plot(xs, ys, marker=mark, label=name)
    ax.set_xlabel("confidence of the sentence's top event (bin mean)")
    ax.set_ylabel("share whose type is right")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("eventwire: reliability of confidence")
    ax.legend(loc="upper left", fontsize=8)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def example_changes(folder: str | Path, settings) -> dict:
    """Events in examples/*.txt with the layer off and on: added, removed and retyped (by trigger span)."""
    from ..ingest.document import make_document
    from ..ingest.readers import read_text_file
    from ..pipeline import get_coder
    docs = []
    for f in sorted(Path(folder).glob("*.txt")):
        rec, err = read_text_file(str(f))
        if not err:
            docs.append(make_document(rec["text"], published=rec.get("published")))
    runs = {}
    for on in (False, True):
        coded = get_coder(with_layer(settings, on)).code_documents(docs)
        runs[on] = {(d.doc_id, e.trigger["start"]): e for d, evs in zip(docs, coded) for e in evs}
    off, on = runs[False], runs[True]
    retyped = [k for k in off.keys() & on.keys() if off[k].event_type != on[k].event_type]
    return {"documents": len(docs), "events_off": len(off), "events_on": len(on),
            "added": len(on.keys() - off.keys()), "removed": len(off.keys() - on.keys()), "retyped": len(retyped),
            "added_types": Counter(on[k].event_type for k in on.keys() - off.keys()),
            "removed_types": Counter(off[k].event_type for k in off.keys() - on.keys())}


def ablation(rows: list[dict], gold: list[str], settings) -> dict:
    """Lexicon only, layer only and combined on one labelled set."""
    from ..pipeline import get_coder
    out = {}
    for name, on in (("lexicon only", False), ("combined", True)):
        coded = code_rows(rows, with_layer(settings, on))
        pred, conf, ok = top_events(coded, gold)
        err, table = ece(conf, ok)
        out[name] = summary(gold, pred) | {"ece": err, "bins": table, "coded": coded, "events": len(conf)}
    out["layer only"] = summary(gold, layer_only(rows, get_coder(with_layer(settings, True))))
    return out


def _print_ablation(title: str, res: dict, types: bool = True) -> None:
    print(f"\n== learned layer, {title}")
    print(f"  {'system':<14} {'accuracy':>8} {'macro-F1':>8} {'ECE':>6}")
    for name, r in res.items():
        ece_s = f"{r['ece']:.3f}" if "ece" in r else "  -  "
        print(f"  {name:<14} {r['accuracy']:8.3f} {r['macro_f1']:8.3f} {ece_s:>6}")
    if types:
        print("  per-class F1 (lexicon only / layer only / combined, n):")
        for c in sorted(res["combined"]["per_class"]):
            f = [res[k]["per_class"].get(c, (0, 0, 0, 0))[2] for k in ("lexicon only", "layer only", "combined")]
            n = res["combined"]["per_class"][c][3]
            print(f"    {c:<10} {f[0]:.2f} / {f[1]:.2f} / {f[2]:.2f}   ({n})")


def run(test: str | None, gold_path: str | None, examples: str | None, png: str | None, settings) -> None:
    from ..actors.kb import load_kb
    from .gold import load_gold, score
    curves = {}
    if test and Path(test).exists():
        rows = load_rows(test)
        res = ablation(rows, [r["label"] for r in rows], settings)
        _print_ablation(f"test set ({test}, {len(rows)} sentences, 16 types + NONE)", res)
        curves[f"test set, combined (ECE {res['combined']['ece']:.3f})"] = res["combined"]["bins"]
        curves[f"test set, lexicon only (ECE {res['lexicon only']['ece']:.3f})"] = res["lexicon only"]["bins"]
    if gold_path and Path(gold_path).exists():
        recs = load_gold(gold_path)
        rows = [{"id": r["id"], "text": r["text"]} for r in recs]
        res = ablation(rows, [r.get("event_plover2021") or r["event"] for r in recs], settings)
        _print_ablation(f"PLOVER gold records ({len(rows)})", res, types=False)
        igos = set(load_kb().igo_members)
        for name in ("lexicon only", "combined"):
            rep = score(recs, res[name]["coded"], igos)
            print(f"  {name:<14} actor F1 {rep.actor.f1:.3f}  recipient F1 {rep.recipient.f1:.3f}")
        curves[f"gold, combined (ECE {res['combined']['ece']:.3f})"] = res["combined"]["bins"]
    if examples and Path(examples).exists():
        ch = example_changes(examples, settings)
        print(f"\n== learned layer on the example corpus ({ch['documents']} documents): {ch['events_off']} events "
              f"without it, {ch['events_on']} with it; added {ch['added']} {dict(ch['added_types'])}, removed "
              f"{ch['removed']} {dict(ch['removed_types'])}, retyped {ch['retyped']}")
    if png and curves:
        reliability_png(curves, png)
        print(f"reliability diagram: {png}")
