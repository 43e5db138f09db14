"""`eventwire serve --db FILE [--host 127.0.0.1 --port 8000]`: the API and web page on uvicorn.

Kept free of FastAPI imports so that building the CLI's parser stays fast.
"""
from __future__ import annotations

import ipaddress
import sys

from .middleware import DEFAULT_MAX_BODY


def add_arguments(p) -> None:
    p.add_argument("--db", default="eventwire.duckdb", help="the database to serve (opened read-only)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--root-path", default="",
                   help="URL prefix when a reverse proxy serves the app under a path, e.g. /eventwire")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                   help="proxies whose X-Forwarded-For/-Proto headers are trusted (comma-separated, or *)")
    p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY,
                   help=f"largest request body in bytes; larger ones get 413 (default {DEFAULT_MAX_BODY})")
    p.add_argument("--db-threads", type=int, default=1,
                   help="DuckDB threads per query (default 1: many small queries run side by side)")
    p.add_argument("--cache-mb", type=float, default=64,
                   help="memory for answers to repeated GETs (the database cannot change while served); 0: none")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args, parser=None) -> int:
    import uvicorn

    from ..errors import EventwireError
    from .app import create_app
    if not _loopback(args.host):
        print(f"eventwire: warning: binding to {args.host} makes the API reachable from other machines; "
              "put it behind a reverse proxy with TLS (see docs/readme-parts/api.md)", file=sys.stderr)
    try:
        app = create_app(args.db, max_body=args.max_body, threads=args.db_threads, cache_mb=args.cache_mb)
    except EventwireError as exc:
        print(f"eventwire: {exc.render()}", file=sys.stderr)
        return 2
    behind = f"; behind a proxy at {args.root_path}/" if args.root_path else ""
    print(f"eventwire: serving {args.db} read-only on http://{args.host}:{args.port}/ "
          f"(API under /v1, docs at /docs{behind})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips,
                log_level=args.log_level, access_log=args.log_level in ("info", "debug"), server_header=False,
                root_path=args.root_path)
    return 0
