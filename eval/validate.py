"""Validate eval/dates.jsonl and eval/locations.jsonl.

Run: .venv/bin/python eval/validate.py   (pycountry needed for country codes)
Exit status 1 on any error.
"""
import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
FUTURE = re.compile(r"\b(will|scheduled to|plans? to|due to|expected to|is to|are to)\b", re.I)
errors = []


def err(item_id, msg):
    errors.append(f"{item_id}: {msg}")


def check_span(it, key):
    """The span must occur in the text as a whole word, and only once."""
    n = len(re.findall(r"(?<!\w)" + re.escape(it[key]) + r"(?!\w)", it["text"]))
    if n != 1:
        err(it["id"], f"{key} {it[key]!r} occurs {n} times as a whole word (want 1)")


def load(name, required):
    items, seen = [], set()
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            it = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{name}:{n}", f"bad JSON: {e}")
            continue
        missing = [k for k in required if k not in it]
        if missing:
            err(it.get("id", f"{name}:{n}"), f"missing fields {missing}")
            continue
        if set(it) - set(required):
            err(it["id"], f"extra fields {set(it) - set(required)}")
        if it["id"] in seen:
            err(it["id"], "duplicate id")
        seen.add(it["id"])
        try:
            dt.date.fromisoformat(it["published"])
        except ValueError:
            err(it["id"], "bad published date")
            continue
        items.append(it)
    return items


def parse_value(v, prec):
    fmt = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[prec]
    if not re.fullmatch(fmt, v):
        raise ValueError(f"value {v!r} does not fit precision {prec}")
    if prec == "day":
        return dt.date.fromisoformat(v)
    if prec == "month":
        y, m = map(int, v.split("-"))
        return dt.date(y, m, 1)
    return dt.date(int(v), 1, 1)


def month_diff(a, b):
    return (a.year - b.year) * 12 + a.month - b.month


def check_dates(items):
    for it in items:
        i, text, pub = it["id"], it["text"], dt.date.fromisoformat(it["published"])
        if not 2024 <= pub.year <= 2026:
            err(i, "published outside 2024-2026")
        for k in ("trigger", "expr"):
            check_span(it, k)
        if it["precision"] not in ("day", "month", "year"):
            err(i, "bad precision")
            continue
        try:
            val = parse_value(it["value"], it["precision"])
        except ValueError as e:
            err(i, str(e))
            continue
        e = it["expr"].lower()
        future = bool(FUTURE.search(text))
        wd = [w for w in WEEKDAYS if w in e]
        if wd:
            target = WEEKDAYS.index(wd[0])
            if val.weekday() != target:
                err(i, f"{val} is a {WEEKDAYS[val.weekday()]}, expr says {wd[0]}")
            d = (val - pub).days
            if future and not 1 <= d <= 7:
                err(i, f"future weekday should be 1..7 days after story date, got {d}")
            if not future and not -6 <= d <= 0:
                err(i, f"past weekday should be 0..6 days before story date, got {d}")
            continue
        m = re.search(r"(\w+) (day|week|year)s? ago", e)
        nums = {"two": 2, "three": 3, "four": 4, "five": 5}
        rel = {"yesterday": -1, "today": 0, "earlier today": 0, "this morning": 0, "tomorrow": 1}
        if e in rel:
            if val != pub + dt.timedelta(days=rel[e]):
                err(i, f"{e} should be {pub + dt.timedelta(days=rel[e])}")
        elif m:
            n, unit = nums[m.group(1)], m.group(2)
            exp = {"day": pub - dt.timedelta(days=n), "week": pub - dt.timedelta(weeks=n),
                   "year": dt.date(pub.year - n, 1, 1)}[unit]
            if val != exp:
                err(i, f"{e} should be {exp}")
        elif e.endswith("year") or e.endswith("this year"):
            off = -1 if "last" in e else 1 if "next" in e else 0
            if it["precision"] != "year" or val.year != pub.year + off:
                err(i, f"{e} should be year {pub.year + off}")
        elif e.endswith("month"):
            off = -1 if "last" in e else 1 if "next" in e else 0
            if it["precision"] != "month" or month_diff(val, pub) != off:
                err(i, f"{e} should be {off:+d} month(s)")
        elif e.startswith("last "):
            mon = MONTHS[e.split()[1][:3]]
            if val.month != mon or not -12 <= month_diff(val, pub) <= -1:
                err(i, f"{e}: expected most recent {e.split()[1]} strictly before story month")
        else:
            # explicit month (+ day) (+ year)
            mons = [MONTHS[w[:3]] for w in re.findall(r"[a-z]+", e) if w[:3] in MONTHS and
                    w not in ("of", "on", "in", "from", "to", "and", "between", "the", "night")]
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", e)]
            days = [int(d) for d in re.findall(r"\b(\d{1,2})\b", e)]
            if mons and val.month != mons[0]:
                err(i, f"month mismatch {it['value']} vs {e}")
            if years and val.year != years[0]:
                err(i, f"year mismatch {it['value']} vs {e}")
            if days and it["precision"] == "day" and val.day != days[0]:
                err(i, f"day mismatch {it['value']} vs {e}")
            if mons and not years:
                # no explicit year: past -> not after story date, future -> after, within a year
                if it["precision"] == "day":
                    d = (val - pub).days
                    ok = 0 < d <= 366 if future else -366 < d <= 0
                else:
                    md = month_diff(val, pub)
                    ok = 0 <= md < 12 if future else -12 < md <= 0
                if not ok:
                    err(i, f"no-year date {it['value']} violates tense rule (future={future})")
            if not mons and not years:
                print(f"  (unchecked) {i}: {it['expr']!r} -> {it['value']}")


def check_locations(items):
    import pycountry
    for it in items:
        i = it["id"]
        if not 2024 <= dt.date.fromisoformat(it["published"]).year <= 2026:
            err(i, "published outside 2024-2026")
        for k in ("trigger", "place"):
            check_span(it, k)
        if not pycountry.countries.get(alpha_3=it["country"]):
            err(i, f"bad country {it['country']}")
        lat, lon = it["lat"], it["lon"]
        if not (isinstance(lat, float) and isinstance(lon, float)):
            err(i, "lat/lon must be floats")
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            err(i, "lat/lon out of range")


DATE_FIELDS = ["id", "text", "published", "trigger", "expr", "value", "precision", "note"]
LOC_FIELDS = ["id", "text", "published", "trigger", "place", "name", "country", "lat", "lon", "note"]

dates = load("dates.jsonl", DATE_FIELDS)
check_dates(dates)
locs = load("locations.jsonl", LOC_FIELDS)
check_locations(locs)

for name, items in (("dates", dates), ("locations", locs)):
    print(f"{name}: {len(items)} items")
    for note, n in sorted(collections.Counter(it["note"] for it in items).items()):
        print(f"  {note:28s} {n}")
if errors:
    print("\nERRORS:")
    print("\n".join(errors))
    sys.exit(1)
print("OK")
