"""The Spark runner: read -> deduplicate -> code with ``mapInPandas`` over ``process_batch`` -> Parquet.

``run(spark, INPUT, OUTPUT)`` is `eventwire spark`; ``code_dataframe(df)`` is the same for a DataFrame
of articles in a notebook.  Coding runs in the Python workers through ``batch.process_batch``, the core
every runner calls.  The spaCy model, the knowledge base and the learned layer are loaded by
``batch.coder_for`` on a worker's first batch and kept in that process: with ``spark.python.worker.reuse``
(Spark's default) a worker codes task after task with the one coder, never loading it per record or per
partition.  Each task reports its worker's pid, its coder and the seconds any load took (``RunStats``).

Inputs are deduplicated as ingest does it: of several records with one key (id, url or file), the last
in input order is kept; of several with one text (doc_id), the first.  A bad record never fails the job:
the readers and ``process_batch`` turn every failure into a quarantine row.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Iterator

import pandas as pd

from ..config import Settings
from ..records import RunCounts
from ..ingest.sources import Limits
from .writer import STAGING_SCHEMA, quarantine_row, result_rows, write_outputs

# Coding tasks per core, by default: articles differ in length, so a task takes 20 to 25 s where another
# takes 20; six small tasks per core leave less of the last wave idle than three (2,000 articles on
# local[2]: 63 s of coding against 68 s) and add well under a second of task overhead.
TASKS_PER_CORE = 6
STAGING_COLUMNS = [c.split()[0] for c in STAGING_SCHEMA.split(", ")]
_LOADS: dict[int, float] = {}       # id(coder) -> seconds its load took, in this worker process


@dataclass
class RunStats(RunCounts):
    partitions: int = 0
    startup_s: float = 0.0             # the Spark session (JVM and context)
    seconds: float = 0.0               # read, code and write, after start-up
    workers: dict = field(default_factory=dict)    # pid -> {"coders": [...], "load_s": ..., "tasks": n}
    rows: dict = field(default_factory=dict)       # staging rows by kind (document, event, entity, ...)
    warmed: list = field(default_factory=list)     # pids of the Python workers the warm-up loaded the coder into


def session(master: str | None = None, app: str = "eventwire", conf: dict | None = None):
    """A SparkSession (the active one when there is one).  Local masters run Python workers with this
    interpreter, so they see the same eventwire and model; no package is downloaded (no
    ``spark.jars.packages``)."""
    from pyspark.sql import SparkSession
    if "spark.jars.packages" in (conf or {}):
        raise ValueError("spark.jars.packages is not used: nothing may be downloaded at run time")
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(master)
    defaults = {"spark.ui.showConsoleProgress": "false", "spark.python.worker.reuse": "true",
                "spark.sql.execution.arrow.maxRecordsPerBatch": "1000",
                # news articles are files of a few KB: at the default 4 MB "cost" of opening one, 2,000
                # articles make 63 read tasks; at 64 KB, a few tasks of many files each (half the read time)
                "spark.sql.files.openCostInBytes": "65536"}
    if master and master.startswith("local"):
        # One JVM shares the cores with the Python workers that do the coding.  Its own work (listing,
        # small shuffles, Arrow, Parquet) is light, and C2's compile threads, busy through a whole cold
        # run, took CPU from the workers: C1 only cut a cold local[2] run of 2,000 articles from 89 s to 76 s
        # (the warm run: 70 s and 69 s).  Given conf overrides it.
        defaults["spark.driver.extraJavaOptions"] = "-XX:TieredStopAtLevel=1"
    for k, v in {**defaults, **(conf or {})}.items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    sc = spark.sparkContext
    if sc.master.startswith("local") and sc.pythonExec == "python3":     # PYSPARK_PYTHON unset: this interpreter
        sc.pythonExec = sys.executable
    sc.setLogLevel("ERROR")
    return spark


# ------------------------------------------------------------------ in the Python workers
def code_items(batches: Iterator[pd.DataFrame], settings: Settings) -> Iterator[pd.DataFrame]:
    """mapInPandas: items -> staging rows (documents, events, entities, quarantine) and one ``worker`` row."""
    from ..batch import coder_for
    t0 = time.perf_counter()
    coder = coder_for(settings)                       # cached per process: loaded once per worker
    if id(coder) not in _LOADS:
        _LOADS[id(coder)] = time.perf_counter() - t0
    n = {"docs": 0, "duplicates": 0, "warnings": 0}
    for pdf in batches:
        recs = pdf.to_dict("records")
        out: list[tuple] = []
        for i in range(0, len(recs), settings.batch_size):
            out.extend(_code_chunk(recs[i:i + settings.batch_size], settings, n))
        yield pd.DataFrame(out, columns=STAGING_COLUMNS)
    worker = {"pid": os.getpid(), "coder": id(coder), "load_s": _LOADS[id(coder)], **n}
    yield pd.DataFrame([("worker", None, json.dumps(worker), None)], columns=STAGING_COLUMNS)


def _load_coder(batches: Iterator[pd.DataFrame], settings: Settings) -> Iterator[pd.DataFrame]:
    """A warm-up task (mapInPandas): load the coder into this Python worker (``warm_workers``)."""
    from ..batch import coder_for
    t0 = time.perf_counter()
    coder = coder_for(settings)
    _LOADS.setdefault(id(coder), time.perf_counter() - t0)
    for _ in batches:
        pass
    yield pd.DataFrame({"pid": [os.getpid()]})


def _code_chunk(recs: list[dict], settings: Settings, n: dict) -> list[tuple]:
    from ..batch import process_batch
    out: list[tuple] = []
    arts = []
    for r in recs:
        if r["kind"] == "rejected":
            raw = r["raw"]
            out.append(quarantine_row(r["pointer"], r["reason"], r["detail"] or "",
                                      bytes(raw) if raw is not None else None, r["file_key"]))
        elif r.get("dup"):
            n["duplicates"] += 1
        else:
            n["warnings"] += len(r["warnings"] if r["warnings"] is not None else [])
            arts.append(r)
    if not arts:
        return out
    records = [{"id": r["rid"], "text": r["text"], "published": r["published"], "title": r["title"],
                "url": r["url"], "source": r["source"], "key": r["key"], "pointer": r["pointer"]} for r in arts]
    try:
        results = process_batch(records, settings)
        for res, r in zip(results, arts):
            out.extend(result_rows(res, r["file_key"]))
            n["docs"] += 1
    except Exception as exc:  # noqa: BLE001 - process_batch never raises; this guards the conversion
        for r in arts:
            out.append(quarantine_row(r["pointer"], "coding", f"{type(exc).__name__}: {exc}", None, r["file_key"]))
    return out


# ------------------------------------------------------------------ on the driver
def warm_workers(spark, settings: Settings):
    """Start one task per core that loads the coder, in a thread of the driver, and return the thread.

    A cold run spends its first seconds in the driver (listing the input, planning and compiling the
    query in a fresh JVM) while the cores are idle; the Python workers then start, import and load the
    model only when the read and coding tasks reach them.  Loading the coder meanwhile overlaps the two,
    and with ``spark.python.worker.reuse`` the read and coding tasks then find workers whose coder is
    loaded (a ``mapInPandas`` job, as theirs are: an RDD job's Python workers are another pool).  It is a
    best effort: a failure here is left for the coding tasks to report."""
    import threading
    n = spark.sparkContext.defaultParallelism

    def warm() -> None:
        try:
            rows = spark.range(0, n, 1, n).mapInPandas(partial(_load_coder, settings=settings), "pid long").collect()
            thread.pids = sorted(r["pid"] for r in rows)
        except Exception as exc:  # noqa: BLE001 - the coding tasks load the coder again and report what fails
            thread.error = f"{type(exc).__name__}: {exc}"

    thread = threading.Thread(target=warm, name="eventwire-warm-workers", daemon=True)
    thread.pids, thread.error = [], None        # what the warm-up did: its workers' pids, or why it failed
    thread.start()
    return thread


def deduplicate(items):
    """Mark the articles ingest would skip: all but the last of one key, then all but the first of one text."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    art = F.col("kind") == "article"
    alone = F.concat(F.lit("\u0000"), F.col("pointer"), F.lit("\u0000"), F.coalesce(F.col("reason"), F.lit("")))
    by_key = Window.partitionBy(F.when(art, F.col("key")).otherwise(alone)).orderBy(
        F.col("order_file").desc(), F.col("order_pos").desc())
    items = items.withColumn("_k", F.row_number().over(by_key))
    by_text = Window.partitionBy(F.when(art & (F.col("_k") == 1), F.col("doc_id")).otherwise(
        F.concat(alone, F.lit("\u0000"), F.col("_k").cast("string")))).orderBy("order_file", "order_pos")
    items = items.withColumn("_d", F.row_number().over(by_text))
    return items.withColumn("dup", art & ((F.col("_k") > 1) | (F.col("_d") > 1))).drop("_k", "_d")


def code_items_frame(items, settings: Settings | None = None, partitions: int | None = None, dedup: bool = True):
    """The staging DataFrame (``STAGING_SCHEMA``) of a DataFrame of items."""
    settings = settings or Settings.from_env()
    spark = items.sparkSession
    if dedup:
        items = deduplicate(items)
    else:
        from pyspark.sql import functions as F
        items = items.withColumn("dup", F.lit(False))
    n = partitions or max(2, TASKS_PER_CORE * spark.sparkContext.defaultParallelism)
    return items.repartition(n).mapInPandas(partial(code_items, settings=settings), STAGING_SCHEMA)


def code_dataframe(df, settings: Settings | None = None, mapping: dict | None = None, partitions: int | None = None,
                   limits: Limits | None = None, published: str | None = None) -> dict:
    """Code a DataFrame of articles (columns ``id``, ``text``, ``published``, ``title``, ``url``, ``source``,
    or the names ``mapping`` gives): the datasets' DataFrames by name (events, entities, documents,
    quarantine), computed once and cached.  For a notebook: ``code_dataframe(spark.read.json(...))``."""
    from pyspark import StorageLevel
    from .reader import items_from_dataframe
    from .writer import KINDS, typed
    items = items_from_dataframe(df, limits or Limits(), mapping, published)
    staging = code_items_frame(items, settings, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    return {name: typed(staging, kind) for kind, name in KINDS.items()}


def run(spark, source: str, output: str, fmt: str = "text", settings: Settings | None = None,
        partitions: int | None = None, mapping: dict | None = None, limits: Limits | None = None,
        published: str | None = None, force: bool = False, dedup: bool = True, warm: bool = True) -> RunStats:
    """`eventwire spark`: code everything under ``source`` into the Parquet datasets under ``output``
    (``warm``: load the coder into the Python workers while the driver plans, ``warm_workers``)."""
    from pyspark import StorageLevel
    from .reader import read_items
    from .writer import path_exists
    settings = settings or Settings.from_env()
    limits = limits or Limits(max_chars=settings.max_chars)
    if not force and path_exists(spark, output):
        raise FileExistsError(f"{output} exists: give --force to replace it")
    t0 = time.time()
    warming = warm_workers(spark, settings) if warm else None
    items = read_items(spark, source, fmt, limits, mapping, published)
    staging = code_items_frame(items, settings, partitions, dedup).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        stats = _stats(staging)
        if warming is not None:
            warming.join()
            stats.warmed = warming.pids
        write_outputs(staging, output, "overwrite" if force else "errorifexists", stats.rows)
        stats.seconds = time.time() - t0
        _write_run(spark, output, settings, stats, source, fmt)
    finally:
        staging.unpersist()
    return stats


def _stats(staging) -> RunStats:
    """Counts from the staging rows (this computes them: the coding job runs here)."""
    from pyspark.sql import functions as F
    s = RunStats()
    counts = s.rows = {r["kind"]: r["count"] for r in staging.groupBy("kind").count().collect()}
    s.coded = counts.get("document", 0)
    s.events = counts.get("event", 0)
    s.quarantined = counts.get("quarantine", 0)
    for r in staging.filter(F.col("kind") == "quarantine").select(
            F.get_json_object("payload", "$.reason").alias("reason")).groupBy("reason").count().collect():
        s.reasons[r["reason"]] = r["count"]
    for r in staging.filter(F.col("kind") == "worker").select("payload").collect():
        w = json.loads(r["payload"])
        s.partitions += 1
        s.duplicates += w["duplicates"]
        s.warnings += w["warnings"]
        seen = s.workers.setdefault(str(w["pid"]), {"coders": [], "load_s": 0.0, "tasks": 0})
        if w["coder"] not in seen["coders"]:
            seen["coders"].append(w["coder"])
        seen["load_s"] = max(seen["load_s"], w["load_s"])
        seen["tasks"] += 1
    s.read = s.coded + s.quarantined + s.duplicates
    return s


def _write_run(spark, output: str, settings: Settings, stats: RunStats, source: str, fmt: str) -> None:
    from ..pipeline import VERSION
    doc = {"version": VERSION, "model": settings.model, "settings": json.dumps(dataclasses.asdict(settings), default=str),
           "command": f"spark {source} --format {fmt}", "stats": json.dumps(dataclasses.asdict(stats), default=str)}
    spark.createDataFrame([doc]).coalesce(1).write.mode("overwrite").json(f"{output.rstrip('/')}/run")
