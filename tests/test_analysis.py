"""Clustering rules and analysis outputs, checked against values computed by hand."""
from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from eventwire.analysis import actors, cluster_store, dyad, network, timeline, write_graph
from eventwire.analysis.cluster import Clusterer, Mention
from eventwire.analysis.plots import map_html, plot_dyad
from eventwire.analysis.queries import events_frame
from eventwire.store import Store
from eventwire.records import DocResult, Event

QUAD = {"CONSULT": 1, "AGREE": 1, "ACCUSE": 3, "ASSAULT": 4, "AID": 2, "THREATEN": 3}
SCORE = {"CONSULT": 1.0, "AGREE": 2.5, "ACCUSE": -2.5, "ASSAULT": -9.0, "AID": 7.0, "THREATEN": -5.0}


def _ent(code, sector="GOV"):
    return {"text": code, "start": 0, "end": 3, "code": code, "sector": sector, "name": code, "kb_id": None, "why": "t"}


def _event(eid, doc, etype, actors_, recipients, date, aux=None, place=None, sentence=(0, 40)):
    loc = None
    if place:
        loc = {"name": place[0], "geonameid": place[1], "lat": place[2], "lon": place[3], "country": place[4],
               "admin1": None, "feature": "city", "text": place[0], "start": 0, "end": 1, "why": "t"}
    return {"event_id": eid, "doc_id": doc, "event_type": etype, "mode": None, "context": [],
            "actor": [_ent(c) for c in actors_], "recipient": [_ent(c) for c in recipients], "date": date,
            "date_precision": "day", "date_text": None, "date_end": date, "location": loc, "aux": aux,
            "intensity": SCORE[etype], "quad_class": QUAD[etype], "cameo": "040", "goldstein": SCORE[etype] / 2,
            "trigger": {"text": "x", "start": 0, "end": 1}, "sentence": {"index": 0, "start": sentence[0], "end": sentence[1]},
            "confidence": 0.8, "why": {"trigger": "t"}, "mentions": 1}


NARA = ("Nara", 1855612, 34.685, 135.805, "JPN")
SEOUL = ("Seoul", 1835848, 37.566, 126.978, "KOR")


def _doc(doc_id, source, text, events, published):
    return DocResult(id=doc_id, doc_id=doc_id, status="coded", key=doc_id, text=text,
                     document={"doc_id": doc_id, "published": published, "story_date": published, "source": source,
                               "title": None, "url": None, "dateline_place": None, "dateline_agency": None,
                               "chars": len(text)},
                     events=[Event.from_dict(e) for e in events])


@pytest.fixture()
def db(tmp_path):
    """Hand-made mentions: the Nara meeting told by three outlets, one negated, one future, a JPN->KOR
    accusation, a PRK->KOR attack, and a CHN-JPN consult in another month."""
    s = "Lee and Takaichi held talks in Nara on the future of the alliance."
    docs = [
        _doc("d1", "Meridian", s, [_event("m1", "d1", "CONSULT", ["KOR", "JPN"], [], "2026-01-13", place=NARA)], "2026-01-13"),
        _doc("d2", "Harbor", s, [_event("m2", "d2", "CONSULT", ["JPN", "KOR"], [], "2026-01-13", place=NARA),
                                 _event("m3", "d2", "ACCUSE", ["JPN"], ["KOR"], "2026-01-14")], "2026-01-14"),
        _doc("d3", "Atlas", s, [_event("m4", "d3", "CONSULT", ["KOR"], ["JPN"], "2026-01-13", place=NARA),
                                _event("m5", "d3", "AGREE", ["KOR", "JPN"], [], "2026-02-20", aux="future")], "2026-01-13"),
        _doc("d4", "Atlas", "North Korea fired shells at a South Korean island.",
             [_event("m6", "d4", "ASSAULT", ["PRK"], ["KOR"], "2026-02-03", place=SEOUL),
              _event("m7", "d4", "CONSULT", ["KOR"], ["JPN"], "2026-02-03", aux="negated")], "2026-02-03"),
        _doc("d5", "Meridian", "China and Japan held talks in Beijing.",
             [_event("m8", "d5", "CONSULT", ["CHN", "JPN"], [], "2026-03-02")], "2026-03-02"),
    ]
    path = str(tmp_path / "a.duckdb")
    with Store(path) as st:
        st.write(docs, "test")
        counts = cluster_store(st.con)
    assert counts == {"mentions": 7, "events": 5}      # m7 negated; m1, m2, m4 one event
    return path


def test_clusters_carry_mentions_sources_and_dates(db):
    with Store(db, read_only=True) as st:
        row = st.con.execute("SELECT num_mentions, num_sources, num_documents, first_seen, last_seen FROM event_clusters "
                             "WHERE event_type = 'CONSULT' AND date = '2026-01-13'").fetchone()
        assert row == (3, 3, 3, dt.date(2026, 1, 13), dt.date(2026, 1, 14))
        ids = {r[0] for r in st.con.execute("SELECT cluster_id FROM events WHERE event_id IN ('m1','m2','m4')").fetchall()}
        assert len(ids) == 1
        assert st.con.execute("SELECT cluster_id FROM events WHERE event_id = 'm7'").fetchone()[0] is None


def test_dyad_counts_by_hand(db):
    with Store(db, read_only=True) as st:
        s = dyad(st.con, "KOR", "JPN", by="month")
        d = dyad(st.con, "JPN", "KOR", by="month", directed=True)
    jan = s[s["period"] == "2026-01-01"].iloc[0]
    # one CONSULT (three mentions) and one ACCUSE; the future AGREE is counted apart, the negated one not at all
    assert (jan["n_events"], jan["CONSULT"], jan["ACCUSE"], jan["quad_1"], jan["quad_3"]) == (2, 1, 1, 1, 1)
    assert jan["intensity_sum"] == pytest.approx(1.0 - 2.5) and jan["intensity_mean"] == pytest.approx(-0.75)
    assert jan["goldstein_sum"] == pytest.approx(0.5 - 1.25)
    feb = s[s["period"] == "2026-02-01"].iloc[0]
    assert (feb["n_events"], feb["n_future_hypothetical"]) == (0, 1)
    # directed JPN -> KOR: only the accusation (the reciprocal meeting has no direction)
    assert d["n_events"].sum() == 1 and d["ACCUSE"].sum() == 1


def test_actors_timeline_network(db, tmp_path):
    with Store(db, read_only=True) as st:
        top = actors(st.con, top=3)
        tl = timeline(st.con, "CHN", by="month")
        g = network(st.con, min_events=1)
        g2 = network(st.con, min_events=2)
    rows = {r.code: (r.as_actor, r.as_recipient, r.total) for r in top.itertuples()}
    # JPN: actor in Nara consult, accusation, China consult; recipient of nothing realised
    assert rows["JPN"] == (3, 0, 3) and rows["KOR"] == (1, 2, 3)
    assert tl["n_events"].sum() == 1 and tl["CONSULT"].sum() == 1
    assert g["PRK"]["KOR"]["weight"] == 1 and g["JPN"]["KOR"]["weight"] == 2     # the meeting and the accusation
    assert g["KOR"]["JPN"]["weight"] == 1 and g["JPN"]["KOR"]["intensity"] == pytest.approx(-0.75)
    assert set(g2.edges()) == {("JPN", "KOR")}
    path = str(tmp_path / "net.graphml")
    write_graph(g, path)
    back = nx.read_graphml(path)
    assert back.number_of_edges() == g.number_of_edges() and back["PRK"]["KOR"]["weight"] == 1


def test_plots_are_not_blank(db, tmp_path):
    import matplotlib.image as mpimg
    with Store(db, read_only=True) as st:
        series = dyad(st.con, "KOR", "JPN")
        frame = events_frame(st.con)
    png = plot_dyad(series, "KOR", "JPN", str(tmp_path / "d.png"))
    img = mpimg.imread(png)
    assert img.shape[0] > 100 and img[..., :3].std() > 0.05          # something drawn, not a flat image
    html = open(map_html(frame, str(tmp_path / "m.html")), encoding="utf-8").read()
    assert html.count("<circle") == 2 and "Nara" in html
    assert "src=" not in html and "<link" not in html and "href=" not in html      # nothing fetched: opens offline


def _m(eid, etype, acts, recs, day, place=None, words="talks leaders alliance nara"):
    d = dt.date.fromisoformat(day)
    lat, lon, gid = (place[2], place[3], place[1]) if place else (None, None, None)
    return Mention(eid, eid, eid, etype, frozenset(acts), frozenset(recs), d, d, lat, lon,
                   place[4] if place else None, "city" if place else None, gid, frozenset(words.split()), d, None)


def test_clustering_rules():
    c = Clusterer()
    same = c.cluster([_m("a", "CONSULT", ["KOR", "JPN"], [], "2026-01-13", NARA),
                      _m("b", "CONSULT", ["KOR"], ["JPN"], "2026-01-14", NARA)])
    assert same["a"] == same["b"]                                   # one meeting, reported a day apart
    apart = c.cluster([_m("a", "ASSAULT", ["RUS"], ["UKR"], "2026-04-02", ("Kharkiv", 706483, 49.98, 36.25, "UKR")),
                       _m("b", "ASSAULT", ["RUS"], ["UKR"], "2026-04-02", ("Odesa", 698740, 46.48, 30.73, "UKR"))])
    assert apart["a"] != apart["b"]                                 # same pair, same day, different places
    days = c.cluster([_m("a", "ASSAULT", ["IND"], ["PAK"], "2026-05-04"), _m("b", "ASSAULT", ["IND"], ["PAK"], "2026-05-07")])
    assert days["a"] != days["b"]
    words = c.cluster([_m("a", "ACCUSE", ["CHN"], ["JPN"], "2026-03-10", words="ambassador summoned taiwan remarks"),
                       _m("b", "ACCUSE", ["CHN"], ["JPN"], "2026-03-10", words="coast guard fishing boat senkaku")])
    assert words["a"] != words["b"]                                 # no place: the context decides


def test_cross_document_clustering_on_the_test_corpus(tmp_path):
    """Several outlets' reports of one event merge; different events of one pair on one day stay apart;
    the Gyeongju meeting recalled in January joins its October reports (tests/data/cluster/README.md)."""
    from pathlib import Path
    from eventwire.evaluate.own import load_jsonl, score_clusters
    folder = Path(__file__).parent / "data" / "cluster"
    res = score_clusters(folder, load_jsonl(str(folder / "truth.jsonl")), str(tmp_path / "c.duckdb"))
    assert res["found"] >= 0.8 * res["mentions"], res
    assert res["precision"] >= 0.9 and res["recall"] >= 0.9, res
