"""The web page as a person uses it, in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Each test opens a view on the live demo server, checks what it shows against the API, saves a screenshot
(to a temporary folder; also to $EVENTWIRE_SCREENSHOTS, e.g. docs/screenshots, when set) and checks that
the page asked nothing of any other host and logged no error (a Content-Security-Policy violation would).
"""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from api_fixtures import ROOT, api, api_db, api_server, chromium_path  # noqa: F401 - fixtures

CHROMIUM = chromium_path()
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QUAD = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="/usr/bin/chromium is missing: the browser tests need Debian's "
                       "chromium (apt-get install -y chromium; .ci/run installs it)"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def snap(page, shots: Path, name: str) -> Path:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    out = os.environ.get("EVENTWIRE_SCREENSHOTS")
    if out:
        dest = Path(out) if Path(out).is_absolute() else ROOT / out
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest / path.name)
    return path


@pytest.fixture
def page(browser, api_server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=api_server.url,
                              accept_downloads=True)
    pg = ctx.new_page()
    pg.problems, pg.outside = [], []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith((api_server.url, "data:", "blob:"))
          else pg.outside.append(r.url))
    yield pg
    ctx.close()


def wait_ready(page) -> None:
    """Wait until the view for the current hash has rendered. The hash changes at once on a click
    but the view re-renders on the hashchange event after it, so a bare data-state=ready can still
    be the previous view's."""
    page.wait_for_function("() => { const v = document.querySelector('#view');"
                           " return v.dataset.state === 'ready' && v.dataset.route === location.hash; }",
                           timeout=30000)


def open_view(page, hash_: str) -> None:
    page.goto("/" + hash_)
    wait_ready(page)


def assert_clean(page) -> None:
    assert page.problems == [], page.problems
    assert page.outside == [], page.outside


def table_rows(page) -> list[dict]:
    """The event table as shown: one dict per row, keyed by the column headers' data-key."""
    return page.eval_on_selector("#events-table", """t => {
        const keys = [...t.querySelectorAll('thead th')].map(th => th.dataset.key);
        return [...t.querySelectorAll('tbody tr')].map(tr => {
            const row = {event_id: tr.dataset.eventId, doc_id: tr.dataset.docId};
            [...tr.children].forEach((td, i) => row[keys[i]] = td.textContent.trim());
            return row;
        });
    }""")


def test_dyad_view_chart_and_bar_click(page, api, shots):
    dyad = api.get("/v1/dyads/JPN/KOR", params={"by": "month"}).json()
    bars = [(p["period"], p["period_end"], q, p[f"quad_{q}"]) for p in dyad["periods"] for q in (1, 2, 3, 4)
            if p[f"quad_{q}"]]
    all_events = api.get("/v1/events", params={"dyad": "JPN,KOR", "deduplicated": "true"}).json()

    open_view(page, "#/dyad?a=JPN&b=KOR&by=month")
    marks = page.locator("#dyad-chart svg .mark-rect.role-mark path")
    assert marks.count() == len(bars) > 1
    assert page.locator("#dyad-chart svg .mark-line path").count() == 1
    assert page.locator("#table-status").inner_text().startswith(f"All events: {all_events['total']} events")
    assert len(table_rows(page)) == all_events["total"]
    snap(page, shots, "dyad")

    period, end, q, n = max(bars, key=lambda b: b[3])
    bar = page.locator(f"#dyad-chart svg .mark-rect.role-mark path[aria-label*='period: {period[:7]}; events: {n}; "
                       f"quad: {QUAD[q]}']")
    assert bar.count() == 1
    bar.click()
    page.wait_for_selector(f"#table-box[data-filter='{period}/{q}']", timeout=15000)
    rows = table_rows(page)
    assert len(rows) == n
    assert all(period <= r["date"] <= end and r["quad_class"].startswith(str(q)) for r in rows)
    want = api.get("/v1/events", params={"dyad": "JPN,KOR", "deduplicated": "true", "quad_class": q,
                                         "start_date": period, "end_date": end, "aux": "none,historical"}).json()
    assert sorted(r["event_id"] for r in rows) == sorted(r["event_id"] for r in want["rows"])
    assert page.locator("#table-status").inner_text().startswith(f"{period[:7]}, {QUAD[q]}: {n} events")
    snap(page, shots, "dyad-bar-clicked")
    page.click("#clear-filter")
    page.wait_for_selector("#table-box[data-filter='']", timeout=15000)
    assert len(table_rows(page)) == all_events["total"]
    assert_clean(page)


def test_event_table_filters_sort_and_csv(page, api, shots):
    open_view(page, "#/events?country=KOR&deduplicated=true")
    total = api.get("/v1/events", params={"country": "KOR", "deduplicated": "true"}).json()["total"]
    assert len(table_rows(page)) == total > 10

    page.select_option("#filters select[name=event_type]", "CONSULT")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => location.hash.includes('event_type=CONSULT')")
    wait_ready(page)
    want = api.get("/v1/events", params={"country": "KOR", "deduplicated": "true", "event_type": "CONSULT"}).json()
    rows = table_rows(page)
    assert len(rows) == want["total"] > 2 and {r["event_type"] for r in rows} == {"CONSULT"}

    page.click("#events-table th[data-key=date]")
    page.click("#events-table th[data-key=date]")
    rows = table_rows(page)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)

    with page.expect_download() as dl:
        page.click("button.download")
    lines = list(csv.reader(open(dl.value.path(), encoding="utf-8")))
    header = page.eval_on_selector_all("#events-table thead th", "ths => ths.map(th => th.dataset.key)")
    assert lines[0] == ["event_id", *header]
    assert [line[0] for line in lines[1:]] == [r["event_id"] for r in rows]
    assert [line[1 + header.index("date")] for line in lines[1:]] == [r["date"] for r in rows]
    assert [line[1 + header.index("actor_codes")] for line in lines[1:]] == [r["actor_codes"] for r in rows]
    snap(page, shots, "events")
    assert_clean(page)


def test_article_view_highlights_spans(page, api, shots):
    rows = api.get("/v1/events", params={"dyad": "JPN,KOR", "event_type": "SUPPORT"}).json()["rows"]
    ev_row = rows[0]
    doc = api.get(f"/v1/documents/{ev_row['doc_id']}").json()
    ev = next(e for e in doc["events"] if e["event_id"] == ev_row["event_id"])
    spans = {s["role"]: s for s in ev["spans"]}
    assert {"trigger", "actor", "recipient"} <= set(spans)

    open_view(page, f"#/doc/{ev['doc_id']}?event={ev['event_id']}")
    for role in ("trigger", "actor", "recipient", "place", "date"):
        if role not in spans:
            continue
        texts = page.eval_on_selector_all(f"#article-text mark[data-roles~='{role}']",
                                          "ms => ms.map(m => m.textContent)")
        assert "".join(texts) == spans[role]["text"] == doc["text"][spans[role]["start"]: spans[role]["end"]], role
    trigger = page.locator("#article-text mark.span-trigger").first
    assert trigger.inner_text() == ev["trigger"]["text"]
    trigger.hover()
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert ev["event_type"] in text and "why: " + ev["why"]["trigger"] in text
    assert page.locator("#event-list li.focus").count() == 1
    snap(page, shots, "article")
    page.click("#show-all")
    page.wait_for_function("() => !location.hash.includes('event=')")
    wait_ready(page)
    marked = page.eval_on_selector_all("#article-text mark",
                                       "ms => new Set(ms.flatMap(m => m.dataset.events.split(' '))).size")
    assert marked == len(doc["events"])
    assert_clean(page)


def test_map_draws_points_that_link_to_events(page, api, shots):
    geo = api.get("/v1/map").json()
    open_view(page, "#/map")
    page.wait_for_selector("#map-chart svg .mark-symbol.role-mark path")
    assert page.locator("#map-chart svg .mark-symbol.role-mark path").count() == len(geo["features"]) > 10
    assert page.locator("#map-chart svg .mark-shape.role-mark path").count() > 100      # country outlines
    snap(page, shots, "map")

    top = max(geo["features"], key=lambda f: f["properties"]["n_events"])
    name = top["properties"]["name"]
    point = page.locator(f"#map-chart svg .mark-symbol.role-mark path[aria-label*='place: {name};']")
    assert point.count() == 1
    point.click(force=True)
    page.wait_for_function("() => location.hash.startsWith('#/events') && location.hash.includes('bbox=')")
    wait_ready(page)
    assert len(table_rows(page)) == top["properties"]["n_events"]
    assert_clean(page)


def test_actor_search_and_page(page, api, shots):
    open_view(page, "#/actors")
    page.fill("#actor-search input[name=q]", "korea")
    page.click("#actor-search button")
    page.wait_for_function("() => location.hash.includes('q=korea')")
    wait_ready(page)
    codes = page.eval_on_selector_all("#actors-table tbody tr td:first-child", "tds => tds.map(t => t.textContent)")
    assert {"KOR", "PRK"} <= set(codes)
    page.click("#actors-table a[href='#/actor/KOR']")
    page.wait_for_function("() => location.hash === '#/actor/KOR'")
    wait_ready(page)
    actor = api.get("/v1/actors/KOR").json()
    first = page.locator("#partners-table tbody tr").first.inner_text()
    assert f"{actor['partners'][0]['name']} ({actor['partners'][0]['code']})" in first
    assert page.locator("#partners-table tbody tr").count() == len(actor["partners"])
    assert page.locator("#actor-chart svg .mark-rect.role-mark path").count() > 2
    snap(page, shots, "actor")
    assert_clean(page)


def test_front_page_opens_the_busiest_dyad(page, api):
    top = api.get("/v1/actors", params={"limit": 1}).json()["rows"][0]["code"]
    partner = api.get(f"/v1/actors/{top}").json()["partners"][0]["code"]
    page.goto("/")
    page.wait_for_function("() => location.hash.includes('a=')")
    wait_ready(page)
    assert f"a={top}" in page.evaluate("location.hash") and f"b={partner}" in page.evaluate("location.hash")
    assert page.locator("#dyad-chart svg .mark-rect.role-mark path").count() > 0
    assert page.locator("nav a.active").inner_text() == "Dyad"
    assert_clean(page)
