"""Mentions -> events: merge the reports of one real-world event across documents.

Every row of the ``events`` table is one *mention*: an event as one document
tells it, with its spans and ``why``. Clustering groups mentions into
``event_clusters`` rows and writes each mention's ``cluster_id``. Two mentions
merge when all of these hold (thresholds are settings, see ``ClusterSettings``):

  * type: the same PLOVER type, or a pair listed as compatible;
  * parties: the same set of actor and recipient codes; when both are directed,
    the actor sides must also agree (CONSULT and reciprocal events compare the
    union of parties only, since "A met B" and "A and B met" are one meeting);
  * date: the date ranges, each as wide as its precision (a day, a month, a year),
    overlap once widened by ``date_slack_days``;
  * place: both unknown, one unknown, the same place, places within ``max_km``, or a
    country and a place inside it;
  * context: when either place is unknown, the sentences' content words must be
    similar (Jaccard >= ``min_similarity``).

Negated mentions are never clustered. The whole table is reclustered on each
call, in a stable order, so runs and reruns give the same cluster ids.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from ..config import ClusterSettings  # noqa: F401 - the thresholds live with every other setting

import pandas as pd

from ..records import stable_hash
from ..where.gazetteer import distance_km

STOP = set("""a an the of and or to in on at by for with from as is was were be been has have had it its their
his her this that these those said says say will would could after before over about against into than
also but not no new more most two three one said told reporters officials official monday tuesday
wednesday thursday friday saturday sunday week day month year""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


# one row of event_clusters per cluster of the mentions that {where} selects: the representative is the most
# precise, then most confident mention; counts of mentions, sources and documents; first and last seen
CLUSTER_ROWS = """
    WITH m AS (
      SELECT e.*, d.published AS pub, coalesce(d.source, d.url, d.doc_key, d.doc_id) AS src,
             row_number() OVER (PARTITION BY cluster_id ORDER BY
                CASE date_precision WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 ELSE 3 END,
                confidence DESC, event_id) AS rk
      FROM events e JOIN documents d USING (doc_id) WHERE {where})
    SELECT cluster_id, any_value(event_type) FILTER (WHERE rk = 1), any_value(actor_codes) FILTER (WHERE rk = 1),
           any_value(recipient_codes) FILTER (WHERE rk = 1), any_value(date) FILTER (WHERE rk = 1),
           any_value(date_end) FILTER (WHERE rk = 1), any_value(date_precision) FILTER (WHERE rk = 1),
           any_value(location_name) FILTER (WHERE rk = 1 OR location_name IS NOT NULL),
           any_value(location_country) FILTER (WHERE rk = 1 OR location_country IS NOT NULL),
           any_value(lat) FILTER (WHERE rk = 1 OR lat IS NOT NULL),
           any_value(lon) FILTER (WHERE rk = 1 OR lon IS NOT NULL),
           CASE WHEN bool_and(aux = 'historical') THEN 'historical'
                WHEN bool_and(aux IS NULL OR aux = 'historical') THEN NULL
                ELSE any_value(aux) FILTER (WHERE rk = 1) END,
           any_value(intensity) FILTER (WHERE rk = 1), any_value(quad_class) FILTER (WHERE rk = 1),
           any_value(cameo) FILTER (WHERE rk = 1), any_value(goldstein) FILTER (WHERE rk = 1),
           count(*), count(DISTINCT src), count(DISTINCT doc_id), min(pub), max(pub),
           any_value(event_id) FILTER (WHERE rk = 1)
    FROM m GROUP BY cluster_id"""


@dataclass
class Mention:
    event_id: str
    doc_id: str
    source: str
    event_type: str
    actors: frozenset
    recipients: frozenset
    start: dt.date | None
    end: dt.date | None
    lat: float | None
    lon: float | None
    loc_country: str | None
    loc_feature: str | None
    geonameid: int | None
    words: frozenset
    published: dt.date | None
    aux: str | None


def content_words(sentence: str) -> frozenset:
    return frozenset(w.lower() for w in _WORD.findall(sentence) if w.lower() not in STOP and len(w) > 2)


class Clusterer:
    def __init__(self, settings: ClusterSettings | None = None):
        self.s = settings or ClusterSettings()
        self.compatible = {frozenset(p) for p in self.s.compatible_types}

    def types_ok(self, a: Mention, b: Mention) -> bool:
        return a.event_type == b.event_type or frozenset((a.event_type, b.event_type)) in self.compatible

    def parties_ok(self, a: Mention, b: Mention) -> bool:
        if a.actors | a.recipients != b.actors | b.recipients:
            return False
        directed = a.recipients and b.recipients and a.event_type not in self.s.reciprocal_types
        return not directed or (a.actors == b.actors and a.recipients == b.recipients)

    def dates_ok(self, a: Mention, b: Mention) -> bool:
        if a.start is None or b.start is None:
            return True
        slack = dt.timedelta(days=self.s.date_slack_days)
        return a.start - slack <= b.end and b.start - slack <= a.end

    def place_ok(self, a: Mention, b: Mention) -> bool | None:
        """True: same place; False: different places; None: not known for both."""
        if a.lat is None or b.lat is None:
            return None
        if a.geonameid and a.geonameid == b.geonameid:
            return True
        if "country" in (a.loc_feature, b.loc_feature):
            return a.loc_country == b.loc_country
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= self.s.max_km

    def similar(self, a: Mention, b: Mention) -> bool:
        if not a.words or not b.words:
            return False
        return len(a.words & b.words) / len(a.words | b.words) >= self.s.min_similarity

    def compatible_pair(self, a: Mention, b: Mention) -> bool:
        if not (self.types_ok(a, b) and self.parties_ok(a, b) and self.dates_ok(a, b)):
            return False
        place = self.place_ok(a, b)
        if place is False:
            return False
        return place is True or self.similar(a, b)

    def cluster(self, mentions: list[Mention]) -> dict[str, str]:
        """event_id -> cluster_id. Each mention joins the cluster all of whose members it is compatible
        with (complete link), preferring the cluster with most shared words; else starts its own."""
        order = sorted(mentions, key=lambda m: (m.start or dt.date.min, m.published or dt.date.min, m.event_id))
        blocks: dict[tuple, list[list[Mention]]] = {}
        assign: dict[str, str] = {}
        for m in order:
            key = (m.actors | m.recipients,)
            clusters = blocks.setdefault(key, [])
            best, best_score = None, -1.0
            for c in clusters:
                if all(self.compatible_pair(m, o) for o in c):
                    score = max(len(m.words & o.words) / max(1, len(m.words | o.words)) for o in c)
                    if score > best_score:
                        best, best_score = c, score
            if best is None:
                best = []
                clusters.append(best)
            best.append(m)
            assign[m.event_id] = stable_hash("cluster", best[0].event_id)
        return assign


def has_clusters(con) -> bool:
    """Whether this database has been clustered (it has an event_clusters table)."""
    return con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'event_clusters'").fetchone()[0] > 0


def unclustered(con) -> int:
    """How many mentions the clusters do not describe: mentions written since the last clustering,
    plus mentions that clusters still count but that were replaced since.  0 when up to date; the
    number of mentions when the database was never clustered."""
    n_mentions = con.execute("SELECT count(*) FROM events WHERE aux IS NULL OR aux <> 'negated'").fetchone()[0]
    if not has_clusters(con):
        return n_mentions
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    if "cluster_id" not in cols:
        return n_mentions
    new = con.execute("SELECT count(*) FROM events WHERE (aux IS NULL OR aux <> 'negated') "
                      "AND cluster_id IS NULL").fetchone()[0]
    counted = con.execute("SELECT coalesce(sum(num_mentions), 0) FROM event_clusters").fetchone()[0]
    present = con.execute("SELECT count(*) FROM events WHERE cluster_id IS NOT NULL").fetchone()[0]
    return int(new + abs(counted - present))


def load_mentions(con) -> list[Mention]:
    """Every mention that can be clustered.  Only each mention's sentence is read (stored with the
    event; for rows written before it was, cut out in SQL), never whole document texts, so memory
    follows the number of mentions, not the size of the articles."""
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    stored = "e.sentence_text" if "sentence_text" in cols else "NULL"
    rows = con.execute(
        f"""SELECT e.event_id, e.doc_id, coalesce(d.source, d.url, d.doc_key, d.doc_id) AS src, e.event_type,
                  e.record, e.date, e.date_end, e.lat, e.lon, e.location_country, e.geonameid, e.aux,
                  d.published, {stored} AS sentence
           FROM events e JOIN (SELECT doc_id, source, url, doc_key, published FROM documents) d USING (doc_id)
           WHERE e.aux IS NULL OR e.aux <> 'negated'""").fetchall()
    missing = _sentences_from_text(con, [r[0] for r in rows if r[13] is None])
    out = []
    for (eid, did, src, etype, rec, d0, d1, lat, lon, lcountry, gid, aux, published, sentence) in rows:
        r = json.loads(rec)
        if sentence is None:
            sentence = missing.get(eid) or r["trigger"]["text"]
        loc = r.get("location") or {}
        if "dateline" in (loc.get("why") or ""):
            # a place guessed from the dateline is too weak to keep two reports apart
            lat = lon = lcountry = gid = None
            loc = {}
        out.append(Mention(
            eid, did, src or did, etype,
            frozenset(e["code"] for e in r["actor"] if e["code"]),
            frozenset(e["code"] for e in r["recipient"] if e["code"]),
            d0, d1 or d0, lat, lon, lcountry, loc.get("feature"), gid, content_words(sentence), published, aux))
    return out


def _sentences_from_text(con, event_ids: list[str]) -> dict[str, str]:
    """Sentences of older rows, cut out of the document text by DuckDB (only the sentence comes back)."""
    if not event_ids:
        return {}
    con.register("_need", pd.DataFrame({"event_id": event_ids}))
    try:
        rows = con.execute(
            """SELECT e.event_id, substring(d.text, CAST(json_extract(e.record, '$.sentence.start') AS INTEGER) + 1,
                      CAST(json_extract(e.record, '$.sentence.end') AS INTEGER)
                      - CAST(json_extract(e.record, '$.sentence.start') AS INTEGER))
               FROM events e JOIN _need USING (event_id) JOIN documents d USING (doc_id)
               WHERE d.text IS NOT NULL""").fetchall()
    finally:
        con.unregister("_need")
    return {eid: s for eid, s in rows if s}


CLUSTER_SCHEMA = """CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id VARCHAR PRIMARY KEY, event_type VARCHAR, actor_codes VARCHAR, recipient_codes VARCHAR,
    date DATE, date_end DATE, date_precision VARCHAR, location_name VARCHAR, location_country VARCHAR,
    lat DOUBLE, lon DOUBLE, aux VARCHAR, intensity DOUBLE, quad_class INTEGER, cameo VARCHAR, goldstein DOUBLE,
    num_mentions INTEGER, num_sources INTEGER, num_documents INTEGER, first_seen DATE, last_seen DATE,
    representative VARCHAR)"""


def cluster_store(con, settings: ClusterSettings | None = None) -> dict:
    """Recluster every mention in the database; returns counts.  In one transaction: interrupted, the
    database keeps its earlier clusters (and ``unclustered`` says how many mentions they miss)."""
    import duckdb
    from ..store.duck import db_error
    try:
        return _cluster_store(con, settings)
    except duckdb.Error as exc:
        raise db_error(exc, _db_path(con)) from exc


def _db_path(con) -> str:
    try:
        return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                           ).fetchone()[0] or "database"
    except Exception:  # noqa: BLE001 - only for the message
        return "database"


def _cluster_store(con, settings: ClusterSettings | None = None) -> dict:
    mentions = load_mentions(con)
    assign = Clusterer(settings).cluster(mentions)
    con.execute(CLUSTER_SCHEMA)
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    con.execute("BEGIN TRANSACTION")
    try:
        if "cluster_id" not in cols:
            con.execute("ALTER TABLE events ADD COLUMN cluster_id VARCHAR")
        con.execute("UPDATE events SET cluster_id = NULL")
        df = pd.DataFrame({"event_id": list(assign), "cluster_id": list(assign.values())})
        con.register("_assign", df)
        con.execute("UPDATE events SET cluster_id = a.cluster_id FROM _assign a WHERE events.event_id = a.event_id")
        con.unregister("_assign")
        con.execute("DELETE FROM event_clusters")
        # the representative mention: the most confident; the cluster's date: the most precise mention's
        con.execute("INSERT INTO event_clusters " + CLUSTER_ROWS.format(where="cluster_id IS NOT NULL"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    n_clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    return {"mentions": len(mentions), "events": n_clusters}
