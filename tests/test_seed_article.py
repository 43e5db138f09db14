"""The seed article (issue 2, item 11): ../shared/examples/upi-2026-01-13-lee-takaichi.txt."""
import pytest

from conftest import SHARED, codes, find

SEED = SHARED / "examples" / "upi-2026-01-13-lee-takaichi.txt"


@pytest.fixture(scope="module")
def events():
    from eventwire import code_text
    return code_text(SEED.read_text(encoding="utf-8"), published="2026-01-13")


def test_a_consult_talks_in_nara(events):
    talks = [e for e in find(events, "CONSULT", parties={"KOR", "JPN"}, aux=None) if "talks" in e.trigger["text"]]
    assert talks, "the Nara talks between Lee and Takaichi"
    names = {a.name for a in talks[0].actor}
    assert any("Lee" in (n or "") for n in names) and any("Takaichi" in (n or "") for n in names)
    assert {a.sector for a in talks[0].actor} == {"GOV"}


def test_a_visit_to_japan(events):
    visits = find(events, "CONSULT", actor={"KOR"}, recipient={"JPN"}, aux=None)
    assert visits, "Lee's visit to Japan: actor KOR, recipient JPN"
    assert visits[0].mode == "visit"


def test_b_agree_for_scheduled_summit_and_visit(events):
    agree = find(events, "AGREE", parties={"KOR", "JPN"})
    assert agree, "a scheduled summit is AGREE (PLOVER manual)"
    assert any("summit" in e.trigger["text"] for e in agree)


def test_c_historical_apec_meeting(events):
    hist = find(events, "CONSULT", parties={"KOR", "JPN"}, aux="historical")
    assert hist, "Lee and Takaichi met at APEC in Gyeongju last year"
    assert hist[0].date.startswith("2025") and hist[0].date_precision == "year"


def test_d_historical_meeting_with_xi(events):
    xi = find(events, "CONSULT", parties={"KOR", "CHN"}, aux="historical")
    assert xi, "Lee met Xi Jinping in China, before this story"
    chinese = [e for ev in xi for e in ev.actor + ev.recipient if e.code == "CHN"]
    assert any(e.sector == "GOV" and "Xi" in e.text for e in chinese), chinese


def test_e_threaten_japan_to_china(events):
    assert find(events, "THREATEN", actor={"JPN"}, recipient={"CHN"})


def test_f_accuse_formal_protests(events):
    acc = find(events, "ACCUSE", actor={"CHN"}, recipient={"JPN"})
    assert acc and acc[0].actor[0].sector == "GOV"
    assert "protest" in acc[0].trigger["text"]


def test_g_sanction_export_controls(events):
    s = find(events, "SANCTION", actor={"CHN"}, recipient={"JPN"})
    assert s and "export control" in s[0].trigger["text"]


def test_no_upi_actor(events):
    for e in events:
        for ent in e.actor + e.recipient:
            assert "UPI" not in ent.text and ent.code != "UPI"


def test_spans_point_into_the_article(events):
    text = SEED.read_text(encoding="utf-8")
    for e in events:
        assert text[e.trigger["start"]:e.trigger["end"]] == e.trigger["text"]
        for ent in e.actor + e.recipient:
            if ent.start is None:          # inferred parties (a protest's authorities) have no span
                assert ent.end is None and ent.why
                continue
            assert text[ent.start:ent.end] == ent.text
        s = e.sentence
        assert s["start"] <= e.trigger["start"] < s["end"]
        assert e.why["trigger"]


def test_event_ids_are_stable(events):
    from eventwire import code_text
    again = code_text(SEED.read_text(encoding="utf-8"), published="2026-01-13")
    assert [e.event_id for e in events] == [e.event_id for e in again]
    assert len({e.event_id for e in events}) == len(events)


# ---------------------------------------------------------------- issue 3: actors on the event date
@pytest.fixture(scope="module")
def mentions():
    """Resolve chosen mentions of the seed article, in reading order, as the coder does."""
    from eventwire.ingest.document import make_document
    from eventwire.pipeline import get_coder
    text = SEED.read_text(encoding="utf-8")
    doc = make_document(text, published="2026-01-13")
    wanted = {"the conservative leader": text.index("The conservative leader"),
              "Beijing": text.index("Beijing, which considers"),
              "Wi": text.index("National Security Adviser Wi Sung-lac"),
              "the two leaders": text.index("the two leaders are scheduled")}
    lengths = {"the conservative leader": len("The conservative leader"), "Beijing": len("Beijing"),
               "Wi": len("National Security Adviser Wi Sung-lac"), "the two leaders": len("the two leaders")}
    spans = [(s, s + lengths[k]) for k, s in wanted.items()]
    got = get_coder().resolve_mentions(doc, spans)
    return dict(zip(wanted, got))


def test_conservative_leader_is_takaichi(mentions):
    e = mentions["the conservative leader"]
    assert len(e) == 1 and e[0].code == "JPN" and e[0].sector == "GOV" and "Takaichi" in (e[0].name or "")


def test_beijing_is_chinese_government(mentions):
    assert [(e.code, e.sector) for e in mentions["Beijing"]] == [("CHN", "GOV")]


def test_security_adviser_is_korean_government(mentions):
    e = mentions["Wi"]
    assert len(e) == 1 and (e[0].code, e[0].sector) == ("KOR", "GOV")


def test_two_leaders_are_lee_and_takaichi(mentions):
    names = sorted(e.name or "" for e in mentions["the two leaders"])
    assert len(names) == 2 and "Lee" in names[0] and "Takaichi" in names[1]
    assert {e.code for e in mentions["the two leaders"]} == {"KOR", "JPN"}


# ---------------------------------------------------------------- issue 4: when and where
def test_nara_talks_date_and_place(events):
    talks = [e for e in find(events, "CONSULT", parties={"KOR", "JPN"}, aux=None) if "talks" in e.trigger["text"]]
    t = talks[0]
    assert t.date == "2026-01-13" and t.date_precision == "day"
    assert t.location and t.location["country"] == "JPN" and "Nara" in t.location["name"]


def test_gyeongju_meeting_is_2025_in_korea(events):
    hist = find(events, "CONSULT", parties={"KOR", "JPN"}, aux="historical")
    g = [e for e in hist if e.location and "Gyeongju" in e.location["name"]]
    assert g and g[0].date.startswith("2025") and g[0].location["country"] == "KOR"


def test_china_trip_in_the_week_before(events):
    trip = find(events, "CONSULT", actor={"KOR"}, recipient={"CHN"}, aux="historical")
    assert trip and trip[0].location and trip[0].location["country"] == "CHN"
    assert "2026-01-06" <= trip[0].date and trip[0].date_end <= "2026-01-12"


def test_takaichi_remarks_dated_last_november(events):
    threat = find(events, "THREATEN", actor={"JPN"}, recipient={"CHN"})
    assert threat and threat[0].date.startswith("2025-11") and threat[0].date_precision == "month"
    assert threat[0].aux == "historical"


def test_horyuji_visit_next_day_near_nara(events):
    from eventwire.where.gazetteer import distance_km
    visit = [e for e in events if e.location and "Horyu" in (e.location.get("name") or "")]
    assert visit and visit[0].date == "2026-01-14" and visit[0].location["country"] == "JPN"
    assert distance_km(visit[0].location["lat"], visit[0].location["lon"], 34.685, 135.805) < 20    # Nara city
