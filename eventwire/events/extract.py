"""Find PLOVER events in a parsed sentence: trigger -> actor, recipient, mode.

The rules, each named in an event's ``why``:
- a trigger is a lexicon entry matched by lemma and part of speech;
- a verb's actor is its subject (passive: the "by" agent; its subject is the
  recipient), climbing through xcomp/advcl/conj when the verb has none;
- a noun's actor is its possessor, or the subject of the verb that governs it
  ("X imposed sanctions on Y"); a noun governed by a verb trigger is folded
  into that verb's event;
- triggers inside the complement of a verbal event (AGREE, REQUEST, REJECT,
  THREATEN, ACCUSE...) are its content, not events ("threatened to attack");
- reciprocal entries (meet, talks) put every party in the actor list;
- visits put the visitor in actor and the host in recipient.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..actors.resolve import ActorResolver
from ..syntax import CLAUSE_HOPS, MAX_CLIMB, conjuncts, infinitival
from ..records import Basis, Entity
from ..wordlists import load as wordlist
from .lexicon import SPELLINGS, Entry, Lexicon
from .modality import words

# word lists: data/words/events.yaml; category groupings: data/words/groupings.yaml
W, G = wordlist("events"), wordlist("groupings")
# a noun event's governing verb whose subject did not do it: acting against it, tying it to another, telling of it
NOT_DOER_VERBS = W["counter_verbs"] | W["sequence_verbs"] | W["witness_verbs"]
SUBJ = ("nsubj", "csubj")
# verbs with no passive: a participle of one is never a reduced passive relative
INTRANSITIVE = W["intransitive_verbs"]
PREMISES = wordlist("actors")["premises_nouns"]
PATIENT_NOUNS = set(wordlist("actors")["patient_event_nouns"])
VIOLENT_NOUNS = frozenset(wordlist("actors")["violent_event_nouns"])
VENUE_NAMED = set(wordlist("actors")["venue_named_nouns"])
CHANNELS = set(wordlist("actors")["channel_names"])
PASS_SUBJ = ("nsubjpass", "csubjpass")
# categories whose clausal complement is their content, not a separate event
GOVERNING = G["governing_categories"]
# verbal conflict: the speaker of a reported threat or accusation is its actor
# where the recipient of a governed act sits: "to hand over to Britain", "to provide aid for Poland"
# "talks on a pullback", "an agreement over the withdrawal": the object of talk is content
TOPIC_PREPS = W["topic_prepositions"]
TALK_CATEGORIES = G["talk_categories"]
# acts done to someone, not said to them: their target may sit in a purpose clause or an object
MATERIAL = G["material_categories"]
COMPLEMENT_SLOTS = ["dative", "to", "for", "with", "against", "on", "dobj"]
SPEECH_ACTS = G["speech_act_categories"]
AGAINST = G["against_categories"]
NOMINAL_DEPS = ("dobj", "nsubj", "nsubjpass", "pobj", "attr")
CLIMB_DEPS = ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acl", "relcl")
NOUN_UP = ("dobj", "pobj", "attr", "oprd", "conj", "appos", "nsubjpass", "npadvmod", "dative", "compound")


@dataclass
class Candidate:
    token: object                 # head token of the trigger
    tokens: list                  # all tokens of the trigger phrase
    entries: list[Entry]          # matching entries, most specific first
    governor: object | None = None  # verb that governs a noun trigger
    suppressed_by: object | None = None
    folded: list = field(default_factory=list)


def find_triggers(sent, lex: Lexicon) -> list[Candidate]:
    cands = []
    for tok in sent:
        pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else tok.pos_
        entries = lex.by_head.get((tok.lemma_.lower(), pos)) or []
        if not entries and tok.pos_ == "AUX" and not _reported_demand(tok):
            continue            # "said the US must be ready to mediate": a copula can carry a demand
        if entries and _names_a_kind(tok, lex):
            continue            # "riot police", "a carrier strike group": a kind of thing, not an act
        # "lodged a protest note": a trigger that modifies a bundle noun stands where the bundle does
        slot = tok.head if tok.dep_ == "compound" and tok.head.lemma_.lower() in BUNDLES else tok
        ok = []
        phrase_tokens = {}
        for e in entries:
            toks = _match_phrase(tok, e.words)
            if toks is None:
                continue
            if e.with_ and not _has_particle(tok, e.with_):
                continue
            if e.object and not any(c.dep_ in ("dobj", "nsubjpass") and _object_heads(c) & set(e.object)
                                    for c in tok.children):
                continue
            if e.governor and not (slot.dep_ in GOVERNED_DEPS and
                                   _governing_verb(tok) is not None and
                                   (_governing_verb(tok).lemma_.lower() in e.governor or _decreed(tok))) \
                    and not _victims_setting(tok, e):
                continue
            ok.append(e)
            phrase_tokens[id(e)] = toks
        if _reported_demand(tok):
            # the demanded action is the content of the demand, not an event of its own
            cands.append(Candidate(tok, [_modal(tok)], [REPORTED_DEMAND]))
        elif ok:
            cands.append(Candidate(tok, phrase_tokens[id(ok[0])], ok))
    return cands


# "suspended part of the aid", "lifted some of the sanctions": the share names the thing
PARTITIVES = W["partitives"] | W["group_nouns"]
BUNDLES = W["bundle_nouns"]
GOVERNED_DEPS = ("dobj", "nsubjpass", "pobj", "conj")
FORCE_SECTORS = frozenset({"MIL", "COP", "REB"})     # armed forces, police, rebels: what a mobilisation moves


def _names_a_kind(tok, lex: Lexicon) -> bool:
    """A trigger noun that modifies another noun which is neither a trigger nor a bundle of acts
    (``bundle_nouns``): "riot police", "the withdrawal zone", "aid workers" name kinds of things."""
    head = tok.head
    return tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN") and head.pos_ in ("NOUN", "PROPN") \
        and head.i > tok.i and head.lemma_.lower() not in BUNDLES and not lex.by_head.get((head.lemma_.lower(), "NOUN"))


def _object_heads(obj) -> set[str]:
    """The lemmas an object check reads: the head, through a partitive or group "of" ("part of an aid
    program" -> program, "a team of doctors" -> doctor), and the head's compound modifiers ("aid
    program" -> aid)."""
    heads = [obj]
    if obj.lemma_.lower() in PARTITIVES:
        heads += [p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for p in prep.children if p.dep_ == "pobj"]
    out = {h.lemma_.lower() for h in heads}
    if any(h.ent_type_ == "PERSON" for h in heads):
        out.add("person")           # "released Prime Minister Mahendra Chaudhry": a named person
    out |= {c.lemma_.lower() for h in heads[1:] for c in h.children if c.dep_ == "compound"}
    if obj.lemma_.lower() in BUNDLES:        # "adopted a sanctions package" -> sanction
        out |= {c.lemma_.lower() for c in obj.children if c.dep_ == "compound" and c.i < obj.i}
    if obj.pos_ == "PROPN":             # "summoned Ambassador Kelin": the title before a name
        out |= {c.lemma_.lower() for c in obj.children if c.dep_ == "compound" and c.i < obj.i}
    return out


# "The Bush administration declared that China must drop barriers": a demand by the speaker
REPORTED_DEMAND = Entry(category="REQUEST", lemma="must", pos="AUX", cameo="100", recipient=[],
                        rule="reported-demand (speaker says another party must act)")


def _modal(tok):
    return next(c for c in tok.children if c.dep_ == "aux" and c.lower_ in words()["demand_modals"])


def _reported_demand(tok) -> bool:
    w = words()
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ != "ccomp" or tok.head.lemma_ not in w["speech_verbs"]:
        return False
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in W["demand_thing_subjects"]:
        return False                    # "the agreement should ensure ...": what a text must do, asked of no one
    return any(c.dep_ == "aux" and c.lower_ in w["demand_modals"] for c in tok.children)


def _match_phrase(tok, phrase):
    if len(phrase) == 1:
        return [tok]
    doc = tok.doc
    start = tok.i - len(phrase) + 1
    if start < tok.sent.start:
        return None
    toks = [doc[i] for i in range(start, tok.i + 1)]
    if all(t.lemma_.lower() == w or t.lower_ == w for t, w in zip(toks, phrase)):
        return toks
    return _modified_noun(tok, phrase)


NOUN_MODIFIER_DEPS = ("amod", "compound", "nmod")


def _modified_noun(tok, phrase):
    """"joint counterterrorism exercises" is the entry "joint exercise": a noun phrase whose other words
    are modifiers in the head noun's phrase, in order, with other modifiers between them ("joint air and
    naval exercises")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    mods = [t for t in tok.doc[tok.left_edge.i: tok.i] if t.dep_ in NOUN_MODIFIER_DEPS]
    out, i = [], 0
    for w in phrase[:-1]:
        while i < len(mods) and not (mods[i].lemma_.lower() == w or mods[i].lower_ == w):
            i += 1
        if i == len(mods):
            return None
        out.append(mods[i])
        i += 1
    return out + [tok]


def _has_particle(tok, word) -> bool:
    w = {word.lower(), SPELLINGS.get(word.lower(), word.lower())}        # "toward" is also "towards"
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "agent", "dative", "advmod") and c.lower_ in w:
            return True
    # "called on Iran" may attach "on" to the object
    for c in tok.children:
        if c.dep_ == "dobj":
            for cc in c.children:
                if cc.dep_ == "prep" and cc.lower_ in w:
                    return True
    return False


def _governing_verb(noun):
    """The verb a noun trigger is an argument of ("lodged formal protests" -> lodged)."""
    cur = noun
    for _ in range(MAX_CLIMB):
        if cur.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "dative", "npadvmod"):
            return cur.head if cur.head.pos_ in ("VERB", "AUX") else None
        if cur.dep_ == "pobj":
            prep = cur.head
            if prep.head.pos_ in ("VERB", "AUX"):
                return prep.head
            cur = prep.head          # "the possibility of a military response": keep climbing
            continue
        if cur.dep_ in ("conj", "appos", "compound"):
            cur = cur.head
            continue
        return None
    return None


def _victims_setting(noun, entry) -> bool:
    """ "Five people died in a Russian missile attack", "Ukraine lost 12 soldiers in an Azerbaijani
    raid": an armed act told from its victims' side, as the setting of a verb of dying or loss that is no
    event of its own, happened; it is an event when its perpetrator is named on it (a nationality, a
    possessor, a "by" phrase)."""
    if noun.lemma_.lower() not in VIOLENT_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "during"):
        return False
    verb = noun.head.head
    if verb.lemma_.lower() not in W["victim_verbs"]:
        return False
    return any(c.dep_ in ("amod", "compound", "poss") and c.i < noun.i and (c.ent_type_ in ("NORP", "GPE", "ORG")
                                                                            or c.pos_ == "PROPN")
               for c in noun.children) or \
        any(c.dep_ == "prep" and c.lower_ == "by" for c in noun.children)


def _in_circumstance(noun) -> bool:
    """The noun is the object of a preposition of cause or setting ("amid protests", "over the arrests")."""
    cur = noun
    while cur.dep_ in ("conj", "appos", "compound") and cur.head != cur:
        cur = cur.head
    return cur.dep_ == "pobj" and cur.head.lower_ in W["circumstance_preps"]


def never_party(tok) -> bool:
    """A time, a number or an abstract noun ("[local time]", "the decision"): never an event's party."""
    A = wordlist("actors")
    return tok.ent_type_ in A["non_actor_entity_labels"] or tok.lemma_.lower() in A["never_party_nouns"]


def subject_of(verb, depth: int = 0):
    """(subject token, passive?) for a verb, climbing to governing clauses when it has none."""
    subjects = [c for c in verb.children if c.dep_ in SUBJ]
    for c in verb.children:
        if c.dep_ in SUBJ:
            if len(subjects) > 1:
                # "At 00:05 [local time] on Tuesday, Azerbaijan launched": of two subjects the parser gives
                # a verb, a time or an abstract noun is not the real one
                c = next((x for x in subjects if not never_party(x)), c)
            if c.tag_ == "VBG" or c.pos_ in ("CCONJ", "SCONJ", "ADP"):
                # "The Red Cross operating in Iraq said": a participle parsed as the subject, with the
                # real subject hanging on it (so too "G7 leaders minus Trump vowed", "minus" the subject)
                inner = next((g for g in c.children if g.dep_ in SUBJ and g.pos_ in ("NOUN", "PROPN")), None)
                if inner is not None:
                    return inner, False
            return c, False
        if c.dep_ in PASS_SUBJ:
            return c, True
    if depth > 5 or verb.head == verb:
        return None, False
    if verb.dep_ == "relcl":
        return verb.head, False          # "the rebels who attacked": the noun is the subject
    if verb.dep_ == "acl":
        # "thousands of people protested in Belgrade" misparsed as a reduced relative: a finite
        # past-tense verb cannot be a participle, so the noun it hangs on is its subject
        # a participle with a direct object is active too ("airstrikes killed 30 people")
        # and so is one that has no passive ("people protested in Belgrade")
        # ("the EU's chief, Kaja Kallas, called on Russia to withdraw": a clausal complement too)
        active = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (any(c.dep_ in ("dobj", "xcomp") for c in verb.children)
                                                               or verb.lemma_.lower() in INTRANSITIVE))
        if active and verb.head.pos_ in ("NOUN", "PROPN", "NUM") and verb.head.dep_ in ("ROOT", "nsubj", "dep"):
            return verb.head, False
        if verb.tag_ == "VBG" and (verb.head.lemma_.lower() in words()["document_nouns"] or
                                   verb.head.lemma_.lower() in W["act_nouns"]) \
                and verb.head.dep_ in ("dobj", "pobj") and verb.head.head.pos_ in ("VERB", "AUX", "ADP"):
            # "issued a declaration demanding that ...": the document's author speaks; "broke up a march
            # arresting 12": a march arrests no one, the participle is the breaking up's
            gov = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
            return subject_of(gov, depth + 1)
        return None, False
    if verb.dep_ in CLIMB_DEPS or (verb.dep_ == "pobj" and verb.head.dep_ == "prep"):
        head = verb.head if verb.dep_ != "pobj" else verb.head.head
        if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.dep_ == "prep":
            if head.lower_ in ("for", "of") and head.head.pos_ == "VERB":
                # "deported 168 Liberians for traveling without papers": the reason is the object's deed
                obj = next((c for c in head.head.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj, False
            head = head.head       # "resorted to throwing stones", "by blocking roads": the clause's verb
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod", "xcomp") and head.head != head:
            head = head.head       # "Norway is willing to send": the copula's subject
        if head.pos_ in ("VERB", "AUX"):
            # object control: "urged Iran to stop" -> the object is the subject of the complement
            if verb.dep_ == "xcomp":
                for c in head.children:
                    if c.dep_ == "dobj":
                        return c, False
            subj, is_pass = subject_of(head, depth + 1)
            if verb.dep_ == "xcomp":
                # raising: "he is scheduled to hold a summit" -> he holds it
                is_pass = False
            return subj, is_pass
        if head.pos_ in ("NOUN", "PROPN"):
            return None, False
    return None, False


def passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def slot_tokens(tok, slot: str) -> list:
    """Tokens filling a recipient slot (dobj, dative, or a preposition word)."""
    out = []
    for c in tok.children:
        if slot == "dobj" and c.dep_ == "dobj":
            out.append(c)
        elif slot == "dative" and c.dep_ == "dative" and c.pos_ != "ADP":
            out.append(c)
        elif c.dep_ in ("prep", "dative", "agent") and c.lower_ == slot:
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if not objs:
                # "fired tear gas at students marching to the ministry": the object read as the subject
                # of a gerund clause that the preposition governs
                objs = [n for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG" for n in g.children
                        if n.dep_ == "nsubj" and n.i < g.i]
            if not objs:
                # "granted asylum to five officers holed up in ...": the object read as the subject of
                # a reduced relative clause that follows the bare preposition
                objs = [n for cl in tok.children if cl.dep_ in ("advcl", "ccomp") for n in cl.children
                        if n.dep_ == "nsubj" and n.left_edge.i == c.i + 1]
            out.extend(objs)
    if not out and slot == "dobj" and tok.pos_ == "VERB":
        # "allowed candidate Ouattara to participate": the parser may make the object the subject
        # of an infinitive complement
        for c in tok.children:
            if c.dep_ == "ccomp" and infinitival(c):
                out.extend(s for s in c.children if s.dep_ == "nsubj" and s.i > tok.i)
            # "kidnapped up to 16 Russian advisers": a quantity read as a particle and a preposition
            if c.dep_ in ("prt", "prep", "advmod") and c.lower_ == "up":
                out.extend(p for to in c.children if to.dep_ == "prep" and to.lower_ == "to"
                           for p in to.children if p.dep_ == "pobj" and any(n.dep_ == "nummod" for n in p.children))
    if not out and slot not in ("dobj", "dative") and tok.pos_ == "VERB":
        # "shared evidence with the U.S.": the parser may hang the preposition on the object
        for d in tok.children:
            if d.dep_ == "dobj":
                for c in d.children:
                    if c.dep_ == "prep" and c.lower_ == slot:
                        out.extend(p for p in c.children if p.dep_ == "pobj")
    if not out and slot not in ("dobj", "dative"):
        # "$2 billion of military support, including drones and helicopters, for Ukraine": the parser
        # hangs the slot on the last item of an inserted list
        for inc in tok.children:
            if inc.dep_ == "prep" and inc.lower_ in ("including", "like"):
                items = [p for p in inc.children if p.dep_ == "pobj"]
                for item in items + [c for i in items for c in conjuncts(i)]:
                    out.extend(p for c in item.children if c.dep_ == "prep" and c.lower_ == slot
                               for p in c.children if p.dep_ == "pobj")
    return out


def agent_of(verb):
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


@dataclass
class Arguments:
    actor: list[Entity]
    recipient: list[Entity]
    rule: str
    anchor: object        # the verb (or noun) whose clause carries tense, modality and time
    actor_tok: object | None = None


def arguments(cand: Candidate, entry: Entry, res: ActorResolver) -> Arguments:
    tok = cand.token
    if entry is REPORTED_DEMAND:
        speaker, _ = subject_of(tok.head)
        target, _ = subject_of(tok)
        actor = res.resolve(speaker) if speaker is not None else []
        recipient = res.resolve(target) if target is not None and target.head == tok else []
        return Arguments(actor, recipient, "speaker of the reported clause is actor; its subject is recipient",
                         tok.head, speaker)
    # a gerund in a noun's place ("launched intensive shelling against ..."), with no object of its own,
    # takes its parties as a noun does
    verbal = tok.pos_ == "VERB" and not (tok.dep_ in NOMINAL_DEPS and (entry.pos == "NOUN" or tok.tag_ == "VBG")
                                         and not any(c.dep_ == "dobj" for c in tok.children))
    args = _verb_arguments(tok, entry, res) if verbal else _noun_arguments(cand, entry, res)
    if entry.category == "ACCUSE" and args.recipient and all(r.sector == "IGO" for r in args.recipient):
        _accused_before_forum(args, tok, res)
    return args


# "complained to the United Nations over Israeli air raids": the forum hears the complaint,
# the party it is about is the one accused
GRIEVANCE_PREPS = W["grievance_prepositions"]
def _accused_before_forum(args: Arguments, tok, res: ActorResolver) -> None:
    actor_codes = {a.code for a in args.actor if a.code}
    heads = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
    if tok.dep_ == "dobj":
        heads.append(tok.head)          # "lodged a complaint with the UN against India"
    # the parser may hang the grievance on the forum itself
    heads += [p for h in list(heads) for c in h.children if c.dep_ == "prep" and c.lower_ in ("to", "with")
              for p in c.children if p.dep_ == "pobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ not in GRIEVANCE_PREPS:
                continue
            toks = [p for p in c.children if p.dep_ == "pobj"]
            ents = [e for e in _resolve_all(res, toks) if e.code and e.code not in actor_codes]
            how = ""
            if not ents:
                got, how = _inside(res, toks)
                ents = [e for e in got if e.code and e.code not in actor_codes]
            if ents and all(e.sector != "IGO" for e in ents):
                args.recipient = ents
                args.rule += f"; recipient: the party the complaint to a forum is about ('{c.lower_}'{how})"
                return


def _resolve_all(res, toks) -> list[Entity]:
    """Each token's parties, once each: the tokens of one name ("al", "Shabaab" of "an al-Shabaab cache")
    resolve to the one mention."""
    out, seen = [], set()
    for t in toks:
        for e in res.resolve(t):
            key = (e.start, e.end, e.code, e.sector)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def _recipients(res, tok, slots, exclude=()) -> tuple[list[Entity], str | None]:
    for slot in slots:
        toks = [t for t in slot_tokens(tok, slot) if t not in exclude]
        ents = _resolve_all(res, toks)
        if ents:
            return ents, f"recipient via {slot}"
        ents, how = _inside(res, toks)
        if ents:
            return ents, f"recipient via {slot}{how}"
    return [], None


def _inside(res, toks) -> tuple[list[Entity], str]:
    """Parties inside a non-actor noun phrase.

    "rejected a Senegalese peace plan", "welcomed Reagan's statement", "agreed to US mediation":
    the owner of the noun; "on some rare-earth elements to Japan", "a camp for Congolese
    refugees": one level into the phrase's prepositions.
    """
    for t in toks:
        if t.pos_ != "NOUN":
            continue
        # "its dairy sector" is the actor's own: possessive pronouns are not owners here; nor is the
        # possessor of what was done to someone ("denounced Navalny's arrest": he is not the target)
        patient = t.lemma_.lower() in PATIENT_NOUNS
        owners = [c for c in t.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < t.i
                  and c.pos_ != "PRON" and not (patient and c.dep_ == "poss")]
        ents = [e for e in _resolve_all(res, owners) if e.code]
        if t.lemma_.lower() in VENUE_NAMED or t.lower_ in VENUE_NAMED:
            # "the Paris climate agreement", "the Vienna nuclear deal": a capital names the venue
            ents = [e for e in ents if e.first_basis not in (Basis.CAPITAL, Basis.SEAT)]
        if not ents:
            # "raided the opposition campaign headquarters": a group named by its role owns it too
            # (of a building, the role may sit one compound further in, "opposition" of "campaign
            # headquarters", or be an adjective, "stormed the presidential palace")
            roles = [o for o in owners if o.pos_ == "NOUN"]
            if t.lemma_.lower() in PREMISES or t.lower_ in PREMISES:
                roles = [g for o in owners if o.dep_ in ("compound", "amod") for g in o.subtree
                         if g.pos_ in ("NOUN", "ADJ") and g.dep_ in ("compound", "amod")]
            ents = [e for e in _resolve_all(res, roles) if e.sector]
        if ents:
            return ents, f": owner of {t.text!r}"
    for t in toks:
        if t.lemma_.lower() in W["mediation_nouns"] or t.lemma_.lower() in PATIENT_NOUNS:
            # "agreed, with mediation from the UN and Turkey, to ...": a go-between, not the other side;
            # "condemned the arrest of the spokesman": the one it was done to, not who did it
            continue
        for sub in t.children:
            if sub.dep_ == "prep" and sub.lower_ in ("to", "against", "on", "from", "of", "with", "for"):
                ents = _resolve_all(res, [p for p in sub.children if p.dep_ == "pobj"])
                if ents:
                    return ents, f" -> {sub.lower_}"
    return [], ""


def _armed_act_agent(verb, res: ActorResolver) -> list[Entity]:
    """ "two shepherds were killed in an Israeli strike": the nationality of the armed act the passive
    happened in is its actor (the resolver's event-noun rule reads it)."""
    acts = wordlist("actors")["violent_event_nouns"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during", "by"):
            for p in prep.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in acts:
                    ents = res.resolve(p)
                    if ents and all(Basis.EVENT_NOUN_AGENT in e.basis for e in ents):
                        return ents
    return []


# acts with a doer of their own: a "by" phrase on one of these is that act's agent
ACT_NOUNS = VIOLENT_NOUNS | PATIENT_NOUNS


def _stranded_agent(verb):
    """ "was accused of corruption by Kenyan prosecutors", "accused of embezzling funds by auditors": the
    parser hangs the passive's "by" on the complement of its preposition; it is the verb's agent unless
    that complement is an act with a doer of its own ("condemned for the killing of civilians by soldiers")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ == "by":
            continue
        for o in prep.children:
            if o.dep_ not in ("pobj", "pcomp") or (o.pos_ == "NOUN" and o.lemma_.lower() in ACT_NOUNS):
                continue
            for b in o.children:
                if b.dep_ == "prep" and b.lower_ == "by":
                    for p in b.children:
                        if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN") and p.tag_ != "VBG":
                            return p
    return None


def _verb_arguments(verb, entry: Entry, res: ActorResolver) -> Arguments:
    actor: list[Entity] = []
    recipient: list[Entity] = []
    rules = []
    subj, is_pass = subject_of(verb)
    stative = (passive(verb) or verb.dep_ == "acomp") and verb.lemma_.lower() in words()["stative_passives"] \
        and agent_of(verb) is None
    if stative and verb.dep_ == "acomp":
        subj, is_pass = subject_of(verb.head)       # "Greece is opposed to": the copula's subject
    # the passive's agent: its "by" phrase, or one the parser hung on the verb's complement
    pass_agent = (agent_of(verb) or _stranded_agent(verb)) if passive(verb) and is_pass else None
    if passive(verb) and is_pass and subj is not None and subj.head == verb and not stative:
        ag = agent_of(verb)
        if ag is not None:
            actor = res.resolve(ag)
            rules.append("passive: actor from 'by' agent")
        else:
            actor = _armed_act_agent(verb, res)
            if actor:
                rules.append("passive: actor is the perpetrator of the armed act it happened in")
            elif pass_agent is not None:              # (no "by" agent of its own: the stranded one)
                actor = res.resolve(pass_agent)
                rules.append("passive: actor from a 'by' agent the parser hung on the verb's complement")
        recipient = res.resolve(subj)
        rules.append("passive: subject is recipient")
        if not recipient:
            # "a camp for Congolese refugees was attacked": the party inside the subject phrase
            recipient, how = _inside(res, [subj])
            if recipient:
                rules.append("recipient inside the passive subject" + how)
        if entry.reciprocal and recipient and not actor:
            actor, recipient = recipient, []
            rules.append("reciprocal passive")
        elif entry.category == "MOBILIZE" and not actor and any(e.sector in FORCE_SECTORS for e in recipient):
            # "5,000 riot police were deployed around the capital": the forces moved are the mobilisation's
            # actor; where they go is its recipient
            actor = recipient
            recipient, how = _recipients(res, verb, entry.recipient or [], exclude=[subj])
            rules.append("passive: the forces moved are the actor" + (f"; {how}" if how else ""))
    else:
        if subj is not None:
            actor = res.resolve(subj)
            rules.append("actor from subject" + ("" if subj.head == verb else f" of {subj.head.text!r}"))
        slots = entry.recipient or ["dobj"]
        if entry.visit:
            slots = list(dict.fromkeys(slots + ["dobj", "to", "in"]))
        if stative:
            slots = ["to"]
            rules.append(f"stative passive: '{verb.text} to' states the subject's stance")
        recipient, how = _recipients(res, verb, slots, exclude=[subj] if subj is not None else [])
        if not recipient and entry.category in GOVERNING:
            # "offered to hand over the suspects to Britain", "promised to continue aid to Mozambique":
            # a governing verb takes the recipient of the act it governs
            for comp in verb.children:
                if comp.dep_ == "xcomp" and comp.pos_ in ("VERB", "AUX"):
                    recipient, how = _recipients(res, comp, COMPLEMENT_SLOTS,
                                                 exclude=[subj] if subj is not None else [])
                    if how:
                        how = f"{how} of the governed verb {comp.text!r}"
                        break
        if not recipient and entry.category in MATERIAL:
            recipient, how = _purpose_object(res, verb, subj)
        if how:
            rules.append(how)
    return Arguments(actor, recipient, "; ".join(rules) or "no arguments", verb,
                     subj if not (passive(verb) and is_pass) else pass_agent)


def _purpose_object(res, verb, subj) -> tuple[list[Entity], str | None]:
    """"opened fire to disperse demonstrators", "used tear gas to break up the march": the object of
    the purpose clause is who the act lands on."""
    # "used tear gas in an attempt to disperse the demonstrators": the clause may hang on an aim noun
    holders = [verb] + [a for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "as")
                        for a in c.children if a.dep_ == "pobj" and a.lemma_.lower() in W["purpose_nouns"]]
    for comp in (c for h in holders for c in h.children):
        if comp.dep_ in ("advcl", "xcomp", "acl") and infinitival(comp):
            recipient, how = _recipients(res, comp, ["dobj"], exclude=[subj] if subj is not None else [])
            if how:
                return recipient, f"{how} of the purpose clause {comp.text!r}"
    # "mobilized reservists for a possible war against Iraq": the aim names the enemy
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            for aim in c.children:
                if aim.dep_ == "pobj" and aim.lemma_.lower() in HOSTILE_AIMS:
                    recipient, how = _recipients(res, aim, ["against", "on", "with"],
                                                 exclude=[subj] if subj is not None else [])
                    if how:
                        return recipient, f"{how} of the aim {aim.text!r}"
    return [], None


HOSTILE_AIMS = W["hostile_aims"]
def _noun_arguments(cand: Candidate, entry: Entry, res: ActorResolver) -> Arguments:
    """A noun trigger's parties: its possessor, modifier or "by"/"from" phrase, else its governing verb's."""
    actor, actor_tok, rules, gov, anchor = _noun_actor(cand, entry, res)
    recipient = _noun_recipient(cand, entry, res, gov, actor_tok, rules)
    return Arguments(actor, recipient, "; ".join(rules) or "no arguments", anchor, actor_tok)


def _noun_actor(cand: Candidate, entry: Entry, res: ActorResolver):
    noun = cand.token
    rules = []
    actor: list[Entity] = []
    recipient: list[Entity] = []
    actor_tok = None
    # "a women's protest march": a trigger that is a compound of its phrase's head shares the head's possessor
    owners = list(noun.children) + (list(noun.head.children) if noun.dep_ == "compound" else [])
    for c in owners:
        if c.dep_ == "poss":
            actor = res.resolve(c)
            actor_tok = c
            if actor:
                rules.append("actor from possessive")
    if not actor:
        for c in noun.children:
            # "a warning from Moscow" names the actor; "the withdrawal from Haiti" names the recipient
            if c.dep_ == "prep" and (c.lower_ == "by" or (c.lower_ == "from" and "from" not in (entry.recipient or ())) or
                                     (entry.reciprocal and c.lower_ in ("between", "among"))):
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                actor = _resolve_all(res, pobj)
                if actor:
                    actor_tok = pobj[0]
                    rules.append(f"actor from '{c.lower_}' phrase")
                    break
    if not actor and not entry.visit:
        # "Russian air strikes", "U.S. sanctions": a nationality or country modifier is the actor
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and c not in cand.tokens:
                ents = res.resolve(c, expand_conj=False)
                if ents and ents[0].code:
                    actor = ents
                    actor_tok = c
                    rules.append("actor from modifier")
                    break
    gov = _governing_verb(noun)
    anchor = gov if gov is not None else noun
    if not actor and gov is not None and noun.dep_ != "nsubjpass" and gov.lemma_.lower() not in NOT_DOER_VERBS \
            and not _in_circumstance(noun):
        # ("officers broke up a protest march": who acts against the event did not hold it; "police fired
        # tear gas amid protests": nor did the subject of a clause the event is the setting or cause of)
        subj, is_pass = subject_of(gov)
        if subj is not None and subj != noun and not is_pass:
            actor = res.resolve(subj)
            actor_tok = subj
            if actor:
                rules.append(f"actor from subject of governing verb {gov.text!r}")
        elif is_pass and subj is not None and subj != noun:
            ag = agent_of(gov)
            if ag is not None:
                actor = res.resolve(ag)
                actor_tok = ag
                rules.append("actor from 'by' agent of governing verb")
    if not actor and gov is not None and entry.category in SPEECH_ACTS:
        # "X told parliament that ... could constitute a threat, raising the possibility of a military
        # response": a threat or accusation stated in reported speech is the speaker's act
        cur = gov
        for _ in range(CLAUSE_HOPS):
            if cur.dep_ not in ("ccomp", "advcl", "conj", "xcomp") or cur.head == cur:
                break
            cur = cur.head
            subj, is_pass = subject_of(cur)
            if subj is not None and not is_pass:
                actor = res.resolve(subj)
                if actor:
                    actor_tok = subj
                    rules.append(f"actor is the speaker, subject of {cur.text!r}")
                    break
    if not actor and noun.dep_ in ("nsubj",) and noun.head.pos_ in ("VERB", "AUX"):
        anchor = noun.head
    return actor, actor_tok, rules, gov, anchor


def _noun_recipient(cand: Candidate, entry: Entry, res: ActorResolver, gov, actor_tok, rules: list) -> list[Entity]:
    noun = cand.token
    recipient: list[Entity] = []
    slots = entry.recipient or ["against", "on", "to", "with"]
    if entry.visit:
        slots = list(dict.fromkeys(slots + ["to", "in"]))
        for c in noun.children:
            if c.dep_ == "compound" and c.i < noun.i and c not in cand.tokens:
                ents = res.resolve(c, expand_conj=False)
                if ents and ents[0].code:
                    recipient = ents
                    rules.append("host from compound ('Japan visit')")
    if not recipient:
        recipient, how = _recipients(res, noun, slots)
        if how:
            rules.append(how)
    if not recipient:
        # "the withdrawal of invasion forces from Panama", "delivery of grain to Afghanistan": the
        # slot hangs on the noun's "of" object
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for obj in c.children:
                    if obj.dep_ == "pobj" and not recipient:
                        recipient, how = _recipients(res, obj, [s for s in slots if s not in ("dobj", "of")])
                        if how:
                            rules.append(how + f" of {obj.text!r}")
    if not recipient and gov is not None:
        gov_slots = [s for s in slots if s != "dobj"] + (["against"] if entry.category in AGAINST else [])
        recipient, how = _recipients(res, gov, list(dict.fromkeys(gov_slots)), exclude=[noun])
        if how:
            rules.append(how + " of governing verb")
    if not recipient and gov is not None and entry.category in MATERIAL:
        recipient, how = _purpose_object(res, gov, actor_tok)
        if how:
            rules.append(how)
    if not recipient and gov is not None and noun.dep_ != "dobj" and entry.category in MATERIAL:
        # "holding thousands of refugees as human shields": the governing verb's object is the target
        recipient, how = _recipients(res, gov, ["dobj"], exclude=[noun] + ([actor_tok] if actor_tok is not None else []))
        if how:
            rules.append(how + " of governing verb")
    return recipient


def _complement_owner(c: Candidate, by_tok: dict):
    """The candidate whose content ``c`` is: the verbal event whose complement, purpose or object's
    clause holds it (climbing clause by clause), or None."""
    cur = c.token
    for _ in range(MAX_CLIMB):
        if cur.head == cur:
            break
        dep, below = cur.dep_, cur
        cur = cur.head
        governing = cur.i in by_tok and by_tok[cur.i] is not c and by_tok[cur.i].entries[0].category in GOVERNING
        if governing and (dep in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "acomp") or
                          # "began a hunger strike to protest the verdict": the protest's purpose is its content;
                          # so is the purpose of a speech act ("summoned the ambassador to warn him of ...")
                          (dep == "advcl" and (by_tok[cur.i].entries[0].category == "PROTEST" or (
                              by_tok[cur.i].entries[0].category in SPEECH_ACTS
                              and infinitival(below))))):
            return by_tok[cur.i]
        if dep in ("xcomp", "advcl") and cur.i in by_tok and by_tok[cur.i] is not c \
                and by_tok[cur.i].entries[0].category == "MOBILIZE" and cur.lemma_.lower() in W["deployment_verbs"] \
                and c.entries[0].category in G["deployment_aims"] \
                and infinitival(below):
            # "deployed to support the police", "sent troops to secure the border": the aim of a
            # material act is part of it, not an event of its own
            return by_tok[cur.i]
        if dep == "advcl" and below.tag_ == "VBG" and cur.i in by_tok and by_tok[cur.i] is not c \
                and by_tok[cur.i].entries[0].category == "ACCUSE" \
                and not any(x.dep_ in SUBJ for x in below.children) and any(x.dep_ == "conj" for x in below.children) \
                and any(t.dep_ == "prep" and t.lower_ in ("of", "for") and t.i < below.i for t in cur.subtree):
            # "accuse the army of summary executions, torching villages and using air strikes": the
            # parser hangs the list's gerunds on the verb; they are the accused acts, not events ("accused the
            # protesters of rioting, arresting 40": one gerund, no list, may be the accuser's own act)
            return by_tok[cur.i]
        if dep == "advcl" and c.entries[0].category in ("ACCUSE", "PROTEST", "REQUEST"):
            # "began a hunger strike to protest the verdict": a purpose clause under a verb whose
            # object is a PROTEST trigger is that protest's content
            owner = next((by_tok[o.i] for o in cur.children if o.dep_ == "dobj" and o.i in by_tok
                          and by_tok[o.i] is not c and by_tok[o.i].entries[0].category == "PROTEST"), None)
            if owner is not None:
                return owner
        if dep == "ccomp":
            # "reiterated its demand that Israel ease restrictions": the clause is the noun's content
            owner = next((by_tok[o.i] for o in cur.children if o.dep_ == "dobj" and o.i in by_tok
                          and by_tok[o.i] is not c and by_tok[o.i].entries[0].category in GOVERNING), None)
            if owner is not None:
                return owner
        # a conjunct shares its first conjunct's place: "asked Belgrade to free the policemen and
        # withdraw its troops", "accused the army of torching homes and shelling villages" (climb on)
        if dep in ("relcl", "advcl", "ROOT") and not (
                # "blocked a joint call to pressure Iran": an infinitive on a noun is that noun's content
                dep == "relcl" and infinitival(below)):
            break
    return None


def _decreed(noun) -> bool:
    """ "ordered a trade embargo", "decreed a curfew": the noun is the direct object of a verb of decree."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in W["decree_verbs"]


def _instrument_decides(noun: Candidate, verb: Candidate) -> bool:
    """ "hit Russia with new sanctions": a blow dealt *with* an instrument of another category is that
    instrument's act, when the instrument's entry names the verb as its governor (SANCTION, not ASSAULT)."""
    tok = noun.token
    return verb.entries[0].category == "ASSAULT" and noun.entries[0].category != "ASSAULT" \
        and tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head == verb.token \
        and any(e.governor and verb.token.lemma_.lower() in e.governor for e in noun.entries)


def suppress(cands: list[Candidate]) -> list[Candidate]:
    """Fold nouns into governing verb triggers and drop complements of verbal events."""
    by_tok = {c.token.i: c for c in cands}
    # "X said Y must ensure security to allow aid to reach ...": all that Y must do is the demand's content
    for d in cands:
        if d.entries and d.entries[0] is REPORTED_DEMAND:
            subj = {t.i for c in d.token.children if c.dep_ in SUBJ + PASS_SUBJ for t in c.subtree}
            inside = {t.i for t in d.token.subtree} - subj - {d.token.i}
            for c in cands:
                if c is not d and c.token.i in inside and c.suppressed_by is None:
                    c.suppressed_by = d
                    d.folded.append(c)
    for c in cands:
        tok = c.token
        if tok.pos_ in ("NOUN", "PROPN"):
            gov = _governing_verb(tok)
            c.governor = gov
            head = by_tok.get(tok.head.i)
            if tok.dep_ in ("nsubj", "nsubjpass") and head is not None and head is not c \
                    and head.entries[0].category == c.entries[0].category:
                # "Israeli airstrikes killed 30 people": the weapon noun is the verb's actor, one event
                c.suppressed_by = head
                head.folded.append(c)
                continue
            if gov is not None and gov.i in by_tok and by_tok[gov.i] is not c:
                verb = by_tok[gov.i]
                if _instrument_decides(c, verb) or (_decreed(tok) and verb.token == tok.head):
                    verb.suppressed_by = c
                    c.folded.append(verb)
                    continue
                c.suppressed_by = verb
                verb.folded.append(c)
                continue
        # complements of verbal categories are their content
        owner = _complement_owner(c, by_tok)
        if owner is not None:
            c.suppressed_by = owner
            owner.folded.append(c)
    for c in cands:
        tok = c.token
        topic = None
        if tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS:
            host = tok.head.head        # the talk noun, or the verb whose object it is ("renewed talks on")
            topic = by_tok.get(host.i) or next((by_tok[o.i] for o in host.children
                                               if o.dep_ == "dobj" and o.i in by_tok), None)
        if c.suppressed_by is None and topic is not None and topic is not c and topic.token.pos_ == "NOUN" \
                and topic.entries[0].category in TALK_CATEGORIES:
            # "renewed negotiations on an Israeli troop pullback": the pullback is what the talks are about
            c.suppressed_by = topic
            topic.folded.append(c)
    for c in cands:
        tok = c.token
        while tok.dep_ == "conj" and tok.head.tag_ == "VBG":      # "killing or wounding 50"
            tok = tok.head
        if c.suppressed_by is not None or tok.dep_ != "advcl" or tok.tag_ != "VBG" \
                or c.entries[0].category != "ASSAULT":
            continue
        # "shelled Juba, killing about 20 people", "launched rocket fire against the camps, killing 50":
        # the deaths are the attack's outcome, one event with the attack
        attack = next((d for d in cands if d is not c and d.suppressed_by is None
                       and d.entries[0].category == "ASSAULT" and (d.token == tok.head or d.governor == tok.head)),
                      None)
        if attack is not None:
            c.suppressed_by = attack
            attack.folded.append(c)
    return [c for c in cands if c.suppressed_by is None]


# categories whose recipient is usually named somewhere in the sentence even when the parse
# does not attach it to the trigger ("lodging formal protests ... to Japan")
FALLBACK_CATEGORIES = G["fallback_categories"]
def own_pronoun(e: Entity, actor: list[Entity]) -> bool:
    """ "Russia will suspend its participation": a possessive pronoun of the actor's own country."""
    return e.text.lower() in wordlist("actors")["possessive_pronouns"] and any(a.code == e.code for a in actor if a.code)


def fallback_recipient(sent, trigger, actor: list[Entity], actor_tok, res: ActorResolver) -> list[Entity]:
    """The other party of the sentence: a coded mention that is not the actor's, subjects first."""
    # the same country is another party when it is another side of it: the PKK demands of the
    # Turkish government; a bare country stands for its state
    actor_sides = {(a.code, a.sector or "GOV") for a in actor if a.code}
    skip = set()
    if actor_tok is not None:
        # the actor and the clauses describing it, unless the parse hangs the event itself there
        skip |= _actor_phrase(actor_tok, trigger)
    skip |= {t.i for t in trigger.subtree if t.dep_ == "relcl" for t in t.subtree}
    skip |= _attribution(trigger)
    skip.add(trigger.i)     # "reiterated Egypt's strong opposition": the trigger noun is no party ("opposition" OPP)
    cands = []
    for tok in sent:
        if tok.i in skip or tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "amod", "compound"):
            continue
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        if tok.dep_ in ("compound", "amod") and tok.head.lemma_.lower() in VENUE_NAMED:
            continue        # "withdrew from the Paris climate agreement": the venue, not a party
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS and tok.ent_type_ in ("GPE", "LOC", "FAC") \
                and any(a.dep_ == "advcl" and trigger not in a.subtree for a in tok.ancestors):
            continue        # "refused ... until a ceasefire is implemented in Gaza": where another clause's act is
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "on", "via", "through") \
                and tok.doc[tok.left_edge.i: tok.i + 1].text.lower() in CHANNELS:
            continue        # "took to Facebook to denounce ...": how they spoke, not to whom
        if (tok.dep_ == "poss" and tok.head.lemma_.lower() in PATIENT_NOUNS) or (
                tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in PATIENT_NOUNS):
            continue        # "condemned Navalny's arrest", "the arrest of the spokesman": who underwent it
        if tok.dep_ in ("amod", "compound") and tok.head.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        if tok.dep_ in ("amod", "compound") and tok.head.i not in skip \
                and any(e.code for e in res.resolve(tok.head, expand_conj=False)):
            continue        # "the Turkish government" is the party, not just "Turkish"
        ents = [e for e in res.resolve(tok, expand_conj=False) if e.code and (e.code, e.sector or "GOV") not in actor_sides
                and not own_pronoun(e, actor)]
        if not ents:
            continue
        subjectish = tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")
        cands.append((0 if subjectish else 1, abs(tok.i - trigger.i), ents, tok.i))
    if not cands:
        return []
    cands.sort(key=lambda c: (c[0], c[3]))
    return cands[0][2]


def _actor_phrase(actor_tok, event_tok) -> set[int]:
    """Token indices of the actor's phrase; when the parse hangs the event inside it ("Palestinian
    youths resorted to throwing stones", the noun as root), the event's own subtree is not the actor's."""
    out = {t.i for t in actor_tok.subtree}
    if actor_tok in event_tok.ancestors:
        out -= {t.i for t in event_tok.subtree}
    return out


def _attribution(trigger) -> set[int]:
    """Tokens that only say who reports the event: "..., Dutch Foreign Minister Hans van den Broek
    said", "the New York Times reported", "according to Western diplomats".  A source is no party."""
    w = words()
    verbs = w["speech_verbs"] | w["announce_verbs"]
    out: set[int] = set()
    below = trigger
    for anc in trigger.ancestors:
        # "G7 leaders vowed support, as the United States blocked ...": a clause of its own beside the
        # speech, not its report
        if anc.lemma_.lower() in verbs and below.dep_ != "advcl":
            out |= {t.i for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and trigger not in c.subtree
                    for t in c.subtree}
        below = anc
    for tok in trigger.sent:
        if tok.lower_ == "according" and tok.dep_ == "prep":
            out |= {t.i for t in tok.subtree}
    return out


def shared_recipient(anchor, others: list[tuple[object, list[Entity], list[Entity]]], actor: list[Entity]):
    """Coordinated predicates share their recipient: "lodging protests and tightening controls on Japan"."""
    codes = {a.code for a in actor}
    for other_anchor, other_actor, other_recipient in others:
        if not other_recipient or {a.code for a in other_actor} != codes:
            continue
        linked = (anchor.dep_ == "conj" and anchor.head == other_anchor) or \
                 (other_anchor.dep_ == "conj" and other_anchor.head == anchor) or \
                 (anchor.dep_ == "conj" and other_anchor.dep_ == "conj" and anchor.head == other_anchor.head)
        if linked:
            return other_recipient
    return []


# prepositions that place an act rather than aim it: "blocked streets in Hong Kong"
LOCATIVE_PREPS = W["locative_prepositions"]
# "in protest of", "in defiance of", "in solidarity with": a locative preposition that states an aim
AIM_NOUNS = W["aim_nouns"]
def stated_target(anchor, trigger, actor_tok, res: ActorResolver) -> list[Entity]:
    """The party a protest is aimed at, read from its stated grievance.

    "began a hunger strike to protest against Sweden's decision", "blocked a road to show their
    disapproval for the United States' policies", "in defiance of Chinese authorities", "demanding
    a referendum on independence from Indonesian rule": the purpose clause or the aim phrase of
    the protest names its target.  Places where the protest happens are skipped; the nearest coded
    mention wins.
    """
    skip = _attribution(trigger)         # "..., according to Reuters": the source is no target
    if actor_tok is not None:
        # the actor's phrase, but not the event when the parse hangs it there ("youths resorted to ...")
        skip |= _actor_phrase(actor_tok, anchor)
    for tok in anchor.subtree:
        if tok.dep_ == "relcl" and tok.head.i in skip:
            continue
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE_PREPS and tok.head.i not in skip:
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs and not any(o.lemma_.lower() in AIM_NOUNS for o in objs):
                skip |= {t.i for t in tok.subtree}
    queue, seen = [(anchor, 0)], {anchor.i}
    found = []
    while queue:
        tok, depth = queue.pop(0)
        if tok.i not in skip and tok is not anchor and tok.i != trigger.i \
                and tok.dep_ in ("dobj", "pobj", "poss", "nsubj", "nsubjpass", "amod", "compound", "conj") \
                and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            # a place named on the way ("the bridge spanning the Rhine") is not a target
            ents = [e for e in res.resolve(tok, expand_conj=False) if e.code and Basis.GAZETTEER_PLACE not in e.basis]
            if ents:
                found.append((depth, tok.i, ents))
        for c in tok.children:
            if c.i not in seen and c.i not in skip and c.dep_ not in ("relcl", "ccomp", "parataxis"):
                seen.add(c.i)
                queue.append((c, depth + 1))
    if not found:
        return []
    found.sort(key=lambda f: (f[0], f[1]))
    return found[0][2]
