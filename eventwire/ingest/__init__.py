"""Ingest: turn raw input into Document records (headline, dateline, body)."""
from .document import make_document

__all__ = ["make_document"]
