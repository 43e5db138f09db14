"""TIMEX3 scoring as in TempEval-3: strict and relaxed span F1, and type and value F1.

A system timex matches a gold one when their spans overlap (relaxed) or coincide (strict); each
timex matches at most one (the greatest overlap first).  Type and value F1 count the relaxed
matches whose attribute is right, over all system timexes (precision) and all gold ones (recall),
so a missed or spurious timex lowers them as it lowers span F1.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class TimexReport:
    n_gold: int = 0
    n_sys: int = 0
    relaxed: int = 0
    strict: int = 0
    type_ok: int = 0
    value_ok: int = 0
    by_note: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list = field(default_factory=list)

    @staticmethod
    def f1(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
        p = tp / n_sys if n_sys else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def figures(self) -> dict[str, tuple[float, float, float]]:
        return {name: self.f1(tp, self.n_sys, self.n_gold) for name, tp in
                (("relaxed span", self.relaxed), ("strict span", self.strict),
                 ("type", self.type_ok), ("value", self.value_ok))}


def match(system: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (system index, gold index) pairs of overlapping spans, greatest overlap first."""
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            ov = min(s["end"], g["end"]) - max(s["start"], g["start"])
            if ov > 0:
                pairs.append((-ov, i, j))
    used_s, used_g, out = set(), set(), []
    for _ov, i, j in sorted(pairs):
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score(items: list[dict], nlp=None) -> TimexReport:
    """Tag each item's text with ``when.timex.tag`` (parsed with ``nlp`` when given) and compare."""
    from ..when.timex import tag
    rep = TimexReport()
    for it in items:
        sp = nlp(it["text"]) if nlp is not None else None
        system = [t.to_dict() for t in tag(it["text"], it["published"], sp)]
        gold = it.get("timexes") or []
        rep.n_gold += len(gold)
        rep.n_sys += len(system)
        matched = match(system, gold)
        hit_g = {j for _i, j in matched}
        hit_s = {i for i, _j in matched}
        for i, j in matched:
            s, g = system[i], gold[j]
            rep.relaxed += 1
            rep.strict += (s["start"], s["end"]) == (g["start"], g["end"])
            rep.type_ok += s["type"] == g["type"]
            good = s["value"] == g["value"]
            rep.value_ok += good
            for note in (it.get("note") or "-").split(","):
                rep.by_note[note][0] += good
                rep.by_note[note][1] += 1
            if not good or s["type"] != g["type"] or (s["start"], s["end"]) != (g["start"], g["end"]):
                rep.errors.append(f"{it['id']} {g['text']!r} {g['type']} {g['value']}: got {s['text']!r} "
                                  f"{s['type']} {s['value']} ({s['why']})")
        for j, g in enumerate(gold):
            if j not in hit_g:
                rep.errors.append(f"{it['id']} missed {g['text']!r} {g['type']} {g['value']}")
        for i, s in enumerate(system):
            if i not in hit_s:
                rep.errors.append(f"{it['id']} spurious {s['text']!r} {s['type']} {s['value']} ({s['why']})")
    return rep


def print_report(rep: TimexReport, name: str, show_errors: int = 0) -> None:
    print(f"== temporal expressions ({name}): {rep.n_gold} gold, {rep.n_sys} tagged")
    for k, (p, r, f) in rep.figures().items():
        print(f"  {k + ' F1':<22} {f:.3f}   (P {p:.3f}  R {r:.3f})")
    for e in rep.errors[:show_errors]:
        print("  ! " + e)


def run_command(args, nlp) -> int:
    """`eventwire timex FILE|- [--jsonl FILE]`: one JSON object per temporal expression. The DCT is the
    record's ``published`` (or --published), else its dateline's date."""
    import datetime as dt
    import json
    import sys
    from ..ingest.dateline import parse_dateline
    from ..when.timex import tag
    from .geo import read_records
    errors = 0
    for rec, err in read_records(args.files, args.jsonl, getattr(args, "published", None)):
        try:
            if err:
                raise ValueError(err)
            dct = rec.get("published")
            if not dct:
                dl = parse_dateline(rec["text"], published=None)
                dct = dl.date if dl and dl.date else None
            if not dct:
                raise ValueError(f"{rec['id']}: no document creation time: give 'published' (or --published)")
            dt.date.fromisoformat(str(dct)[:10])
            for t in tag(rec["text"], str(dct)[:10], nlp(rec["text"])):
                sys.stdout.write(json.dumps({"source_id": rec["id"], **t.to_dict()}, ensure_ascii=False) + "\n")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"eventwire timex: {exc}", file=sys.stderr)
            errors += 1
    return 1 if errors else 0
