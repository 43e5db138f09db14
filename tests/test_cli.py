"""`eventwire code`: files, stdin, JSON Lines, formats and errors (issue 2, item 3)."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

SEED = SHARED / "examples" / "upi-2026-01-13-lee-takaichi.txt"


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd or ROOT)


def test_code_file_jsonl_default():
    r = run("code", "--published", "2026-01-13", str(SEED))
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert events and all(e["event_type"] for e in events)
    assert {"event_id", "doc_id", "actor", "recipient", "trigger", "sentence", "why", "aux", "date"} <= set(events[0])


def test_api_and_cli_give_the_same_json():
    from eventwire import code_text
    api = [e.to_dict() for e in code_text(SEED.read_text(encoding="utf-8"), published="2026-01-13")]
    r = run("code", "--published", "2026-01-13", str(SEED))
    cli = [json.loads(line) for line in r.stdout.splitlines()]
    for e in cli:
        e.pop("source_id")
    assert cli == api


def test_stdin_and_table_format():
    r = run("code", "--format", "table", "--published", "2026-03-02", "-",
            stdin="Pakistan accused India of shelling villages in Kashmir on Sunday.")
    assert r.returncode == 0, r.stderr
    assert "ACCUSE" in r.stdout and "PAK" in r.stdout and "IND" in r.stdout
    assert r.stdout.splitlines()[0].split()[:2] == ["source", "type"]


def test_jsonl_input_with_errors_named_by_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Russian forces shelled Kharkiv on Monday.", "published": "2026-03-03"}),
        "{this is not json",
        json.dumps({"id": "a3", "text": ""}),
        json.dumps({"id": "a4", "text": "Kenya recalled its ambassador from Tanzania.", "published": "2026-03-03"}),
        json.dumps({"id": "a5", "text": "Iran rejected the proposal.", "published": "March 3"}),
    ]
    p.write_text("\n".join(lines) + "\n")
    r = run("code", "--jsonl", str(p))
    assert r.returncode == 1
    assert f"{p}:2: json: invalid JSON" in r.stderr
    assert f"{p}:3: missing_text: no text in field 'text'" in r.stderr
    # a metadata date that is not one is a warning: the article is coded without it
    assert f"{p}:5: warning: published 'March 3' is not a date" in r.stderr
    ids = {json.loads(line)["source_id"] for line in r.stdout.splitlines()}
    assert {"a1", "a4"} <= ids


def test_missing_and_binary_files_are_reported_and_rest_goes_on(tmp_path):
    b = tmp_path / "blob.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    e = tmp_path / "empty.txt"
    e.write_text("   \n")
    good = tmp_path / "2026-03-03-good.txt"
    good.write_text("Egypt condemned the Israeli air strike on Gaza.")
    r = run("code", str(tmp_path / "nope.txt"), str(b), str(e), str(good))
    assert r.returncode == 1
    assert "nope.txt: read: no such file" in r.stderr
    assert "blob.txt: binary: binary data" in r.stderr
    assert "empty.txt: empty: no text" in r.stderr
    assert "ACCUSE" in r.stdout


def test_published_flag_validated():
    r = run("code", "--published", "13/01/2026", str(SEED))
    assert r.returncode == 2 and "not a date" in r.stderr


def test_published_date_from_filename(tmp_path):
    f = tmp_path / "2026-05-20-kyiv.txt"
    f.write_text("Russian forces shelled Kharkiv on Monday.")
    r = run("code", str(f))
    ev = [json.loads(x) for x in r.stdout.splitlines()]
    assert ev and ev[0]["date"] == "2026-05-18"


@pytest.mark.parametrize("model", ["no_such_pipeline"])
def test_model_is_a_setting(model):
    r = run("--model", model, "code", "--published", "2026-01-13", str(SEED))
    assert r.returncode != 0 and "no_such_pipeline" in r.stderr


def test_demo_prints_summary_and_writes_a_dyad_plot(tmp_path):
    """`make demo` runs this command on examples/: types, top dyads, clustering and a plot."""
    import shutil
    ex = ROOT / "examples"
    src = tmp_path / "ex"
    src.mkdir()
    for f in sorted(ex.glob("2026-01-1*.txt"))[:4]:
        shutil.copy(f, src / f.name)
    r = subprocess.run([sys.executable, "-m", "eventwire.cli", "demo", str(src), "--db", str(tmp_path / "d.duckdb"),
                        "--plot", str(tmp_path / "dyad.png")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "Events per PLOVER type" in r.stdout and "Top dyads" in r.stdout and "distinct events" in r.stdout
    assert (tmp_path / "dyad.png").stat().st_size > 5000
