"""Security of the API: injection strings in every parameter, path traversal through the static route,
the body limit of POST /v1/code, and a database the server never writes."""
from __future__ import annotations

import http.client
import json
from urllib.parse import quote

import duckdb
import pytest

from api_fixtures import api, api_db, api_db_state, api_server, file_state, ro_connect  # noqa: F401 - fixtures

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

INJECTIONS = [
    "' OR 1=1 --", "KOR' OR '1'='1", "KOR'; DROP TABLE events; --", "\" OR \"\"=\"", "1; DELETE FROM documents",
    "%' OR '%'='", "KOR) OR (1=1", "') UNION SELECT text FROM documents --", "KOR,JPN' --", "*", "%", "_",
    "../../etc/passwd", "<script>alert(1)</script>", "\\x00", "KOR\u0000", "𝕂𝕆ℝ", "1e309", "-1", "NaN",
    "99999999999999999999", "2026-01-01' OR '1'='1", "read_csv('/etc/passwd')", "$1", "?", "a" * 300,
]
EVENT_PARAMS = ["start_date", "end_date", "country", "actor", "recipient", "dyad", "event_type", "quad_class", "mode",
                "aux", "min_confidence", "deduplicated", "updated_since", "bbox", "limit", "page", "sort", "format"]
TABLES = ("runs", "documents", "events", "entities", "quarantine", "event_clusters")


def _counts(path) -> dict:
    con = ro_connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def counts_before(api_db):
    return _counts(api_db)


def _empty_or_422(r) -> None:
    assert r.status_code in (200, 422), (r.status_code, r.text[:300])
    body = r.json()
    if r.status_code == 422:
        assert body["code"].startswith("EW") and body["where"]
    elif "total" in body:
        assert body["total"] == 0, body["total"]
    elif "features" in body:
        assert body["features"] == []
    else:
        assert body["rows"] == []


@pytest.mark.parametrize("param", EVENT_PARAMS)
def test_injection_in_every_event_parameter(api, counts_before, api_db, param):
    for payload in INJECTIONS:
        r = api.get("/v1/events", params={param: payload})
        _empty_or_422(r)
        if param not in ("limit", "page", "sort", "format"):
            _empty_or_422(api.get("/v1/map", params={param: payload}))
    assert _counts(api_db) == counts_before


def test_injection_in_path_and_search_parameters(api, counts_before, api_db):
    for payload in INJECTIONS:
        quoted = quote(payload, safe="")
        for path in (f"/v1/events/{quoted}", f"/v1/documents/{quoted}"):
            r = api.get(path)
            assert r.status_code in (404, 422), (path, r.status_code)
        for path in (f"/v1/dyads/{quoted}/JPN", f"/v1/dyads/KOR/{quoted}", f"/v1/actors/{quoted}"):
            r = api.get(path)
            assert r.status_code in (404, 422), (path, r.status_code, r.text[:200])
        for params in ({"by": payload}, {"start_date": payload}, {"directed": payload}):
            assert api.get("/v1/dyads/KOR/JPN", params=params).status_code == 422
        r = api.get("/v1/actors", params={"q": payload})
        assert r.status_code in (200, 422)
        if r.status_code == 200:
            assert r.json()["rows"] == [], payload
    assert _counts(api_db) == counts_before


def test_injection_in_posted_fields(api, counts_before, api_db):
    for payload in INJECTIONS[:8]:
        r = api.post("/v1/code", json={"text": f"Japan accused China on Monday. {payload}", "source": payload,
                                       "title": payload})
        assert r.status_code == 200
    assert _counts(api_db) == counts_before


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    """A GET with the path exactly as written (no client-side normalisation of dot segments)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


TRAVERSALS = [
    "/static/../eventwire/serve/app.py", "/static/../app.py", "/static/../../errors.py", "/static/vendor/../../app.py",
    "/static/..%2fapp.py", "/static/..%2f..%2ferrors.py", "/static/%2e%2e/app.py", "/static/%2e%2e/%2e%2e/errors.py",
    "/static/%252e%252e/app.py", "/static/..\\app.py", "/static/..%5capp.py", "/static/....//app.py",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/vendor/..%2f..%2f..%2fserve%2fapp.py",
    "/static/../../../../../../etc/passwd", "/static/%c0%ae%c0%ae/app.py", "/static/.%2e/app.py",
    "/static/app.js%00.py", "/../eventwire/serve/app.py", "/%2e%2e/%2e%2e/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal_through_static(api_server, path):
    status, body = _raw_get(api_server.port, path)
    assert status in (400, 404), (path, status)
    for secret in (b"def create_app", b"root:x:0", b"class EventwireError", b"import "):
        assert secret not in body


def test_static_serves_its_own_files(api_server):
    status, body = _raw_get(api_server.port, "/static/app.js")
    assert status == 200 and b"eventwire web page" in body


def test_body_limit_on_code(api, api_server):
    limit = api_server.app.state.max_body
    big = {"text": "Japan protested. " * (limit // 17 + 10)}
    r = api.post("/v1/code", json=big)
    assert r.status_code == 413
    body = r.json()
    assert body["code"] == "EW601" and str(limit) in body["message"] and body["where"] == "body"

    def chunks():                        # no Content-Length: counted as it arrives
        payload = json.dumps(big).encode()
        for i in range(0, len(payload), 8192):
            yield payload[i: i + 8192]
    r = api.post("/v1/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "EW601"

    conn = http.client.HTTPConnection("127.0.0.1", api_server.port, timeout=30)
    try:                                 # a declared length over the limit is refused before any body is read
        conn.putrequest("POST", "/v1/code")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(limit * 4))
        conn.endheaders(b"{}")
        resp = conn.getresponse()
        assert resp.status == 413 and json.loads(resp.read())["code"] == "EW601"
    finally:
        conn.close()

    ok = api.post("/v1/code", json={"text": "Japan protested to China on Monday. " * 20, "published": "2026-01-05"})
    assert ok.status_code == 200 and len(json.dumps(ok.request.content.decode())) < limit


def test_connection_is_read_only(api_server):
    con = api_server.app.state.db.con
    cur = con.cursor()
    try:
        for stmt in ("CREATE TABLE evil (i INTEGER)", "DELETE FROM events", "UPDATE documents SET text = ''",
                     "DROP TABLE events", "INSERT INTO runs (run_id) VALUES ('x')"):
            with pytest.raises(duckdb.Error):
                cur.execute(stmt)
        for stmt in ("SELECT * FROM read_csv('/etc/passwd')", "COPY events TO '/tmp/eventwire-leak.csv'",
                     "ATTACH '/tmp/eventwire-other.duckdb' AS other", "SET enable_external_access = true"):
            with pytest.raises(duckdb.Error):
                cur.execute(stmt)
    finally:
        cur.close()


def test_server_never_wrote_the_file(api, api_db, api_db_state):
    """After every request of this module and test_api: same checksum, size and mtime as right after the build."""
    api.get("/v1/events", params={"deduplicated": "true", "format": "parquet"})
    api.post("/v1/code", json={"text": "Japan protested to China on Monday.", "published": "2026-01-05"})
    assert file_state(api_db) == api_db_state
    wal = api_db.with_name(api_db.name + ".wal")
    assert not wal.exists()
