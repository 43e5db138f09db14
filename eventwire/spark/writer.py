"""The Spark output: Parquet datasets under one folder, and the rows that fill them.

  OUTPUT/events/event_month=YYYY-MM/*.parquet     one row per event (mention): the columns of
                                                  `eventwire export --format parquet` in its order and
                                                  types, then ``record`` (the full JSON `code` prints)
  OUTPUT/entities/event_month=YYYY-MM/*.parquet   one row per actor or recipient member (the store's table)
  OUTPUT/documents/event_month=YYYY-MM/*.parquet  one row per coded document (the store's table, less the
                                                  run columns, plus ``pointer`` and ``file_key``); the
                                                  month of its story date
  OUTPUT/quarantine/*.parquet                     inputs not coded: pointer, reason, detail, raw, file_key
  OUTPUT/run/*.json                               the run: version, settings, counts, timings

A month that is not known is ``unknown``.  The coding tasks emit one staging row per output row (its
kind, its month and its fields as JSON); the writer turns each kind into its typed dataset with
``from_json``, in the JVM.
"""
from __future__ import annotations

import base64
import json

from ..store.duck import DOC_COLUMNS, ENTITY_COLUMNS, EVENT_COLUMNS, _event_row

STAGING_SCHEMA = "kind string, event_month string, payload string, body string"
# The one long text of a row travels beside its JSON fields, not inside them: an event's ``record`` (itself
# JSON, which a payload would escape again) and a document's ``text``.  from_json then parses a few
# hundred bytes a row instead of kilobytes (2,000 articles: 84 MB of payload, most of it these two).
BODY = {"event": "record", "document": "text"}
# DuckDB types -> Spark types, as `eventwire export --format parquet` writes them (dates as ISO text)
_SPARK = {"VARCHAR": "string", "DATE": "string", "DOUBLE": "double", "BIGINT": "bigint", "INTEGER": "int",
          "JSON": "string", "TIMESTAMP": "string", "BLOB": "binary"}
EVENT_TYPES = {"lat": "DOUBLE", "lon": "DOUBLE", "geonameid": "BIGINT", "intensity": "DOUBLE",
               "quad_class": "INTEGER", "goldstein": "DOUBLE", "trigger_start": "INTEGER", "trigger_end": "INTEGER",
               "sentence_index": "INTEGER", "confidence": "DOUBLE", "mentions": "INTEGER"}
EXPORT_COLUMNS = [c for c in EVENT_COLUMNS if c != "record"]
EVENTS = [(c, _SPARK[EVENT_TYPES.get(c, "VARCHAR")]) for c in EXPORT_COLUMNS] + [("record", "string")]
ENTITIES = [(c, "int" if c in ("position", "start_char", "end_char") else "string") for c in ENTITY_COLUMNS]
DOCUMENTS = ([(c, "int" if c in ("chars", "n_events") else "string") for c in DOC_COLUMNS
              if c not in ("run_id", "coded_at")] + [("pointer", "string"), ("file_key", "string")])
QUARANTINE = [("pointer", "string"), ("reason", "string"), ("detail", "string"), ("raw", "string"),
              ("file_key", "string")]
DATASETS = {"events": EVENTS, "entities": ENTITIES, "documents": DOCUMENTS, "quarantine": QUARANTINE}
KINDS = {"event": "events", "entity": "entities", "document": "documents", "quarantine": "quarantine"}


def ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{c}` {t}" for c, t in columns)


def month(date) -> str:
    return str(date)[:7] if date else "unknown"


def _row(kind: str, event_month: str | None, fields: dict) -> tuple:
    body = fields.pop(BODY[kind], None) if kind in BODY else None
    return (kind, event_month, json.dumps(fields, ensure_ascii=False, default=str), body)


def result_rows(r, file_key: str | None) -> list[tuple]:
    """Staging rows of one DocResult: its document, events and entities, or its quarantine row."""
    if not r.coded:
        return [quarantine_row(r.pointer or r.id or "?", r.reason.value if r.reason else "coding", r.error or "",
                               None, file_key)]
    d = r.document
    doc_month = month(d.get("story_date"))
    out = [_row("document", doc_month, {
        "doc_id": d["doc_id"], "doc_key": r.key, "source_id": r.id, "title": d.get("title"),
        "published": d.get("published"), "story_date": d.get("story_date"), "source": d.get("source"),
        "url": d.get("url"), "dateline_place": d.get("dateline_place"), "dateline_agency": d.get("dateline_agency"),
        "chars": d.get("chars"), "status": "coded", "n_events": len(r.events), "text": r.text,
        "pointer": r.pointer, "file_key": file_key})]
    for ev in (e.to_dict() for e in r.events):
        row = dict(zip(EVENT_COLUMNS, _event_row(ev, d, r.text)))
        for c in ("date", "date_end", "published"):
            row[c] = str(row[c])[:10] if row[c] else None
        ev_month = month(row["date"])
        out.append(_row("event", ev_month, row))
        for role in ("actor", "recipient"):
            for i, e in enumerate(ev[role]):
                out.append(_row("entity", ev_month, {
                    "event_id": ev["event_id"], "role": role, "position": i, "text": e["text"],
                    "start_char": e["start"], "end_char": e["end"], "code": e["code"], "sector": e["sector"],
                    "name": e["name"], "kb_id": e["kb_id"], "why": e["why"]}))
    return out


def quarantine_row(pointer: str, reason: str, detail: str, raw: bytes | None, file_key: str | None) -> tuple:
    return _row("quarantine", None, {"pointer": pointer, "reason": reason, "detail": detail,
                                     "raw": base64.b64encode(raw).decode("ascii") if raw is not None else None,
                                     "file_key": file_key})


ROWS_PER_FILE = 500_000     # a month with more rows than this is written by several tasks, in several files


def typed(staging, kind: str):
    """The staging rows of one kind as its typed dataset (``DATASETS``), ``event_month`` last."""
    from pyspark.sql import functions as F
    cols = DATASETS[KINDS[kind]]
    body = BODY.get(kind)
    rows = staging.filter(F.col("kind") == kind).select(
        F.from_json("payload", ddl([(c, t) for c, t in cols if c != body])).alias("p"), "body", "event_month")
    out = rows.select(*[F.col("body").alias(c) if c == body else F.col(f"p.`{c}`").alias(c) for c, _ in cols],
                      "event_month")
    return out.drop("event_month").withColumn("raw", F.unbase64("raw")) if kind == "quarantine" else out


def write_outputs(staging, output: str, mode: str = "errorifexists", counts: dict | None = None) -> None:
    """Each kind of staging row to its typed Parquet dataset under ``output``.

    Rows are shuffled by month before the write, so that a month is one file, not one per coding task
    (6 tasks x 44 months made 571 small files of 600 articles, and the write took twice as long).  A month
    is split over ``ceil(rows / ROWS_PER_FILE)`` tasks (``counts``: rows per kind) so that one busy month
    is never one task's work.  The four datasets are written by concurrent jobs: each is a few short
    stages, and one job's scheduling gaps are another's working time (1,000 articles: 4.0 s -> 2.7 s)."""
    from concurrent.futures import ThreadPoolExecutor
    from pyspark.sql import functions as F

    def write(kind: str) -> None:
        name = KINDS[kind]
        target = f"{output.rstrip('/')}/{name}"
        frame = typed(staging, kind)
        if name == "quarantine":
            frame.write.mode(mode).parquet(target)
            return
        spread = -(-(counts or {}).get(kind, 0) // ROWS_PER_FILE)
        keys = [F.col("event_month")] + ([F.pmod(F.hash(F.col(frame.columns[0])), F.lit(spread))] if spread > 1 else [])
        frame.repartition(*keys).write.mode(mode).partitionBy("event_month").parquet(target)

    with ThreadPoolExecutor(len(KINDS)) as pool:
        for done in [pool.submit(write, kind) for kind in KINDS]:
            done.result()                   # the first failure is raised here, after all have ended


def path_exists(spark, path: str) -> bool:
    """Whether ``path`` exists, on whatever file system Spark reaches it through."""
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(p)
