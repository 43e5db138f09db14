"""Score eventwire on the PLOVER gold records (../shared/gold/plover_gsr.jsonl).

Each gold record is one sentence with one event.  eventwire codes the
sentence; its *top* event (highest confidence, then earliest trigger) is
compared with the gold event.  The choice of the top event never looks at the
gold answer.

- event-type accuracy: top event type == gold ``event_plover2021``
  (no event at all counts as wrong);
- actor and recipient codes: micro precision, recall and F1 over code sets.
  When either side codes the event as reciprocal (PLOVER puts all parties in
  ``actor``), actor and recipient codes are compared as one set of parties.
  The gold file codes every IGO as "IGO" and Japan as legacy "JAP": both are
  normalised before scoring.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

LEGACY = {"JAP": "JPN", "ROM": "ROU", "ZAR": "COD", "YUG": "SRB", "TMP": "TLS", "BUR": "MMR"}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: set, gold: set) -> None:
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Report:
    n: int = 0
    correct: int = 0
    no_event: int = 0
    actor: PRF = field(default_factory=PRF)
    recipient: PRF = field(default_factory=PRF)
    parties: PRF = field(default_factory=PRF)
    confusion: Counter = field(default_factory=Counter)
    per_type: Counter = field(default_factory=Counter)
    per_type_ok: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    mentions: Counter = field(default_factory=Counter)   # how actor/recipient mentions were resolved

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0


def top_event(events: list[dict]) -> dict | None:
    if not events:
        return None
    return sorted(events, key=lambda e: (-e["confidence"], e["trigger"]["start"]))[0]


def _norm(code: str | None, igos: set[str]) -> str | None:
    if not code:
        return None
    code = LEGACY.get(code, code)
    return "IGO" if code in igos else code


def score(records: list[dict], coded: list[list[dict]], igos: set[str]) -> Report:
    rep = Report()
    for rec, events in zip(records, coded):
        gold_type = rec.get("event_plover2021") or rec["event"]
        rep.n += 1
        rep.per_type[gold_type] += 1
        top = top_event(events)
        pred_type = top["event_type"] if top else "NONE"
        if pred_type == gold_type:
            rep.correct += 1
            rep.per_type_ok[gold_type] += 1
        else:
            rep.confusion[(gold_type, pred_type)] += 1
            rep.errors.append((rec["id"], gold_type, pred_type, rec["text"]))
        if top is None:
            rep.no_event += 1
        g_act = {c for c in (_norm(x.get("code"), igos) for x in rec.get("source") or []) if c}
        g_rec = {c for c in (_norm(x.get("code"), igos) for x in rec.get("target") or []) if c}
        p_act = {c for c in (_norm(x.get("code"), igos) for x in (top or {}).get("actor", [])) if c}
        p_rec = {c for c in (_norm(x.get("code"), igos) for x in (top or {}).get("recipient", [])) if c}
        reciprocal = bool(rec.get("reciprocal")) or (top is not None and not p_rec and len(p_act) > 1)
        if reciprocal:
            rep.actor.add(p_act | p_rec, g_act | g_rec)
        else:
            rep.actor.add(p_act, g_act)
            rep.recipient.add(p_rec, g_rec)
        rep.parties.add(p_act | p_rec, g_act | g_rec)
        for ev in events:
            for e in ev.get("actor", []) + ev.get("recipient", []):
                rep.mentions["total"] += 1
                if e.get("kb_id"):
                    rep.mentions["person"] += 1
                if not e.get("code"):
                    rep.mentions["unresolved"] += 1
                elif e["code"] in igos or e.get("sector") == "IGO":
                    rep.mentions["igo"] += 1
                else:
                    rep.mentions["country"] += 1
    return rep


def load_gold(path: str) -> list[dict]:
    """JSON Lines -> records; a broken line stops with its file and line number."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: invalid JSON ({exc.msg})")
    return out


def run(path: str, settings=None) -> Report:
    from ..actors.kb import load_kb
    from ..batch import process_batch
    records = load_gold(path)
    results = process_batch([{"id": r["id"], "text": r["text"]} for r in records], settings)
    igos = set(load_kb().igo_members)
    return score(records, [[e.to_dict() for e in r.events] for r in results], igos)


def print_report(rep: Report, title: str, show_errors: int = 0) -> None:
    print(f"== {title}: {rep.n} sentences")
    print(f"event-type accuracy      {rep.accuracy:.3f}  ({rep.correct}/{rep.n}; no event: {rep.no_event})")
    for name, prf in (("actor codes", rep.actor), ("recipient codes", rep.recipient),
                      ("all parties", rep.parties)):
        print(f"{name:<24} P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}   (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})")
    combined = PRF(rep.actor.tp + rep.recipient.tp, rep.actor.fp + rep.recipient.fp, rep.actor.fn + rep.recipient.fn)
    print(f"{'actor+recipient (F1)':<24} P {combined.p:.3f}  R {combined.r:.3f}  F1 {combined.f1:.3f}")
    tot = rep.mentions["total"] or 1
    print(f"actor/recipient mentions {rep.mentions['total']}: resolved to a country {rep.mentions['country'] / tot:.3f}, "
          f"to an IGO {rep.mentions['igo'] / tot:.3f}, to a KB person {rep.mentions['person'] / tot:.3f}, "
          f"unresolved {rep.mentions['unresolved'] / tot:.3f}")
    print("per type accuracy:")
    for t in sorted(rep.per_type):
        print(f"  {t:<10} {rep.per_type_ok[t]:>3}/{rep.per_type[t]:<3} {rep.per_type_ok[t] / rep.per_type[t]:.2f}")
    print("most frequent confusions (gold -> predicted):")
    for (g, p), n in rep.confusion.most_common(12):
        print(f"  {g:<10} -> {p:<10} {n}")
    for e in rep.errors[:show_errors]:
        print(f"  ! {e[0]} gold {e[1]} pred {e[2]}: {e[3][:140]}")
