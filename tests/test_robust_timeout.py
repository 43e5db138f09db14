"""Issue 11 item 3: a per-document time budget.  A document that takes longer than
``Settings.doc_timeout`` to code is answered with the reason ``timeout`` and the run goes on, in
`eventwire code` (main thread), `ingest --workers 1` and `ingest --workers 2` (worker processes).

The slow document is a real one: 200,000 characters of news (the most a document is coded up to),
which takes several seconds to parse; the budget is 1.5 s, and the short articles take milliseconds.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest

from eventwire.config import Settings

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 1.5
SHORT = ["Russian forces shelled Kharkiv on Monday, Ukrainian officials said.",
         "Egypt condemned the Israeli air strike on Gaza on Tuesday."]


def _slow_text() -> str:
    body = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt")))
    return (body * (200_000 // len(body) + 1))[:200_000]


@pytest.fixture(scope="module")
def budget_settings():
    return Settings.from_env(doc_timeout=BUDGET)


def test_process_batch_times_out_the_slow_document_only(budget_settings):
    from eventwire.batch import process_batch
    from eventwire.records import QuarantineReason
    recs = [{"id": "a", "text": SHORT[0], "published": "2026-01-13"},
            {"id": "slow", "text": _slow_text(), "published": "2026-01-13"},
            {"id": "b", "text": SHORT[1], "published": "2026-01-13"}]
    process_batch(recs[:1], budget_settings)                      # load the model outside the clock
    t0 = time.perf_counter()
    a, slow, b = process_batch(recs, budget_settings)
    took = time.perf_counter() - t0
    assert a.coded and b.coded and a.events and b.events
    assert slow.reason is QuarantineReason.TIMEOUT and "1.5 s" in slow.error
    assert took < 5 * BUDGET + 2                                  # the chunk, then the document alone


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_quarantines_a_timeout_and_goes_on(tmp_path, budget_settings, workers):
    from eventwire.runner import ingest
    src = tmp_path / "src"
    src.mkdir()
    (src / "2026-01-13-a.txt").write_text(SHORT[0])
    (src / "2026-01-13-slow.txt").write_text(_slow_text())
    (src / "2026-01-13-b.txt").write_text(SHORT[1])
    db = tmp_path / "t.duckdb"
    stats = ingest([str(src)], str(db), budget_settings, workers=workers, progress="none")
    assert stats.coded == 2 and stats.reasons == {"timeout": 1}
    con = duckdb.connect(str(db), read_only=True)
    (row,) = con.execute("SELECT pointer, reason, detail FROM quarantine").fetchall()
    con.close()
    assert row[0].endswith("2026-01-13-slow.txt") and row[1] == "timeout" and "longer than 1.5 s" in row[2]


def test_code_reports_a_timeout_and_exits_1(tmp_path, capsys, monkeypatch):
    from eventwire import cli
    monkeypatch.setenv("EVENTWIRE_DOC_TIMEOUT", str(BUDGET))
    (tmp_path / "slow.txt").write_text(_slow_text())
    (tmp_path / "a.txt").write_text(SHORT[0])
    rc = cli.main(["code", "--published", "2026-01-13", str(tmp_path / "slow.txt"), str(tmp_path / "a.txt")])
    out = capsys.readouterr()
    assert rc == 1
    assert f"{tmp_path / 'slow.txt'}: timeout: coding took longer than 1.5 s" in out.err
    assert {json.loads(x)["source_id"] for x in out.out.splitlines()} == {str(tmp_path / "a.txt")}


def test_process_batch_in_another_thread_codes_without_a_budget(budget_settings):
    """A web server codes in a thread pool, where SIGALRM cannot be used: no budget, and no crash."""
    import threading
    from eventwire.batch import process_batch
    got = []
    t = threading.Thread(target=lambda: got.extend(process_batch([{"id": "a", "text": SHORT[0]}], budget_settings)))
    t.start()
    t.join(120)
    assert got and got[0].coded and got[0].events
