"""Data files have contracts: every bundled file keeps its own, and a bad file is refused with the file,
the line and the entry of each problem (eventwire/data/contracts.py, `eventwire check-data`)."""
from __future__ import annotations

import copy
import textwrap
from pathlib import Path

import pytest
import yaml

from eventwire import cli
from eventwire.actors import importers
from eventwire.actors.kb import load_kb
from eventwire.checkdata import main as check_data
from eventwire.data import DATA_DIR, contracts
from eventwire.errors import DataFileError, EventwireError, ModelNotFound


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _problems(path: Path, kind: str) -> list[str]:
    with pytest.raises(DataFileError) as exc:
        (contracts.load_csv if kind in ("kb_overlay", "office_holders", "cameo") else contracts.load_yaml)(path, kind)
    assert exc.value.problems, "a DataFileError lists its problems"
    return exc.value.problems


def _one(problems: list[str], *parts: str) -> str:
    """The one problem that contains every part (file:line, entry, what is wrong)."""
    hits = [p for p in problems if all(x in p for x in parts)]
    assert len(hits) == 1, f"no single problem with {parts} in:\n" + "\n".join(problems)
    return hits[0]


# ---- the bundled data ---------------------------------------------------------------------

def test_every_bundled_file_keeps_its_contract():
    files = contracts.bundled_files()
    kinds = {k for _, k in files}
    assert {"ontology", "cameo", "lexicon", "modality", "contexts", "countries", "igos", "groups", "sectors",
            "leaders", "office_holders", "place_aliases"} <= kinds
    assert sum(k == "lexicon" for _, k in files) == 16
    assert sorted(p for p, k in files if k == "words") == sorted((DATA_DIR / "words").glob("*.y*ml"))
    for path, kind in files:
        parsed, problems = contracts.check(path, kind)
        assert problems == [], "\n".join(problems)
        assert parsed.data


def test_contract_reader_gives_the_same_data_as_yaml_safe_load():
    pure = contracts.line_loader(yaml.SafeLoader)            # the reader where libyaml is missing
    for path, kind in contracts.bundled_files():
        if path.suffix == ".yaml":
            parsed = contracts.parse_yaml(path)
            assert parsed.data == yaml.safe_load(path.read_text(encoding="utf-8")), path
            slow = contracts.parse_yaml(path, pure)
            assert slow.data == parsed.data
            assert sorted(slow.marks.values(), key=repr) == sorted(parsed.marks.values(), key=repr), path


def test_loaders_read_the_bundled_data_through_the_contracts():
    from eventwire.events import contexts, lexicon, modality
    from eventwire.ontology import load_ontology
    kb = load_kb()
    assert "JPN" in kb.country_names and "NATO" in kb.igo_members and kb.sector_nouns["troops"] == "MIL"
    assert load_ontology().goldstein("042") is not None
    assert len(lexicon.load_lexicon().entries) > 900
    assert "economic" in [c for c, _ in contexts._patterns()]
    assert "will" in modality.words()["future_auxiliaries"]


# ---- each kind of mistake ------------------------------------------------------------------

def test_unknown_key_in_a_lexicon_entry(tmp_path):
    f = _write(tmp_path / "mine.yaml", """
        category: CONSULT
        entries:
          - lemma: parley
            pos: VERB
            lemmma: parley
        """)
    p = _one(_problems(f, "lexicon"), "mine.yaml:5:", "entry 1 (parley VERB)", "unknown key 'lemmma'")
    assert "did you mean 'lemma'" in p


@pytest.mark.parametrize("kind, where, entry", [
    ("ontology", ("categories", "AGREE"), "category AGREE"),
    ("lexicon", ("entries", 0), "entry 1"),
    ("modality", (), "file"),
    ("contexts", (), "file"),
    ("countries", ("countries", 0), "country 1 ("),
    ("igos", ("igos", 0), "IGO 1 ("),
    ("groups", ("groups", 0), "group 1 ("),
    ("sectors", ("sectors", "GOV"), "sector GOV"),
    ("leaders", (), "file"),
    ("place_aliases", ("places", 0), "place 1 ("),
    ("words", (0,), "word list '"),
])
def test_every_yaml_kind_refuses_an_unknown_key(tmp_path, kind, where, entry):
    source = next(p for p, k in contracts.bundled_files() if k == kind)
    data = copy.deepcopy(contracts.parse_yaml(source).data)
    target = data
    for part in where:
        target = target[list(target)[part] if isinstance(target, dict) and isinstance(part, int) else part]
    target["bogus_key"] = "x"
    f = tmp_path / source.name
    f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    line = next(n for n, text in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if "bogus_key" in text)
    problems = _problems(f, kind)
    _one(problems, f"{source.name}:{line}:", "unknown key 'bogus_key'", entry if entry != "file" else "")


def test_mode_the_ontology_does_not_define(tmp_path):
    f = _write(tmp_path / "consult.yaml", """
        category: CONSULT
        entries:
          - lemma: parley
            pos: VERB
            mode: vist
          - lemma: confer
            pos: VERB
            mode: demo
        """)
    problems = _problems(f, "lexicon")
    assert len(problems) == 2
    assert "did you mean 'visit'" in _one(problems, "consult.yaml:5:", "entry 1 (parley VERB), mode:",
                                          "'vist' is not a mode of CONSULT")
    _one(problems, "consult.yaml:8:", "entry 2 (confer VERB)", "'demo' is not a mode of CONSULT")


def test_context_the_ontology_does_not_define(tmp_path):
    f = _write(tmp_path / "aid.yaml", """
        category: AID
        entries:
          - lemma: relief
            pos: NOUN
            context: [human_security, humanitarian]
        """)
    _one(_problems(f, "lexicon"), "aid.yaml:5:", "entry 1 (relief NOUN), context item 2",
         "'humanitarian' is not a PLOVER context")
    g = _write(tmp_path / "contexts.yaml", """
        contexts:
          economic: [trade, tariff]
          economics: [inflation]
        """)
    _one(_problems(g, "contexts"), "contexts.yaml:3:", "context 'economics'", "is not a PLOVER context")


def test_sector_that_sectors_yaml_does_not_define(tmp_path):
    f = _write(tmp_path / "protest.yaml", """
        category: PROTEST
        entries:
          - lemma: rally
            pos: VERB
            not_actor_sectors: [GOV, MIL, GVO]
        """)
    p = _one(_problems(f, "lexicon"), "protest.yaml:5:", "entry 1 (rally VERB), not_actor_sectors item 3",
             "'GVO' is not a sector code defined in kb/sectors.yaml")
    assert "did you mean 'GOV'" in p
    g = _write(tmp_path / "groups.yaml", """
        groups:
          - name: Example Front
            aliases: [Example Front]
            code: FRA
            sector: REBEL
        """)
    _one(_problems(g, "groups"), "groups.yaml:5:", "group 1 (Example Front), sector", "'REBEL' is not a sector")


def test_unknown_country_code(tmp_path):
    f = _write(tmp_path / "aliases.yaml", """
        places:
          - {name: Kansai, lat: 34.7, lon: 135.5, country: JPN, feature: region}
          - {name: Nowhere, lat: 10, lon: 10, country: XYZ, feature: region}
        """)
    _one(_problems(f, "place_aliases"), "aliases.yaml:3:", "place 2 (Nowhere), country",
         "'XYZ' is not an ISO 3166 alpha-3 country code")
    g = _write(tmp_path / "leaders.yaml", """
        head_of_state_leads: [USA, FRA,
          RUSS]
        """)
    _one(_problems(g, "leaders"), "leaders.yaml:2:", "key 'head_of_state_leads', item 3", "'RUSS'",
         "did you mean 'RUS'")
    # KOS (Kosovo, the PLOVER manual's code), IGO codes and NGO are codes too
    h = _write(tmp_path / "groups.yaml", """
        groups:
          - {name: Kosovo Example, aliases: [Kosovo Example], code: KOS, sector: PTY}
          - {name: Example Relief, aliases: [Example Relief], code: NGO, sector: NGO}
          - {name: Example Forum, aliases: [Example Forum], code: UN, sector: GOV}
          - {name: Example Army, aliases: [Example Army], code: ZZZ, sector: MIL}
        """)
    problems = _problems(h, "groups")
    assert len(problems) == 1
    _one(problems, "groups.yaml:5:", "group 4 (Example Army), code", "'ZZZ' is not a known country code")


def test_impossible_date_range_and_unreadable_dates(tmp_path):
    f = _write(tmp_path / "eventwire-kb.csv", """
        kb_id,name,aliases,country,office,title,sector,start,end,source,checked
        user-a,Ann Example,,FRA,head_of_state,President,GOV,2027-05-01,2026-01-01,me,2026-12-01
        user-b,"Bob Example, Jr.",,DEU,head_of_government,Chancellor,GOV,2027-02-30,,me,2026-12-01
        user-c,Cy Example,,ITA,other,Minister,GOV,next year,,me,
        user-d,Di Example,,ESP,other,Minister,GOV,2020,2020-06,me,
        """)
    problems = _problems(f, "kb_overlay")
    assert len(problems) == 3
    _one(problems, "eventwire-kb.csv:2:", "row user-a (Ann Example)", "start 2027-05-01 is after end 2026-01-01")
    _one(problems, "eventwire-kb.csv:3:", "row user-b (Bob Example, Jr.), start", "'2027-02-30' is not a date")
    _one(problems, "eventwire-kb.csv:4:", "row user-c (Cy Example), start", "'next year' is not a date")


def test_csv_line_numbers_count_quoted_line_breaks_and_misplaced_commas(tmp_path):
    f = _write(tmp_path / "overlay.csv", """
        kb_id,name,aliases,country,office,title,sector,start,end,source,checked
        user-a,"Ann
        Example",,FRA,head_of_state,President,GOV,,,me,
        user-b,Example, Bob,,FRA,other,,GOV,,,me,
        user-c,Cy Example,,FRX,other,,GOV,,,me,
        """)
    problems = _problems(f, "kb_overlay")
    assert len(problems) == 2
    _one(problems, "overlay.csv:4:", "row user-b", "12 values but the header has 11 columns")
    _one(problems, "overlay.csv:5:", "row user-c (Cy Example), country", "'FRX'")


def test_overlay_header_typo(tmp_path):
    f = _write(tmp_path / "overlay.csv", """
        kb_id,name,coutnry,office
        user-a,Ann Example,FRA,other
        """)
    problems = _problems(f, "kb_overlay")
    _one(problems, "overlay.csv:1:", "unknown column 'coutnry'", "did you mean 'country'")
    _one(problems, "overlay.csv:1:", "missing column(s) country")


def test_yaml_syntax_error_and_duplicate_key_name_their_line(tmp_path):
    f = _write(tmp_path / "threaten.yaml", """
        category: THREATEN
        entries:
          - lemma: menace
            pos: VERB
           mode: null
        """)
    with pytest.raises(DataFileError) as exc:
        contracts.load_yaml(f, "lexicon")
    assert isinstance(exc.value, EventwireError) and exc.value.code == "EW202"
    assert exc.value.problems[0].startswith(f"{contracts.show_path(f)}:5: not valid YAML")
    g = _write(tmp_path / "reject.yaml", """
        category: REJECT
        entries:
          - lemma: spurn
            pos: VERB
            mode: null
            mode: veto
        """)
    _one(_problems(g, "lexicon"), "reject.yaml:6:", "key 'mode' is given twice", "also on line 5")


def test_words_file_needs_doc_and_words_or_map(tmp_path):
    (tmp_path / "words").mkdir()
    f = _write(tmp_path / "words" / "mine.yaml", """
        pronouns:
          doc: pronouns of a person
          words: [he, she]
        numbers:
          map: {two: 2}
        verbs:
          doc: speech verbs
          words: say
          wrds: [tell]
        """)
    problems = _problems(f, "words")
    _one(problems, "mine.yaml:4:", "word list 'numbers'", "missing key 'doc'")
    _one(problems, "mine.yaml:8:", "word list 'verbs', words", "should be a list")
    _one(problems, "mine.yaml:9:", "word list 'verbs'", "unknown key 'wrds'")
    assert contracts.detect_kind(f)[0] == "words"
    with pytest.raises(DataFileError):             # what the word-list loader calls
        contracts.validate_words(f)


def test_duplicate_lexicon_entries_and_unquoted_cameo(tmp_path):
    f = _write(tmp_path / "sanction.yaml", """
        category: SANCTION
        entries:
          - lemma: embargo
            pos: NOUN
            cameo: 163
          - lemma: embargo
            pos: NOUN
        """)
    problems = _problems(f, "lexicon")
    _one(problems, "sanction.yaml:5:", "entry 1 (embargo NOUN), cameo", "write it in quotes")
    _one(problems, "sanction.yaml:6:", "entry 2 (embargo NOUN)", "same word and constraints as entry 1 (line 3)")


def test_ontology_must_define_every_category(tmp_path):
    data = contracts.parse_yaml(DATA_DIR / "ontology" / "plover.yaml").data
    del data["categories"]["ASSAULT"]
    data["categories"]["ASSAULTS"] = data["categories"]["COERCE"]
    f = tmp_path / "plover.yaml"
    f.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = _problems(f, "ontology")
    _one(problems, "category ASSAULTS", "'ASSAULTS' is not a PLOVER category")
    line = next(n for n, t in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if t == "categories:")
    _one(problems, f"plover.yaml:{line}:", "key 'categories'", "category ASSAULT is missing")


# ---- loaders refuse bad files --------------------------------------------------------------

def test_extra_user_kb_overlay_with_a_typo_is_rejected_at_load(tmp_path):
    overlay = _write(tmp_path / "eventwire-kb.csv", """
        kb_id,name,aliases,country,office,title,sector,start,end,source,checked
        user-jane,Jane Example,,JPN,foreign_minister,Foreign Minister,GOV,2027-01-05,,eventwire kb add,2026-12-01
        user-john,John Example,,JNP,foreign_minister,Foreign Minister,GOV,2027-01-05,,eventwire kb add,2026-12-01
        """)
    with pytest.raises(DataFileError) as exc:
        load_kb((str(overlay),))
    assert exc.value.code == "EW201"
    _one(exc.value.problems, "eventwire-kb.csv:3:", "row user-john (John Example), country", "'JNP'")
    assert "eventwire-kb.csv:3:" in exc.value.render()
    fixed = _write(tmp_path / "fixed-kb.csv", overlay.read_text(encoding="utf-8").replace(",JNP,", ",JPN,"))
    kb = load_kb((str(fixed),))
    assert {o.name for o in kb.offices[("JPN", "foreign_minister")]} >= {"Jane Example", "John Example"}


def test_extra_kb_yaml_is_checked_and_may_use_its_own_igo_codes(tmp_path):
    good = _write(tmp_path / "extra.yaml", """
        igos:
          - {code: EXAMPLEORG, name: Example Organisation, aliases: [Example Organisation], members: [FRA, DEU]}
        groups:
          - {name: Example Observers, aliases: [Example Observers], code: EXAMPLEORG, sector: NGO}
        """)
    kb = load_kb((str(good),))
    assert kb.igo_members["EXAMPLEORG"] == ["FRA", "DEU"]
    bad = _write(tmp_path / "extra-bad.yaml", """
        groups:
          - {name: Example Observers, aliases: [Example Observers], code: EXAMPLEORGG, sector: NGO}
        """)
    with pytest.raises(DataFileError) as exc:
        load_kb((str(bad),))
    _one(exc.value.problems, "extra-bad.yaml:2:", "group 1 (Example Observers), code", "'EXAMPLEORGG'")
    with pytest.raises(DataFileError):
        load_kb((str(_write(tmp_path / "notes.txt", "x")),))


def test_lexicon_loader_refuses_a_bad_user_lexicon(tmp_path):
    from eventwire.events.lexicon import load_file, load_lexicon
    f = _write(tmp_path / "mine.yaml", """
        categroy: CONSULT
        entries:
          - {lemma: parley, pos: VERB}
        """)
    with pytest.raises(DataFileError) as exc:
        load_lexicon((str(f),))
    _one(exc.value.problems, "mine.yaml:1:", "unknown key 'categroy'", "did you mean 'category'")
    _one(exc.value.problems, "missing key 'category'")
    g = _write(tmp_path / "ok.yaml", "category: consult\nentries:\n  - {lemma: parley, pos: verb, mode: visit}\n")
    (e,) = load_file(g)
    assert (e.category, e.pos, e.mode) == ("CONSULT", "VERB", "visit")


def test_gazetteer_refuses_a_bad_aliases_file(tmp_path, monkeypatch):
    from eventwire.where import gazetteer
    bad = _write(tmp_path / "aliases.yaml", """
        places:
          - {name: Kansai, lat: 34.7, lon: 135.5, country: JPN, feature: region, geonameid: 1859449}
          - {name: Somewhere, lat: 134.7, lon: 135.5, country: JPN, feature: region}
        """)
    monkeypatch.setattr(gazetteer, "ALIASES_PATH", bad)
    with pytest.raises(DataFileError) as exc:
        gazetteer.Gazetteer()
    _one(exc.value.problems, "aliases.yaml:3:", "place 2 (Somewhere), lat", "134.7 should be at most 90")


def test_kb_writers_never_write_a_row_the_loader_would_refuse(tmp_path):
    overlay = tmp_path / "eventwire-kb.csv"
    row = {"kb_id": "user-x", "name": "X Example", "aliases": "", "country": "JPNN", "office": "other",
           "title": "", "sector": "GOV", "start": "", "end": "", "source": "test", "checked": "2026-12-01"}
    with pytest.raises(DataFileError) as exc:
        importers.merge_into_overlay(overlay, [row])
    assert not overlay.exists()
    _one(exc.value.problems, "new row user-x (X Example)", "country", "'JPNN'")
    dictionary = _write(tmp_path / "mine.actors.txt", """
        ANN_EXAMPLE
        [FRAGOV 200101-]
        BOB_EXAMPLE
        [QQQGOV 200101-]
        CY_EXAMPLE
        [DEUGOV 250101-200101]
        """)
    rows, errors = importers.import_petrarch(str(dictionary))
    assert [r["name"] for r in rows] == ["Ann Example"]
    _one(errors, "Bob Example", "skipped", "'QQQ'")
    _one(errors, "Cy Example", "skipped", "after end")
    importers.merge_into_overlay(overlay, rows)
    assert len(load_kb((str(overlay),)).offices[("FRA", "other")]) >= 1


def test_nlp_raises_the_catalogue_error_for_a_missing_model():
    from eventwire import nlp
    assert nlp.ModelNotFound is ModelNotFound
    with pytest.raises(ModelNotFound) as exc:
        nlp.load_pipeline("eventwire_no_such_pipeline")
    assert exc.value.code == "EW001" and "eventwire_no_such_pipeline" in exc.value.message


# ---- eventwire check-data ------------------------------------------------------------------

def test_check_data_passes_the_bundled_data(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)                 # no overlay here
    monkeypatch.delenv("EVENTWIRE_EXTRA_KB", raising=False)
    monkeypatch.delenv("EVENTWIRE_KB_OVERLAY", raising=False)
    assert cli.main(["check-data"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len([l for l in out if l.startswith("ok  ")]) == len(contracts.bundled_files())
    assert any("consult.yaml: a trigger lexicon file (CONSULT" in l for l in out)


def test_check_data_lists_every_problem_and_stops_at_the_first_bad_file(capsys, tmp_path):
    bad = _write(tmp_path / "mine.yaml", """
        category: CONSULT
        entries:
          - {lemma: parley, pos: VERB, mode: vist}
          - {lemma: confer, pos: VERB, context: [diplomacy]}
        """)
    also_bad = _write(tmp_path / "overlay.csv", "kb_id,name,country,office\nx,Y,ZZZ,other\n")
    good = DATA_DIR / "lexicon" / "consult.yaml"
    code = cli.main(["check-data", str(good), str(bad), str(also_bad)])
    assert code != 0
    captured = capsys.readouterr()
    assert "ok  " in captured.out and "consult.yaml" in captured.out
    assert "trigger lexicon file" in captured.err and "2 problems" in captured.err
    _one(captured.err.splitlines(), "mine.yaml:3:", "entry 1 (parley VERB), mode", "'vist'")
    _one(captured.err.splitlines(), "mine.yaml:4:", "entry 2 (confer VERB), context item 1", "'diplomacy'")
    assert "ZZZ" not in captured.err and "1 more file(s) not checked" in captured.err
    assert check_data([str(also_bad)]) != 0
    assert "KB overlay CSV" in capsys.readouterr().err


def test_check_data_takes_each_user_file_for_the_right_kind(capsys, tmp_path):
    files = {
        "lexicon": _write(tmp_path / "extra-triggers.yaml", "category: AID\nentries:\n  - {lemma: airlift, pos: VERB}\n"),
        "kb_overlay": _write(tmp_path / "my-kb.csv", "kb_id,name,country,office\nx,Y Example,KEN,other\n"),
        "kb_yaml": _write(tmp_path / "my-groups.yaml", "groups:\n  - {name: Example Party, aliases: [Example Party], "
                                                       "code: KEN, sector: PTY}\n"),
        "place_aliases": _write(tmp_path / "my-places.yaml", "places:\n  - {name: Example Hills, lat: 1, lon: 36}\n"),
        "words": _write(tmp_path / "my-words.yaml", "greetings:\n  doc: words of greeting\n  words: [hello]\n"),
    }
    for kind, path in files.items():
        assert contracts.detect_kind(path)[0] == kind
    assert check_data([str(p) for p in files.values()]) == 0
    out = capsys.readouterr().out
    for kind in files:
        assert contracts.KINDS[kind].title in out
    assert check_data([str(tmp_path / "missing.yaml")]) != 0
    assert "no such file" in capsys.readouterr().err
