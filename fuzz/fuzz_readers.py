"""Fuzz target for the reader registry (issue 11): `make fuzz` runs it with atheris (libFuzzer).

Each input's first byte picks a format (txt, html, jsonl, csv, feed) and whether the bytes are
gzipped; the rest is the file.  Whatever the bytes, every reader must answer with articles,
quarantine records or superseded notes, never an exception, and each answer must hold:

* an article's text is non-empty, valid Unicode (no lone surrogates), within the byte limit;
* its metadata (id, title, url, source, published, key) is text or None, printable;
* a reject has a QuarantineReason, a detail, and a copy of at most 1 MB.

Run: .venv/bin/python fuzz/fuzz_readers.py -runs=20000 CORPUS_DIR fuzz/seeds
"""
from __future__ import annotations

import gzip
import io
import sys

import atheris

with atheris.instrument_imports(include=["eventwire.ingest"]):
    from eventwire.ingest.decode import decode
    from eventwire.ingest.sources import Article, Limits, READERS, Rejected, Source, read_stream
    from eventwire.ingest.walk import Input
    from eventwire.records import QuarantineReason

FORMATS = sorted(READERS)                  # csv, feed, html, jsonl, txt
LIMITS = Limits(max_bytes=4000, max_chars=2000)
MAPPINGS = [{}, {"text": "body", "id": "guid"}]


def check(it) -> None:
    if isinstance(it, Article):
        rec = it.record
        assert isinstance(rec["text"], str) and rec["text"].strip(), rec
        assert len(rec["text"].encode("utf-8")) <= LIMITS.max_bytes
        for k in ("id", "title", "url", "source", "published", "key", "pointer"):
            assert rec[k] is None or isinstance(rec[k], str), (k, rec[k])
            if rec[k]:
                rec[k].encode("utf-8")
        assert all(isinstance(w, str) for w in it.warnings)
    elif isinstance(it, Rejected):
        assert isinstance(it.reason, QuarantineReason) and it.detail
        assert it.raw is None or len(it.raw) <= 1_000_000
    it.pointer.encode("utf-8")


def one_input(data: bytes) -> None:
    if not data:
        return
    head, body = data[0], data[1:]
    fmt = FORMATS[head % len(FORMATS)]
    gz = bool(head & 0x80)
    stream = io.BytesIO(gzip.compress(body, mtime=0) if gz else body)
    fh = gzip.GzipFile(fileobj=stream, mode="rb") if gz else stream
    inp = Input("fuzz." + fmt, "fuzz." + fmt, "/fuzz/fuzz." + fmt)
    src = Source(inp, fh, LIMITS, MAPPINGS[(head >> 4) & 1], "2026-01-13" if head & 0x40 else None)
    for it in read_stream(src, fmt):
        check(it)
    d = decode(body)
    assert (d.text is None) == (d.reason is not None)
    if d.text is not None:
        d.text.encode("utf-8")


if __name__ == "__main__":          # libFuzzer prints the number of runs ("Done N runs") and any failure
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
