"""The inputs of `eventwire code`, through the same reader registry as `eventwire ingest`.

Positional inputs are read by their extension (``story.html``, ``feed.rss.gz``, ``dump.jsonl``);
a file of unknown type, and ``-`` (standard input), is read as plain text.  ``--jsonl`` inputs
are read as JSON Lines whatever their name.  See ``sources.py`` for the formats.
"""
from __future__ import annotations

from typing import Iterator

from .sources import Article, Corpus, Limits, Rejected, Superseded


def code_inputs(files: list[str], jsonl: list[str], published: str | None = None,
                limits: Limits | None = None) -> Iterator[Article | Rejected | Superseded]:
    """The items of `eventwire code`'s inputs: positional files first, then the --jsonl files."""
    if files:
        yield from Corpus(files, limits=limits, published=published, fallback="txt")
    if jsonl:
        yield from Corpus(jsonl, limits=limits, published=published, fmt="jsonl")


def read_text_file(path: str, published: str | None = None) -> tuple[dict | None, str | None]:
    """One text file as a record for ``process_batch``, or (None, the reason it cannot be read)."""
    for it in Corpus([path], limits=Limits(check_language=False), published=published, fallback="txt"):
        if isinstance(it, Article):
            return it.record, None
        if isinstance(it, Rejected):
            return None, f"{it.pointer}: {it.reason.value}: {it.detail}"
    return None, f"{path}: nothing to read"
