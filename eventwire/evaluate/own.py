"""eventwire's own evaluation sets (eval/*.jsonl): actor resolution, event dates, event locations.

Each scorer codes the items with the same Coder the CLI uses and compares one
thing per item, so a failure names the stage that went wrong:

* actors.jsonl    - a mention (text + occurrence) -> code, sector and person name
* dates.jsonl     - the event at a trigger -> date value and precision
                    (also the temporal expression alone, resolved with the trigger's tense)
* locations.jsonl - the event at a trigger -> place: same geonameid, or same country and within 50 km;
                    a country or region (no point location) matches by name and country
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..ingest.document import make_document
from ..where.gazetteer import distance_km
from .gold import load_gold


@dataclass
class SetReport:
    name: str
    n: int = 0
    ok: int = 0
    by_note: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def add(self, note: str, good: bool, detail: str) -> None:
        self.n += 1
        self.ok += good
        self.by_note[note][0] += good
        self.by_note[note][1] += 1
        if not good:
            self.errors.append(detail)

    @property
    def accuracy(self) -> float:
        return self.ok / self.n if self.n else 0.0


load_jsonl = load_gold          # the same reader for every gold set


def _nth(text: str, sub: str, occurrence: int = 1) -> int:
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            raise ValueError(f"{sub!r} does not occur {occurrence} times")
    return pos


def _name_key(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("-", " ")
    return " ".join(s.split())


def _event_at(events, start: int, end: int):
    """The event whose trigger overlaps [start, end), most confident first; failing that, the
    event of the same sentence whose trigger is nearest (the set names a word of the event,
    which need not be the word the lexicon fired on: "held" for "held talks")."""
    hits = [e for e in events if e.trigger["start"] < end and start < e.trigger["end"]]
    if hits:
        return max(hits, key=lambda e: e.confidence)
    same = [e for e in events if e.sentence["start"] <= start < e.sentence["end"]]
    return min(same, key=lambda e: abs(e.trigger["start"] - start)) if same else None


# --------------------------------------------------------------------------- actors
def score_actors(items: list[dict], coder) -> SetReport:
    rep = SetReport("actor mentions")
    parts = Counter()
    for it in items:
        doc = make_document(it["text"], published=it.get("published"))
        spans = []
        for m in it["mentions"]:
            s = _nth(it["text"], m["text"], m.get("occurrence", 1))
            spans.append((s, s + len(m["text"])))
        resolved = coder.resolve_mentions(doc, list(dict.fromkeys(spans)))
        by_span = dict(zip(dict.fromkeys(spans), resolved))
        used: dict[tuple, set] = defaultdict(set)
        for m, sp in zip(it["mentions"], spans):
            ents = by_span.get(sp) or []
            # collective mentions list one gold entry per referent: match each to a distinct entity
            best = None
            for k, e in enumerate(ents):
                if k in used[sp]:
                    continue
                if e.code == m["code"] and (best is None or (m.get("name") and _name_key(e.name) == _name_key(m["name"]))):
                    best = k
            e = ents[best] if best is not None else (ents[0] if ents else None)
            if best is not None:
                used[sp].add(best)
            code_ok = e is not None and e.code == m["code"]
            sector_ok = e is not None and (e.sector or None) == m.get("sector")
            name_ok = not m.get("name") or (e is not None and _name_key(e.name) == _name_key(m["name"]))
            parts["code"] += code_ok
            parts["sector"] += sector_ok
            parts["name"] += name_ok
            parts["named"] += bool(m.get("name"))
            parts["name_ok_named"] += bool(m.get("name")) and name_ok
            got = f"{e.code}/{e.sector}/{e.name} ({e.why})" if e else "nothing"
            rep.add(it.get("note", "-"), code_ok and sector_ok and name_ok,
                    f"{it['id']} {m['text']!r}: want {m['code']}/{m.get('sector')}/{m.get('name')}, got {got}")
    rep.extra = {"code accuracy": parts["code"] / rep.n if rep.n else 0,
                 "sector accuracy": parts["sector"] / rep.n if rep.n else 0,
                 "person name accuracy (named mentions)": parts["name_ok_named"] / parts["named"] if parts["named"] else 0}
    return rep


# --------------------------------------------------------------------------- dates
def _fmt(date: str | None, precision: str | None) -> str | None:
    if not date:
        return None
    if precision == "year":
        return date[:4]
    if precision == "month":
        return date[:7]
    return date[:10]


def _coded_at_trigger(it: dict, coder):
    """Code one item's text; (document, trigger offset, the event at its trigger or None)."""
    doc = make_document(it["text"], published=it.get("published"))
    events = coder.code_documents([doc])[0]
    ts = _nth(it["text"], it["trigger"])
    return doc, ts, _event_at(events, ts, ts + len(it["trigger"]))


def score_dates(items: list[dict], coder) -> SetReport:
    from ..when import dates as when
    rep = SetReport("event dates")
    expr_ok = 0
    for it in items:
        text = it["text"]
        doc, ts, ev = _coded_at_trigger(it, coder)
        got = _fmt(ev.date, ev.date_precision) if ev else None
        prec = ev.date_precision if ev else None
        good = got == it["value"] and prec == it["precision"]
        rep.add(it.get("note", "-"), good,
                f"{it['id']} {it['expr']!r} ({it['published']}): want {it['value']}/{it['precision']}, "
                f"got {got}/{prec}" + ("" if ev else " (no event at the trigger)") + f" | {text[:90]}")
        # the expression alone, with the tense of the trigger's clause
        sp = coder.nlp(text[doc.body_start:])
        tpos = ts - doc.body_start
        tok = next((t for t in sp if t.idx <= tpos < t.idx + len(t.text)), None)
        tense = when.tense_of(tok) if tok is not None else "past"
        story = dt.date.fromisoformat(doc.story_date or it["published"])
        r = None
        for t in when.find(text[doc.body_start:]):
            if it["expr"] in t.text or t.text in it["expr"]:
                r = t.resolve(story, tense)
                break
        expr_ok += r is not None and _fmt(r.start.isoformat(), r.precision) == it["value"] and r.precision == it["precision"]
    rep.extra = {"expression accuracy (resolver alone)": expr_ok / rep.n if rep.n else 0}
    return rep


# --------------------------------------------------------------------------- locations
def score_locations(items: list[dict], coder, radius_km: float = 50.0) -> SetReport:
    rep = SetReport("event locations")
    for it in items:
        text = it["text"]
        _doc, _ts, ev = _coded_at_trigger(it, coder)
        loc = ev.location if ev else None
        good = False
        got = "no event at the trigger" if ev is None else "no location"
        if loc:
            same_id = it.get("geonameid") and loc.get("geonameid") == it["geonameid"]
            # a whole country has no point location: naming the same country is the same place
            # a whole country or region has no point location: the same named area is the same place
            same_id = same_id or (loc.get("feature") in ("country", "region", "admin1", "sea")
                                  and loc.get("country") == it["country"]
                                  and _name_key(loc.get("name")) in (_name_key(it["name"]), _name_key(it["place"])))
            near = loc.get("lat") is not None and distance_km(loc["lat"], loc["lon"], it["lat"], it["lon"]) <= radius_km
            good = bool(same_id or (loc.get("country") == it["country"] and near))
            dist = distance_km(loc["lat"], loc["lon"], it["lat"], it["lon"]) if loc.get("lat") is not None else float("nan")
            got = f"{loc.get('name')} {loc.get('country')} ({dist:.0f} km away; {loc.get('why')})"
        rep.add(it.get("note", "-"), good,
                f"{it['id']} {it['place']!r}: want {it['name']} {it['country']}, got {got} | {text[:90]}")
    return rep


def print_set(rep: SetReport, show_errors: int = 0) -> None:
    print(f"== {rep.name}: {rep.n} items, accuracy {rep.accuracy:.3f} ({rep.ok}/{rep.n})")
    for k, v in rep.extra.items():
        print(f"  {k:<40} {v:.3f}")
    for note in sorted(rep.by_note):
        ok, n = rep.by_note[note]
        print(f"  {note:<28} {ok:>3}/{n:<3} {ok / n:.2f}")
    for e in rep.errors[:show_errors]:
        print("  ! " + e)


# --------------------------------------------------------------------------- planted events
def score_planted(items: list[dict], coder, folder) -> SetReport:
    """examples/expected.jsonl: the events planted in the example corpus. An item counts as found
    when its sentence holds an event of that type; the extras report parties, aux and date."""
    from pathlib import Path
    from ..ingest.readers import read_text_file
    rep = SetReport("planted events in the example corpus")
    cache: dict[str, tuple] = {}
    parts = Counter()
    for it in items:
        f = str(Path(folder) / it["file"])
        if f not in cache:
            rec, err = read_text_file(f)
            if err:
                raise SystemExit(err)
            doc = make_document(rec["text"], published=rec.get("published"))
            cache[f] = (rec["text"], coder.code_documents([doc])[0])
        text, events = cache[f]
        pos = text.find(it["sentence"])
        same = [e for e in events if e.sentence["start"] <= pos < e.sentence["end"]] if pos >= 0 else []
        # a repeated mention merged into the story's first report of the same event still counts as found
        same += [e for e in events if e not in same and pos >= 0 and any(
            pos <= m.get("start", -1) < pos + len(it["sentence"]) for m in e.why.get("also_mentioned") or [])]
        typed = [e for e in same if e.event_type == it["event_type"]]
        ev = typed[0] if typed else None
        if ev is not None:
            acts = {a.code for a in ev.actor} | ({r.code for r in ev.recipient} if not it["recipient"] else set())
            parts["parties"] += set(it["actor"]) <= acts and set(it["recipient"]) <= {r.code for r in ev.recipient}
            parts["aux"] += (ev.aux or None) == (it.get("aux") or None)
            want = it.get("date")
            parts["date"] += bool(want) and _fmt(ev.date, ev.date_precision) == want
        got = ", ".join(f"{e.event_type}({'+'.join(a.code or '?' for a in e.actor)})" for e in same) or "no event"
        rep.add(it["event_type"], ev is not None,
                f"{it['file']}: want {it['event_type']} {it['actor']}->{it['recipient']}, got {got} | {it['sentence'][:70]}")
    if rep.ok:
        rep.extra = {"parties right (of found)": parts["parties"] / rep.ok,
                     "aux right (of found)": parts["aux"] / rep.ok,
                     "date right (of found)": parts["date"] / rep.ok}
    return rep


# --------------------------------------------------------------------------- clustering
def score_clusters(folder, truth: list[dict], db: str) -> dict:
    """Ingest a folder, cluster, and compare predicted clusters with the truth, pairwise.

    Each truth line names a sentence and its true cluster; the mention scored is the coded event
    in that sentence of the truth's type (else any event there). Precision: of mention pairs put
    together, the share truly together; recall: of truly joined pairs, the share put together.
    """
    import duckdb
    from itertools import combinations
    from pathlib import Path
    from ..analysis import cluster_store
    from ..runner import ingest
    ingest([str(folder)], db, workers=1, progress="none")
    con = duckdb.connect(db)
    cluster_store(con)
    rows = con.execute("SELECT e.event_type, e.cluster_id, e.record, d.text, d.source_id FROM events e "
                       "JOIN documents d USING (doc_id) WHERE e.cluster_id IS NOT NULL").fetchall()
    con.close()
    by_file: dict[str, list] = defaultdict(list)
    for etype, cid, rec, text, src in rows:
        by_file[Path(src).name].append((etype, cid, json.loads(rec), text))
    found = {}
    for k, t in enumerate(truth):
        cands = []
        for etype, cid, rec, text in by_file.get(t["file"], []):
            pos = text.find(t["sentence"])
            s = rec["sentence"]
            if pos >= 0 and s["start"] <= pos + len(t["sentence"]) // 2 < s["end"] + 1:
                parties = {e["code"] for e in rec["actor"] + rec["recipient"]}
                want = set(t.get("actor", [])) | set(t.get("recipient", []))
                cands.append((etype != t["event_type"], -len(parties & want), cid))
        if cands:
            found[k] = sorted(cands)[0][-1]
    tp = fp = fn = 0
    for i, j in combinations(sorted(found), 2):
        same_pred = found[i] == found[j]
        same_true = truth[i]["cluster"] == truth[j]["cluster"]
        tp += same_pred and same_true
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"mentions": len(truth), "found": len(found), "precision": p, "recall": r,
            "true_pairs": tp + fn, "predicted_pairs": tp + fp}
