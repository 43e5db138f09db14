"""The served database: opened once, read-only, with one cursor per request.

A DuckDB connection is not thread-safe; ``Database.cursor()`` hands each request
its own cursor on the shared read-only instance and closes it afterwards.  The
connection also forbids file access from SQL (``enable_external_access``) and
locks its configuration, so even a query text that went wrong could neither
read other files nor change a setting.
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import duckdb
import yaml

from ..data import DATA_DIR
from ..errors import E, StoreError

# One DuckDB thread per query by default: the API runs many small queries at once, one per request,
# and spreading each over every core costs more than it gains (see eventwire/bench_api.py).
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True, "threads": 1}


def open_read_only(path: str, threads: int = 1) -> duckdb.DuckDBPyConnection:
    """Open ``path`` read-only, turning DuckDB's errors into catalogue errors."""
    p = Path(path)
    if not p.is_file():
        raise StoreError(E.DB_MISSING, where=str(path))
    try:
        return duckdb.connect(str(p), read_only=True, config={**READ_ONLY_CONFIG, "threads": max(1, threads)})
    except duckdb.IOException as exc:
        text = str(exc).lower()
        if "lock" in text:
            raise StoreError(E.DB_LOCKED, where=str(path)) from exc
        raise StoreError(E.DB_NOT_DUCKDB, where=str(path)) from exc
    except duckdb.Error as exc:
        raise StoreError(E.DB_FAILED, where=str(path), detail=str(exc).splitlines()[0]) from exc


def kb_codes() -> dict[str, str]:
    """Every country, IGO and group code of the bundled knowledge base -> a display name."""
    names: dict[str, str] = {}
    for fname, key in (("countries.yaml", "countries"), ("igos.yaml", "igos"), ("groups.yaml", "groups")):
        doc = yaml.safe_load((DATA_DIR / "kb" / fname).read_text(encoding="utf-8")) or {}
        for item in doc.get(key) or []:
            code = item.get("code") if isinstance(item, dict) else None
            if code and key != "groups":
                names[str(code).upper()] = item.get("name") or code
            elif code:
                names.setdefault(str(code).upper(), str(code).upper())
    return names


class Database:
    """The read-only DuckDB database behind the API."""

    def __init__(self, path: str, threads: int = 1):
        self.path = str(path)
        self.con = open_read_only(self.path, threads)
        self._lock = threading.Lock()
        with self.cursor() as cur:
            tables = {r[0] for r in cur.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
            missing = {"events", "documents", "entities"} - tables
            if missing:
                self.close()
                raise StoreError(E.DB_NOT_DUCKDB, where=self.path)
            cols = {r[0] for r in cur.execute("DESCRIBE events").fetchall()}
            self.clustered = "event_clusters" in tables and "cluster_id" in cols
            self.has_runs = "runs" in tables
            db_codes = {r[0] for r in cur.execute(
                "SELECT DISTINCT code FROM entities WHERE code IS NOT NULL").fetchall()}
        self.names = kb_codes()
        self.codes = frozenset(self.names) | frozenset(c.upper() for c in db_codes)

    @contextlib.contextmanager
    def cursor(self):
        """A cursor of its own for one request; closed when the request is done."""
        with self._lock:            # creating cursors concurrently is not documented as safe
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def name_of(self, code: str) -> str | None:
        return self.names.get(code)

    def close(self) -> None:
        self.con.close()
