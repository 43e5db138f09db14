"""Bring-your-own knowledge base: Wikidata and PETRARCH importers, kb add / show (issue 3)."""
import subprocess
import sys
from pathlib import Path

from eventwire.actors import importers

FIX = Path(__file__).parent / "fixtures"


def test_wikidata_positions_with_dates():
    rows, errors = importers.import_wikidata(str(FIX / "wikidata_dump.json"), checked="2026-11-28")
    assert not errors
    by = {(r["name"], r["office"]): r for r in rows}
    pm = by[("Hanako Fixture", "head_of_government")]
    assert pm["country"] == "JPN" and pm["start"] == "2032-10-01" and pm["end"] == ""
    fm = by[("Hanako Fixture", "foreign_minister")]
    assert (fm["start"], fm["end"]) == ("2031-04-01", "2032-09-30")
    assert "H. Fixture" in pm["aliases"]
    dm = by[("Minjun Testcase", "defence_minister")]
    assert dm["country"] == "KOR"


def test_wikidata_bad_line_is_reported_and_rest_read(tmp_path):
    src = (FIX / "wikidata_dump.json").read_text().splitlines()
    src.insert(2, "{not json,")
    p = tmp_path / "dump.json"
    p.write_text("\n".join(src))
    rows, errors = importers.import_wikidata(str(p))
    assert rows and any(":3: invalid JSON" in e for e in errors)


def test_petrarch_date_bounded_codes():
    rows, errors = importers.import_petrarch(str(FIX / "phoenix.actors.txt"), checked="2026-11-28")
    tak = [r for r in rows if r["name"] == "Sanae Takaichi"]
    spans = {(r["country"], r["sector"], r["start"], r["end"]) for r in tak}
    assert ("JPN", "GOV", "2006-10-01", "2007-08-31") in spans
    assert ("JPN", "GOV", "2025-10-21", "") in spans
    assert ("JPN", "LEG", "1993-07-18", "2006-10-01") in spans
    assert "Takaichi Sanae" in tak[0]["aliases"]
    gab = [r for r in rows if r["name"] == "Gabriel Fixturio"][0]
    assert gab["sector"] == "OPP" and gab["country"] == "BRA"
    zt = {(r["sector"], r["start"], r["end"]) for r in rows if r["name"] == "Zoran Testovic"}
    assert ("GOV", "2030-01-01", "") in zt and ("MIL", "2020-01-01", "2029-12-31") in zt
    assert any("cannot read code line" in e for e in errors)


def test_overlay_merge_is_idempotent(tmp_path):
    rows, _ = importers.import_petrarch(str(FIX / "phoenix.actors.txt"))
    ov = tmp_path / "kb.csv"
    added, replaced = importers.merge_into_overlay(ov, rows)
    assert added == len(rows) and replaced == 0
    added, replaced = importers.merge_into_overlay(ov, rows)
    assert added == 0 and replaced == len(rows)


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_imported_actor_resolves_by_date(tmp_path):
    ov = tmp_path / "kb.csv"
    r = _cli("kb", "--overlay", str(ov), "import-wikidata", str(FIX / "wikidata_dump.json"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = _cli("kb", "--overlay", str(ov), "show", "Hanako Fixture", "--date", "2033-01-01", cwd=tmp_path)
    assert "code JPN" in r.stdout and "sector GOV" in r.stdout, r.stdout + r.stderr
    # the imported office holder answers to the title on the date
    r = _cli("kb", "--overlay", str(ov), "show", "the Japanese prime minister", "--date", "2033-01-01", cwd=tmp_path)
    assert "Hanako Fixture" in r.stdout, r.stdout + r.stderr


def test_kb_add_then_show_and_code(tmp_path):
    ov = tmp_path / "eventwire-kb.csv"
    r = _cli("kb", "--overlay", str(ov), "add", "Amara Okonkwo-Fixture", "--country", "NGA", "--sector", "REB",
             "--title", "rebel commander", "--start", "2026-01-01", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = _cli("kb", "--overlay", str(ov), "show", "Amara Okonkwo-Fixture", "--date", "2026-06-01", cwd=tmp_path)
    assert "code NGA" in r.stdout and "sector REB" in r.stdout, r.stdout + r.stderr
    art = tmp_path / "a.txt"
    art.write_text("Amara Okonkwo-Fixture attacked an army base in Borno state on Monday.")
    r = _cli("code", "--published", "2026-06-03", str(art), cwd=tmp_path)   # overlay in the working directory
    assert '"code": "NGA"' in r.stdout and '"sector": "REB"' in r.stdout, r.stdout + r.stderr
