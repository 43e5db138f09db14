"""Clustering that grows with the store: new mentions meet only the candidate events of their block.

``cluster_store`` (``analysis.cluster``) reclusters every mention on each call.  This module gives the
same clusters, mention for mention and id for id, while reading only what a batch of new mentions can
change.  Three facts about the greedy, complete-link clustering of ``Clusterer.cluster`` make that
possible:

* **Blocks.**  Two mentions can share a cluster only when their party sets are equal and their types
  are the same or compatible.  A *block* is one party set and one group of compatible types (the
  connected component of ``compatible_types``; with none listed, the type itself).  Clusters never
  cross blocks, so each block is clustered on its own, in the global order of its mentions.
* **Order.**  Mentions are taken in the order (date, publication date, event id).  A mention's choice
  depends only on the clusters built before it, so adding or removing mentions in a block changes
  nothing before the first of them in that order (the block's *start point*): only the mentions at or
  after it are replayed.
* **Date window.**  A cluster can take a later mention only while every member's date range, widened
  by ``date_slack_days``, reaches that mention's date.  Dates only grow along the order, so a cluster
  whose window has closed before the start point is final: it is neither read nor compared again.

The blocking table ``cluster_blocks`` holds, per clustered mention, its block, dates and cluster; a
batch of new mentions is joined to it by block (a hash join in DuckDB), and only the open clusters of
the affected blocks and the mentions after each start point are loaded into Python.  Mentions that
were removed or replaced since (their rows in the blocking table no longer match the events table)
replay their blocks the same way.  When the cluster settings change, or with ``full=True``, every
block is replayed from its first mention.

``cluster_block`` clusters one whole block; the Spark job of ``eventwire.spark.cluster`` runs it over
the same blocks with ``groupBy(block).applyInPandas``.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

import pandas as pd

from ..config import ClusterSettings
from ..records import stable_hash
from .cluster import CLUSTER_ROWS, CLUSTER_SCHEMA, Clusterer, Mention, content_words

BLOCKS_SCHEMA = """CREATE TABLE IF NOT EXISTS cluster_blocks (
    event_id VARCHAR PRIMARY KEY, block_key VARCHAR, start DATE, stop DATE, published DATE, cluster_id VARCHAR)"""
META_SCHEMA = "CREATE TABLE IF NOT EXISTS cluster_meta (name VARCHAR PRIMARY KEY, value VARCHAR)"
MIN_DATE = dt.date.min
CHUNK_MENTIONS = 100_000          # changed mentions loaded into Python at once (a full run goes in chunks)


# ------------------------------------------------------------------ blocks and order
def type_groups(settings: ClusterSettings) -> dict[str, str]:
    """Event type -> its group: the smallest type name of its component of compatible pairs."""
    parent: dict[str, str] = {}

    def root(t: str) -> str:
        while parent.get(t, t) != t:
            t = parent[t]
        return t

    types: set[str] = set()
    for a, b in (tuple(p) for p in settings.compatible_types):
        types |= {a, b}
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {t: root(t) for t in types}


def block_key(m: Mention, groups: dict[str, str]) -> str:
    """The block of a mention: its type group and its party set."""
    return groups.get(m.event_type, m.event_type) + "|" + ",".join(sorted(m.actors | m.recipients))


def order_key(m: Mention) -> tuple:
    """The order in which ``Clusterer.cluster`` takes mentions."""
    return (m.start or MIN_DATE, m.published or MIN_DATE, m.event_id)


def mention_from_row(eid, did, src, etype, rec, d0, d1, lat, lon, lcountry, gid, aux, published,
                     sentence) -> Mention:
    """A Mention from an events row, exactly as ``cluster.load_mentions`` builds it."""
    r = json.loads(rec) if isinstance(rec, str) else rec
    if sentence is None:
        sentence = r["trigger"]["text"]
    loc = r.get("location") or {}
    if "dateline" in (loc.get("why") or ""):
        # a place guessed from the dateline is too weak to keep two reports apart
        lat = lon = lcountry = gid = None
        loc = {}
    return Mention(eid, did, src or did, etype,
                   frozenset(e["code"] for e in r["actor"] if e["code"]),
                   frozenset(e["code"] for e in r["recipient"] if e["code"]),
                   d0, d1 or d0, lat, lon, lcountry, loc.get("feature"), gid, content_words(sentence),
                   published, aux)


# ------------------------------------------------------------------ the greedy, resumable
@dataclass
class _Cluster:
    members: list = field(default_factory=list)
    horizon: dt.date = dt.date.max     # the last date a later mention may start on and still join

    def add(self, m: Mention, slack: dt.timedelta) -> None:
        self.members.append(m)
        if m.start is not None and m.end is not None:
            try:
                self.horizon = min(self.horizon, m.end + slack)
            except OverflowError:
                pass

    @property
    def cluster_id(self) -> str:
        return stable_hash("cluster", self.members[0].event_id)


def replay(clusterer: Clusterer, open_clusters: list[list[Mention]], order: list[Mention]) -> dict[str, str]:
    """Continue ``Clusterer.cluster`` over one block: ``open_clusters`` are the block's clusters as they
    stood before the first mention of ``order`` (each in member order, the list in creation order),
    ``order`` the mentions from there on, sorted by :func:`order_key`.  Returns event_id -> cluster_id
    for ``order``.  The step is the one of ``Clusterer.cluster``; clusters whose date window has closed
    are dropped from the comparisons (they could accept no later mention)."""
    slack = dt.timedelta(days=clusterer.s.date_slack_days)
    live: list[_Cluster] = []
    for members in open_clusters:
        c = _Cluster()
        for m in members:
            c.add(m, slack)
        live.append(c)
    assign: dict[str, str] = {}
    for m in order:
        if m.start is not None:
            live = [c for c in live if c.horizon >= m.start]
        best, best_score = None, -1.0
        for c in live:
            if all(clusterer.compatible_pair(m, o) for o in c.members):
                score = max(len(m.words & o.words) / max(1, len(m.words | o.words)) for o in c.members)
                if score > best_score:
                    best, best_score = c, score
        if best is None:
            best = _Cluster()
            live.append(best)
        best.add(m, slack)
        assign[m.event_id] = best.cluster_id
    return assign


def cluster_block(mentions: Iterable[Mention], settings: ClusterSettings | None = None) -> dict[str, str]:
    """event_id -> cluster_id for every mention of one block (or of several: each keeps to its own)."""
    clusterer = Clusterer(settings)
    groups = type_groups(clusterer.s)
    by_block: dict[str, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(block_key(m, groups), []).append(m)
    out: dict[str, str] = {}
    for ms in by_block.values():
        out.update(replay(clusterer, [], sorted(ms, key=order_key)))
    return out


# ------------------------------------------------------------------ the store
# blocking rows still true of their mention: clustered, not negated, same dates and publication date
_KEEP = """CREATE OR REPLACE TEMP TABLE _keep AS
    SELECT b.event_id, b.block_key, b.start, b.stop, b.published, e.cluster_id
    FROM cluster_blocks b JOIN events e USING (event_id) JOIN documents d USING (doc_id)
    WHERE e.cluster_id IS NOT NULL AND (e.aux IS NULL OR e.aux <> 'negated') AND b.start IS NOT DISTINCT FROM e.date
      AND b.stop IS NOT DISTINCT FROM coalesce(e.date_end, e.date) AND b.published IS NOT DISTINCT FROM d.published"""
_BEFORE = """(coalesce(b.start, DATE '0001-01-01') < a.p_start OR (coalesce(b.start, DATE '0001-01-01') = a.p_start
              AND (coalesce(b.published, DATE '0001-01-01') < a.p_pub OR (coalesce(b.published, DATE '0001-01-01')
              = a.p_pub AND b.event_id < a.p_eid))))"""


def cluster_incremental(con, settings: ClusterSettings | None = None, full: bool = False) -> dict:
    """Bring the store's clusters up to date by block (see the module docstring); the result is the one
    ``cluster_store`` gives.  In one transaction.  Returns counts: mentions, events (clusters), new
    (mentions added or replaced), removed, replayed (mentions clustered again), blocks (affected)."""
    import duckdb
    from ..store.duck import db_error
    settings = settings or ClusterSettings()
    try:
        return _incremental(con, settings, full)
    except duckdb.Error as exc:
        raise db_error(exc, "database") from exc


def _prepare(con, settings: ClusterSettings, full: bool) -> bool:
    """Create the tables; True when every block must be replayed from its start (asked, or new settings)."""
    con.execute(CLUSTER_SCHEMA)
    con.execute(BLOCKS_SCHEMA)
    con.execute(META_SCHEMA)
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    if "cluster_id" not in cols:
        con.execute("ALTER TABLE events ADD COLUMN cluster_id VARCHAR")
    want = json.dumps(asdict(settings), sort_keys=True, default=list)
    row = con.execute("SELECT value FROM cluster_meta WHERE name = 'settings'").fetchone()
    if full or row is None or row[0] != want:
        con.execute("INSERT OR REPLACE INTO cluster_meta VALUES ('settings', ?)", [want])
        return True
    return False


def _incremental(con, settings: ClusterSettings, full: bool) -> dict:
    con.execute("BEGIN TRANSACTION")
    try:
        if _prepare(con, settings, full):
            con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            con.execute("DELETE FROM event_clusters")
        stats = _update(con, settings)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    stats["mentions"] = con.execute("SELECT count(*) FROM events WHERE cluster_id IS NOT NULL").fetchone()[0]
    stats["events"] = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    return stats


def _update(con, settings: ClusterSettings) -> dict:
    clusterer = Clusterer(settings)
    groups = type_groups(settings)
    # removed: blocking rows whose mention is gone, negated, or written again (its cluster_id reset)
    con.execute(_KEEP)
    removed = con.execute("""SELECT block_key, start, published, event_id, cluster_id FROM cluster_blocks
                             WHERE event_id NOT IN (SELECT event_id FROM _keep)""").fetchall()
    changed_ids = [r[0] for r in con.execute(
        """SELECT e.event_id FROM events e JOIN documents d USING (doc_id)
           WHERE (e.aux IS NULL OR e.aux <> 'negated') AND e.event_id NOT IN (SELECT event_id FROM _keep)""").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE _assign (event_id VARCHAR, cluster_id VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE _newblocks (event_id VARCHAR, block_key VARCHAR, start DATE, "
                "stop DATE, published DATE)")
    starts: dict[str, tuple] = {}
    for bk, start, pub, eid, _ in removed:
        starts[bk] = min(starts.get(bk, (dt.date.max,)), (start or MIN_DATE, pub or MIN_DATE, eid))
    changed: dict[str, list[Mention]] = {}
    for ids in _chunks(changed_ids, CHUNK_MENTIONS):
        rows = []
        for m in load_mentions_by_id(con, ids):
            bk = block_key(m, groups)
            changed.setdefault(bk, []).append(m)
            starts[bk] = min(starts.get(bk, (dt.date.max,)), order_key(m))
            rows.append((m.event_id, bk, m.start, m.end, m.published))
        _append(con, "_newblocks", pd.DataFrame(rows, columns=["event_id", "block_key", "start", "stop", "published"]))
    replayed = 0
    for blocks in _block_chunks(starts, changed, CHUNK_MENTIONS):
        replayed += _replay_blocks(con, clusterer, {b: starts[b] for b in blocks},
                                   {b: changed.get(b, []) for b in blocks})
    _write(con, removed)
    return {"new": len(changed_ids), "removed": len(removed), "replayed": replayed, "blocks": len(starts)}


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _block_chunks(starts: dict, changed: dict, limit: int) -> Iterator[list[str]]:
    """Affected blocks in groups of about ``limit`` changed mentions."""
    cur, n = [], 0
    for b in sorted(starts):
        cur.append(b)
        n += len(changed.get(b, ())) + 1
        if n >= limit:
            yield cur
            cur, n = [], 0
    if cur:
        yield cur


def _append(con, table: str, df: pd.DataFrame) -> None:
    if len(df):
        con.register("_df", df)
        try:
            con.execute(f"INSERT INTO {table} SELECT * FROM _df")
        finally:
            con.unregister("_df")


def _replay_blocks(con, clusterer: Clusterer, starts: dict[str, tuple], changed: dict[str, list]) -> int:
    """Replay each block from its start point; the assignments go to the temp table ``_assign``."""
    slack = int(clusterer.s.date_slack_days)
    aff = pd.DataFrame([(b, s[0], s[1], s[2], s[0] == MIN_DATE) for b, s in starts.items()],
                       columns=["block_key", "p_start", "p_pub", "p_eid", "p_open"])
    con.register("_aff", aff)
    try:
        rows = con.execute(f"""
            WITH bm AS (SELECT b.*, a.p_start, a.p_open, {_BEFORE} AS before FROM _keep b JOIN _aff a USING (block_key)),
            shut AS (SELECT cluster_id FROM bm WHERE before AND NOT p_open AND start IS NOT NULL
                     AND stop + {slack} < p_start)
            SELECT event_id, block_key, cluster_id, before FROM bm
            WHERE NOT before OR cluster_id NOT IN (SELECT cluster_id FROM shut)""").fetchall()
    finally:
        con.unregister("_aff")
    known = {m.event_id: m for m in load_mentions_by_id(con, [r[0] for r in rows])}
    state: dict[str, dict[str, list]] = {}
    order: dict[str, list] = {b: list(ms) for b, ms in changed.items()}
    for eid, bk, cid, before in rows:
        m = known.get(eid)
        if m is None:
            continue
        if before:
            state.setdefault(bk, {}).setdefault(cid, []).append(m)
        else:
            order.setdefault(bk, []).append(m)
    out = []
    for bk in starts:
        opened = sorted((sorted(ms, key=order_key) for ms in state.get(bk, {}).values()),
                        key=lambda ms: order_key(ms[0]))
        out.extend(replay(clusterer, opened, sorted(order.get(bk, []), key=order_key)).items())
    _append(con, "_assign", pd.DataFrame(out, columns=["event_id", "cluster_id"]))
    return len(out)


def load_mentions_by_id(con, event_ids: list[str]) -> list[Mention]:
    """The mentions with these ids (not negated, with a document), built as ``cluster.load_mentions`` does."""
    if not event_ids:
        return []
    con.register("_ids", pd.DataFrame({"event_id": list(event_ids)}))
    try:
        rows = con.execute(
            """SELECT e.event_id, e.doc_id, coalesce(d.source, d.url, d.doc_key, d.doc_id) AS src, e.event_type,
                      e.record, e.date, e.date_end, e.lat, e.lon, e.location_country, e.geonameid, e.aux,
                      d.published, coalesce(e.sentence_text, CASE WHEN d.text IS NOT NULL THEN substring(d.text,
                          CAST(json_extract(e.record, '$.sentence.start') AS INTEGER) + 1,
                          CAST(json_extract(e.record, '$.sentence.end') AS INTEGER)
                          - CAST(json_extract(e.record, '$.sentence.start') AS INTEGER)) END) AS sentence
               FROM events e JOIN _ids USING (event_id) JOIN documents d USING (doc_id)
               WHERE e.aux IS NULL OR e.aux <> 'negated'""").fetchall()
    finally:
        con.unregister("_ids")
    return [mention_from_row(*r[:13], r[13] or None) for r in rows]


def _write(con, removed: list) -> None:
    """Blocking rows, cluster ids and the event_clusters rows of every cluster that changed: a new or
    old cluster of a replayed mention, the cluster of a removed one, and any whose count is off."""
    gone = pd.DataFrame({"event_id": [r[3] for r in removed] or [None], "cluster_id": [r[4] for r in removed] or [None]})
    con.register("_gone", gone)
    try:
        con.execute("""CREATE OR REPLACE TEMP TABLE _touched AS
                       SELECT cluster_id FROM _assign
                       UNION SELECT e.cluster_id FROM events e JOIN _assign USING (event_id) WHERE e.cluster_id IS NOT NULL
                       UNION SELECT cluster_id FROM _gone WHERE cluster_id IS NOT NULL""")
        con.execute("DELETE FROM cluster_blocks WHERE event_id IN (SELECT event_id FROM _gone)")
    finally:
        con.unregister("_gone")
    con.execute("DELETE FROM cluster_blocks WHERE event_id IN (SELECT event_id FROM _newblocks)")
    con.execute("INSERT INTO cluster_blocks SELECT n.*, a.cluster_id FROM _newblocks n JOIN _assign a USING (event_id)")
    con.execute("UPDATE cluster_blocks SET cluster_id = a.cluster_id FROM _assign a "
                "WHERE cluster_blocks.event_id = a.event_id AND cluster_blocks.cluster_id IS DISTINCT FROM a.cluster_id")
    con.execute("UPDATE events SET cluster_id = a.cluster_id FROM _assign a "
                "WHERE events.event_id = a.event_id AND events.cluster_id IS DISTINCT FROM a.cluster_id")
    con.execute("""INSERT INTO _touched
                   SELECT coalesce(n.cluster_id, c.cluster_id) FROM
                     (SELECT cluster_id, count(*) AS n FROM events WHERE cluster_id IS NOT NULL GROUP BY cluster_id) n
                     FULL JOIN (SELECT cluster_id, num_mentions FROM event_clusters) c USING (cluster_id)
                   WHERE n.n IS DISTINCT FROM c.num_mentions""")
    con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM _touched)")
    con.execute("INSERT INTO event_clusters " + CLUSTER_ROWS.format(
        where="cluster_id IN (SELECT cluster_id FROM _touched)"))
    for t in ("_assign", "_newblocks", "_touched", "_keep"):
        con.execute(f"DROP TABLE IF EXISTS {t}")


# the event_clusters rows of some clusters, as cluster_store writes them (representative: the most precise
# date, then the most confident mention)

