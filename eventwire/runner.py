"""Code a whole corpus into DuckDB: readers -> worker pool -> one writer.

The main process reads the inputs, drops documents that are already stored
(by doc_id: a hash of source and normalised text), and hands batches to
``--workers`` processes. Each worker loads the spaCy model and the knowledge
base once and runs ``process_batch``. The main process is the only writer: it
commits each batch (documents, events, entities, quarantine) in one
transaction. Killed at any moment, the database holds whole batches only, and
the same command run again resumes after the last committed batch.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from .config import Settings
from .ingest.sources import Article, Corpus, Limits, Rejected, Superseded
from .ingest.walk import display
from .records import RunCounts, document_id
from .store import Store


@dataclass
class RunStats(RunCounts):
    seconds: float = 0.0
    worker_rss_mb: dict = field(default_factory=dict)     # pid -> peak RSS in MB


# ------------------------------------------------------------------ workers
_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    from .batch import coder_for
    coder_for(settings)                      # model + KB + gazetteer, once per worker


def _work(batch: list[dict]) -> tuple[list[dict], int, float]:
    """Code one batch in a worker; report the worker's pid and peak RSS with the results."""
    from .batch import process_batch
    return process_batch(batch, _WORKER_SETTINGS), os.getpid(), peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux ru_maxrss is in KB)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ planning
@dataclass
class Batch:
    records: list[dict] = field(default_factory=list)       # to code
    rejected: list[dict] = field(default_factory=list)      # quarantine rows

    def __len__(self) -> int:
        return len(self.records) + len(self.rejected)


def _plan(items: Iterable[Article | Rejected | Superseded], known: set[str], stats: RunStats, batch_size: int,
          warn) -> Iterator[Batch]:
    """Yield batches of records to code and quarantine rows, skipping stored, repeated and superseded
    documents.  A key (id, url or file) that comes again later wins over the earlier one: the reader
    says so ahead (Superseded) where it can read an input twice; for standard input the later record
    replaces the earlier one in the batch, or, in a later batch, in the store."""
    seen: set[str] = set()
    batch = Batch()
    where: dict[str, int] = {}           # key -> index of its record in the current batch
    for it in items:
        stats.read += 1
        if isinstance(it, Superseded):
            stats.duplicates += 1
            warn(f"{it.pointer}: warning: {it.detail}")
            continue
        if isinstance(it, Rejected):
            reason = it.reason.value
            stats.quarantined += 1
            stats.reasons[reason] = stats.reasons.get(reason, 0) + 1
            warn(f"{it.pointer}: {reason}: {it.detail}")
            batch.rejected.append({"pointer": it.pointer, "reason": reason, "detail": it.detail, "raw": it.raw,
                                   "file_key": it.key})
        else:
            rec = it.record
            did = document_id(rec["text"], rec.get("source"))
            if did in known or did in seen:
                stats.duplicates += 1
                continue
            seen.add(did)
            for w in it.warnings:
                stats.warnings += 1
                warn(f"{it.pointer}: warning: {w}")
            key = rec.get("key")
            if key in where:
                warn(f"{it.pointer}: warning: {key} came earlier in this input; the last one is kept")
                stats.duplicates += 1
                batch.records[where[key]] = rec
            else:
                if key:
                    where[key] = len(batch.records)
                batch.records.append(rec)
        if len(batch.records) >= batch_size or len(batch.rejected) >= batch_size:
            yield batch
            batch, where = Batch(), {}
    if batch:
        yield batch


def ingest(paths: list[str], db: str, settings: Settings | None = None, workers: int | None = None,
           mapping: dict | None = None, limits: Limits | None = None, published: str | None = None,
           progress: str = "bar", log=None) -> RunStats:
    """Code every input under ``paths`` into ``db``; see the module docstring."""
    from .pipeline import VERSION
    settings = settings or Settings.from_env()
    workers = max(1, workers or os.cpu_count() or 1)
    limits = limits or Limits(max_chars=settings.max_chars)
    log = log or (lambda m: print(m, file=sys.stderr))
    stats = RunStats()
    t0 = time.time()
    store = Store(db)
    run_id = uuid.uuid4().hex[:12]
    store.start_run(run_id, VERSION, settings.model, asdict(settings),
                    "ingest " + " ".join(display(p) for p in paths) + f" --workers {workers}")
    known = store.known_doc_ids()
    corpus = Corpus(paths, mapping, limits, published)
    bar = _Progress(progress, corpus.total if progress == "bar" else None, log)
    batches = _plan(corpus, known, stats, settings.batch_size, bar.warn)
    pool = None
    complete = False
    try:
        if workers == 1:
            from .batch import process_batch
            results_iter = ((process_batch(b.records, settings), b) for b in batches)
        else:
            ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
            pool = ctx.Pool(workers, initializer=_init_worker, initargs=(settings,))
            results_iter = _pooled(pool, batches, workers, stats.worker_rss_mb)
        for results, b in results_iter:
            _commit(store, results, b, run_id, stats, bar)
        complete = True
    except KeyboardInterrupt:
        log("eventwire: interrupted; committed batches are kept, run the same command to resume")
        raise
    finally:
        if pool is not None:
            pool.terminate()
        stats.seconds = time.time() - t0
        if workers == 1:
            stats.worker_rss_mb = {os.getpid(): peak_rss_mb()}
        bar.close()
        try:
            if complete:
                store.settle_quarantine(run_id, [os.path.realpath(p) for p in paths if p != "-"])
            store.finish_run(run_id, asdict(stats))
        finally:
            store.close()
    return stats


def _commit(store, results, b: Batch, run_id: str, stats: RunStats, bar) -> None:
    """Write one batch and count it."""
    file_keys = {rec.get("pointer"): rec.get("file_key") for rec in b.records}
    failed = []
    for r in results:
        for w in r.warnings:
            stats.warnings += 1
            bar.warn(f"{r.pointer or r.id}: warning: {w}")
        if r.coded:
            continue
        stats.quarantined += 1
        reason = r.reason.value if r.reason else "coding"
        stats.reasons[reason] = stats.reasons.get(reason, 0) + 1
        bar.warn(f"{r.pointer or r.id}: {reason}: {r.error}")
        failed.append({"pointer": r.pointer or r.id or "?", "reason": reason, "detail": r.error or "", "raw": None,
                       "file_key": file_keys.get(r.pointer)})
    stats.events += store.write(results, run_id, b.rejected + failed)
    stats.coded += sum(1 for r in results if r.coded)
    bar.update(stats, len(b))


def _pooled(pool, batches, workers, rss_seen):
    """Results in input order, keeping at most 2 batches per worker in flight."""
    pending = []
    it = iter(batches)
    done = False
    while True:
        while not done and len(pending) < 2 * workers:
            try:
                b = next(it)
            except StopIteration:
                done = True
                break
            pending.append((pool.apply_async(_work, (b.records,)) if b.records else None, b))
        if not pending:
            return
        fut, b = pending.pop(0)
        if fut is None:
            yield [], b
            continue
        results, pid, rss = fut.get()
        rss_seen[pid] = max(rss, rss_seen.get(pid, 0.0))
        yield results, b


class _Progress:
    """A tqdm bar (docs/s, events, ETA), plain log lines, or nothing."""

    def __init__(self, mode: str, total: int | None, log):
        self.mode = mode
        self.log = log
        self.bar = None
        self.t0 = time.time()
        if mode == "bar" and sys.stderr.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr)

    def warn(self, msg: str) -> None:
        if self.bar is not None:
            self.bar.write("eventwire: " + msg, file=sys.stderr)
        elif self.mode != "none":
            self.log("eventwire: " + msg)

    def update(self, stats: RunStats, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(events=stats.events, quarantined=stats.quarantined, refresh=False)
        elif self.mode in ("plain", "bar"):
            rate = stats.coded / max(1e-9, time.time() - self.t0)
            self.log(f"committed {stats.coded} documents, {stats.events} events, "
                     f"{stats.quarantined} quarantined, {stats.duplicates} duplicates ({rate:.1f} docs/s)")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
