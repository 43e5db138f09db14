"""Recipients the parse did not attach to the trigger: the rules, in the order they run.

``infer_recipients`` (per event, after the event is placed): a protest's stated
target, then the authorities where a protest happens; the country an act lands
on; a state's own country for its emergency measures.  ``shared_recipients``
(over the sentence's events): a coordinated predicate's recipient, else the
sentence's other party.
"""
from __future__ import annotations

from dataclasses import replace
from enum import Enum

from ..records import Basis, Entity
from ..wordlists import load as wordlist
from .extract import fallback_recipient, shared_recipient, stated_target
from .select import same_party


class Inferred(str, Enum):
    STATED_TARGET = "protest_stated_target"
    PROTEST_PLACE = "protest_place_authorities"
    EVENT_PLACE = "country_of_event_place"
    DOMESTIC_MEASURE = "acting_state_own_country"
    COUP_TARGET = "coup_own_government"
    COORDINATED = "shared_with_coordinated_predicate"
    FALLBACK = "other_party_of_sentence"


def place_party(location: dict, code: str, why: str, kb, basis: Basis) -> Entity:
    """A party inferred from the event's place; its span is the place phrase, or null when there is none."""
    return Entity(text=location.get("text") or "", start=location.get("start"), end=location.get("end"),
                  code=code, name=kb.country_names.get(code), why=why, basis=(basis,))


def _protest_target(d, ctx) -> bool:
    target = [r for r in stated_target(d.anchor, d.trigger, d.args.actor_tok, ctx.resolver)
              if not any(same_party(r, a) for a in d.actor)]
    if not target:
        return False
    d.recipient = [replace(r, why=f"target of the stated grievance: {r.why}", basis=(Basis.PROTEST_TARGET, *r.basis))
                   for r in target]
    d.rules.append("recipient: the party the protest's stated aim names")
    d.decide("infer_recipients", Inferred.STATED_TARGET)
    return True


def _protest_place(d, ctx) -> bool:
    """A protest with no named target is aimed at the authorities where it happens."""
    where = (d.location or {}).get("country") or next((e.code for e in d.actor if e.code and len(e.code) == 3), None)
    if not where:
        return False
    d.recipient = [place_party(d.location or {}, where, "protest without a named target: the "
                               "authorities where it happens", ctx.coder.kb, Basis.PROTEST_PLACE)]
    d.rules.append("recipient: the country the protest happens in")
    d.decide("infer_recipients", Inferred.PROTEST_PLACE)
    return True


def _event_place(d, ctx) -> bool:
    """ "lifted a state of emergency in West Darfur", "imposed a curfew in Algiers": with no recipient
    named, the place the act lands on stands for its people or government."""
    loc = d.location
    if not (loc and loc.get("country") and loc.get("text")) \
            or d.category not in wordlist("groupings")["place_target_categories"] \
            or (d.entry.reciprocal and len(d.actor) > 1) \
            or (d.category in wordlist("groupings")["talk_categories"] and len({(a.code, a.sector) for a in d.actor}) > 1):
        # "the government and the rebels agreed to a truce" in the region they fight over: a joint act
        # of its parties, aimed at no one
        return False
    d.recipient = [place_party(loc, loc["country"], f"the event's place ({loc.get('name')}): no recipient named",
                               ctx.coder.kb, Basis.EVENT_PLACE)]
    d.rules.append("recipient: the country of the event's place")
    d.decide("infer_recipients", Inferred.EVENT_PLACE)
    return True


def _domestic_measure(d, ctx) -> bool:
    """ "prepared to impose martial law", "extended the curfew by a week": with no place or target
    named, a government's emergency measure lands on its own country."""
    g = wordlist("groupings")
    states = {e.code for e in d.actor if e.code and e.sector in g["state_sectors"]}
    if d.entry.mode not in g["domestic_measures"] or len(states) != 1:
        return False
    code = next(iter(states))
    d.recipient = [Entity(text="", start=None, end=None, code=code, name=ctx.coder.kb.country_names.get(code),
                          why=f"{d.entry.mode} with no place named: the acting state's own country",
                          basis=(Basis.DOMESTIC_MEASURE,))]
    d.rules.append("recipient: the acting state's own country (domestic emergency measure)")
    d.decide("infer_recipients", Inferred.DOMESTIC_MEASURE)
    return True


def _coup_target(d, ctx) -> bool:
    """ "soldiers seized power", "seizing power in a coup": a coup with no target named is against the
    government of the plotters' own country (the lexicon marks coup entries with pro_autocracy)."""
    if d.category != "COERCE" or "pro_autocracy" not in (d.entry.context or []):
        return False
    codes = {e.code for e in d.actor if e.code and len(e.code) == 3} or \
        ({(d.location or {}).get("country")} - {None})
    if len(codes) != 1:
        return False
    code = next(iter(codes))
    d.recipient = [Entity(text="", start=None, end=None, code=code, sector="GOV",
                          name=ctx.coder.kb.country_names.get(code),
                          why="a coup with no target named: the government of the plotters' own country",
                          basis=(Basis.COUP_TARGET,))]
    d.rules.append("recipient: the plotters' own government (coup)")
    d.decide("infer_recipients", Inferred.COUP_TARGET)
    return True


def infer_recipients(d, ctx) -> None:
    """Step: the first rule that finds a recipient, where the parse named none."""
    rules = ((_protest_target, _protest_place) if d.category == "PROTEST" else ()) + (_coup_target, _event_place, _domestic_measure)
    for rule in rules:
        if d.recipient:
            return
        rule(d, ctx)


def shared_recipients(d, ctx) -> None:
    """Step over the sentence: coordinated predicates share their recipient ("lodging protests and
    tightening controls on Japan"); failing that, the sentence's other party, at a cost in confidence."""
    if d.recipient or d.category not in wordlist("groupings")["fallback_categories"]:
        return
    w = ctx.coder.settings.confidence
    others = [(o.anchor, o.actor, o.recipient) for o in ctx.drafts if o is not d and not o.dropped]
    rec = shared_recipient(d.anchor, others, d.actor)
    reason, how = Inferred.COORDINATED, "recipient shared with a coordinated predicate"
    if not rec:
        rec = fallback_recipient(ctx.sent, d.trigger, d.actor, d.args.actor_tok, ctx.resolver)
        reason, how = Inferred.FALLBACK, "recipient fallback: the other party named in the sentence"
        d.confidence = round(max(w.floor, d.confidence + w.fallback_recipient), 2)
    if rec:
        d.recipient = list(rec)
        d.rules.append(how)
        d.decide("shared_recipients", reason)
        if reason is Inferred.COORDINATED:
            d.confidence = round(min(w.ceiling, d.confidence + w.shared_recipient), 2)
