"""Steps 1 and 2: pick the lexicon entry a trigger fires, read its parties, and reconcile them.

``select_entry`` tries the trigger's entries, most specific first, and keeps the
first whose actor the parse finds and whose sector gates it passes.  Violence
with a known victim and no named perpetrator is still an event; so is an act by
someone the KB cannot place.  ``reconcile_parties`` keeps an actor out of its own
recipients and applies the reciprocal and visit rules.
"""
from __future__ import annotations

from enum import Enum

from ..records import COREF_BASES, STATE_BASES, Basis, Entity, EventDraft, SentenceContext
from ..syntax import mention_span
from ..wordlists import load as wordlist
from .extract import arguments, never_party, own_pronoun


class Selected(str, Enum):
    LEXICON_ENTRY = "lexicon_entry"          # an entry whose actor and sector gates fit
    ACTORLESS_VIOLENCE = "actorless_violence"  # violence with a victim and no named perpetrator
    UNRESOLVED_ACTOR = "unresolved_actor"    # an actor the KB cannot place, kept by its words
    NO_ENTRY_FITS = "no_entry_fits"


class Parties(str, Enum):
    RECIPROCAL = "reciprocal"                # every party is an actor
    VISIT = "visit"                          # visitor is actor, host is recipient
    DIRECTED = "directed"


def _gate_sectors(args) -> set:
    """The actor's sectors for the entry's gates; a bare country or capital acts for its state
    ("China protested"), but "Palestinians" or "ethnic Turks" are people, not a state."""
    return {e.sector or ("GOV" if e.code and not e.kb_id and e.first_basis in STATE_BASES else None)
            for e in args.actor}


def _fits(entry, args) -> bool:
    sectors = _gate_sectors(args)
    if entry.actor_sectors and not sectors & set(entry.actor_sectors):
        return False
    if entry.not_actor_sectors and sectors & set(entry.not_actor_sectors) \
            and not sectors - set(entry.not_actor_sectors):
        return False
    return True


def _with_actor(cand, res):
    for entry in cand.entries:
        args = arguments(cand, entry, res)
        if args.actor and _fits(entry, args):
            return entry, args
    return None


def _actorless(cand, res):
    """ "three civilians were killed in a car bombing": only where violence is the trigger's
    first reading (a hunger strike is no air strike)."""
    actorless = wordlist("groupings")["actorless_categories"]
    if cand.entries[0].category not in actorless:
        return None
    for entry in cand.entries:
        # (an entry gated on its actor's sector, "ousted" by soldiers, has no reading without one)
        if entry.category in actorless and not entry.actor_sectors:
            args = arguments(cand, entry, res)
            if args.recipient and not args.actor:
                return entry, args
    return None


def _unresolved_actor(cand, res, offset: int):
    """ "Supporters of the jailed former prime minister held a rally": an actor the KB cannot place
    is still the actor; the event keeps the mention's text and no code."""
    entry = next((e for e in cand.entries if not e.actor_sectors), None)
    if entry is None:
        return None
    args = arguments(cand, entry, res)
    subj = args.actor_tok
    if args.actor or subj is None or subj.pos_ not in ("NOUN", "PROPN") or never_party(subj):
        return None
    sp = mention_span(subj)
    args.actor = [Entity(text=sp.text, start=offset + sp.start_char, end=offset + sp.end_char,
                         why="unresolved noun phrase (no country, organisation, person or sector known)",
                         basis=(Basis.UNRESOLVED_NOUN,))]
    return entry, args


def select_entry(d: EventDraft, ctx: SentenceContext) -> None:
    res = ctx.resolver
    for how, reason in ((lambda: _with_actor(d.cand, res), Selected.LEXICON_ENTRY),
                        (lambda: _actorless(d.cand, res), Selected.ACTORLESS_VIOLENCE),
                        (lambda: _unresolved_actor(d.cand, res, ctx.doc.body_start), Selected.UNRESOLVED_ACTOR)):
        chosen = how()
        if chosen is not None:
            d.entry, d.args = chosen
            d.actor, d.recipient = list(d.args.actor), list(d.args.recipient)
            d.rules = [d.args.rule]
            d.category, d.mode = d.entry.category, d.entry.mode
            d.decide("select_entry", reason)
            return
    d.drop("select_entry", Selected.NO_ENTRY_FITS)


def same_party(a: Entity, b: Entity) -> bool:
    """The same participant: one KB person, or one mention resolved to one code and sector ("the two
    sides" of a government and its rebels are two)."""
    if a.kb_id or b.kb_id:
        return a.kb_id == b.kb_id
    return (a.start, a.end, a.code, a.name) == (b.start, b.end, b.code, b.name) and (
        a.sector == b.sector or a.first_basis not in COREF_BASES)


def _own_side(r: Entity, actor: list[Entity]) -> bool:
    """'a threat to Japan' said by Japan's leader: a recipient that is only the actor's own country; and
    'Russia will suspend its participation': a possessive pronoun of the actor's own country."""
    return own_pronoun(r, actor) or (bool(r.code) and r.sector is None and not r.kb_id
                                     and any(a.code == r.code for a in actor))


def unique_parties(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in ents:
        if not any(same_party(e, o) for o in out):
            out.append(e)
    return out


def reconcile_parties(d: EventDraft, ctx: SentenceContext) -> None:
    # an actor is never also its own recipient
    d.recipient = [r for r in d.recipient if not any(same_party(r, a) for a in d.actor) and not _own_side(r, d.actor)]
    if d.entry.reciprocal and not d.entry.visit:
        d.actor = unique_parties(d.actor + d.recipient)
        d.recipient = []
        d.rules.append("reciprocal: all parties are actors")
        d.decide("reconcile_parties", Parties.RECIPROCAL)
    elif d.entry.visit and d.recipient:
        d.rules.append("visit: visitor is actor, host is recipient")
        d.decide("reconcile_parties", Parties.VISIT)
