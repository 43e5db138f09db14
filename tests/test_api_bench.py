"""The API load benchmark (eventwire/bench_api.py) in miniature: a few clients for a moment, on loopback."""
from __future__ import annotations

import time

import pytest

from api_fixtures import api_db  # noqa: F401 - fixture

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_percentile():
    from eventwire.bench_api import percentile
    vals = list(range(1, 101))
    assert [percentile(vals, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert percentile([7.0], 95) == 7.0


def test_bench_api_runs_bounded_and_counts(api_db):
    from eventwire.bench_api import REQUESTS, report, run
    assert {g for g, _ in REQUESTS} == {"events", "dyads"} and len({u for _, u in REQUESTS}) == len(REQUESTS)
    t0 = time.time()
    res = run(str(api_db), clients=4, seconds=1.5)
    assert time.time() - t0 < 90
    assert res["errors"] == 0, res["error_examples"]
    assert res["all"]["requests"] == res["events"]["requests"] + res["dyads"]["requests"] > 20
    assert 1.4 < res["seconds"] < 10
    assert res["all"]["p50_ms"] <= res["all"]["p95_ms"] <= res["all"]["p99_ms"]
    assert res["cache_hit_ratio"] > 0.5           # every URL was asked once before the clock started
    text = report(res)
    assert "req/s" in text and "targets" in text
    uncached = run(str(api_db), clients=2, seconds=1.0, cache_mb=0)
    assert uncached["errors"] == 0 and uncached["cache_hit_ratio"] == 0.0
