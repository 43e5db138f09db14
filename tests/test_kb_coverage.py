"""What issue 3 asks the knowledge base to hold, checked against the data files themselves."""
from __future__ import annotations

import datetime as dt

import pytest

from eventwire.actors.kb import load_kb

G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU",
       "ZAF", "TUR", "GBR", "USA"]
CHECKED = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_every_state_has_current_heads(kb):
    states = set(kb.un_members) | {"TWN", "PSE", "VAT"}
    assert len(kb.un_members) >= 193
    for office in ("head_of_state", "head_of_government"):
        missing = [c for c in sorted(states) if not any(o.holds_on(CHECKED) for o in kb.offices.get((c, office), []))]
        assert not missing, f"{office} missing on {CHECKED}: {missing}"


@pytest.mark.parametrize("office", ["head_of_state", "head_of_government", "foreign_minister", "defence_minister"])
def test_g20_holders_since_2000(kb, office):
    """A holder on 2000-01-01 and on at least 95% of the weeks since (acting holders are listed as
    `other` and vacancies leave gaps, as OFFICE_HOLDERS.md says)."""
    for c in G20:
        rows = kb.offices.get((c, office), [])
        acting = kb.offices.get((c, "other"), [])
        assert any(o.holds_on(dt.date(2000, 1, 1)) for o in rows + acting), f"{c} {office} on 2000-01-01"
        days = [dt.date(2000, 1, 1) + dt.timedelta(days=7 * k) for k in range((CHECKED - dt.date(2000, 1, 1)).days // 7)]
        held = sum(1 for d in days if any(o.holds_on(d) for o in rows))
        assert held / len(days) >= 0.95, f"{c} {office}: a holder on only {held}/{len(days)} weeks"


def test_metonyms_igos_and_role_nouns(kb):
    for phrase, code in [("Seoul", "KOR"), ("the Kremlin", "RUS"), ("the Blue House", "KOR"),
                         ("Downing Street", "GBR"), ("Washington", "USA"), ("Kosovo", "KOS")]:
        assert any(p.code == code for p in kb.place(phrase)), phrase
    for igo in ["UN", "NATO", "EU", "AU", "ASEAN", "APEC", "G7", "G20", "OPEC", "IAEA", "WHO", "WTO", "IMF"]:
        assert igo in kb.igo_members, igo
    for noun, sector in [("lawmakers", "LEG"), ("judge", "JUD"), ("troops", "MIL"), ("police", "COP"),
                         ("rebels", "REB"), ("protesters", "CVL"), ("opposition", "OPP"), ("ngo", "NGO")]:
        assert kb.sector_nouns.get(noun) == sector, noun
