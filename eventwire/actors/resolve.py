"""Resolve a noun phrase in the parse to PLOVER entities.

One entry point, :class:`ActorResolver`, is made per document.  It remembers
the people and groups already seen, so that "Lee", "he", "the South Korean
president" and "the two leaders" link back to earlier full mentions
(in-document coreference).  Every entity records how it was resolved in ``why``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..records import COREF_BASES, Basis, Entity
from ..syntax import children, conjuncts, doc_text, ents_in, mention_span, propn_chunk
from ..wordlists import load as wordlist
from .kb import TITLE_OFFICES, KnowledgeBase, Office, Place, normalise, one_edit

KIND_BASIS = {"country": Basis.COUNTRY_NAME, "adjective": Basis.ADJECTIVE, "capital": Basis.CAPITAL,
              "seat": Basis.SEAT}
# the word lists live in data/words/actors.yaml
W = wordlist("actors")
# role nouns that can speak for the body their "of"/"for" object names
BODY_HEADS = frozenset(W["of_coordination_heads"]) | frozenset(W["body_speaker_heads"])
PRONOUNS_PERSON, PRONOUNS_GROUP, PRONOUNS_THING = W["pronouns_person"], W["pronouns_group"], W["pronouns_thing"]
_REPORTING = W["reporting_verbs"]
COLLECTIVE_HEADS, COLLECTIVE_NUMBERS = W["collective_heads"], W["collective_numbers"]
COUNTED_ONLY = frozenset(W["collective_counted_heads"])
LOSS_VERBS = frozenset(W["loss_verbs"])
NAME_PARTICLES = W["name_particles"]
PERSON_ROLES = W["person_roles"]
LOCATIVE_PREPS = wordlist("events")["locative_prepositions"]


@dataclass
class _Mention:
    """A mention while ``ActorResolver`` resolves it: what its words gave, and what each rule added."""
    head: object
    span: object
    found: dict
    person_text: str | None
    office: Office | None = None
    role_office: Office | None = None
    former: bool = False
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    kb_id: str | None = None
    why: list = field(default_factory=list)
    basis: list = field(default_factory=list)
    roles: list = field(default_factory=list)

    def __post_init__(self):
        self.country = self.found.get("country")
        self.sector = self.found.get("sector")

    def add(self, why: str, basis, role: str | None = None) -> None:
        self.why.append(why)
        self.basis.extend(basis if isinstance(basis, tuple) else (basis,))
        if role:
            self.roles.append(role)


class ActorResolver:
    def __init__(self, kb: KnowledgeBase, day: dt.date | None, offset: int = 0,
                 blocked: set[str] | None = None, place_country=None, common_words: frozenset = frozenset(),
                 focus=None):
        self.kb = kb
        self.focus = focus                      # where.focus.CountryFocus of the article, or None
        # name -> (ISO3, place name) from the gazetteer, for towns the KB does not list ("attacked Odesa")
        self.place_country = place_country
        self.common_words = common_words        # English common nouns: not surnames on the KB's say-so
        self.day = day
        self.offset = offset
        self.blocked = {normalise(b) for b in (blocked or set()) if b}
        self.people: list[Entity] = []      # resolved people, in text order
        self._person_starts: set = set()
        self._people_by_token: dict[str, list] = {}   # name word -> (order kept, person): earlier-name lookups
        self.groups: list[list[Entity]] = []
        self.countries: list[Entity] = []
        self.venues: set[int] = set()       # start offsets of places named as where something happened
        self.plurals: list[tuple[Entity, int, int]] = []   # plural parties named: entity, sentence start, head
        self.cache: dict[int, list[Entity]] = {}
        # start offset of a remembered person -> (sentence start token, was a subject)
        self.salience: dict[int, tuple[int, bool]] = {}
        self.gender: dict[str, str] = {}            # person -> "m"/"f", learned from the pronouns used for them
        self.pronoun_chain: list[tuple[int, int, str, Entity]] = []
        self._current_head = None

    # ------------------------------------------------------------------ public
    def resolve(self, head, expand_conj: bool = True) -> list[Entity]:
        """Entities for the noun phrase headed by ``head`` (a spaCy Token), conjuncts included."""
        heads = [head] + (conjuncts(head) if expand_conj else [])
        out: list[Entity] = []
        for h in heads:
            got = self._resolve_one(h)
            if h is not head and out and (not got or all(not e.code for e in got)) and h.pos_ == "NOUN":
                # "Israeli helicopters and tanks": a bare conjunct shares the first one's nationality
                base = out[0]
                sec = next((e.sector for e in got if e.sector), None) or self._sector_of(h) or base.sector
                got = [replace(base, text=h.text, start=self.offset + h.idx, end=self.offset + h.idx + len(h.text),
                               sector=sec, why=f"conjunct of {base.text!r}: {base.why}",
                               basis=(Basis.CONJUNCT, *base.basis))] if base.code else got
            out.extend(got)
        if expand_conj and len([c for c in children(head, "appos") if c.ent_type_ in ("GPE", "NORP")]) > 1:
            out.extend(self._stray_appositions(head, out))
        out = _dedupe(out)
        if len(out) >= 2:
            self.groups.append(out)
        return out

    def _stray_appositions(self, head, out: list[Entity]) -> list[Entity]:
        """ "Government ally Russia and rebel backer Turkey": the parser may hang the second country on the
        first noun as a second apposition; in a coordination, a country named that way is a party too."""
        have = {e.code for e in out}
        extra = []
        for c in children(head, "appos"):
            if c.ent_type_ not in ("GPE", "NORP") or c.pos_ != "PROPN":
                continue
            for e in self._resolve_one(c):
                if e.code and e.code not in have and e.first_basis == Basis.COUNTRY_NAME:
                    have.add(e.code)
                    extra.append(replace(e, why=f"apposition in a coordination: {e.why}"))
        return extra

    def remember_people(self, sent) -> None:
        """Note every person and country named in a sentence, actor or not, for later coreference."""
        for ent in ents_in(sent.doc, sent.start, sent.end):
            if ent.label_ in ("PERSON", "GPE", "NORP", "ORG"):
                self._resolve_one(ent.root)
        # names NER missed ("Takaichi, the conservative leader, greeted him"): proper-noun arguments
        for tok in sent:
            if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
                self._resolve_one(tok)
            elif tok.lower_ in ("he", "she", "him", "her") and tok.pos_ == "PRON":
                self._resolve_one(tok)       # keeps the pronoun chains and learned genders in reading order
            elif tok.tag_ == "NNS" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                    and normalise(tok.text) in self.kb.sector_nouns:
                self._resolve_one(tok)       # "a procession of 200 farmers ... police dispersed them": for "them"

    # ----------------------------------------------------------------- helpers
    def _resolve_one(self, head) -> list[Entity]:
        if head.i in self.cache:
            return self.cache[head.i]
        res = self._resolve_uncached(head)
        self.cache[head.i] = res
        if head.tag_ in ("NNS", "NNPS") and len(res) == 1 and res[0].sector and res[0].first_basis not in COREF_BASES:
            self.plurals.append((res[0], head.sent.start, head.i))     # "protesters", "supporters": for "them"
        venue = _venue(head, self.kb.sector_nouns)
        for e in res:
            if venue:
                self.venues.add(e.start)
            if self._remember(e):
                self.salience[e.start] = (head.sent.start, head.dep_ in ("nsubj", "nsubjpass"))
        return res

    def _remember(self, e: Entity) -> bool:
        """Keep people (for pronouns and descriptions) and countries (for "it", "both countries");
        True when ``e`` was kept as a person."""
        if e.first_basis in COREF_BASES:
            return False
        is_person = bool(e.kb_id) or Basis.UNRESOLVED_NAME in e.basis or Basis.PERSON_NAME in e.basis
        if is_person:
            if e.start not in self._person_starts:
                self._person_starts.add(e.start)
                self.people.append(e)
                if e.name:
                    for tok in set(normalise(e.name).split()) | set(normalise(e.text).split()):
                        self._people_by_token.setdefault(tok, []).append((len(self.people), e))
            return True
        if e.code:
            self.countries.append(e)
        return False

    def _entity(self, span, **kw) -> Entity:
        return Entity(text=span.text, start=self.offset + span.start_char, end=self.offset + span.end_char, **kw)

    def _pointing(self, span, e: Entity, why: str, basis: Basis) -> Entity:
        """A mention (``span``) that points back to ``e``: ``e``'s code, sector, name, KB id and role."""
        return self._entity(span, code=e.code, sector=e.sector, name=e.name, kb_id=e.kb_id, role=e.role, why=why,
                            basis=(basis,))

    def _last_named(self, pos: int, keep, since: int = -1) -> Entity | None:
        """The latest remembered country or organisation named in [``since``, ``pos``) that ``keep`` accepts."""
        return next((c for c in reversed(self.countries) if since <= c.start < pos and keep(c)), None)

    def _resolve_uncached(self, head) -> list[Entity]:
        """Resolve one mention: shortcuts first (pronouns, quantities, dates), then the phrase's words."""
        got = self._shortcut(head)
        if got is not None:
            return got
        span = mention_span(head)
        key = normalise(span.text)
        if key in self.blocked or any(normalise(t.text) in self.blocked for t in span if t.pos_ == "PROPN"):
            return []
        found = self._find(head, span)
        person_text = self._person_text(head, span, found)
        # collective mentions: "the two leaders", "both countries"
        coll = self._collective(span, head)
        if coll is not None:
            return coll
        got = self._non_actor_head(head, found)
        if got is not None:
            return got
        m = _Mention(head, span, found, person_text)
        for part in (self._person_office, self._role_office, self._description_coref):
            got = part(m)
            if got is not None:
                return got
        for part in (self._code_and_sector, self._apposition, self._leader_compound, self._of_body,
                     self._gazetteer_place):
            part(m)
        return self._entities(m)

    def _of_body(self, m: "_Mention") -> None:
        """ "the head of Burkina Faso's transitional parliament", "a spokesman for the junta": the person
        speaks for the body their "of"/"for" object names; they take its country (and its sector when
        the role gives none)."""
        if m.code or m.person_text:
            return
        got = self._body_spoken_for(m.head)
        if got is not None:
            obj, e = got
            m.code = e.code
            if e.sector and (not m.sector or m.sector == "GOV" and e.sector != "GOV"):
                m.sector = e.sector
            m.add(f"speaks for {obj.text!r}: {e.why}", e.basis[0] if e.basis else Basis.ROLE_NOUN, obj.text)

    def _body_spoken_for(self, head):
        """(the "of"/"for" object, its one coded entity) for a role noun that speaks for a body, or None."""
        if head.lower_ not in BODY_HEADS:
            return None
        for prep in children(head, "prep"):
            if prep.lower_ not in ("of", "for"):
                continue
            for obj in children(prep, "pobj"):
                ents = [e for e in self._resolve_one(obj) if e.code]
                if len({e.code for e in ents}) == 1:
                    return obj, ents[0]
        return None

    def _leader_compound(self, m: "_Mention") -> None:
        """ "the Ortega regime", "the Biden administration": a government named by its leader is of the
        leader's country (the leader named in the KB, in office on the story date or ever)."""
        if m.code or m.sector != "GOV" or m.person_text:
            return
        for c in children(m.head, "compound"):
            if c.pos_ != "PROPN" or c.i > m.head.i:
                continue
            name = m.head.doc[c.left_edge.i: c.i + 1].text
            office, how = self.kb.person(name, self.day)
            if office is None and self.day is not None:
                office, how = self.kb.person(name, None)
            if office is not None and office.country:
                m.code = office.country
                m.add(f"government named by its leader {name!r} ({how}, {office.country})", Basis.KB_PERSON, name)
                return

    def _shortcut(self, head) -> list[Entity] | None:
        """Mentions that are not resolved by their words: relative and personal pronouns, quantities
        ("thousands of Kenyan protesters"), dates and numbers."""
        low = head.lower_
        if low in W["relative_pronouns"] and head.head.dep_ == "relcl":
            return [replace(e, why=f"relative pronoun -> {e.why}", basis=(Basis.RELATIVE_PRONOUN, *e.basis))
                    for e in self._resolve_one(head.head.head)]
        if head.pos_ == "PRON":
            return self._pronoun(head)
        if head.lemma_.lower() in W["quantity_nouns"] or head.like_num:
            # "dozens of soldiers", "scores of Sierra Leonean and Liberian refugees": the "of" object and its conjuncts
            for prep in children(head, "prep"):
                if prep.lower_ == "of":
                    for obj in children(prep, "pobj"):
                        return self.resolve(obj)
        if head.ent_type_ in W["non_actor_entity_labels"] or low in W["calendar_words"]:
            return []          # "on Friday" is a date, never St Vincent's prime minister Godwin Friday
        return self._of_coordination(head) or self._igo_anaphor(head) or self._group_anaphor(head) \
            or self._security_anaphor(head)

    def _of_coordination(self, head) -> list[Entity] | None:
        """ "the top diplomats of Brazil, Argentina and Chile", "his counterparts from Russia, Ukraine and
        France": one party per country of the 'of' or 'from' object."""
        if head.lower_ not in W["of_coordination_heads"]:
            return None
        objs = [o for p in children(head, "prep") if p.lower_ in ("of", "from") for o in children(p, "pobj")]
        if not objs or not conjuncts(objs[0]):
            return None
        sector = self._sector_of(head)
        span = mention_span(head)
        out = []
        for o in [objs[0], *conjuncts(objs[0])]:
            for e in self._resolve_one(o):
                if e.code and all(x.code != e.code for x in out):
                    out.append(self._entity(span, code=e.code, sector=sector or e.sector, name=e.name,
                                            why=f"{head.text!r} of {o.text!r}: {e.why}",
                                            basis=(Basis.OF_COORDINATION, *e.basis)))
        return out if len(out) > 1 else None

    def _igo_anaphor(self, head) -> list[Entity] | None:
        """ "the bloc", "the alliance": the organisation last named before this mention."""
        if head.lemma_.lower() not in W["igo_anaphors"] or not any(c.lower_ == "the" for c in head.children) \
                or any(c.dep_ in ("amod", "compound", "poss") for c in head.children):
            return None
        pos = self.offset + head.idx
        igo = self._last_named(pos, lambda c: c.code in self.kb.igo_members)
        if igo is None:
            return None
        return [self._entity(head.doc[head.i - 1: head.i + 1], code=igo.code, sector="IGO", name=igo.name,
                             why=f"coref organisation -> {igo.text!r}", basis=(Basis.COREF_DESCRIPTION,))]

    def _group_anaphor(self, head) -> list[Entity] | None:
        """ "the group", "the militant group", "the movement": the named organisation (an armed group, a
        party, an NGO) last named before this mention."""
        if head.lemma_.lower() not in W["group_anaphors"] or head.tag_ != "NN" \
                or not any(c.lower_ == "the" for c in head.children) \
                or any(c.dep_ in ("amod", "compound") and c.lower_ not in W["group_anaphor_modifiers"]
                       or c.dep_ in ("poss", "prep") for c in head.children):
            return None
        pos = self.offset + head.idx
        org = self._last_named(pos, lambda c: Basis.NAMED_ORGANISATION in c.basis and c.sector not in ("GOV", "IGO"))
        if org is None:
            return None
        return [self._entity(mention_span(head), code=org.code, sector=org.sector, name=org.name,
                             why=f"coref organisation -> {org.text!r}", basis=(Basis.COREF_DESCRIPTION,))]

    def _security_anaphor(self, head) -> list[Entity] | None:
        """ "Police in Comoros arrested ... as officers also broke up a march": a bare "officers" or
        "agents", which could be of any force, is the force named in this or the sentence before."""
        if head.lower_ not in W["security_anaphors"] or any(c.dep_ in ("amod", "compound", "poss", "prep")
                                                             for c in head.children):
            return None
        pos = self.offset + head.idx
        sent = head.sent
        earliest = self.offset + (sent.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char)
        force = self._last_named(pos, lambda c: c.sector in ("COP", "MIL", "SPY"), since=earliest)
        if force is None:
            return None
        return [self._entity(mention_span(head), code=force.code, sector=force.sector, name=force.name,
                             why=f"coref force -> {force.text!r}", basis=(Basis.COREF_DESCRIPTION,))]

    def _find(self, head, span) -> dict:
        found = self._scan(span)
        if not found and head.pos_ == "PROPN" and head.ent_type_ in ("GPE", "NORP") and len(head.text) >= 6:
            # "Ethopia", "Quatar", "Afganistan": a misspelt country name
            close = self._close_country(head.text)
            if close:
                found = {"country": close[0], "country_how": f"country name (spelling close to {close[1]!r})",
                         "country_basis": Basis.COUNTRY_NAME, "head_covered": True}
        return found

    def _person_text(self, head, span, found) -> str | None:
        person_text = _person_name(span)
        if person_text and self.kb.phrases.get(normalise(person_text)):
            person_text = None          # NER's "PERSON" is a country word here ("Azerbaijani troops")
        titled = bool(found.get("role")) and not found.get("country") and not found.get("igo") \
            and not found.get("head_covered")          # "President Ruto": a title before a name NER missed
        if not person_text and head.pos_ == "PROPN" and (not found or titled):
            # NER misses many names and bare surnames ("Takaichi said", an ORG-tagged
            # "Amara Okonkwo-Fixture"): try the whole proper-noun chunk, then the head
            # a capitalised first word is not a name on the KB's say-so alone: "Gang members attacked"
            # is not China's Qin Gang; it needs NER, a longer name, or an earlier mention
            first_word = (head.is_sent_start or (head.i > 0 and head.doc[head.i - 1].is_punct and
                                                 head.doc[head.i - 1].text in "\"“(")) \
                and head.lower_ in self.common_words
            for cand in (propn_chunk(head), head.text):
                office = self.kb.person(cand, self.day)[0]
                kb_ok = office and not (first_word and len(cand.split()) == 1)
                if kb_ok and titled and found:     # the title must be the holder's, on the story date
                    kb_ok = (self.day is None or office.holds_on(self.day)) and _title_is(found["role"], office)
                if kb_ok or self._previous_person(cand, head):
                    person_text = cand
                    break
        if person_text and head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "near", "outside") \
                and self.place_country and not self.kb.person(person_text, self.day)[0] \
                and self.place_country(span.text, False):
            person_text = None          # "a curfew in Kandy": NER's person is a town the gazetteer knows
        return person_text

    def _non_actor_head(self, head, found) -> list[Entity] | None:
        """A noun head that names no actor ("a Chinese attempt", "Lee's Japan visit"): nothing, or the
        possessor as the agent of an action noun ("Lee's visit" -> Lee).  None when the head may be an actor."""
        if found.get("ethnic"):
            # "ethnic Albanians in Serbia": an ethnic group is not its kin state; the place decides
            found.pop("country", None)
            found.setdefault("sector", "CVL")
            found["sector_how"] = "ethnic group (the kin state is not the actor)"
        lemma = head.lemma_.lower()
        owner_tok = next(iter(children(head, "poss")), None)
        if lemma in W["follower_nouns"] and owner_tok is not None:
            # "Tshisekedi's supporters took to the streets": the followers act, people of their leader's country
            # (of the leader's side when the leader is of the opposition, a party or a rebel group)
            owners = self._resolve_one(owner_tok)
            owner = next((e for e in owners if e.code), owners[0] if owners else None)
            sector = owner.sector if owner is not None and owner.sector in ("OPP", "PTY", "REB") else "CVL"
            who = " ".join(t.text for t in mention_span(owner_tok) if t.dep_ != "case")
            code = owner.code if owner is not None else None
            return [self._entity(mention_span(head), code=code, sector=sector,
                                 why=f"{head.text!r} of {who}: people of {code or 'no known country'}, not {who}",
                                 basis=(Basis.POSSESSOR,))]
        if head.pos_ == "NOUN" and head.tag_ == "NNS" and found.get("country") and not found.get("head_covered") \
                and lemma not in self.kb.non_actor_nouns and lemma not in W["thing_nouns"]:
            found["head_covered"] = True        # "Algerian landowners": people of that country
        if head.pos_ != "NOUN" or found.get("head_covered") or lemma in W["generic_actor_nouns"]:
            return None
        for c in children(head, "poss"):
            if lemma in W["patient_event_nouns"]:
                return []           # "Navalny's arrest": he underwent it; who did it is not named here

            return [replace(e, why=f"possessor of {head.text!r}: {e.why}", basis=(Basis.POSSESSOR, *e.basis))
                    for e in self._resolve_one(c)]
        if lemma in W["violent_event_nouns"] and found.get("country") and found.get("country_basis") in (
                Basis.COUNTRY_NAME, Basis.ADJECTIVE):
            # "Russian missile attacks killed five in Kyiv": the nationality of an armed act is its perpetrator
            code = found["country"]
            return [self._entity(mention_span(head), code=code, sector="MIL", name=self.kb.country_names.get(code),
                                 why=f"{found.get('country_how')} of the armed act {head.text!r}: its perpetrator",
                                 basis=(Basis.EVENT_NOUN_AGENT,))]
        got = self._body_spoken_for(head)
        if got is not None:
            # "the head of Burkina Faso's transitional parliament": not a role the KB lists, but it speaks for one
            obj, e = got
            return [self._entity(mention_span(head), code=e.code, sector=e.sector, name=e.name,
                                 why=f"{head.text!r} of {obj.text!r}: {e.why}", basis=e.basis)]
        return []

    def _person_office(self, m: "_Mention") -> list[Entity] | None:
        """A person's name: the KB holder it names on the story date, an earlier mention, or just the name."""
        if not m.person_text:
            return None
        m.office, how = self.kb.person(m.person_text, self.day)
        if m.office is not None and not (self._fits_article(m.office, m.person_text) and self._fits_title(m.office, m)):
            m.office = None
        if m.office is None:
            # in-document coreference: "Lee" after "Lee Jae Myung"
            prev = self._previous_person(m.person_text, m.head)
            if prev is not None:
                return [self._pointing(m.span, prev, f"coref name -> {prev.text!r}", Basis.COREF_NAME)]
            m.office, how = self._office_by_name_part(m.person_text)
            if m.office is not None and not (self._fits_article(m.office, m.person_text.split()[-1])
                                             and self._fits_title(m.office, m)):
                m.office = None
        if m.office is not None and m.country and m.office.country != m.country:
            m.office = None          # the text names another country for this person: trust the text
        if m.office is not None:
            m.name, m.kb_id = m.office.name, m.office.kb_id
            m.add(f"{how} ({m.office.title}, {m.office.country})", Basis.KB_PERSON, m.office.title)
        else:
            m.name = m.person_text
            m.add("person name (not in the KB)", Basis.PERSON_NAME)
        return None

    def _fits_article(self, office: Office, said: str) -> bool:
        """A bare surname names a KB holder out of office on the story date only when the holder's
        country fits an article with a country focus: "González" in a Venezuelan story is not a
        former Spanish prime minister (a holder in office that day may be abroad: kept)."""
        f = self.focus
        if f is None or f.focus is None or f.weak or self.day is None or office.holds_on(self.day) \
                or not self._surname_only(said):
            return True
        return office.country in f.countries or office.country == f.focus or office.country in self.kb.igo_members

    def _fits_title(self, office: Office, m: "_Mention") -> bool:
        """A title said before a surname ("President Smith") names a holder of that office; a holder of
        another office who is not in office on the story date is someone else of the name."""
        role = m.found.get("role")
        if not role or self.day is None or office.holds_on(self.day) or len(m.person_text.split()) > 1:
            return True
        return _title_is(role, office)

    def _surname_only(self, name: str) -> bool:
        """True when ``name`` is a bare surname: no full name or alias of anyone in the KB."""
        key = normalise(name)
        return len(key.split()) == 1 and not (self.kb.people.get(key) or self.kb.people.get(key.replace("-", " ")))

    def _office_by_name_part(self, person_text: str):
        """The surname, then the first name, of a longer name: one shared token is enough only when it is
        the surname the KB indexes and the name is short ("President Lee"); "Xavier Quispe" is not Xavier Espot."""
        parts = person_text.replace("-", " ").split()
        office, how = None, ""
        for tok in (person_text.split()[-1], person_text.split()[0]):
            office, how = self.kb.person(tok, self.day)
            if office and len(parts) > 1:
                kb_parts = set(normalise(office.name).replace("-", " ").split()) - W["name_particles"]
                said = {normalise(p) for p in parts} - W["name_particles"]
                if sum(1 for p in said if p in kb_parts or any(one_edit(p, k) for k in kb_parts)) < min(2, len(said)):
                    office = None
            if office:
                break
        return office, how

    def _role_office(self, m: "_Mention") -> None:
        """A definite title with a country ("the Japanese prime minister"): the holder on the story date."""
        m.former = any(t.lower_ in W["former_words"] or t.lower_.startswith("ex-") for t in m.span)
        holder_country = m.country or m.found.get("igo")
        role = m.found.get("role")
        if m.office is None and holder_country and role and not m.person_text and not m.former \
                and role in TITLE_OFFICES and _definite(m.span):
            m.role_office = self.kb.holder(holder_country, role, self.day)
            if m.role_office:
                m.name, m.kb_id = m.role_office.name, m.role_office.kb_id
                m.add(f"office holder on {self.day} ({m.role_office.title})", Basis.OFFICE_HOLDER, m.role_office.title)
        return None

    def _description_coref(self, m: "_Mention") -> list[Entity] | None:
        """ "the former general", "the veteran diplomat": a definite description of a person named before."""
        head, found = m.head, m.found
        descriptor = head.lower_ in W["person_descriptors"] or found.get("role") in W["person_roles"]
        if m.office is None and m.role_office is None and not m.person_text and descriptor and _definite(m.span) \
                and head.tag_ in ("NN", "NNP") and not any(t.dep_ == "poss" for t in m.span):
            prev = self._previous_by_role(m.country or found.get("igo"), head, m.former or found.get("role") is None)
            if prev is not None:
                return [self._pointing(m.span, prev, f"coref description -> {prev.text!r}", Basis.COREF_DESCRIPTION)]
        return None

    def _code_and_sector(self, m: "_Mention") -> None:
        """The code and sector from the holder, a possessive pronoun, a locative or an IGO alias."""
        head, found = m.head, m.found
        holder = m.office or m.role_office
        m.code = m.country or (holder.country if holder else None)
        if m.office is not None and (self.day is None or m.office.holds_on(self.day)):
            m.sector = m.office.sector   # a holder's office decides: "Ayatollah Khomeini" is the head of state
        elif holder and not m.sector:
            m.sector = holder.sector
        if not m.code and not found.get("igo") and m.sector:
            # "Ukraine's General Staff said its forces struck ...": the possessive pronoun's country
            for c in children(head, "poss"):
                owner = [e for e in self._resolve_one(c) if e.code] if c.pos_ == "PRON" else []
                if len(owner) == 1:
                    m.code = owner[0].code
                    m.add(f"possessive {c.text!r}: {owner[0].why}", (Basis.POSSESSIVE_PRONOUN, *owner[0].basis))
        if not m.code and not found.get("igo") and m.sector and head.dep_ == "dobj" \
                and head.head.lemma_.lower() in LOSS_VERBS:
            # "Eritrea said it lost 12 soldiers in Ethiopian shelling": the soldiers lost are the loser's
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            owner = [e for e in self._resolve_one(subj) if e.code] if subj is not None else []
            if len({e.code for e in owner}) == 1:
                m.code = owner[0].code
                m.add(f"lost by {subj.text!r}: {owner[0].why}", (Basis.POSSESSOR, *owner[0].basis))
        if not m.code and not found.get("igo") and (m.sector or m.person_text):
            # "Rebels in the Ivory Coast", "opposition groups in Zimbabwe": a locative names the country
            loc = self._locative_country(head)
            if loc is not None:
                m.code = loc.code
                m.add(f"affiliated with {loc.name}" if loc.kind == "affiliation" else f"located 'in {loc.name}'",
                      Basis.LOCATIVE, loc.name)
        if found.get("igo") and not m.country and not (holder and holder.country in self.kb.igo_members):
            # (a KB holder of an IGO office keeps the office's code: "European Commission President
            # Ursula von der Leyen" is the EU's, as every other mention of her is)
            m.code = found["igo"]
            m.sector = m.sector or "IGO"
            m.name = m.name or self.kb.country_names.get(m.code)
            m.add("igo alias", Basis.IGO_ALIAS)
        if found.get("country_how"):
            m.why.insert(0, found["country_how"])
            m.basis.insert(0, found.get("country_basis", Basis.COUNTRY_NAME))
            m.roles.append(found["country_how"])
        if found.get("sector_how"):
            m.add(found["sector_how"], found.get("sector_basis", Basis.SECTOR_WORD), found["sector_how"])

    def _apposition(self, m: "_Mention") -> None:
        """ "Kenzo Oshima, the United Nations Emergency Relief Coordinator", "Salaheddine Sidhoum, Algeria's
        leading human rights activist": an apposition after a name says who it is."""
        head = m.head
        if m.code or m.found.get("igo") or head.pos_ != "PROPN":
            return
        for c in children(head, "appos"):
            if c.i <= head.i + 1:
                continue
            desc = [e for e in self._resolve_one(c) if e.code]
            if len(desc) == 1:
                m.code, m.sector = desc[0].code, m.sector or desc[0].sector
                if desc[0].sector == "GOV" and not desc[0].kb_id and not c.pos_ == "PROPN" \
                        and c.lemma_.lower() not in self.kb.sector_nouns:
                    m.sector = None       # "Algeria's ... activist": the possessor's country, not its state
                m.name = m.name or m.person_text or desc[0].name
                m.add(f"apposition {c.text!r}: {desc[0].why}", (Basis.APPOSITION, *desc[0].basis),
                      f"{c.text} {desc[0].role or ''}")
                return
            # "the United Nations refugee coordinator": a role noun the KB does not list
            inner = self._scan(mention_span(c))
            got = inner.get("igo") or inner.get("country")
            if got:
                m.code = got
                m.sector = "IGO" if inner.get("igo") else m.sector or inner.get("sector")
                m.name = m.name or m.person_text
                m.add(f"apposition {c.text!r} names {got}", Basis.APPOSITION, c.text)
                return

    def _gazetteer_place(self, m: "_Mention") -> None:
        """A town the KB does not list, named as a party ("attacked Odesa"): its country.  NER often calls
        a city an ORG ("Kharkiv's power grid"); only big places count then."""
        head = m.head
        if m.code and m.code in self.kb.igo_members and m.sector in (None, "GOV"):
            m.sector = "IGO"          # an IGO and the people who speak for it: PLOVER's IGO sector
        if m.code or m.person_text or m.sector or m.found.get("igo") or not self.place_country \
                or head.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "") or head.pos_ != "PROPN":
            return
        big = head.ent_type_ in ("ORG", "")
        got = self.place_country(m.span.text, big) or self.place_country(head.text, big)
        if got:
            m.code = got[0]
            m.add(f"place {got[1]!r} in {got[0]} (gazetteer)", Basis.GAZETTEER_PLACE, got[1])

    def _entities(self, m: "_Mention") -> list[Entity]:
        if not m.code and not m.person_text and not m.sector:
            return []
        name = m.name or (self.kb.country_names.get(m.code) if m.code else None)
        if not m.why:
            m.add("unresolved name" if m.person_text else "role noun only",
                  Basis.UNRESOLVED_NAME if m.person_text else Basis.ROLE_NOUN)
        first = self._entity(m.span, code=m.code, sector=m.sector, name=name, kb_id=m.kb_id, why="; ".join(m.why),
                             basis=tuple(m.basis), role=" ".join(r for r in m.roles if r) or None)
        # "Senior Hungarian and Romanian officials", "U.S. and Russian negotiators": one entity per nationality
        extra = []
        if m.code and not m.kb_id and not m.person_text:
            for other in self._coordinated_nationalities(m.span, m.code):
                extra.append(self._entity(m.span, code=other.code, sector=m.sector, name=other.name, kb_id=None,
                                          why=f"coordinated nationality {other.name!r}; " + first.why,
                                          basis=(Basis.COORDINATED_NATIONALITY, *first.basis), role=first.role))
        return [first, *extra]

    def _sector_of(self, tok):
        return self.kb.sector_nouns.get(normalise(tok.text)) or self.kb.sector_nouns.get(normalise(tok.lemma_))

    def _coordinated_nationalities(self, span, code):
        out = []
        for t in span:
            # "Kazakh and Kyrgyz border guards": the parser may hang the second nationality on "border"
            joined = (t.dep_ == "conj" and t.head in span) or (t.i > span.start and t.nbor(-1).lower_ in ("and", "&"))
            if joined and t.i < span.root.i:
                for p in self.kb.phrases.get(normalise(t.text), []):
                    if p.kind in ("adjective", "country") and p.code != code and all(o.code != p.code for o in out):
                        out.append(p)
                        break
        return out

    def _locative_country(self, head, depth: int = 0):
        if depth == 0 and head.lemma_.lower() in ("refugee", "migrant", "civilian", "people", "resident", "villager",
                                                  "family", "survivor", "victim", "displaced"):
            # "refugees fleeing the civil war in Liberia", "civilians living in Gaza": the clause that
            # describes them says where they are from
            for c in head.children:
                if c.dep_ in ("acl", "relcl"):
                    for d in [c, *[x for x in c.children if x.dep_ in ("dobj", "advcl", "xcomp")]]:
                        got = self._locative_country(d, depth + 1)
                        if got is not None:
                            return got
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                # "officers from the U.N. Command", "members of the Iraqi parliament": affiliation
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("PROPN", "NOUN"):
                        found = self._scan(mention_span(obj))
                        code = found.get("igo") or found.get("country")
                        if not code and prep.lower_ == "of":
                            code = next((e.code for e in self._igo_anaphor(obj) or ()), None)
                        if code:
                            return Place(code, self.kb.country_names.get(code, code), "affiliation")
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    span = mention_span(obj)
                    for cand in (span.text, obj.text):
                        places = [p for p in self.kb.phrases.get(normalise(cand), [])
                                  if p.kind in ("country", "capital")]
                        if places and places[0].kind == "capital" and self.place_country:
                            # "militias in Tripoli ... the north Lebanese port": a capital's name is
                            # another country's town when the sentence names that country
                            named = self._countries_named(head.sent) - {places[0].code}
                            got = self.place_country(cand, False, frozenset(named)) if named else None
                            if got and got[0] in named:
                                return Place(got[0], got[1], "country")
                        if places:
                            return places[0]
                    # "East Timor's capital Dili", "south Serbia": any country word in the phrase
                    for t in span:
                        places = [p for p in self.kb.phrases.get(normalise(t.text), []) if p.kind == "country"]
                        if places:
                            return places[0]
        return None

    def _countries_named(self, sent) -> set[str]:
        """Countries a sentence names by name or adjective ("Lebanese")."""
        out = set()
        for t in sent:
            for p in self.kb.phrases.get(normalise(t.text), []):
                if p.kind in ("country", "adjective"):
                    out.add(p.code)
        return out

    def _scan(self, span) -> dict:
        """Longest-match scan of the mention for places, IGOs and sector nouns."""
        out: dict = {}
        toks = list(span)
        text = doc_text(span.doc)
        head = span.root
        n = len(toks)
        i = 0
        maxn = self.kb.max_phrase_tokens
        while i < n:
            matched = False
            for j in range(min(n, i + maxn), i, -1):
                last = toks[j - 1]
                key = normalise(text[toks[i].idx: last.idx + len(last.text)])
                if key.endswith("'s"):
                    key = key[:-2].strip()
                if key not in self.kb.phrases and key not in self.kb.sector_nouns:
                    continue            # most windows match nothing: build no span for them
                sub = span.doc[toks[i].i: last.i + 1]
                places = self.kb.phrases.get(key)
                if places and j == i + 1 and len(key) <= 4 and toks[i].text.islower() \
                        and all(p.kind == "igo" for p in places):
                    places = None               # "Kim Jong-un": a lower-case "un" is no acronym of the UN
                if places and _patron_word(last) and _prefer(places).kind == "group":
                    _patron_group(out, _prefer(places), last)
                    i = j
                    matched = True
                    break
                if places and (_stance_word(toks[i]) or _patron_word(last)) and _prefer(places).kind != "group":
                    # "pro-Iranian Hizbollah", "an anti-Syria journalist": a stance towards a
                    # country, not its nationality; "the Russia-led CSTO": a patron, which stands for the
                    # party only when the phrase names no organisation ("the Saudi-led coalition")
                    if _patron_word(last) and _prefer(places).kind in ("country", "adjective"):
                        out.setdefault("patron", (_prefer(places).code, f"the patron in "
                                                  f"'{last.text}-{span.doc[last.i + 2].text}'"))
                    i = j
                    matched = True
                    break
                if places:
                    p = _prefer(places)
                    if head in sub:
                        out["head_covered"] = True
                    if p.kind == "igo":
                        out.setdefault("igo", p.code)
                    elif p.kind == "group":
                        # a named group gives its sector wherever it sits in the phrase; its home
                        # country only when the text names none ("Palestinian Islamic Jihad")
                        out.setdefault("country", p.code)
                        if "country_how" not in out:
                            out["country_how"] = f"named organisation {p.name!r}"
                            out["country_basis"] = Basis.NAMED_ORGANISATION
                        if p.sector:
                            out["sector"] = p.sector
                            out["sector_how"] = f"named organisation {p.name!r} -> {p.sector}"
                        out["group"] = p.name
                    elif "country" not in out and toks[i].i > 0 and span.doc[toks[i].i - 1].lower_ == "ethnic":
                        out["ethnic"] = p.code
                    elif p.kind in ("capital", "seat") and head not in sub \
                            and head.lemma_.lower() in W["venue_named_nouns"]:
                        pass                                  # "the Paris climate agreement": the venue, not France
                    elif "country" not in out:
                        out["country"] = p.code
                        out["country_how"] = {"country": "country name", "adjective": "nationality adjective",
                                              "capital": "capital as government (metonymy)",
                                              "seat": "seat of government (metonymy)"}[p.kind]
                        out["country_basis"] = KIND_BASIS[p.kind]
                        if p.sector and (sub.root == head or head in sub):
                            out.setdefault("sector", p.sector)
                            out.setdefault("sector_how", f"{p.kind} -> {p.sector}")
                    i = toks.index(sub[-1]) + 1 if sub[-1] in toks else j
                    matched = True
                    break
                sec = self.kb.sector_nouns.get(key)
                if sec and (head in sub or all(t.pos_ in ("NOUN", "PROPN") for t in sub)):
                    if head in sub:
                        out["head_covered"] = True
                    # the head noun decides the sector; an earlier role noun only if the head has none
                    if head in sub or "sector" not in out:
                        out["sector"] = sec
                        out["sector_how"] = f"role noun {key!r} -> {sec}"
                        out["sector_basis"] = Basis.ROLE_NOUN
                    if key in PERSON_ROLES or key.split()[-1] in PERSON_ROLES:
                        out["role"] = key
                    i = j
                    matched = True
                    break
            if not matched:
                mod = self.kb.sector_modifiers.get(toks[i].lower_)
                if mod and "sector" not in out:
                    out["sector"] = mod
                    out["sector_how"] = f"modifier {toks[i].lower_!r} -> {mod}"
                i += 1
        if "patron" in out and not (out.get("igo") or out.get("country")):
            out["country"], out["country_how"] = out.pop("patron")
            out["country_basis"] = Basis.ADJECTIVE
            if "patron_sector" in out and "sector" not in out:
                out["sector"], out["sector_how"] = out["patron_sector"], "the patron group's sector"
        out.pop("patron", None)
        out.pop("patron_sector", None)
        return out

    def _pronoun(self, head) -> list[Entity]:
        low = head.lower_
        span = head.doc[head.i: head.i + 1]
        pos = self.offset + head.idx
        speaker = self._reporting_subject(head)
        if speaker is not None:
            ents = self._resolve_one(speaker)
            people = [e for e in ents if e.kb_id or (e.name and e.name != self.kb.country_names.get(e.code or ""))]
            fits = (low in PRONOUNS_PERSON and len(ents) == 1 and people) or \
                   (low in PRONOUNS_THING and len(ents) == 1 and not people) or \
                   (low in PRONOUNS_GROUP and (len(ents) > 1 or speaker.tag_ in ("NNS", "NNPS") or not people))
            if ents and fits:
                return [self._pointing(span, e, f"coref pronoun -> speaker {e.text!r}", Basis.COREF_PRONOUN)
                        for e in ents]
        if low in PRONOUNS_THING:
            main = _main_clause_subject(head) or _binding_subject(head)
            ents = [e for e in self._resolve_one(main) if e.code or e.sector] if main is not None else []
            if ents:
                # "since it invaded", "after launching its coup, the military ...": a pronoun in a clause
                # that modifies another refers to that clause's subject
                return [self._pointing(span, ents[0], f"coref pronoun -> subject {ents[0].text!r}", Basis.COREF_PRONOUN)]
            before = self._previous_subject(head)
            if before:
                # "... the military is struggling to crush resistance. Experts say it is resorting to air
                # power": a subject "it" continues the last sentence's subject, a body named by its role
                return [self._pointing(span, before[0], f"coref pronoun -> last subject {before[0].text!r}",
                                       Basis.COREF_PRONOUN)]
            prev = [c for c in self.countries if c.start < pos]
            if prev:
                c = prev[-1]
                return [self._pointing(span, c, f"coref pronoun -> {c.text!r}", Basis.COREF_PRONOUN)]
        if low in PRONOUNS_PERSON:
            gender = "m" if low in ("he", "him", "his") else "f"
            prev = [p for p in self.people if p.start < pos and self.gender.get(_ident(p), gender) == gender]
            p = None
            # a pronoun continues the chain of the last pronoun of its gender in this or the previous sentence
            for ppos, psent, pg, ent in reversed(self.pronoun_chain):
                if pg == gender and ppos < pos and head.sent.start - psent <= 60 and ent in prev:
                    p = ent
                    break
            if p is None and prev:
                if head.dep_ in ("nsubj", "nsubjpass"):
                    # "He" opening a clause is the subject of the last sentence that named a person
                    p = self._most_salient(prev)
                else:
                    # "Takaichi greeted him": not the subject of its own clause
                    own = [q for q in prev if self.salience.get(q.start, (-1, False)) != (head.sent.start, True)]
                    p = (own or prev)[-1]
            if p is not None:
                self.gender.setdefault(_ident(p), gender)
                self.pronoun_chain.append((pos, head.sent.start, gender, p))
                return [self._pointing(span, p, f"coref pronoun -> {p.text!r}", Basis.COREF_PRONOUN)]
        if low == "them":
            own_subj = {c.i for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")}
            # "Riot police dispersed them": not the clause's own subject, nor another mention of it
            subj_kind = {(e.code, e.sector) for i in own_subj if i != head.i for e in self._resolve_one(head.doc[i])}
            plural = next((g for g in reversed(self.plurals) if g[0].start < pos and g[2] not in own_subj
                           and (g[0].code, g[0].sector) not in subj_kind and (None, g[0].sector) not in subj_kind),
                          None)
            if plural is not None and (not self.groups or self.groups[-1][0].start < plural[0].start) \
                    and head.sent.start - plural[1] <= 60:
                # "Opposition supporters gathered outside the court. Armed police dispersed them": the last
                # plural party named, when no coordination came after it
                return [self._pointing(span, plural[0], f"coref pronoun -> {plural[0].text!r}", Basis.COREF_PRONOUN)]
        if low in PRONOUNS_GROUP and self.groups:
            return [self._pointing(span, e, f"coref pronoun -> {e.text!r}", Basis.COREF_PRONOUN)
                    for e in self.groups[-1] if e.start < pos]
        return []

    def _previous_subject(self, head) -> list[Entity]:
        """The subject of the previous sentence's main clause, when ``head`` is a subject and that subject is
        a single body named by a singular common noun with a sector ("the military", "the junta")."""
        if head.dep_ not in ("nsubj", "nsubjpass") or head.sent.start == 0:
            return []
        prev = head.doc[head.sent.start - 1].sent
        subj = next((c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.tag_ != "NN" or conjuncts(subj):
            return []
        ents = self._resolve_one(subj)
        return ents if len(ents) == 1 and ents[0].sector and not ents[0].kb_id else []

    def _close_country(self, word: str):
        import difflib
        names = self.kb.country_name_keys()
        hit = difflib.get_close_matches(normalise(word), list(names), n=1, cutoff=0.88)
        return (names[hit[0]], hit[0]) if hit else None

    @staticmethod
    def _reporting_subject(head):
        """The subject of the reporting verb whose complement holds this pronoun: "Syria says it ..." -> Syria."""
        verb = head.head
        if head.dep_ not in ("nsubj", "nsubjpass", "poss") or verb is head:
            return None
        if head.dep_ == "poss":
            verb = verb.head
        while verb.dep_ in ("xcomp", "conj", "aux") and verb.head is not verb:
            verb = verb.head
        if verb.dep_ not in ("ccomp", "advcl", "parataxis") or verb.head.lemma_.lower() not in _REPORTING:
            return None
        rep = verb.head
        for c in rep.children:
            if c.dep_ == "nsubj" and c.pos_ != "PRON":
                return c
        # "The two sides issued a statement saying they ...": a participle's speaker is the subject of the
        # verb it hangs on, directly (advcl) or through the noun it describes (acl)
        if rep.tag_ == "VBG" and rep.dep_ in ("advcl", "acl"):
            gov = rep.head if rep.dep_ == "advcl" else rep.head.head
            if gov.dep_ == "dobj" or gov.pos_ in ("VERB", "AUX"):
                gov = gov if gov.pos_ in ("VERB", "AUX") else gov.head
                return next((c for c in gov.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        return None

    def _collective(self, span, head) -> list[Entity] | None:
        hl = head.lower_
        if hl not in COLLECTIVE_HEADS or head.tag_ not in ("NNS", "NNPS"):
            return None
        if any(p.lower_ == "of" for p in children(head, "prep")):
            return None         # "the leaders of the bloc" are the bloc's, not the last two people named
        words = {t.lower_ for t in span}
        if not (words & {"two", "both", "the", "three", "four", "five"}):
            return None
        counted = words & set(COLLECTIVE_NUMBERS)
        if hl in COUNTED_ONLY and not counted:
            return None
        sides_of = any(p.lower_ == "to" for p in children(head, "prep"))   # "the two parties to the conflict"
        want = next((COLLECTIVE_NUMBERS[w] for w in counted), 2)
        if not counted and hl == "leaders":
            # "Group of Seven leaders ... met the remaining leaders": leaders of a bloc named as such before
            pos = self.offset + head.idx
            bloc = self._last_named(pos, lambda c: c.sector == "IGO" and c.text.lower().endswith(" leaders"))
            if bloc is not None:
                return [self._entity(span, code=bloc.code, sector="IGO", name=bloc.name,
                                     why=f"coref collective -> {bloc.text!r}", basis=(Basis.COREF_COLLECTIVE,))]
        own_sector = self.kb.sector_nouns.get(normalise(head.text)) or self.kb.sector_nouns.get(normalise(head.lemma_))
        # "both governments", "the two armies": the head's own sector (a country's name carries none)
        noun_sector = own_sector if COLLECTIVE_HEADS[hl] == "country" else None      # "both armies": army -> MIL
        if any(t.dep_ in ("amod", "compound") and (self.kb.phrases.get(normalise(t.text))) for t in span):
            return None  # "the two Korean leaders" is resolved by the scan
        pos = self.offset + head.idx
        kind = COLLECTIVE_HEADS[hl]
        pool = self.people if kind == "person" else self.countries if kind == "country" else self.people + self.countries
        # "met in Havana ... the two sides": the venue of an earlier act is no side
        pool = sorted((p for p in pool if p.start < pos and p.start not in self.venues), key=lambda e: e.start)
        picked: list[Entity] = self._latest_group(pos, kind, want)
        seen = set()
        for p in ([] if picked else reversed(pool)):
            ident = p.kb_id or (p.name or p.code, p.sector)    # "Colombia and the ELN rebels": two sides, one code
            if ident in seen:
                continue
            if kind == "country" and p.code in {q.code for q in picked}:
                continue
            seen.add(ident)
            picked.append(p)
            if len(picked) == want:
                break
        if len(picked) < want:
            if sides_of:        # the sides of a conflict or a deal, not political parties (no earlier pair)
                return [self._entity(span, why="the sides of a conflict or a deal, not named before",
                                     basis=(Basis.UNRESOLVED_NOUN,))]
            if counted and kind == "person":
                # "the two leaders discussed the situation in Sudan": leaders of two countries not named
                # before; their sector stands, and no one country of the text is theirs
                return [self._entity(span, sector=own_sector, why="a collective of parties not named before",
                                     basis=(Basis.COREF_COLLECTIVE, Basis.UNRESOLVED_NOUN))] if own_sector else None
            return None
        picked.sort(key=lambda e: e.start)
        return [self._entity(span, code=p.code, sector=noun_sector or p.sector, name=p.name, kb_id=p.kb_id,
                             why=f"coref collective -> {p.text!r}", basis=(Basis.COREF_COLLECTIVE,), role=p.role)
                for p in picked]

    def _latest_group(self, pos: int, kind: str, want: int) -> list[Entity]:
        """The parties last named together, as a coordination, before ``pos``, when they are ``want``
        distinct parties of the kind a collective gathers: "The government and the rebels ... agreed. The
        envoy said the two sides ..." are the government and the rebels, not the envoy and his host."""
        best: list[Entity] = []
        for g in self.groups:
            ents = [e for e in g if e.start < pos and e.start not in self.venues and (e.code or e.sector)]
            if kind == "person":
                ents = [e for e in ents if e.kb_id or Basis.PERSON_NAME in e.basis]
            idents = {e.code if kind == "country" else (e.kb_id or (e.name or e.code, e.sector)) for e in ents}
            if len(ents) == len(g) == want == len(idents) and (not best or min(e.start for e in ents) > min(e.start for e in best)):
                best = ents
        return list(best)

    def _previous_person(self, name: str, head) -> Entity | None:
        toks = set(normalise(name).split())
        # earlier than the whole mention: "Turkish Kurd refugees" does not point back to its own "Kurd"
        pos = self.offset + min(head.idx, mention_span(head).start_char)
        best = None
        for tok in toks:
            # the latest kept person sharing this word and named before the mention (an index, not a scan)
            for order, p in reversed(self._people_by_token.get(tok, ())):
                if p.start < pos:
                    if best is None or order > best[0]:
                        best = (order, p)
                    break
        return best[1] if best else None

    def _previous_by_role(self, country: str | None, head, any_role: bool = False) -> Entity | None:
        """The person a definite description points back to: the most salient earlier person (the subject
        of the latest sentence that names one) of the same country; with a title ("the president") the
        person's office must carry it, unless the description is generic ("the former general")."""
        pos = self.offset + head.idx
        title = head.lower_
        cands = [p for p in self.people if p.start < pos and (country is None or p.code == country)
                 and p.sector in ("GOV", None, "MIL", "IGO", "OPP", "PTY")]
        if head.dep_ not in ("nsubj", "nsubjpass"):
            # "The president then thanked the conservative leader": not the subject of the same sentence
            cands = [p for p in cands if self.salience.get(p.start, (-1, False)) != (head.sent.start, True)]
        if not any_role and title in ("president", "minister", "premier", "chancellor", "king", "queen"):
            cands = [p for p in cands if title in (p.role or "").lower() or title in p.text.lower()]
        return self._most_salient(cands)

    def _most_salient(self, cands: list[Entity]) -> Entity | None:
        if not cands:
            return None
        last_sent = max(self.salience.get(p.start, (-1, False))[0] for p in cands)
        same = [p for p in cands if self.salience.get(p.start, (-1, False))[0] == last_sent]
        subjects = [p for p in same if self.salience.get(p.start, (-1, False))[1]]
        return (subjects or same)[0]


def _main_clause_subject(pron):
    """The subject of the clause that an adverbial clause holding ``pron`` modifies: "hours after Russia hit
    Kyiv ... since it invaded" -> Russia; "after launching its coup, the military is struggling" -> the
    military. None when the pronoun's clause is not adverbial or that subject is itself a pronoun."""
    if pron.dep_ in ("nsubj", "nsubjpass"):
        verb = pron.head
        if pron.head is pron or not any(c.dep_ == "mark" for c in verb.children):
            return None                     # "Russia said it ...": reported speech is the speaker rule's
    elif pron.dep_ == "poss" and pron.head.dep_ in ("dobj", "pobj") and pron.head.head.pos_ == "VERB":
        verb = pron.head.head
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
    else:
        return None
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        gov = verb.head.head
    elif verb.dep_ == "advcl":
        gov = verb.head
    else:
        return None
    for _ in range(3):      # "two years after launching its coup": the preposition may hang on a measure
        if gov.pos_ in ("VERB", "AUX") or gov.head is gov:
            break
        gov = gov.head
    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ == "PRON" or subj is pron:
        return None
    return subj


def _binding_subject(pron):
    """ "the military is struggling to crush resistance to its rule": a possessive "its" in a clause
    whose subject is a noun is that subject's (climbing objects, prepositions and infinitives)."""
    if pron.dep_ != "poss":
        return None
    cur = pron.head
    for _ in range(6):
        if cur.dep_ not in ("dobj", "pobj", "prep", "xcomp", "attr", "acomp") or cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                continue
            if subj.pos_ == "PRON" or pron in subj.subtree or any(
                    t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") for t in pron.doc[subj.i + 1: pron.i]):
                return None     # "sanctioned Lithuania over its support": another party stands between
            return subj
    return None


def _venue(head, sector_nouns) -> bool:
    """A place named as where an act happened ("met in Havana", "negotiations at Geneva"), not where a
    party sits ("the ambassador in Kabul")."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in LOCATIVE_PREPS:
        return False
    gov = prep.head
    return gov.pos_ in ("VERB", "AUX") or (gov.pos_ == "NOUN" and normalise(gov.text) not in sector_nouns
                                           and gov.lower_ not in PERSON_ROLES)


def _ident(e: Entity) -> str:
    return e.kb_id or e.name or e.text


def _patron_group(out: dict, g, last) -> None:
    """ "Al-Qaeda-linked Al-Shabab fighters": a patron group; it stands for the party only when the phrase
    names no organisation of its own ("Al-Qaeda-linked militants")."""
    out.setdefault("patron", (g.code, f"the patron in '{last.text}-{last.doc[last.i + 2].text}'"))
    if g.sector:
        out.setdefault("patron_sector", g.sector)


def _patron_word(tok) -> bool:
    """True for the country word of "Russia-led", "Saudi-backed", "Iran-allied": its patron, not its identity."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in W["patron_words"]


def _stance_word(tok) -> bool:
    """True for the country word of "pro-Russian", "anti-Syria", "anti - American"."""
    doc = tok.doc
    if tok.lower_.startswith(("pro-", "anti-")):
        return True
    if tok.i >= 1 and doc[tok.i - 1].lower_ in ("pro", "anti"):
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("pro", "anti")


def _title_is(role: str, office: Office) -> bool:
    """The title said ("president", "chancellor") is the office's ("President", "Federal Chancellor")."""
    title = office.title.lower()
    return role in title or title in role


def _person_name(span) -> str | None:
    for ent in ents_in(span.doc, span.start, span.end):
        if ent.label_ == "PERSON":
            if len(ent) == 1 and ent.start > 0 and span.doc[ent.start - 1].lower_ == "the" \
                    and span.doc[ent.start - 1].i >= span.start:
                continue        # "the Rhine", "the Kremlin": a person's name takes no article
            txt, doc, j = ent.text, span.doc, ent.end
            while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                txt += "-" + doc[j + 1].text       # "Yoon Suk-yeol": the tagger's person stops at the hyphen
                j += 2
            if txt.endswith("'s"):
                txt = txt[:-2]
            return txt.strip()
    # NER sometimes misses a bare surname: a capitalised PROPN head not in the KB phrases
    return None


def _definite(span) -> bool:
    return any(t.lower_ in ("the", "its", "their") or t.dep_ == "poss" or t.pos_ == "PROPN" for t in span)


def _prefer(places):
    order = {"country": 0, "adjective": 1, "capital": 2, "seat": 3, "igo": 4, "group": 5}
    return sorted(places, key=lambda p: order.get(p.kind, 9))[0]


def _dedupe(ents: list[Entity]) -> list[Entity]:
    out, seen = [], set()
    for e in ents:
        k = (e.start, e.end, e.code, e.name, e.sector)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out
