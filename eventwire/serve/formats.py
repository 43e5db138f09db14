"""The event list in JSON, CSV, Parquet and GeoJSON.

JSON and GeoJSON carry ``total`` and ``next`` in the body; CSV and Parquet carry
them in the ``X-Total-Count`` and ``Link: <...>; rel="next"`` headers.
"""
from __future__ import annotations

import csv
import io
import json

from starlette.responses import Response



class JSONBody(Response):
    """JSON without the validation pass of FastAPI's response models: the rows are already plain."""
    media_type = "application/json"

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def page_headers(total: int, next_url: str | None) -> dict:
    h = {"X-Total-Count": str(total)}
    if next_url:
        h["Link"] = f'<{next_url}>; rel="next"'
    return h


def as_json(rows: list[dict], total: int, page: int, limit: int, next_url: str | None) -> Response:
    return JSONBody({"total": total, "page": page, "limit": limit, "next": next_url, "rows": rows},
                    headers=page_headers(total, next_url))


def as_csv(rows: list[dict], columns: list[str], total: int, next_url: str | None) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in columns])
    headers = page_headers(total, next_url)
    headers["Content-Disposition"] = 'attachment; filename="events.csv"'
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(v):
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and not _numeric(v):
        return "'" + v          # a spreadsheet must not run a cell as a formula
    return v


def _numeric(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def as_parquet(columns: list[str], rows: list[dict], total: int, next_url: str | None) -> Response:
    """The page as a Parquet file; column types follow the values (dates stay dates)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.null()) for c in columns})
    sink = pa.BufferOutputStream()
    pq.write_table(table.select(columns), sink)
    headers = page_headers(total, next_url)
    headers["Content-Disposition"] = 'attachment; filename="events.parquet"'
    return Response(sink.getvalue().to_pybytes(), media_type="application/vnd.apache.parquet", headers=headers)


def feature(row: dict) -> dict:
    lat, lon = row.get("lat"), row.get("lon")
    geom = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
    return {"type": "Feature", "id": row.get("event_id"), "geometry": geom, "properties": props}


def as_geojson(rows: list[dict], total: int, page: int, limit: int, next_url: str | None) -> Response:
    body = {"type": "FeatureCollection", "total": total, "page": page, "limit": limit, "next": next_url,
            "features": [feature(r) for r in rows]}
    return JSONBody(body, media_type="application/geo+json", headers=page_headers(total, next_url))
