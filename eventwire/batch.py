"""The core every runner calls: ``process_batch(records) -> list[DocResult]``.

The CLI (`code`, `ingest` through its worker pool), the HTTP API and the Spark
runner all call this one function.  It never raises for a bad record: every
input gets a :class:`~eventwire.records.DocResult`, coded or with the reason
it could not be.  The spaCy model, the lexicon and the knowledge base are
loaded once per process (see :func:`eventwire.pipeline.get_coder`).
"""
from __future__ import annotations

import logging
from typing import Iterable

from .config import Settings
from .ingest.document import make_document
from .records import DocResult, Document, QuarantineReason

log = logging.getLogger("eventwire")


def process_batch(records: Iterable[dict], settings: Settings | None = None) -> list[DocResult]:
    """Code a batch of article records; one :class:`DocResult` per input, errors included, never raised.

    Input: {id?, text, published?, title?, source?, url?, key?, pointer?}.
    """
    from .pipeline import get_coder
    coder = get_coder(settings)
    records = list(records)
    docs: list[Document | None] = []
    results: list[DocResult] = []
    for rec in records:
        try:
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ValueError("empty text")
            d = make_document(text, published=rec.get("published") or None, title=rec.get("title"),
                              source=rec.get("source"), url=rec.get("url"), doc_id=rec.get("doc_id"))
            docs.append(d)
            results.append(DocResult(id=rec.get("id"), doc_id=d.doc_id, status="coded", key=rec.get("key"),
                                     pointer=rec.get("pointer")))
        except Exception as exc:  # noqa: BLE001 - every record gets an answer
            docs.append(None)
            results.append(DocResult(id=rec.get("id"), doc_id=None, status="error", error=str(exc),
                                     reason=QuarantineReason.CODING, key=rec.get("key"), pointer=rec.get("pointer")))
    good = [d for d in docs if d is not None]
    try:
        coded = iter(coder.code_documents(good))
    except Exception:  # one bad document must not sink the batch: code one at a time
        coded = iter(_one_by_one(coder, good))
    for d, r in zip(docs, results):
        if d is None:
            continue
        evs = next(coded)
        r.document = _doc_dict(d)
        if isinstance(evs, Exception):
            r.status, r.error, r.reason = "error", f"coding failed: {evs}", QuarantineReason.CODING
            continue
        r.text = d.text              # kept by the store: every span points into it
        r.events = list(evs)
    return results


def _one_by_one(coder, docs):
    for d in docs:
        try:
            yield coder.code_documents([d])[0]
        except Exception as exc:  # noqa: BLE001
            log.warning("document %s could not be coded: %s", d.doc_id, exc)
            yield exc


def _doc_dict(d: Document) -> dict:
    return {"doc_id": d.doc_id, "title": d.title, "published": d.published, "source": d.source, "url": d.url,
            "story_date": d.story_date, "dateline_place": d.dateline.place if d.dateline else None,
            "dateline_agency": d.dateline.agency if d.dateline else None, "chars": len(d.text)}
