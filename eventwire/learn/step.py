"""The learned layer's two coder steps (see ``pipeline.STEPS``).

``learned_check`` runs right after ``select_entry``.  The rule that settles the
lexicon and the layer, in order:

1. an event the layer proposed (no lexicon entry fired; the trigger is the clause's
   main predicate) stands with a political party: an actor or recipient with a
   country, IGO or sector code.  With none, it stands only where the layer is sure of
   it (P(type) >= ``add_partyless``: "an air strike hit a migrant detention centre",
   ``layer_proposed_no_party``); else it is dropped (``no_political_party``).  The layer is
   trained to see no event in disasters, accidents and crime with no political actor;
2. a lexicon event is scored when it needs it (``Settings.learned.score``): every
   one with ``all``; with ``needed``, a weak trigger only (a noun, an entry the
   training corpus found unreliable, no political actor: violence with no named
   perpetrator, an actor the KB cannot place), and then every event of its sentence
   (the encoder's cost is per sentence); an event not scored keeps its type;
3. the layer agrees (the event's type is its most probable class): kept (``layer_agrees``);
   an event with no political actor (none, one the KB cannot place, or one placed
   only by the event's place) that the layer thinks more likely no event at all than
   any event, and at least ``drop_none`` likely: dropped (``no_political_party``: a quake
   that "struck", robbers who "killed");
4. the layer is sure there is no event (P(NONE) >= ``drop_none``) and gives the
   event's own type little weight (P(type) < ``drop_type``): dropped (``layer_no_event``);
5. the layer is sure of another type of the same quad class (P >= ``retype_threshold``:
   ASSAULT -> COERCE), or of one of another class where the entry is one the training
   corpus found unreliable (P >= ``retype_weak``; right under 80% of the time), or all
   but certain of one of another class (P >= ``retype_any``, set higher), no other event of the sentence has that type already, and no other event's
   clause governs the event's (the layer speaks for the main clause): the event takes that
   type and keeps its trigger and parties (``layer_retyped``). Events typed by a PLOVER convention
   are never retyped (``convention``): the coder's own rules ("X said Y must act" is a REQUEST) and
   commitments ("vowed more support" is AGREE; the recode step types them by what they commit to);
6. otherwise the lexicon's type stands (``lexicon_kept``).

``learned_confidence`` runs after ``build_event``: the event's ``confidence``
becomes the calibrated probability that its type is right (a lexicon event's from
the rules' confidence by a monotone map, so the rules still order a sentence's
events; an added event's from the layer's scores), and ``why.learned`` records
the layer's scores.
"""
from __future__ import annotations

from enum import Enum

from ..events.select import Selected
from ..records import Basis, EventDraft, SentenceContext
from ..wordlists import load as wordlist
from .heads import NONE, learned_features, lexicon_features
from .layer import RULE, main_predicate

STEP = "learned_check"


class Learned(str, Enum):
    PROPOSED = "layer_proposed"                # no entry fired; the layer's type, on the main predicate
    PROPOSED_NO_PARTY = "layer_proposed_no_party"  # ...with no coded party, the layer sure (add_partyless)
    NO_POLITICAL_PARTY = "no_political_party"  # a proposal with no coded party: no event
    NOT_SCORED = "not_scored"                  # a strong lexicon trigger (score = needed): not asked
    AGREES = "layer_agrees"
    NO_EVENT = "layer_no_event"                # sure of no event, weak trigger: dropped
    RETYPED = "layer_retyped"                  # sure of another type
    LEXICON_KEPT = "lexicon_kept"              # unsure: the lexicon's type stands
    CALIBRATED = "confidence_calibrated"


def _political(d: EventDraft) -> bool:
    """A party the text names: a code or sector of its own, not one inferred from the event's place ("the
    ceasefire broke down in Tripoli" names nobody; Libya as its recipient is the place's)."""
    return any(e.sector or (e.code and Basis.EVENT_PLACE not in e.basis) for e in d.actor + d.recipient)


def political_actor(actor) -> bool:
    """An actor with a sector, or a code of its own (not one lent by the event's place: "robbers in Lagos")."""
    lent = {Basis.EVENT_PLACE, Basis.PLACED_BY_EVENT}
    return any(e.sector or (e.code and not lent & set(e.basis)) for e in actor)


def needs_score(d: EventDraft, layer) -> bool:
    """Whether a lexicon event is worth the encoder's time: always with ``score = all``; with ``needed``, a weak
    trigger only (a noun, an entry the training corpus found unreliable, no political actor)."""
    if layer.settings.score == "all":
        return True
    return (d.entry.pos != "VERB" or d.entry.id in layer.heads.meta.get("weak_entries", ())
            or any(p.reason in (Selected.ACTORLESS_VIOLENCE.value, Selected.UNRESOLVED_ACTOR.value)
                   for p in d.provenance)
            or not political_actor(d.actor))


def learned_check(d: EventDraft, ctx: SentenceContext) -> None:
    layer = ctx.coder.learned
    if layer is None:
        return
    if d.entry.rule == RULE:
        probs = layer.probs(ctx.sent)
        d.learned = {"source": "layer", "p_type": round(layer.p(probs, d.category), 4),
                     "p_none": round(layer.p(probs, NONE), 4), "party": _political(d)}
        if d.learned["party"]:
            d.decide(STEP, Learned.PROPOSED)
        elif d.learned["p_type"] >= layer.threshold("add_partyless"):
            d.decide(STEP, Learned.PROPOSED_NO_PARTY)
        else:
            d.drop(STEP, Learned.NO_POLITICAL_PARTY)
        return
    # the encoder's cost is per sentence: once one event of the sentence needs it, every event is scored
    if not any(needs_score(o, layer) for o in ctx.drafts if o.entry is not None and not o.dropped):
        d.learned = {"source": "lexicon", "scored": False}
        d.decide(STEP, Learned.NOT_SCORED)
        return
    probs = layer.probs(ctx.sent)
    best, p_best = layer.best_type(probs)
    p_type, p_none = layer.p(probs, d.category), layer.p(probs, NONE)
    d.learned = {"source": "lexicon", "scored": True, "p_type": round(p_type, 4), "p_none": round(p_none, 4),
                 "p_other": round(layer.p_other(probs, d.category), 4), "best": best, "p_best": round(p_best, 4),
                 "lexicon_type": d.category}
    # the layer scores the sentence: a type another event of the sentence already has is that event's,
    # and of several events it speaks for the main clause's ("G7 leaders vowed support, as the United
    # States blocked a call": the sentence's threat-like tone is no reason to retype the blocking)
    taken = any(o is not d and not o.dropped and o.category == best for o in ctx.drafts)
    d.learned["main"] = _main(d, ctx)
    if best == d.category and p_type >= p_none:
        d.decide(STEP, Learned.AGREES)
    elif p_none >= max(p_best, layer.threshold("drop_none")) and not political_actor(d.actor):
        d.drop(STEP, Learned.NO_POLITICAL_PARTY)        # a quake that "struck", robbers who "killed"
    elif p_none >= layer.threshold("drop_none") and p_type < layer.threshold("drop_type"):
        d.drop(STEP, Learned.NO_EVENT)
    elif not taken and d.learned["main"] and not convention(d.entry) and not _negated(d) and (
            p_best >= layer.threshold("retype_any") or (
            p_best >= layer.threshold("retype_threshold") and layer.quad[best] == layer.quad[d.category]) or (
            p_best >= layer.threshold("retype_weak") and d.entry.id in layer.heads.meta.get("weak_entries", ()))):
        d.category, d.mode = best, None
        d.learned.update(p_type=round(p_best, 4), p_other=round(layer.p_other(probs, best), 4))
        d.decide(STEP, Learned.RETYPED)
    else:
        d.decide(STEP, Learned.LEXICON_KEPT)


def _negated(d: EventDraft) -> bool:
    """The draft's clause is negated ("will not accept"): the layer reads the sentence whole, negation and
    all, while the lexicon's event is the act itself, which the modality and recode steps then mark or
    recode ("will not accept" is REJECT by the PLOVER refusal rule). Retyped first, it came out a negated
    REJECT, an act that did not happen."""
    from ..events.modality import aux_mode
    return d.args is not None and aux_mode(d.anchor)[0] == "negated"


def convention(entry) -> bool:
    """An event typed by a PLOVER convention, which the layer never retypes: the coder's own rules
    ("X said Y must act" is a REQUEST, ``Entry.rule``) and commitments, which the recode step
    types by what they commit to ("vowed more support" is AGREE, a promise; "vowed to crush" THREATEN).
    ``entry`` is the typed lexicon ``Entry`` (or anything with its ``rule``, ``category`` and ``lemma``)."""
    return bool(entry.rule) or (entry.category == "AGREE" and entry.lemma in wordlist("events")["commitment_verbs"])


def _main(d: EventDraft, ctx: SentenceContext) -> bool:
    """No other event's clause governs this one's (or it is the sentence's main predicate)."""
    if d.args is None:
        return True
    others = [o for o in ctx.drafts if o is not d and not o.dropped and o.args is not None
              and o.entry is not None and o.entry.rule != RULE]
    return d.anchor == main_predicate(ctx.sent) or not any(o.anchor in d.anchor.ancestors for o in others)


def calibrated(d: EventDraft, layer) -> tuple[str, float]:
    """(calibrator name, P(the event's type is right)) for a draft's evidence."""
    info = getattr(d, "learned", None) or {}
    if info.get("source") == "layer":
        return "learned", layer.heads.calibrators["learned"](learned_features(info["p_type"], info["p_none"],
                                                                                     info.get("party", True)))
    return "lexicon", layer.heads.calibrators["lexicon"](lexicon_features(d.confidence))


def learned_confidence(d: EventDraft, ctx: SentenceContext) -> None:
    """After ``build_event``: the event's confidence is calibrated; ``why.learned`` says how."""
    layer = ctx.coder.learned
    if layer is None or d.event is None:
        return
    name, p = calibrated(d, layer)
    info = dict(getattr(d, "learned", None) or {})
    info.update({"rules_confidence": d.confidence, "noun": d.entry.pos != "VERB", "calibrator": name})
    if info.get("source") == "layer":
        info["found_by"] = f"the sentence classifier: P({d.category}) = {info['p_type']:.2f}"
    d.event.confidence = round(p, 3)
    d.event.why["learned"] = info
    d.decide("learned_confidence", Learned.CALIBRATED)
    d.event.provenance.append(d.provenance[-1].to_dict())
