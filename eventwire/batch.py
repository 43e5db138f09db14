"""The core every runner calls: ``process_batch(records) -> list[DocResult]``.

The CLI (`code`, `ingest` through its worker pool), the HTTP API and the Spark
runner all call this one function.  It never raises for a bad record: every
input gets a :class:`~eventwire.records.DocResult`, coded or with the reason
it could not be.  The spaCy model, the lexicon and the knowledge base are
loaded once per process (see :func:`eventwire.pipeline.get_coder`).

Time budget: no document may take longer than ``Settings.doc_timeout`` seconds
to code; one that does is answered with the reason ``timeout`` and the batch
goes on.  Documents are coded in small chunks (about ``CHUNK_CHARS`` characters,
so ``nlp.pipe`` still batches); a chunk that runs past the budget is coded again
one document at a time, each with the whole budget, so a document is timed out
only when it alone takes longer.  The budget is a ``SIGALRM`` timer, so it holds
in the main thread of a process: `eventwire code`, `ingest` with one worker, and
each worker process of `ingest --workers N`.  In other threads (an HTTP server's
thread pool) documents are coded without a budget.  The timer interrupts Python
code; a single call into C that never returns cannot be interrupted.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import signal
import threading
from typing import Iterable, Iterator

from .config import Settings
from .errors import E, EventwireError
from .ingest.document import make_document
from .records import DocResult, Document, QuarantineReason

log = logging.getLogger("eventwire")
CHUNK_CHARS = 20_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class DocumentTimeout(BaseException):
    """Raised inside coding when the time budget runs out (a BaseException, so that no
    ``except Exception`` in the coder can swallow it)."""


def budget_available() -> bool:
    """Whether a time budget can be enforced here (a SIGALRM timer in the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[bool]:
    """Raise :class:`DocumentTimeout` in the body after ``seconds``; yields whether a budget is on."""
    if not seconds or seconds <= 0 or not budget_available():
        yield False
        return

    def _expired(signum, frame):
        raise DocumentTimeout()

    old = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def coder_for(settings: Settings):
    """The process's coder for these settings.  The time budget is not a coding parameter, so one
    coder serves every budget (no second model is loaded for another ``doc_timeout``)."""
    from .pipeline import get_coder
    return get_coder(dataclasses.replace(settings, doc_timeout=Settings.doc_timeout))


def process_batch(records: Iterable[dict], settings: Settings | None = None) -> list[DocResult]:
    """Code a batch of article records; one :class:`DocResult` per input, errors included, never raised.

    Input: {id?, text, published?, title?, source?, url?, key?, pointer?}.
    """
    settings = settings or Settings.from_env()
    budget = settings.doc_timeout
    coder = coder_for(settings)
    docs: list[Document | None] = []
    results: list[DocResult] = []
    for rec in records:
        r, d = _prepare(rec)
        results.append(r)
        docs.append(d)
    good = [d for d in docs if d is not None]
    outcomes = iter(code_within_budget(coder, good, budget))
    for d, r in zip(docs, results):
        if d is None:
            continue
        evs = next(outcomes)
        r.document = _doc_dict(d)
        if isinstance(evs, DocumentTimeout):
            err = EventwireError(E.TIMEOUT, seconds=budget)
            r.status, r.error, r.reason = "error", err.message, QuarantineReason.TIMEOUT
        elif isinstance(evs, BaseException):
            err = EventwireError(E.CODING_FAILED, detail=f"{type(evs).__name__}: {evs}")
            r.status, r.error, r.reason = "error", err.message, QuarantineReason.CODING
        else:
            r.text = d.text              # kept by the store: every span points into it
            r.events = list(evs)
    return results


def _prepare(rec: dict) -> tuple[DocResult, Document | None]:
    """The record's result shell and its Document, or an error result and None."""
    base = dict(id=rec.get("id"), key=rec.get("key"), pointer=rec.get("pointer"))
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        err = EventwireError(E.EMPTY_TEXT)
        return DocResult(doc_id=None, status="error", error=err.message, reason=QuarantineReason.EMPTY, **base), None
    published = rec.get("published") or None
    try:
        d = make_document(text, published=published, title=rec.get("title"), source=rec.get("source"),
                          url=rec.get("url"), doc_id=rec.get("doc_id"))
    except ValueError:
        err = EventwireError(E.BAD_DATE, where="published", value=published)
        return DocResult(doc_id=None, status="error", error=err.message, reason=QuarantineReason.FORMAT,
                         **base), None
    except Exception as exc:  # noqa: BLE001 - every record gets an answer
        err = EventwireError(E.CODING_FAILED, detail=f"{type(exc).__name__}: {exc}")
        return DocResult(doc_id=None, status="error", error=err.message, reason=QuarantineReason.CODING,
                         **base), None
    r = DocResult(doc_id=d.doc_id, status="coded", **base)
    n_bad = len(_SURROGATE.findall(text))
    if n_bad:
        r.warnings.append(f"{n_bad} lone surrogate code point(s) read as U+FFFD")
    return r, d


def chunks(docs: list[Document], max_chars: int, size: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Consecutive documents of about ``size`` characters in all (at least one each)."""
    cur: list[Document] = []
    n = 0
    for d in docs:
        cur.append(d)
        n += min(len(d.text) - d.body_start, max_chars)
        if n >= size:
            yield cur
            cur, n = [], 0
    if cur:
        yield cur


def code_within_budget(coder, docs: list[Document], budget: float | None) -> list:
    """Events per document, or the exception (DocumentTimeout included) that stopped it; in order."""
    out: list = []
    for chunk in chunks(docs, coder.settings.max_chars):
        try:
            with time_budget(budget):
                got = coder.code_documents(chunk)
            out.extend(got)
            continue
        except DocumentTimeout:
            if len(chunk) == 1:
                log.warning("document %s ran past the %g s budget", chunk[0].doc_id, budget)
                out.append(DocumentTimeout())
                continue
        except Exception:  # noqa: BLE001 - one bad document must not sink the chunk: one at a time
            pass
        out.extend(_one_by_one(coder, chunk, budget))
    return out


def _one_by_one(coder, docs: list[Document], budget: float | None) -> Iterator:
    for d in docs:
        try:
            with time_budget(budget):
                got = coder.code_documents([d])[0]
            yield got
        except DocumentTimeout as exc:
            log.warning("document %s ran past the %g s budget", d.doc_id, budget)
            yield exc
        except Exception as exc:  # noqa: BLE001
            log.warning("document %s could not be coded: %s", d.doc_id, exc)
            yield exc


def _doc_dict(d: Document) -> dict:
    return {"doc_id": d.doc_id, "title": d.title, "published": d.published, "source": d.source, "url": d.url,
            "story_date": d.story_date, "dateline_place": d.dateline.place if d.dateline else None,
            "dateline_agency": d.dateline.agency if d.dateline else None, "chars": len(d.text)}
