"""DuckDB schema and batched writes.

Tables: documents, events (one row per event), entities (one row per actor or
recipient member), quarantine (input that could not be coded, with the reason)
and runs (versions and settings of each run).
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, version VARCHAR,
        model VARCHAR, settings JSON, command VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY, source_id VARCHAR, title VARCHAR, published DATE, story_date DATE,
        source VARCHAR, url VARCHAR, dateline_place VARCHAR, dateline_agency VARCHAR, chars INTEGER,
        status VARCHAR, n_events INTEGER, run_id VARCHAR, coded_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, event_type VARCHAR, mode VARCHAR, context VARCHAR[],
        actor_codes VARCHAR[], recipient_codes VARCHAR[], date DATE, date_end DATE, date_precision VARCHAR,
        date_text VARCHAR, location JSON, aux VARCHAR, intensity DOUBLE, quad_class INTEGER, cameo VARCHAR,
        goldstein DOUBLE, trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
        sentence_index INTEGER, confidence DOUBLE, mentions INTEGER, record JSON)""",
    """CREATE TABLE IF NOT EXISTS entities (
        event_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, start_char INTEGER, end_char INTEGER,
        code VARCHAR, sector VARCHAR, name VARCHAR, kb_id VARCHAR, why VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
        source_id VARCHAR, reason VARCHAR, detail VARCHAR, pointer VARCHAR, run_id VARCHAR, quarantined_at TIMESTAMP)""",
]


class Store:
    def __init__(self, path: str):
        self.path = path
        self.con = duckdb.connect(path)
        for stmt in SCHEMA:
            self.con.execute(stmt)

    def close(self) -> None:
        self.con.close()

    def start_run(self, run_id: str, version: str, model: str, settings: dict, command: str) -> None:
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, ?)",
                         [run_id, dt.datetime.now(), version, model, json.dumps(settings), command])

    def finish_run(self, run_id: str) -> None:
        self.con.execute("UPDATE runs SET finished = ? WHERE run_id = ?", [dt.datetime.now(), run_id])

    def write(self, results: list[dict], run_id: str | None = None) -> int:
        """Write process_batch results in one transaction; a re-coded document replaces its events."""
        n = 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            for r in results:
                if r["status"] != "coded":
                    self.quarantine(r.get("id") or "?", "coding", r.get("error") or "", None, run_id, commit=False)
                    continue
                d = r["document"]
                old = [x[0] for x in self.con.execute("SELECT event_id FROM events WHERE doc_id = ?",
                                                      [d["doc_id"]]).fetchall()]
                if old:
                    self.con.execute("DELETE FROM entities WHERE event_id IN (SELECT event_id FROM events WHERE doc_id = ?)",
                                     [d["doc_id"]])
                    self.con.execute("DELETE FROM events WHERE doc_id = ?", [d["doc_id"]])
                self.con.execute("DELETE FROM documents WHERE doc_id = ?", [d["doc_id"]])
                self.con.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'coded', ?, ?, ?)",
                    [d["doc_id"], r.get("id"), d.get("title"), d.get("published"), d.get("story_date"),
                     d.get("source"), d.get("url"), d.get("dateline_place"), d.get("dateline_agency"),
                     d.get("chars"), len(r["events"]), run_id, dt.datetime.now()])
                for ev in r["events"]:
                    self._insert_event(ev)
                    n += 1
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return n

    def _insert_event(self, ev: dict) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [ev["event_id"], ev["doc_id"], ev["event_type"], ev["mode"], ev["context"],
             [e["code"] for e in ev["actor"] if e["code"]], [e["code"] for e in ev["recipient"] if e["code"]],
             ev["date"], ev["date_end"], ev["date_precision"], ev["date_text"],
             json.dumps(ev["location"]) if ev["location"] else None, ev["aux"], ev["intensity"],
             ev["quad_class"], ev["cameo"], ev["goldstein"], ev["trigger"]["text"], ev["trigger"]["start"],
             ev["trigger"]["end"], ev["sentence"]["index"], ev["confidence"], ev["mentions"], json.dumps(ev)])
        self.con.execute("DELETE FROM entities WHERE event_id = ?", [ev["event_id"]])
        for role in ("actor", "recipient"):
            for i, e in enumerate(ev[role]):
                self.con.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 [ev["event_id"], role, i, e["text"], e["start"], e["end"], e["code"],
                                  e["sector"], e["name"], e["kb_id"], e["why"]])

    def quarantine(self, source_id: str, reason: str, detail: str, pointer: str | None,
                   run_id: str | None, commit: bool = True) -> None:
        self.con.execute("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                         [source_id, reason, detail, pointer, run_id, dt.datetime.now()])

    # ------------------------------------------------------------- summaries
    def counts_by_type(self) -> list[tuple]:
        return self.con.execute(
            "SELECT event_type, count(*) FILTER (WHERE aux IS NULL OR aux = 'historical') AS n, "
            "count(*) FILTER (WHERE aux IN ('future', 'hypothetical')) AS n_future_hypo, "
            "count(*) FILTER (WHERE aux = 'negated') AS n_negated "
            "FROM events GROUP BY event_type ORDER BY n DESC, event_type").fetchall()

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
