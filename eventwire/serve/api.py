"""The /v1 endpoints.  Every handler reads through its own cursor and parameterised queries."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path as PathParam, Query, Request
from pydantic import BaseModel, Field

from ..errors import E, EventwireError
from . import formats, queries, stats
from .formats import JSONBody
from .params import (EventFilters, Format, Period, Sort, check_code, event_filters, parse_date)


class ErrorBody(BaseModel):
    code: str = Field(description="error code from eventwire's catalogue, e.g. EW603")
    message: str
    hint: str
    where: str | None = Field(None, description="the parameter or part of the request the error concerns")
    status: int


class EventPage(BaseModel):
    total: int
    page: int
    limit: int
    next: str | None
    rows: list[dict[str, Any]]


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="the article: headline, blank line, body (or just a body)")
    published: str | None = Field(None, description="publication date, YYYY-MM-DD",
                                  json_schema_extra={"format": "date"})
    source: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=500)


ERRORS = {422: {"model": ErrorBody, "description": "a parameter is not valid; `where` names it"},
          404: {"model": ErrorBody, "description": "no such item"},
          409: {"model": ErrorBody, "description": "the database has not been clustered"}}
EVENT_FORMATS = {200: {"model": EventPage, "content": {"text/csv": {}, "application/vnd.apache.parquet": {},
                                                       "application/geo+json": {}}}}
router = APIRouter(prefix="/v1", responses=ERRORS, default_response_class=JSONBody)
_code_lock = threading.Lock()
Id = Annotated[str, PathParam(max_length=64)]


def self_url(request: Request, **params) -> str:
    """This request's absolute URL with ``params`` changed, the proxy's path prefix (root_path) included."""
    root = request.scope.get("root_path", "").rstrip("/")
    url = request.url
    if root and not url.path.startswith(root + "/"):
        url = url.replace(path=root + url.path)
    return str(url.include_query_params(**params))


def _db(request: Request):
    return request.app.state.db


def _need_clusters(request: Request, where: str | None = None) -> None:
    if not _db(request).clustered:
        raise EventwireError(E.NOT_CLUSTERED, where=where)


@router.get("/events", summary="Events, filtered and paged", responses=EVENT_FORMATS, tags=["events"])
def list_events(request: Request, f: Annotated[EventFilters, Depends(event_filters)],
                limit: Annotated[int, Query(ge=1, le=10000)] = 100,
                page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                sort: Sort = Sort.date, format: Format = Format.json):
    """One row per mention (an event as one document tells it), or with `deduplicated=true` one row per
    clustered event with its `num_mentions`, `num_sources` and `num_documents`.  Negated events are left
    out unless `aux` asks for them.  `total` counts every matching row; `next` is the next page's URL."""
    db = _db(request)
    if f.deduplicated:
        _need_clusters(request, "deduplicated")
    offset = (page - 1) * limit
    with db.cursor() as cur:
        total = queries.count_events(cur, f, db.clustered)
        columns, rows = queries.page_of_events(cur, f, db.clustered, sort.value, limit, offset)
    next_url = self_url(request, page=page + 1) if offset + len(rows) < total else None
    if format == Format.parquet:
        return formats.as_parquet(columns, rows, total, next_url)
    rows = [{k: queries.plain(v) for k, v in r.items()} for r in rows]
    if format == Format.csv:
        return formats.as_csv(rows, columns, total, next_url)
    if format == Format.geojson:
        return formats.as_geojson(rows, total, page, limit, next_url)
    return formats.as_json(rows, total, page, limit, next_url)


@router.get("/events/{event_id}", summary="One event: the full record, its mentions and sources", tags=["events"])
def get_event(request: Request, event_id: Id):
    """`event_id` is a mention's id or a clustered event's `cluster_id`.  The answer holds the mention's
    full record (spans, `why`, the sentence), the cluster, every mention of it and their documents."""
    with _db(request).cursor() as cur:
        rec = queries.event_row(cur, event_id)
        if rec is None:
            raise EventwireError(E.NOT_FOUND, where="event_id", what="event", value=event_id)
        cluster, mentions, docs = queries.cluster_of(cur, rec["event_id"])
    if not mentions:
        mentions = [rec]
    return {"event": rec, "cluster": cluster, "mentions": mentions, "documents": docs}


def _spans(rec: dict, text: str) -> list[dict]:
    """Every span of one event: trigger, actors, recipients, date, place, as offsets into ``text``."""
    out = []
    t = rec.get("trigger") or {}
    if t.get("start") is not None:
        out.append({"role": "trigger", "start": t["start"], "end": t["end"], "text": t.get("text")})
    for role in ("actor", "recipient"):
        for e in rec.get(role) or []:
            if e.get("start") is not None and e.get("end") is not None:
                out.append({"role": role, "start": e["start"], "end": e["end"], "text": e.get("text"),
                            "code": e.get("code"), "sector": e.get("sector"), "name": e.get("name"),
                            "why": e.get("why")})
    s = rec.get("sentence") or {}
    dtext = rec.get("date_text")
    if dtext and s.get("start") is not None:
        i = text.find(dtext, s["start"], s["end"])       # the date expression, found in its sentence
        if i >= 0:
            out.append({"role": "date", "start": i, "end": i + len(dtext), "text": dtext, "value": rec.get("date")})
    loc = rec.get("location") or {}
    if loc.get("start") is not None and loc.get("end") is not None:
        out.append({"role": "place", "start": loc["start"], "end": loc["end"], "text": loc.get("text"),
                    "name": loc.get("name"), "code": loc.get("country"), "why": loc.get("why")})
    return out


@router.get("/documents/{doc_id}", summary="An article with every event's spans", tags=["events"])
def get_document(request: Request, doc_id: Id):
    """The stored article text and, for each event coded from it, the record and its spans (trigger,
    actor, recipient, date, place) as character offsets into `text`."""
    with _db(request).cursor() as cur:
        doc, events = queries.document(cur, doc_id)
    if doc is None:
        raise EventwireError(E.NOT_FOUND, where="doc_id", what="document", value=doc_id)
    import json
    text = doc.get("text") or ""
    out = []
    for record, cluster_id in events:
        rec = json.loads(record)
        rec["cluster_id"] = cluster_id
        rec["spans"] = _spans(rec, text)
        out.append(rec)
    return {**doc, "events": out}


@router.get("/dyads/{a}/{b}", summary="Events between two parties per period", tags=["analysis"])
def get_dyad(request: Request, a: Annotated[str, PathParam(max_length=20)],
             b: Annotated[str, PathParam(max_length=20)], by: Period = Period.month, directed: bool = False,
             start_date: Annotated[str | None, Query(json_schema_extra={"format": "date"})] = None,
             end_date: Annotated[str | None, Query(json_schema_extra={"format": "date"})] = None):
    """Clustered events between `a` and `b` (a->b, b->a and reciprocal; only a->b when `directed`), per
    week, month or year: counts per PLOVER type and quad class of realised events, mean and summed intensity
    and Goldstein, and future or hypothetical events counted apart.  Negated events never count."""
    a_code, b_code = check_code(request, a, "a"), check_code(request, b, "b")
    start, end = parse_date(start_date, "start_date"), parse_date(end_date, "end_date")
    _need_clusters(request)
    db = _db(request)
    with db.cursor() as cur:
        periods = stats.dyad_series(cur, a_code, b_code, by.value, directed, start, end)
    return {"a": a_code, "b": b_code, "names": {a_code: db.name_of(a_code), b_code: db.name_of(b_code)},
            "by": by.value, "directed": directed, "start_date": start_date, "end_date": end_date,
            "periods": periods, "totals": stats.totals(periods)}


@router.get("/actors", summary="Search parties, with their event counts", tags=["analysis"])
def search_actors(request: Request, q: Annotated[str | None, Query(max_length=100)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 50):
    """Parties whose code starts with `q`, or whose name, or the name or text of one of whose mentions,
    contains it; with their realised clustered events as actor, as recipient and in total."""
    _need_clusters(request)
    db = _db(request)
    with db.cursor() as cur:
        rows = stats.actor_counts(cur, (q or "").strip() or None, db.names, limit)
    return {"q": q, "rows": rows}


@router.get("/actors/{code}", summary="One party: top partners and timeline", tags=["analysis"])
def get_actor(request: Request, code: Annotated[str, PathParam(max_length=20)], by: Period = Period.month,
              limit: Annotated[int, Query(ge=1, le=500)] = 20,
              start_date: Annotated[str | None, Query(json_schema_extra={"format": "date"})] = None,
              end_date: Annotated[str | None, Query(json_schema_extra={"format": "date"})] = None):
    c = check_code(request, code, "code")
    start, end = parse_date(start_date, "start_date"), parse_date(end_date, "end_date")
    _need_clusters(request)
    db = _db(request)
    with db.cursor() as cur:
        timeline = stats.party_series(cur, c, by.value, start, end)
        top = stats.partners(cur, c, limit)
    for p in top:
        p["name"] = db.name_of(p["code"]) or p["code"]
    return {"code": c, "name": db.name_of(c) or c, "by": by.value, "partners": top, "timeline": timeline,
            "totals": stats.totals(timeline)}


@router.get("/map", summary="GeoJSON of event places", tags=["events"],
            responses={200: {"content": {"application/geo+json": {}}}})
def get_map(request: Request, f: Annotated[EventFilters, Depends(event_filters)],
            limit: Annotated[int, Query(ge=1, le=20000)] = 5000):
    """One point per place, with the same filters as /v1/events: counts per quad class, the dominant
    `quad_class`, up to 100 `event_ids`, and `bbox`, the /v1/events filter that lists the point's events."""
    db = _db(request)
    if f.deduplicated:
        _need_clusters(request, "deduplicated")
    with db.cursor() as cur:
        points = queries.map_points(cur, f, db.clustered, limit)
    features = []
    for p in points:
        quads = [p[f"quad_{q}"] for q in (1, 2, 3, 4)]
        p["quad_class"] = quads.index(max(quads)) + 1 if max(quads) else None
        p["bbox"] = f"{p['lon']!r},{p['lat']!r},{p['lon']!r},{p['lat']!r}"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                         "properties": {k: v for k, v in p.items() if k not in ("lat", "lon")}})
    return JSONBody({"type": "FeatureCollection", "features": features}, media_type="application/geo+json")


@router.post("/code", summary="Code a posted text; nothing is stored", tags=["coding"],
             responses={413: {"model": ErrorBody, "description": "the body is over the size limit"}})
def code_text(request: Request, body: CodeRequest):
    """Codes `text` with the same coder as `eventwire code` and returns its events, with spans and `why`.
    Nothing is written to the database.  Bodies over the server's limit (`--max-body`) get a 413."""
    from ..batch import process_batch
    published = parse_date(body.published, "published")
    rec = {"id": "posted", "text": body.text, "published": published.isoformat() if published else None,
           "source": body.source, "title": body.title}
    with _code_lock:            # one spaCy pipeline per process; code one request at a time
        result = process_batch([rec])[0]
    if not result.coded:
        spec = E.EMPTY_TEXT if "empty" in (result.error or "") else E.CODING_FAILED
        raise EventwireError(spec, where="text", detail=result.error or "")
    return {"doc_id": result.doc_id, "document": result.document,
            "events": [e.to_dict() for e in result.events], "warnings": list(result.warnings)}


@router.get("/health", summary="Is the server up, and what does it serve", tags=["meta"])
def health(request: Request):
    db = _db(request)
    with db.cursor() as cur:
        n_docs = queries.one(cur, "SELECT count(*) FROM documents")[0]
        n_events = queries.one(cur, "SELECT count(*) FROM events")[0]
        n_clusters = queries.one(cur, "SELECT count(*) FROM event_clusters")[0] if db.clustered else None
        last = _last_run(cur) if db.has_runs else None
    return {"status": "ok", "database": Path(db.path).name, "read_only": True, "documents": n_docs,
            "events": n_events, "clustered": db.clustered, "event_clusters": n_clusters, "last_run": last}


@router.get("/version", summary="Coder, ontology and knowledge-base versions, and the last run", tags=["meta"])
def version(request: Request):
    from .versions import versions
    db = _db(request)
    with db.cursor() as cur:
        last = _last_run(cur) if db.has_runs else None
    return {**versions(), "last_run": last}


def _last_run(cur) -> dict | None:
    import json
    cur.execute("SELECT run_id, started, finished, version, model, stats FROM runs "
                "ORDER BY started DESC NULLS LAST LIMIT 1")
    rows = queries.rows_of(cur)
    if not rows:
        return None
    r = rows[0]
    try:
        r["stats"] = json.loads(r["stats"]) if r.get("stats") else None
    except (TypeError, ValueError):
        pass
    return r
