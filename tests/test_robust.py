"""Issue 11: eventwire tried as an adversarial user would try it.  One regression test (or more) per item;
items 2, 4, 5, 8 and 11 of the readers are in test_readers.py, item 3 in test_robust_timeout.py."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire import cli
from eventwire.runner import ingest

ROOT = Path(__file__).resolve().parents[1]
FIXED = settings(derandomize=True, database=None, deadline=None, max_examples=25,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
A1 = "Russian forces shelled Kharkiv on Monday, Ukrainian officials said."
A2 = "Egypt condemned the Israeli air strike on Gaza on Tuesday."
A3 = "South Korean President Lee Jae Myung met Japanese Prime Minister Sanae Takaichi in Nara on Tuesday."
A4 = "Kenya recalled its ambassador from Tanzania on Wednesday after a border dispute."


def main(capsys, *argv):
    """Run the CLI in this process; (exit code, stdout, stderr)."""
    rc = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def q(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """Four short articles, ingested and clustered."""
    d = tmp_path_factory.mktemp("small")
    src = d / "src"
    src.mkdir()
    for i, t in enumerate((A1, A2, A3, A4)):
        (src / f"2026-01-1{i}-a{i}.txt").write_text(t)
    db = d / "small.duckdb"
    ingest([str(src)], str(db), workers=1, progress="none")
    from eventwire.analysis import cluster_store
    con = duckdb.connect(str(db))
    cluster_store(con)
    con.close()
    return db


# ------------------------------------------------------------------ item 1
def test_undecodable_file_name_does_not_crash_ingest(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / os.fsdecode(b"bad\xffname.txt")).write_text(A1)
    (src / os.fsdecode(b"bin\xfe.txt")).write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "n.duckdb"
    rc, _, err = main(capsys, "ingest", src, "--db", db, "--workers", 1, "--progress", "plain")
    assert rc == 0, err
    assert q(db, "SELECT doc_key FROM documents") == [(str(src / "bad") + "\\xffname.txt",)]
    assert q(db, "SELECT pointer, reason FROM quarantine") == [(str(src / "bin") + "\\xfe.txt", "binary")]
    rc, _, err = main(capsys, "ingest", src, "--db", db, "--workers", 1, "--progress", "plain")
    assert rc == 0 and "coded 0" in err + _


# ------------------------------------------------------------------ item 2
def test_lone_surrogate_in_jsonl_does_not_crash_ingest(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text(json.dumps({"id": "s1", "text": A1 + " \ud800"}) + "\n" + json.dumps({"id": "s2", "text": A2}) + "\n")
    stats = ingest([str(p)], str(tmp_path / "s.duckdb"), workers=1, progress="none")
    assert stats.coded == 2 and stats.quarantined == 0


@FIXED
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["\ud800", "\udcff", "\udbff\udfff", A1, A2])),
                max_size=6).map("".join))
def test_property_code_text_answers_any_text(text):
    """`code_text("\\ud800")` raised UnicodeEncodeError; every span must point into the text as given."""
    from eventwire import code_text
    for ev in code_text(text, published="2026-01-13"):
        t = ev.trigger
        assert 0 <= t["start"] <= t["end"] <= len(text)
        assert text[t["start"]:t["end"]].replace("\ufffd", "?") == t["text"].replace("\ufffd", "?") or \
            any("\ud800" <= c <= "\udfff" for c in text[t["start"]:t["end"]])
        json.dumps(ev.to_dict(), ensure_ascii=False).encode("utf-8")


# ------------------------------------------------------------------ item 6
def test_identity_does_not_depend_on_how_the_path_is_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(A1)
    db = str(tmp_path / "p.duckdb")
    ingest(["c"], db, workers=1, progress="none")
    (tmp_path / "c" / "x.txt").write_text(A2)                      # an edit
    ingest([str(tmp_path / "c")], db, workers=1, progress="none")  # typed as $PWD/c
    assert q(db, "SELECT count(*) FROM documents") == [(1,)]
    assert "Egypt" in q(db, "SELECT text FROM documents")[0][0]


@pytest.mark.parametrize("batch_size", [1, 64])
def test_duplicate_id_in_one_input_last_wins_whatever_the_batch_size(tmp_path, batch_size, capsys):
    p = tmp_path / "dup.jsonl"
    p.write_text("\n".join(json.dumps({"id": "same", "text": t}) for t in (A1, A3, A2)) + "\n")
    db = tmp_path / "d.duckdb"
    rc, out, err = main(capsys, "ingest", p, "--db", db, "--batch-size", batch_size, "--workers", 1,
                        "--progress", "plain", "--no-cluster")
    assert rc == 0, err
    assert q(db, "SELECT doc_key, text FROM documents") == [("id:same", A2)]
    assert err.count("id 'same' comes again later") == 2
    rc, out, err = main(capsys, "ingest", p, "--db", db, "--batch-size", batch_size, "--workers", 1,
                        "--progress", "plain", "--no-cluster")
    assert "coded 0" in out and q(db, "SELECT text FROM documents") == [(A2,)]


# ------------------------------------------------------------------ item 7
def test_clustering_is_resumed_by_the_same_command(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    for i, t in enumerate((A1, A2, A3)):
        (src / f"a{i}.txt").write_text(t)
    db = tmp_path / "k.duckdb"
    # the state a kill leaves between the last commit and the end of clustering: all committed, none clustered
    ingest([str(src)], str(db), workers=1, progress="none")
    rc, out, err = main(capsys, "ingest", src, "--db", db, "--workers", 1, "--progress", "none")
    assert rc == 0 and "coded 0" in out
    assert "clustered" in err
    from eventwire.analysis.cluster import unclustered
    con = duckdb.connect(str(db), read_only=True)
    assert unclustered(con) == 0 and con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL "
                                                 "AND (aux IS NULL OR aux <> 'negated')").fetchone() == (0,)
    con.close()


def test_analysis_over_unclustered_mentions_says_so(small_db, tmp_path, capsys):
    import shutil
    from eventwire.analysis import dyad
    from eventwire.analysis.queries import UnclusteredWarning
    db = tmp_path / "stale.duckdb"
    shutil.copy(small_db, db)
    ingest([str(_one(tmp_path, A4 + " Tanzania rejected the move."))], str(db), workers=1, progress="none")
    con = duckdb.connect(str(db), read_only=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = dyad(con, "KEN", "TZA")
    con.close()
    assert any(issubclass(w.category, UnclusteredWarning) for w in caught)
    assert df.attrs["unclustered_mentions"] > 0
    rc, out, err = main(capsys, "dyad", "KEN", "TZA", "--db", db)        # the CLI clusters first and says so
    assert rc == 0 and "were not clustered" in err


def _one(tmp_path, text):
    p = tmp_path / "one" / "2026-01-20-one.txt"
    p.parent.mkdir(exist_ok=True)
    p.write_text(text)
    return p


# ------------------------------------------------------------------ item 9
def test_clustering_memory_does_not_grow_with_article_size(tmp_path):
    """One 2 MB article with many mentions: clustering loaded the full text once per mention."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_analysis import _doc, _event
    from eventwire.store import Store
    text = ("Lee and Takaichi held talks in Nara on the future of the alliance. " * 30_000)[:2_000_000]
    evs = [_event(f"m{i}", "big", "CONSULT", ["KOR", "JPN"], [], f"2026-01-{1 + i % 28:02d}",
                  sentence=(70 * i, 70 * i + 66)) for i in range(600)]
    db = tmp_path / "mem.duckdb"
    with Store(str(db)) as s:
        s.write([_doc("big", "Wire", text, evs, "2026-01-13")])
    code = ("import duckdb, resource, sys\nfrom eventwire.analysis.cluster import cluster_store\n"
            "con = duckdb.connect(sys.argv[1])\ncon.execute('SELECT 1').fetchall()\n"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\nprint(cluster_store(con))\n"
            "print('grew', (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)")
    r = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "'mentions': 600" in r.stdout
    assert int(r.stdout.split("grew")[1]) < 150          # MB; it was 600 x 2 MB


# ------------------------------------------------------------------ item 10
def test_quarantine_keeps_copies_and_forgets_fixed_inputs(tmp_path, capsys):
    import gzip
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (src / "broken.txt.gz").write_bytes(gzip.compress(A1.encode())[:-12])
    (src / "rows.csv").write_bytes(b"id,text\nc1,\n")
    (src / "later.txt").write_bytes(b"")
    db = tmp_path / "q.duckdb"
    ingest([str(src)], str(db), workers=1, progress="none")
    rows = {Path(p).name: (reason, raw) for p, reason, raw in q(db, "SELECT pointer, reason, raw FROM quarantine")}
    assert rows["notes.pdf"] == ("format", b"%PDF-1.4 not an article")
    assert rows["broken.txt.gz"][0] == "read" and rows["broken.txt.gz"][1] == (src / "broken.txt.gz").read_bytes()
    assert rows["rows.csv:2"] == ("missing_text", b"c1,\n")
    (src / "later.txt").write_text(A4)                       # fixed, then coded
    (src / "rows.csv").write_text(f"id,text\nc1,{A2}\n")
    ingest([str(src)], str(db), workers=1, progress="none")
    left = {Path(p).name for (p,) in q(db, "SELECT pointer FROM quarantine")}
    assert left == {"notes.pdf", "broken.txt.gz"}
    rc, out, _ = main(capsys, "quarantine", "list", "--db", db)
    assert "bytes kept" in out and "later.txt" not in out


# ------------------------------------------------------------------ item 12
def test_export_never_deletes_what_it_did_not_write(small_db, tmp_path, capsys):
    out = tmp_path / "events.tsv"
    out.write_text("precious\n")
    rc, _, err = main(capsys, "export", "--db", small_db, "--format", "polecat", out)
    assert rc == 2 and "EW401" in err and "--force" in err and out.read_text() == "precious\n"
    # a failure while writing (here a file-size limit: the disk is full) leaves the old file, and no debris
    code = ("import resource, signal, sys\nfrom eventwire import cli\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))\nsys.exit(cli.main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, "export", "--db", str(small_db), "--format", "jsonl", "--force",
                        str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "EW402" in r.stderr and "File too large" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert out.read_text() == "precious\n" and sorted(p.name for p in tmp_path.iterdir()) == ["events.tsv"]
    rc, _, err = main(capsys, "export", "--db", small_db, "--format", "polecat", "--force", out)
    assert rc == 0 and len(pd.read_csv(out, sep="\t")) >= 1


def test_a_full_disk_during_ingest_is_one_line(tmp_path):
    """The store's write errors (here a file-size limit on the WAL) name the database and the OS cause."""
    src = tmp_path / "src"
    src.mkdir()
    for i, t in enumerate((A1, A2, A3, A4) * 2):
        (src / f"a{i}.txt").write_text(f"{t} (Edition {i}.)")
    code = ("import resource, signal, sys\nfrom eventwire import cli\nfrom eventwire.pipeline import get_coder\n"
            "get_coder()\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (13_000, 13_000))\nsys.exit(cli.main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, "ingest", str(src), "--db", str(tmp_path / "full.duckdb"),
                        "--workers", "1", "--progress", "none"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    _one_line_error(r.stderr, "EW304", str(tmp_path / "full.duckdb"), "File too large")


@pytest.mark.parametrize("fmt", ["polecat", "gdelt", "csv"])
def test_empty_exports_have_a_header(small_db, tmp_path, capsys, fmt):
    full, empty = tmp_path / f"full.{fmt}", tmp_path / f"empty.{fmt}"
    sep = "," if fmt == "csv" else "\t"
    assert main(capsys, "export", "--db", small_db, "--format", fmt, full)[0] == 0
    assert main(capsys, "export", "--db", small_db, "--format", fmt, "--country", "ATA", empty)[0] == 0
    e = pd.read_csv(empty, sep=sep)
    assert e.empty and list(e.columns) == list(pd.read_csv(full, sep=sep).columns)


# ------------------------------------------------------------------ item 13
def _one_line_error(err: str, code: str, *names: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert code in lines[0] and "fix:" in lines[0], err
    for n in names:
        assert n in lines[0], (n, err)


@pytest.mark.parametrize("argv,code,names", [
    (["dyad", "KOR", "JPN", "--since", "2026-13-01"], "EW103", ["--since", "2026-13-01"]),
    (["actors", "--until", "yesterday"], "EW103", ["--until"]),
    (["network", "--since", "1/2/2026"], "EW103", ["--since"]),
    (["export", "--format", "csv", "--until", "2026-02-30", "OUT"], "EW103", ["--until"]),
    (["network", "-o", "net.png"], "EW403", ["net.png", ".graphml"]),
    (["export", "--format", "csv", "FOLDER"], "EW402", ["folder"]),
    (["export", "--format", "csv", "UNDER_FILE"], "EW402", ["is a file"]),
    (["export", "--format", "csv", "--force", "/proc/eventwire-test.csv"], "EW402", ["/proc/eventwire-test.csv"]),
])
def test_errors_are_one_line_with_code_flag_and_fix(small_db, tmp_path, capsys, argv, code, names):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    subs = {"OUT": str(tmp_path / "o.csv"), "FOLDER": str(tmp_path / "folder"),
            "UNDER_FILE": str(tmp_path / "file" / "o.csv")}
    argv = [subs.get(a, a) for a in argv] + ["--db", str(small_db)]
    rc, _, err = main(capsys, *argv)
    assert rc == 2
    _one_line_error(err, code, *names)


def test_database_errors_are_one_line(small_db, tmp_path, capsys):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are my notes, not a database\n" * 20)
    rc, _, err = main(capsys, "actors", "--db", bogus)
    assert rc == 2
    _one_line_error(err, "EW303", str(bogus))
    rc, _, err = main(capsys, "timeline", "--country", "KOR", "--db", tmp_path / "missing.duckdb")
    _one_line_error(err, "EW301", "missing.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(small_db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"      # a running ingest holds the database
        rc, _, err = main(capsys, "dyad", "KOR", "JPN", "--db", small_db)
        assert rc == 2
        _one_line_error(err, "EW302", str(small_db))
    finally:
        holder.kill()
        holder.wait()


# ------------------------------------------------------------------ item 14
def test_code_offsets_with_a_bom_match_the_file(tmp_path, capsys):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + f"Talks in Nara\n\n{A3} {A1}".encode())
    rc, out, err = main(capsys, "code", "--published", "2026-01-13", f)
    assert rc == 0, err
    as_read = f.read_text(encoding="utf-8")                  # the mark is a character of the file
    evs = [json.loads(line) for line in out.splitlines()]
    assert evs
    for ev in evs:
        assert as_read[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
        for e in ev["actor"] + ev["recipient"]:
            if e["start"] is not None:
                assert as_read[e["start"]:e["end"]] == e["text"]


def test_code_warns_when_an_article_is_cut(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_MAX_CHARS", "60")
    f = tmp_path / "long.txt"
    f.write_text(f"{A1} {A2} {A4}")
    rc, out, err = main(capsys, "code", "--published", "2026-01-13", f)
    assert rc == 0 and f"{f}: warning:" in err and "coded up to 60" in err


def test_code_output_is_valid_utf8_for_an_undecodable_file_name(tmp_path, capsys):
    f = tmp_path / os.fsdecode(b"n\xffws.txt")
    f.write_text(A1)
    rc, out, err = main(capsys, "code", "--published", "2026-01-13", f)
    assert rc == 0, err
    out.encode("utf-8")                      # strict: a raw name (a lone surrogate) cannot be written as UTF-8
    lines = out.splitlines()
    assert lines and all(json.loads(x)["source_id"].endswith("n\\xffws.txt") for x in lines)


def test_code_reads_every_format_of_the_registry(tmp_path, capsys):
    """Task A: `eventwire code story.html` and `eventwire code feed.rss.gz` go through the ingest readers."""
    import gzip
    (tmp_path / "story.html").write_text(f"<html><body><article><p>{A3}</p><p>{A1}</p></article></body></html>")
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>g1</guid>'
           f"<pubDate>Tue, 13 Jan 2026 10:00:00 GMT</pubDate><description>{A2}</description></item></channel></rss>")
    (tmp_path / "feed.rss.gz").write_bytes(gzip.compress(rss.encode()))
    (tmp_path / "rows.csv").write_text(f'id,text,published\nc1,"{A4}",2026-01-14\n')
    rc, out, err = main(capsys, "code", "--published", "2026-01-13", tmp_path / "story.html",
                        tmp_path / "feed.rss.gz", tmp_path / "rows.csv", tmp_path / "missing.txt")
    assert rc == 1                                            # one input failed
    assert f"{tmp_path / 'missing.txt'}: read: no such file" in err
    ids = {json.loads(line)["source_id"] for line in out.splitlines()}
    assert {"g1", "c1"} <= ids and str(tmp_path / "story.html") in ids
