"""Steps that give parties named only by their role the country the text puts them in.

- IGO expansion (a setting): one entity per member state after each IGO;
- "police fired tear gas at protesters in Nairobi": domestic role nouns take the
  country of the event's place;
- protesters the text does not place protest against their own authorities;
- a state body's target named only by its role is of the body's own country (not when the body is
  named only by the nationality of an armed act: "civilians killed in Russian shelling");
- a society's rebels, parties or protesters act on their own state.
"""
from __future__ import annotations

from dataclasses import replace
from enum import Enum

from ..records import Basis, Entity
from ..wordlists import load as wordlist


class Placed(str, Enum):
    IGO_MEMBERS = "igo_members_expanded"
    EVENT_PLACE = "country_of_event_place"
    PROTEST_HOME = "protest_target_country"
    STATE_BODY = "state_body_country"
    SOCIETY = "society_country"
    FOCUS = "article_country_focus"
    ENVOY_HOST = "country_the_envoy_is_accredited_to"


def expand_igos(d, ctx) -> None:
    """Step (EVENTWIRE_EXPAND_IGOS=1): after each IGO entity, one entity per member state."""
    if not ctx.coder.settings.expand_igos:
        return
    kb = ctx.coder.kb

    def expand(ents: list[Entity]) -> list[Entity]:
        out: list[Entity] = []
        for e in ents:
            out.append(e)
            if e.code in kb.igo_members:
                out.extend(replace(e, code=m, sector=None, name=kb.country_names.get(m, m), kb_id=None,
                                   why=f"member of {e.code} (IGO expansion)", basis=(Basis.IGO_MEMBER,))
                           for m in kb.member_states(e.code))
        return out
    d.actor, d.recipient = expand(d.actor), expand(d.recipient)
    d.decide("expand_igos", Placed.IGO_MEMBERS)


def _adopt(ents: list[Entity], code: str, why: str, basis: Basis, which) -> list[Entity]:
    return [replace(e, code=code, why=(e.why or "") + why, basis=(*e.basis, basis)) if which(e) else e for e in ents]


def _the_country(ents: list[Entity], code: str) -> bool:
    """A party that is the country ``code`` by its bare name or its capital's ("Vietnam", "Hanoi"; not
    "Vietnamese officials", not a town of it)."""
    return any(e.code == code and e.sector in (None, "GOV") and e.first_basis in (Basis.COUNTRY_NAME, Basis.CAPITAL)
               for e in ents)


def _gathers_several(e: Entity) -> bool:
    """ "the two leaders", named before no pair: several parties, so no one country is theirs."""
    return Basis.COREF_COLLECTIVE in e.basis and not e.code


def _visitor(d) -> bool:
    """A visit's actor is the visitor: the host's place and country are not its own."""
    return d.entry is not None and d.entry.visit


def _role_only(e: Entity, g) -> bool:
    """A domestic party named only by its role, and one party, not a gathering of several."""
    return not e.code and e.sector in g["domestic_sectors"] and not _gathers_several(e)


def _actor_of(d, code: str, g):
    """Which role-only actors may take ``code``: not a state body that acts on that country by name
    ("troops shelled Ukraine", "authorities returned the boats to Vietnam") or visits it ("the minister
    will travel to Beijing")."""
    foreign = _the_country(d.recipient, code) or _visitor(d)
    return lambda e: _role_only(e, g) and not (foreign and e.sector in g["state_sectors"])


def _counterparts(d) -> set[str]:
    """Countries of the event's parties named as someone's counterpart ("his French counterpart")."""
    nouns = wordlist("actors")["counterpart_nouns"]
    return {e.code for e in d.actor + d.recipient
            if e.code and any(n in e.text.lower().replace("-", " ").split() or (" " in n and n in e.text.lower())
                              for n in nouns)}


def domestic_placement(d, ctx) -> None:
    """Step: role-only parties take the country the event's place, its target or its other side gives."""
    g = wordlist("groupings")
    loc = d.location
    if loc and loc.get("country"):
        why = f"; country of the event's place ({loc.get('name')})"
        # "the president met his French counterpart in Paris": the president is not French
        other_side = loc["country"] in _counterparts(d)
        unplaced = (lambda e: not other_side and _role_only(e, g))
        if any(unplaced(e) for e in d.actor + d.recipient):
            d.decide("domestic_placement", Placed.EVENT_PLACE)
        may_take = _actor_of(d, loc["country"], g)
        d.actor = _adopt(d.actor, loc["country"], why, Basis.PLACED_BY_EVENT,
                         lambda e: not other_side and may_take(e))
        d.recipient = _adopt(d.recipient, loc["country"], why, Basis.PLACED_BY_EVENT, unplaced)
    if d.category == "PROTEST" and d.recipient and len({r.code for r in d.recipient}) == 1 \
            and d.recipient[0].code and d.recipient[0].code not in ctx.coder.kb.igo_members:
        # "Chechen refugees ... in protest of the Russian government's refusal"
        home = d.recipient[0].code
        d.actor = _adopt(d.actor, home, f"; placed in {home}, the country the protest targets", Basis.PROTEST_HOME,
                         lambda e: not e.code and e.sector not in ("IGO", "NGO"))
    # "Police arrested opposition activists", "the army dispersed demonstrators"
    inst = {e.code for e in d.actor if e.code and e.sector in g["state_sectors"]}
    # "civilians were killed in Russian shelling": a nationality on an armed act marks a foreign
    # perpetrator, whose victims are not its own people
    foreign = any(Basis.EVENT_NOUN_AGENT in e.basis for e in d.actor)
    if len(inst) == 1 and not foreign:
        d.recipient = _adopt(d.recipient, next(iter(inst)), "; same country as the state body acting on it",
                             Basis.SAME_COUNTRY, lambda r: not r.code and r.sector in g["non_state_sectors"])
    # "Fijian rebels will release the prime minister", "Tamil rebels attacked an army camp"
    society = {e.code for e in d.actor if e.code and e.sector in g["non_state_sectors"]}
    if len(society) == 1 and not inst:
        d.recipient = _adopt(d.recipient, next(iter(society)), "; same country as the group acting on it",
                             Basis.SAME_COUNTRY, lambda r: not r.code and r.sector in g["state_sectors"])
    _envoy_host(d, ctx, g)
    _article_focus(d, ctx, g)


def _envoy_host(d, ctx, g) -> None:
    """ "The Foreign Ministry summoned the Chinese ambassador to South Korea": a state body named only by
    its role that acts on another state's envoy is of the country the envoy is accredited to."""
    unplaced = (lambda e: not e.code and e.sector in g["state_sectors"])
    if not any(unplaced(a) for a in d.actor):
        return
    doc, base = ctx.sent.doc, ctx.doc.body_start
    for r in d.recipient:
        span = doc.char_span(r.start - base, r.end - base, alignment_mode="expand") if r.end > r.start else None
        if span is None or span.root.lemma_.lower() not in wordlist("actors")["envoy_nouns"]:
            continue
        # "the Chinese ambassador to South Korea": the parser may hang "to" on the verb, right after the envoy
        after = [doc[span.end]] if span.end < len(doc) and doc[span.end].lower_ == "to" else []
        for prep in [*span.root.children, *after]:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                hosts = {e.code for p in prep.children if p.dep_ == "pobj" for e in ctx.resolver.resolve(p)
                         if e.code and e.code != r.code}
                if len(hosts) == 1:
                    host = hosts.pop()
                    d.actor = _adopt(d.actor, host, f"; the country {r.text!r} is accredited to",
                                     Basis.ENVOY_HOST, unplaced)
                    d.decide("domestic_placement", Placed.ENVOY_HOST)
                    return


def _article_focus(d, ctx, g) -> None:
    """ "police opened fire", "the military was deployed": with nothing nearer, role-only domestic
    parties belong to the country the article is about (its dateline, or the country it names most)."""
    focus = ctx.focus
    if focus is None or focus.focus is None or focus.focus in _counterparts(d):
        return
    unplaced = (lambda e: _role_only(e, g))
    if not any(unplaced(e) for e in d.actor + d.recipient):
        return
    why = f"; the article's country focus ({focus.focus}: {focus.why})"
    d.actor = _adopt(d.actor, focus.focus, why, Basis.COUNTRY_FOCUS, _actor_of(d, focus.focus, g))
    # "Mexico criticised the government": a state of the focus country acting on a state body named only
    # by its role acts on another state's, not on its own
    home_state = any(a.code == focus.focus and a.sector in (None, "GOV") and Basis.COUNTRY_FOCUS not in a.basis
                     for a in d.actor)
    d.recipient = _adopt(d.recipient, focus.focus, why, Basis.COUNTRY_FOCUS,
                         lambda e: unplaced(e) and not (home_state and e.sector == "GOV"))
    d.decide("domestic_placement", Placed.FOCUS)
