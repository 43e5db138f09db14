"""The learned layer (eventwire.learn): offline loading, determinism, the settling rule, proposals, calibration.

The coder (and so the encoder and heads) is loaded once per session through the
``coder`` and ``code`` fixtures.
"""
from __future__ import annotations

import json
import socket
from types import SimpleNamespace

import numpy as np
import pytest

from eventwire.errors import EventwireError
from eventwire.evaluate.layer import ece
from eventwire.learn.heads import NONE, Heads
from eventwire.learn.step import Learned, learned_check, political_actor
from eventwire.records import Basis, Entity, EventDraft


@pytest.fixture(scope="session")
def layer(coder):
    assert coder.learned is not None, "the learned layer is on by default"
    return coder.learned


def test_layer_loads_and_scores_offline(monkeypatch, coder):
    from eventwire.learn.encoder import Encoder

    def no_network(*a, **k):
        raise AssertionError("the learned layer tried to reach the network")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    enc = Encoder(coder.settings.learned.encoder_dir or None)
    v = enc.encode(["Troops shelled the town.", "The minister met her counterpart."])
    assert v.shape == (2, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    p = Heads.load().proba(v)
    assert p.shape[1] == 17 and np.allclose(p.sum(1), 1.0, atol=1e-5)


def test_missing_export_is_a_clear_error(tmp_path):
    from eventwire.learn.encoder import Encoder
    with pytest.raises(EventwireError) as exc:
        Encoder(tmp_path)
    assert exc.value.code == "EW002" and str(tmp_path) in exc.value.message and "make venv" in exc.value.hint


def test_unreadable_heads_are_a_clear_error(tmp_path):
    bad = tmp_path / "layer.json"
    bad.write_text("{not json")
    with pytest.raises(EventwireError) as exc:
        Heads.load(bad)
    assert exc.value.code == "EW003"


def test_heads_trained_with_another_encoder_are_a_clear_error(tmp_path, coder):
    import dataclasses
    from eventwire.learn.layer import Layer
    d = Heads.load().to_json()
    d["meta"]["encoder_digest"] = "0" * 16
    bad = tmp_path / "layer.json"
    bad.write_text(json.dumps(d))
    settings = dataclasses.replace(coder.settings.learned, heads=str(bad))
    with pytest.raises(EventwireError) as exc:
        Layer(settings, coder.lexicon, coder.ontology)
    assert exc.value.code == "EW004" and "make venv" in exc.value.hint


def test_the_shipped_heads_the_tuned_layers_and_the_export_belong_together(coder):
    from eventwire.learn.encoder import exported_digest
    from eventwire.learn.export import TUNED, tuned_digest
    want = Heads.load().meta.get("encoder_digest")
    assert want is not None and want == tuned_digest(TUNED)
    assert exported_digest(coder.learned.encoder.path.parent) == want


def test_tuned_layers_must_name_tensors_of_the_base_model(tmp_path):
    from eventwire.learn.export import overlay
    base = {"encoder.layer.5.output.dense.bias": np.zeros(3, dtype=np.float32)}
    good = tmp_path / "good.npz"
    np.savez(good, **{"encoder.layer.5.output.dense.bias": np.ones(3, dtype=np.float16)})
    assert overlay(base, good)["encoder.layer.5.output.dense.bias"].tolist() == [1.0, 1.0, 1.0]
    assert base["encoder.layer.5.output.dense.bias"].tolist() == [0.0, 0.0, 0.0]     # the base is not changed
    for name, shape in (("encoder.layer.9.output.dense.bias", 3), ("encoder.layer.5.output.dense.bias", 4)):
        bad = tmp_path / "bad.npz"
        np.savez(bad, **{name: np.ones(shape, dtype=np.float16)})
        with pytest.raises(SystemExit, match="bad.npz"):
            overlay(base, bad)


def test_heads_are_plain_data_with_every_class():
    d = Heads.load().to_json()
    assert d["classes"][-1] == NONE and len(d["classes"]) == 17
    assert len(d["W"]) == 17 and len(d["W"][0]) == 384
    assert set(d["calibrators"]) == {"lexicon", "learned"}
    assert {"add_threshold", "drop_none", "drop_type", "retype_threshold"} <= set(d["thresholds"])


def test_same_input_same_output(code, layer):
    text = ("Government troops established an outpost outside the city of Kidal on Monday. "
            "A spokesman said by telephone that more details would follow.")
    first = [e.to_dict() for e in code(text)]
    layer.cache.clear()
    second = [e.to_dict() for e in code(text)]
    assert first == second and first


@pytest.mark.parametrize("text", [
    "A magnitude 6.1 earthquake struck the coastal province on Tuesday, killing at least 40 people.",
    "Floods swept through northern Bangladesh, killing 12 people, officials said.",
    "A fire at a chemical plant in Gujarat killed five workers on Monday.",
    "A gas explosion at a coal mine killed eight miners, the company said.",
])
def test_disaster_or_accident_gives_no_event(code, text):
    assert code(text) == []


@pytest.mark.parametrize("text", [
    "\"We have the bodies of 30 soldiers,\" a rebel commander told the French news agency.",
    "The opposition wants to remove the president and rewrite the constitution.",
    "The defence ministry confirmed the detention of the two journalists.",
    "Both parties represented the armed wing of the movement.",
    "Brazil, Mexico and South Africa abstained.",
])
def test_layer_proposes_no_event_on_a_light_predicate(code, text):
    """Having, wanting, confirming, representing: the sentence may be about an event, but its main
    predicate is none, and the layer (which types the sentence) must not make one of it."""
    assert not [e for e in code(text) if e.why.get("learned", {}).get("source") == "layer"]


def test_layer_proposes_where_every_trigger_fails_its_entry(code, layer, monkeypatch):
    """A trigger whose entry allows no actor the sentence has ("the scandal ousted": a coup needs
    plotters) leaves the sentence as if nothing fired, so the layer is asked; a sentence whose
    trigger stands is not."""
    asked = []
    real = layer.propose
    monkeypatch.setattr(layer, "propose", lambda sent, res: asked.append(sent.text) or real(sent, res))
    code("The scandal ousted the finance minister on Friday.")
    assert asked == ["The scandal ousted the finance minister on Friday."]
    asked.clear()
    code("Soldiers ousted the president on Friday.")
    assert asked == []


def _one_event(code, text, trigger):
    evs = code(text)
    assert len(evs) == 1
    ev = evs[0]
    assert ev.trigger["text"] == trigger and text[ev.trigger["start"]:ev.trigger["end"]] == trigger
    assert ev.actor and (ev.actor[0].sector or ev.actor[0].code)
    return ev


def test_paraphrase_outside_the_lexicon_troops_outpost(code):
    ev = _one_event(code, "Troops established an outpost outside the city.", "established")
    assert ev.event_type == "MOBILIZE" and ev.actor[0].sector == "MIL"
    assert ev.why["learned"]["source"] == "layer"


def test_paraphrase_rioters_torched_the_ministry(code):
    """The classifier prefers COERCE (torching a ministry) on this short phrasing; PLOVER's rule that a
    protesting crowd's violence against a building is a riot (``events/recode.py``) settles it."""
    ev = _one_event(code, "Rioters torched the ministry.", "torched")
    assert ev.event_type == "PROTEST" and ev.mode == "riot"
    assert (ev.trigger["start"], ev.trigger["end"]) == (8, 15)
    ev = _one_event(code, "A mob lynched a suspected thief.", "lynched")
    assert ev.event_type == "ASSAULT"                 # violence against a person stays an attack


def test_riot_with_looting_is_protest(code):
    evs = code("Rioters looted shops and torched the ministry.")
    top = max(evs, key=lambda e: e.confidence)
    assert top.event_type == "PROTEST" and top.actor[0].sector == "CVL"
    assert top.why["learned"]["best"] == "PROTEST"


def test_learned_event_says_why_and_lies_in_its_sentence(code):
    text = ("Officials met in Geneva on Monday. Government troops established an outpost outside the city of "
            "Kidal on Tuesday. Germany handed 20 tanks to Ukraine on Friday.")
    evs = code(text)
    learned = [e for e in evs if e.why.get("learned", {}).get("source") == "layer"]
    assert learned
    for e in learned:
        s, t = e.sentence, e.trigger
        assert s["start"] <= t["start"] < t["end"] <= s["end"]
        assert text[t["start"]:t["end"]] == t["text"]
        assert e.why["trigger"] == "rule:learned" and "sentence classifier" in e.why["learned"]["found_by"]
        assert any(p == {"step": "learned_check", "reason": "layer_proposed"} for p in e.provenance)
        assert 0.0 <= e.confidence <= 1.0


def test_every_event_has_calibrated_confidence(code):
    for e in code("Japan and South Korea agreed on Tuesday to resume talks on export controls."):
        assert e.why["learned"]["calibrator"] in ("lexicon", "learned")
        assert 0.0 <= e.confidence <= 1.0


def test_layer_off_is_the_lexicon_alone():
    from eventwire import code_text
    from eventwire.config import Settings
    s = Settings.from_env({"EVENTWIRE_LEARNED_ENABLED": "0"})
    assert s.learned.enabled is False
    evs = code_text("Rioters torched the ministry.", settings=s)
    assert all("learned" not in e.why for e in evs)


# -- the rule that settles the lexicon and the layer, on a draft with a fixed sentence score

def _draft(category="PROTEST", actor=None, pos="VERB"):
    entry = SimpleNamespace(rule=None, pos=pos, id=f"{category.lower()}:x:{pos.lower()}", category=category, lemma="x")
    d = EventDraft(cand=None, sentence_index=0, entry=entry, category=category)
    d.actor = actor if actor is not None else [Entity("police", 0, 6, code="FRA", sector="COP")]
    return d


class _FakeLayer:
    """A layer whose sentence score is fixed: exercises the rule, not the model."""

    def __init__(self, probs: dict, **thresholds):
        self.classes = list(probs)
        self.vec = np.array(list(probs.values()))
        self.settings = SimpleNamespace(score="all")
        self.heads = SimpleNamespace(meta={})
        self.th = {"drop_none": 0.9, "drop_type": 0.1, "retype_threshold": 0.8, "retype_any": 1.01,
                   "retype_weak": 1.01} | thresholds
        self.quad = {"AGREE": 1, "SUPPORT": 1, "REQUEST": 3, "PROTEST": 4, "COERCE": 4, "ASSAULT": 4}

    def probs(self, sent):
        return self.vec

    def p(self, probs, c):
        return float(probs[self.classes.index(c)])

    def p_other(self, probs, c):
        return max(float(p) for k, p in zip(self.classes, probs) if k not in (NONE, c))

    def best_type(self, probs):
        k = max((k for k in self.classes if k != NONE), key=lambda k: self.p(probs, k))
        return k, self.p(probs, k)

    def threshold(self, name):
        return self.th[name]


def _settle(d, layer):
    learned_check(d, SimpleNamespace(coder=SimpleNamespace(learned=layer), sent=None, drafts=[d]))
    return d


def test_rule_agreeing_layer_keeps_the_event():
    d = _settle(_draft("PROTEST"), _FakeLayer({"PROTEST": 0.6, "ASSAULT": 0.1, NONE: 0.3}))
    assert not d.dropped and d.category == "PROTEST" and d.provenance[-1].reason == Learned.AGREES.value


def test_rule_sure_of_no_event_and_weak_trigger_drops():
    d = _settle(_draft("REQUEST"), _FakeLayer({"REQUEST": 0.03, "AGREE": 0.02, NONE: 0.95}))
    assert d.dropped and d.provenance[-1].reason == Learned.NO_EVENT.value


def test_rule_sure_of_no_event_but_strong_trigger_keeps():
    d = _settle(_draft("REQUEST"), _FakeLayer({"REQUEST": 0.3, "AGREE": 0.01, NONE: 0.69}, drop_none=0.6))
    assert not d.dropped and d.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_rule_sure_of_another_type_retypes():
    d = _settle(_draft("ASSAULT"), _FakeLayer({"ASSAULT": 0.05, "COERCE": 0.9, NONE: 0.05}))
    assert not d.dropped and d.category == "COERCE" and d.provenance[-1].reason == Learned.RETYPED.value


def test_rule_never_retypes_across_quad_classes():
    d = _settle(_draft("REQUEST"), _FakeLayer({"REQUEST": 0.05, "AGREE": 0.9, NONE: 0.05}))
    assert not d.dropped and d.category == "REQUEST" and d.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_rule_all_but_certain_of_another_class_retypes():
    d = _settle(_draft("REQUEST"), _FakeLayer({"REQUEST": 0.02, "AGREE": 0.97, NONE: 0.01}, retype_any=0.95))
    assert not d.dropped and d.category == "AGREE" and d.provenance[-1].reason == Learned.RETYPED.value


def test_rule_retypes_across_quad_classes_an_entry_the_corpus_found_weak():
    layer = _FakeLayer({"REQUEST": 0.05, "AGREE": 0.92, NONE: 0.03}, retype_weak=0.9)
    layer.heads.meta["weak_entries"] = ["request:x:verb"]
    d = _settle(_draft("REQUEST"), layer)
    assert d.category == "AGREE" and d.provenance[-1].reason == Learned.RETYPED.value
    d = _settle(_draft("REQUEST"), _FakeLayer({"REQUEST": 0.05, "AGREE": 0.92, NONE: 0.03}, retype_weak=0.9))
    assert d.category == "REQUEST"                   # a reliable entry keeps its type


def test_rule_never_retypes_the_coders_own_rules():
    """"X said Y must act" is a REQUEST by the PLOVER manual's convention, whatever the layer reads."""
    d = _draft("REQUEST")
    d.entry.id, d.entry.rule = "rule:reported-demand", "reported-demand"
    layer = _FakeLayer({"REQUEST": 0.05, "REJECT": 0.9, "AGREE": 0.0, NONE: 0.05}, retype_threshold=0.5,
                       retype_weak=0.5, retype_any=0.5)
    layer.quad["REJECT"] = 3
    layer.heads.meta["weak_entries"] = ["rule:reported-demand"]
    d = _settle(d, layer)
    assert d.category == "REQUEST" and d.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_rule_unsure_keeps_the_lexicon_type():
    d = _settle(_draft("ASSAULT"), _FakeLayer({"ASSAULT": 0.3, "COERCE": 0.5, NONE: 0.2}))
    assert not d.dropped and d.category == "ASSAULT" and d.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_rule_no_political_actor_and_likelier_no_event_drops():
    robbers = [Entity("robbers", 0, 7, code="NGA", basis=(Basis.PLACED_BY_EVENT,))]
    assert not political_actor(robbers)
    d = _settle(_draft("ASSAULT", actor=robbers), _FakeLayer({"ASSAULT": 0.3, "COERCE": 0.1, NONE: 0.6}, drop_none=0.5))
    assert d.dropped and d.provenance[-1].reason == Learned.NO_POLITICAL_PARTY.value
    # the same sentence score with police as the actor: the lexicon's event stands
    d = _settle(_draft("ASSAULT"), _FakeLayer({"ASSAULT": 0.3, "COERCE": 0.1, NONE: 0.6}, drop_none=0.5))
    assert not d.dropped
    # "a journalist was killed in a car bomb explosion": no event is likelier, but not likely enough to drop
    d = _settle(_draft("ASSAULT", actor=[]), _FakeLayer({"ASSAULT": 0.45, "COERCE": 0.0, NONE: 0.55}, drop_none=0.7))
    assert not d.dropped


def test_rule_never_retypes_into_a_type_another_event_of_the_sentence_has():
    """ "Zambian riot police fired tear gas to disperse supporters": the sentence's ASSAULT is the firing's;
    the other triggers keep their own types rather than becoming copies of it."""
    fired, disperse = _draft("ASSAULT"), _draft("COERCE")
    layer = _FakeLayer({"ASSAULT": 0.95, "COERCE": 0.03, NONE: 0.02})
    for d in (fired, disperse):
        learned_check(d, SimpleNamespace(coder=SimpleNamespace(learned=layer), sent=None, drafts=[fired, disperse]))
    assert fired.category == "ASSAULT" and disperse.category == "COERCE"
    assert disperse.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_ece_measures_the_gap():
    assert ece([0.9] * 10, [True] * 9 + [False])[0] == pytest.approx(0.0, abs=1e-9)
    assert ece([0.9] * 10, [True] * 5 + [False] * 5)[0] == pytest.approx(0.4)
    err, bins = ece([0.15, 0.85], [False, True])
    assert err == pytest.approx(0.15) and [b[2] for b in bins] == [1, 1]


def test_rule_retypes_only_the_event_no_other_event_governs(coder):
    """ "Nordic leaders pledged support, as Hungary blocked a joint appeal": the sentence's score speaks
    for its main clause; the blocking, in a clause the pledge governs, keeps its type."""
    sent = next(coder.nlp("Nordic leaders pledged more backing for Armenia, as Hungary "
                          "blocked a joint appeal to punish Azerbaijan.").sents)
    vowed, blocked = (next(t for t in sent if t.text == w) for w in ("pledged", "blocked"))
    drafts = []
    for tok, cat in ((vowed, "AGREE"), (blocked, "REJECT")):
        d = _draft(cat)
        d.args = SimpleNamespace(anchor=tok)
        drafts.append(d)
    layer = _FakeLayer({"AGREE": 0.05, "REJECT": 0.05, "THREATEN": 0.88, NONE: 0.02}, retype_threshold=0.6)
    layer.quad |= {"REJECT": 3, "THREATEN": 3}
    for d in drafts:
        learned_check(d, SimpleNamespace(coder=SimpleNamespace(learned=layer), sent=sent, drafts=drafts))
    assert drafts[1].category == "REJECT" and drafts[1].learned["main"] is False
    assert drafts[0].learned["main"] is True


def test_coding_runs_without_importing_torch():
    """torch is for training only: a coding process (pipeline, KB, learned layer) never imports it,
    though the venv has it, and it can still be imported afterwards in the same process."""
    import subprocess
    import sys
    script = ("import sys\nfrom eventwire.pipeline import code_text\n"
              "evs = code_text('Troops established an outpost outside the city.')\n"
              "assert evs, 'no event'\n"
              "print('torch' in sys.modules)\n"
              "import importlib.util\n"
              "if importlib.util.find_spec('torch'):\n    import torch\n    print(bool(torch.__version__))\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = r.stdout.split()
    assert lines[0] == "False"
    assert lines[1:] in ([], ["True"])


def test_rule_a_proposal_with_no_coded_party_needs_a_sure_layer():
    """ "an air strike hit a market": a proposal whose parse finds no coded party stands only where the
    layer is sure of its type (``add_partyless``), and says so."""
    from eventwire.learn.layer import RULE

    def proposal():
        d = _draft("ASSAULT", actor=[Entity("an air strike", 0, 13)])
        d.entry.rule = RULE
        return d
    sure = _FakeLayer({"ASSAULT": 0.97, "COERCE": 0.01, NONE: 0.02}, add_partyless=0.95)
    d = _settle(proposal(), sure)
    assert not d.dropped and d.provenance[-1].reason == Learned.PROPOSED_NO_PARTY.value
    assert d.learned["party"] is False
    unsure = _FakeLayer({"ASSAULT": 0.9, "COERCE": 0.05, NONE: 0.05}, add_partyless=0.95)
    d = _settle(proposal(), unsure)
    assert d.dropped and d.provenance[-1].reason == Learned.NO_POLITICAL_PARTY.value


def test_talks_with_no_named_party_are_still_an_event(code):
    """A terse report that names nobody: no entry fires, the parse finds no coded party, and the layer is
    sure of the type."""
    evs = code("Talks on the prisoner swap resumed in Muscat on Monday.")
    assert [e.event_type for e in evs] == ["CONSULT"]
    e = evs[0]
    assert e.trigger["text"] == "resumed" and e.why["learned"]["source"] == "layer" and e.why["learned"]["party"] is False
    assert any(p["reason"] == Learned.PROPOSED_NO_PARTY.value for p in e.provenance)
    assert e.location and e.location["country"] == "OMN"


def test_rule_never_retypes_a_commitment():
    """"vowed more support" is a promise (AGREE) by the PLOVER manual; the recode step types commitments."""
    d = _draft("AGREE")
    d.entry.id, d.entry.lemma = "agree:vow:verb", "vow"
    d = _settle(d, _FakeLayer({"AGREE": 0.1, "SUPPORT": 0.85, NONE: 0.05}, retype_threshold=0.5))
    assert d.category == "AGREE" and d.provenance[-1].reason == Learned.LEXICON_KEPT.value


def test_a_refusal_is_not_retyped_into_a_negated_rejection():
    """"Japan will not accept the proposal": the layer reads the whole sentence as REJECT; retyped first,
    the event came out a negated REJECT (a rejection that did not happen). It stays the lexicon's AGREE,
    which the PLOVER refusal rule then recodes REJECT."""
    import eventwire
    evs = eventwire.code_text("Japan will not accept the proposal, the foreign ministry said.", published="2026-01-14")
    assert [(e.event_type, e.aux) for e in evs] == [("REJECT", None)]
    assert "plover_recode" in {p["step"] for p in evs[0].provenance}


def test_a_proposal_takes_the_recipient_slots_its_type_commonly_uses(code, layer):
    """A proposed AID reads "to" before the direct object: what is shipped is not who receives it."""
    slots = layer.entries["AID"].recipient
    assert slots and slots[0] == "to" and "dobj" in slots
    ev = _one_event(code, "Norway shipped a field hospital to Gaza.", "shipped")
    assert ev.why["trigger"] == "rule:learned", ev.why["trigger"]
    assert [r.code for r in ev.recipient] == ["PSE"], [(r.text, r.code) for r in ev.recipient]


def test_rule_a_party_inferred_from_the_place_is_no_party_of_a_proposal():
    """ "the truce broke down in the capital": the country of the event's place, made its recipient by a
    rule, is not a party the text names, so the proposal needs the partyless threshold."""
    from eventwire.learn.layer import RULE
    d = _draft("ASSAULT", actor=[Entity("the truce", 0, 9)])
    d.recipient = [Entity("the capital", 30, 41, code="LBY", basis=(Basis.EVENT_PLACE,))]
    d.entry.rule = RULE
    d = _settle(d, _FakeLayer({"ASSAULT": 0.9, "COERCE": 0.05, NONE: 0.05}, add_partyless=0.95))
    assert d.learned["party"] is False and d.dropped
    named = _draft("ASSAULT", actor=[Entity("Libya", 0, 5, code="LBY", basis=(Basis.COUNTRY_NAME,))])
    named.entry.rule = RULE
    assert _settle(named, _FakeLayer({"ASSAULT": 0.9, "COERCE": 0.05, NONE: 0.05})).learned["party"] is True


def test_convention_reads_the_same_from_an_entry_and_from_its_recorded_id():
    """The coder reads a PLOVER convention off the typed entry; the training replay has only the entry id a
    recorded event keeps. Both readings agree on every lexicon entry and on the coder's own rules."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))
    from simulate import entry_of
    from eventwire.events.lexicon import load_lexicon
    from eventwire.learn.step import convention
    entries = load_lexicon().entries
    assert sum(convention(e) for e in entries) >= 3          # the commitment verbs are there to be found
    for e in entries:
        assert convention(entry_of(e.id)) == convention(e), e.id
    rule = SimpleNamespace(rule="reported-demand", category="REQUEST", lemma="say", id="rule:reported-demand")
    assert convention(rule) and convention(entry_of(rule.id))
    plain = SimpleNamespace(rule=None, category="AGREE", lemma="sign", id="agree:sign:verb")
    assert not convention(plain) and not convention(entry_of(plain.id))
