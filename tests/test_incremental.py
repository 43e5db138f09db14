"""Clustering that grows with the store (analysis/incremental.py): the same clusters as a full recluster."""
import datetime as dt
import json

import duckdb
import pytest

from eventwire.analysis.cluster import cluster_store, unclustered
from eventwire.analysis.incremental import (block_key, cluster_block, cluster_incremental, load_mentions_by_id,
                                            type_groups)
from eventwire.bench_spark import add_synthetic
from eventwire.config import ClusterSettings

SETTINGS = ClusterSettings(compatible_types=[["ACCUSE", "REJECT"], ["REJECT", "THREATEN"]])


def _state(con):
    assign = con.execute("SELECT event_id, cluster_id FROM events ORDER BY event_id").fetchall()
    clusters = con.execute("SELECT * FROM event_clusters ORDER BY cluster_id").fetchall()
    return assign, clusters


def _both(step):
    """Apply ``step`` to two stores; cluster one incrementally and one in full; they must agree."""
    for con in (INC, FULL):
        step(con)
    stats = cluster_incremental(INC, SETTINGS)
    cluster_store(FULL, SETTINGS)
    got, want = _state(INC), _state(FULL)
    assert got[0] == want[0]
    assert got[1] == want[1]
    assert unclustered(INC) == 0
    return stats


INC = FULL = None


@pytest.fixture()
def stores():
    global INC, FULL
    INC, FULL = duckdb.connect(), duckdb.connect()
    yield
    INC.close()
    FULL.close()


def _undated(con):
    """Mentions with no date at all (they may join any date), and one replaced in place."""
    con.execute("UPDATE events SET date = NULL, date_end = NULL WHERE event_id IN "
                "(SELECT event_id FROM events ORDER BY event_id LIMIT 7)")


def _replace(con):
    """An edited article: 40 mentions gone, 25 written again with a later date (cluster_id reset)."""
    ids = [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY md5(event_id) LIMIT 40").fetchall()]
    con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [ids[:15]])
    con.execute("UPDATE events SET cluster_id = NULL, date = date + 2 WHERE event_id IN (SELECT unnest(?))",
                [ids[15:]])


def test_incremental_clustering_equals_full_reclustering_step_by_step(stores):
    stats = _both(lambda c: add_synthetic(c, 1500, seed=1, days=20))
    assert stats["new"] >= 1400 and stats["events"] < stats["mentions"]        # reports merged
    late = _both(lambda c: add_synthetic(c, 40, seed=2, first_day=19, days=1, tag="late"))
    assert late["new"] == 40 and late["replayed"] < 200                        # only the tail of a few blocks
    _both(lambda c: add_synthetic(c, 200, seed=3, first_day=5, days=10, tag="back"))    # backdated news
    _both(_undated)
    gone = _both(_replace)
    assert gone["removed"] == 40 and gone["new"] == 25
    nothing = _both(lambda c: None)
    assert nothing["new"] == nothing["removed"] == nothing["replayed"] == 0


def test_new_settings_recluster_everything(stores):
    _both(lambda c: add_synthetic(c, 600, seed=4, days=10))
    before = cluster_incremental(INC, SETTINGS)
    assert before["replayed"] == 0
    wide = ClusterSettings(date_slack_days=3)
    again = cluster_incremental(INC, wide)
    assert again["replayed"] == again["mentions"]
    cluster_store(FULL, wide)
    assert _state(INC) == _state(FULL)


def test_blocks_follow_types_and_parties(stores):
    add_synthetic(INC, 300, seed=5, days=5)
    ids = [r[0] for r in INC.execute("SELECT event_id FROM events").fetchall()]
    ms = load_mentions_by_id(INC, ids)
    groups = type_groups(SETTINGS)
    assert groups["THREATEN"] == groups["ACCUSE"] == "ACCUSE" and "ASSAULT" not in groups
    keys = {block_key(m, groups) for m in ms}
    assert all("|" in k for k in keys) and len(keys) > 20
    # a block never holds two party sets, so clustering the whole list or block by block is the same
    assign = cluster_block(ms, SETTINGS)
    cluster_store(INC, SETTINGS)
    assert assign == dict(INC.execute("SELECT event_id, cluster_id FROM events WHERE cluster_id IS NOT NULL").fetchall())


def test_incremental_equals_full_on_the_clustering_test_corpus(tmp_path):
    """tests/data/cluster, coded once; the stories of every other day arrive first, the rest later."""
    import shutil
    from pathlib import Path
    from eventwire.runner import ingest
    corpus = Path(__file__).parent / "data" / "cluster"
    full = str(tmp_path / "full.duckdb")
    ingest([str(corpus)], full, workers=1, progress="none", log=lambda m: None)
    inc = str(tmp_path / "inc.duckdb")
    shutil.copy(full, inc)
    con = duckdb.connect(inc)
    con.execute(f"ATTACH '{full}' AS src (READ_ONLY)")
    late = "(SELECT doc_id FROM src.documents WHERE hash(doc_id) % 2 = 0)"
    con.execute(f"DELETE FROM events WHERE doc_id IN {late}")
    con.execute(f"DELETE FROM documents WHERE doc_id IN {late}")
    first = cluster_incremental(con)
    assert 0 < first["mentions"] and first["new"] == first["mentions"]
    con.execute(f"INSERT INTO documents SELECT * FROM src.documents WHERE doc_id IN {late}")
    con.execute(f"INSERT INTO events BY NAME SELECT * FROM src.events WHERE doc_id IN {late}")
    con.execute("DETACH src")
    second = cluster_incremental(con)
    assert second["new"] > 0 and second["replayed"] < second["mentions"]
    got = _state(con)
    con.close()
    con = duckdb.connect(full)
    cluster_store(con)
    assert got == _state(con)
    con.close()


def test_cluster_command_is_incremental_and_full_on_request(tmp_path, capsys):
    from eventwire.cli import main
    db = str(tmp_path / "s.duckdb")
    con = duckdb.connect(db)
    add_synthetic(con, 800, seed=9, days=8)
    con.close()
    assert main(["cluster", "--db", db]) == 0
    con = duckdb.connect(db)
    add_synthetic(con, 20, seed=10, first_day=7, days=1, tag="late")
    con.close()
    assert main(["cluster", "--db", db]) == 0
    con = duckdb.connect(db)
    inc = _state(con)
    assert con.execute("SELECT count(*) FROM cluster_blocks").fetchone()[0] == len(inc[0])
    con.close()
    assert main(["cluster", "--db", db, "--full"]) == 0
    con = duckdb.connect(db)
    assert _state(con) == inc
    cluster_store(con)
    assert _state(con) == inc
    con.close()
