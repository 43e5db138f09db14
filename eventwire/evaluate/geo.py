"""`eventwire geoparse` and its scoring on public toponym corpora (GeoWebNews and the like).

Input records are ``{id, text, published?, toponyms?}``; with ``toponyms`` ([{start, end}, ...]) the
resolver resolves exactly those spans (gold-span mode, as the field reports toponym resolution),
otherwise it finds the toponyms too (end to end).

Scores, as in Gritta et al. (2020) and the Mordecai3 paper: the share of gold toponyms resolved to
the exact GeoNames id (over those that have one), to a place in the same country (over those whose
country is known), and within 161 km of the gold point (Acc@161); the mean and median error in km,
where a toponym left unresolved counts as 20,039 km (half the Earth's circumference) as there.
End to end, a predicted toponym matches the gold one its span overlaps, and span precision and
recall are given against all gold toponyms and against the literal ones (the types that name a
place as a place: Literal, Literal_Modifier, Mixed, Embedded_Literal, Coercion).
"""
from __future__ import annotations

import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..where.gazetteer import distance_km

LITERAL_TYPES = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal", "Coercion"}
MAX_ERROR_KM = 20039.0


# --------------------------------------------------------------------------- reading and running
def read_records(files: list[str], jsonl: list[str], published: str | None = None):
    """(record, error) pairs: each text file (or '-', standard input) is one record; each line of a
    JSONL file is one record {id, text, published?, toponyms?}."""
    for path in files or []:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield None, f"{path}: {exc}"
            continue
        yield {"id": path, "text": text, "published": published}, None
    for path in jsonl or []:
        try:
            lines = (sys.stdin if path == "-" else open(path, encoding="utf-8")).read().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            yield None, f"{path}: {exc}"
            continue
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError("a record needs a 'text' string")
            except ValueError as exc:
                yield None, f"{path}:{n}: {exc}"
                continue
            rec.setdefault("id", f"{path}:{n}")
            if published and not rec.get("published"):
                rec["published"] = published
            yield rec, None


def gold_spans(rec: dict) -> list[tuple[int, int]] | None:
    """The spans a record asks to resolve, checked against its text; None for end to end."""
    tops = rec.get("toponyms")
    if tops is None:
        return None
    spans = []
    for t in tops:
        s, e = int(t["start"]), int(t["end"])
        if not 0 <= s < e <= len(rec["text"]):
            raise ValueError(f"toponym span {s}-{e} is outside the text")
        spans.append((s, e))
    return spans


def geoparse(rec: dict, nlp, resolver, sp=None, spans=...) -> list[dict]:
    """One JSON-ready row per toponym of a record (``spans``: the gold spans, by default the record's own).
    A dateline's place is the article's context and, end to end, a toponym of its own."""
    from ..ingest.dateline import parse_dateline
    text = rec["text"]
    dl = parse_dateline(text)
    place, where = (dl.place, (0, len(dl.place))) if dl is not None and dl.place else (None, None)
    rows = resolver.document(text, sp if sp is not None else nlp(text), gold_spans(rec) if spans is ... else spans,
                             place, dateline_span=where, dateline_end=dl.end if dl is not None else 0)
    return [{"source_id": rec["id"], **r} for r in rows]


def run_command(args, nlp, resolver) -> int:
    """`eventwire geoparse FILE|- [--jsonl FILE]`: print one JSON object per toponym."""
    errors = 0
    for rec, err in read_records(args.files, args.jsonl, getattr(args, "published", None)):
        try:
            if err:
                raise ValueError(err)
            for row in geoparse(rec, nlp, resolver):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"eventwire geoparse: {exc}", file=sys.stderr)
            errors += 1
    return 1 if errors else 0


# --------------------------------------------------------------------------- scoring
@dataclass
class Resolution:
    """Accuracy of resolved toponyms against gold points and ids."""
    n: int = 0
    with_id: int = 0
    exact: int = 0
    with_country: int = 0
    same_country: int = 0
    within_161: int = 0
    unresolved: int = 0
    errors_km: list = field(default_factory=list)

    def add(self, pred: dict | None, gold: dict, gold_country: str | None) -> None:
        self.n += 1
        gid = int(gold["geonameid"]) if gold.get("geonameid") else None
        self.with_id += gid is not None
        if gold_country:
            self.with_country += 1
        if pred is None or pred.get("lat") is None:
            self.unresolved += 1
            self.errors_km.append(MAX_ERROR_KM)
            return
        self.exact += gid is not None and pred.get("geonameid") == gid
        self.same_country += bool(gold_country) and pred.get("country") == gold_country
        d = distance_km(pred["lat"], pred["lon"], gold["lat"], gold["lon"])
        self.errors_km.append(d)
        self.within_161 += d <= 161

    def figures(self) -> dict:
        return {"toponyms": self.n,
                "exact GeoNames id": self.exact / self.with_id if self.with_id else 0.0,
                "same country": self.same_country / self.with_country if self.with_country else 0.0,
                "within 161 km": self.within_161 / self.n if self.n else 0.0,
                "mean error km": statistics.fmean(self.errors_km) if self.errors_km else 0.0,
                "median error km": statistics.median(self.errors_km) if self.errors_km else 0.0,
                "unresolved": self.unresolved}


@dataclass
class GeoReport:
    gold_span: Resolution = field(default_factory=Resolution)
    end_to_end: Resolution = field(default_factory=Resolution)
    spans: dict = field(default_factory=lambda: {"predicted": 0, "gold": 0, "gold literal": 0,
                                                  "matched": 0, "matched literal": 0})
    by_type: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def _overlaps(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    pairs = sorted((-(min(p["end"], g["end"]) - max(p["start"], g["start"])), i, j)
                   for i, p in enumerate(pred) for j, g in enumerate(gold)
                   if min(p["end"], g["end"]) > max(p["start"], g["start"]))
    used_p, used_g, out = set(), set(), []
    for _o, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score(items: list[dict], nlp, resolver, end_to_end: bool = True) -> GeoReport:
    """Resolve each item's gold spans (and, end to end, its text alone) and compare with the gold."""
    rep = GeoReport()
    for it in items:
        gold = [t for t in it["toponyms"] if t.get("lat") is not None]
        sp = nlp(it["text"])
        rows = geoparse(it, nlp, resolver, sp, [(t["start"], t["end"]) for t in gold])
        for g, r in zip(gold, rows):
            gc = _gold_country(resolver.gaz, g)
            rep.gold_span.add(r, g, gc)
            t = rep.by_type.setdefault(g.get("type") or "-", Resolution())
            t.add(r, g, gc)
            if r.get("lat") is None or distance_km(r["lat"], r["lon"], g["lat"], g["lon"]) > 161:
                rep.errors.append(f"{it['id']} {g['text']!r} ({g.get('type')}): gold {g.get('geonameid')} "
                                  f"({g['lat']:.2f}, {g['lon']:.2f}) {gc}; got {r.get('name')} {r.get('country')} "
                                  f"{r.get('feature')} [{r['why']}]")
        if not end_to_end:
            continue
        pred = geoparse(it, nlp, resolver, sp, None)
        rep.spans["predicted"] += len(pred)
        rep.spans["gold"] += len(gold)
        rep.spans["gold literal"] += sum(g.get("type") in LITERAL_TYPES for g in gold)
        for i, j in _overlaps(pred, gold):
            rep.spans["matched"] += 1
            rep.spans["matched literal"] += gold[j].get("type") in LITERAL_TYPES
            rep.end_to_end.add(pred[i], gold[j], _gold_country(resolver.gaz, gold[j]))
    return rep


def _gold_country(gaz, g: dict) -> str | None:
    """The gold toponym's country: its GeoNames row where the gazetteer has it, else the country of the
    nearest place within 50 km of the gold point."""
    if g.get("geonameid"):
        row = gaz.con.execute("SELECT country, feature FROM places WHERE geonameid = ?", [int(g["geonameid"])]).fetchone()
        if row:
            return row[0]
    lat, lon = g["lat"], g["lon"]
    rows = gaz.con.execute("SELECT lat, lon, country FROM places WHERE feature = 'city' AND lat BETWEEN ? AND ? "
                           "AND lon BETWEEN ? AND ?", [lat - 0.5, lat + 0.5, lon - 0.7, lon + 0.7]).fetchall()
    best = min(rows, key=lambda r: distance_km(lat, lon, r[0], r[1]), default=None)
    return best[2] if best and distance_km(lat, lon, best[0], best[1]) <= 50 else None


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def print_report(rep: GeoReport, name: str, show_errors: int = 0) -> None:
    print(f"== toponym resolution ({name})")
    print(f"  {'mode':<28} {'toponyms':>8} {'exact id':>9} {'country':>8} {'161 km':>7} {'mean km':>8} {'median km':>9}")
    for label, res in (("gold spans", rep.gold_span), ("end to end (matched spans)", rep.end_to_end)):
        f = res.figures()
        if not f["toponyms"]:
            continue
        print(f"  {label:<28} {f['toponyms']:>8} {f['exact GeoNames id']:>9.3f} {f['same country']:>8.3f} "
              f"{f['within 161 km']:>7.3f} {f['mean error km']:>8.0f} {f['median error km']:>9.1f}")
    s = rep.spans
    if s["predicted"]:
        p = s["matched"] / s["predicted"]
        r_all = s["matched"] / s["gold"] if s["gold"] else 0.0
        r_lit = s["matched literal"] / s["gold literal"] if s["gold literal"] else 0.0
        print(f"  end-to-end spans: {s['predicted']} predicted, precision {p:.3f}; recall {r_all:.3f} of all gold "
              f"(F1 {_f1(p, r_all):.3f}), {r_lit:.3f} of literal gold")
    print("  gold spans by GeoWebNews type (161 km):  " + ", ".join(
        f"{k} {v.within_161}/{v.n}" for k, v in sorted(rep.by_type.items(), key=lambda kv: -kv[1].n)))
    for e in rep.errors[:show_errors]:
        print("  ! " + e)


def make_tools(settings):
    """The spaCy pipeline and the resolver the coder's locator uses, without loading the rest of the coder."""
    from ..actors.kb import load_kb
    from ..nlp import load_pipeline
    from ..where.gazetteer import load_gazetteer
    from ..where.geoparse import DocumentResolver
    return load_pipeline(settings.model), DocumentResolver(load_gazetteer(), load_kb(tuple(settings.extra_kb)),
                                                           settings.places)
