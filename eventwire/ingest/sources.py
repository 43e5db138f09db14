"""The one reader stack of `eventwire code` and `eventwire ingest`: a registry of readers by format.

``iter_items(paths, ...)`` walks files and folders (see ``walk.py`` for what it follows) and yields,
in a stable order, an ``Article`` (a record for ``process_batch`` plus where it came from), a
``Rejected`` input (reason, detail, pointer and, under 1 MB, a byte-exact copy) or a ``Superseded``
record (an earlier record of an article that comes again later in the same inputs: the last wins).
Nothing is lost silently: every input ends up coded, quarantined or reported.

Formats (``READERS``), by extension after ``.gz`` is stripped; ``-`` is standard input:
  txt    .txt            plain text; publication date from a YYYY-MM-DD file-name prefix
  html   .html .htm      article text, title and date extracted by trafilatura
  jsonl  .jsonl .ndjson  one JSON object per line
  csv    .csv            one article per row (a header row names the columns)
  feed   .rss .atom .xml RSS 2.0 or Atom feeds read from disk, one article per item

Every read is bounded by ``Limits.max_bytes``: a whole file for txt, html and feeds, one line or
row for jsonl and csv, after decompression for .gz, so no input can exhaust memory.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from array import array
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Callable, Iterator

from ..records import QuarantineReason as Q
from .decode import clean, decode, decode_line
from .language import detect_language
from .walk import (READ_ERRORS, Input, TooLarge, Unread, lines_bounded, open_input, read_bounded,
                   small_file_bytes, walk)

EXTENSIONS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".csv": "csv", ".rss": "feed", ".atom": "feed", ".xml": "feed"}
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})")
RAW_COPY_LIMIT = 1_000_000       # quarantined inputs up to this size keep a byte-exact copy

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
    reason: Q
    detail: str
    raw: bytes | None = None
    key: str | None = None     # the real path of the file or folder it came from (None: standard input)


@dataclass
class Superseded:
    """A record whose key (id, url or file) comes again later in the same inputs: the later one wins."""
    pointer: str
    key: str
    detail: str


@dataclass
class Limits:
    max_bytes: int = 10_000_000     # a bigger input (file, or JSONL/CSV line or row) is quarantined as too_large
    max_chars: int = 200_000        # a longer article is coded up to here, with a warning
    min_english: float = 0.5        # language check threshold (see language.py)
    check_language: bool = True


@dataclass
class Source:
    """One opened input, as a reader sees it."""
    inp: Input
    fh: BinaryIO
    limits: Limits
    mapping: dict
    published: str | None

    @property
    def pointer(self) -> str:
        return self.inp.pointer

    @property
    def name(self) -> str:
        return self.inp.pointer.replace("\\", "/").rsplit("/", 1)[-1]


def format_of(name: str) -> str | None:
    """The reader format of a file name ('story.html' -> 'html', 'feed.rss.gz' -> 'feed'), or None."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    dot = low.rfind(".")
    return EXTENSIONS.get(low[dot:]) if dot > low.rfind("/") else None


def _copy(raw: bytes | None) -> bytes | None:
    return raw if raw is not None and len(raw) <= RAW_COPY_LIMIT else None


def _text_or_none(v) -> str | None:
    """Metadata as text: strings as they are (surrogates cleaned), numbers as written, others dropped."""
    if v is None or isinstance(v, (dict, list)):
        return None
    s = v if isinstance(v, str) else json.dumps(v)
    s = clean(s)[0].strip()
    return s or None


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
    value = clean(str(value))[0]
    m = _ISO.search(value)
    if m:
        import datetime as dt
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    try:
        import email.utils
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    # a clean metadata date in words ("July 8, 2025", "8 July 2025"): dateparser is good at these
    if not re.search(r"\d{4}", value) or len(value) > 100:
        return None             # "yesterday" in metadata means nothing without a date to count from
    try:
        import dateparser
        d = dateparser.parse(value, languages=["en"],
                             settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
        return d.date().isoformat() if d else None
    except Exception:  # noqa: BLE001 - an unreadable date is just a missing one
        return None


def _article(pointer: str, text: str, limits: Limits, *, key: str, published=None, default_published=None,
             title=None, url=None, source=None, id_=None, warnings=None, raw: bytes | None = None,
             ) -> Article | Rejected:
    """The checks every reader's article goes through: text, size, length, language, metadata."""
    warnings = [w for w in (warnings or []) if w]
    text, n_bad = clean(text) if isinstance(text, str) else ("", 0)
    if n_bad:
        warnings.append(f"{n_bad} lone surrogate code point(s) read as U+FFFD")
    if not text.strip():
        return Rejected(pointer, Q.MISSING_TEXT, "no article text", _copy(raw), key)
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        return Rejected(pointer, Q.TOO_LARGE, f"{size:,} bytes of text, over the {limits.max_bytes:,}-byte limit",
                        None, key)
    if len(text) > limits.max_chars:
        warnings.append(f"{len(text):,} characters: coded up to {limits.max_chars:,}")
    if limits.check_language:
        lang, score = detect_language(text[:20_000])
        if lang != "en" and score is not None:
            return Rejected(pointer, Q.LANGUAGE, f"not English (looks like {lang}; English score {score:.2f})",
                            _copy(raw), key)
    pub = parse_date(published) if published not in (None, "") else None
    if published not in (None, "") and pub is None:
        warnings.append(f"published {str(published)[:40]!r} is not a date; "
                        + (f"using {default_published}" if default_published else "left empty"))
    rec = {"id": _text_or_none(id_) or pointer, "text": text, "published": pub or default_published,
           "title": _text_or_none(title), "url": _text_or_none(url), "source": _text_or_none(source),
           "key": key, "pointer": pointer}
    return Article(rec, pointer, warnings)


# ------------------------------------------------------------------ readers, one per format
def read_txt(src: Source) -> Iterator[Article | Rejected]:
    raw = read_bounded(src.fh, src.limits.max_bytes)
    d = decode(raw)
    if d.text is None:
        yield Rejected(src.pointer, d.reason, d.detail, _copy(raw), src.inp.key)
        return
    m = _DATE_PREFIX.match(src.name)
    yield _article(src.pointer, d.text, src.limits, key=src.inp.key, published=m.group(1) if m else None,
                   default_published=src.published, warnings=[d.detail], raw=raw)


def read_html(src: Source) -> Iterator[Article | Rejected]:
    raw = read_bounded(src.fh, src.limits.max_bytes)
    d = decode(raw)
    if d.text is None:
        yield Rejected(src.pointer, d.reason, d.detail, _copy(raw), src.inp.key)
        return
    import trafilatura
    try:
        extracted = trafilatura.bare_extraction(d.text, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - a parser failure is this file's problem only
        yield Rejected(src.pointer, Q.FORMAT, f"HTML extraction failed: {exc}", _copy(raw), src.inp.key)
        return
    if extracted is None:
        yield Rejected(src.pointer, Q.MISSING_TEXT, "no article text found in the HTML", _copy(raw), src.inp.key)
        return
    get = extracted.get if isinstance(extracted, dict) else (lambda k: getattr(extracted, k, None))
    text = get("text") or ""
    title = get("title")
    if title and text and not text.startswith(title):
        text = f"{title}\n\n{text}"
    m = _DATE_PREFIX.match(src.name)
    yield _article(src.pointer, text, src.limits, key=src.inp.key, published=get("date") or (m.group(1) if m else None),
                   default_published=src.published, title=title, url=get("url"), source=get("sitename"),
                   warnings=[d.detail], raw=raw)


def read_jsonl(src: Source) -> Iterator[Article | Rejected]:
    for n, line in enumerate(lines_bounded(src.fh, src.limits.max_bytes), 1):
        ptr = f"{src.pointer}:{n}"
        if isinstance(line, TooLarge):
            yield Rejected(ptr, Q.TOO_LARGE, str(line), None, f"{src.inp.key}:{n}")
            continue
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        d = decode_line(line)
        if d.text is None:
            yield Rejected(ptr, Q.ENCODING, f"line {d.detail}", line, f"{src.inp.key}:{n}")
            continue
        try:
            obj = json.loads(d.text)
        except json.JSONDecodeError as exc:
            yield Rejected(ptr, Q.JSON, f"invalid JSON: {exc.msg} at column {exc.colno}", line, f"{src.inp.key}:{n}")
            continue
        except RecursionError:
            yield Rejected(ptr, Q.JSON, "invalid JSON: nested too deeply", line, f"{src.inp.key}:{n}")
            continue
        if not isinstance(obj, dict):
            yield Rejected(ptr, Q.JSON, f"expected a JSON object, got {type(obj).__name__}", line,
                           f"{src.inp.key}:{n}")
            continue
        yield _from_mapping(src, ptr, f"{src.inp.key}:{n}", obj, line, [d.detail])


def _from_mapping(src: Source, ptr: str, own_key: str, obj: dict, raw: bytes | None, warnings=None):
    text = _field(obj, "text", src.mapping)
    if not isinstance(text, str) or not text.strip():
        return Rejected(ptr, Q.MISSING_TEXT, f"no text in field {src.mapping.get('text', 'text')!r}", _copy(raw),
                        own_key)
    id_ = _text_or_none(_field(obj, "id", src.mapping))
    url = _text_or_none(_field(obj, "url", src.mapping))
    key = f"id:{id_}" if id_ else (f"url:{url}" if url else own_key)
    return _article(ptr, text, src.limits, key=key, id_=id_, raw=raw, published=_field(obj, "published", src.mapping),
                    default_published=src.published, title=_field(obj, "title", src.mapping), url=url,
                    source=_field(obj, "source", src.mapping), warnings=warnings)


def read_feed(src: Source) -> Iterator[Article | Rejected]:
    raw = read_bounded(src.fh, src.limits.max_bytes)
    try:
        root = ET.fromstring(raw)
    except (ET.ParseError, ValueError, RecursionError) as exc:
        yield Rejected(src.pointer, Q.FORMAT, f"not a well-formed RSS/Atom file: {exc}", _copy(raw), src.inp.key)
        return
    atom = "{http://www.w3.org/2005/Atom}"
    items = root.findall(".//item")
    entries = root.findall(f"{atom}entry")
    if not items and not entries and root.tag not in ("rss", f"{atom}feed"):
        yield Rejected(src.pointer, Q.FORMAT, "XML file is neither RSS nor Atom", _copy(raw), src.inp.key)
        return
    for i, it in enumerate(items, 1):
        title = (it.findtext("title") or "").strip()
        body = it.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or it.findtext("description") or ""
        link = (it.findtext("link") or "").strip() or None
        guid = (it.findtext("guid") or "").strip() or link
        yield _feed_item(src, f"#item{i}", title, body, guid, link, it.findtext("pubDate"),
                         root.findtext("channel/title"))
    for i, it in enumerate(entries, 1):
        link_el = it.find(f"{atom}link")
        link = link_el.get("href") if link_el is not None else None
        guid = (it.findtext(f"{atom}id") or "").strip() or link
        yield _feed_item(src, f"#entry{i}", (it.findtext(f"{atom}title") or "").strip(),
                         it.findtext(f"{atom}content") or it.findtext(f"{atom}summary") or "", guid, link,
                         it.findtext(f"{atom}published") or it.findtext(f"{atom}updated"),
                         root.findtext(f"{atom}title"))


def _feed_item(src: Source, anchor: str, title: str, body: str, guid, link, published, feed_title):
    text = _strip_html(body)
    full = f"{title}\n\n{text}" if title and text else (text or title)
    ptr = src.pointer + anchor
    return _article(ptr, full, src.limits, key=f"id:{guid}" if guid else src.inp.key + anchor, id_=guid,
                    published=published, default_published=src.published, title=title or None, url=link,
                    source=feed_title)


def _strip_html(s: str) -> str:
    if "<" not in s:
        return s.strip()
    import html as htmlmod
    s = re.sub(r"(?i)<\s*(br|/p|/div|/h\d)\s*/?>", "\n\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"\n{3,}", "\n\n", htmlmod.unescape(s)).strip()


from .csvread import read_csv  # noqa: E402 - the CSV reader lives in its own module

READERS: dict[str, Callable[[Source], Iterator[Article | Rejected]]] = {
    "txt": read_txt, "html": read_html, "jsonl": read_jsonl, "csv": read_csv, "feed": read_feed}
KEYED = ("jsonl", "csv", "feed")     # formats whose records carry their own id or url


# ------------------------------------------------------------------ walking and reading
def read_input(inp: Input, fmt: str, limits: Limits, mapping: dict, published) -> Iterator[Article | Rejected]:
    """Every item of one input, through the reader of its format; errors of reading become rejects."""
    try:
        with open_input(inp) as fh:
            yield from read_stream(Source(inp, fh, limits, mapping, published), fmt, lambda: _raw_copy(inp))
    except READ_ERRORS as exc:                  # opening failed
        yield Rejected(inp.pointer, Q.READ, f"cannot read: {getattr(exc, 'strerror', None) or exc}",
                       _raw_copy(inp), inp.key)


def read_stream(src: Source, fmt: str, raw_copy: Callable[[], bytes | None] = lambda: None
                ) -> Iterator[Article | Rejected]:
    """Every item of an open stream through the reader of ``fmt``; a stream that breaks off (a bad
    gzip, an I/O error) or runs over the limit ends in one more reject, never an exception."""
    inp = src.inp
    try:
        for it in READERS[fmt](src):
            if isinstance(it, Rejected):
                it.key = inp.key          # quarantine rows are settled per file (Store.settle_quarantine)
            elif isinstance(it, Article):
                it.record["file_key"] = inp.key
            yield it
    except TooLarge as exc:
        yield Rejected(inp.pointer, Q.TOO_LARGE, str(exc), raw_copy(), inp.key)
    except READ_ERRORS as exc:
        yield Rejected(inp.pointer, Q.READ, f"cannot read: {getattr(exc, 'strerror', None) or exc}",
                       raw_copy(), inp.key)


def _raw_copy(inp: Input) -> bytes | None:
    """The file's bytes as stored (compressed, for .gz), when it is a small regular file."""
    return small_file_bytes(inp.path, RAW_COPY_LIMIT) if inp.path is not None else None


def _plan_inputs(paths, fmt, fallback) -> list[tuple[Input, str] | Rejected]:
    out: list[tuple[Input, str] | Rejected] = []
    for it in walk(paths):
        if isinstance(it, Unread):
            out.append(Rejected(it.pointer, it.reason, it.detail, None, it.key))
            continue
        kind = fmt or ((fallback or "txt") if it.path is None else format_of(it.path) or fallback)
        if kind is None:
            name = it.pointer.rsplit("/", 1)[-1]
            ext = name[name.find("."):] if "." in name else "(none)"
            out.append(Rejected(it.pointer, Q.FORMAT, f"unknown file type {ext}", _raw_copy(it), it.key))
            continue
        out.append((it, kind))
    return out


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _repeated(plan, limits: Limits, mapping: dict) -> tuple[dict[int, int], int]:
    """(key hash -> number of articles with it, for keys that repeat; number of items): a first pass
    over the inputs, 8 bytes of memory per article."""
    hashes = array("Q")
    n = 0
    quick = replace(limits, check_language=False)
    for entry in plan:
        if isinstance(entry, Rejected):
            n += 1
            continue
        inp, kind = entry
        if kind not in KEYED or inp.path is None:
            hashes.append(_hash(inp.key))
            n += 1
            continue
        for it in read_input(inp, kind, quick, mapping, None):
            n += 1
            if isinstance(it, Article):
                hashes.append(_hash(it.record["key"]))
    if len(hashes) < 2:
        return {}, n
    import numpy as np
    uniq, counts = np.unique(np.frombuffer(hashes, dtype=np.uint64), return_counts=True)
    return {int(u): int(c) for u, c in zip(uniq[counts > 1], counts[counts > 1])}, n


class Corpus:
    """The items of some paths, in order: ``total`` (for progress bars) and iteration."""

    def __init__(self, paths: list[str], mapping: dict | None = None, limits: Limits | None = None,
                 published: str | None = None, fmt: str | None = None, fallback: str | None = None):
        self.mapping = mapping or {}
        self.limits = limits or Limits()
        self.published = published
        self.plan = _plan_inputs(paths, fmt, fallback)
        self.repeats, self.total = _repeated(self.plan, self.limits, self.mapping)

    def __iter__(self) -> Iterator[Article | Rejected | Superseded]:
        left = dict(self.repeats)
        for entry in self.plan:
            if isinstance(entry, Rejected):
                yield entry
                continue
            inp, kind = entry
            for it in read_input(inp, kind, self.limits, self.mapping, self.published):
                if isinstance(it, Article) and left:
                    h = _hash(it.record["key"])
                    if left.get(h, 0) > 1:
                        left[h] -= 1
                        yield Superseded(it.pointer, it.record["key"],
                                         f"{_key_words(it.record['key'])} comes again later in these inputs; "
                                         "the last one is kept")
                        continue
                yield it


def _key_words(key: str) -> str:
    if key.startswith("id:"):
        return f"id {key[3:]!r}"
    if key.startswith("url:"):
        return f"url {key[4:]!r}"
    return f"the file {key}"


def iter_items(paths: list[str], mapping: dict | None = None, limits: Limits | None = None,
               published: str | None = None, fmt: str | None = None,
               fallback: str | None = None) -> Iterator[Article | Rejected | Superseded]:
    """Every item under ``paths``; ``fmt`` forces one format, ``fallback`` reads files of unknown type
    (and standard input) with that format instead of rejecting them."""
    return iter(Corpus(paths, mapping, limits, published, fmt, fallback))
