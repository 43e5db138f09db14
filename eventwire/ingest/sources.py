"""Corpus readers for `eventwire ingest`: one reader per format, gzip for all of them.

``iter_items(paths, mapping)`` walks files and folders and yields, in a stable
order, either an ``Article`` (a record for ``process_batch`` plus where it came
from) or a ``Rejected`` input (reason, detail, pointer and the raw bytes), so
that nothing is lost silently: every input ends up coded or in quarantine.

Formats, by extension (``.gz`` is stripped first):
  .txt                plain text; publication date from a YYYY-MM-DD file-name prefix
  .html .htm          article text, title and date extracted by trafilatura
  .jsonl .ndjson      one JSON object per line
  .csv                one article per row
  .rss .atom .xml     RSS 2.0 or Atom feeds read from disk, one article per item
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .language import detect_language

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv"}
FEED_EXT = {".rss", ".atom", ".xml"}
ALL_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT | FEED_EXT
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})")

DEFAULT_FIELDS = {"id": "id", "text": "text", "published": "published", "title": "title", "url": "url",
                  "source": "source"}
# other names the same fields go by in common dumps
FIELD_ALIASES = {"id": ["doc_id", "article_id", "guid", "uuid"],
                 "text": ["body", "content", "article", "story", "full_text", "maintext"],
                 "published": ["date", "publish_date", "pub_date", "published_at", "date_publish", "pubdate"],
                 "title": ["headline"], "url": ["link", "source_url"], "source": ["outlet", "publisher", "feed"]}


@dataclass
class Article:
    record: dict               # id, text, published, title, url, source, key, pointer
    pointer: str               # file, file:line or file#item
    warnings: list[str] = field(default_factory=list)


@dataclass
class Rejected:
    pointer: str
    reason: str                # empty | binary | encoding | json | missing_text | too_large | language | read | format
    detail: str
    raw: bytes | None = None


@dataclass
class Limits:
    max_bytes: int = 10_000_000     # a bigger input is quarantined as too_large
    max_chars: int = 200_000        # a longer article is coded up to here, with a warning
    min_english: float = 0.5        # language check threshold (see language.py)
    check_language: bool = True


def find_files(paths: list[str]) -> Iterator[Path | str]:
    """Files under the given paths, sorted; unknown extensions are yielded as strings (rejected later)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(x for x in path.rglob("*") if x.is_file() and not x.name.startswith(".")):
                yield f
        else:
            yield path


def _kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    for kind, exts in (("text", TEXT_EXT), ("html", HTML_EXT), ("jsonl", JSONL_EXT), ("csv", CSV_EXT),
                       ("feed", FEED_EXT)):
        if ext in exts:
            return kind
    return None


def decode(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """(text, reason, detail): UTF-8 (with or without BOM) and UTF-16 with a BOM are read as is;
    other encodings are decoded when charset detection is confident, else rejected."""
    if not raw.strip():
        return None, "empty", "no text"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None, None
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.05:
        return None, "binary", "binary data, not text"
    try:
        return raw.decode("utf-8-sig"), None, None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(raw[:200_000]).best()
    except Exception:   # noqa: BLE001 - detection is best effort
        best = None
    if best is not None and best.encoding and best.chaos < 0.2:
        try:
            text = raw.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        # prose has words: a "decoding" without spaces is a guess at noise
        if text and sum(c.isspace() for c in text) / len(text) > 0.05:
            return text, None, f"decoded as {best.encoding}"
    return None, "encoding", f"not UTF-8 (first bad byte at offset {first_bad}) and no encoding detected"


def _control_ratio(b: bytes) -> float:
    if not b:
        return 0.0
    bad = sum(1 for c in b if c < 9 or 13 < c < 32)
    return bad / len(b)


def _open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz":
        raw = gzip.decompress(raw)
    return raw


def _field(obj: dict, name: str, mapping: dict) -> object:
    col = mapping.get(name, DEFAULT_FIELDS[name])
    if col in obj:
        return obj[col]
    if name not in mapping:
        for alt in FIELD_ALIASES.get(name, []):
            if alt in obj:
                return obj[alt]
    return None


def parse_date(value) -> str | None:
    """A metadata date (ISO, RFC 2822 or written out) as YYYY-MM-DD, or None."""
    if value is None:
        return None
    m = _ISO.search(str(value))
    if m:
        return m.group(1)
    try:
        import email.utils
        return email.utils.parsedate_to_datetime(str(value)).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    # a clean metadata date in words ("July 8, 2025", "8 July 2025"): dateparser is good at these
    if not re.search(r"\d{4}", str(value)):
        return None             # "yesterday" in metadata means nothing without a date to count from
    try:
        import dateparser
        d = dateparser.parse(str(value), languages=["en"],
                             settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
        return d.date().isoformat() if d else None
    except Exception:  # noqa: BLE001 - an unreadable date is just a missing one
        return None


def _article(pointer: str, text: str, limits: Limits, *, key: str | None, published=None, title=None,
             url=None, source=None, id_=None, warnings=None, raw: bytes | None = None) -> Article | Rejected:
    warnings = list(warnings or [])
    if not text or not text.strip():
        return Rejected(pointer, "missing_text", "no article text")
    if len(text.encode("utf-8", "ignore")) > limits.max_bytes:
        return Rejected(pointer, "too_large", f"{len(text):,} characters, over the {limits.max_bytes:,}-byte limit")
    if len(text) > limits.max_chars:
        warnings.append(f"{len(text):,} characters: coded up to {limits.max_chars:,}")
    if limits.check_language:
        lang, score = detect_language(text[:20_000])
        if lang != "en" and score is not None:
            return Rejected(pointer, "language", f"not English (looks like {lang}; English score {score:.2f})",
                            _copy(raw) if raw is not None else None)
    rec = {"id": str(id_) if id_ is not None else pointer, "text": text, "published": parse_date(published),
           "title": title, "url": url, "source": source, "key": key or pointer, "pointer": pointer}
    return Article(rec, pointer, warnings)


def iter_items(paths: list[str], mapping: dict | None = None, limits: Limits | None = None,
               published: str | None = None) -> Iterator[Article | Rejected]:
    mapping = mapping or {}
    limits = limits or Limits()
    for f in find_files(paths):
        ptr = str(f)
        if not f.exists():
            yield Rejected(ptr, "read", "no such file")
            continue
        kind = _kind(f)
        if kind is None:
            yield Rejected(ptr, "format", f"unknown file type {''.join(f.suffixes) or '(none)'}")
            continue
        try:
            if f.stat().st_size > limits.max_bytes and kind in ("text", "html"):
                yield Rejected(ptr, "too_large", f"{f.stat().st_size:,} bytes, over the {limits.max_bytes:,}-byte limit")
                continue
            raw = _open_bytes(f)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield Rejected(ptr, "read", f"cannot read: {exc}")
            continue
        if kind == "text":
            yield from _read_text(f, raw, limits, published)
        elif kind == "html":
            yield from _read_html(f, raw, limits, published)
        elif kind == "jsonl":
            yield from _read_jsonl(f, raw, mapping, limits, published)
        elif kind == "csv":
            yield from _read_csv(f, raw, mapping, limits, published)
        else:
            yield from _read_feed(f, raw, limits, published)


def _copy(raw: bytes | None) -> bytes | None:
    return raw if raw is not None and len(raw) <= 1_000_000 else None


def _read_text(f: Path, raw: bytes, limits: Limits, published):
    text, reason, detail = decode(raw)
    if text is None:
        yield Rejected(str(f), reason, detail, _copy(raw))
        return
    m = _DATE_PREFIX.match(f.name)
    yield _article(str(f), text, limits, key=str(f), published=m.group(1) if m else published,
                   warnings=[detail] if detail else None, raw=raw)


def _read_html(f: Path, raw: bytes, limits: Limits, published):
    html, reason, detail = decode(raw)
    if html is None:
        yield Rejected(str(f), reason, detail, _copy(raw))
        return
    import trafilatura
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - a parser failure is this file's problem only
        yield Rejected(str(f), "format", f"HTML extraction failed: {exc}", _copy(raw))
        return
    if extracted is None:
        yield Rejected(str(f), "missing_text", "no article text found in the HTML", _copy(raw))
        return
    get = extracted.get if isinstance(extracted, dict) else (lambda k: getattr(extracted, k, None))
    text = get("text") or ""
    title = get("title")
    if title and text and not text.startswith(title):
        text = f"{title}\n\n{text}"
    m = _DATE_PREFIX.match(f.name)
    yield _article(str(f), text, limits, key=str(f), published=get("date") or (m.group(1) if m else published),
                   title=title, url=get("url"), source=get("sitename"), warnings=[detail] if detail else None)


def _read_jsonl(f: Path, raw: bytes, mapping: dict, limits: Limits, published):
    for n, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        ptr = f"{f}:{n}"
        try:
            s = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejected(ptr, "encoding", f"line is not UTF-8 (byte {exc.start})", line)
            continue
        try:
            obj = json.loads(s)
        except json.JSONDecodeError as exc:
            yield Rejected(ptr, "json", f"invalid JSON: {exc.msg} at column {exc.colno}", line)
            continue
        if not isinstance(obj, dict):
            yield Rejected(ptr, "json", f"expected a JSON object, got {type(obj).__name__}", line)
            continue
        yield _from_mapping(ptr, obj, mapping, limits, published, line)


def _from_mapping(ptr, obj, mapping, limits, published, raw):
    text = _field(obj, "text", mapping)
    if not isinstance(text, str) or not text.strip():
        return Rejected(ptr, "missing_text", f"no text in field {mapping.get('text', 'text')!r}", raw)
    id_ = _field(obj, "id", mapping)
    url = _field(obj, "url", mapping)
    key = f"id:{id_}" if id_ not in (None, "") else (f"url:{url}" if url else ptr)
    return _article(ptr, text, limits, key=key, id_=id_ if id_ not in (None, "") else None, raw=raw,
                    published=_field(obj, "published", mapping) or published, title=_field(obj, "title", mapping),
                    url=url, source=_field(obj, "source", mapping))


def _read_csv(f: Path, raw: bytes, mapping: dict, limits: Limits, published):
    text, reason, detail = decode(raw)
    if text is None:
        yield Rejected(str(f), reason, detail, _copy(raw))
        return
    csv.field_size_limit(max(limits.max_bytes * 2, 1 << 20))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            ptr = f"{f}:{reader.line_num}"
            yield _from_mapping(ptr, row, mapping, limits, published, None)
    except csv.Error as exc:
        yield Rejected(f"{f}:{reader.line_num}", "format", f"broken CSV: {exc}")


def _read_feed(f: Path, raw: bytes, limits: Limits, published):
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        yield Rejected(str(f), "format", f"not a well-formed RSS/Atom file: {exc}", _copy(raw))
        return
    atom = "{http://www.w3.org/2005/Atom}"
    items = root.findall(".//item")
    if items:
        for i, it in enumerate(items, 1):
            title = (it.findtext("title") or "").strip()
            body = it.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or it.findtext("description") or ""
            text = _strip_html(body)
            link = (it.findtext("link") or "").strip() or None
            guid = (it.findtext("guid") or "").strip() or link
            full = f"{title}\n\n{text}" if title else text
            yield _article(f"{f}#item{i}", full, limits, key=f"id:{guid}" if guid else f"{f}#item{i}",
                           id_=guid, published=it.findtext("pubDate") or published, title=title or None,
                           url=link, source=(root.findtext("channel/title") or None))
        return
    entries = root.findall(f"{atom}entry")
    if not entries and root.tag not in ("rss", f"{atom}feed"):
        yield Rejected(str(f), "format", "XML file is neither RSS nor Atom", _copy(raw))
        return
    feed_title = root.findtext(f"{atom}title")
    for i, it in enumerate(entries, 1):
        title = (it.findtext(f"{atom}title") or "").strip()
        body = it.findtext(f"{atom}content") or it.findtext(f"{atom}summary") or ""
        link_el = it.find(f"{atom}link")
        link = link_el.get("href") if link_el is not None else None
        guid = (it.findtext(f"{atom}id") or "").strip() or link
        text = _strip_html(body)
        full = f"{title}\n\n{text}" if title else text
        yield _article(f"{f}#entry{i}", full, limits, key=f"id:{guid}" if guid else f"{f}#entry{i}", id_=guid,
                       published=it.findtext(f"{atom}published") or it.findtext(f"{atom}updated") or published,
                       title=title or None, url=link, source=feed_title)


def _strip_html(s: str) -> str:
    if "<" not in s:
        return s.strip()
    import html as htmlmod
    s = re.sub(r"(?i)<\s*(br|/p|/div|/h\d)\s*/?>", "\n\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"\n{3,}", "\n\n", htmlmod.unescape(s)).strip()
