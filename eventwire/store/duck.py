"""DuckDB schema and batched, transactional writes.

Tables
  runs        one row per run: versions and settings
  documents   one row per coded document; ``doc_id`` hashes source + normalised text,
              ``doc_key`` is the article's own identity (its id, url or path) so that an
              edited article replaces the events of its earlier version
  events      one row per event; ``record`` keeps the full JSON the CLI prints
  entities    one row per actor or recipient member of an event
  quarantine  inputs that could not be coded: reason, detail, pointer, and a byte-exact
              copy of small inputs

Every batch is written in one transaction, so a crash leaves whole batches or nothing;
a rerun skips the documents that are already stored.
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from ..errors import E, StoreError
from ..ingest.walk import display

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, version VARCHAR,
        model VARCHAR, settings JSON, command VARCHAR, stats JSON)""",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY, doc_key VARCHAR, source_id VARCHAR, title VARCHAR, published DATE,
        story_date DATE, source VARCHAR, url VARCHAR, dateline_place VARCHAR, dateline_agency VARCHAR,
        chars INTEGER, status VARCHAR, n_events INTEGER, run_id VARCHAR, coded_at TIMESTAMP, text VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, event_type VARCHAR, mode VARCHAR, context VARCHAR,
        actor_codes VARCHAR, recipient_codes VARCHAR, date DATE, date_end DATE, date_precision VARCHAR,
        date_text VARCHAR, location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
        geonameid BIGINT, aux VARCHAR, intensity DOUBLE, quad_class INTEGER, cameo VARCHAR,
        goldstein DOUBLE, trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
        sentence_index INTEGER, confidence DOUBLE, mentions INTEGER, published DATE, source VARCHAR,
        url VARCHAR, record JSON, sentence_text VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS entities (
        event_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, start_char INTEGER, end_char INTEGER,
        code VARCHAR, sector VARCHAR, name VARCHAR, kb_id VARCHAR, why VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
        pointer VARCHAR, reason VARCHAR, detail VARCHAR, raw BLOB, run_id VARCHAR,
        quarantined_at TIMESTAMP, file_key VARCHAR, PRIMARY KEY (pointer, reason))""",
]

EVENT_COLUMNS = ["event_id", "doc_id", "event_type", "mode", "context", "actor_codes", "recipient_codes",
                 "date", "date_end", "date_precision", "date_text", "location_name", "location_country",
                 "lat", "lon", "geonameid", "aux", "intensity", "quad_class", "cameo", "goldstein",
                 "trigger_text", "trigger_start", "trigger_end", "sentence_index", "confidence", "mentions",
                 "published", "source", "url", "record", "sentence_text"]
ENTITY_COLUMNS = ["event_id", "role", "position", "text", "start_char", "end_char", "code", "sector", "name",
                  "kb_id", "why"]
DOC_COLUMNS = ["doc_id", "doc_key", "source_id", "title", "published", "story_date", "source", "url",
               "dateline_place", "dateline_agency", "chars", "status", "n_events", "run_id", "coded_at", "text"]
RAW_COPY_LIMIT = 1_000_000      # inputs up to this size are kept byte-exact in quarantine


def db_error(exc: Exception, path: str) -> StoreError:
    """A DuckDB error as a catalogue error: locked, not a DuckDB file, or failed with its first line."""
    text = str(exc)
    low = text.lower()
    if "conflicting lock" in low or "could not set lock" in low:
        return StoreError(E.DB_LOCKED, where=str(path))
    if "not a valid duckdb" in low or "no magic bytes" in low or "duckdb file" in low and "invalid" in low:
        return StoreError(E.DB_NOT_DUCKDB, where=str(path))
    detail = next((ln for ln in text.splitlines() if ln.strip()), type(exc).__name__)
    return StoreError(E.DB_FAILED, where=str(path), detail=detail)


def store_errors(fn):
    """Turn the DuckDB errors of a store method into catalogue errors (a full disk, a lock)."""
    import functools

    @functools.wraps(fn)
    def wrapped(self, *a, **kw):
        try:
            return fn(self, *a, **kw)
        except duckdb.Error as exc:
            raise db_error(exc, self.path) from exc
    return wrapped


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a database file, with catalogue errors for a missing, locked or foreign file."""
    import os
    if read_only and not os.path.exists(path):
        raise StoreError(E.DB_MISSING, where=str(path))
    if os.path.isdir(path):
        raise StoreError(E.DB_NOT_DUCKDB, where=str(path))
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise db_error(exc, path) from exc


class Store:
    def __init__(self, path: str, read_only: bool = False):
        self.path = path
        self.con = connect(path, read_only)
        if not read_only:
            try:
                for stmt in SCHEMA:
                    self.con.execute(stmt)
                self._upgrade()
            except duckdb.Error as exc:
                self.con.close()
                raise db_error(exc, path) from exc

    def _upgrade(self) -> None:
        """Add columns that a database written by an older eventwire lacks (documents.text, ...)."""
        wanted = {"documents": (DOC_COLUMNS, {"text": "VARCHAR", "doc_key": "VARCHAR"}),
                  "events": (EVENT_COLUMNS, {}), "quarantine": (["file_key"], {})}
        for table, (columns, types) in wanted.items():
            have = {r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()}
            for col in columns:
                if col not in have:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN {col} {types.get(col, 'VARCHAR')}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ----------------------------------------------------------------- runs
    @store_errors
    def start_run(self, run_id: str, version: str, model: str, settings: dict, command: str) -> None:
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, ?, NULL)",
                         [run_id, dt.datetime.now(), version, model, json.dumps(settings, default=str), command])

    @store_errors
    def finish_run(self, run_id: str, stats: dict | None = None) -> None:
        self.con.execute("UPDATE runs SET finished = ?, stats = ? WHERE run_id = ?",
                         [dt.datetime.now(), json.dumps(stats or {}), run_id])

    @store_errors
    def settle_quarantine(self, run_id: str, roots: list[str]) -> int:
        """After a complete run over ``roots`` (real paths), its quarantine rows are the whole truth about
        the inputs under them: rows an earlier run left there (inputs since fixed and coded, or typed
        another way) are deleted.  Returns how many."""
        n = 0
        for root in roots:
            pre = display(root).rstrip("/") + "/"
            n += self.con.execute(
                "DELETE FROM quarantine WHERE run_id IS DISTINCT FROM ? AND file_key IS NOT NULL "
                "AND (file_key = ? OR starts_with(file_key, ?))", [run_id, display(root), pre]).fetchone()[0]
        return n

    # ------------------------------------------------------------- lookups
    @store_errors
    def known_doc_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT doc_id FROM documents").fetchall()}

    # -------------------------------------------------------------- writes
    def write(self, results: list, run_id: str | None = None,
              quarantined: list[dict] | None = None) -> int:
        """Write one batch of process_batch results (and quarantine rows) in one transaction.

        A document already stored under the same doc_id, or an earlier version under the
        same doc_key, is replaced with its events; two results with one key in a batch: the
        last one is kept.  A coded input's earlier quarantine rows (same pointer) are deleted.
        Returns the number of events written.
        """
        docs, events, ents, qrows = [], [], [], []
        coded = _last_per_key([r for r in results if r.coded])
        for r in results:
            if not r.coded:
                qrows.append({"pointer": r.pointer or r.id or "?", "reason": r.reason.value if r.reason else "coding",
                              "detail": r.error or "", "raw": None})
        now = dt.datetime.now()
        for r in coded:
            d = r.document
            docs.append([d["doc_id"], r.key, r.id, d.get("title"), d.get("published"), d.get("story_date"),
                         d.get("source"), d.get("url"), d.get("dateline_place"), d.get("dateline_agency"),
                         d.get("chars"), "coded", len(r.events), run_id, now, r.text])
            for ev in (e.to_dict() for e in r.events):
                events.append(_event_row(ev, d, r.text))
                for role in ("actor", "recipient"):
                    for i, e in enumerate(ev[role]):
                        ents.append([ev["event_id"], role, i, e["text"], e["start"], e["end"], e["code"],
                                     e["sector"], e["name"], e["kb_id"], e["why"]])
        qrows.extend(quarantined or [])
        try:
            self._transaction(coded, docs, events, ents, qrows, run_id, now)
        except duckdb.Error as exc:
            raise db_error(exc, self.path) from exc
        return len(events)

    def _transaction(self, coded, docs, events, ents, qrows, run_id, now) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            if coded:
                old = pd.DataFrame({"doc_id": sorted({r.document["doc_id"] for r in coded})})
                keys = pd.DataFrame({"doc_key": sorted({r.key for r in coded if r.key}) or [None]})
                ptrs = pd.DataFrame({"pointer": sorted({r.pointer for r in coded if r.pointer}) or [None]})
                self.con.register("_old_ids", old)
                self.con.register("_old_keys", keys)
                self.con.register("_ptrs", ptrs)
                gone = ("(SELECT doc_id FROM _old_ids UNION SELECT doc_id FROM documents "
                        "WHERE doc_key IN (SELECT doc_key FROM _old_keys))")
                self.con.execute(f"DELETE FROM entities WHERE event_id IN "
                                 f"(SELECT event_id FROM events WHERE doc_id IN {gone})")
                self.con.execute(f"DELETE FROM events WHERE doc_id IN {gone}")
                self.con.execute(f"DELETE FROM documents WHERE doc_id IN {gone}")
                self.con.execute("DELETE FROM quarantine WHERE pointer IN (SELECT pointer FROM _ptrs)")
                for name in ("_old_ids", "_old_keys", "_ptrs"):
                    self.con.unregister(name)
            self._append("documents", DOC_COLUMNS, docs)
            self._append("events", EVENT_COLUMNS, events)
            self._append("entities", ENTITY_COLUMNS, ents)
            for q in qrows:
                self.con.execute("INSERT OR REPLACE INTO quarantine (pointer, reason, detail, raw, run_id, "
                                 "quarantined_at, file_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 [q["pointer"], q["reason"], q.get("detail"), q.get("raw"), run_id, now,
                                  q.get("file_key")])
            self.con.execute("COMMIT")
        except BaseException:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise

    def _append(self, table: str, columns: list[str], rows: list[list]) -> None:
        if not rows:
            return
        df = pd.DataFrame(rows, columns=columns)
        self.con.register("_batch", df)
        try:
            cols = ", ".join(columns)
            # an event id can repeat only if one document yields it twice; keep the first
            self.con.execute(f"INSERT OR IGNORE INTO {table} ({cols}) SELECT {cols} FROM _batch"
                             if table in ("events", "documents") else
                             f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch")
        finally:
            self.con.unregister("_batch")

    @store_errors
    def quarantine_rows(self) -> list[tuple]:
        return self.con.execute(
            "SELECT pointer, reason, detail, octet_length(raw) AS raw_bytes, quarantined_at FROM quarantine "
            "ORDER BY quarantined_at, pointer").fetchall()

    # ------------------------------------------------------------- summaries
    @store_errors
    def counts_by_type(self) -> list[tuple]:
        return self.con.execute(
            "SELECT event_type, count(*) FILTER (WHERE aux IS NULL OR aux = 'historical') AS n, "
            "count(*) FILTER (WHERE aux IN ('future', 'hypothetical')) AS n_future_hypo, "
            "count(*) FILTER (WHERE aux = 'negated') AS n_negated "
            "FROM events GROUP BY event_type ORDER BY n DESC, event_type").fetchall()

    @store_errors
    def top_dyads(self, limit: int = 10) -> list[tuple]:
        """Most frequent (actor, recipient) country pairs; reciprocal events count each pair once."""
        return self.con.execute(
            """WITH ev AS (SELECT event_id, intensity FROM events WHERE aux IS NULL OR aux = 'historical'),
               a AS (SELECT DISTINCT event_id, code FROM entities WHERE role = 'actor' AND code IS NOT NULL),
               r AS (SELECT DISTINCT event_id, code FROM entities WHERE role = 'recipient' AND code IS NOT NULL),
               pairs AS (
                 SELECT a.code AS actor, r.code AS recipient, intensity
                 FROM ev JOIN a USING (event_id) JOIN r USING (event_id)
                 UNION ALL
                 SELECT a1.code, a2.code, intensity
                 FROM ev JOIN a a1 USING (event_id) JOIN a a2 USING (event_id)
                 WHERE a1.code < a2.code AND NOT EXISTS (SELECT 1 FROM r WHERE r.event_id = ev.event_id))
               SELECT actor, recipient, count(*) AS n, round(avg(intensity), 2) AS mean_intensity
               FROM pairs WHERE actor <> recipient
               GROUP BY actor, recipient ORDER BY n DESC, actor, recipient LIMIT ?""", [limit]).fetchall()


def _last_per_key(results: list) -> list:
    """Coded results with one per key (the last) and one per doc_id, in order."""
    last: dict = {}
    for i, r in enumerate(results):
        last[("key", r.key) if r.key else ("doc", r.document["doc_id"])] = i
    keep = sorted(last.values())
    out, ids = [], set()
    for i in reversed(keep):
        if results[i].document["doc_id"] not in ids:
            ids.add(results[i].document["doc_id"])
            out.append(results[i])
    return out[::-1]


def _sentence(ev: dict, text: str | None) -> str | None:
    s = ev.get("sentence") or {}
    if not text or s.get("start") is None:
        return None
    return text[s["start"]: s["end"]]


def _event_row(ev: dict, d: dict, text: str | None = None) -> list:
    loc = ev.get("location") or {}
    return [ev["event_id"], ev["doc_id"], ev["event_type"], ev["mode"], ";".join(ev["context"] or []),
            ";".join(e["code"] for e in ev["actor"] if e["code"]),
            ";".join(e["code"] for e in ev["recipient"] if e["code"]),
            ev["date"], ev["date_end"], ev["date_precision"], ev["date_text"],
            loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon"), loc.get("geonameid"),
            ev["aux"], ev["intensity"], ev["quad_class"], ev["cameo"], ev["goldstein"],
            ev["trigger"]["text"], ev["trigger"]["start"], ev["trigger"]["end"], ev["sentence"]["index"],
            ev["confidence"], ev["mentions"], d.get("published"), d.get("source"), d.get("url"),
            json.dumps(ev, ensure_ascii=False), _sentence(ev, text)]
