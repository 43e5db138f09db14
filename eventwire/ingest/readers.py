"""Readers for the inputs of `eventwire code`: text files, stdin and JSON Lines.

Each reader yields (record, error) pairs: a record is a dict for
``process_batch``; an error is a message naming the file or line and the
reason.  A bad input never stops the others.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Iterator

from .sources import parse_date

_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def read_text_file(path: str, published: str | None = None) -> tuple[dict | None, str | None]:
    if path == "-":
        text = sys.stdin.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            return None, f"{path}: no such file"
        if p.is_dir():
            return None, f"{path}: is a directory (give the files, e.g. {path}/*.txt)"
        raw = p.read_bytes()
        if not raw.strip():
            return None, f"{path}: empty file"
        if b"\x00" in raw[:4096]:
            return None, f"{path}: binary file, not text"
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, f"{path}: not UTF-8 text (byte {exc.start})"
        name = path
        m = _DATE_PREFIX.match(p.name)
        if m:
            published = m.group(1)   # metadata in the file name beats the --published default
    if not text.strip():
        return None, f"{name}: empty text"
    return {"id": name, "text": text, "published": published, "source": None}, None


def read_jsonl(path: str, published: str | None = None) -> Iterator[tuple[dict | None, str | None]]:
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="strict")
    except OSError as exc:
        yield None, f"{path}: cannot open ({exc.strerror})"
        return
    with fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError as exc:
                yield None, f"{path}:{lineno + 1}: not UTF-8 ({exc.reason}); stopped reading this file"
                return
            if not line:
                break
            lineno += 1
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield None, f"{path}:{lineno}: invalid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict):
                yield None, f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}"
                continue
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                yield None, f"{path}:{lineno}: missing or empty 'text'"
                continue
            raw_date = obj.get("published")
            pub = parse_date(raw_date) if raw_date else None
            if raw_date and pub is None:
                yield None, (f"{path}:{lineno}: id {obj.get('id')!r}: 'published' {raw_date!r} is not a date "
                             "(YYYY-MM-DD, or a full date such as 'July 8, 2025')")
                continue
            rec = {"id": str(obj.get("id") if obj.get("id") is not None else f"{path}:{lineno}"),
                   "text": text, "published": pub or published,
                   "title": obj.get("title"), "source": obj.get("source"), "url": obj.get("url"),
                   "line": lineno}
            yield rec, None
