"""The Spark runner on local[2] (Java 17): the same rows as ingest, the export's schema, quarantine, one model
load per Python worker, clustering over blocks, the notebook function and spark-submit.

One SparkSession for the module; the inputs are the clustering test corpus (24 articles) and a few
JSON Lines records.
"""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pyspark = pytest.importorskip("pyspark")

from eventwire.cli import main as cli_main  # noqa: E402
from eventwire.config import Settings  # noqa: E402
from eventwire.runner import ingest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = "tests/data/cluster"           # relative, as a user types it: pointers keep the form given


@pytest.fixture(scope="module")
def spark():
    from eventwire.spark.runner import session
    s = session("local[2]", conf={"spark.sql.shuffle.partitions": "4"})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ingest") / "ingest.duckdb")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        ingest([CORPUS], db, workers=1, progress="none", log=lambda m: None)
    finally:
        os.chdir(cwd)
    return db


@pytest.fixture(scope="module")
def coded(spark, tmp_path_factory):
    from eventwire.spark.runner import run
    out = str(tmp_path_factory.mktemp("spark") / "out")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        stats = run(spark, CORPUS, out, partitions=3)
    finally:
        os.chdir(cwd)
    return out, stats


def _rows(db, table, exclude=()):
    con = duckdb.connect(db, read_only=True)
    try:
        ex = f" EXCLUDE ({', '.join(exclude)})" if exclude else ""
        return con.execute(f"SELECT *{ex} FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


TABLES = {"documents": ("run_id", "coded_at"), "events": (), "entities": (), "quarantine": ("run_id", "quarantined_at")}


def test_spark_output_loaded_gives_the_rows_ingest_writes(ingested, coded, tmp_path):
    from eventwire.spark.loader import load_output
    out, stats = coded
    assert stats.coded == 24 and stats.events > 50
    db = str(tmp_path / "spark.duckdb")
    load_output(out, db)
    for table, exclude in TABLES.items():
        want = _rows(ingested, table, exclude)
        got = _rows(db, table, exclude)
        assert len(got) == len(want) > 0, table
        assert got == want, table
    again = load_output(out, db)                       # idempotent: the same rows, nothing doubled
    assert again.documents == 24
    for table, exclude in TABLES.items():
        assert _rows(db, table, exclude) == _rows(ingested, table, exclude), table


def test_events_dataset_has_the_parquet_export_schema_by_month(ingested, coded, tmp_path):
    import pyarrow.dataset as ds
    from eventwire.store.export import export
    out, _ = coded
    con = duckdb.connect(ingested, read_only=True)
    export(con, "parquet", str(tmp_path / "export.parquet"))
    con.close()
    want = ds.dataset(str(tmp_path / "export.parquet")).schema
    got = ds.dataset(os.path.join(out, "events"), partitioning="hive").schema
    names = [n for n in want.names if n != "cluster_id"]
    assert got.names[:len(names)] == names and got.names[len(names):] == ["record", "event_month"]
    for n in names:
        if str(want.field(n).type) != "null":           # a column that is empty everywhere has no type there
            assert got.field(n).type == want.field(n).type, n
    months = sorted(p.name for p in Path(out, "events").iterdir() if p.is_dir())
    assert months and all(m.startswith("event_month=20") or m == "event_month=unknown" for m in months)
    table = ds.dataset(os.path.join(out, "events"), partitioning="hive").to_table(columns=["date", "event_month"])
    assert all((d[:7] if d else "unknown") == m for d, m in zip(table["date"].to_pylist(), table["event_month"].to_pylist()))


def test_model_is_loaded_once_per_python_worker(coded):
    _, stats = coded
    assert stats.partitions == 3 and 1 <= len(stats.workers) <= 2
    assert sum(w["tasks"] for w in stats.workers.values()) == 3
    assert all(len(w["coders"]) == 1 for w in stats.workers.values())       # one coder per worker, reused
    assert any(w["tasks"] > 1 for w in stats.workers.values())              # a worker coded several tasks
    # the warm-up loaded the coder into the workers that then coded (local[2]: two slots, two workers)
    assert len(stats.warmed) == 2 and set(stats.workers) <= {str(p) for p in stats.warmed}


JSONL = [b'{"id": "a1", "text": "Russian forces shelled Kharkiv on Tuesday, Ukrainian officials said.", '
         b'"published": "2026-04-02", "source": "Wire"}',
         b'{"id": "a2", "text": "not valid json',
         b'["a", "list"]',
         b'',
         b'{"id": "a3", "title": "no text here"}',
         b'{"id": "a4", "text": "caf\xe9 \xff\xfe\xfd broken bytes \x80\x81 in a line"}',
         b'{"text": "Japan and South Korea held talks in Tokyo on Monday.", "published": "2026-02-23"}',
         b'{"id": "a1", "text": "Chinese police detained protesters in Beijing on Friday.", "published": "2026-04-03"}',
         b'{"id": "a5", "text": "Japan and South Korea held talks in Tokyo on Monday.", "published": "2026-02-23"}']


def test_jsonl_bad_records_are_quarantined_as_ingest_does_and_never_fail_the_job(spark, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "dump.jsonl").write_bytes(b"\n".join(JSONL) + b"\n")
    out = str(tmp_path / "out")
    assert cli_main(["spark", str(src), out, "--format", "jsonl", "--partitions", "2", "--master", "local[2]"]) == 0
    db = str(tmp_path / "spark.duckdb")
    assert cli_main(["load", out, "--db", db, "--no-cluster"]) == 0
    want_db = str(tmp_path / "ingest.duckdb")
    ingest([str(src)], want_db, workers=1, progress="none", log=lambda m: None)
    q = _rows(db, "quarantine", TABLES["quarantine"])
    assert {(r[0].rsplit("/", 1)[-1], r[1]) for r in q} >= {("dump.jsonl:2", "json"), ("dump.jsonl:3", "json"),
                                                           ("dump.jsonl:5", "missing_text")}
    for table, exclude in TABLES.items():
        assert _rows(db, table, exclude) == _rows(want_db, table, exclude), table
    docs = _rows(db, "documents", TABLES["documents"])
    ids = {r[2] for r in docs}                                  # source_id
    assert "a1" in ids and "a5" not in ids           # a1 twice: the later is kept; a5 repeats line 7's text
    texts = {r[-1] for r in docs}
    assert any(t.startswith("Chinese police") for t in texts) and not any(t.startswith("Russian") for t in texts)
    assert "2 duplicates" in capsys.readouterr().err


def test_spark_clustering_over_blocks_equals_the_store_clustering(spark, ingested, coded, tmp_path):
    from eventwire.analysis.cluster import cluster_store
    from eventwire.spark.cluster import cluster_output
    out, _ = coded
    db = str(tmp_path / "c.duckdb")
    shutil.copy(ingested, db)
    con = duckdb.connect(db)
    cluster_store(con)
    want = dict(con.execute("SELECT event_id, cluster_id FROM events WHERE cluster_id IS NOT NULL").fetchall())
    con.close()
    n = cluster_output(spark, out)
    got = {r["event_id"]: r["cluster_id"] for r in spark.read.parquet(os.path.join(out, "clusters")).collect()}
    assert got == want and n == len(set(want.values())) < len(want)


def test_code_dataframe_in_a_notebook_with_the_learned_layer_off(spark):
    from eventwire.batch import process_batch
    from eventwire.spark.runner import code_dataframe
    settings = Settings.from_env(environ={"EVENTWIRE_LEARNED_ENABLED": "0"})
    assert settings.learned.enabled is False
    rows = [{"id": "n1", "text": "Russian forces shelled Kharkiv on Tuesday, Ukrainian officials said.",
             "published": "2026-04-02"},
            {"id": "n2", "text": "", "published": "2026-04-02"}]
    out = code_dataframe(spark.createDataFrame(rows), settings=settings, partitions=1)
    events = out["events"].collect()
    assert {r["doc_id"] for r in events} == {out["documents"].collect()[0]["doc_id"]}
    want = process_batch([rows[0]], settings)[0].events
    assert sorted(json.loads(r["record"])["event_id"] for r in events) == sorted(e.event_id for e in want)
    assert [(r["pointer"], r["reason"]) for r in out["quarantine"].collect()] == [("n2", "missing_text")]
    assert dataclasses.asdict(settings)["learned"]["enabled"] is False


def test_spark_submit_runs_the_packaged_entry_point(tmp_path):
    """The documented spark-submit line, on local[2], over two articles."""
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(Path(ROOT, CORPUS).glob("2026-04-02-*.txt"))[:2]:
        shutil.copy(f, src)
    out = tmp_path / "out"
    submit = Path(sys.executable).with_name("spark-submit")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK_", "SPARK_"))}   # not this JVM's
    env.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    entry = tmp_path / "run_eventwire.py"                 # the driver script of docs/readme-parts/spark.md
    entry.write_text("import sys\nfrom eventwire.spark.command import main\nsys.exit(main())\n")
    r = subprocess.run([str(submit), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false",
                        str(entry), str(src), str(out), "--partitions", "2"],
                       capture_output=True, text=True, env=env, timeout=600)
    said = r.stdout + r.stderr                            # spark-submit passes the driver's stderr on stdout
    assert r.returncode == 0, said[-3000:]
    assert "2 documents coded" in said and "0 quarantined" in said
    assert list(Path(out, "events").glob("event_month=2026-04/*.parquet"))


def test_a_month_is_one_file_unless_it_is_busy(spark, tmp_path, monkeypatch):
    """The writer shuffles rows by month (one file a month, not one per coding task); a month with more
    than ROWS_PER_FILE rows is spread over several, and no row is lost or doubled."""
    import pyarrow.dataset as ds
    from eventwire.spark import writer
    rows = [("event", "2026-01" if i < 12 else "2026-02", json.dumps({"event_id": f"e{i}", "doc_id": f"d{i % 5}"}),
             json.dumps({"event_id": f"e{i}"})) for i in range(15)]
    staging = spark.createDataFrame(rows, writer.STAGING_SCHEMA).repartition(5)

    def files(out):
        return {m: len(list(Path(out, "events", f"event_month={m}").glob("*.parquet"))) for m in ("2026-01", "2026-02")}

    writer.write_outputs(staging, str(tmp_path / "plain"), counts={"event": 15})
    assert files(tmp_path / "plain") == {"2026-01": 1, "2026-02": 1}
    monkeypatch.setattr(writer, "ROWS_PER_FILE", 4)
    # adaptive execution merges small shuffle partitions (a real busy month's are not small)
    spark.conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    try:
        writer.write_outputs(staging, str(tmp_path / "spread"), counts={"event": 15})
    finally:
        spark.conf.unset("spark.sql.adaptive.coalescePartitions.enabled")
    got = files(tmp_path / "spread")
    assert got["2026-01"] > 1
    ids = ds.dataset(str(tmp_path / "spread" / "events"), partitioning="hive").to_table(columns=["event_id"])
    assert sorted(ids["event_id"].to_pylist()) == sorted(f"e{i}" for i in range(15))
    records = ds.dataset(str(tmp_path / "spread" / "events"), partitioning="hive").to_table(columns=["event_id", "record"])
    assert all(json.loads(r)["event_id"] == e for e, r in zip(records["event_id"].to_pylist(),
                                                              records["record"].to_pylist()))
