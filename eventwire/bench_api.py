"""Load benchmark of the HTTP API: many concurrent clients on loopback against /v1/events and /v1/dyads.

    python -m eventwire.bench_api                       # the demo database, 50 clients, 30 s
    python -m eventwire.bench_api --db eventwire.duckdb --clients 50 --seconds 30 --json bench-api.json

The server runs as its own process (`eventwire serve`, as a user would start it) on a free loopback
port; the clients are asyncio tasks, each with its own keep-alive connection.  Every client loops over a
fixed mix of requests until the time is up (a bounded loop), and the report gives requests per second,
the p50/p95/p99 latency overall and per endpoint, the errors (any status but 200, or a failed request)
and the share of answers the server's response cache gave (``--cache-mb 0`` measures without it).
Targets: no errors, p95 under 200 ms.  The exit status is 0 when both are met.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

P95_TARGET_MS = 200.0
# the request mix: event lists with the filters analysts use, and dyad series (80 distinct URLs)
PAIRS = [("KOR", "JPN"), ("CHN", "JPN"), ("KOR", "CHN"), ("UKR", "RUS"), ("USA", "CHN"), ("PAK", "AFG"),
         ("ISR", "LBN"), ("FRA", "DZA")]
COUNTRIES = ["KOR", "JPN", "CHN", "USA", "UKR", "RUS", "GEO", "TUR", "IND", "FRA"]
REQUESTS = (
    [("dyads", f"/v1/dyads/{a}/{b}?by={by}") for a, b in PAIRS for by in ("week", "month", "year")]
    + [("events", f"/v1/events?country={c}&deduplicated={d}&limit=50&page={p}")
       for c in COUNTRIES for d in ("true", "false") for p in (1, 2)]
    + [("events", f"/v1/events?dyad={a},{b}&deduplicated=true&aux=none,historical") for a, b in PAIRS]
    + [("events", f"/v1/events?start_date=2026-0{m}-01&end_date=2026-0{m}-28&quad_class={q}")
       for m in (1, 3) for q in (1, 2, 3, 4)])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_db(folder: Path) -> Path:
    """The example corpus coded into a fresh database (one worker) and clustered, as `eventwire demo` does."""
    import duckdb

    from .analysis import cluster_store
    from .runner import ingest
    examples = Path(__file__).resolve().parent.parent / "examples"
    db = folder / "bench-api.duckdb"
    ingest([str(p) for p in sorted(examples.glob("*.txt"))], str(db), workers=1, progress="none", log=lambda m: None)
    con = duckdb.connect(str(db))
    try:
        cluster_store(con)
    finally:
        con.close()
    return db


def start_server(db: Path, port: int, cache_mb: float = 64) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--cache-mb", str(cache_mb)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import httpx
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not answer /v1/health within 90 s")


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: GET only, loopback only.

    A load generator must cost far less than the server it measures; httpx's async client spends a few
    milliseconds of CPU per request, which on a small machine would measure the client, not the API."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, bytes, dict]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("ascii"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body, headers

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _client(port: int, i: int, until: float, samples: list, errors: list, hits: list) -> None:
    conn = Connection("127.0.0.1", port)
    k = i % len(REQUESTS)
    try:
        while time.perf_counter() < until:
            group, url = REQUESTS[k]
            k = (k + 1) % len(REQUESTS)
            t0 = time.perf_counter()
            try:
                status, _, headers = await conn.get(url)
                detail = None if status == 200 else f"{status} {url}"
                hits.append(headers.get("x-cache") == "hit")
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                detail = f"{type(exc).__name__} {url}"
                await conn.close()
            samples.append((group, (time.perf_counter() - t0) * 1000.0))
            if detail:
                errors.append(detail)
    finally:
        await conn.close()


async def load(port: int, clients: int, seconds: float) -> dict:
    samples: list[tuple[str, float]] = []
    errors: list[str] = []
    hits: list[bool] = []
    warm = Connection("127.0.0.1", port)
    for _, url in REQUESTS:                     # warm-up: one of each, not measured
        status, body, _ = await warm.get(url)
        if status != 200:
            raise RuntimeError(f"{url}: {status} {body[:200]!r}")
    await warm.close()
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(*(_client(port, i, until, samples, errors, hits) for i in range(clients)))
    elapsed = time.perf_counter() - t0
    out = summarise(samples, errors, elapsed, clients)
    out["cache_hit_ratio"] = round(sum(hits) / len(hits), 3) if hits else None
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)                                  # nearest rank
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def summarise(samples, errors, elapsed: float, clients: int) -> dict:
    def stats(vals):
        return {"requests": len(vals), "rps": round(len(vals) / elapsed, 1),
                **{f"p{p}_ms": round(percentile(vals, p), 1) for p in (50, 95, 99)}}
    out = {"clients": clients, "seconds": round(elapsed, 2), "errors": len(errors), "error_examples": errors[:5],
           "all": stats([ms for _, ms in samples])}
    for group in sorted({g for g, _ in REQUESTS}):
        out[group] = stats([ms for g, ms in samples if g == group])
    out["targets_met"] = out["errors"] == 0 and out["all"]["p95_ms"] < P95_TARGET_MS
    return out


def report(res: dict) -> str:
    lines = [f"{res['clients']} clients for {res['seconds']} s on loopback; {res['errors']} errors; "
             f"{res.get('cache_hit_ratio')} of answers from the response cache"]
    lines.append(f"  {'':8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for key in ("all", *sorted(k for k in res if k in {g for g, _ in REQUESTS})):
        s = res[key]
        lines.append(f"  {key:8} {s['requests']:>9} {s['rps']:>8} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['p99_ms']:>8}")
    lines.append(f"targets (no errors, p95 < {P95_TARGET_MS:g} ms): {'met' if res['targets_met'] else 'NOT met'}")
    return "\n".join(lines)


def run(db: str | None = None, clients: int = 50, seconds: float = 30.0, cache_mb: float = 64) -> dict:
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-api-") as tmp:
        path = Path(db) if db else demo_db(Path(tmp))
        port = free_port()
        proc = start_server(path, port, cache_mb)
        try:
            res = asyncio.run(load(port, clients, seconds))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        res.update(database=path.name if db else "demo (examples/*.txt)", cache_mb=cache_mb,
                   cpus=os.cpu_count(), load_average=list(os.getloadavg()))
        return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eventwire.bench_api", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="database to serve (default: the demo corpus, coded into a temporary file)")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--cache-mb", type=float, default=64, help="the server's response cache (0: none)")
    p.add_argument("--json", metavar="OUT", help="also write the result as JSON")
    args = p.parse_args(argv)
    res = run(args.db, args.clients, args.seconds, args.cache_mb)
    print(report(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0 if res["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
