"""eventwire on Spark: `eventwire spark` (runner), its readers and writer, `eventwire load` (loader), and
clustering over the same blocks as the store's incremental clustering (cluster).

pyspark is the optional extra ``spark``; only ``loader`` works without it.  See docs/readme-parts/spark.md.
"""
from __future__ import annotations


def __getattr__(name):
    if name in ("run", "code_dataframe", "session", "RunStats"):
        from . import runner
        return getattr(runner, name)
    if name == "load_output":
        from .loader import load_output
        return load_output
    if name == "cluster_output":
        from .cluster import cluster_output
        return cluster_output
    raise AttributeError(name)


__all__ = ["run", "code_dataframe", "session", "RunStats", "load_output", "cluster_output"]
