"""Two small ASGI wrappers: a request body limit, and security headers on every response."""
from __future__ import annotations

import json

from ..errors import E, EventwireError

DEFAULT_MAX_BODY = 256 * 1024

# the web page loads nothing from anywhere else; charts use Vega's expression interpreter, so no eval;
# inline styles are allowed because Vega's tooltip handler injects its stylesheet
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")
# Swagger UI at /docs starts itself from an inline script
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def error_body(err: EventwireError, status: int) -> bytes:
    return json.dumps({**err.to_dict(), "status": status}).encode("utf-8")


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with a 413 before the app reads it.

    A declared Content-Length over the limit is refused at once; a body sent without
    one (chunked) is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app, limit: int = DEFAULT_MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = None
        for k, v in scope.get("headers") or []:
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = None
        if declared is not None and declared > self.limit:
            return await self._refuse(send, declared)
        chunks, size, more = [], 0, True
        while more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            size += len(body)
            if size > self.limit:
                return await self._refuse(send, size, at_least=True)
            chunks.append(body)
            more = msg.get("more_body", False)
        data = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _refuse(self, send, size: int, at_least: bool = False):
        err = EventwireError(E.BODY_TOO_LARGE, where="body", size=f"{'over ' if at_least else ''}{size}",
                             limit=self.limit)
        body = error_body(err, 413)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """nosniff, no referrer, no framing, and a Content-Security-Policy that keeps the page offline."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        csp = DOCS_CSP if path.endswith("/docs") or "/docs/" in path else PAGE_CSP

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers") or [])
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"), (b"content-security-policy", csp.encode())]
                msg = {**msg, "headers": headers}
            await send(msg)

        return await self.app(scope, receive, send_with_headers)


class ResponseCache:
    """Answers repeated GETs under /v1 from memory.

    The database is opened read-only and, while the server holds it, DuckDB's file lock keeps every
    writer out, so an answer cannot go stale while the server runs.  Only complete 200 answers are kept,
    least recently used first out, within ``max_bytes`` in all; /v1/health is always answered live.  The
    key is everything an answer depends on: path, query string, scheme and Host (``next`` links are
    absolute URLs).  Each answer says ``X-Cache: hit`` or ``miss``.
    """

    def __init__(self, app, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 2 * 1024 * 1024):
        from collections import OrderedDict
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry = min(max_entry, max_bytes)
        self.entries: OrderedDict = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def _key(self, scope):
        if (scope["type"] != "http" or scope["method"] != "GET" or self.max_bytes <= 0
                or not scope["path"].startswith("/v1/") or scope["path"] == "/v1/health"):
            return None
        host = next((v for k, v in scope.get("headers") or [] if k == b"host"), b"")
        return (scope["path"], scope.get("query_string", b""), scope.get("scheme", "http"), host,
                scope.get("root_path", ""))

    async def __call__(self, scope, receive, send):
        key = self._key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            self.hits += 1
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers + [(b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start, chunks, size = None, [], 0

        async def capture(msg):
            nonlocal start, size
            if msg["type"] == "http.response.start":
                start = msg
                msg = {**msg, "headers": list(msg.get("headers") or []) + [(b"x-cache", b"miss")]}
            elif msg["type"] == "http.response.body" and start is not None and size <= self.max_entry:
                chunks.append(msg.get("body", b""))
                size += len(chunks[-1])
                if not msg.get("more_body", False) and start["status"] == 200 and size <= self.max_entry:
                    self._store(key, start["status"], list(start.get("headers") or []), b"".join(chunks))
            await send(msg)

        await self.app(scope, receive, capture)

    def _store(self, key, status: int, headers: list, body: bytes) -> None:
        self.entries[key] = (status, headers, body)
        self.size += len(body)
        while self.size > self.max_bytes and self.entries:
            _, (_, _, old) = self.entries.popitem(last=False)
            self.size -= len(old)
