"""`make bench` (part two): the Spark runner against the multiprocessing runner, and clustering that grows.

    python -m eventwire.bench_spark [--n 2000] [--mentions 10000 100000 1000000] [--skip-spark] [--skip-cluster]

* **Spark local[2] against `ingest --workers 2`** on the same generated articles (``bench.make_corpus``):
  wall time of each, the Spark session's start-up apart (JVM, session, Python workers, model loads:
  a run over one article), and the steady-state words per second once started.
* **Incremental clustering** of synthetic stores of 10^4, 10^5 and 10^6 mentions: the time and peak
  memory of clustering 1% new mentions into an up-to-date store, each size in a fresh process.  The
  synthetic store is a firehose: about ``PER_DAY`` mentions a day, several reports per real event,
  party pairs drawn from a skewed distribution (a few dyads are hot), the new 1% dated at the end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PER_DAY = 1000
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
CODES = ["USA", "CHN", "RUS", "UKR", "ISR", "IRN", "IND", "PAK", "JPN", "KOR", "PRK", "DEU", "FRA", "GBR", "TUR",
         "SYR", "EGY", "SAU", "BRA", "MEX", "NGA", "KEN", "ETH", "SDN", "AFG", "IRQ", "LBN", "PSE", "TWN", "PHL",
         "VNM", "IDN", "POL", "ZAF", "COL", "VEN", "ARG", "CAN", "AUS", "ITA"]
WORDS = ("talks summit border troops missile strike envoy ambassador sanctions aid convoy protest police capital "
         "ceasefire deal trade tariffs refinery drone port rally election parliament court ministry shelling "
         "village raid hostage embassy minister president army navy coast guard vessel airspace pipeline").split()
OUTLETS = ["Meridian Wire", "Harbor News", "Continental Press", "Pacific Dispatch", "Atlas Newswire",
           "Northern Courier", "Daily Ledger", "Evening Star"]
START = dt.date(2020, 1, 1)


# ------------------------------------------------------------------ synthetic mentions
def _events(rnd: random.Random, n_mentions: int, first_day: int, days: float, tag: str) -> list[dict]:
    """Real events with their reports, about ``n_mentions`` reports dated in [first_day, first_day + days)."""
    weights = [1 / (i + 1) for i in range(len(CODES))]
    out, k = [], 0
    while len(out) < n_mentions:
        a, b = rnd.choices(CODES, weights, k=2)
        if a == b:
            continue
        etype = rnd.choice(TYPES)
        day = START + dt.timedelta(days=first_day + int(rnd.random() * days))
        place = rnd.random() < 0.6
        lat, lon = (rnd.uniform(-40, 60), rnd.uniform(-100, 140)) if place else (None, None)
        words = rnd.sample(WORDS, 6)
        gid = rnd.randrange(10 ** 6) if place else None
        for j in range(rnd.choice([1, 1, 2, 3, 4])):
            if len(out) >= n_mentions:
                break
            out.append({"key": f"{tag}{k}", "type": etype, "a": a, "b": b, "day": day + dt.timedelta(days=rnd.choice([0, 0, 1])),
                        "month": rnd.random() < 0.05, "lat": lat, "lon": lon, "gid": gid,
                        "words": words[:4] + rnd.sample(WORDS, 2), "recip": etype != "CONSULT", "rep": j})
        k += 1
    return out


def _rows(mentions: list[dict], rnd: random.Random) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs, evs = [], []
    for m in mentions:
        from .records import stable_hash
        doc_id = stable_hash("synthetic", m["key"], m["rep"])
        eid = stable_hash(doc_id, m["type"])
        d0 = m["day"].replace(day=1) if m["month"] else m["day"]
        d1 = (d0.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1) if m["month"] else None
        actor = [{"text": m["a"], "code": m["a"]}] + ([] if m["recip"] else [{"text": m["b"], "code": m["b"]}])
        recip = [{"text": m["b"], "code": m["b"]}] if m["recip"] else []
        loc = ({"name": "Place", "geonameid": m["gid"], "lat": m["lat"], "lon": m["lon"], "country": m["b"],
                "feature": "city", "why": "event place"} if m["lat"] is not None else None)
        sentence = " ".join(m["words"])
        rec = {"event_id": eid, "doc_id": doc_id, "event_type": m["type"], "actor": actor, "recipient": recip,
               "date": d0.isoformat(), "location": loc, "trigger": {"text": m["words"][0], "start": 0, "end": 5},
               "sentence": {"index": 0, "start": 0, "end": len(sentence)}}
        pub = m["day"] + dt.timedelta(days=rnd.choice([0, 0, 1]))
        src = OUTLETS[rnd.randrange(len(OUTLETS))]
        docs.append((doc_id, f"synthetic:{m['key']}:{m['rep']}", pub, src))
        evs.append((eid, doc_id, m["type"], ";".join(a["code"] for a in actor), ";".join(r["code"] for r in recip),
                     d0, d1, "month" if m["month"] else "day", m["lat"], m["lon"], m["gid"], m["b"] if loc else None,
                     "Place" if loc else None, round(rnd.random(), 3), pub, src, json.dumps(rec), sentence))
    return (pd.DataFrame(docs, columns=["doc_id", "doc_key", "published", "source"]),
            pd.DataFrame(evs, columns=["event_id", "doc_id", "event_type", "actor_codes", "recipient_codes", "date",
                                       "date_end", "date_precision", "lat", "lon", "geonameid", "location_country",
                                       "location_name", "confidence", "published", "source", "record",
                                       "sentence_text"]))


def add_synthetic(con, n: int, seed: int = 0, first_day: float = 0, days: float | None = None, tag: str = "m") -> int:
    """Write about ``n`` synthetic mentions (one document each) into a store's tables; returns how many.
    ``days`` defaults to n / PER_DAY: the store grows like a firehose of PER_DAY mentions a day."""
    from .store.duck import SCHEMA
    for stmt in SCHEMA:
        con.execute(stmt)
    rnd = random.Random(seed)
    docs, evs = _rows(_events(rnd, n, int(first_day), days or max(1.0, n / PER_DAY), tag), rnd)
    docs = docs.drop_duplicates("doc_id")
    evs = evs.drop_duplicates("event_id")
    for name, df in (("documents", docs), ("events", evs)):
        con.register("_syn", df)
        cols = ", ".join(df.columns)
        con.execute(f"INSERT OR IGNORE INTO {name} ({cols}) SELECT {cols} FROM _syn")
        con.unregister("_syn")
    return len(evs)


# ------------------------------------------------------------------ incremental clustering
def _cluster_setup(n: int, db: str) -> dict:
    """A store of ``n`` synthetic mentions, clustered (every block replayed once)."""
    code = ("import json,time,duckdb; from eventwire.bench_spark import add_synthetic;"
            "from eventwire.analysis.incremental import cluster_incremental;"
            f"con=duckdb.connect({db!r}); t=time.perf_counter(); m=add_synthetic(con, {n}, seed=1);"
            "g=time.perf_counter()-t; t=time.perf_counter(); s=cluster_incremental(con); con.close();"
            "print(json.dumps({'mentions': m, 'generate_s': g, 'cluster_s': time.perf_counter()-t, **s}))")
    return _fresh_process(code, f"clustering set-up ({n:,} mentions)")


def _cluster_add(n: int, db: str, check: bool) -> dict:
    """In a fresh process: add n/100 new mentions at the end of the store's time span, cluster them
    incrementally (timed, with the peak RSS it adds), and, with ``check``, compare with a full recluster."""
    days = n / PER_DAY
    code = f"""
import json, re, resource, shutil, time, duckdb
from eventwire.bench_spark import add_synthetic
from eventwire.analysis.incremental import cluster_incremental
def rss():
    return int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024
con = duckdb.connect({db!r})
k = add_synthetic(con, {n // 100}, seed=2, first_day={days}, days={max(1.0, days / 100)}, tag='new')
r0 = rss(); t = time.perf_counter()
s = cluster_incremental(con)
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
same = None
if {check}:
    from eventwire.analysis.cluster import cluster_store
    got = con.execute('SELECT event_id, cluster_id FROM events ORDER BY 1').fetchall()
    cluster_store(con)
    same = got == con.execute('SELECT event_id, cluster_id FROM events ORDER BY 1').fetchall()
con.close()
print(json.dumps({{'added': k, 'seconds': took, 'rss_before_mb': r0, 'peak_rss_mb': peak, 'same_as_full': same, **s}}))
"""
    return _fresh_process(code, f"incremental clustering ({n:,} mentions)")


def bench_clustering(sizes: list[int], check_up_to: int = 100_000) -> list[dict]:
    out = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "cluster.duckdb")
            setup = _cluster_setup(n, db)
            res = _cluster_add(n, db, n <= check_up_to)
        res.update(store=n, setup=setup)
        out.append(res)
        same = {True: ", same clusters as a full recluster", False: ", DIFFERENT from a full recluster",
                None: ""}[res["same_as_full"]]
        print(f"incremental clustering, store of {n:,} mentions (+{res['added']:,} new, 1%): {res['seconds']:.2f} s, "
              f"{res['replayed']:,} mentions replayed in {res['blocks']:,} blocks, peak RSS {res['peak_rss_mb']:.0f} MB "
              f"(+{res['peak_rss_mb'] - res['rss_before_mb']:.0f} MB over the open store){same}; "
              f"set-up: generate {setup['generate_s']:.0f} s, first clustering {setup['cluster_s']:.0f} s")
    for a, b in zip(out, out[1:]):
        print(f"  x{b['store'] // a['store']} store: x{b['seconds'] / a['seconds']:.1f} time for the 1%")
    return out


# ------------------------------------------------------------------ Spark against the multiprocessing runner
def _spark_runs(folder: str, tmp: str, partitions: int | None) -> dict:
    """In a fresh process: start a local[2] session, code the corpus cold, then again warm."""
    code = f"""
import json, time
t0 = time.perf_counter()
from eventwire.spark.runner import session, run
spark = session('local[2]')
start = time.perf_counter() - t0
t = time.perf_counter(); cold = run(spark, {folder!r}, {tmp!r} + '/cold', partitions={partitions!r}); cold_s = time.perf_counter() - t
t = time.perf_counter(); warm = run(spark, {folder!r}, {tmp!r} + '/warm', partitions={partitions!r}); warm_s = time.perf_counter() - t
loads = [w['load_s'] for w in cold.workers.values()]
spark.stop()
print(json.dumps({{'session_s': start, 'cold_s': cold_s, 'warm_s': warm_s, 'coded': cold.coded, 'events': cold.events,
                  'workers': len(cold.workers), 'tasks': cold.partitions, 'model_load_s': loads}}))
"""
    return _fresh_process(code, "Spark bench")


def bench_spark(n: int, partitions: int | None = None) -> dict:
    from .bench import _words, end_to_end, make_corpus
    from .config import Settings
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        files = make_corpus(n, folder)
        words = _words([f.read_text(encoding="utf-8") for f in files])
        print(f"corpus: {len(files)} articles, {words:,} words (bench.make_corpus); cores: {os.cpu_count()}")
        t = time.perf_counter()
        mp = end_to_end(folder, 2, Settings.from_env().model)
        mp_wall = time.perf_counter() - t
        print(f"ingest --workers 2: {mp_wall:.1f} s wall in a fresh process ({mp['seconds']:.1f} s inside the run, "
              f"{words / mp['seconds']:,.0f} words/s), {mp['coded']} docs, {mp['events']} events")
        t = time.perf_counter()
        sp = _spark_runs(str(folder), tmp, partitions)
        sp_wall = time.perf_counter() - t - sp["warm_s"]
    startup = sp["session_s"] + max(0.0, sp["cold_s"] - sp["warm_s"])
    print(f"spark local[2]: {sp_wall:.1f} s wall in a fresh process (session {sp['session_s']:.1f} s + cold run "
          f"{sp['cold_s']:.1f} s), {sp['coded']} docs, {sp['events']} events, {sp['tasks']} tasks on "
          f"{sp['workers']} Python workers (model load per worker: "
          + ", ".join(f"{x:.1f} s" for x in sp["model_load_s"]) + ")")
    print(f"spark start-up cost: {startup:.1f} s (session, Python workers, model loads); steady state "
          f"(warm run {sp['warm_s']:.1f} s): {words / sp['warm_s']:,.0f} words/s")
    print(f"ratio spark / ingest --workers 2, wall: {sp_wall / mp_wall:.2f}  (target <= 1.3)")
    return {"words": words, "ingest": mp, "ingest_wall_s": mp_wall, "spark": sp, "spark_wall_s": sp_wall,
            "startup_s": startup}


def _fresh_process(code: str, what: str) -> dict:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"{what} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.bench_spark", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles for the Spark against ingest comparison")
    ap.add_argument("--partitions", type=int, help="Spark coding tasks (default: the runner's)")
    ap.add_argument("--mentions", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--skip-cluster", action="store_true")
    ap.add_argument("--json", help="write the figures here as JSON")
    args = ap.parse_args(argv)
    res = {}
    if not args.skip_cluster:
        res["cluster"] = bench_clustering(args.mentions)
    if not args.skip_spark:
        try:
            import pyspark  # noqa: F401
        except ImportError:
            print("spark: pyspark is not installed (pip install -e '.[spark]'); skipped")
        else:
            res["spark"] = bench_spark(args.n, args.partitions)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
