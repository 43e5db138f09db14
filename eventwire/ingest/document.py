"""Build a Document from raw text: headline, dateline and the body to code."""
from __future__ import annotations

import datetime as dt
import re

from ..records import Document
from .dateline import parse_dateline

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _split_headline(text: str) -> tuple[str | None, int]:
    """A first line followed by a blank line, short and not a sentence with a final stop, is a headline;
    so is such a line followed by a single line break ("Georgians rally ...\nOn March 7 ...") when it
    has no final stop."""
    m = re.match(r"\s*([^\n]{3,200})\n\s*\n", text)
    single = False
    if not m:
        m = re.match(r"\s*([^\n]{3,160})\n(?=\S)", text)
        single = True
    if not m:
        return None, 0
    line = m.group(1).strip()
    if line.endswith((".", '"', "?", "!")) and (single or len(line) > 120):
        return None, 0
    if line.endswith(".") and not line.endswith("...") and len(line.split()) > 4:
        return None, 0          # "Police in Lesotho arrested an opposition leader on Monday." opens the story
    if single and (line.endswith((",", ";", ":")) or len(line.split()) < 3):
        return None, 0
    if parse_dateline(line):
        return None, 0
    return line, m.end()


def make_document(text: str, published: str | None = None, title: str | None = None,
                  source: str | None = None, url: str | None = None, doc_id: str | None = None) -> Document:
    """Normalise one article into a Document; the body offset skips headline and dateline.

    Lone surrogates (which no encoder accepts) are read as U+FFFD, one for one, so offsets hold."""
    text = _SURROGATE.sub("\ufffd", text)
    title, source, url = (_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in (title, source, url))
    if published and not _ISO_DATE.match(published):
        raise ValueError(f"published date {published!r} is not YYYY-MM-DD")
    if published:
        dt.date.fromisoformat(published[:10])          # ValueError for 2026-13-45
    published = published[:10] if published else None
    head, body_start = _split_headline(text)
    if title is None:
        title = head
    # skip leading white space of the body
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    dateline = parse_dateline(text[body_start:], offset=body_start, published=published)
    if dateline is None:
        # a sub-headline line before the dateline ("Egypt rejects relocation plan\nCAIRO (AP) — ...")
        sub = re.match(r"([^\n]{3,200})\n\s*(?=\S)", text[body_start:])
        if sub and not sub.group(1).rstrip().endswith((".", "?", "!", '"', ",", ";", ":")):
            dateline = parse_dateline(text[body_start + sub.end():], offset=body_start + sub.end(),
                                      published=published)
    if dateline:
        body_start = dateline.end
    doc = Document(text=text, title=title, published=published, source=source, url=url,
                   body_start=body_start, dateline=dateline)
    if doc_id:
        doc.doc_id = str(doc_id)
    if doc.source is None and dateline and dateline.agency:
        doc.source = dateline.agency
    return doc
