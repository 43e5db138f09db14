"""Event locations: the place phrase attached to the event, resolved offline with context.

- "talks in Nara", "on the sidelines of the APEC summit in Gyeongju": a place
  under an in/at/near/on phrase of the trigger or its clause;
- "a trip to China": a visit's destination;
- the dateline place, only when the event plausibly happened there: the
  event is not historical and one of its parties belongs to that country (or
  an organisation among them has it as a member), or it has no coded party
  and the article names the dateline's country most.

Candidates are ranked by ``where.geoparse.Resolver``, the resolver `eventwire geoparse` uses:
the article's country context (countries its entities and dateline name), the event's parties,
what the text puts next to the name, then population; a city beats a province of the same name
("Nara" is Nara-shi, Japan, not Nara, Mali, nor the prefecture).  A place name inside an
organisation's name ("the Shanghai Cooperation Organisation meeting in Astana") is no place.
Every location's ``why`` names the phrase rule and the ranking rule that chose it.
"""
from __future__ import annotations

from ..syntax import CLAUSE_HOPS, climb, ent_at
from ..wordlists import load as wordlist
from .gazetteer import Gazetteer, Place, norm
from .geoparse import DATELINE_WEIGHT, Context, DocumentResolver

# word lists: data/words/places.yaml
W = wordlist("places")
PLACE_PREPS = W["place_prepositions"]
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP", "EVENT"}
NOT_PLACE_WORDS = W["not_place_words"]
# nouns that introduce a place name: "the Andalusian city of Cordoba", "Ethiopia's Tigray region"
PLACE_NOUNS = W["place_nouns"]
# nouns whose "of" phrase is a place: "the outskirts of Kyiv", "the port of Odesa"
AREA_NOUNS = W["area_nouns"]
STOP_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj"}
RELATIVE_PRONOUNS = wordlist("actors")["relative_pronouns"]


class Locator:
    def __init__(self, gazetteer: Gazetteer, kb, settings=None):
        from ..config import PlaceSettings
        self.gaz = gazetteer
        self.kb = kb
        self.settings = settings or PlaceSettings()
        self.resolver = DocumentResolver(gazetteer, kb, self.settings)    # the one resolver

    def place_country(self, name: str, big: bool = False, prefer: frozenset = frozenset()):
        """A town or region named as a party: its country, when the gazetteer knows a sizeable place
        (a big city when NER did not call the name a place); among places of one name, one in a
        country of ``prefer`` (the countries its sentence names) wins."""
        floor = self.settings.party_city_population if big else self.settings.party_town_population
        cands = [p for p in self.gaz.candidates(name) if p.country and norm(p.name) == norm(name)
                 and (p.population >= floor or (not big and p.feature in ("region", "admin1")))]
        if not cands:
            return None
        best = max(cands, key=lambda p: (p.country in prefer, p.population))
        return best.country, best.name

    def context(self, sp, dateline_place: str | None, headline: str | None = None) -> Context:
        return self.resolver.context(sp, dateline_place, headline)

    def best(self, name: str, ctx: Context, prefer: set[str] = frozenset(),
             qualifiers: set[str] = frozenset()) -> Place | None:
        return self.resolver.best(name, ctx, prefer, qualifiers)

    def qualifiers(self, span) -> set[str]:
        return self.resolver.qualifiers(span)

    def locate(self, trigger, anchor, visit: bool, parties: set[str], aux: str | None, ctx: Context,
               offset: int, material: bool = False, deploy: bool = False) -> dict | None:
        found = []
        for span in place_phrases(trigger, anchor, visit, material, deploy):
            quals = self.qualifiers(span)
            if found and found[0][1].feature in ("admin1", "country", "region") and found[0][1].country:
                # "outside the British Columbia legislature in Victoria": the wider place named first
                # says which Victoria
                quals = quals | {found[0][1].country}
                if found[0][1].feature == "admin1":
                    quals.add("admin1:" + norm(found[0][1].name))
            # "counter-tariffs on U.S. steel": a country's name that modifies a noun is not the event's place
            modifier = span.root.dep_ in ("compound", "amod", "nmod") and span.root.head not in span \
                and span.root.head.lemma_.lower() not in PLACE_NOUNS | AREA_NOUNS
            if modifier and (span.root.ent_type_ == "PERSON" or self.kb.person(span.text, None)[0] is not None):
                continue            # "the Ortega regime", "the Biden administration": a person's name, no place
            top, rule = self.resolver.best_with_why(span.text, ctx, prefer=parties, qualifiers=quals,
                                                    use_kb=not modifier)
            if top is not None:
                found.append((span, top.place, quals, rule))
            if len(found) >= 3:
                break
        if found:
            span, p, quals, rule = found[0]
            for span2, p2, quals2, rule2 in found[1:]:
                # "outside the British Columbia legislature in Victoria": the city inside the province wins
                if p.feature in ("admin1", "country", "region") and p2.feature in ("city", "landmark") \
                        and p2.country == p.country and (p.feature != "admin1" or norm(p2.admin1 or "") == norm(p.name)):
                    span, p, quals, rule = span2, p2, quals2, "the city inside the wider place named first"
                    break
            d = p.to_dict()
            d.update(text=span.text, start=offset + span.start_char, end=offset + span.end_char,
                     why="place phrase of the event" + (f" (qualified by {', '.join(sorted(quals))})" if quals else "")
                     + f"; chosen by: {rule}")
            return d
        dl = ctx.dateline
        if dl is None or aux is not None:
            return None
        why = None
        if dl.country in parties:
            why = "a party belongs to that country"
        elif any(dl.country in self.kb.igo_members.get(p, ()) for p in parties):
            why = "an organisation among the parties has that country as a member"   # "BRUSSELS -- the EU ..."
        elif not parties and _named_most(dl.country, ctx.countries):
            # "COLOMBO: Maldivian police raided ...": a story filed from elsewhere is not placed by its dateline
            why = "no party from elsewhere, and the article names that country most"
        if why is None:
            return None
        d = dl.to_dict()
        d.update(text=None, start=None, end=None, why=f"dateline place ({why})")
        return d


def _place_span(tok):
    """The name a token belongs to: its named entity, or its run of proper-noun compounds."""
    doc = tok.doc
    if tok.lower_ in NOT_PLACE_WORDS:
        return None
    if tok.ent_type_ in NOT_PLACE_LABELS and not (tok.ent_type_ == "NORP" and tok.tag_ == "NNP" and tok.dep_ == "pobj"):
        return None             # a NORP proper noun as the object of "off"/"in" is a place: "off Crimea"
    if tok.ent_type_:
        ent = ent_at(doc, tok.i)
        if ent is not None and ent.label_ in PLACE_LABELS | {"ORG", "PERSON"}:
            span = ent
            if span[0].lower_ == "the":
                span = doc[span.start + 1: span.end]
            return span if len(span) else None
    if tok.pos_ == "PROPN":
        lo = tok.i
        while lo > tok.sent.start and (doc[lo - 1].pos_ == "PROPN" or doc[lo - 1].text == "-"):
            lo -= 1
        while doc[lo].text == "-" and lo < tok.i:
            lo += 1
        return doc[lo: tok.i + 1]
    return None


def _search(tok, depth=0):
    """Place-name spans under a prepositional phrase, nearest first."""
    if depth > 4:
        return
    sp = _place_span(tok)
    if sp is not None:
        yield sp
    kids = [c for c in tok.children if c.dep_ not in STOP_DEPS]
    if tok.pos_ == "NOUN" and not ({tok.lemma_.lower(), tok.lower_} & (PLACE_NOUNS | AREA_NOUNS)):
        # "in its border dispute with Cambodia": an abstract noun is no place; only locatives go deeper
        kids = [c for c in kids if c.dep_ != "prep" or c.lower_ in PLACE_PREPS]
    if tok.lemma_.lower() in PLACE_NOUNS:
        # "Pakistan's Balochistan province", "the city of Cordoba": the name before the owner
        kids.sort(key=lambda c: 0 if c.dep_ in ("compound", "appos", "prep") else 1)
    for c in kids:
        if c.dep_ in ("prep", "pobj", "appos", "compound", "nmod", "poss"):
            yield from _search(c, depth + 1)


def _locatives(noun, depth=0, trip=False):
    """Places in locative phrases inside a noun phrase: "dozens of supporters in Caracas"."""
    if depth > 3:
        return
    for pp in noun.children:
        if pp.dep_ != "prep":
            continue
        for o in pp.children:
            if o.dep_ != "pobj":
                continue
            if pp.lower_ in PLACE_PREPS or (trip and pp.lower_ == "to"):
                yield from _search(o)
            elif pp.lower_ == "of":
                yield from _locatives(o, depth + 1)


def place_phrases(trigger, anchor, visit: bool, material: bool = False, deploy: bool = False):
    """Candidate place spans for an event, best first."""
    heads = [trigger]
    cur = anchor
    for _ in range(CLAUSE_HOPS - 1):      # the trigger's own clause and two that govern it
        if cur not in heads:
            heads.append(cur)
        # "hit a store in Kharkiv, killing 12": a participle clause happens where its head clause does
        if (cur.dep_ == "xcomp" or (cur.dep_ == "advcl" and cur.tag_ == "VBG")) and cur.head != cur:
            cur = cur.head
        else:
            break
    # "Israeli airstrikes hit a building in Beirut": a noun trigger's verb carries the place
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head not in heads:
        heads.append(trigger.head)
    # "an attempt to assassinate the governor was thwarted in Khanty-Mansiysk": the attempt's verb
    if trigger.dep_ == "acl" and trigger.head.dep_ in ("nsubj", "nsubjpass") and trigger.head.head not in heads:
        heads.append(trigger.head.head)
    # "pledged to deploy troops in Somalia": the governed act's place
    for h in list(heads):
        for c in h.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB" and c not in heads:
                heads.append(c)
    preps = {"to", "in", "at"} if visit or deploy else set()
    for h in heads:
        if visit and h.pos_ == "VERB":
            for c in h.children:
                if c.dep_ == "dobj":
                    yield from _search(c)
        for c in h.children:
            # "attacked a boat off Crimea": spaCy may call the preposition a particle
            if c.dep_ in ("prep", "prt") and (c.lower_ in PLACE_PREPS or c.lower_ in preps):
                if c.lower_ == "to" and not (visit or deploy):
                    continue
                for p in c.children:
                    if p.dep_ == "pobj":
                        yield from _search(p)
    # "met during a visit to the Kansai region", "on the sidelines of a summit in Gyeongju"
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("during", "amid", "for"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        yield from _locatives(o, trip=o.lemma_.lower() in ("visit", "trip", "tour", "mission"))
    # "Russia attacked Odesa", "struck the port of Odesa": the object of a non-visit event, when it is a place
    if not visit and material:
        for h in heads:
            for c in h.children:
                if c.dep_ == "dobj":
                    for t in [c, *[o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                   for o in p.children if o.dep_ == "pobj"]]:
                        if t.ent_type_ in ("GPE", "LOC", "FAC"):
                            sp = _place_span(t)
                            if sp is not None:
                                yield sp
    # "detained opposition supporters in Caracas", "met Syria's new leader in Damascus",
    # "Local officials in Paris, Texas, met ...": a locative on the object, then on the subject
    for h in heads:
        for dep in ("dobj", "pobj", "nsubj", "nsubjpass"):
            for c in h.children:
                if c.dep_ == dep or (dep == "pobj" and c.dep_ == "prep" and c.lower_ not in PLACE_PREPS):
                    noun = c if c.dep_ == dep else next((o for o in c.children if o.dep_ == "pobj"), None)
                    # "discussed the situation in Sudan": a verbal act's topic has its own place
                    topic = not material and dep in ("dobj", "pobj") and noun is not None \
                        and noun.lemma_.lower() in W["topic_nouns"]
                    if noun is not None and not topic:
                        yield from _locatives(noun)
    # "a trip to China, where he met Xi": the noun that a where-clause describes
    for h in heads:
        cur = h
        for _ in range(CLAUSE_HOPS):
            if cur.dep_ == "relcl" and any(c.lower_ == "where" for c in cur.children):
                sp = _place_span(cur.head)
                if sp is not None:
                    yield sp
                break
            if cur.head == cur or cur.dep_ not in ("xcomp", "relcl", "conj"):
                break
            cur = cur.head
    # "killed 23 people when they blew themselves up in Tel Aviv": a when-clause on a material act
    # tells the same act, so its place is the act's place
    if material:
        for c in trigger.children:
            if c.dep_ == "advcl" and any(m.dep_ == "advmod" and m.lower_ == "when" for m in c.children):
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:
                        for o in p.children:
                            if o.dep_ == "pobj":
                                yield from _search(o)


def locate_step(d, ctx) -> None:
    """Step: the event's place, from the place phrases of its clause, else the dateline."""
    parties = {e.code for e in d.actor + d.recipient if e.code}
    aux = d.aux or (d.clause_aux if d.clause_aux == "hypothetical" else None)
    d.location = ctx.coder.locator.locate(d.trigger, d.anchor, d.entry.visit, parties, aux, ctx.places,
                                          ctx.doc.body_start, material=d.category in ("ASSAULT", "COERCE"),
                                          deploy=d.category in ("MOBILIZE", "AID"))
    if d.location:
        d.decide("locate", "place_phrase" if d.location.get("start") is not None else "dateline")


def _named_most(code: str, counts: dict) -> bool:
    """The article names the dateline's country, with the dateline's weight, at least as often as any other
    country, and in its body too unless it names no other ("COLOMBO: Maldivian police ..." is about the
    Maldives)."""
    n = counts.get(code, 0)
    others = [k for c, k in counts.items() if c != code]
    return (n > DATELINE_WEIGHT or not others) and n >= max(others, default=0)


def _joined(low, high) -> bool:
    """``low``'s clause hangs on ``high``'s with no subject of its own (a participle, a shared-subject
    conjunct, an infinitive) or with a relative pronoun: "bombed a gathering in Sagaing that killed 170",
    "attacked the town, killing five"."""
    own = [c for c in low.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own and not all(c.lower_ in RELATIVE_PRONOUNS for c in own):
        return False
    return any(anc == high for anc in climb(low, CLAUSE_HOPS))


def shared_place_step(d, ctx) -> None:
    """Step over the sentence: an event with no place of its own, in a clause that hangs on a located
    event's clause, happened where that one did."""
    if d.location is not None or d.aux not in (None, "historical"):
        return                                  # a future or hypothetical event has no place yet
    for o in ctx.drafts:
        if o is d or o.dropped or not o.location or o.location.get("start") is None:
            continue
        if _joined(d.anchor, o.anchor) or _joined(o.anchor, d.anchor):
            d.location = dict(o.location, why=f"place of {o.trigger.text!r} in the same sentence: {o.location['why']}")
            d.decide("locate", "shared_place")
            return
