"""Query parameters of the API: parsed, checked, and turned into plain values.

Every check raises an :class:`~eventwire.errors.EventwireError` whose ``where`` is
the parameter's name, so a bad value gives a 422 that names it.  Nothing here
builds SQL: :mod:`eventwire.serve.queries` turns the checked values into
placeholders.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from fastapi import Query, Request

from ..errors import E, EventwireError
from ..ontology import AUX_MODES, CATEGORIES

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
AUX_CHOICES = ("none", *AUX_MODES, "any")


class EventType(str, Enum):
    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


assert tuple(t.value for t in EventType) == CATEGORIES, "EventType must list the ontology's categories"


class Format(str, Enum):
    json = "json"
    csv = "csv"
    parquet = "parquet"
    geojson = "geojson"


class Sort(str, Enum):
    date = "date"
    date_desc = "-date"
    updated = "updated"
    updated_desc = "-updated"
    confidence = "confidence"
    confidence_desc = "-confidence"
    intensity = "intensity"
    intensity_desc = "-intensity"
    event_type = "event_type"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@dataclass
class EventFilters:
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    country: str | None = None
    actor: str | None = None
    recipient: str | None = None
    dyad: tuple[str, str] | None = None
    event_type: str | None = None
    quad_class: int | None = None
    mode: str | None = None
    aux: tuple[str, ...] | None = None          # None: everything but negated events
    min_confidence: float | None = None
    deduplicated: bool = False
    updated_since: dt.datetime | None = None
    bbox: tuple[float, float, float, float] | None = None


def bad(where: str, detail: str) -> EventwireError:
    return EventwireError(E.BAD_PARAMETER, where=where, detail=detail)


def parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise EventwireError(E.BAD_DATE, where=where, value=value) from None


def parse_datetime(value: str | None, where: str) -> dt.datetime | None:
    """A date or an ISO date-time; one with a zone is turned into local time (coded_at is local)."""
    if value is None or value == "":
        return None
    try:
        v = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise EventwireError(E.BAD_DATE, where=where, value=value) from None
    if v.tzinfo is not None:
        v = v.astimezone().replace(tzinfo=None)
    return v


def check_code(request: Request, value: str | None, where: str) -> str | None:
    """An actor code known to the knowledge base or the database, upper-cased; else a 422."""
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if not _CODE.match(code) or code not in request.app.state.db.codes:
        raise EventwireError(E.UNKNOWN_CODE, where=where, value=value)
    return code


def parse_dyad(request: Request, value: str | None) -> tuple[str, str] | None:
    if value is None or value == "":
        return None
    parts = value.split(",")
    if len(parts) != 2:
        raise bad("dyad", f"{value!r} must be two codes separated by a comma, e.g. KOR,JPN")
    return check_code(request, parts[0], "dyad"), check_code(request, parts[1], "dyad")


def parse_aux(value: str | None) -> tuple[str, ...] | None:
    if value is None or value == "":
        return None
    parts = tuple(p.strip().lower() for p in value.split(","))
    wrong = [p for p in parts if p not in AUX_CHOICES]
    if wrong:
        raise bad("aux", f"{wrong[0]!r} is not one of {', '.join(AUX_CHOICES)}")
    return parts


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    try:
        box = tuple(float(p) for p in value.split(","))
    except ValueError:
        box = ()
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise bad("bbox", f"{value!r} must be four numbers: min_lon,min_lat,max_lon,max_lat")
    return box  # type: ignore[return-value]


DATE = {"format": "date"}


async def event_filters(      # async: plain parsing, no need of a worker thread
    request: Request,
    start_date: Annotated[str | None, Query(description="first event date, YYYY-MM-DD", json_schema_extra=DATE)] = None,
    end_date: Annotated[str | None, Query(description="last event date, YYYY-MM-DD", json_schema_extra=DATE)] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3 or IGO code of any party (actor or recipient)",
                                         max_length=20)] = None,
    actor: Annotated[str | None, Query(description="code of an actor", max_length=20)] = None,
    recipient: Annotated[str | None, Query(description="code of a recipient", max_length=20)] = None,
    dyad: Annotated[str | None, Query(description="two codes, e.g. KOR,JPN: events between them, either way "
                                      "or reciprocal", max_length=41)] = None,
    event_type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="quad class 1-4")] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode, e.g. visit", max_length=100)] = None,
    aux: Annotated[str | None, Query(description="comma-separated: none, historical, future, hypothetical, negated, "
                                     "any. Default: every event but negated ones", max_length=100)] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    deduplicated: Annotated[bool, Query(description="one row per clustered event, with its mention counts")] = False,
    updated_since: Annotated[str | None, Query(description="only events of documents coded at or after this "
                                               "date or date-time (incremental sync)", max_length=40)] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat of the event's place",
                                      max_length=200)] = None,
) -> EventFilters:
    f = EventFilters(
        start_date=parse_date(start_date, "start_date"), end_date=parse_date(end_date, "end_date"),
        country=check_code(request, country, "country"), actor=check_code(request, actor, "actor"),
        recipient=check_code(request, recipient, "recipient"), dyad=parse_dyad(request, dyad),
        event_type=event_type.value if event_type else None, quad_class=quad_class, mode=mode or None,
        aux=parse_aux(aux), min_confidence=min_confidence, deduplicated=deduplicated,
        updated_since=parse_datetime(updated_since, "updated_since"), bbox=parse_bbox(bbox))
    if f.start_date and f.end_date and f.end_date < f.start_date:
        raise bad("end_date", f"{f.end_date} is before start_date {f.start_date}")
    return f
