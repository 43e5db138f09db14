"""The commands `eventwire spark` and `eventwire load` (their flags and what they do).

``add_parsers(sub)`` adds both to the main CLI; ``python -m eventwire.spark`` (and a spark-submit of
``eventwire/spark/__main__.py``) runs `spark` alone.  pyspark is imported only when `spark` runs.
"""
from __future__ import annotations

import argparse
import json
import sys

FORMATS = ("text", "jsonl", "csv", "parquet")


def add_spark_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="a file or folder on any path Spark reads (local, hdfs://, s3a://, gs://, ...)")
    p.add_argument("output", help="the output folder: Parquet datasets events, entities, documents, quarantine")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text: files read by extension as ingest reads them; jsonl: JSON Lines split across tasks; "
                        "csv; parquet (default: text)")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's or Spark's own)")
    p.add_argument("--partitions", type=int, help="coding tasks (default: 3 x the default parallelism)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for articles that give none")
    p.add_argument("--max-bytes", type=int, default=10_000_000, help="larger inputs are quarantined (too_large)")
    p.add_argument("--any-language", action="store_true", help="code articles not detected as English")
    p.add_argument("--no-dedup", action="store_true", help="code every record, even repeated keys and texts")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.add_argument("--force", action="store_true", help="replace an existing output folder")
    for name in ("id", "text", "published", "title", "url", "source"):
        p.add_argument(f"--{name}-field", metavar="COL", help=f"the column or JSON field with the {name}")


def add_parsers(sub) -> None:
    sp = sub.add_parser("spark", help="code a corpus with Spark (mapInPandas over process_batch) into Parquet")
    add_spark_arguments(sp)
    sp.set_defaults(func=lambda args, parser: spark_main(args))
    ld = sub.add_parser("load", help="load an `eventwire spark` output into the DuckDB store (idempotent)")
    ld.add_argument("output", help="the folder `eventwire spark` wrote")
    ld.add_argument("--db", default="eventwire.duckdb")
    ld.add_argument("--no-cluster", action="store_true", help="skip clustering the new mentions after loading")
    ld.set_defaults(func=lambda args, parser: load_main(args))


def spark_main(args) -> int:
    from ..config import Settings
    from ..ingest.sources import Limits
    from .runner import run, session
    import time
    settings = Settings.from_env()
    conf = dict(kv.split("=", 1) for kv in args.conf)
    mapping = {n: getattr(args, f"{n}_field") for n in ("id", "text", "published", "title", "url", "source")
               if getattr(args, f"{n}_field", None)}
    limits = Limits(max_bytes=args.max_bytes, max_chars=settings.max_chars, check_language=not args.any_language)
    t0 = time.time()
    spark = session(args.master, conf=conf)
    startup = time.time() - t0
    stats = run(spark, args.input, args.output, args.format, settings, args.partitions, mapping, limits,
                args.published, force=args.force, dedup=not args.no_dedup)
    stats.startup_s = startup
    print(f"eventwire spark: {stats.coded} documents coded, {stats.events} events, {stats.quarantined} quarantined"
          f" ({json.dumps(stats.reasons)}), {stats.duplicates} duplicates; {stats.partitions} tasks on "
          f"{len(stats.workers)} Python worker(s); start-up {startup:.1f} s, run {stats.seconds:.1f} s -> "
          f"{args.output}", file=sys.stderr)
    return 0


def load_main(args) -> int:
    from .loader import load_output
    stats = load_output(args.output, args.db)
    print(f"eventwire load: {stats.documents} documents, {stats.events} events, {stats.quarantined} quarantined "
          f"rows from {args.output} into {args.db}", file=sys.stderr)
    if not args.no_cluster:
        from ..analysis.incremental import cluster_incremental
        from ..config import Settings
        from ..store import Store
        with Store(args.db) as store:
            n = cluster_incremental(store.con, Settings.from_env().cluster)
        print(f"eventwire: clustered {n['new']} new mention(s); {n['mentions']} mentions -> {n['events']} events",
              file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="eventwire-spark", description="eventwire spark INPUT OUTPUT")
    add_spark_arguments(p)
    return spark_main(p.parse_args(argv))
