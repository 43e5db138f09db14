"""Spark readers: any path Spark reads (local, HDFS, S3, GCS, ...) -> a DataFrame of *items*.

An item is an article to code or an input rejected on reading, as ``ingest.sources`` yields them, with
the same pointer, key, record fields and quarantine reasons, so that a corpus coded by `eventwire
spark` and loaded gives the rows that `eventwire ingest` writes.  The readers run the ingest readers'
own code in the Python workers:

  text     every file under the path, whole (``binaryFile``), read by its extension as ingest reads it:
           .txt, .html, .rss/.atom/.xml, .jsonl, .csv and their .gz; other types are quarantined (format)
  jsonl    JSON Lines, one article per line, split across tasks (``text`` with the lines kept as bytes, so
           that encoding problems are found as ingest finds them); line numbers from each split's offset
  csv      every file whole, through the ingest CSV reader (quoted fields may span lines)
  parquet  one article per row; ``file#rowN`` pointers

Spark lists no file whose name starts with ``_`` or ``.``; ingest quarantines the hidden ones (format).
"""
from __future__ import annotations

import io
import os
from functools import partial
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pandas as pd

from ..ingest.sources import (DEFAULT_FIELDS, FIELD_ALIASES, Article, Limits, Rejected, Source, _from_mapping,
                              format_of, read_stream)
from ..ingest.walk import Input, display
from ..records import QuarantineReason as Q
from ..records import document_id

FORMATS = ("text", "jsonl", "csv", "parquet")
ITEM_SCHEMA = ("kind string, pointer string, key string, file_key string, rid string, text string, "
               "published string, title string, url string, source string, doc_id string, reason string, "
               "detail string, raw binary, warnings array<string>, order_file array<string>, order_pos long")
ITEM_COLUMNS = [c.split()[0] for c in ITEM_SCHEMA.split(", ")]


# ------------------------------------------------------------------ paths: Spark's URIs -> ingest's pointers
class Paths:
    """How a file Spark lists is named: for a local input, the pointer is the path under the input as it
    was given (``tests/data/x.txt``) and the key its real path, as ingest names them; for a remote input
    (``s3a://``, ``hdfs://``), both are the URI."""

    def __init__(self, given: str):
        self.given = given
        scheme = urlsplit(given).scheme
        self.local = scheme in ("", "file") and not any(ch in given for ch in "*?[{")
        path = unquote(urlsplit(given).path) if scheme == "file" else given
        self.root = os.path.abspath(path) if self.local else None
        self.shown = os.path.normpath(path) if self.local else None

    def name(self, uri: str) -> tuple[str, str]:
        """(pointer, key) of one listed file."""
        parts = urlsplit(uri)
        if parts.scheme not in ("", "file"):
            return uri, uri
        path = parts.path
        if self.root and (path == self.root or path.startswith(self.root.rstrip("/") + "/")):
            rel = os.path.relpath(path, self.root)
            pointer = self.shown if rel == "." else os.path.normpath(os.path.join(self.shown, rel))
        else:
            pointer = path
        return display(pointer), display(os.path.realpath(path))


def _item(it, order: tuple[list[str], int]) -> dict:
    if isinstance(it, Article):
        r = it.record
        return {"kind": "article", "pointer": r["pointer"], "key": r.get("key"), "file_key": r.get("file_key"),
                "rid": r.get("id"), "text": r["text"], "published": r.get("published"), "title": r.get("title"),
                "url": r.get("url"), "source": r.get("source"), "doc_id": document_id(r["text"], r.get("source")),
                "reason": None, "detail": None, "raw": None, "warnings": list(it.warnings),
                "order_file": order[0], "order_pos": order[1]}
    return {"kind": "rejected", "pointer": it.pointer, "key": None, "file_key": it.key, "rid": None, "text": None,
            "published": None, "title": None, "url": None, "source": None, "doc_id": None,
            "reason": it.reason.value, "detail": it.detail, "raw": it.raw, "warnings": [],
            "order_file": order[0], "order_pos": order[1]}


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


# ------------------------------------------------------------------ whole files: text and csv
def whole_files(batches: Iterator[pd.DataFrame], given: str, fmt: str | None, limits: Limits, mapping: dict,
                published: str | None) -> Iterator[pd.DataFrame]:
    """mapInPandas over ``binaryFile`` rows (path, content): every item of every file, by the ingest readers."""
    paths = Paths(given)
    for pdf in batches:
        rows: list[dict] = []
        for uri, content in zip(pdf["path"], pdf["content"]):
            pointer, key = paths.name(uri)
            order = pointer.split("/")
            kind = fmt or format_of(pointer)
            if kind is None:
                ext = pointer.rsplit("/", 1)[-1]
                ext = ext[ext.find("."):] if "." in ext else "(none)"
                rows.append(_item(Rejected(pointer, Q.FORMAT, f"unknown file type {ext}",
                                           content if len(content) <= 1_000_000 else None, key), (order, 0)))
                continue
            for n, it in enumerate(_read_bytes(pointer, key, bytes(content), kind, limits, mapping, published)):
                rows.append(_item(it, (order, n)))
        yield _frame(rows)


def _read_bytes(pointer: str, key: str, content: bytes, kind: str, limits: Limits, mapping: dict,
                published: str | None) -> Iterator:
    fh = io.BytesIO(content)
    if pointer.lower().endswith(".gz"):
        import gzip
        fh = gzip.GzipFile(fileobj=fh, mode="rb")
    src = Source(Input(None, pointer, key), fh, limits, mapping, published)
    raw = content if len(content) <= 1_000_000 else None
    try:
        yield from read_stream(src, kind, lambda: raw)
    except Exception as exc:  # noqa: BLE001 - a reader bug is this file's problem, never the job's
        yield Rejected(pointer, Q.READ, f"cannot read: {type(exc).__name__}: {exc}", raw, key)


# ------------------------------------------------------------------ JSON Lines, split
def jsonl_lines(batches: Iterator[pd.DataFrame], given: str, starts: dict, limits: Limits, mapping: dict,
                published: str | None) -> Iterator[pd.DataFrame]:
    """mapInPandas over text rows (line as bytes, file, block): one item per non-blank line.  A split's
    rows arrive in file order; ``starts[(file, block)]`` is the line number its first row has.  Spark
    strips the line's end; it is given back as ``\n``, as ingest reads a line."""
    paths = Paths(given)
    seen: dict[tuple, int] = {}
    for pdf in batches:
        rows: list[dict] = []
        for line, uri, block in zip(pdf["line"], pdf["file"], pdf["block"]):
            k = (uri, int(block))
            n = starts.get(k, 1) + seen.get(k, 0)
            seen[k] = seen.get(k, 0) + 1
            pointer, key = paths.name(unquote(uri))
            it = jsonl_item(pointer, key, n, bytes(line) + b"\n", limits, mapping, published)
            if it is not None:
                rows.append(_item(it, (pointer.split("/"), n)))
        yield _frame(rows)


def jsonl_item(pointer: str, key: str, n: int, line: bytes, limits: Limits, mapping: dict,
               published: str | None):
    """One line of a JSON Lines file as ingest's ``read_jsonl`` reads it (None: a blank line)."""
    import json
    from ..ingest.decode import decode_line
    ptr, own = f"{pointer}:{n}", f"{key}:{n}"
    if len(line) > limits.max_bytes:
        return Rejected(ptr, Q.TOO_LARGE, f"a line of {len(line):,} bytes, over the {limits.max_bytes:,}-byte limit",
                        None, key)
    if n == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if not line.strip():
        return None
    d = decode_line(line)
    if d.text is None:
        return Rejected(ptr, Q.ENCODING, f"line {d.detail}", line, key)
    try:
        obj = json.loads(d.text)
    except json.JSONDecodeError as exc:
        return Rejected(ptr, Q.JSON, f"invalid JSON: {exc.msg} at column {exc.colno}", line, key)
    except RecursionError:
        return Rejected(ptr, Q.JSON, "invalid JSON: nested too deeply", line, key)
    if not isinstance(obj, dict):
        return Rejected(ptr, Q.JSON, f"expected a JSON object, got {type(obj).__name__}", line, key)
    src = Source(Input(None, pointer, key), None, limits, mapping, published)
    it = _from_mapping(src, ptr, own, obj, line, [d.detail])
    if isinstance(it, Article):
        it.record["file_key"] = key
    else:
        it.key = key
    return it


# ------------------------------------------------------------------ columns: parquet and DataFrames
def from_columns(batches: Iterator[pd.DataFrame], limits: Limits, mapping: dict,
                 published: str | None) -> Iterator[pd.DataFrame]:
    """mapInPandas over rows with the article's columns plus ``_pointer`` and ``_order``."""
    for pdf in batches:
        rows: list[dict] = []
        cols = [c for c in pdf.columns if c not in ("_pointer", "_file", "_order")]
        for rec in pdf.to_dict("records"):
            obj = {c: (None if _missing(rec[c]) else rec[c]) for c in cols}
            ptr = rec["_pointer"]
            src = Source(Input(None, ptr, rec.get("_file") or ptr), None, limits, mapping, published)
            try:
                it = _from_mapping(src, ptr, ptr, obj, None, [])
            except Exception as exc:  # noqa: BLE001
                it = Rejected(ptr, Q.FORMAT, f"unreadable row: {type(exc).__name__}: {exc}", None, rec.get("_file"))
            if isinstance(it, Article):
                it.record["file_key"] = rec.get("_file")
            rows.append(_item(it, ([rec.get("_file") or ""], int(rec["_order"]))))
        yield _frame(rows)


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


# ------------------------------------------------------------------ the DataFrames
def read_items(spark, path: str, fmt: str = "text", limits: Limits | None = None, mapping: dict | None = None,
               published: str | None = None):
    """A DataFrame of items (``ITEM_SCHEMA``) from every input under ``path``."""
    from pyspark.sql import functions as F
    limits = limits or Limits()
    mapping = mapping or {}
    if fmt in ("text", "csv"):
        files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
        fn = partial(whole_files, given=path, fmt=None if fmt == "text" else "csv", limits=limits,
                     mapping=mapping, published=published)
        return files.select("path", "content").mapInPandas(fn, ITEM_SCHEMA)
    if fmt == "jsonl":
        lines = (spark.read.option("recursiveFileLookup", "true").text(path)
                 .select(F.col("value").cast("binary").alias("line"), F.col("_metadata.file_path").alias("file"),
                         F.col("_metadata.file_block_start").alias("block")))
        fn = partial(jsonl_lines, given=path, starts=split_starts(lines), limits=limits, mapping=mapping,
                     published=published)
        return lines.mapInPandas(fn, ITEM_SCHEMA)
    if fmt == "parquet":
        df = spark.read.option("recursiveFileLookup", "true").parquet(path)
        named = df.select("*", F.col("_metadata.file_path").alias("_file"),
                          F.col("_metadata.row_index").alias("_order"))
        named = named.withColumn("_pointer", F.format_string("%s#row%d", F.col("_file"), F.col("_order") + 1))
        return items_from_dataframe(named, limits, mapping, published)
    raise ValueError(f"unknown input format {fmt!r}: one of {', '.join(FORMATS)}")


def items_from_dataframe(df, limits: Limits | None = None, mapping: dict | None = None,
                         published: str | None = None):
    """Items from a DataFrame of articles (columns ``id``, ``text``, ``published``, ``title``, ``url``,
    ``source``, or the names ``mapping`` gives).  A row is pointed to by its id, else by ``row N`` (Spark's
    monotonically increasing row id)."""
    from pyspark.sql import functions as F
    limits = limits or Limits()
    mapping = mapping or {}
    if "_pointer" not in df.columns:
        id_col = mapping.get("id", "id")
        df = df.withColumn("_order", F.monotonically_increasing_id())
        row = F.concat(F.lit("row "), F.col("_order").cast("string"))
        df = df.withColumn("_pointer", F.coalesce(F.col(id_col).cast("string"), row) if id_col in df.columns else row)
    wanted = set(mapping.values()) | set(DEFAULT_FIELDS.values()) | {"_pointer", "_order", "_file"}
    wanted |= {a for aliases in FIELD_ALIASES.values() for a in aliases}
    df = df.select(*[F.col(f"`{c}`") if c == "_order" else F.col(f"`{c}`").cast("string").alias(c)
                     for c in df.columns if c in wanted])
    fn = partial(from_columns, limits=limits, mapping=mapping, published=published)
    return df.mapInPandas(fn, ITEM_SCHEMA)


def split_starts(lines) -> dict:
    """(file, block start) -> the line number of the block's first line: a count per split, summed in
    block order (one small pass over the lines)."""
    counts = lines.groupBy("file", "block").count().collect()
    starts: dict[tuple, int] = {}
    by_file: dict[str, list] = {}
    for r in counts:
        by_file.setdefault(r["file"], []).append((int(r["block"]), int(r["count"])))
    for f, blocks in by_file.items():
        n = 1
        for block, count in sorted(blocks):
            starts[(f, block)] = n
            n += count
    return starts
