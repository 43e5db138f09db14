"""PLOVER's recoding rules for auxiliary modes, and the event's mode and CAMEO code.

"The coder should always return the single event category, not a
category+auxiliary" (PLOVER manual): a refused act is REJECT; an announced
hostile act is THREATEN, dated by the announcement; a promised meeting,
support, cooperation, aid or retreat is AGREE.
"""
from __future__ import annotations

from enum import Enum

from ..syntax import clause_chain
from ..wordlists import load as wordlist
from . import modality
from .extract import FORCE_SECTORS, _governing_verb


HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN"})


class Recoded(str, Enum):
    COMMITTED_HARM = "commitment_to_harm_is_threaten"
    COMMITTED_REFUSAL = "commitment_to_refuse_is_reject"
    REFUSAL = "refusal_to_reject"
    ANNOUNCED_THREAT = "announced_hostile_act_to_threaten"
    PROMISE = "promise_to_agree"
    ANNOUNCED_RETREAT = "announced_retreat_is_a_concession"
    WITHDRAWAL_FROM_A_BODY = "withdrawal_from_a_body_is_sanction"
    ASSISTANCE = "foreign_force_on_a_mission_is_aid"
    RIOT = "crowd_violence_is_a_riot"
    JOINT_EXERCISE = "exercise_of_several_countries_is_cooperation"
    PREPARATION = "readying_force_is_mobilize"
    REGRET_OF_OTHER = "regret_at_another_party_act_is_disapproval"


def _committed(d, ctx) -> str | None:
    """What a commitment commits to: "vowed to crush the rebels", "pledged to take the island by force"
    (harm: THREATEN), "vowed to resist the pressure" (refusal: REJECT); None for help or cooperation."""
    w = wordlist("events")
    if d.category != "AGREE" or d.entry.lemma not in w["commitment_verbs"]:
        return None
    comp = next((c for c in d.anchor.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if comp is None:
        # "IRA vows more attacks", "vowed revenge": a hostile aim committed to as a noun
        aims = set(w["hostile_aims"]) | set(w["commitment_targets"]) - {"those"}
        if any(o.dep_ == "dobj" and o.lemma_.lower() in aims for o in d.anchor.children):
            return "THREATEN"
        return None
    lemma = comp.lemma_.lower()
    if lemma in w["commitment_refusal_verbs"]:
        return "REJECT"
    cats = {e.category for e in ctx.coder.lexicon.by_head.get((lemma, "VERB"), [])}
    by_force = any(t.lemma_.lower() == "force" and t.head.lower_ == "by" for t in comp.subtree)
    # a hostile verb harms a party: "crush the rebels", not "cut its output"
    own = {a.code for a in d.actor if a.code}
    objs = [o for o in comp.children if o.dep_ == "dobj"]
    target = any((e.code or e.sector) and e.code not in own for o in objs for e in ctx.resolver.resolve(o)) \
        or any(o.lemma_.lower() in w["commitment_targets"] for o in objs)
    if by_force or (target and (lemma in w["commitment_hostile_verbs"] or (cats and cats <= HOSTILE))):
        return "THREATEN"
    return None


def _regret_of_other(d, ctx) -> bool:
    """ "London expressed regret over the ambassador's remarks", "Tokyo regretted Beijing's decision", "regretted
    that China had blocked the vote": regret at what another party said or did is diplomatic disapproval
    (ACCUSE), not an apology. Regret at one's own act, or at a happening no party owns ("regret over the
    deaths"), stays CONCEDE."""
    w = wordlist("events")
    if d.category != "CONCEDE" or d.trigger.lemma_.lower() not in w["regret_words"]:
        return False
    t = d.trigger
    if t.pos_ == "NOUN":
        things = [p for prep in t.children if prep.dep_ == "prep" and prep.lower_ in w["regret_preps"]
                  for p in prep.children if p.dep_ == "pobj"]
    else:
        things = [c for c in t.children if c.dep_ == "dobj"]
    owners = [c for x in things for c in x.children if c.dep_ == "poss"]
    owners += [c for x in t.children if x.dep_ == "ccomp" for c in x.children if c.dep_ in ("nsubj", "nsubjpass")]
    own = {a.code for a in d.actor if a.code}
    selves = {a.kb_id or a.name for a in d.actor} - {None}

    def other(e) -> bool:       # an uncoded official ("Ambassador Kelin") counts when named apart from the actor
        return e.code not in own if e.code else bool(e.sector) and (e.kb_id or e.name) not in selves
    return bool(own) and any(other(e) for o in owners for e in ctx.resolver.resolve(o))


def _assistance(d) -> bool:
    """ "200 police officers from Kenya arrived in Haiti for a U.N.-backed mission", "NATO peacekeeping
    troops arrived in Bosnia": a force sent to another country to help it is military or police
    assistance (AID, PLOVER manual: "military and police assistance including arms and personnel"),
    not a show of force. The host is a named recipient of another country, and the sentence says the
    force is there to help (``assistance_cues``)."""
    if d.category != "MOBILIZE" or d.aux is not None:
        return False
    own = {a.code for a in d.actor if a.code}
    hosts = {r.code for r in d.recipient if r.code}
    if not own or not hosts or hosts & own:
        return False
    cues = wordlist("events")["assistance_cues"]
    return any(t.lemma_.lower() in cues or t.lower_ in cues for t in d.trigger.sent)


def _withdrawal_from_a_body(d, ctx) -> bool:
    """ "Gambia pulled out of the Commonwealth", "announced its withdrawal from the nuclear deal": withdrawing
    oneself from a group, an organisation, an accord or a mediation is SANCTION (withdraw) by the PLOVER
    manual; RETREAT (withdraw) is a retreat from territory. What is left is a body (``withdrawal_bodies``) or
    an IGO; forces pulled out of it ("pulled its troops out of the UN mission") stay a retreat."""
    if d.entry.category != "RETREAT" or d.entry.mode != "withdraw" or d.category not in ("RETREAT", "SANCTION") \
            or d.args is None:
        return False                # (the layer may have retyped it SANCTION already)
    heads = {d.trigger.i: d.trigger, d.anchor.i: d.anchor}.values()
    # "withdrew from", "pulled out of"; not "the withdrawal of the monitoring group", which names who leaves
    preps = [c for t in heads for c in t.children if c.dep_ == "prep" and c.lower_ == "from"]
    preps += [p for t in heads for c in t.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ == "out"
              for p in c.children if p.dep_ == "prep" and p.lower_ == "of"]
    left = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    if not left:
        return False
    moved = [c for t in heads for c in t.children if c.dep_ == "dobj"]
    if any(e.sector in FORCE_SECTORS for o in moved for e in ctx.resolver.resolve(o)):
        return False
    bodies = wordlist("events")["withdrawal_bodies"]
    return any(o.lemma_.lower() in bodies or o.lower_ in bodies or any(e.sector == "IGO" for e in ctx.resolver.resolve(o)) for o in left)


def _riot(d) -> bool:
    """ "Rioters torched the ministry", "protesters stormed parliament", "youths hurled petrol bombs at
    soldiers": a protesting crowd's violence against property or a building, or what it throws at the
    authorities, is a riot (PROTEST, mode riot; PLOVER manual), not an armed attack.
    Its target is no person: "a mob lynched a suspect" stays ASSAULT. Youths riot only in a scene of unrest
    (``unrest_cues``): "youths attacked farms" is an attack."""
    w = wordlist("events")
    verb = _governing_verb(d.trigger) if d.trigger.pos_ in ("NOUN", "PROPN") else None
    acts = {d.trigger.lemma_.lower(), verb.lemma_.lower() if verb is not None else None}
    if d.category not in ("ASSAULT", "COERCE") or not acts & set(w["riot_acts"]):
        return False
    heads = [a.text.split()[-1].lower() for a in d.actor if a.text]     # the subject, or a shared one
    if not heads or not all(h in w["riot_crowds"] or h in w["unrest_crowds"] for h in heads):
        return False
    if not all(h in w["riot_crowds"] for h in heads) and not any(t.lower_ in w["unrest_cues"] for t in d.trigger.sent):
        return False            # youths riot only in a scene of unrest: the sentence is read only for them
    objects = [c for c in d.anchor.children if c.dep_ == "dobj"]
    return not any(o.lemma_.lower() in w["riot_persons"] or o.lower_ in w["riot_persons"] for o in objects)


def _joint_exercise(d, ctx) -> list | None:
    """ "French and Egyptian warships launched war games", "Iran held naval exercises with Russia": an
    exercise of two or more countries' forces is military cooperation (COOPERATE), as "a joint exercise"
    is; one country's is MOBILIZE, whoever it is aimed at ("drills near the Ukrainian border")."""
    if d.entry.category != "MOBILIZE" or d.category not in ("MOBILIZE", "COOPERATE") \
            or d.trigger.lemma_.lower() not in wordlist("events")["exercise_nouns"]:
        return None                                 # (the layer may have retyped it COOPERATE already)
    partners = [e for t in {d.trigger.i: d.trigger, d.anchor.i: d.anchor}.values() for prep in t.children
                if prep.dep_ == "prep" and prep.lower_ == "with"
                for p in prep.children if p.dep_ == "pobj" for e in ctx.resolver.resolve(p) if e.code]
    codes = {e.code for e in d.actor if e.code} | {e.code for e in partners}
    return partners if len(codes) >= 2 else None


def _preparation(d):
    """ "The army prepared to resume shelling": the verb that readies an armed act, when the act is only
    aimed at (future) and no speech reports it."""
    if d.aux != "future" or d.entry.category not in ("ASSAULT", "COERCE") or modality.reported_by(d.anchor) is not None:
        return None
    prep = wordlist("events")["preparation_verbs"]
    return next((t for t in clause_chain(d.anchor)[1:] if t.lemma_.lower() in prep), None)


def _future_of(d) -> str | None:
    """The category whose future form PLOVER recodes (``future_recode``): the event's own, or its entry's
    when the layer has already given the event the recoded type (an announced withdrawal the layer read
    as a concession is still an announced retreat, not a future concession)."""
    recode = wordlist("groupings")["future_recode"]
    if d.category in recode:
        return d.category
    return d.entry.category if recode.get(d.entry.category) == d.category else None


def plover_recode(d, ctx) -> None:
    """Step: recode commitments, refusals, announced hostile acts and promises by PLOVER's rules."""
    w = modality.words()
    category = d.category
    committed = _committed(d, ctx)
    if committed is not None:
        d.rules.append(f"commitment to {'harm' if committed == 'THREATEN' else 'refuse'} coded {committed}")
        d.category, d.mode = committed, None
        d.decide("plover_recode", Recoded.COMMITTED_HARM if committed == "THREATEN" else Recoded.COMMITTED_REFUSAL)
    elif d.aux == "negated" and category in w["refusal_recode"] and modality.refusal(d.anchor):
        d.rules.append(f"refused {category} coded REJECT ({d.aux_why})")
        d.category, d.mode, d.aux = "REJECT", None, None
        d.decide("plover_recode", Recoded.REFUSAL)
    elif d.aux == "future" and category in w["threat_when_announced"] \
            and modality.reported_by(d.anchor) is not None and d.date_text is None and not modality.forecast(d.anchor):
        # a stated intent to act against someone is a threat; a dated, scheduled act
        # ("will impose sanctions on Thursday, a spokesperson said") stays itself, flagged future
        d.rules.append(f"announced future {category} coded THREATEN (a stated intent to act against the recipient)")
        d.category, d.mode, d.aux = "THREATEN", None, None
        # the threat happened when it was made: the dating step dates it by the speech verb
        d.date = d.date_end = d.date_text = d.precision = None
        d.date_anchor = modality.reported_by(d.anchor)
        d.decide("plover_recode", Recoded.ANNOUNCED_THREAT)
    elif _withdrawal_from_a_body(d, ctx):
        d.rules.append("withdrawal from a body or an accord coded SANCTION (withdraw), not a retreat from territory")
        d.category, d.mode = "SANCTION", "withdraw"
        d.decide("plover_recode", Recoded.WITHDRAWAL_FROM_A_BODY)
    elif _riot(d):
        d.rules.append("a protesting crowd's violence against property coded PROTEST (riot)")
        d.category, d.mode = "PROTEST", "riot"
        d.decide("plover_recode", Recoded.RIOT)
    elif (ready := _preparation(d)) is not None:
        d.rules.append(f"readying a use of force ({ready.text!r}) coded MOBILIZE (a military move short of force)")
        d.category, d.mode, d.aux = "MOBILIZE", None, None
        d.cand.token, d.cand.tokens, d.args.anchor = ready, [ready], ready   # the readying happened, not the attack
        d.decide("plover_recode", Recoded.PREPARATION)
    elif (partners := _joint_exercise(d, ctx)) is not None:
        d.rules.append("an exercise of several countries' forces coded COOPERATE (military cooperation)")
        d.category, d.mode = "COOPERATE", None
        d.actor, d.recipient = d.actor + partners, []          # reciprocal, as "a joint exercise" is
        d.decide("plover_recode", Recoded.JOINT_EXERCISE)
    elif _regret_of_other(d, ctx):
        d.rules.append("regret at another party's words or act coded ACCUSE (disapproval), not an apology")
        d.category, d.mode = "ACCUSE", "disapprove"
        d.decide("plover_recode", Recoded.REGRET_OF_OTHER)
    elif _assistance(d):
        d.rules.append("a foreign force sent to help the host country coded AID (military or police assistance)")
        d.category, d.mode = "AID", None
        d.decide("plover_recode", Recoded.ASSISTANCE)
    elif d.aux == "future" and (category := _future_of(d)) is not None:
        new = wordlist("groupings")["future_recode"][category]
        d.rules.append(f"future {category} coded {new} (PLOVER manual, auxiliary modes)")
        d.category, d.mode, d.aux = new, None, None
        d.decide("plover_recode", Recoded.PROMISE if new == "AGREE" else Recoded.ANNOUNCED_RETREAT)


def cameo_step(d, ctx) -> None:
    """Step: keep the mode only where the category defines it; the entry's CAMEO code, or the
    category's default when recoding changed the category."""
    onto = ctx.coder.ontology
    if d.mode and d.mode not in onto.modes(d.category):
        d.mode = None
    d.cameo = d.entry.cameo if d.entry.category == d.category else onto.default_cameo(d.category)
