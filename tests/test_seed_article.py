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
            assert text[ent.start:ent.end] == ent.text
        s = e.sentence
        assert s["start"] <= e.trigger["start"] < s["end"]
        assert e.why["trigger"]


def test_event_ids_are_stable(events):
    from eventwire import code_text
    again = code_text(SEED.read_text(encoding="utf-8"), published="2026-01-13")
    assert [e.event_id for e in events] == [e.event_id for e in again]
    assert len({e.event_id for e in events}) == len(events)
