"""`make bench`: speed and memory, measured against bare spaCy in the same run.

    python -m eventwire.bench [--n 2000] [--workers 1 2] [--keep DIR]

The corpus is generated from the example corpus: each of the N articles is one
example story with a new dateline date and a closing paragraph written from
templates (other countries, another event), so no two texts are equal and the
store cannot skip any as a duplicate. It prints:

  * bare spaCy ``nlp.pipe`` words per second on the same texts, in a fresh process before and after
    the eventwire runs (the ratios use the mean of the two);
  * eventwire end to end (read, code, write DuckDB) words per second with 1 and 2 workers;
  * the ratios: eventwire/spaCy on one worker, and 2 workers / 1 worker;
  * peak RSS per worker;
  * seconds from a cold start to the first event (a fresh `eventwire code` process);
  * gazetteer load time and the RSS it costs (a fresh process).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

COUNTRIES = [("Kenyan", "Kenya", "Nairobi"), ("Ethiopian", "Ethiopia", "Addis Ababa"), ("Brazilian", "Brazil", "Brasilia"),
             ("Argentine", "Argentina", "Buenos Aires"), ("Indonesian", "Indonesia", "Jakarta"),
             ("Vietnamese", "Vietnam", "Hanoi"), ("Polish", "Poland", "Warsaw"), ("Turkish", "Turkey", "Ankara"),
             ("Egyptian", "Egypt", "Cairo"), ("Mexican", "Mexico", "Mexico City"), ("Canadian", "Canada", "Ottawa"),
             ("Nigerian", "Nigeria", "Abuja"), ("Philippine", "Philippines", "Manila"), ("Chilean", "Chile", "Santiago"),
             ("Pakistani", "Pakistan", "Islamabad"), ("Thai", "Thailand", "Bangkok")]
TEMPLATES = [
    "{a_adj} Foreign Minister held talks with {b_adj} officials in {b_cap} on {wd}, the ministry said.",
    "{a_adj} police arrested dozens of protesters in {a_cap} on {wd} after a march against rising prices.",
    "{a} accused {b} of violating a fishing agreement and summoned its ambassador on {wd}.",
    "The {a_adj} government said it would send humanitarian aid to {b} next week.",
    "{a_adj} troops shelled rebel positions near the border with {b} on {wd}, local officials said.",
    "{b} rejected a proposal from {a} to reopen trade talks, a government spokesman said on {wd}.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_DATELINE = re.compile(r"^([A-Z][A-Z .'-]+(?:, [A-Za-z .]+)?), ([A-Z][a-z]+\.?) (\d{1,2}) \(")


def make_corpus(n: int, folder: Path, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    stories = sorted(EXAMPLES.glob("*.txt"))
    if not stories:
        raise SystemExit(f"{EXAMPLES}: no example stories to build the bench corpus from")
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2025, 1, 1)
    out = []
    for i in range(n):
        src = stories[i % len(stories)]
        text = src.read_text(encoding="utf-8")
        day = start + dt.timedelta(days=rnd.randrange(600))
        mon = day.strftime("%b") + "." if day.month != 5 else "May"
        text = _redate(text, mon, day.day)
        a, b = rnd.sample(COUNTRIES, 2)
        extra = " ".join(t.format(a=a[1], a_adj=a[0], a_cap=a[2], b=b[1], b_adj=b[0], b_cap=b[2],
                                  wd=rnd.choice(WEEKDAYS)) for t in rnd.sample(TEMPLATES, 2))
        p = folder / f"{day.isoformat()}-bench-{i:05d}.txt"
        p.write_text(text.rstrip() + "\n\n" + extra + f" (Bench item {i}.)\n", encoding="utf-8")
        out.append(p)
    return out


def _redate(text: str, mon: str, day: int) -> str:
    lines = text.split("\n")
    for k, line in enumerate(lines):
        m = _DATELINE.match(line)
        if m:
            lines[k] = f"{m.group(1)}, {mon} {day} (" + line[m.end():]
            break
    return "\n".join(lines)


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_spacy(folder: Path, words: int, model: str, batch_size: int) -> float:
    """Words per second of bare ``nlp.pipe`` over the corpus files, in a fresh process like the eventwire
    runs (read the files, load the pipeline, warm up, then time the parse alone)."""
    code = ("import json,time; from pathlib import Path; from eventwire.nlp import load_pipeline;"
            f"texts=[p.read_text(encoding='utf-8') for p in sorted(Path({str(folder)!r}).glob('*.txt'))];"
            f"nlp=load_pipeline({model!r}); list(nlp.pipe(texts[:8]));"
            f"t0=time.perf_counter(); [None for _ in nlp.pipe(texts, batch_size={batch_size})];"
            "print(json.dumps({'seconds': time.perf_counter()-t0}))")
    return words / _fresh_process(code, "bare spaCy")["seconds"]


def end_to_end(folder: Path, workers: int, model: str, layer: bool = True) -> dict:
    """Run `eventwire ingest` in a fresh process; report its own timing and worker RSS.  ``layer=False`` turns
    the learned layer off (``Settings.learned.enabled``): the figures before it."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        code = ("import json,sys; from eventwire.runner import ingest; from eventwire.config import Settings;"
                f"st=Settings.from_env(model={model!r}); st.learned.enabled={layer!r};"
                f"s=ingest([{str(folder)!r}], {str(db)!r}, st, workers={workers},"
                " progress='none', log=lambda m: None);"
                "print(json.dumps({'coded': s.coded, 'events': s.events, 'seconds': s.seconds,"
                " 'rss': list(s.worker_rss_mb.values())}))")
        return _fresh_process(code, f"bench ingest with {workers} worker(s)")


def cold_start(path: Path) -> float:
    """Seconds from launching `eventwire code FILE` to its first event on stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "code", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    first = proc.stdout.readline()
    took = time.perf_counter() - t0
    proc.stdout.read()
    proc.wait()
    if not first:
        raise SystemExit("cold start: no event came out")
    return took


def gazetteer_cost() -> dict:
    code = ("import time,json,re\n"
            "def rss():\n"
            "    return int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
            "import eventwire.where.gazetteer as gz\n"
            "r0=rss(); t=time.perf_counter(); g=gz.load_gazetteer(); g.candidates('Nara'); g.candidates('Paris')\n"
            "dt=time.perf_counter()-t; r1=rss()\n"
            "print(json.dumps({'seconds': dt, 'rss_mb': r1, 'added_mb': r1-r0, 'rows': g.size(),"
            " 'file_mb': gz.INDEX_PATH.stat().st_size / 1e6}))")
    return _fresh_process(code, "gazetteer bench")


def _fresh_process(code: str, what: str) -> dict:
    """Run Python ``code`` in a new interpreter (cold caches, its own RSS); its last stdout line is JSON."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"{what} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    from .config import Settings
    ap = argparse.ArgumentParser(prog="python -m eventwire.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles in the generated corpus")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--keep", help="write the corpus here and keep it")
    ap.add_argument("--layer-off", action="store_true",
                    help="also run one worker with the learned layer off (the figures before it)")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(args.keep) if args.keep else Path(tmp.name) / "corpus"
    files = make_corpus(args.n, folder)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = _words(texts)
    print(f"corpus: {len(files)} articles, {words:,} words, generated from {EXAMPLES.name}/ (cores: {os.cpu_count()})")
    gz = gazetteer_cost()
    print(f"gazetteer load: {gz['seconds']:.2f} s, process RSS {gz['rss_mb']:.0f} MB (+{gz['added_mb']:.0f} MB for the gazetteer)")
    if gz.get("rows"):
        print(f"gazetteer index: {gz['file_mb']:.0f} MB on disk; " + ", ".join(f"{k} {v:,}" for k, v in gz["rows"].items()))
    cs = cold_start(files[0])
    print(f"cold start to first event: {cs:.2f} s")
    # bare spaCy runs before and after the eventwire runs, each in a fresh process, and the ratios use
    # their mean: a shared host's speed drifts by 10-20% over a quarter of an hour
    before = bare_spacy(folder, words, settings.model, settings.batch_size)
    print(f"bare spaCy nlp.pipe ({settings.model}), before: {before:,.0f} words/s")
    runs = {}
    for w in args.workers:
        res = end_to_end(folder, w, settings.model)
        wps = words / res["seconds"]
        runs[w] = wps
        rss = ", ".join(f"{x:.0f}" for x in sorted(res["rss"])) or "?"
        print(f"eventwire ingest, {w} worker(s): {wps:,.0f} words/s ({res['seconds']:.1f} s, "
              f"{res['coded']} docs, {res['events']} events), peak RSS per worker MB: {rss}")
    if args.layer_off:
        res = end_to_end(folder, 1, settings.model, layer=False)
        off = words / res["seconds"]
        print(f"eventwire ingest, 1 worker, learned layer off: {off:,.0f} words/s ({res['seconds']:.1f} s, "
              f"{res['events']} events), peak RSS MB: {', '.join(f'{x:.0f}' for x in res['rss'])}")
    after = bare_spacy(folder, words, settings.model, settings.batch_size)
    spacy_wps = (before + after) / 2
    print(f"bare spaCy nlp.pipe, after: {after:,.0f} words/s; mean {spacy_wps:,.0f}")
    if args.layer_off:
        print(f"ratio eventwire(1 worker, layer off) / bare spaCy: {off / spacy_wps:.2f}")
    if 1 in runs:
        print(f"ratio eventwire(1 worker) / bare spaCy: {runs[1] / spacy_wps:.2f}  (target >= 0.70; "
              f"{runs[1] / max(before, after):.2f} against the faster spaCy run)")
    if 1 in runs and 2 in runs:
        print(f"ratio 2 workers / 1 worker: {runs[2] / runs[1]:.2f}  (target >= 1.8; needs 2 free cores)")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
