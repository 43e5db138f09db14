"""The API's reads, every one parameterised: values go in as ``?`` placeholders, never into the text.

The only SQL text that varies is chosen from constants here (which relation,
which ORDER BY); user input selects among them through enumerations.
"""
from __future__ import annotations

import datetime as dt
import json
import math

from .params import EventFilters

# One row per mention: the events table with its document's title and coding time.  The sentence text
# is not here: it is cut from the document only for the rows of the page asked for (see ``sentences``).
MENTIONS = """
SELECT e.event_id, {cluster} AS cluster_id, e.doc_id, e.event_type, e.mode, e.context, e.actor_codes,
       e.recipient_codes, e.date, e.date_end, e.date_precision, e.date_text, e.location_name,
       e.location_country, e.lat, e.lon, e.geonameid, e.aux, e.intensity, e.quad_class, e.cameo, e.goldstein,
       e.trigger_text, e.trigger_start, e.trigger_end, e.sentence_index, e.confidence, e.mentions,
       e.published, e.source, e.url, d.title, d.coded_at AS updated_at,
       string_split(coalesce(e.actor_codes, ''), ';') AS _acts,
       string_split(coalesce(e.recipient_codes, ''), ';') AS _recs
FROM events e JOIN documents d USING (doc_id)"""

# One row per clustered event: the cluster's own fields, the representative mention's spans and source.
# ``updated_at`` (the latest coding time of any of its mentions) is joined in only when a filter or the
# order needs it; otherwise it is filled in for the page's rows.
CLUSTERS = """
SELECT e.event_id, c.cluster_id, e.doc_id, c.event_type, e.mode, e.context, c.actor_codes, c.recipient_codes,
       c.date, c.date_end, c.date_precision, e.date_text, c.location_name, c.location_country, c.lat, c.lon,
       CASE WHEN c.lat = e.lat AND c.lon = e.lon THEN e.geonameid END AS geonameid, c.aux, c.intensity,
       c.quad_class, c.cameo, c.goldstein, e.trigger_text, e.trigger_start, e.trigger_end, e.sentence_index,
       e.confidence, c.num_mentions AS mentions, e.published, e.source, e.url, d.title, {updated} AS updated_at,
       c.num_mentions, c.num_sources, c.num_documents, c.first_seen, c.last_seen,
       string_split(coalesce(c.actor_codes, ''), ';') AS _acts,
       string_split(coalesce(c.recipient_codes, ''), ';') AS _recs
FROM event_clusters c JOIN events e ON e.event_id = c.representative JOIN documents d ON d.doc_id = e.doc_id{join}"""
UPDATED = """SELECT m.cluster_id, max(md.coded_at) AS updated_at FROM events m JOIN documents md USING (doc_id)
             WHERE m.cluster_id IS NOT NULL"""

ORDER = {
    "date": "r.date NULLS LAST, r.event_id", "-date": "r.date DESC NULLS LAST, r.event_id",
    "updated": "r.updated_at, r.event_id", "-updated": "r.updated_at DESC, r.event_id",
    "confidence": "r.confidence, r.event_id", "-confidence": "r.confidence DESC, r.event_id",
    "intensity": "r.intensity NULLS LAST, r.event_id", "-intensity": "r.intensity DESC NULLS LAST, r.event_id",
    "event_type": "r.event_type, r.date NULLS LAST, r.event_id",
}
HIDDEN = ("_acts", "_recs")


def relation(f: EventFilters, clustered: bool, sort: str = "date") -> str:
    if f.deduplicated:
        if f.updated_since or sort in ("updated", "-updated"):
            return CLUSTERS.format(updated="u.updated_at",
                                   join=f" JOIN ({UPDATED} GROUP BY m.cluster_id) u ON u.cluster_id = c.cluster_id")
        return CLUSTERS.format(updated="CAST(NULL AS TIMESTAMP)", join="")
    return MENTIONS.format(cluster="e.cluster_id" if clustered else "CAST(NULL AS VARCHAR)")


def _aux_clause(aux: tuple[str, ...] | None, params: list) -> str | None:
    if aux is None:
        return "(r.aux IS NULL OR r.aux <> 'negated')"
    if "any" in aux:
        return None
    parts = []
    for a in aux:
        if a == "none":
            parts.append("r.aux IS NULL")
        else:
            parts.append("r.aux = ?")
            params.append(a)
    return "(" + " OR ".join(parts) + ")"


def where(f: EventFilters) -> tuple[str, list]:
    """The WHERE clause over relation ``r`` and its parameters."""
    w: list[str] = []
    p: list = []

    def add(clause: str, *values) -> None:
        w.append(clause)
        p.extend(values)

    if f.start_date:
        add("r.date >= ?", f.start_date)
    if f.end_date:
        add("r.date <= ?", f.end_date)
    if f.country:
        add("(list_contains(r._acts, ?) OR list_contains(r._recs, ?))", f.country, f.country)
    if f.actor:
        add("list_contains(r._acts, ?)", f.actor)
    if f.recipient:
        add("list_contains(r._recs, ?)", f.recipient)
    if f.dyad:
        a, b = f.dyad
        add("((list_contains(r._acts, ?) AND list_contains(r._recs, ?)) OR "
            "(list_contains(r._acts, ?) AND list_contains(r._recs, ?)) OR "
            "(coalesce(r.recipient_codes, '') = '' AND list_contains(r._acts, ?) AND list_contains(r._acts, ?)))",
            a, b, b, a, a, b)
    if f.event_type:
        add("r.event_type = ?", f.event_type)
    if f.quad_class is not None:
        add("r.quad_class = ?", f.quad_class)
    if f.mode:
        add("r.mode = ?", f.mode)
    aux = _aux_clause(f.aux, p)
    if aux:
        w.append(aux)
    if f.min_confidence is not None:
        add("r.confidence >= ?", f.min_confidence)
    if f.updated_since:
        add("r.updated_at >= ?", f.updated_since)
    if f.bbox:
        add("r.lon BETWEEN ? AND ? AND r.lat BETWEEN ? AND ?", f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3])
    return (" WHERE " + " AND ".join(w)) if w else "", p


def one(cur, sql: str, params: list | None = None):
    """The first row of a query, or None; the result is read to its end (DuckDB refuses new work on a
    cursor whose last result is unfinished)."""
    rows = cur.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def plain(v):
    """A value JSON can carry: dates as ISO strings, NaN as null."""
    if isinstance(v, dt.datetime):
        return v.isoformat(sep="T", timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def rows_of(cur, raw: bool = False) -> list[dict]:
    """The rows of the last result as dicts (hidden helper columns left out); JSON-ready unless ``raw``."""
    names = [d[0] for d in cur.description]
    keep = [i for i, n in enumerate(names) if n not in HIDDEN]
    if raw:
        return [{names[i]: row[i] for i in keep} for row in cur.fetchall()]
    return [{names[i]: plain(row[i]) for i in keep} for row in cur.fetchall()]


def count_relation(f: EventFilters) -> str:
    """The smallest relation the filters of ``f`` can be counted on: the joins only when a filter needs them."""
    lists = ("string_split(coalesce({t}.actor_codes, ''), ';') AS _acts, "
             "string_split(coalesce({t}.recipient_codes, ''), ';') AS _recs")
    if not f.deduplicated:
        if f.updated_since:
            return (f"SELECT e.*, d.coded_at AS updated_at, {lists.format(t='e')} "
                    "FROM events e JOIN documents d USING (doc_id)")
        return f"SELECT e.*, {lists.format(t='e')} FROM events e"
    sql = f"SELECT c.*, {lists.format(t='c')}"
    joins = ""
    if f.mode or f.min_confidence is not None:         # the representative mention's own fields
        sql += ", e.mode, e.confidence"
        joins += " JOIN events e ON e.event_id = c.representative"
    if f.updated_since:
        sql += ", u.updated_at"
        joins += f" JOIN ({UPDATED} GROUP BY m.cluster_id) u ON u.cluster_id = c.cluster_id"
    return f"{sql} FROM event_clusters c{joins}"


def count_events(cur, f: EventFilters, clustered: bool) -> int:
    w, p = where(f)
    return one(cur, f"SELECT count(*) FROM ({count_relation(f)}) r{w}", p)[0]


def page_of_events(cur, f: EventFilters, clustered: bool, sort: str, limit: int,
                   offset: int) -> tuple[list[str], list[dict]]:
    """One page of events, typed (dates as dates), each with the text of its sentence; and the column names."""
    w, p = where(f)
    cur.execute(f"SELECT * EXCLUDE (_acts, _recs) FROM ({relation(f, clustered, sort)}) r{w} "
                f"ORDER BY {ORDER[sort]} LIMIT ? OFFSET ?", [*p, limit, offset])
    columns = [d[0] for d in cur.description] + ["sentence"]
    rows = rows_of(cur, raw=True)
    if not rows:
        return columns, rows
    text = sentences(cur, [r["event_id"] for r in rows])
    if f.deduplicated and rows[0]["updated_at"] is None:
        cur.execute(f"{UPDATED} AND m.cluster_id IN (SELECT unnest(?)) GROUP BY m.cluster_id",
                    [[r["cluster_id"] for r in rows]])
        updated = dict(cur.fetchall())
        for r in rows:
            r["updated_at"] = updated.get(r["cluster_id"])
    for r in rows:
        r["sentence"] = text.get(r["event_id"])
    return columns, rows


def sentences(cur, event_ids: list[str]) -> dict[str, str]:
    """event_id -> the text of its sentence, cut from the stored article by the record's offsets."""
    cur.execute("SELECT e.event_id, substr(d.text, CAST(e.record->>'$.sentence.start' AS INTEGER) + 1, "
                "CAST(e.record->>'$.sentence.end' AS INTEGER) - CAST(e.record->>'$.sentence.start' AS INTEGER)) "
                "FROM events e JOIN documents d USING (doc_id) WHERE e.event_id IN (SELECT unnest(?))", [event_ids])
    return dict(cur.fetchall())


def map_points(cur, f: EventFilters, clustered: bool, limit: int) -> list[dict]:
    """Event places: one row per point, with counts per quad class and the events' ids."""
    w, p = where(f)
    sql = (f"SELECT r.lat, r.lon, mode(r.location_name) AS name, mode(r.location_country) AS country, "
           f"count(*) AS n_events, count(*) FILTER (WHERE r.quad_class = 1) AS quad_1, "
           f"count(*) FILTER (WHERE r.quad_class = 2) AS quad_2, count(*) FILTER (WHERE r.quad_class = 3) AS quad_3, "
           f"count(*) FILTER (WHERE r.quad_class = 4) AS quad_4, "
           f"list(r.event_id ORDER BY r.date NULLS LAST, r.event_id)[1:100] AS event_ids "
           f"FROM ({relation(f, clustered)}) r{w}{' AND' if w else ' WHERE'} r.lat IS NOT NULL AND r.lon IS NOT NULL "
           f"GROUP BY r.lat, r.lon ORDER BY n_events DESC, r.lat, r.lon LIMIT ?")
    cur.execute(sql, [*p, limit])
    return rows_of(cur)


# ------------------------------------------------------------------ one event, one document
def event_row(cur, event_id: str) -> dict | None:
    """The mention ``event_id``, or the representative mention of the cluster ``event_id``."""
    row = one(cur, "SELECT e.event_id, e.record, e.published, e.source, e.url, d.title, d.text "
                   "FROM events e JOIN documents d USING (doc_id) WHERE e.event_id = ?", [event_id])
    if row is None:
        if not _has_table(cur, "event_clusters"):
            return None
        row = one(cur, "SELECT e.event_id, e.record, e.published, e.source, e.url, d.title, d.text "
                       "FROM event_clusters c JOIN events e ON e.event_id = c.representative "
                       "JOIN documents d ON d.doc_id = e.doc_id WHERE c.cluster_id = ?", [event_id])
    if row is None:
        return None
    return _mention(row)


def _mention(row) -> dict:
    event_id, record, published, source, url, title, text = row
    rec = json.loads(record)
    s = rec.get("sentence") or {}
    rec["sentence_text"] = text[s["start"]: s["end"]] if text and s.get("start") is not None else None
    rec.update(published=plain(published), source=source, url=url, title=title)
    return rec


def _has_table(cur, name: str) -> bool:
    return one(cur, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])[0] > 0


def cluster_of(cur, event_id: str) -> tuple[dict | None, list[dict], list[dict]]:
    """The cluster an event belongs to, every mention of it, and their source documents."""
    cols = {r[0] for r in cur.execute("DESCRIBE events").fetchall()}
    if "cluster_id" not in cols or not _has_table(cur, "event_clusters"):
        return None, [], []
    cid = one(cur, "SELECT cluster_id FROM events WHERE event_id = ?", [event_id])
    if not cid or cid[0] is None:
        return None, [], []
    cur.execute("SELECT * FROM event_clusters WHERE cluster_id = ?", [cid[0]])
    cluster = rows_of(cur)[0]
    rows = cur.execute("SELECT e.event_id, e.record, e.published, e.source, e.url, d.title, d.text "
                       "FROM events e JOIN documents d USING (doc_id) WHERE e.cluster_id = ? "
                       "ORDER BY d.published NULLS LAST, e.event_id", [cid[0]]).fetchall()
    mentions = [_mention(r) for r in rows]
    cur.execute("SELECT doc_id, title, published, story_date, source, url, chars, coded_at FROM documents "
                "WHERE doc_id IN (SELECT doc_id FROM events WHERE cluster_id = ?) "
                "ORDER BY published NULLS LAST, doc_id", [cid[0]])
    return cluster, mentions, rows_of(cur)


def document(cur, doc_id: str) -> tuple[dict | None, list[tuple]]:
    cur.execute("SELECT doc_id, doc_key, title, published, story_date, source, url, dateline_place, "
                "dateline_agency, chars, coded_at, text FROM documents WHERE doc_id = ?", [doc_id])
    docs = rows_of(cur)
    if not docs:
        return None, []
    cols = {r[0] for r in cur.execute("DESCRIBE events").fetchall()}
    cluster = "cluster_id" if "cluster_id" in cols else "CAST(NULL AS VARCHAR)"
    events = cur.execute(f"SELECT record, {cluster} FROM events WHERE doc_id = ? "
                         "ORDER BY trigger_start, event_id", [doc_id]).fetchall()
    return docs[0], events
