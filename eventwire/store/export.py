"""Exports of the event table in the field's formats.

  jsonl    the full event records, as `eventwire code` prints them
  csv      one flat row per event
  parquet  the same flat table, readable by pandas, DuckDB, Spark and R
  polecat  POLECAT-style table: one row per event with its actor and recipient fields
  gdelt    GDELT-style CAMEO TSV: one row per actor-recipient pair, with Goldstein,
           QuadClass and the action's lat/lon

Filters: --since / --until on the event date, --country (any party), --type.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass

import pandas as pd

from ..analysis.queries import check_date
from ..errors import E, OutputError
from .output import atomic_output, find_os_error

FORMATS = ("polecat", "gdelt", "parquet", "jsonl", "csv")
# PLOVER sector codes that CAMEO spells differently
CAMEO_SECTOR = {"JRN": "MED", "MED": "HLH"}


@dataclass
class Filters:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    event_type: str | None = None
    include_negated: bool = False
    dedup: bool = False          # one row per clustered event (its most confident mention), with counts


def select_events(con, f: Filters) -> pd.DataFrame:
    check_date(f.since, "since")
    check_date(f.until, "until")
    where, params = [], []
    if not f.include_negated:
        where.append("(aux IS NULL OR aux <> 'negated')")
    if f.since:
        where.append("date >= CAST(? AS DATE)")
        params.append(f.since)
    if f.until:
        where.append("date <= CAST(? AS DATE)")
        params.append(f.until)
    if f.event_type:
        where.append("event_type = ?")
        params.append(f.event_type.upper())
    if f.country:
        where.append("event_id IN (SELECT event_id FROM entities WHERE code = ?)")
        params.append(f.country.upper())
    from ..analysis.cluster import has_clusters
    if f.dedup and not has_clusters(con):
        raise OutputError(E.UNCLUSTERED, count="all")
    if f.dedup:
        from ..analysis.cluster import unclustered
        stale = unclustered(con)
        if stale:
            import warnings
            from ..analysis.queries import UnclusteredWarning
            warnings.warn(E.UNCLUSTERED.message.format(count=stale) + "; the export leaves them out",
                          UnclusteredWarning, stacklevel=3)
        sql = ("SELECT * FROM (SELECT e.*, c.num_mentions, c.num_sources, c.num_documents, c.first_seen, "
               "c.last_seen FROM events e JOIN event_clusters c ON c.representative = e.event_id)")
    else:
        sql = "SELECT * FROM events"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY date, event_id"
    return con.execute(sql, params).df()


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """The event table without the JSON record, dates as ISO strings."""
    out = df.drop(columns=["record"]).copy()
    for c in ("date", "date_end", "published"):
        out[c] = out[c].astype("string").str.slice(0, 10)
    return out


def _records(df: pd.DataFrame) -> list[dict]:
    return [json.loads(r) for r in df["record"]]


def _join(values) -> str:
    return ";".join(v for v in values if v)


POLECAT_COLUMNS = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Contexts", "Quad Code",
                   "Aux", "Actor Name", "Actor Country", "Actor Sector", "Actor Name Raw", "Recipient Name",
                   "Recipient Country", "Recipient Sector", "Recipient Name Raw", "Placename", "Country", "State",
                   "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Story Date", "Source",
                   "URL", "Doc ID", "Event Text", "CAMEO Code", "Goldstein", "Confidence", "Why"]
GDELT_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode",
                 "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                 "NumArticles", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
                 "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL", "PLOVER", "Aux"]


def polecat(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for rec, (_, row) in zip(_records(df), df.iterrows()):
        loc = rec.get("location") or {}
        rows.append({
            "Event ID": rec["event_id"], "Event Date": rec["date"], "Event Type": rec["event_type"],
            "Event Mode": rec["mode"] or "", "Event Intensity": rec["intensity"],
            "Contexts": _join(rec["context"]), "Quad Code": rec["quad_class"], "Aux": rec["aux"] or "",
            "Actor Name": _join(e["name"] or e["text"] for e in rec["actor"]),
            "Actor Country": _join(e["code"] for e in rec["actor"]),
            "Actor Sector": _join(e["sector"] for e in rec["actor"]),
            "Actor Name Raw": _join(e["text"] for e in rec["actor"]),
            "Recipient Name": _join(e["name"] or e["text"] for e in rec["recipient"]),
            "Recipient Country": _join(e["code"] for e in rec["recipient"]),
            "Recipient Sector": _join(e["sector"] for e in rec["recipient"]),
            "Recipient Name Raw": _join(e["text"] for e in rec["recipient"]),
            "Placename": loc.get("name") or "", "Country": loc.get("country") or "",
            "State": loc.get("admin1") or "", "Latitude": loc.get("lat"), "Longitude": loc.get("lon"),
            "GeoNames ID": loc.get("geonameid"), "Raw Placename": loc.get("text") or "",
            "Feature Type": loc.get("feature") or "",
            "Story Date": str(row["published"])[:10] if pd.notna(row["published"]) else "",
            "Source": row["source"] or "", "URL": row["url"] or "", "Doc ID": rec["doc_id"],
            "Event Text": rec["trigger"]["text"], "CAMEO Code": rec["cameo"] or "",
            "Goldstein": rec["goldstein"], "Confidence": rec["confidence"],
            "Why": rec["why"].get("trigger", ""),
        })
    return pd.DataFrame(rows, columns=POLECAT_COLUMNS)


def _cameo_actor(e: dict | None) -> tuple[str, str, str, str]:
    if not e:
        return "", "", "", ""
    code = e.get("code") or ""
    sector = CAMEO_SECTOR.get(e.get("sector") or "", e.get("sector") or "")
    country = code if len(code) == 3 else ""
    return code + sector, (e.get("name") or e.get("text") or "").upper(), country, sector


def _count(row, column: str, default: int) -> int:
    v = row.get(column) if hasattr(row, "get") else None
    return int(v) if v is not None and pd.notna(v) else default


def gdelt(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for rec, (_, row) in zip(_records(df), df.iterrows()):
        acts = rec["actor"] or [None]
        recs = rec["recipient"]
        if recs:
            pairs = [(a, r) for a in acts for r in recs]
        elif len(acts) > 1:                       # reciprocal: each unordered pair once
            pairs = [(acts[i], acts[j]) for i in range(len(acts)) for j in range(i + 1, len(acts))]
        else:
            pairs = [(acts[0], None)]
        loc = rec.get("location") or {}
        cameo = rec["cameo"] or ""
        for k, (a, r) in enumerate(pairs):
            a1 = _cameo_actor(a)
            a2 = _cameo_actor(r)
            rows.append({
                "GLOBALEVENTID": f"{rec['event_id']}-{k}", "SQLDATE": (rec["date"] or "").replace("-", ""),
                "Actor1Code": a1[0], "Actor1Name": a1[1], "Actor1CountryCode": a1[2], "Actor1Type1Code": a1[3],
                "Actor2Code": a2[0], "Actor2Name": a2[1], "Actor2CountryCode": a2[2], "Actor2Type1Code": a2[3],
                "IsRootEvent": 1 if rec["sentence"]["index"] == 0 else 0,
                "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
                "QuadClass": rec["quad_class"], "GoldsteinScale": rec["goldstein"],
                "NumMentions": _count(row, "num_mentions", rec.get("mentions", 1)),
                "NumSources": _count(row, "num_sources", 1), "NumArticles": _count(row, "num_documents", 1),
                "ActionGeo_Type": {"country": 1, "admin1": 2, "city": 4}.get(loc.get("feature") or "", 4 if loc else 0),
                "ActionGeo_FullName": loc.get("name") or "", "ActionGeo_CountryCode": loc.get("country") or "",
                "ActionGeo_ADM1Code": loc.get("admin1") or "", "ActionGeo_Lat": loc.get("lat"),
                "ActionGeo_Long": loc.get("lon"), "ActionGeo_FeatureID": loc.get("geonameid") or "",
                "DATEADDED": str(row["published"])[:10].replace("-", "") if pd.notna(row["published"]) else "",
                "SOURCEURL": row["url"] or row["source"] or "",
                "PLOVER": rec["event_type"], "Aux": rec["aux"] or "",
            })
    return pd.DataFrame(rows, columns=GDELT_COLUMNS)


def export(con, fmt: str, out: str, f: Filters | None = None, force: bool = False) -> int:
    """Write the selected events to ``out`` in ``fmt``; returns the number of rows written.

    The file is written beside ``out`` and renamed into place when complete: a failure leaves what
    was there.  An existing ``out`` is replaced only with ``force``."""
    if fmt not in FORMATS:
        raise OutputError(E.BAD_FORMAT, where="format", value=fmt, choices=", ".join(FORMATS))
    df = select_events(con, f or Filters())
    with atomic_output(out, force) as tmp:
        try:
            return _write(df, fmt, tmp)
        except OSError:
            raise
        except Exception as exc:            # pyarrow and pandas wrap the OS error of a full disk
            os_err = find_os_error(exc)
            if os_err is None:
                raise
            raise os_err from exc


def _write(df: pd.DataFrame, fmt: str, path: str) -> int:
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for r in df["record"]:
                fh.write(json.dumps(json.loads(r), ensure_ascii=False) + "\n")
        return len(df)
    if fmt == "csv":
        flat(df).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
        return len(df)
    if fmt == "parquet":
        flat(df).to_parquet(path, index=False)
        return len(df)
    table = polecat(df) if fmt == "polecat" else gdelt(df)
    table.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_MINIMAL)
    return len(table)
