"""PLOVER's recoding rules for auxiliary modes, and the event's mode and CAMEO code.

"The coder should always return the single event category, not a
category+auxiliary" (PLOVER manual): a refused act is REJECT; an announced
hostile act is THREATEN, dated by the announcement; a promised meeting,
support, cooperation, aid or retreat is AGREE.
"""
from __future__ import annotations

from enum import Enum

from ..wordlists import load as wordlist
from . import modality


class Recoded(str, Enum):
    REFUSAL = "refusal_to_reject"
    ANNOUNCED_THREAT = "announced_hostile_act_to_threaten"
    PROMISE = "promise_to_agree"


def plover_recode(d, ctx) -> None:
    """Step: recode refusals, announced hostile acts and promises by PLOVER's rules."""
    w = modality.words()
    category = d.category
    if d.aux == "negated" and category in w["refusal_recode"] and modality.refusal(d.anchor):
        d.rules.append(f"refused {category} coded REJECT ({d.aux_why})")
        d.category, d.mode, d.aux = "REJECT", None, None
        d.decide("plover_recode", Recoded.REFUSAL)
    elif d.aux == "future" and category in w["threat_when_announced"] \
            and modality.reported_by(d.anchor) is not None and d.date_text is None:
        # a stated intent to act against someone is a threat; a dated, scheduled act
        # ("will impose sanctions on Thursday, a spokesperson said") stays itself, flagged future
        d.rules.append(f"announced future {category} coded THREATEN (a stated intent to act against the recipient)")
        d.category, d.mode, d.aux = "THREATEN", None, None
        # the threat happened when it was made: the dating step dates it by the speech verb
        d.date = d.date_end = d.date_text = d.precision = None
        d.date_anchor = modality.reported_by(d.anchor)
        d.decide("plover_recode", Recoded.ANNOUNCED_THREAT)
    elif d.aux == "future" and category in wordlist("groupings")["future_recode"]:
        new = wordlist("groupings")["future_recode"][category]
        d.rules.append(f"future {category} coded {new} (PLOVER manual, auxiliary modes)")
        d.category, d.mode, d.aux = new, None, None
        d.decide("plover_recode", Recoded.PROMISE)


def cameo_step(d, ctx) -> None:
    """Step: keep the mode only where the category defines it; the entry's CAMEO code, or the
    category's default when recoding changed the category."""
    onto = ctx.coder.ontology
    if d.mode and d.mode not in onto.modes(d.category):
        d.mode = None
    d.cameo = d.entry.cameo if d.entry.category == d.category else onto.default_cameo(d.category)
