"""Score the coder on real news articles with hand-coded PLOVER events (../shared/gold/realnews_dev).

Each gold event is matched to the coded events whose trigger lies in the gold event's
sentence; the best match has the same type, then overlaps the gold trigger, then shares
the most party codes.  Measures:

- recall of the main (``core``) events with type and every party code right, and the same
  counting a missing or uncoded party as right (the issue's two figures);
- recall of all events by type;
- event precision: coded events (not negated) whose sentence holds a gold event of the same
  type, and, looser, any gold event;
- actor and recipient code accuracy over matched events (code sets equal);
- date accuracy over matched events (the coded date at the gold's precision);
- location accuracy over matched events that the gold places (same country).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class RealnewsReport:
    counts: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def rate(self, num: str, den: str) -> float:
        return self.counts[num] / self.counts[den] if self.counts[den] else 0.0


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _codes(ents) -> frozenset:
    return frozenset(e.get("code") for e in ents if e.get("code"))


def _span(text: str, needle: str | None, start: int = 0) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle, start)
    return (i, i + len(needle)) if i >= 0 else None


def _match(gold: dict, sent: tuple[int, int], coded: list[dict], text: str):
    """The coded event that best matches a gold event, or None."""
    def triggers(e):
        # a repeated mention merged into the story's first report of the event counts where it stands
        return [e["trigger"], *((e.get("why") or {}).get("also_mentioned") or [])]
    inside = [e for e in coded if any(sent[0] <= t["start"] < sent[1] for t in triggers(e))]
    if not inside:
        return None
    trig = _span(text, gold.get("trigger"), sent[0])
    gparties = _codes(gold["actor"]) | _codes(gold["recipient"])

    def rank(e):
        overlap = trig is not None and any(t["start"] < trig[1] and trig[0] < t["end"] for t in triggers(e))
        shared = len(gparties & (_codes(e["actor"]) | _codes(e["recipient"])))
        return (e["event_type"] == gold["type"], overlap, shared)
    return max(inside, key=rank)


def _date_ok(gold: str | None, e: dict) -> bool:
    if gold is None:
        return e.get("date") is None or e.get("date_precision") in (None, "unknown")
    return (e.get("date") or "")[:len(gold)] == gold and e.get("date_precision") in (
        "day" if len(gold) == 10 else "month" if len(gold) == 7 else "year", "day", "week", "month", "year")


def _parties_right(g: dict, e: dict, lenient: bool) -> bool:
    ga, gr = _codes(g["actor"]), _codes(g["recipient"])
    ea, er = _codes(e["actor"]), _codes(e["recipient"])
    if lenient:
        return bool(ea <= ga | gr and er <= ga | gr and (ea or er or not (ga or gr)))
    return (ea == ga and er == gr) or (not gr and not er and ea == ga)


def score_article(art: dict, coded: list[dict], rep: RealnewsReport) -> None:
    text, c = art["text"], rep.counts
    sentences = []
    for g in art["events"]:
        sent = _span(text, g["sentence"])
        if sent is None:
            continue
        sentences.append((sent, g["type"]))
        e = _match(g, sent, coded, text)
        core = g.get("salience") == "core"
        c["gold"] += 1
        c["gold_core"] += core
        if e is None or e["event_type"] != g["type"]:
            rep.misses.append((art["id"], g["id"], g["type"], e["event_type"] if e else None, g["sentence"][:100]))
            continue
        c["found"] += 1
        strict, loose = _parties_right(g, e, False), _parties_right(g, e, True)
        c["core_found_parties"] += int(core and strict)
        c["core_found_lenient"] += int(core and (strict or loose))
        c["actor_ok"] += _codes(e["actor"]) == _codes(g["actor"]) or (
            not g["recipient"] and _codes(e["actor"]) | _codes(e["recipient"]) == _codes(g["actor"]))
        c["recipient_ok"] += _codes(e["recipient"]) == _codes(g["recipient"]) or (
            not g["recipient"] and not e["recipient"])
        c["date_ok"] += _date_ok(g.get("date"), e)
        if g.get("location") and g["location"].get("country"):
            c["located"] += 1
            c["location_ok"] += (e.get("location") or {}).get("country") == g["location"]["country"]
    for e in coded:
        if e.get("aux") == "negated":
            continue
        c["coded"] += 1
        start = e["trigger"]["start"]
        here = [t for (s, t) in sentences if s[0] <= start < s[1]]
        c["coded_in_event_sentence"] += bool(here)
        c["coded_right_type"] += e["event_type"] in here


def run(path: str, settings=None) -> RealnewsReport:
    from ..batch import process_batch
    arts = load(path)
    results = process_batch([{"id": a["id"], "text": a["text"], "published": a["published"]} for a in arts], settings)
    rep = RealnewsReport()
    for a, r in zip(arts, results):
        score_article(a, [e.to_dict() for e in r.events], rep)
    return rep


def print_report(rep: RealnewsReport, title: str, show_errors: int = 0) -> None:
    r = rep.rate
    print(f"== {title}: {rep.counts['gold']} gold events ({rep.counts['gold_core']} main), "
          f"{rep.counts['coded']} coded (negated left out)")
    rows = [("main events, type and all parties right", r("core_found_parties", "gold_core")),
            ("main events, type right, a party missing or uncoded", r("core_found_lenient", "gold_core")),
            ("all events found with the right type (recall)", r("found", "gold")),
            ("event precision: same type in a gold event's sentence", r("coded_right_type", "coded")),
            ("event precision: in a sentence with a gold event", r("coded_in_event_sentence", "coded")),
            ("actor codes right (matched events)", r("actor_ok", "found")),
            ("recipient codes right (matched events)", r("recipient_ok", "found")),
            ("dates right (matched events)", r("date_ok", "found")),
            ("location country right (matched, gold-placed events)", r("location_ok", "located"))]
    for name, v in rows:
        print(f"  {name:<56} {v:.3f}")
    for m in rep.misses[:show_errors]:
        print(f"  ! {m[0]} {m[1]} gold {m[2]} coded {m[3]}: {m[4]}")
