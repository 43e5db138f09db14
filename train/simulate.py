"""Record the coder over the training corpus with the layer's out-of-fold scores, then fit the
calibrators and choose the thresholds by replaying the rule of ``eventwire/learn/step.py``.

The replay mirrors ``learned_check``/``needs_score`` on the recorded events (their
``why.learned``); a test (tests/test_learn.py) checks that the two agree.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from types import SimpleNamespace

import numpy as np

from common import CACHE, CLASSES, SEED, labels, macro_f1, rows_hash
from eventwire.learn.step import convention
from eventwire.ontology import load_ontology

QUAD = {c: load_ontology().quad_class(c) for c in CLASSES if c != "NONE"}
NEUTRAL = {"add_threshold": 0.0, "add_partyless": 0.0, "drop_none": 1.01, "drop_type": 0.0, "retype_threshold": 1.01,
           "retype_any": 1.01, "retype_weak": 1.01}
# what the recording holds; a change of it re-records the corpus (the cache key)
RECORDING = "2: proposals with and without a coded party"
# "confident of a type": a proposal needs P(type) >= 0.5 at least (and more than P(NONE))
GRID = {"add_threshold": [0.5, 0.6, 0.7, 0.8, 0.9],
        "add_partyless": [0.95, 0.98, 1.01],
        "drop_none": [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01],
        "drop_type": [0.05, 0.1, 0.2, 0.3, 0.5],
        "retype_threshold": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
        "retype_any": [1.01],
        "retype_weak": [0.9, 0.95, 1.01]}
# The thresholds are chosen on the corpus alone (the replay below).  With the frozen encoder (2026-12-06,
# evening) the chosen rule lowered the gold records' type accuracy (0.839 -> 0.795), so drop_none and
# retype were pinned (0.95, off).  With the fine-tuned encoder the layer alone reaches 0.893 out of fold,
# and the grid is open again, except for retyping across quad classes: chosen freely (0.8) it raised the
# corpus replay (0.792 -> 0.826) and the test set (0.786 -> 0.817) but lowered the gold records (0.839 ->
# 0.829) and the real-news dev set (main events 0.524 -> 0.508: "Hezbollah claimed a drone attack" became
# ACCUSE, as the corpus has no claims of responsibility); `retype_any` stays a setting, off by default.
# A proposal with no coded party (2026-12-07): the corpus replay, free from 0.5 up, chose 0.5 (0.807 ->
# 0.822), but on the real-news dev set event precision fell 0.810 -> 0.774 ("the law would require",
# "the agreement should ensure"), and a calibrator fitted on both kinds put the test set's ECE over
# 0.05.  The calibrator now knows a partyless proposal (`no_party`), and the grid starts at 0.95: at 0.9
# the dev set's precision is 0.792, at 0.95 0.806, for the same test-set macro-F1 (0.797).
# Retyping a weak entry across quad classes (2026-12-07, sixth session): the entries the corpus finds right
# under 80% of the time may take the layer's type of another class. Free from 0.5, the corpus chose 0.5
# (replay 0.824 -> 0.847) and the test set rose 0.797 -> 0.829, but the gold records fell 0.857 -> 0.842
# ("would allow the return of inspectors" became THREATEN, "continued to send arms" MOBILIZE); at 0.7 they
# were 0.854, at 0.9 unchanged (test set 0.822). Read off the gold records, so the grid starts at 0.9. The
# coder's own rules ("rule:reported-demand": "X said Y must act" is a REQUEST) are never retyped, in any
# quad class: the corpus finds that rule weak because it fires inside "saying ... must" clauses of another
# act, not because its type is wrong (seen on the gold records too: "a minister reiterated that Libya must
# hand over the bombers" was retyped REJECT). Nor are commitments ("vowed more support" is AGREE, a promise,
# by the PLOVER manual; the recode step types a commitment by what it commits to): at retype 0.5 the
# layer read it SUPPORT (tests/test_rules.py).


def entry_of(entry_id: str) -> SimpleNamespace:
    """The fields of a lexicon entry that ``convention`` reads, from the entry id a recorded event keeps
    (``Entry.id``: "rule:reported-demand", "agree:vow_verb")."""
    kind, _, rest = entry_id.partition(":")
    if kind == "rule":
        return SimpleNamespace(rule=rest, category=None, lemma=None)
    return SimpleNamespace(rule=None, category=kind.upper(), lemma=rest.split(":")[0].replace("_", " "))


def coder_digest() -> bytes:
    """The coder's code and data (not the trained heads): a change to a rule or a lexicon file re-records."""
    from pathlib import Path
    import eventwire
    root = Path(eventwire.__file__).parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".yaml", ".yml", ".csv", ".tsv", ".txt") and "models" not in f.parts:
            h.update(str(f.relative_to(root)).encode() + f.read_bytes())
    return h.digest()


def record(rows, oof, W, b, temp) -> list[list[dict]]:
    """Every row coded by the real coder, the layer scoring with the row's out-of-fold probabilities."""
    key = hashlib.sha256(RECORDING.encode() + coder_digest() + rows_hash(rows).encode()
                         + np.round(oof, 5).tobytes()).hexdigest()[:12]
    path = CACHE / f"recorded-{key}.json"
    if path.is_file():
        return json.loads(path.read_text())
    from eventwire.batch import process_batch
    from eventwire.config import Settings
    from eventwire.learn.heads import Calibrator, Heads
    from eventwire.pipeline import get_coder
    tmp = CACHE / "recording-heads.json"
    identity = {k: Calibrator(["bias"], [0.0]) for k in ("lexicon", "learned")}
    Heads(CLASSES, W, b, temp, identity, dict(NEUTRAL), {}).save(tmp)
    settings = Settings.from_env()
    settings.learned.heads, settings.learned.score = str(tmp), "all"
    for k, v in NEUTRAL.items():
        setattr(settings.learned, k, v)
    coder = get_coder(settings)
    for r, p in zip(rows, oof):
        coder.learned.cache[r["text"].strip()] = p.astype(np.float32)
    before = coder.learned.scored
    res = process_batch([{"id": r["id"], "text": r["text"]} for r in rows], settings)
    print(f"  recorded {len(rows)} rows; {coder.learned.scored - before} sentences scored by the final head "
          f"(spaCy split the row), not out of fold", flush=True)
    out = [[e.to_dict() for e in r.events] for r in res]
    path.write_text(json.dumps(out))
    return out


def _is_noun(ev: dict) -> bool:
    return ev["why"].get("learned", {}).get("noun", False)


def _selected(ev: dict) -> set[str]:
    return {p["reason"] for p in ev.get("provenance", [])}


def lexicon_samples(recorded, rows):
    """(features, correct) for every lexicon event."""
    from eventwire.learn.heads import lexicon_features
    return [(lexicon_features(e["why"]["learned"]["rules_confidence"]), e["event_type"] == r["label"])
            for evs, r in zip(recorded, rows) for e in evs if e["why"].get("learned", {}).get("source") == "lexicon"]


def _fit(feats: list[dict], target: list[bool]) -> tuple[list[str], list[float]]:
    from sklearn.linear_model import LogisticRegression
    names = list(feats[0])
    X = np.array([[f[n] for n in names] for f in feats])
    clf = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000, random_state=SEED).fit(X, np.array(target))
    return names, [float(c) for c in clf.coef_[0]]


def fit_calibrators(recorded, rows) -> dict:
    from eventwire.learn.heads import learned_features
    lex = lexicon_samples(recorded, rows)
    learned = [(learned_features(e["why"]["learned"]["p_type"], e["why"]["learned"]["p_none"],
                                 e["why"]["learned"].get("party", True)), e["event_type"] == r["label"])
               for evs, r in zip(recorded, rows) for e in evs if e["why"].get("learned", {}).get("source") == "layer"]
    cal = {"lexicon": _fit([f for f, _ in lex], [c for _, c in lex]),
           "learned": _fit([f for f, _ in learned], [c for _, c in learned])}
    print(f"  calibrators fitted on {len(lex)} lexicon events and {len(learned)} layer proposals", flush=True)
    return cal


def _cal(cal, name, feats) -> float:
    names, coef = cal[name]
    z = sum(c * feats[n] for n, c in zip(names, coef))
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def political_actor(actor: list[dict]) -> bool:
    """The replay of ``learn.step.political_actor`` on recorded entities."""
    lent = {"event_place", "placed_by_event_place"}
    return any(e.get("sector") or (e.get("code") and not lent & set(e.get("basis") or ())) for e in actor)


def needs_score(ev: dict, weak) -> bool:
    """The replay of ``learn.step.needs_score`` (mode ``needed``) on a recorded event."""
    return (_is_noun(ev) or ev["why"]["trigger"] in weak
            or bool(_selected(ev) & {"actorless_violence", "unresolved_actor"})
            or not political_actor(ev["actor"]))


def row_events(evs, probs, cal, th, weak=(), needed=True) -> list[dict]:
    """The events of one row that the rule keeps, each with its calibrator, features and confidence."""
    from eventwire.learn.heads import learned_features, lexicon_features
    out = []
    lexicon = [e for e in evs if e["why"].get("learned", {}).get("source") == "lexicon"]
    scored = not needed or any(needs_score(e, weak) for e in lexicon)
    for e in evs:
        info = e["why"].get("learned", {})
        t = e["event_type"]
        if info.get("source") == "layer":
            if info["p_type"] < th["add_threshold"] or info["p_type"] <= info["p_none"]:
                continue
            if not info.get("party", True) and info["p_type"] < th["add_partyless"]:
                continue
            name, feats = "learned", learned_features(info["p_type"], info["p_none"], info.get("party", True))
        else:
            if scored:
                p_type = info["p_type"]
                agrees = info["best"] == t and p_type >= info["p_none"]
                if not agrees and info["p_none"] >= max(info["p_best"], th["drop_none"]) \
                        and not political_actor(e["actor"]):
                    continue
                if not agrees and info["p_none"] >= th["drop_none"] and p_type < th["drop_type"]:
                    continue
                taken = any(x is not e and x["event_type"] == info["best"] for x in lexicon)
                negated = any(pr.get("reason") == "negated" for pr in e.get("provenance", ()))
                if not agrees and not taken and info.get("main", True) and not convention(entry_of(e["why"]["trigger"])) \
                        and not negated \
                        and (info["p_best"] >= th["retype_any"] or (
                        info["p_best"] >= th["retype_threshold"] and QUAD[info["best"]] == QUAD[t]) or (
                        info["p_best"] >= th["retype_weak"] and e["why"]["trigger"] in weak)):
                    t = info["best"]
            name, feats = "lexicon", lexicon_features(info["rules_confidence"])
        out.append({"type": t, "start": e["trigger"]["start"], "cal": name, "feats": feats,
                    "conf": _cal(cal, name, feats)})
    return out


def tops(recorded, oof, cal, th, weak=(), needed=True) -> list[dict | None]:
    """Each row's top event (highest confidence, then earliest trigger) under the rule, or None."""
    out = []
    for evs, probs in zip(recorded, oof):
        kept = row_events(evs, probs, cal, th, weak, needed)
        out.append(min(kept, key=lambda k: (-k["conf"], k["start"])) if kept else None)
    return out


def replay(recorded, rows, oof, cal, th, weak=(), needed=True) -> np.ndarray:
    """The label each row gets (top event's type, or NONE) under thresholds ``th``."""
    return np.array([CLASSES.index(t["type"]) if t else CLASSES.index("NONE")
                     for t in tops(recorded, oof, cal, th, weak, needed)])


def refit_on_tops(recorded, rows, oof, cal, th, weak) -> dict:
    """Confidence is read off a sentence's top event: refit each calibrator on the top events it scored
    (what the calibration error is measured on), twice."""
    for _ in range(2):
        top = tops(recorded, oof, cal, th, weak)
        new = dict(cal)
        for name in cal:
            sample = [(t["feats"], t["type"] == r["label"]) for t, r in zip(top, rows) if t and t["cal"] == name]
            if len(sample) >= 50 and len({ok for _, ok in sample}) == 2:
                new[name] = _fit([f for f, _ in sample], [ok for _, ok in sample])
        cal = new
    return cal


def weak_entries(recorded, rows) -> list[str]:
    """Lexicon entries right less than 80% of the time on the corpus (3+ uses): ``needed`` still scores them."""
    by_entry = defaultdict(list)
    for evs, r in zip(recorded, rows):
        for e in evs:
            if e["why"].get("learned", {}).get("source") == "lexicon":
                by_entry[e["why"]["trigger"]].append(e["event_type"] == r["label"])
    return sorted(k for k, v in by_entry.items() if len(v) >= 3 and np.mean(v) < 0.8)


def lexicon_only(recorded) -> np.ndarray:
    """The label with the layer off: the lexicon event the rules are surest of, or NONE."""
    out = []
    for evs in recorded:
        lex = [e for e in evs if e["why"].get("learned", {}).get("source") == "lexicon"]
        top = min(lex, key=lambda e: (-e["why"]["learned"]["rules_confidence"], e["trigger"]["start"])) if lex else None
        out.append(CLASSES.index(top["event_type"]) if top else CLASSES.index("NONE"))
    return np.array(out)


def choose_thresholds(recorded, rows, cal, oof):
    y = labels(rows)
    weak = weak_entries(recorded, rows)
    th = {k: v[0] if len(v) == 1 else 0.5 if k == "add_threshold" else 1.01 if k == "add_partyless"
          else NEUTRAL[k] if NEUTRAL[k] in v else 0.1
          for k, v in GRID.items()}
    for _ in range(2):                      # coordinate ascent over the grid, twice
        for name, values in GRID.items():
            scores = {v: macro_f1(y, replay(recorded, rows, oof, cal, th | {name: v}, weak)) for v in values}
            th[name] = max(values, key=lambda v: (round(scores[v], 4), -abs(v - th[name])))
    cal = refit_on_tops(recorded, rows, oof, cal, th, weak)
    sim = {"lexicon_only": macro_f1(y, lexicon_only(recorded)), "layer_only": macro_f1(y, oof.argmax(1)),
           "combined_needed": macro_f1(y, replay(recorded, rows, oof, cal, th, weak)),
           "combined_all": macro_f1(y, replay(recorded, rows, oof, cal, th, weak, needed=False))}
    sim = {k: round(float(v), 4) for k, v in sim.items()}
    top = [t for t in tops(recorded, oof, cal, th, weak) if t]
    sim["ece_top_events"] = round(_ece([t["conf"] for t in top],
                                       [t["type"] == r["label"] for t, r in zip(tops(recorded, oof, cal, th, weak), rows)
                                        if t]), 4)
    lex = [e for evs in recorded for e in evs if e["why"].get("learned", {}).get("source") == "lexicon"]
    sim["needed_scores_share_of_lexicon_events"] = round(sum(needs_score(e, weak) for e in lex) / max(len(lex), 1), 3)
    return th, weak, sim, cal


def _ece(conf, ok, bins=10) -> float:
    from eventwire.evaluate.layer import ece
    return ece(conf, ok, bins)[0]
