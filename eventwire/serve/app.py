"""The FastAPI application: the /v1 API, the web page at /, offline docs at /docs.

``create_app(db)`` opens the database read-only once; every request gets its
own cursor.  Errors are JSON objects with a code from :mod:`eventwire.errors`:
``{"code", "message", "hint", "where", "status"}``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import E, EventwireError
from .db import Database
from .middleware import DEFAULT_MAX_BODY, BodyLimit, ResponseCache, SecurityHeaders

log = logging.getLogger("eventwire.serve")
STATIC = Path(__file__).resolve().parent / "static"
STATUS = {"EW601": 413, "EW604": 404, "EW605": 409, "EW606": 405, "EW607": 500,
          "EW301": 503, "EW302": 503, "EW303": 503, "EW304": 503}
TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False, "auto_configure": False}
DESCRIPTION = """PLOVER political events coded from news by eventwire, each with the text spans and the
`why` that justify it. The database is served read-only. Errors are JSON objects with a code from
eventwire's error catalogue (`code`, `message`, `hint`, `where`, `status`)."""


def error_response(err: EventwireError, status: int | None = None) -> JSONResponse:
    status = status or STATUS.get(err.code) or (503 if err.code.startswith("EW0") else 422)   # EW0xx: set-up
    return JSONResponse({**err.to_dict(), "status": status}, status_code=status)


async def on_eventwire_error(request: Request, exc: EventwireError):
    return error_response(exc)


async def on_validation_error(request: Request, exc: RequestValidationError):
    """FastAPI's own checks (types, ranges, enumerations) in the catalogue's shape, naming the parameter."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    where = ".".join(loc) or "request"
    kind = str(first.get("type", ""))
    if kind.startswith("date"):
        err = EventwireError(E.BAD_DATE, where=where, value=first.get("input"))
    else:
        err = EventwireError(E.BAD_PARAMETER, where=where, detail=_clean(first.get("msg", "invalid value")))
    body = {**err.to_dict(), "status": 422,
            "errors": [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": _clean(e.get("msg", ""))}
                       for e in errors[:20]]}
    return JSONResponse(body, status_code=422)


def _clean(msg) -> str:
    return str(msg)[:300]


async def on_http_error(request: Request, exc: StarletteHTTPException):
    if exc.status_code == 404:
        err = EventwireError(E.NOT_FOUND, where="path", what="path", value=request.url.path[:200])
    elif exc.status_code == 405:
        err = EventwireError(E.METHOD_NOT_ALLOWED, method=request.method, path=request.url.path[:200])
    else:
        err = EventwireError(E.BAD_PARAMETER, where="request", detail=_clean(exc.detail))
    return error_response(err, exc.status_code)


async def on_unexpected(request: Request, exc: Exception):
    log.exception("unexpected error on %s", request.url.path)
    return error_response(EventwireError(E.INTERNAL, detail=type(exc).__name__), 500)


def create_app(db: str | Database, max_body: int = DEFAULT_MAX_BODY, threads: int = 1,
               cache_mb: float = 64) -> FastAPI:
    """The app over the database at ``db`` (a path, opened read-only with ``threads`` DuckDB threads per
    query, or an open :class:`Database`); answers to repeated GETs are kept in ``cache_mb`` MB (0: none).
    Behind a reverse proxy under a path, give the path to the server (uvicorn's ``root_path``)."""
    from ..pipeline import VERSION
    from .api import router
    database = db if isinstance(db, Database) else Database(db, threads)
    app = FastAPI(title="eventwire API", version=VERSION, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  telemetry=TELEMETRY_OFF,
                  exception_handlers={EventwireError: on_eventwire_error,
                                      RequestValidationError: on_validation_error,
                                      StarletteHTTPException: on_http_error, Exception: on_unexpected})
    app.state.db = database
    app.state.max_body = max_body
    app.include_router(router)
    _web(app)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(ResponseCache, max_bytes=int(cache_mb * 1024 * 1024))
    app.add_middleware(SecurityHeaders)
    return app


def _web(app: FastAPI) -> None:
    """The page at /, its static files (the vendored libraries included), and Swagger UI from them."""
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(openapi_url=root + app.openapi_url, title="eventwire API",
                                   swagger_js_url=root + "/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url=root + "/static/vendor/swagger-ui.css",
                                   swagger_favicon_url=root + "/static/favicon.svg")
