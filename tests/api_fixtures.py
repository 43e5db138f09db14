"""Fixtures for the API and web tests: the demo database (built once per session) and a live server.

Import the fixtures into a test module (``from api_fixtures import api_db, api_server, api``); the
database and the server are memoised here, so every module shares one of each however many
modules import them.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest

# the demo database and a free port: the same helpers the API load benchmark uses
from eventwire.bench_api import demo_db as build_demo_db, free_port  # noqa: F401 - free_port is imported by tests

ROOT = Path(__file__).resolve().parent.parent
_memo: dict = {}


def file_state(path) -> tuple[str, int, int]:
    """What must not change while the server runs: the file's checksum, size and mtime (ns)."""
    p = Path(path)
    st = p.stat()
    return hashlib.sha256(p.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns



@pytest.fixture(scope="session")
def api_db(tmp_path_factory) -> Path:
    if "db" not in _memo:
        _memo["db"] = build_demo_db(tmp_path_factory.mktemp("api-db"))
        _memo["db_state"] = file_state(_memo["db"])
    return _memo["db"]


@pytest.fixture(scope="session")
def api_db_state(api_db):
    """The database file's checksum, size and mtime right after it was built, before any server opened it."""
    return _memo["db_state"]


def ro_connect(path):
    """A read-only connection of the test's own to the served file (DuckDB wants the server's configuration
    for a second connection to the same file in one process)."""
    import duckdb

    from eventwire.serve.db import READ_ONLY_CONFIG
    return duckdb.connect(str(path), read_only=True, config=dict(READ_ONLY_CONFIG))


class LiveServer:
    """uvicorn serving the app in a thread on a free loopback port."""

    def __init__(self, db: Path, root_path: str = "", **app_kwargs):
        import uvicorn

        from eventwire.serve import create_app
        self.app = create_app(str(db), **app_kwargs)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
                                root_path=root_path)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.db.close()


@pytest.fixture(scope="session")
def api_server(api_db, request) -> LiveServer:
    if "server" not in _memo:
        _memo["server"] = LiveServer(api_db).start()

        def stop():
            srv = _memo.pop("server", None)
            if srv:
                srv.stop()
        request.addfinalizer(stop)
    return _memo["server"]


@pytest.fixture(scope="session")
def api(api_server):
    import httpx
    with httpx.Client(base_url=api_server.url, timeout=60) as client:
        yield client


def chromium_path() -> str | None:
    p = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
    return p if Path(p).exists() else None
