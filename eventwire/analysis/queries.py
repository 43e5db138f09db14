"""Answers analysts ask, as pandas DataFrames: dyad series, most active actors, timelines, networks.

All of them count *events* (clusters of mentions, see cluster.py), not mentions,
so fifty reports of one summit count once. Negated events never count; future
and hypothetical events are counted apart (``n_future_hypothetical``), never
mixed with what happened. Historical events count at their own date.
"""
from __future__ import annotations

import warnings

import pandas as pd

from ..errors import E, InputError, OutputError
from ..ontology import CATEGORIES

PERIODS = ("day", "week", "month", "year")


def check_date(value: str | None, where: str) -> None:
    """A YYYY-MM-DD date, or an InputError naming ``where`` it came from."""
    import datetime as dt
    if value is None:
        return
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(E.BAD_DATE, where=where, value=value) from None


class UnclusteredWarning(UserWarning):
    """An analysis ran over a database with mentions its clusters do not describe."""


def ensure_clusters(con) -> None:
    """Cluster the mentions if the database has never been clustered."""
    from .cluster import cluster_store, has_clusters
    if not has_clusters(con):
        cluster_store(con)


def events_frame(con, since: str | None = None, until: str | None = None) -> pd.DataFrame:
    """One row per event: type, date, intensity, quad class, goldstein, actor and recipient code lists.

    Mentions written since the last clustering are not in any event: the frame says how many in
    ``attrs["unclustered_mentions"]`` and an :class:`UnclusteredWarning` says so."""
    from .cluster import unclustered
    check_date(since, "since")
    check_date(until, "until")
    ensure_clusters(con)
    stale = unclustered(con)
    if stale:
        warnings.warn(E.UNCLUSTERED.message.format(count=stale) + "; the counts leave them out",
                      UnclusteredWarning, stacklevel=3)
    where, params = ["date IS NOT NULL"], []
    if since:
        where.append("date >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("date <= CAST(? AS DATE)")
        params.append(until)
    df = con.execute("SELECT cluster_id, event_type, date, aux, intensity, quad_class, goldstein, actor_codes, "
                     "recipient_codes, num_mentions, num_sources, location_name, location_country, lat, lon "
                     "FROM event_clusters WHERE " + " AND ".join(where) + " ORDER BY date, cluster_id",
                     params).df()
    df["actors"] = df["actor_codes"].fillna("").map(lambda s: [c for c in s.split(";") if c])
    df["recipients"] = df["recipient_codes"].fillna("").map(lambda s: [c for c in s.split(";") if c])
    df["realised"] = df["aux"].isna() | (df["aux"] == "historical")
    df["date"] = pd.to_datetime(df["date"])
    df.attrs["unclustered_mentions"] = stale
    return df


def _period(dates: pd.Series, by: str) -> pd.Series:
    if by not in PERIODS:
        raise InputError(E.BAD_VALUE, where="by", value=by, detail="not a period",
                         fix=f"use one of: {', '.join(PERIODS)}")
    if by == "day":
        return dates.dt.normalize()
    if by == "week":
        return dates.dt.to_period("W-SUN").dt.start_time
    if by == "month":
        return dates.dt.to_period("M").dt.start_time
    return dates.dt.to_period("Y").dt.start_time


def _involves(row, a: str, b: str, directed: bool) -> bool:
    acts, recs = set(row["actors"]), set(row["recipients"])
    if a in acts and b in recs:
        return True
    if directed:
        return False
    if b in acts and a in recs:
        return True
    return not recs and a in acts and b in acts          # reciprocal: both parties are actors


def _series(df: pd.DataFrame, by: str) -> pd.DataFrame:
    cols = ["period", "n_events", *CATEGORIES, "quad_1", "quad_2", "quad_3", "quad_4",
            "intensity_mean", "intensity_sum", "goldstein_mean", "goldstein_sum", "n_future_hypothetical"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df = df.assign(period=_period(df["date"], by))
    real = df[df["realised"]]
    # every period between the first and the last, empty ones included: a time series has no holes
    freq = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}[by]
    out = pd.DataFrame(index=pd.date_range(df["period"].min(), df["period"].max(), freq=freq))
    out["n_events"] = real.groupby("period").size()
    for t in CATEGORIES:
        out[t] = real[real["event_type"] == t].groupby("period").size()
    for q in (1, 2, 3, 4):
        out[f"quad_{q}"] = real[real["quad_class"] == q].groupby("period").size()
    out["intensity_mean"] = real.groupby("period")["intensity"].mean()
    out["intensity_sum"] = real.groupby("period")["intensity"].sum()
    out["goldstein_mean"] = real.groupby("period")["goldstein"].mean()
    out["goldstein_sum"] = real.groupby("period")["goldstein"].sum()
    out["n_future_hypothetical"] = df[~df["realised"]].groupby("period").size()
    counts = ["n_events", *CATEGORIES, "quad_1", "quad_2", "quad_3", "quad_4", "n_future_hypothetical"]
    out[counts] = out[counts].fillna(0).astype(int)
    out.index.name = "period"
    return out.reset_index()[cols]


def _noting(out: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Carry the frame's count of unclustered mentions onto a result."""
    out.attrs["unclustered_mentions"] = frame.attrs.get("unclustered_mentions", 0)
    return out


def dyad(con, a: str, b: str, by: str = "month", directed: bool = False, since=None, until=None) -> pd.DataFrame:
    """Events between two parties per period: counts per PLOVER type and quad class, intensity and
    Goldstein mean and sum. Undirected by default (a->b, b->a and reciprocal events)."""
    df = events_frame(con, since, until)
    a, b = a.upper(), b.upper()
    sel = df[df.apply(_involves, axis=1, args=(a, b, directed))] if not df.empty else df
    return _noting(_series(sel, by), df)


def timeline(con, country: str, by: str = "month", since=None, until=None) -> pd.DataFrame:
    """Events in which a country (or IGO) is any party, per period."""
    df = events_frame(con, since, until)
    c = country.upper()
    sel = df[df.apply(lambda r: c in r["actors"] or c in r["recipients"], axis=1)] if not df.empty else df
    return _noting(_series(sel, by), df)


def actors(con, top: int = 20, since=None, until=None) -> pd.DataFrame:
    """The most active parties: events as actor, as recipient, in total (realised events only)."""
    df = events_frame(con, since, until)
    df = df[df["realised"]]
    rows = {}
    for acts, recs in zip(df["actors"], df["recipients"]):
        for c in set(acts):
            rows.setdefault(c, [0, 0])[0] += 1
        for c in set(recs):
            rows.setdefault(c, [0, 0])[1] += 1
    out = pd.DataFrame([(c, a, r, a + r) for c, (a, r) in rows.items()],
                       columns=["code", "as_actor", "as_recipient", "total"])
    out = out.sort_values(["total", "code"], ascending=[False, True]).head(top).reset_index(drop=True)
    return _noting(out, df)


def network(con, since=None, until=None, min_events: int = 1):
    """Weighted directed graph: an edge actor -> recipient per pair with at least ``min_events`` events;
    reciprocal events add an edge each way. Edge attributes: weight (events), intensity (mean)."""
    import networkx as nx
    df = events_frame(con, since, until)
    df = df[df["realised"]]
    pairs: dict[tuple[str, str], list[float]] = {}
    for acts, recs, inten in zip(df["actors"], df["recipients"], df["intensity"]):
        if recs:
            edges = [(a, r) for a in set(acts) for r in set(recs) if a != r]
        else:
            edges = [(a, b) for a in set(acts) for b in set(acts) if a != b]
        for e in edges:
            pairs.setdefault(e, []).append(float(inten) if pd.notna(inten) else 0.0)
    g = nx.DiGraph()
    if df.attrs.get("unclustered_mentions"):
        g.graph["unclustered_mentions"] = df.attrs["unclustered_mentions"]
    for (a, r), vals in sorted(pairs.items()):
        if len(vals) >= min_events:
            g.add_edge(a, r, weight=len(vals), intensity=round(sum(vals) / len(vals), 3))
    return g


GRAPH_SUFFIXES = (".graphml", ".gexf")


def check_graph_path(path: str) -> None:
    if not str(path).endswith(GRAPH_SUFFIXES):
        suffix = "." + str(path).rsplit(".", 1)[-1] if "." in str(path) else "(none)"
        raise OutputError(E.BAD_FORMAT, where=str(path), value=suffix, choices=", ".join(GRAPH_SUFFIXES))


def write_graph(g, path: str, force: bool = True) -> None:
    """GraphML or GEXF by the file's suffix, written beside the target and renamed into place."""
    import networkx as nx
    from ..store.output import atomic_output
    check_graph_path(path)
    with atomic_output(path, force) as tmp:
        (nx.write_gexf if str(path).endswith(".gexf") else nx.write_graphml)(g, tmp)
