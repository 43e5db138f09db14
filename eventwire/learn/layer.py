"""The learned layer at run time: sentence scores, thresholds, and the drafts it proposes.

One :class:`Layer` per process (the coder holds it).  ``probs(sent)`` embeds the
sentence with MiniLM (ONNX Runtime) and returns P(type) for the 16 PLOVER types
and NONE, cached by text; ``propose(sent)`` makes a trigger candidate for a
sentence where no lexicon entry fires and the layer is confident of a type.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from ..config import LearnedSettings
from ..errors import E, EventwireError
from ..events.extract import Candidate, arguments
from ..events.lexicon import Entry, Lexicon
from ..wordlists import load as wordlist
from .heads import NONE, Heads

RULE = "learned"
# a sentence with no trigger is scored only when it names someone who could be a party
PARTY_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "FAC", "LOC"})


class Layer:
    def __init__(self, settings: LearnedSettings, lexicon: Lexicon, ontology, sector_nouns=()):
        from .encoder import Encoder
        self.settings = settings
        self.heads = Heads.load(settings.heads or None)
        self.encoder = Encoder(settings.encoder_dir or None, threads=settings.threads)
        if "encoder_digest" in self.heads.meta and self.heads.meta["encoder_digest"] != self.encoder.tuned_digest:
            raise EventwireError(E.ENCODER_STALE, where=str(self.encoder.path),
                                 found=self.encoder.tuned_digest or "the base model",
                                 wanted=self.heads.meta["encoder_digest"] or "the base model")
        self.index = {c: i for i, c in enumerate(self.heads.classes)}
        self.entries = _synthetic_entries(lexicon, ontology, [c for c in self.heads.classes if c != NONE])
        self.quad = {c: ontology.quad_class(c) for c in self.heads.classes if c != NONE}
        self.sector_nouns = frozenset(sector_nouns)
        self.cache: dict[str, np.ndarray] = {}
        self.scored = 0

    def threshold(self, name: str) -> float:
        """A setting when it is set (>= 0), else the value ``make train`` chose."""
        own = getattr(self.settings, name, -1.0)
        return float(own) if own is not None and own >= 0 else float(self.heads.thresholds.get(name, 1.01))

    def probs_of(self, texts: list[str]) -> list[np.ndarray]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            for t, p in zip(todo, self.heads.proba(self.encoder.encode(todo))):
                self.cache[t] = p
            self.scored += len(todo)
            if len(self.cache) > 20_000:          # a long-running worker keeps a bounded cache
                for k in list(self.cache)[: len(self.cache) - 10_000]:
                    del self.cache[k]
        return [self.cache[t] for t in texts]

    def probs(self, sent) -> np.ndarray:
        return self.probs_of([sent.text.strip()])[0]

    def p(self, probs: np.ndarray, cls: str) -> float:
        return float(probs[self.index[cls]])

    def p_other(self, probs: np.ndarray, cls: str) -> float:
        """The best probability of an event type other than ``cls``."""
        return max(float(probs[i]) for c, i in self.index.items() if c not in (NONE, cls))

    def best_type(self, probs: np.ndarray) -> tuple[str, float]:
        """The most probable event type (never NONE) and its probability."""
        k = max((i for c, i in self.index.items() if c != NONE), key=lambda i: probs[i])
        return self.heads.classes[k], float(probs[k])

    def names_a_party(self, sent) -> bool:
        return any(t.ent_type_ in PARTY_ENTS or (t.pos_ == "NOUN" and (t.lower_ in self.sector_nouns
                                                                      or t.lemma_.lower() in self.sector_nouns))
                   for t in sent)

    def propose(self, sent, resolver) -> list[Candidate]:
        """A candidate for a sentence where no entry fires: its main predicate, typed by the layer.  Where the
        predicate has no party (an actor or recipient with a code or sector) the layer must be surer
        (``add_partyless``; above 1, such a sentence is not even scored)."""
        partyless_ok = self.threshold("add_partyless") <= 1.0
        if len(sent) < 4 or not (partyless_ok or self.names_a_party(sent)):
            return []
        pred = main_predicate(sent)
        if pred is None or pred.lemma_.lower() in wordlist("events")["light_predicates"]:
            return []
        probe = Candidate(pred, [pred], [self.entry_for("ASSAULT", pred)])
        args = arguments(probe, probe.entries[0], resolver)
        party = any(e.code or e.sector for e in args.actor + args.recipient)
        if not (party or partyless_ok):
            return []
        probs = self.probs(sent)
        cat, p = self.best_type(probs)
        need = self.threshold("add_threshold") if party else max(self.threshold("add_threshold"),
                                                                 self.threshold("add_partyless"))
        if p < need or p <= self.p(probs, NONE):    # confident, and an event likelier than none
            return []
        return [Candidate(pred, [pred], [self.entry_for(cat, pred)])]

    def entry_for(self, category: str, tok) -> Entry:
        base = self.entries[category]
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN"
        return Entry(category=category, lemma=tok.lemma_.lower(), pos=pos, cameo=base.cameo,
                     recipient=list(base.recipient), reciprocal=base.reciprocal, file="learned", rule=RULE)


def main_predicate(sent):
    """The clause's main predicate: the root verb, or the verb a reporting root ("said") governs;
    a verbless headline's root noun."""
    root = sent.root
    reporting = wordlist("actors")["reporting_verbs"]
    if root.lemma_.lower() in reporting:
        comp = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
        if comp is not None:
            return comp
    if root.pos_ in ("VERB", "NOUN", "PROPN"):
        return root
    if root.pos_ == "AUX":
        return next((c for c in root.children if c.dep_ in ("acomp", "xcomp", "attr") and c.pos_ in ("VERB", "NOUN")),
                    None)
    return None


# a recipient slot that this share of a category's verb entries use is one of its proposals' slots, most
# used first ("sent a medical team to Haiti": AID's "to" before its object)
COMMON_SLOT = 0.3


def _synthetic_entries(lexicon: Lexicon, ontology, categories: list[str]) -> dict[str, Entry]:
    """Per category, the recipient slots its verb entries commonly use (most used first), and the
    reciprocity most of them have."""
    out = {}
    for cat in categories:
        verbs = [e for e in lexicon.entries if e.category == cat and e.pos == "VERB"]
        use = Counter(s for e in verbs for s in dict.fromkeys(e.recipient))
        slots = [s for s, n in use.most_common() if n >= COMMON_SLOT * len(verbs)]
        if not slots and use:
            slots = [use.most_common(1)[0][0]]
        recip = sum(e.reciprocal for e in verbs) * 2 > len(verbs) if verbs else False
        out[cat] = Entry(category=cat, lemma="", pos="VERB", cameo=ontology.default_cameo(cat),
                         recipient=slots, reciprocal=recip, file="learned", rule=RULE)
    return out


_LAYERS: dict[tuple, Layer] = {}


def load_layer(settings: LearnedSettings, lexicon: Lexicon, ontology, kb=None) -> Layer | None:
    """The layer, loaded once per process and settings; None when the setting turns it off."""
    if not settings.enabled:
        return None
    key = (repr(settings), id(lexicon))
    if key not in _LAYERS:
        nouns = frozenset(w for w in getattr(kb, "sector_nouns", {}) if " " not in w)
        _LAYERS[key] = Layer(settings, lexicon, ontology, nouns)
    return _LAYERS[key]
