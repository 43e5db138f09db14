/* eventwire web page: dyad view, event table, article view, map, actor pages.
   Plain JavaScript (an ES module, so strict and with a scope of its own) over the /v1 API; charts with
   the vendored Vega-Lite (globals vega, vegaLite, vegaEmbed); nothing from the network.
   Every text from the data goes in through textContent, never as HTML. */

const QUAD = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"};
const QUAD_COLORS = ["#92c5de", "#2166ac", "#f4a582", "#b2182b"];
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FILTERS = ["start_date", "end_date", "country", "actor", "recipient", "dyad", "event_type", "quad_class",
  "mode", "aux", "min_confidence", "deduplicated", "bbox"];
const view = document.getElementById("view");
const tip = document.getElementById("tooltip");
const EMBED = {renderer: "svg", actions: false, ast: true};

// ------------------------------------------------------------------ helpers
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined && v !== false) u.set(k, v);
  return u.toString();
}

async function api(path, params) {
  const url = "v1/" + path + (params && Object.keys(params).length ? "?" + qs(params) : "");
  const r = await fetch(url, {headers: {Accept: "application/json"}});
  const body = await r.json().catch(() => ({message: r.statusText}));
  if (!r.ok) throw new Error((body.code ? body.code + ": " : "") + (body.message || r.statusText));
  return body;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return {name: parts[0] || "dyad", args: parts.slice(1), params: Object.fromEntries(new URLSearchParams(query || ""))};
}

const MOVED = Symbol("moved");       // a view that moved to another URL: the next render draws it

function go(name, args, params) {
  const q = qs(params || {});
  location.hash = "#/" + [name, ...(args || []).map(encodeURIComponent)].join("/") + (q ? "?" + q : "");
  return MOVED;
}

function setState(s) { view.dataset.state = s; }

function showError(where, err) {
  where.append(h("p", {class: "error"}, String(err.message || err)));
  setState("error");
}

function codes(s) { return (s || "").split(";").filter(Boolean).join(", ") || "—"; }
function fmt(v, d) { return v === null || v === undefined ? "" : (typeof v === "number" ? v.toFixed(d ?? 2) : v); }

function showTip(ev, lines) {
  tip.replaceChildren(...lines.map((l) => h("div", {class: l.cls || ""}, l.text)));
  tip.hidden = false;
  tip.style.left = Math.min(ev.pageX + 12, window.scrollX + window.innerWidth - 380) + "px";
  tip.style.top = (ev.pageY + 14) + "px";
}
function hideTip() { tip.hidden = true; }

function periodLabel(p, by) {
  if (by === "year") return p.slice(0, 4);
  if (by === "month") return p.slice(0, 7);
  return p;
}

// ------------------------------------------------------------------ the quad-class chart
function quadSpec(periods, by) {
  const bars = [], line = [];
  for (const p of periods) {
    const label = periodLabel(p.period, by);
    for (const q of [1, 2, 3, 4]) {
      if (p["quad_" + q] > 0) bars.push({period: label, start: p.period, end: p.period_end, quad_class: q,
        quad: QUAD[q], events: p["quad_" + q]});
    }
    if (p.intensity_mean !== null) line.push({period: label, intensity: p.intensity_mean, events: p.n_events});
  }
  const domain = periods.map((p) => periodLabel(p.period, by));       // every period, in time order
  const x = {field: "period", type: "ordinal", title: null, scale: {domain}, axis: {labelAngle: -40}};
  return {
    width: "container", height: 260, background: "white",
    layer: [
      {data: {values: bars}, mark: {type: "bar", cursor: "pointer"},
        encoding: {x, y: {field: "events", type: "quantitative", stack: "zero", title: "events"},
          color: {field: "quad", type: "nominal", title: null,
            scale: {domain: Object.values(QUAD), range: QUAD_COLORS}, legend: {orient: "top"}},
          order: {field: "quad_class"},
          tooltip: [{field: "period"}, {field: "quad", title: "quad class"}, {field: "events"}]}},
      {data: {values: line}, mark: {type: "line", color: "#222", point: {filled: true, color: "#222"}},
        encoding: {x, y: {field: "intensity", type: "quantitative", title: "mean intensity",
          scale: {domain: [-10, 10]}, axis: {orient: "right"}},
        tooltip: [{field: "period"}, {field: "intensity", title: "mean intensity", format: ".2f"},
          {field: "events"}]}},
    ],
    resolve: {scale: {y: "independent"}},
  };
}

async function drawQuadChart(el, periods, by, onBar) {
  if (!periods.length) { el.append(h("p", {class: "empty"}, "No events in this period.")); return null; }
  const res = await vegaEmbed(el, quadSpec(periods, by), EMBED);
  if (onBar) res.view.addEventListener("click", (_e, item) => {
    if (item && item.datum && item.datum.quad_class) onBar(item.datum);
  });
  return res.view;
}

// ------------------------------------------------------------------ the event table
const COLUMNS = [
  ["date", "date"], ["event_type", "type"], ["mode", "mode"], ["actor_codes", "actor"],
  ["recipient_codes", "recipient"], ["quad_class", "quad class"], ["intensity", "intensity"],
  ["confidence", "conf."], ["aux", "aux"], ["location_name", "place"], ["trigger_text", "trigger"],
  ["sentence", "sentence"], ["mentions", "mentions"], ["title", "article"],
];
const QUAD_SHORT = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"};

function cellValue(row, key) {
  if (key === "actor_codes" || key === "recipient_codes") return codes(row[key]);
  if (key === "quad_class") return row.quad_class ? row.quad_class + " " + QUAD_SHORT[row.quad_class] : "";
  if (key === "intensity" || key === "goldstein" || key === "confidence") return fmt(row[key]);
  return row[key] ?? "";
}

function csvOf(rows, cols) {
  const esc = (v) => { const s = String(v ?? ""); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  const lines = [["event_id", ...cols.map((c) => c[0])].join(",")];
  for (const r of rows) lines.push([r.event_id, ...cols.map((c) => cellValue(r, c[0]))].map(esc).join(","));
  return lines.join("\n") + "\n";
}

// A table of events with client-side sorting and a CSV download of exactly the rows shown, in their order.
function eventTable(rows, opts) {
  const state = {key: opts && opts.sortKey || null, dir: 1};
  const body = h("tbody");
  const head = h("tr");
  const wrap = h("div", {class: "table-wrap"});
  const table = h("table", {class: "events", id: (opts && opts.id) || "events-table"}, h("thead", {}, head), body);
  let shown = rows.slice();
  function sortRows() {
    if (!state.key) return;
    const k = state.key;
    shown.sort((a, b) => {
      const x = a[k], y = b[k];
      if (x === y) return 0;
      if (x === null || x === undefined || x === "") return 1;
      if (y === null || y === undefined || y === "") return -1;
      return (x < y ? -1 : 1) * state.dir;
    });
  }
  function fill() {
    sortRows();
    body.replaceChildren(...shown.map((r) => h("tr", {dataset: {eventId: r.event_id, docId: r.doc_id}},
      COLUMNS.map(([k]) => {
        if (k === "title") return h("td", {class: "c-title"}, h("a", {href: "#/doc/" + encodeURIComponent(r.doc_id) + "?event=" +
          encodeURIComponent(r.event_id), class: "article-link"}, r.title || r.doc_id));
        if (k === "sentence") return h("td", {class: "c-sentence"}, h("div", {class: "clamp", title: r.sentence}, r.sentence));
        return h("td", {class: "c-" + k + (k === "quad_class" && r.quad_class ? " q" + r.quad_class : "")}, cellValue(r, k));
      }))));
    for (const th of head.children) {
      th.dataset.sorted = th.dataset.key === state.key ? (state.dir > 0 ? "asc" : "desc") : "";
    }
  }
  for (const [k, label] of COLUMNS) {
    head.append(h("th", {dataset: {key: k}, onclick: () => {
      state.dir = state.key === k ? -state.dir : 1;
      state.key = k;
      fill();
    }}, label));
  }
  fill();
  const download = h("button", {type: "button", class: "download", onclick: () => {
    const blob = new Blob([csvOf(shown, COLUMNS)], {type: "text/csv"});
    const a = h("a", {href: URL.createObjectURL(blob), download: "events.csv"});
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }}, "Download CSV (" + rows.length + " rows shown)");
  wrap.append(table);
  return {el: h("div", {}, h("div", {class: "table-tools"}, download), wrap), rows: () => shown};
}

function filterForm(params, fields, onSubmit) {
  const form = h("form", {class: "filters", id: "filters"});
  const input = (name, label, attrs) => h("label", {}, label,
    h("input", {name, value: params[name] || "", ...(attrs || {})}));
  const select = (name, label, options) => h("label", {}, label, h("select", {name},
    options.map(([v, t]) => h("option", {value: v, selected: (params[name] || "") === v}, t))));
  const all = {
    start_date: () => input("start_date", "from", {type: "date"}),
    end_date: () => input("end_date", "to", {type: "date"}),
    country: () => input("country", "country", {size: 6, placeholder: "KOR"}),
    actor: () => input("actor", "actor", {size: 6}),
    recipient: () => input("recipient", "recipient", {size: 6}),
    dyad: () => input("dyad", "dyad", {size: 9, placeholder: "KOR,JPN"}),
    event_type: () => select("event_type", "type", [["", "any"], ...TYPES.map((t) => [t, t])]),
    quad_class: () => select("quad_class", "quad class", [["", "any"], ...[1, 2, 3, 4].map((q) => [String(q), q + " " + QUAD[q]])]),
    mode: () => input("mode", "mode", {size: 8}),
    aux: () => select("aux", "aux", [["", "all but negated"], ["none,historical", "happened"], ["none", "none"],
      ["historical", "historical"], ["future", "future"], ["hypothetical", "hypothetical"], ["negated", "negated"], ["any", "any"]]),
    min_confidence: () => input("min_confidence", "min. confidence", {type: "number", step: "0.05", min: 0, max: 1}),
    deduplicated: () => h("label", {}, h("input", {type: "checkbox", name: "deduplicated",
      checked: params.deduplicated === "true"}), "one row per event"),
  };
  for (const f of fields) form.append(all[f]());
  form.append(h("button", {type: "submit"}, "Apply"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const out = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") { if (el.checked) out[el.name] = "true"; } else if (el.value) out[el.name] = el.value;
    }
    onSubmit(out);
  });
  return form;
}

// ------------------------------------------------------------------ views
async function dyadView(root, p) {
  if (!p.a || !p.b) {
    const top = await api("actors", {limit: 1});
    const a = top.rows.length ? top.rows[0].code : "";
    const partner = a ? (await api("actors/" + a, {limit: 1})).partners[0] : null;
    if (a && partner) return go("dyad", [], {a, b: partner.code, by: "month"});
  }
  const by = p.by || "month";
  const form = h("form", {class: "filters", id: "dyad-form"},
    h("label", {}, "between", h("input", {name: "a", value: p.a || "", size: 6, list: "codes", required: true})),
    h("label", {}, "and", h("input", {name: "b", value: p.b || "", size: 6, list: "codes", required: true})),
    h("label", {}, "from", h("input", {name: "start_date", type: "date", value: p.start_date || ""})),
    h("label", {}, "to", h("input", {name: "end_date", type: "date", value: p.end_date || ""})),
    h("label", {}, "per", h("select", {name: "by"}, ["week", "month", "year"].map((v) =>
      h("option", {value: v, selected: v === by}, v)))),
    h("button", {type: "submit"}, "Show"), h("datalist", {id: "codes"}));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go("dyad", [], Object.fromEntries([...new FormData(form)].filter(([, v]) => v)));
  });
  root.append(h("h2", {}, "Dyad"), form);
  api("actors", {limit: 300}).then((r) => form.querySelector("datalist").append(
    ...r.rows.map((x) => h("option", {value: x.code}, x.name)))).catch(() => {});
  if (!p.a || !p.b) { root.append(h("p", {}, "Pick two countries or organisations.")); return; }
  const range = {start_date: p.start_date, end_date: p.end_date};
  const d = await api("dyads/" + encodeURIComponent(p.a) + "/" + encodeURIComponent(p.b), {by, ...range});
  const names = (c) => (d.names[c] || c) + " (" + c + ")";
  root.append(h("h3", {}, names(d.a) + " — " + names(d.b)),
    h("p", {class: "summary"}, d.totals.n_events + " events; mean intensity " + fmt(d.totals.intensity_mean) +
      ", mean Goldstein " + fmt(d.totals.goldstein_mean) + ". Click a bar to list its events."));
  const chart = h("div", {class: "chart", id: "dyad-chart"});
  const status = h("p", {class: "table-status", id: "table-status"});
  const tableBox = h("div", {id: "table-box"});
  root.append(chart, status, tableBox);
  const base = {dyad: d.a + "," + d.b, deduplicated: "true", limit: 1000, ...range};
  async function load(extra, label) {
    const r = await api("events", {...base, ...extra});
    const t = eventTable(r.rows);
    status.replaceChildren(label + ": " + r.total + " events" + (r.total > r.rows.length ? " (first " + r.rows.length + " shown)" : ""));
    if (extra.quad_class) status.append(" ", h("a", {href: "#", id: "clear-filter", onclick: (e) => {
      e.preventDefault(); load({}, "All events");
    }}, "show all"));
    tableBox.replaceChildren(t.el);
    tableBox.dataset.filter = extra.quad_class ? extra.start_date + "/" + extra.quad_class : "";
  }
  await drawQuadChart(chart, d.periods, by, (datum) => load({
    start_date: maxDate(datum.start, p.start_date), end_date: minDate(datum.end, p.end_date),
    quad_class: datum.quad_class, aux: "none,historical"}, datum.period + ", " + datum.quad));
  await load({}, "All events");
}

function maxDate(a, b) { return !b || a > b ? a : b; }
function minDate(a, b) { return !b || a < b ? a : b; }

async function eventsView(root, p) {
  root.append(h("h2", {}, "Events"), filterForm(p, ["start_date", "end_date", "country", "actor", "recipient",
    "dyad", "event_type", "quad_class", "mode", "aux", "min_confidence", "deduplicated"],
  (out) => go("events", [], {...out, limit: p.limit || ""})));
  const params = {};
  for (const k of [...FILTERS, "limit", "page"]) if (p[k]) params[k] = p[k];
  params.limit = params.limit || 200;
  const r = await api("events", params);
  const page = Number(params.page || 1);
  const pager = h("p", {class: "table-status", id: "table-status"}, r.total + " events" +
    (r.total > r.rows.length ? ", page " + page + " (" + r.rows.length + " rows)" : ""));
  if (page > 1) pager.append(" ", h("a", {href: "#", onclick: (e) => { e.preventDefault(); go("events", [], {...p, page: page - 1}); }}, "← previous"));
  if (r.next) pager.append(" ", h("a", {href: "#", id: "next-page", onclick: (e) => { e.preventDefault(); go("events", [], {...p, page: page + 1}); }}, "next →"));
  if (p.bbox) pager.append(" · at one place ", h("a", {href: "#/map"}, "(back to the map)"));
  root.append(pager, eventTable(r.rows).el);
}

const ROLE_ORDER = ["trigger", "actor", "recipient", "date", "place"];

function spanLines(items) {
  const lines = [];
  for (const {ev, s} of items) {
    lines.push({text: ev.event_type + (ev.mode ? "/" + ev.mode : "") + " · " + s.role + ": “" + (s.text || "") + "”", cls: "tip-head"});
    if (s.role === "trigger") {
      lines.push({text: "actor " + ev.actor.map((e) => e.code || "?").join("+") + " → recipient " +
        (ev.recipient.map((e) => e.code || "?").join("+") || "—") + " · quad " + ev.quad_class + " · CAMEO " + (ev.cameo || "") +
        " · confidence " + fmt(ev.confidence) + (ev.aux ? " · " + ev.aux : "")});
      lines.push({text: "why: " + (ev.why.trigger || "") + (ev.why.arguments ? "; " + ev.why.arguments : ""), cls: "tip-why"});
    } else if (s.role === "date") {
      lines.push({text: "date " + (ev.date || "") + " (" + (ev.date_precision || "") + ")"});
      if (ev.why.date) lines.push({text: "why: " + ev.why.date, cls: "tip-why"});
    } else {
      lines.push({text: [s.code, s.sector, s.name].filter(Boolean).join(" · ")});
      if (s.why) lines.push({text: "why: " + s.why, cls: "tip-why"});
    }
  }
  return lines;
}

// The article with the spans of the chosen events marked; overlapping spans are split at every boundary.
function markedText(text, events) {
  const spans = [];
  for (const ev of events) for (const s of ev.spans) if (s.end > s.start) spans.push({ev, s});
  const cuts = new Set([0, text.length]);
  for (const {s} of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const cover = spans.filter(({s}) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!cover.length) { out.push(piece); continue; }
    const roles = [...new Set(cover.map(({s}) => s.role))].sort((x, y) => ROLE_ORDER.indexOf(x) - ROLE_ORDER.indexOf(y));
    const mark = h("mark", {class: "span span-" + roles[0], dataset: {roles: roles.join(" "),
      events: [...new Set(cover.map(({ev}) => ev.event_id))].join(" "), start: a, end: b}}, piece);
    mark.addEventListener("mouseenter", (e) => showTip(e, spanLines(cover)));
    mark.addEventListener("mousemove", (e) => { tip.style.left = Math.min(e.pageX + 12, window.scrollX + window.innerWidth - 380) + "px"; tip.style.top = (e.pageY + 14) + "px"; });
    mark.addEventListener("mouseleave", hideTip);
    out.push(mark);
  }
  return out;
}

async function articleView(root, args, p) {
  const doc = await api("documents/" + encodeURIComponent(args[0]));
  const focus = p.event && doc.events.some((e) => e.event_id === p.event) ? p.event : null;
  const shown = focus ? doc.events.filter((e) => e.event_id === focus) : doc.events;
  const legend = h("p", {class: "legend"}, ROLE_ORDER.map((r) => h("mark", {class: "span span-" + r}, r)));
  const body = h("div", {class: "article-text", id: "article-text"}, markedText(doc.text || "", shown));
  const list = h("ol", {class: "event-list", id: "event-list"}, doc.events.map((ev) => h("li",
    {class: ev.event_id === focus ? "focus" : "", dataset: {eventId: ev.event_id}},
    h("a", {href: "#/doc/" + encodeURIComponent(doc.doc_id) + "?event=" + encodeURIComponent(ev.event_id)},
      ev.event_type + " " + ev.actor.map((e) => e.code || "?").join("+") + "→" +
      (ev.recipient.map((e) => e.code || "?").join("+") || "—")),
    " ", h("span", {class: "muted"}, (ev.date || "") + (ev.aux ? " · " + ev.aux : "") + " · “" + ev.trigger.text + "”"))));
  root.append(h("h2", {}, doc.title || doc.doc_id),
    h("p", {class: "muted"}, [doc.source, doc.published, doc.dateline_place].filter(Boolean).join(" · ") +
      " · " + doc.events.length + " events"),
    h("div", {class: "article"}, h("div", {}, legend, body),
      h("aside", {}, h("h3", {}, focus ? "Event (" : "Events (", focus ?
        h("a", {href: "#/doc/" + encodeURIComponent(doc.doc_id), id: "show-all"}, "show all") : "hover a mark", ")"), list)));
}

async function mapView(root, p) {
  root.append(h("h2", {}, "Map"), filterForm(p, ["start_date", "end_date", "country", "event_type", "quad_class",
    "deduplicated"], (out) => go("map", [], out)));
  const params = {};
  for (const k of FILTERS) if (p[k]) params[k] = p[k];
  const geo = await api("map", params);
  const pts = geo.features.map((f) => ({lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1],
    name: f.properties.name || "", n_events: f.properties.n_events, quad: QUAD[f.properties.quad_class],
    bbox: f.properties.bbox}));
  const chart = h("div", {class: "chart map", id: "map-chart"});
  root.append(h("p", {class: "summary", id: "map-status"}, pts.length + " places, " +
    pts.reduce((s, x) => s + x.n_events, 0) + " events. Click a point to list its events."), chart);
  const spec = {
    width: "container", height: 480, background: "white", projection: {type: "equalEarth"},
    layer: [
      {data: {url: "static/vendor/countries-110m.json", format: {type: "topojson", feature: "countries"}},
        mark: {type: "geoshape", fill: "#eceae4", stroke: "#a9a59a", strokeWidth: 0.5}},
      {data: {values: pts}, mark: {type: "circle", opacity: 0.85, stroke: "#333", strokeWidth: 0.5, cursor: "pointer"},
        encoding: {longitude: {field: "lon", type: "quantitative"}, latitude: {field: "lat", type: "quantitative"},
          size: {field: "n_events", type: "quantitative", scale: {range: [40, 600]}, legend: null},
          color: {field: "quad", type: "nominal", title: "dominant quad class",
            scale: {domain: Object.values(QUAD), range: QUAD_COLORS}, legend: {orient: "bottom"}},
          tooltip: [{field: "name", title: "place"}, {field: "n_events", title: "events"}, {field: "quad", title: "mostly"}]}},
    ],
  };
  const res = await vegaEmbed(chart, spec, EMBED);
  res.view.addEventListener("click", (_e, item) => {
    if (item && item.datum && item.datum.bbox) {
      const keep = {};
      for (const k of FILTERS) if (p[k] && k !== "bbox") keep[k] = p[k];
      go("events", [], {...keep, bbox: item.datum.bbox});
    }
  });
}

async function actorsView(root, p) {
  const form = h("form", {class: "filters", id: "actor-search"}, h("label", {}, "search",
    h("input", {name: "q", value: p.q || "", placeholder: "Korea, Lee, NATO", autofocus: true})), h("button", {type: "submit"}, "Search"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("actors", [], {q: form.elements.q.value}); });
  root.append(h("h2", {}, "Actors"), form);
  const r = await api("actors", {q: p.q || "", limit: 100});
  root.append(h("table", {class: "events", id: "actors-table"},
    h("thead", {}, h("tr", {}, ["code", "name", "matched", "as actor", "as recipient", "events"].map((t) => h("th", {}, t)))),
    h("tbody", {}, r.rows.map((a) => h("tr", {}, h("td", {}, h("a", {href: "#/actor/" + encodeURIComponent(a.code)}, a.code)),
      h("td", {}, a.name), h("td", {}, a.matched || ""), h("td", {}, a.as_actor), h("td", {}, a.as_recipient), h("td", {}, a.total))))));
}

async function actorView(root, args, p) {
  const by = p.by || "month";
  const a = await api("actors/" + encodeURIComponent(args[0]), {by, limit: 25});
  root.append(h("h2", {}, a.name + " (" + a.code + ")"),
    h("p", {class: "summary"}, a.totals.n_events + " events; mean intensity " + fmt(a.totals.intensity_mean) + ". ",
      h("a", {href: "#/events?" + qs({country: a.code, deduplicated: "true"})}, "all its events")));
  const chart = h("div", {class: "chart", id: "actor-chart"});
  root.append(h("h3", {}, "Timeline"), chart, h("h3", {}, "Top partners"),
    h("table", {class: "events", id: "partners-table"},
      h("thead", {}, h("tr", {}, ["partner", "events", "as actor", "as recipient", "reciprocal", "mean intensity", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, a.partners.map((x) => h("tr", {},
        h("td", {}, h("a", {href: "#/actor/" + encodeURIComponent(x.code)}, x.name + " (" + x.code + ")")),
        h("td", {}, x.n_events), h("td", {}, x.as_actor), h("td", {}, x.as_recipient), h("td", {}, x.reciprocal),
        h("td", {}, fmt(x.intensity_mean)),
        h("td", {}, h("a", {href: "#/dyad?" + qs({a: a.code, b: x.code, by})}, "dyad view")))))));
  await drawQuadChart(chart, a.timeline, by, (datum) => go("events", [], {country: a.code, deduplicated: "true",
    start_date: datum.start, end_date: datum.end, quad_class: datum.quad_class, aux: "none,historical"}));
}

// ------------------------------------------------------------------ router
let rendering = 0;

// Each render draws into a fresh element; a slower earlier render can then never write into a later view.
async function render() {
  const r = route();
  const gen = ++rendering;
  const root = h("div", {class: "view-root"});
  hideTip();
  view.dataset.route = location.hash;   // which hash the coming "ready" belongs to (tests wait on both)
  setState("loading");
  view.replaceChildren(root);
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    const on = a.dataset.view === r.name || (a.dataset.view === "actors" && r.name === "actor");
    a.classList.toggle("active", on);
  }
  try {
    const views = {events: eventsView, map: mapView, actors: actorsView};
    let out;
    if (views[r.name]) out = await views[r.name](root, r.params);
    else if (r.name === "doc") out = await articleView(root, r.args, r.params);
    else if (r.name === "actor") out = await actorView(root, r.args, r.params);
    else out = await dyadView(root, r.params);
    if (out !== MOVED && gen === rendering && view.dataset.state === "loading") setState("ready");
  } catch (err) {
    if (gen === rendering) showError(root, err);
  }
}

window.addEventListener("hashchange", render);
render();
