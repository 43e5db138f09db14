"""`eventwire serve`: a read-only HTTP API and web page over an eventwire database.

    from eventwire.serve import create_app
    app = create_app("eventwire.duckdb")      # FastAPI; run it with uvicorn

See docs/readme-parts/api.md for the endpoints.
"""
from __future__ import annotations


def create_app(*args, **kwargs):
    """Import FastAPI only when an app is wanted (the CLI builds its parser without it)."""
    from .app import create_app as _create
    return _create(*args, **kwargs)


__all__ = ["create_app"]
