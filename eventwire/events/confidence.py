"""How sure an event is: a base plus the weights in ``Settings.confidence`` that apply.

Nouns are vaguer triggers than verbs; resolved parties, a named recipient and a
main clause raise confidence; coreference, a missing recipient, depth in
subordinate clauses, hypotheticals and aims lower it.  The result is clipped to
[floor, ceiling] and rounded to two decimals.
"""
from __future__ import annotations

from ..records import COREF_BASES, Basis
from ..syntax import clause_depth
from ..wordlists import load as wordlist
from . import modality


def confidence(d, ctx) -> None:
    """Step: the event's confidence (later sentence steps may still adjust it)."""
    w = ctx.coder.settings.confidence
    c = w.base + (w.verb_trigger if d.trigger.pos_ == "VERB" else w.noun_trigger)
    if d.actor and all(e.code for e in d.actor):
        c += w.actors_coded
    elif not d.actor:
        d.rules.append("no perpetrator named")
    elif all(not e.code and not e.sector for e in d.actor):
        c += w.actor_unresolved
        d.rules.append("actor not resolved")
    if (d.recipient and all(e.code for e in d.recipient)) or (
            not d.recipient and d.entry.mode in wordlist("events")["recipientless_modes"]):
        c += w.recipients_coded
    if any(e.first_basis in COREF_BASES for e in d.actor + d.recipient):
        c += w.coreference
    if ctx.coder.ontology.categories[d.category].get("requires_recipient") and not d.recipient:
        c += w.missing_recipient
    if d.entry.visit and d.category == "CONSULT" and not d.recipient and not d.location:
        c += w.visit_nowhere      # "travelling without papers": a trip to nowhere named is hardly a visit
        d.rules.append("visit with neither host nor place")
    # prominence: the main clause's event is surer than one buried in subordinate clauses
    c += max(w.max_depth_penalty, w.per_clause_depth * clause_depth(d.anchor))
    if d.aux in ("hypothetical", "negated") or d.clause_aux == "hypothetical":
        c += w.hypothetical_or_negated
    if any(Basis.EVENT_PLACE in r.basis or Basis.PLACED_BY_EVENT in r.basis for r in d.recipient):
        c += w.recipient_from_place
    if modality.purpose_clause(d.anchor):
        c += w.purpose_clause
        d.rules.append("infinitive of purpose: an aim, less certain to have happened")
    d.confidence = round(max(w.floor, min(w.ceiling, c)), 2)
