"""Clustering a Spark output as a Spark job, over the blocks of the store's incremental clustering.

Mentions are grouped by block (type group and party set, ``analysis.incremental.block_key``) and each
block is clustered in one task with ``cluster_block``: the greedy, complete-link clustering of
``analysis.cluster``, in the same order, so the clusters are the ones `eventwire cluster` finds for
the same mentions.  The result is ``OUTPUT/clusters``: event_id, cluster_id and block.
"""
from __future__ import annotations

import datetime as dt
import pandas as pd

from ..config import ClusterSettings, Settings

ASSIGN_SCHEMA = "event_id string, cluster_id string, block string"
_COLUMNS = ["event_id", "doc_id", "source", "url", "event_type", "record", "date", "date_end", "lat", "lon",
            "location_country", "geonameid", "aux", "published", "sentence_text"]


def _date(v) -> dt.date | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return dt.date.fromisoformat(str(v)[:10])


def _num(v):
    return None if v is None or (isinstance(v, float) and v != v) else v


def cluster_group(pdf: pd.DataFrame, settings: ClusterSettings) -> pd.DataFrame:
    """applyInPandas: the mentions of one block -> their cluster ids."""
    from ..analysis.incremental import cluster_block, mention_from_row
    mentions = []
    for r in pdf.to_dict("records"):
        gid = _num(r["geonameid"])
        mentions.append(mention_from_row(
            r["event_id"], r["doc_id"], r["source"] or r["url"], r["event_type"], r["record"], _date(r["date"]),
            _date(r["date_end"]), _num(r["lat"]), _num(r["lon"]), r["location_country"],
            int(gid) if gid is not None else None, r["aux"], _date(r["published"]), r["sentence_text"]))
    assign = cluster_block(mentions, settings)
    block = pdf["block"].iloc[0] if len(pdf) else None
    return pd.DataFrame([(e, c, block) for e, c in assign.items()], columns=["event_id", "cluster_id", "block"])


def block_column(settings: ClusterSettings):
    """The block of each events row in Spark SQL: the type's group, then the sorted party codes."""
    from pyspark.sql import functions as F
    from ..analysis.incremental import type_groups
    group = F.col("event_type")
    for t, g in sorted(type_groups(settings).items()):
        group = F.when(F.col("event_type") == t, F.lit(g)).otherwise(group)
    codes = F.array_union(F.split(F.coalesce(F.col("actor_codes"), F.lit("")), ";"),
                          F.split(F.coalesce(F.col("recipient_codes"), F.lit("")), ";"))
    codes = F.array_sort(F.filter(F.array_distinct(codes), lambda c: c != ""))
    return F.concat(group, F.lit("|"), F.concat_ws(",", codes))


def cluster_events(events, settings: ClusterSettings | None = None):
    """A DataFrame (event_id, cluster_id, block) for an events DataFrame of the Spark output."""
    from pyspark.sql import functions as F
    settings = settings or Settings.from_env().cluster
    ev = events.filter(F.col("aux").isNull() | (F.col("aux") != "negated"))
    ev = ev.withColumn("block", block_column(settings)).select(*_COLUMNS, "block")
    def one_block(pdf: pd.DataFrame) -> pd.DataFrame:
        return cluster_group(pdf, settings)
    return ev.groupBy("block").applyInPandas(one_block, ASSIGN_SCHEMA)


def cluster_output(spark, output: str, settings: ClusterSettings | None = None, force: bool = False) -> int:
    """Cluster the events of a Spark output into ``OUTPUT/clusters``; returns the number of clusters."""
    events = spark.read.parquet(f"{output.rstrip('/')}/events")
    assign = cluster_events(events, settings)
    target = f"{output.rstrip('/')}/clusters"
    assign.write.mode("overwrite" if force else "errorifexists").parquet(target)
    return spark.read.parquet(target).select("cluster_id").distinct().count()
