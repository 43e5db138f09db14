"""Step: words that look like events but only frame the report, or tell a consequence.

- reporting scaffolding: "spoke on condition of anonymity", "asked not to be identified",
  "when asked about the plan", "asked whether ...", "declined to comment";
- mere consequences: "the strikes cut off power", "the blockade has pushed up prices" — an
  act or situation as the subject of a non-violent act is nobody's deed;
- warnings of a danger: "warned that inflation could rise", "warned of a catastrophe" threaten no one
  (a warning that names whom it warns, or warns of harm or of the speaker's own act, stays THREATEN);
- public fundraising: "the charity appealed for donations", a request of no one in particular;
- electoral contests: "the challenger defeated the governor in the 2004 election", "won the runoff": a vote is
  counted, no PLOVER act is done to the loser; so too a game ("beat France 4-2 on penalties");
- disasters and accidents: "an earthquake killed 200 people", "were killed in a methane blast", "injured when
  their vehicle overturned": harm done by a hazard, an epidemic or an accident is nobody's act ("Israeli fire
  killed three" names its doer);
- concern at no one: "voiced concern about the rising tension" is a comment on a situation (CAMEO's
  pessimistic comment), not a criticism of a party (concern over a party's act names that party and stays
  ACCUSE).
The word lists are in data/words/events.yaml.
"""
from __future__ import annotations

import re
from enum import Enum

from ..syntax import children, clause_chain
from ..wordlists import load as wordlist
from .extract import subject_of
from .recode import HOSTILE


class NotAnEvent(str, Enum):
    SCAFFOLDING = "reporting_scaffolding"
    CONSEQUENCE = "consequence_of_an_act"
    PROTASIS = "condition_of_a_threat_or_ultimatum"
    DANGER = "warning_of_a_danger"
    FUNDRAISING = "public_fundraising_appeal"
    ELECTORAL_CONTEST = "electoral_contest"
    SPORTS_RESULT = "sports_result"
    CONCERN_AT_NO_ONE = "concern_at_no_one"
    NATURAL_HARM = "disaster_or_accident"


def _scaffolding(tok, w) -> bool:
    if tok.lemma_.lower() not in w["scaffolding_verbs"]:
        return False
    for prep in children(tok, "prep"):
        # "on condition of anonymity"
        if any(t.lemma_.lower() in w["scaffolding_nouns"] for t in prep.subtree):
            return True
    for comp in children(tok, "xcomp", "ccomp"):
        # "asked not to be identified", "declined to comment"
        if comp.lemma_.lower() in w["scaffolding_complements"]:
            return True
    # "when asked about the plan, he said ...": a subjectless 'when' clause; so is the bare participle
    # ("Asked whether talks would resume, the minister said ..."): the reporter asked, not a party
    return tok.dep_ == "advcl" and (any(c.lower_ == "when" for c in tok.children) or tok.tag_ == "VBN") \
        and not children(tok, "nsubj", "nsubjpass")


def _consequence(d, w) -> bool:
    if d.category == "ASSAULT" or d.trigger.pos_ != "VERB":
        return False
    subj = next(iter(children(d.trigger, "nsubj")), None)
    return subj is not None and subj.lemma_.lower() in w["consequence_subjects"]


def _hazard(tok, ctx, w) -> bool:
    """A hazard or an accident that no party is named on ("the quake", "a gas explosion"; not "Israeli fire",
    not "a bomb blast")."""
    lemma = tok.lemma_.lower()
    marks = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if lemma in ("blast", "explosion", "explode", "fire") and marks & set(w["accident_marks"]):
        return True
    if lemma not in w["hazard_nouns"] and tok.lower_ not in w["hazard_nouns"] and not (
            tok.pos_ == "PROPN" and marks & set(w["hazard_nouns"])):    # "Hurricane Mitch", "Camp Fire"
        return False
    if lemma not in w["doer_hazards"]:
        return True         # "Morocco quake", "Kerala's floods": a place's name on a natural hazard is no doer
    named = [tok] + [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    return not any(e.code or e.sector for t in named for e in ctx.resolver.resolve(t))


def _natural_harm(d, ctx, w) -> bool:
    """Harm done by a hazard, an epidemic or an accident: the violent verb's subject is one ("an earthquake
    killed 200"), its victims' harm is set in one ("were killed in a tornado", "struck by lightning"), or an
    accident clause tells it ("were injured when their vehicle overturned")."""
    verb = d.trigger
    if d.category not in ("ASSAULT", "COERCE") or verb.pos_ != "VERB":
        return False
    subj, passive = subject_of(verb)
    subjects = [] if subj is None or passive else [subj, *(c for c in subj.children if c.dep_ == "conj")]
    if any(_hazard(s, ctx, w) for s in subjects):
        return True         # also through "and" and a governing clause: "Idai and the flooding ... killed"
    if verb.dep_ in ("conj", "advcl") and _accident(verb.head, ctx, w):
        return True         # "the volcano erupted and killed 30", "the ferry capsized, killing 12"
    if any(_hazard(p, ctx, w) for prep in children(verb, "prep", "agent") if prep.lower_ in ("in", "by", "during", "after")
           for p in children(prep, "pobj")):
        return True
    return any(_accident(clause, ctx, w) and any(m.lower_ == "when" for m in children(clause, "advmod", "mark"))
               for clause in children(verb, "advcl"))


def _accident(clause, ctx, w) -> bool:
    """A clause that tells an accident: a verb that is one whatever did it ("erupted", "capsized", "overturned"),
    or a verb of an accident whose subject is a hazard or a site of accidents ("a fireworks depot exploded");
    "a bomb exploded", "mortar rounds crashed into the market" are attacks."""
    lemma = clause.lemma_.lower()
    if lemma in w["accident_only_verbs"]:
        return True
    if lemma not in w["accident_verbs"]:
        return False
    subj = next(iter(children(clause, "nsubj")), None)
    if subj is None or any(t.lower_ in w["weapon_words"] or t.lemma_.lower() in w["weapon_words"] for t in subj.subtree):
        return False        # "a truck laden with explosives crashed into the base"
    return any(t.lemma_.lower() in w["accident_marks"] for t in subj.subtree) or _hazard(subj, ctx, w)


def _protasis(d, w) -> bool:
    """ "Rebels will attack the capital if the junta fails to reinstate the president": the condition
    of a threat or an ultimatum did not happen and is not an event of its own."""
    cur = clause_chain(d.anchor)[-1]
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in w["protasis_marks"] for c in cur.children):
        return False
    head = cur.head
    promised = any(c.dep_ == "aux" and c.lower_ in w["threat_auxiliaries"] for t in clause_chain(head) for c in t.children)
    return promised or head.lemma_.lower() in w["threat_verbs"]


def _contest_verb(d, w):
    """The draft's verb when it is one of winning or losing (``contest_verbs``), else None."""
    verb = d.anchor if d.anchor.pos_ in ("VERB", "AUX") else d.trigger
    return verb if verb.lemma_.lower() in w["contest_verbs"] else None


def _electoral_contest(d, w) -> bool:
    """ "the challenger defeated the governor in the 2004 election", "beat the incumbent at the polls", "won the
    runoff": a verb of winning or losing whose setting or object is a vote."""
    verb = _contest_verb(d, w)
    if verb is None:
        return False
    votes = set(w["election_nouns"])
    settings = [p for prep in children(verb, "prep") if prep.lower_ in ("in", "at", "during")
                for p in children(prep, "pobj")]
    return any(t.lemma_.lower() in votes for t in settings + children(verb, "dobj"))


SCORE = re.compile(r"^\d{1,3}[-\u2013]\d{1,3}$")


def _sports_result(d, w) -> bool:
    """ "Argentina beat France 4-2 on penalties", "India beat Sri Lanka by six wickets": a verb of winning or
    losing in a clause that tells a game (``sport_words``, or a score) is a sports result."""
    verb = _contest_verb(d, w)
    if verb is None:
        return False
    sport = set(w["sport_words"])
    return any(SCORE.match(t.text) or t.lemma_.lower() in sport or t.lower_ in sport for t in verb.subtree)


def _fundraising(d, w) -> bool:
    """ "The charity appealed for donations to help flood victims": a REQUEST that names no recipient
    and asks the public for donations, blood or volunteers."""
    if d.category != "REQUEST" or d.recipient or d.trigger.pos_ not in ("VERB", "NOUN"):
        return False
    asked = [t for c in d.trigger.children if c.dep_ in ("dobj", "prep") for t in c.subtree
             if t.dep_ in ("dobj", "pobj")]
    return bool(asked) and asked[0].lower_ in w["fundraising_objects"]


def _concern_at_no_one(d, w) -> bool:
    """ "The EU voiced concern about the rising tension": a noun of concern whose recipient slots found no
    party with a country, IGO or sector."""
    return d.category == "ACCUSE" and d.trigger.pos_ == "NOUN" and d.trigger.lemma_.lower() in w["concern_nouns"] \
        and not any(r.code or r.sector for r in d.recipient)


SPEAKER_PRONOUNS = frozenset({"we", "i", "it", "they"})


def _danger_warning(d, ctx, w) -> bool:
    """ "The central bank warned that inflation could rise": no one is threatened.  A warning stays a
    threat when it names whom it warns ("warned Israel", "warned against any attack"), when what it
    warns of is harm (a hostile verb of the lexicon, "retaliation", "consequences"), or when the
    warned-of act is the speaker's own ("warned it would act")."""
    trig = d.trigger
    if d.category != "THREATEN" or trig.pos_ != "VERB" or trig.lemma_.lower() not in w["warning_verbs"]:
        return False
    if children(trig, "dobj", "dative") or any(p.lower_ == "against" for p in children(trig, "prep")):
        return False
    content = [t for c in trig.children if c.dep_ in ("ccomp", "xcomp", "prep", "advcl") for t in c.subtree]
    if not content:
        return False            # a bare "warned", or a warning told as a quote: nothing to judge by
    lex = ctx.coder.lexicon.by_head
    harm = set(w["commitment_hostile_verbs"]) | set(w["threat_nouns"]) | set(w["hostile_aims"])
    for t in content:
        lemma = t.lemma_.lower()
        pos = "VERB" if t.pos_ == "VERB" else "NOUN" if t.pos_ in ("NOUN", "PROPN") else None
        if lemma in harm or (pos and {e.category for e in lex.get((lemma, pos), [])} & HOSTILE):
            return False
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() not in w["light_predicates"] \
                and _speakers_side(t, d, ctx):
            return False        # "warned it would respond", "warned that police will no longer tolerate ..."
            #                     (not "it is the beginning": a state of things, no act)
    return True


def _speakers_side(subj, d, ctx) -> bool:
    """The subject of the warned-of act is the speaker or its own force."""
    if subj.lower_ in SPEAKER_PRONOUNS:
        return True
    if subj.lower_ in wordlist("actors")["security_anaphors"] and {a.sector for a in d.actor} & {"COP", "MIL"}:
        return True             # a police chief's "officers"
    own = {a.code for a in d.actor if a.code}
    # its own country, or a force or government of no country named
    return any(e.code in own or (e.code is None and e.sector in ("COP", "MIL", "GOV"))
               for e in ctx.resolver.resolve(subj))


# the checks of ``not_an_event``, in the order they are tried, each with the reason a draft is dropped for
CHECKS = (
    (lambda d, ctx, w: _scaffolding(d.trigger, w), NotAnEvent.SCAFFOLDING),
    (lambda d, ctx, w: _consequence(d, w), NotAnEvent.CONSEQUENCE),
    (lambda d, ctx, w: _protasis(d, w), NotAnEvent.PROTASIS),
    (_danger_warning, NotAnEvent.DANGER),
    (lambda d, ctx, w: _fundraising(d, w), NotAnEvent.FUNDRAISING),
    (lambda d, ctx, w: _electoral_contest(d, w), NotAnEvent.ELECTORAL_CONTEST),
    (lambda d, ctx, w: _sports_result(d, w), NotAnEvent.SPORTS_RESULT),
    (lambda d, ctx, w: _concern_at_no_one(d, w), NotAnEvent.CONCERN_AT_NO_ONE),
    (_natural_harm, NotAnEvent.NATURAL_HARM),
)


def not_an_event(d, ctx) -> None:
    """Step: drop scaffolding, consequences, the conditions of threats, warnings of a danger, public
    fundraising, electoral contests and sports results, concern at no one, and disasters and accidents."""
    w = wordlist("events")
    reason = next((why for check, why in CHECKS if check(d, ctx, w)), None)
    if reason is not None:
        d.drop("not_an_event", reason)
