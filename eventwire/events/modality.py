"""PLOVER auxiliary modes from the parse: negated, hypothetical, future, historical.

The modes are read off the clause that holds the trigger: its auxiliaries,
negation, conditional markers and the verbs that govern it ("is scheduled
to", "failed to").  Historical also uses the event's date; see
``when.dates``.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from ..data import DATA_DIR
from ..syntax import CLAUSE_HOPS, clause_chain, climb, infinitival


@lru_cache(maxsize=1)
def words() -> dict[str, set[str]]:
    from ..data import contracts        # a bad file raises DataFileError naming the line
    d = contracts.load_yaml(DATA_DIR / "lexicon" / "modality.yaml", "modality")
    return {k: set(v) for k, v in d.items()}


def aux_mode(anchor, noun=None) -> tuple[str | None, str | None]:
    """(mode, reason) for the clause of ``anchor`` (a verb, or a noun without a verb)."""
    w = words()
    chain = clause_chain(anchor)
    if noun is not None:
        for c in noun.children:
            if c.dep_ == "det" and c.lower_ == "no":
                return "negated", f"determiner 'no' on {noun.text!r}"
            if c.dep_ == "neg":
                return "negated", f"negation on {noun.text!r}"
    # negation anywhere on the chain, or a negating governor ("failed to meet")
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return "negated", f"negation {c.text!r} on {t.text!r}"
        if t != chain[0] and t.lemma_ in w["negating_governors"]:
            return "negated", f"governed by {t.lemma_!r}"
    # conditional clause: "if Russia crosses the border", "could ... if"
    for t in chain:
        cur = t
        for _ in range(CLAUSE_HOPS):
            marks = [c for c in cur.children if c.dep_ == "mark"]
            for c in marks:
                if c.lower_ in w["conditional_markers"]:
                    return "hypothetical", f"conditional {c.text!r}"
            if marks:
                break       # "..., while rebels attacked the town": a clause with its own conjunction keeps its own mode
            if cur.dep_ in ("advcl", "ccomp", "conj", "xcomp") and cur.head != cur:
                cur = cur.head
                if cur.lemma_ in w["speech_verbs"]:
                    break
            else:
                break
    for t in chain:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in w["hypothetical_auxiliaries"] | w["future_auxiliaries"]:
                low = c.lower_
                if low in w["future_auxiliaries"]:
                    return "future", f"auxiliary {c.text!r}"
                if low == "would" and _reported(t):
                    return "future", "'would' in reported speech"
                return "hypothetical", f"modal {c.text!r}"
        if t != chain[0] and t.lemma_ in w["future_governors"]:
            return "future", f"governed by {t.lemma_!r}"
        if t != chain[0] and t.lemma_ in w["hypothetical_governors"]:
            return "hypothetical", f"governed by {t.lemma_!r}"
        # "X is to visit Y"
        if len(chain) > 1 and t is chain[1] and t.lemma_ == "be" and chain[0].dep_ == "xcomp":
            return "future", "'be to' construction"
    top = chain[-1]
    if top.dep_ == "acl" and top.head.lemma_ in w["aspiration_nouns"] and infinitival(top):
        return "future", f"the aim of {top.head.text!r}"     # "efforts to reach a ceasefire"
    if top.dep_ == "advcl" and infinitival(top):
        # "exerting every effort to reach a truce": the parser may hang the aim on the verb
        aim = next((c for c in top.head.children if c.dep_ == "dobj" and c.lemma_ in w["aspiration_nouns"]), None)
        if aim is not None:
            return "future", f"the aim of {aim.text!r}"
    for c in top.children:
        if c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") and top.lemma_ == "go":
            return "future", "'going to'"
    return None, None


def _reported(tok) -> bool:
    cur = tok
    for _ in range(CLAUSE_HOPS):
        if cur.dep_ in ("ccomp", "conj") and cur.head != cur:
            cur = cur.head
            if cur.lemma_ in words()["speech_verbs"]:
                return True
        else:
            return False
    return False


def reported_by(anchor):
    """The speech verb whose complement holds this clause ("Japan said it had halted aid" -> said), or None."""
    w = words()
    top = clause_chain(anchor)[-1]
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in w["speech_verbs"] | w["announce_verbs"]:
        return top.head
    return None


def forecast(anchor) -> bool:
    """The clause's future is others' forecast ("is expected to veto", "is tipped to win"), not a stated intent."""
    return any(t.lemma_.lower() in words()["forecast_governors"] for t in clause_chain(anchor)[1:])


def pluperfect(anchor) -> bool:
    """'had met': a past-before-past event, unless it is only the backshift of reported speech
    ("Japan said it had halted aid" reports a recent act, not an old one)."""
    if reported_by(anchor) is not None:
        return False
    for t in clause_chain(anchor):
        if t.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in t.children):
            return True
    return False


def background(tok) -> tuple[object | None, str | None]:
    """The preposition that backgrounds this event: "comes a week after a trip to China, where he met
    Xi", "said Wednesday, days after the president suspended the talks", "the first visit since". An unmeasured
    "after" or "before" phrase set before a clause told in the simple past is the next step of the same
    telling ("After an hour-long firefight, marines recovered the bodies"), and so is a clause that such a
    conjunction marks ("relations soured after police detained two officers"): neither is background."""
    w = words()
    for cur in (tok, *climb(tok)):
        if cur.head == cur:
            return None, None
        prep = None
        if cur.dep_ == "pobj" and cur.head.lower_ in w["background_prepositions"]:
            prep = cur.head
        elif cur.dep_ == "prep" and cur.lower_ in w["background_prepositions"] and cur != tok:
            prep = cur
        elif cur.dep_ in ("advcl", "ccomp", "pcomp", "conj") and cur.pos_ in ("VERB", "AUX"):
            # "days after the president suspended the talks": a clause the conjunction marks
            prep = next((c for c in cur.children if c.dep_ == "mark" and c.lower_ in w["background_prepositions"]),
                        None)
            if prep is not None and not _backgrounds(prep, cur, cur.head):
                continue                # the next step of the clause it hangs on: background only if that is
        if prep is not None:
            if prep.head != cur and prep.i < prep.head.i and not _backgrounds(prep, prep, prep.head):
                continue                # a fronted "After a firefight, marines recovered ...": the next step
            return prep, f"background clause {prep.text!r}"
    return None, None


def _backgrounds(prep, holder, gov) -> bool:
    """Whether "after"/"before" set their event back from the telling: "since" always; a measure ("days
    after", "a week before"); or a telling that is not in the simple past ("comes after", "has met since")."""
    w = words()
    if prep.lower_ == "since":
        return True
    units = w["background_measures"]
    if any(c.dep_ == "npadvmod" and c.lemma_.lower() in units and c.i < prep.i for t in (prep, holder) for c in t.children):
        return True
    if gov.tag_ in ("VBZ", "VBP", "MD") or any(c.dep_ == "aux" and c.lemma_ in ("have", "will") and c.tag_ != "VBD"
                                                for c in gov.children):
        return True
    return gov.pos_ not in ("VERB", "AUX")          # a noun's ("the visit after the talks"): as before


def purpose_clause(anchor) -> bool:
    """'demanded a meeting to discuss the crisis': an infinitive of purpose names an unrealised aim."""
    if anchor.dep_ not in ("advcl", "xcomp") or anchor.head is anchor:
        return False
    has_to = infinitival(anchor)
    if not has_to:
        return False
    if anchor.dep_ == "advcl":
        return True
    # xcomp after an object ("sent troops to investigate") is purpose; bare xcomp is control ("agreed to meet")
    return any(c.dep_ == "dobj" for c in anchor.head.children)


def refusal(anchor) -> bool:
    """'will not accept', 'would not meet', 'failed to reach agreement': a stated refusal, not a non-event."""
    w = words()
    chain = clause_chain(anchor)
    negated = any(c.dep_ == "neg" for t in chain for c in t.children)
    future = any(c.dep_ == "aux" and c.lower_ in w["future_auxiliaries"] | {"would"} for t in chain for c in t.children)
    if negated and future:
        return True
    return any(t is not chain[0] and t.lemma_ in w["refusing_governors"] for t in chain)


def modality_step(d, ctx) -> None:
    """Step: the PLOVER auxiliary mode of the trigger's clause (negated, hypothetical, future)."""
    is_noun = d.trigger.pos_ in ("NOUN", "PROPN")
    d.aux, d.aux_why = aux_mode(d.anchor, noun=d.trigger if is_noun else None)
    d.clause_aux = d.aux
    if d.aux:
        d.decide("modality", d.aux)
