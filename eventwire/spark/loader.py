"""`eventwire load OUTPUT --db eventwire.duckdb`: a Spark output into the DuckDB store, idempotently.

The documents and events datasets are read back into ``DocResult`` objects (the event records are
the JSON the coder wrote, read with ``Event.from_dict``) and written with ``Store.write``, the writer of
`ingest`; so the rows are the ones ingest writes for the same input, and a second load of the same
output replaces each document with itself.  Documents and events are read in doc_id order, a batch of
documents at a time, from two sorted streams: memory follows the batch, not the output.  Pyspark is
not needed; DuckDB reads the Parquet datasets (a local or mounted path).
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from glob import glob
from typing import Iterator

from ..records import DocResult, Event

BATCH = 500


@dataclass
class LoadStats:
    documents: int = 0
    events: int = 0
    quarantined: int = 0
    run: dict = field(default_factory=dict)      # the Spark run's version, settings and counts


def _files(output: str, name: str) -> str | None:
    pattern = os.path.join(output, name, "**", "*.parquet")
    return pattern if glob(pattern, recursive=True) else None


def _source(output: str, name: str, columns: str, order: str) -> str | None:
    files = _files(output, name)
    if files is None:
        return None
    return (f"SELECT {columns} FROM read_parquet('{_quote(files)}', hive_partitioning = true, union_by_name = true) "
            f"ORDER BY {order}")


def _quote(s: str) -> str:
    return s.replace("'", "''")


def _stream(con, sql: str | None, size: int = 2000) -> Iterator[tuple]:
    if sql is None:
        return
    cur = con.cursor()
    cur.execute(sql)
    while True:
        rows = cur.fetchmany(size)
        if not rows:
            break
        yield from rows
    cur.close()


def _results(con, output: str) -> Iterator[DocResult]:
    """DocResults in doc_id order: each document with its events (merge of two sorted streams)."""
    docs = _stream(con, _source(output, "documents", "doc_id, doc_key, source_id, title, published, story_date, source, "
                                "url, dateline_place, dateline_agency, chars, text, pointer", "doc_id"))
    events = _stream(con, _source(output, "events", "doc_id, record", "doc_id, trigger_start, trigger_end, event_id"))
    pending = next(events, None)
    for (doc_id, key, sid, title, pub, story, src, url, place, agency, chars, text, pointer) in docs:
        while pending is not None and pending[0] < doc_id:
            pending = next(events, None)
        evs = []
        while pending is not None and pending[0] == doc_id:
            evs.append(Event.from_dict(json.loads(pending[1])))
            pending = next(events, None)
        document = {"doc_id": doc_id, "title": title, "published": pub, "source": src, "url": url,
                    "story_date": story, "dateline_place": place, "dateline_agency": agency, "chars": chars}
        yield DocResult(id=sid, doc_id=doc_id, status="coded", document=document, events=evs, text=text, key=key,
                        pointer=pointer)


def _quarantine(con, output: str) -> list[dict]:
    sql = _source(output, "quarantine", "pointer, reason, detail, raw, file_key", "pointer, reason")
    return [{"pointer": p, "reason": r, "detail": d, "raw": raw, "file_key": fk}
            for p, r, d, raw, fk in _stream(con, sql)]


def _run_info(output: str) -> dict:
    for f in sorted(glob(os.path.join(output, "run", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            line = fh.readline()
            if line.strip():
                return json.loads(line)
    return {}


def load_output(output: str, db: str, log=None) -> LoadStats:
    """Load the Spark output folder ``output`` into the store ``db`` (created when missing)."""
    import duckdb
    from ..errors import E, StoreError
    from ..store import Store
    if not os.path.isdir(os.path.join(output, "documents")) and not os.path.isdir(os.path.join(output, "quarantine")):
        raise StoreError(E.DB_FAILED, where=output, detail="not an eventwire spark output (no documents/ or quarantine/)")
    stats = LoadStats(run=_run_info(output))
    reader = duckdb.connect()
    store = Store(db)
    run_id = uuid.uuid4().hex[:12]
    store.start_run(run_id, stats.run.get("version", "?"), stats.run.get("model", "?"),
                    json.loads(stats.run.get("settings") or "{}"), f"load {output}")
    try:
        batch: list[DocResult] = []
        for r in _results(reader, output):
            batch.append(r)
            if len(batch) >= BATCH:
                stats.events += store.write(batch, run_id)
                stats.documents += len(batch)
                batch = []
        q = _quarantine(reader, output)
        stats.events += store.write(batch, run_id, q)
        stats.documents += len(batch)
        stats.quarantined = len(q)
    finally:
        store.finish_run(run_id, {"documents": stats.documents, "events": stats.events,
                                  "quarantined": stats.quarantined, "spark": stats.run.get("stats")})
        store.close()
        reader.close()
    if log:
        log(f"loaded {stats.documents} documents, {stats.events} events, {stats.quarantined} quarantined rows")
    return stats
