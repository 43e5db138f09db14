"""Corpus ingest: readers, idempotent re-ingest, edits, quarantine reasons, exports, kill -9 and resume."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from eventwire.ingest.sources import Limits, Rejected, iter_items
from eventwire.runner import ingest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

STORY = ("Japan protests\n\nTOKYO, Nov. 20 (Test Wire) -- Chinese Foreign Minister Wang Yi accused Japan on "
         "Thursday of interfering in China's internal affairs, and Beijing lodged a formal protest with Tokyo.")
HTML = """<html><head><title>Talks in Nara</title>
<meta property="article:published_time" content="2026-01-13"></head>
<body><article><h1>Leaders meet in Nara</h1>
<p>South Korean President Lee Jae Myung met Japanese Prime Minister Sanae Takaichi in Nara on Tuesday,
the two governments said in a joint statement released after the talks.</p>
<p>The leaders agreed to hold regular summits and to expand security cooperation.</p></article></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Talks in Doha</title><link>http://example.org/1</link><guid>rss-1</guid>
<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Qatari mediators met Egyptian officials in Doha on Tuesday to discuss a Gaza ceasefire.&lt;/p&gt;</description>
</item></channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Sanctions on Iran</title><id>atom-1</id><link href="http://example.org/a1"/>
<published>2025-06-02T08:00:00Z</published>
<summary>The European Union imposed new sanctions on Iran on Monday over its drone deliveries to Russia.</summary>
</entry></feed>"""


def _corpus(tmp: Path) -> Path:
    src = tmp / "corpus"
    src.mkdir()
    (src / "2025-11-20-japan.txt").write_text(STORY, encoding="utf-8")
    (src / "nara.html").write_text(HTML, encoding="utf-8")
    (src / "feed.rss").write_text(RSS, encoding="utf-8")
    (src / "feed.atom").write_text(ATOM, encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": "Kenyan police arrested 12 opposition activists in Nairobi on Monday.",
                         "published": "2025-03-03"}),
             "{broken json",
             json.dumps({"id": "j2", "body": "Russian forces shelled Kharkiv overnight, Ukrainian officials said.",
                         "date": "2025-03-04"})]
    (src / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": "Turkish troops attacked Kurdish militants in northern Iraq on Friday.",
                             "published": "2025-04-04"}) + "\n")
    (src / "rows.csv").write_text('id,text,published\nc1,"France and Germany signed a defence pact in Berlin on '
                                  'Friday.",2025-05-02\n', encoding="utf-8")
    return src


def _bad_inputs(tmp: Path) -> Path:
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    # Latin-1 English: decoded with a warning, then coded
    (bad / "latin1.txt").write_bytes(("Caf\xe9 talks\n\nThe Malian government accused French officials on Monday of "
                                      "interfering in its affairs, the ministry said in a statement read on "
                                      "state television in Bamako, calling the remarks unacceptable.").encode("latin-1"))
    # bytes no encoding explains
    (bad / "garbled.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 400)
    (bad / "spanish.txt").write_text("El presidente de Colombia se reunió el martes con su homólogo de Brasil en "
                                     "Bogotá para hablar de la seguridad en la frontera y de la lucha contra el "
                                     "narcotráfico, según informó la cancillería en un comunicado.", encoding="utf-8")
    (bad / "lines.jsonl").write_text('{"id": "ok1", "text": "Indian police detained 40 protesters in Delhi on '
                                     'Sunday."}\n{not json\n[1, 2]\n{"id": "nt"}\n', encoding="utf-8")
    return bad


# ------------------------------------------------------------------ readers
def test_every_reader_yields_articles(tmp_path):
    items = list(iter_items([str(_corpus(tmp_path))]))
    arts = [i for i in items if not isinstance(i, Rejected)]
    rej = [i for i in items if isinstance(i, Rejected)]
    by_ptr = {a.pointer.split("/")[-1]: a.record for a in arts}
    assert by_ptr["2025-11-20-japan.txt"]["published"] == "2025-11-20"
    html = by_ptr["nara.html"]
    assert "Lee Jae Myung met" in html["text"] and html["published"] == "2026-01-13"
    assert by_ptr["feed.rss#item1"]["published"] == "2025-03-04" and by_ptr["feed.rss#item1"]["url"] == "http://example.org/1"
    assert "Qatari mediators" in by_ptr["feed.rss#item1"]["text"] and "<p>" not in by_ptr["feed.rss#item1"]["text"]
    assert by_ptr["feed.atom#entry1"]["published"] == "2025-06-02"
    assert by_ptr["wire.jsonl:1"]["id"] == "j1"
    assert by_ptr["wire.jsonl:3"]["published"] == "2025-03-04"        # 'body' and 'date' found by alias
    assert by_ptr["more.jsonl.gz:1"]["id"] == "g1"
    assert [r.reason for r in rej] == ["json"] and rej[0].pointer.endswith("wire.jsonl:2")


def test_csv_column_mapping(tmp_path):
    src = tmp_path
    (src / "rows.csv").write_text('story_id,storytext,day\nc1,"France and Germany signed a defence pact in Berlin on '
                                  'Friday.",2025-05-02\n', encoding="utf-8")
    mapping = {"id": "story_id", "text": "storytext", "published": "day"}
    arts = [i for i in iter_items([str(src / "rows.csv")], mapping) if not isinstance(i, Rejected)]
    assert len(arts) == 1
    assert arts[0].record["id"] == "c1" and arts[0].record["published"] == "2025-05-02"
    # without the mapping the rows have no text column: quarantined, not lost
    rej = list(iter_items([str(src / "rows.csv")]))
    assert isinstance(rej[0], Rejected) and rej[0].reason == "missing_text"


def test_quarantine_reasons(tmp_path):
    bad = _bad_inputs(tmp_path)
    huge = bad / "huge.txt"
    huge.write_bytes(b"Protesters marched in Paris. " * 1_800_000)        # about 50 MB
    items = list(iter_items([str(bad)], limits=Limits()))
    reasons = {Path(i.pointer.split(":")[0]).name + (":" + i.pointer.split(":")[-1] if ".jsonl:" in i.pointer else ""):
               i.reason for i in items if isinstance(i, Rejected)}
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"] == "binary"
    assert reasons["garbled.txt"] == "encoding"
    assert reasons["spanish.txt"] == "language"
    assert reasons["huge.txt"] == "too_large"
    assert reasons["lines.jsonl:2"] == "json" and reasons["lines.jsonl:3"] == "json"
    assert reasons["lines.jsonl:4"] == "missing_text"
    decoded = [i for i in items if not isinstance(i, Rejected) and i.pointer.endswith("latin1.txt")]
    assert decoded and "Café" in decoded[0].record["text"] and any("decoded as" in w for w in decoded[0].warnings)
    # byte-exact copies of small rejected inputs
    binary = next(i for i in items if isinstance(i, Rejected) and i.reason == "binary")
    assert binary.raw == (bad / "binary.txt").read_bytes()


# ------------------------------------------------------------------ store
def test_ingest_is_idempotent_and_replaces_edits(tmp_path):
    src = _corpus(tmp_path)
    db = str(tmp_path / "ew.duckdb")
    first = ingest([str(src)], db, workers=1, progress="none")
    assert first.coded == 8 and first.quarantined == 1 and first.events > 0
    again = ingest([str(src)], db, workers=1, progress="none")
    assert again.coded == 0 and again.duplicates == 8
    con = duckdb.connect(db, read_only=True)
    n_docs, n_events = con.execute("SELECT count(*), sum(n_events) FROM documents").fetchone()
    assert n_docs == 8 and n_events == con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 1      # not duplicated either
    old_ids = {r[0] for r in con.execute("SELECT event_id FROM events e JOIN documents d USING (doc_id) "
                                         "WHERE d.doc_key = 'id:j1'").fetchall()}
    con.close()
    assert old_ids
    # an edited article (same id, new text) replaces its own events
    lines = (src / "wire.jsonl").read_text().splitlines()
    lines[0] = json.dumps({"id": "j1", "text": "Kenyan police arrested 15 opposition activists in Mombasa on Monday.",
                           "published": "2025-03-03"})
    (src / "wire.jsonl").write_text("\n".join(lines) + "\n")
    edit = ingest([str(src)], db, workers=1, progress="none")
    assert edit.coded == 1
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE doc_key = 'id:j1'").fetchone()[0] == 1
    new_ids = {r[0] for r in con.execute("SELECT event_id FROM events e JOIN documents d USING (doc_id) "
                                         "WHERE d.doc_key = 'id:j1'").fetchall()}
    assert new_ids and not (new_ids & old_ids)
    assert con.execute("SELECT count(*) FROM events WHERE event_id IN (SELECT unnest(?))", [list(old_ids)]).fetchone()[0] == 0
    con.close()


def test_quarantine_list_cli(tmp_path):
    bad = _bad_inputs(tmp_path)
    db = str(tmp_path / "q.duckdb")
    stats = ingest([str(bad)], db, workers=1, progress="none")
    assert stats.coded == 2               # latin1.txt decoded, lines.jsonl:1
    r = subprocess.run([sys.executable, "-m", "eventwire.cli", "quarantine", "list", "--db", db],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for reason in ("empty", "binary", "encoding", "language", "json", "missing_text"):
        assert f"\t{reason}\t" in r.stdout, (reason, r.stdout)


# ------------------------------------------------------------------ exports
@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("exp") / "ex.duckdb")
    ingest([str(EXAMPLES)], db, workers=1, progress="none")
    return db


def _export(db, fmt, out, *extra):
    r = subprocess.run([sys.executable, "-m", "eventwire.cli", "export", "--db", db, "--format", fmt, str(out), *extra],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r


def test_export_parquet_reads_in_pandas_and_duckdb(example_db, tmp_path):
    out = tmp_path / "ev.parquet"
    _export(example_db, "parquet", out)
    df = pd.read_parquet(out)
    con = duckdb.connect(example_db, read_only=True)
    expected = con.execute("SELECT count(*) FROM events WHERE aux IS NULL OR aux <> 'negated'").fetchone()[0]
    con.close()
    assert len(df) == expected and {"event_id", "event_type", "actor_codes", "lat", "goldstein"} <= set(df.columns)
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0] == expected


def test_export_filters_and_formats(example_db, tmp_path):
    out = tmp_path / "kor.jsonl"
    _export(example_db, "jsonl", out, "--country", "KOR", "--since", "2026-01-01", "--type", "CONSULT")
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert recs
    for r in recs:
        assert r["event_type"] == "CONSULT" and r["date"] >= "2026-01-01"
        assert "KOR" in {e["code"] for e in r["actor"] + r["recipient"]}
    pol = tmp_path / "p.tsv"
    _export(example_db, "polecat", pol)
    pdf = pd.read_csv(pol, sep="\t")
    assert {"Event ID", "Event Date", "Event Type", "Actor Country", "Recipient Country", "Latitude"} <= set(pdf.columns)
    gd = tmp_path / "g.tsv"
    _export(example_db, "gdelt", gd)
    gdf = pd.read_csv(gd, sep="\t", dtype={"EventCode": str})
    assert {"GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "GoldsteinScale", "QuadClass",
            "ActionGeo_Lat", "ActionGeo_Long"} <= set(gdf.columns)
    # one row per actor-recipient pair: at least as many rows as events
    assert len(gdf) >= len(pdf)
    assert gdf["QuadClass"].isin([1, 2, 3, 4]).all()
    csv_out = tmp_path / "e.csv"
    _export(example_db, "csv", csv_out)
    assert len(pd.read_csv(csv_out)) == len(pdf)


# ------------------------------------------------------------------ crash safety
def test_kill_9_and_resume(tmp_path):
    """Kill a real ingest with SIGKILL mid-run, rerun the same command: nothing lost, nothing twice."""
    src = tmp_path / "src"
    src.mkdir()
    n = 0
    for f in sorted(EXAMPLES.glob("*.txt")):
        for k in range(2):       # two editions of each story, from two outlets: distinct documents
            body = f.read_text(encoding="utf-8")
            (src / f"{f.stem}-{k}.txt").write_text(body + f"\n\n(Edition {k}.)\n", encoding="utf-8")
            n += 1
    db = tmp_path / "crash.duckdb"
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", str(src), "--db", str(db), "--workers", "1",
           "--batch-size", "4", "--progress", "plain"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    committed = 0
    deadline = time.time() + 300
    for line in proc.stderr:
        if line.startswith("committed "):
            committed = int(line.split()[1])
            if committed >= 12:
                break
        if time.time() > deadline:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 12 <= committed < n, "the kill must land in the middle of the run"
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(db), read_only=True)
    docs = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
    evs = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    per_doc = con.execute("SELECT sum(n_events) FROM documents").fetchone()[0]
    ents = con.execute("SELECT count(*) FROM entities WHERE event_id NOT IN (SELECT event_id FROM events)").fetchone()[0]
    con.close()
    assert docs == (n, n)
    assert evs[0] == evs[1] == per_doc
    assert ents == 0
    # the resumed database equals an uninterrupted run
    clean = tmp_path / "clean.duckdb"
    ingest([str(src)], str(clean), workers=1, progress="none")
    a = duckdb.connect(str(db), read_only=True)
    b = duckdb.connect(str(clean), read_only=True)
    ids_a = {r[0] for r in a.execute("SELECT event_id FROM events").fetchall()}
    ids_b = {r[0] for r in b.execute("SELECT event_id FROM events").fetchall()}
    assert ids_a == ids_b


def test_dedup_export_gives_one_row_per_clustered_event(example_db, tmp_path):
    from eventwire.analysis import cluster_store
    con = duckdb.connect(example_db)
    counts = cluster_store(con)
    con.close()
    out = tmp_path / "events.parquet"
    _export(example_db, "parquet", out, "--dedup")
    df = pd.read_parquet(out)
    assert len(df) <= counts["events"] and df["event_id"].is_unique
    assert (df["num_mentions"] >= 1).all() and "num_sources" in df.columns
