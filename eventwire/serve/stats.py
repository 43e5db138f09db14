"""Dyad and actor series in SQL, with the semantics of :mod:`eventwire.analysis.queries`.

``analysis.dyad`` builds a pandas frame of every event on each call (tens of
milliseconds); the API answers the same question in one parameterised DuckDB
query.  The tests check that both give the same numbers.  Counted: clustered
events (not mentions); realised ones (no aux, or historical) in the type and
quad counts, future and hypothetical ones apart; negated ones never.
"""
from __future__ import annotations

import datetime as dt

from ..ontology import CATEGORIES
from .queries import plain, rows_of

TRUNC = {"day": "day", "week": "week", "month": "month", "year": "year"}    # date_trunc parts; weeks start Monday

# counts and sums per (period, type, quad class, realised); the pivot to one row per period is done in Python
SERIES = """
SELECT CAST(date_trunc(?, date) AS DATE) AS period, event_type, quad_class,
       (aux IS NULL OR aux = 'historical') AS realised, count(*) AS n,
       sum(intensity) AS i_sum, count(intensity) AS i_n, sum(goldstein) AS g_sum, count(goldstein) AS g_n
FROM (SELECT *, string_split(coalesce(actor_codes, ''), ';') AS _acts,
             string_split(coalesce(recipient_codes, ''), ';') AS _recs
      FROM event_clusters WHERE date IS NOT NULL AND date >= ? AND date <= ?) r
WHERE {cond} GROUP BY ALL"""

DYAD = ("((list_contains(_acts, ?) AND list_contains(_recs, ?)) OR "
        "(list_contains(_acts, ?) AND list_contains(_recs, ?)) OR "
        "(coalesce(recipient_codes, '') = '' AND list_contains(_acts, ?) AND list_contains(_acts, ?)))")
DIRECTED = "(list_contains(_acts, ?) AND list_contains(_recs, ?))"
PARTY = "(list_contains(_acts, ?) OR list_contains(_recs, ?))"
COUNT_COLUMNS = ("n_events", *CATEGORIES, "quad_1", "quad_2", "quad_3", "quad_4", "n_future_hypothetical")
LOW, HIGH = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _next(d: dt.date, by: str) -> dt.date:
    if by == "day":
        return d + dt.timedelta(days=1)
    if by == "week":
        return d + dt.timedelta(days=7)
    if by == "month":
        return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return dt.date(d.year + 1, 1, 1)


def period_end(start: dt.date, by: str) -> dt.date:
    """The last day of the period that starts on ``start``."""
    return _next(start, by) - dt.timedelta(days=1)


def _fill(rows: list[dict], by: str) -> list[dict]:
    """Every period between the first and the last, empty ones included: a time series has no holes."""
    if not rows:
        return []
    have = {r["period"]: r for r in rows}
    out = []
    d = dt.date.fromisoformat(rows[0]["period"])
    last = dt.date.fromisoformat(rows[-1]["period"])
    while d <= last:
        key = d.isoformat()
        row = have.get(key) or _empty(key)
        row["period_end"] = period_end(d, by).isoformat()
        out.append(row)
        d = _next(d, by)
    return out


def _empty(period: str) -> dict:
    return {"period": period, **{c: 0 for c in COUNT_COLUMNS}, "intensity_mean": None, "intensity_sum": None,
            "goldstein_mean": None, "goldstein_sum": None}


def series(cur, by: str, cond: str, params: list, start: dt.date | None, end: dt.date | None) -> list[dict]:
    cur.execute(SERIES.format(cond=cond), [TRUNC[by], start or LOW, end or HIGH, *params])
    acc: dict[str, dict] = {}
    sums: dict[str, list[float]] = {}
    for period, etype, quad, realised, n, i_sum, i_n, g_sum, g_n in cur.fetchall():
        key = period.isoformat()
        row = acc.setdefault(key, _empty(key))
        if not realised:
            row["n_future_hypothetical"] += n
            continue
        row["n_events"] += n
        if etype in row:
            row[etype] += n
        if quad in (1, 2, 3, 4):
            row[f"quad_{quad}"] += n
        s = sums.setdefault(key, [0.0, 0, 0.0, 0])
        s[0] += i_sum or 0.0
        s[1] += i_n
        s[2] += g_sum or 0.0
        s[3] += g_n
    for key, (i_sum, i_n, g_sum, g_n) in sums.items():
        row = acc[key]
        if i_n:
            row["intensity_sum"], row["intensity_mean"] = round(i_sum, 4), round(i_sum / i_n, 4)
        if g_n:
            row["goldstein_sum"], row["goldstein_mean"] = round(g_sum, 4), round(g_sum / g_n, 4)
    return _fill([acc[k] for k in sorted(acc)], by)


def dyad_series(cur, a: str, b: str, by: str, directed: bool, start, end) -> list[dict]:
    if directed:
        return series(cur, by, DIRECTED, [a, b], start, end)
    return series(cur, by, DYAD, [a, b, b, a, a, b], start, end)


def party_series(cur, code: str, by: str, start, end) -> list[dict]:
    return series(cur, by, PARTY, [code, code], start, end)


def totals(periods: list[dict]) -> dict:
    out = {c: sum(p[c] for p in periods) for c in COUNT_COLUMNS}
    n = out["n_events"]
    for k in ("intensity", "goldstein"):
        s = sum(p[f"{k}_sum"] or 0 for p in periods)
        out[f"{k}_mean"] = round(s / n, 4) if n else None
    return out


REALISED = """SELECT cluster_id, string_split(coalesce(actor_codes, ''), ';') AS _acts,
                     string_split(coalesce(recipient_codes, ''), ';') AS _recs, intensity
              FROM event_clusters WHERE date IS NOT NULL AND (aux IS NULL OR aux = 'historical')"""


def actor_counts(cur, q: str | None, names: dict, limit: int) -> list[dict]:
    """Parties with their realised events as actor, as recipient and in total.  ``q`` matches the start of
    the code, or the start of a word of the knowledge base's name or of the name of one of its mentions."""
    cur.execute(f"""
        WITH ev AS ({REALISED}),
        roles AS (SELECT DISTINCT cluster_id, unnest(_acts) AS code, 'actor' AS role FROM ev
                  UNION ALL SELECT DISTINCT cluster_id, unnest(_recs) AS code, 'recipient' AS role FROM ev),
        counts AS (SELECT code, count(DISTINCT cluster_id) FILTER (WHERE role = 'actor') AS as_actor,
                          count(DISTINCT cluster_id) FILTER (WHERE role = 'recipient') AS as_recipient,
                          count(DISTINCT cluster_id) AS total
                   FROM roles WHERE code <> '' GROUP BY code),
        codes AS (SELECT DISTINCT code FROM entities WHERE code IS NOT NULL UNION SELECT code FROM counts)
        SELECT codes.code, coalesce(as_actor, 0) AS as_actor, coalesce(as_recipient, 0) AS as_recipient,
               coalesce(total, 0) AS total
        FROM codes LEFT JOIN counts USING (code) ORDER BY total DESC, codes.code""")
    rows = rows_of(cur)
    mention_names: dict[str, list[str]] = {}
    for code, name, _n in cur.execute("SELECT code, name, count(*) AS n FROM entities WHERE code IS NOT NULL "
                                  "AND name IS NOT NULL GROUP BY code, name ORDER BY n DESC, name").fetchall():
        mention_names.setdefault(code, []).append(name)
    ql = (q or "").strip().lower()
    out = []
    for r in rows:
        kb_name = names.get(r["code"])
        candidates = ([kb_name] if kb_name else []) + mention_names.get(r["code"], [])
        matched = None
        if ql:
            matched = next((n for n in candidates if _word_start(n, ql)), None)
            if matched is None and not r["code"].lower().startswith(ql):
                continue
        r["name"] = kb_name or (candidates[0] if candidates else r["code"])
        r["matched"] = matched
        out.append(r)
    return out[:limit]


def _word_start(name: str, q: str) -> bool:
    """Whether ``q`` starts a word of ``name`` (and runs on from there): 'kor' in 'South Korea', not in 'Sikorski'."""
    n = name.lower()
    i = n.find(q)
    while i >= 0:
        if i == 0 or not n[i - 1].isalnum():
            return True
        i = n.find(q, i + 1)
    return False


def partners(cur, code: str, limit: int) -> list[dict]:
    """The parties ``code`` has realised events with: as actor towards them, as their recipient, reciprocal."""
    rows = cur.execute(f"SELECT _acts, _recs, intensity FROM ({REALISED}) "
                       "WHERE list_contains(_acts, ?) OR list_contains(_recs, ?)", [code, code]).fetchall()
    acc: dict[str, dict] = {}
    for acts, recs, inten in rows:
        acts, recs = {a for a in acts if a}, {r for r in recs if r}
        pairs = []
        if code in acts:
            pairs += [(p, "as_actor") for p in recs] if recs else [(p, "reciprocal") for p in acts]
        if code in recs:
            pairs += [(p, "as_recipient") for p in acts]
        for p, how in {(p, h) for p, h in pairs if p != code}:
            d = acc.setdefault(p, {"code": p, "n_events": 0, "as_actor": 0, "as_recipient": 0, "reciprocal": 0,
                                   "_int": []})
            d[how] += 1
        for p in {p for p, _ in pairs if p != code}:
            acc[p]["n_events"] += 1
            if inten is not None:
                acc[p]["_int"].append(float(inten))
    out = []
    for d in acc.values():
        vals = d.pop("_int")
        d["intensity_mean"] = round(sum(vals) / len(vals), 4) if vals else None
        out.append(d)
    out.sort(key=lambda d: (-d["n_events"], d["code"]))
    return [{k: plain(v) for k, v in d.items()} for d in out[:limit]]
