"""Toponym resolution: one resolver for `eventwire geoparse` and for the coder's event locations.

A name's candidates come from the gazetteer (cities500, countries, continents, first- and
second-level subdivisions, the seas, rivers, regions and crossings of ``data/places/features.yaml``,
and the locator's own ``aliases.yaml``); a demonym or a country's other name ("French", "U.S.")
comes through the knowledge base.  Each candidate is scored on what the text says:

* the text itself says which one: "Paris, Texas", "Tripoli in northern Lebanon", "Ethiopia's Tigray
  region", "the Andalusian city of Cordoba" (qualifiers, +10);
* the event's parties (the coder) and the countries the article names, its country focus;
* in a whole document, the other places it names: a candidate near them, or inside a first-level
  region it names, wins ("a Gaza town is in the Gaza Strip");
* a sovereign state outranks a first-level region of another state of the same name ("Niger");
* the exact name outranks an alternate one ("an oblast capital is not a village with a similar name");
* then population, and the feature class (a city over a province of the same name: "Nara").

End to end, a place name inside an organisation's name ("the Shanghai Cooperation Organisation", "the
Kyiv Independent") and a metonym ("Washington said") are no toponyms; with gold spans they are
resolved to the place they name, as the field scores them.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from ..data import DATA_DIR
from ..wordlists import load as wordlist
from .gazetteer import Gazetteer, Place, distance_km, norm

W = wordlist("places")
PLACE_NOUNS = W["place_nouns"]
GW = yaml.safe_load((DATA_DIR / "places" / "geoparse.yaml").read_text(encoding="utf-8"))
ORG_HEADS = frozenset(GW["org_heads"])
PLACE_HEADS = frozenset(GW["place_heads"])
DATELINE_WEIGHT = 2         # what a dateline adds to its country's count in the article's context
METONYM_VERBS = frozenset(GW["metonym_verbs"])
METONYM_NOUNS = frozenset(GW["metonym_nouns"])
ORG_PLACES = {norm(k): v for k, v in (GW.get("organisation_places") or {}).items()}
FACILITY_HEADS = frozenset(GW["facility_heads"])
STREET_HEADS = frozenset(GW["street_heads"])
HOSTED_HEADS = frozenset(GW["hosted_heads"])
OTHER_NAMES = {norm(k): v for k, v in (GW.get("other_names") or {}).items()}
GENERIC_WORDS = frozenset(GW["generic_words"])
PLACE_PREFIXES = frozenset(GW["place_prefixes"])
DIRECTIONS = frozenset(GW["directions"])
SUBDIVISION_SUFFIXES = frozenset(GW["subdivision_suffixes"])
SUBDIVISION_FEATURES = ("admin1", "admin2", "region", "disputed")
TOPONYM_LABELS = ("GPE", "LOC", "FAC")
LOCATIVE_PREPS = frozenset(GW["locative_preps"])
SMALL_TOWN = 100_000        # a town smaller than this yields to a first-level region of its name
AIRPORT_WEIGHT = 100_000    # an airport named alone ("Heathrow") ranks as a town this big (it reports no population)
INNER_POPULATION = 50_000   # a town this big can be what a longer name ("Cambridge University") names
BIG_CITY = 500_000          # a city this big outranks a province of its name anywhere in its country ("Washington")
AREA_FEATURES = ("admin1", "country", "region", "continent", "sea", "ocean", "disputed")


@dataclass
class Context:
    countries: dict[str, int]          # ISO3 -> mentions in the article
    dateline: Place | None = None
    near: list = field(default_factory=list)      # (mention start, Place): the text's other places, resolved
    regions: dict = field(default_factory=dict)   # (country, admin1 name) -> mentions of that first-level region
    kinds: set = field(default_factory=set)       # feature classes of the places a name is listed with


@dataclass
class Ranked:
    place: Place
    score: float
    parts: dict                        # rule -> points it gave

    def why(self, runner_up: "Ranked | None") -> str:
        """The rule that put this candidate ahead of the next one."""
        if runner_up is None:
            return "the only place of that name"
        diff = {k: v - runner_up.parts.get(k, 0.0) for k, v in self.parts.items()}
        rule = max(diff, key=lambda k: diff[k])
        return RULE_WORDS.get(rule, rule)


RULE_WORDS = {
    "qualified": "the text says which one (\"X, Y\", \"X in Y\", \"Y's X\")",
    "alias": "the locator's own alias table",
    "parties": "a country of the event's parties",
    "focus": "the country focus of the article",
    "country": "a sovereign state outranks a region of the same name",
    "near": "near the other places the text names",
    "in_region": "inside a region the text names",
    "name": "the exact name outranks an alternate one",
    "population": "the most populous place of that name",
    "city_over_admin": "a city outranks the province of the same name",
    "admin_over_town": "a state or province outranks a small town of the same name in its country",
    "kb": "a country the knowledge base knows by that name",
    "listed": "listed with places of the same kind",
}


class Resolver:
    """Name -> place, with the evidence of the text; ``best`` serves the coder, ``document`` geoparsing."""

    def __init__(self, gazetteer: Gazetteer, kb, settings=None):
        from ..config import PlaceSettings
        self.gaz = gazetteer
        self.kb = kb
        self.settings = settings or PlaceSettings()

    # ------------------------------------------------------------------ candidates
    def candidates(self, name: str, allow_org: bool = False, use_kb: bool = True) -> tuple[str, list[Place]]:
        """The name's candidates; a longer name with none is read for the place inside it ("San Jose
        City Hall"), but never an organisation's name ("the Shanghai Cooperation Organisation") nor a
        generic word ("Lake Manassas" is not "Lake").  A country the knowledge base knows by that
        adjective joins them ("French"), and one it knows by that name ("Congo", "U.S.") unless a region
        or a sizeable place bears exactly that name ("Northern Ireland" is not the United Kingdom)."""
        if "," in name:
            name = name.split(",")[0].strip()          # "Washington, D.C.": the qualifier is read apart
        cands = self._acronym_filter(name, self.gaz.candidates(name))
        if not cands and len(name.split()) > 1 and name.split()[0].lower() in DIRECTIONS:
            rest = name.split(None, 1)[1]              # "central Nigeria", "northern Gaza"
            rest_cands = self._acronym_filter(rest, self.gaz.candidates(rest))
            if rest_cands:
                name, cands = rest, rest_cands
        if not cands and use_kb and " of " in name and self.kb_countries(name):
            return name, [c for c, _kind in self.kb_countries(name)]    # "Democratic People's Republic of Korea"
        if not cands and " of " in name:
            head, tail = name.rsplit(" of ", 1)
            if allow_org or head.lower().split()[-1] in PLACE_PREFIXES:
                name, cands = tail, self.gaz.candidates(tail)    # "the Republic of Armenia", "the City of Cape Town"
        if norm(name) in OTHER_NAMES:                  # "English" is England, "Herts" Hertfordshire, "SA" ...
            have = {p.geonameid for p in cands}
            cands = cands + [p for target in OTHER_NAMES[norm(name)] for p in self.gaz.candidates(target)
                             if p.feature != "city" and p.geonameid not in have]
        if not cands and use_kb and self.kb_countries(name):
            return name, [c for c, _kind in self.kb_countries(name)]    # "Czech Republic", "Saint Lucian", "Holy See"
        words = name.split()
        dropped: list[str] = []
        while not cands and len(words) > 1:
            dropped.append(words[-1].lower().strip(".,'"))
            words = words[:-1]
            if not allow_org and is_org_tail(dropped):
                return name, []
            if len(words) == 1 and (words[0].lower() in GENERIC_WORDS or len(words[0]) < 3):
                return name, []
            name = " ".join(words)
            cands = self._acronym_filter(name, self.gaz.candidates(name))
            use_kb = False                             # "French Quarter" is not France
        if len(dropped) == 1 and dropped[0] in SUBDIVISION_SUFFIXES:
            areas = [p for p in cands if p.feature in SUBDIVISION_FEATURES]
            cands = areas or cands                     # "Sokoto State" is the state, not the city
        key = norm(name)
        kb = self.kb_countries(name) if use_kb else []
        exact_area = any(norm(p.name) == key and (p.feature in AREA_FEATURES or p.population >= 100_000)
                         for p in cands)
        ids = {p.geonameid for p in cands}
        cands += [c for c, kind in kb if c.geonameid not in ids and (kind == "adjective" or not exact_area)]
        return name, cands

    @staticmethod
    def _acronym_filter(name: str, cands: list[Place]) -> list[Place]:
        """"EU" is no town called Eu: an all-capital short name matches only places written so."""
        letters = name.replace(".", "")
        if 2 <= len(letters) <= 4 and letters.isupper():
            return [p for p in cands if p.feature not in ("city",) or p.name.replace(".", "").isupper()]
        return cands

    def kb_countries(self, name: str) -> list[tuple[Place, str]]:
        """"U.S.", "Britain", "French": the country the knowledge base knows by that name or adjective."""
        out = []
        for p in self.kb.place(name):
            if len(p.code) == 3 and p.kind in ("country", "adjective"):
                c = self.gaz.country(p.code)
                if c is not None and all(c.geonameid != o.geonameid for o, _k in out):
                    out.append((c, p.kind))
        return out

    # ------------------------------------------------------------------ ranking
    def rank(self, name: str, ctx: Context, prefer=frozenset(), qualifiers=frozenset(),
             allow_org: bool = False, use_kb: bool = True) -> list[Ranked]:
        """Every candidate with its score and the points each rule gave, best first."""
        if "," in name:
            qualifiers = set(qualifiers) | self._comma_qualifiers(name.split(",", 1)[1])
        name, cands = self.candidates(name, allow_org, use_kb)
        if not cands:
            return []
        adjective = {c.geonameid for c, kind in self.kb_countries(name) if kind == "adjective"} if use_kb else set()
        known = set(prefer) | set(qualifiers) | {c for c, n in ctx.countries.items() if n}
        # a hamlet is a place only where the text already is: "FIS" is not Fiss, Austria
        cands = [p for p in cands if p.feature not in ("city", "admin2") or p.population >= self.settings.hamlet_population
                 or p.country in known]
        key = norm(name)
        alias_ids = {id(a) for a in self.gaz.aliases.get(key, [])}
        out = [Ranked(p, 0.0, self._parts(p, key, cands, ctx, prefer, qualifiers, id(p) in alias_ids))
               for p in cands]
        for r in out:
            if r.place.geonameid in adjective and r.place.feature == "country":
                r.parts["kb"] = 4.0                    # "German": a demonym names its country
        for r in out:
            r.score = sum(r.parts.values())
        return sorted(out, key=lambda r: -r.score)

    def _parts(self, p: Place, key: str, cands: list, ctx: Context, prefer, qualifiers, from_alias: bool) -> dict:
        parts = {"population": math.log10((AIRPORT_WEIGHT if p.feature == "airport" else p.population) + 10)}
        if p.country in qualifiers or (p.admin1 and "admin1:" + norm(p.admin1) in qualifiers):
            parts["qualified"] = 10.0                  # the text itself says which one
        if from_alias and p.feature in ("region", "landmark", "sea"):
            parts["alias"] = 6.0                       # our own alias table is specific
        if p.country in prefer:
            parts["parties"] = 4.0
        parts["focus"] = min(ctx.countries.get(p.country or "", 0), 3) * 1.5
        if p.feature == "country":
            parts["country"] = 2.0
        if p.feature in ("admin1", "admin2") and any(c.feature == "city" and c.country == p.country
                                                     and c.population * 10 >= p.population
                                                     and (p.feature == "admin2" or norm(c.admin1 or "") == norm(p.name)
                                                          or c.population >= BIG_CITY)
                                                     for c in cands):
            parts["city_over_admin"] = -3.0            # "Nara": the city in the prefecture, not a town elsewhere
        elif p.feature == "admin2" and any(c.feature == "city" for c in cands):
            parts["city_over_admin"] = -1.5            # a district is named less often than a town abroad
        if p.feature == "admin2" and any(c.feature == "admin1" and c.country == p.country and norm(c.name) == norm(p.name)
                                         for c in cands):
            parts["city_over_admin"] = parts.get("city_over_admin", 0.0) - 2.0    # "Hawaii": the state, not the county
        if p.feature == "city" and p.population < SMALL_TOWN and any(
                c.feature == "admin1" and c.country == p.country and norm(c.name) == key for c in cands):
            parts["admin_over_town"] = -2.5            # "Wyoming": the state, not a town in Michigan
        if p.country is None and p.feature in ("ocean", "sea", "continent", "region"):
            parts["focus"] = min(max(ctx.countries.values(), default=0), 3) * 1.5   # open sea is in every story
        own, said = _canon(norm(p.name)), _canon(key)
        if own != said and not own.startswith(said + " ") and p.feature != "airport":
            parts["name"] = -2.0                       # matched by an alternate name only (an airport's short
            #                                            form, "Heathrow", is how news names it)
        if ctx.near:
            parts.update(self._near(p, ctx, key))
        return parts

    def _comma_qualifiers(self, rest: str) -> set[str]:
        """"Washington, D.C.", "Paris, Texas" written as one name: what follows the comma qualifies it."""
        rest = rest.strip()
        out = {"admin1:" + norm(rest)}
        for p, _kind in self.kb_countries(rest):
            out.add(p.country)
        for p in self.gaz.candidates(rest):
            if p.feature == "admin1":
                out.add("admin1:" + norm(p.name))
            elif p.feature == "country":
                out.add(p.country)
        return out

    def _near(self, p: Place, ctx: Context, own: str) -> dict:
        """Document mode: the text's other places vote for candidates near them or inside them, and a
        name listed with others of one kind ("Idaho, Washington and Oregon") is of that kind."""
        out = {}
        if ctx.kinds and p.feature in ctx.kinds:
            out["listed"] = 2.0
        if p.lat is not None and p.feature not in ("country", "continent", "ocean") and \
                (norm(p.name) == own or norm(p.name).startswith(own)):
            d = min((distance_km(p.lat, p.lon, q.lat, q.lon) for _s, q in ctx.near
                     if q.lat is not None and q.feature not in ("country", "continent", "ocean", "sea", "region")
                     and q.geonameid != p.geonameid), default=None)
            if d is not None:
                out["near"] = 3.0 if d < 50 else 2.0 if d < 200 else 1.0 if d < 500 else 0.0
        if p.admin1 and p.feature != "admin1" and any(
                q.feature == "admin1" and q.country == p.country and norm(q.name) == norm(p.admin1) for _s, q in ctx.near):
            out["in_region"] = 2.0
        return out

    def best(self, name: str, ctx: Context, prefer=frozenset(), qualifiers=frozenset()) -> Place | None:
        ranked = self.rank(name, ctx, prefer, qualifiers)
        return ranked[0].place if ranked else None

    def best_with_why(self, name: str, ctx: Context, prefer=frozenset(), qualifiers=frozenset(),
                      allow_org: bool = False, use_kb: bool = True) -> tuple[Ranked | None, str]:
        ranked = self.rank(name, ctx, prefer, qualifiers, allow_org, use_kb)
        if not ranked:
            return None, ""
        return ranked[0], ranked[0].why(ranked[1] if len(ranked) > 1 else None)

    # ------------------------------------------------------------------ qualifiers
    def qualifiers(self, span) -> set[str]:
        """Country codes and admin1 names that the text puts next to a place name:
        "Paris, Texas", "Tripoli in northern Lebanon", "the Andalusian city of Cordoba",
        "Ethiopia's northern Tigray region", "California's Silicon Valley"."""
        doc = span.doc
        out: set[str] = set()
        words: list = []
        # "Paris, Texas" / "Birmingham, England"
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            j = span.end + 1
            run = []
            while j < len(doc) and doc[j].pos_ == "PROPN":
                run.append(doc[j])
                j += 1
            if run:
                words.append(doc[run[0].i: run[-1].i + 1].text)
        root = span.root
        # "Tripoli in northern Lebanon"
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "of"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        words.append(o.text)
        # the noun phrase around the name: "the southern Indian city of Hyderabad", "Pakistan's Balochistan"
        heads = [root]
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS:
            heads.append(root.head.head)
        if root.dep_ in ("compound", "appos") and root.head.lemma_.lower() in PLACE_NOUNS:
            heads.append(root.head)
        for h in heads:
            for c in h.children:
                if c.dep_ in ("amod", "poss", "compound", "nmod") and c.i < h.i and c not in span:
                    words.append(c.text)
        for w in words:
            for p in self.kb.place(w):
                if len(p.code) == 3 and p.kind in ("country", "adjective"):
                    out.add(p.code)
            k = norm(w)
            if k and k not in ("the",):
                out.add("admin1:" + k)
        return out


def is_org_tail(words: list[str]) -> bool:
    """Words after a place name that make the whole an organisation's name."""
    ws = {w.lower().strip(".,'\u2019") for w in words}
    return bool(ws & ORG_HEADS) and not (ws & PLACE_HEADS)


# --------------------------------------------------------------------------- documents
class DocumentResolver(Resolver):
    """`eventwire geoparse`: the toponyms of a text (or the spans given), resolved in two passes."""

    def context(self, sp, dateline_place: str | None = None, headline: str | None = None) -> Context:
        """The countries the article names, and its dateline: place entities the knowledge base knows, and
        a country's own name wherever the parser put it ("Burkina Faso’s military" tagged as an
        organisation, "Burkina Faso was plunged into chaos" left untagged)."""
        counts: Counter = Counter(self.headline_countries(headline or ""))
        for ent in sp.ents:
            if ent.label_ in ("GPE", "NORP", "LOC"):
                counts.update(p.code for p in self.kb.place(ent.text) if len(p.code) == 3)
            elif ent.label_ in ("ORG", "PERSON", "FAC"):
                counts.update(filter(None, [self.country_named(_name(ent.text))]))
        tagged = {t.i for ent in sp.ents for t in ent}
        counts.update(filter(None, (self.country_named(span.text) for span in _proper_runs(sp, tagged))))
        ctx = Context(counts)
        if dateline_place:
            ctx.dateline = self.best(dateline_place, ctx)
            if ctx.dateline and ctx.dateline.country:
                counts[ctx.dateline.country] = counts.get(ctx.dateline.country, 0) + DATELINE_WEIGHT
        return ctx

    def headline_countries(self, headline: str) -> list[str]:
        """Countries a headline names ("Crackdown in Lesotho", "Georgian police detain ..."), read from
        its capitalised words without parsing it: the longest run of up to three the KB knows."""
        out = []
        for run in re.finditer(r"[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*)*", headline):
            words = [_name(w) for w in run.group(0).split()]
            i = 0
            while i < len(words):
                for n in range(min(3, len(words) - i), 0, -1):
                    codes = {p.code for p in self.kb.place(" ".join(words[i:i + n])) if len(p.code) == 3}
                    if len(codes) == 1:
                        out.append(codes.pop())
                        i += n
                        break
                else:
                    i += 1
        return out

    def country_named(self, text: str) -> str | None:
        """The ISO code of the country ``text`` names exactly (not a town that shares a name with one)."""
        codes = {p.country for p in self.gaz.candidates(text) if p.feature == "country" and p.country}
        return next(iter(codes)) if len(codes) == 1 else None

    def find(self, sp) -> list:
        """End to end: place entities ("Abuja and Kano" split in two), and proper nouns the parser left
        untagged that the gazetteer knows as a country, a region or a town of 100,000 people; less
        organisation names and metonyms."""
        out = []
        for ent in sp.ents:
            if ent.label_ not in TOPONYM_LABELS:
                continue
            for span in _split(ent):
                if not (self.org_name(span) or metonym(span)):
                    out.append(span)
        tagged = {t.i for ent in sp.ents for t in ent if not (ent.label_ == "PERSON" and len(ent) == 1)}
        for span in _proper_runs(sp, tagged):
            if span.root.ent_type_ == "PERSON" and not any(
                    p.feature == "country" or p.population >= 300_000 for p in self.gaz.candidates(span.text)):
                continue                      # a one-word "person" is a place only if it is a big one: "Kharkiv"
            if any(p.feature in AREA_FEATURES or p.population >= 100_000 for p in self.gaz.candidates(span.text)) \
                    and not (self.org_name(span) or metonym(span)):
                out.append(span)
        for ent in sp.ents:                   # "stores in Nitra and Kosice", "a gas station in Riverdale": a
            if ent.label_ in ("ORG", "PERSON", "PRODUCT") and (     # place the tagger took for a firm or a person;
                    (_after_locative(ent) and self._town_name(ent))  # a country's own name anywhere ("such
                    or self.country_named(_name(ent.text))) \
                    and not (self.org_name(ent) or metonym(ent)):
                out.append(ent)               # as Cyprus, Greece or Spain")
        return sorted(out, key=lambda x: x.start)

    def _town_name(self, span) -> bool:
        """The whole span is the exact name of a place (a town of 1,000 people or an area) and nothing the
        knowledge base knows as a person, a group or an organisation (the caller rules out an organisation's
        name and a metonym)."""
        name = _name(span.text)
        if any(p.kind in ("igo", "group") for p in self.kb.place(name)) or self.kb.person(name, None)[0]:
            return False
        own = norm(name)
        return any(norm(p.name) == own and (p.feature in AREA_FEATURES + ("admin2",) or p.population >= 1_000)
                   for p in self.gaz.candidates(name))

    def org_name(self, span) -> bool:
        """"the Kyiv Independent", "the Bank of England": the name is part of an organisation's."""
        doc = span.doc
        j, tail = span.end, []
        while j < len(doc) and (doc[j].pos_ == "PROPN" or doc[j].text[:1].isupper()) and not doc[j].is_sent_start:
            tail.append(doc[j].text)
            j += 1
        if tail and is_org_tail(tail) and not self.gaz.candidates(doc[span.start:j].text):
            return True
        i, head = span.start - 1, []
        if i > 0 and doc[i].lower_ == "of":
            k = i - 1
            while k >= 0 and doc[k].text[:1].isupper() and not doc[k].is_sent_start:
                head.append(doc[k].text)
                k -= 1
            if doc[k].is_sent_start and doc[k].text[:1].isupper():
                head.append(doc[k].text)
        return bool(head) and is_org_tail(head)

    def document(self, text: str, sp, spans: list[tuple[int, int]] | None = None,
                 dateline_place: str | None = None, dateline_span: tuple[int, int] | None = None,
                 dateline_end: int = 0) -> list[dict]:
        """One record per toponym: the spans given (gold-span mode) or the ones found, with the dateline's
        place (``dateline_span``) among them, and any other place name inside the dateline (its first
        ``dateline_end`` characters: "KABUL, Afghanistan (AP) —"), which the parser, reading the dateline
        as part of the first sentence, may take for a subject."""
        gold = spans is not None
        if gold:
            mentions = [(s, e, sp.char_span(s, e, alignment_mode="expand")) for s, e in spans]
        else:
            mentions = [(m.start_char, m.end_char, m) for m in self.find(sp)]
            if dateline_span and not any(s < dateline_span[1] and dateline_span[0] < e for s, e, _m in mentions):
                s, e = dateline_span                   # "MEXICO CITY (AP)": capitals the tagger reads as nothing
                mentions.insert(0, (s, e, sp.char_span(s, e, alignment_mode="expand")))
            for ent in sp.ents:
                if ent.end_char <= dateline_end and ent.label_ in TOPONYM_LABELS \
                        and not any(s < ent.end_char and ent.start_char < e for s, e, _m in mentions):
                    mentions.append((ent.start_char, ent.end_char, ent))
            mentions.sort(key=lambda m: m[0])
        ctx = self.context(sp, dateline_place)
        quals = [self.qualifiers(m) if m is not None else set() for _s, _e, m in mentions]
        first = [self.best_with_why(_name(text[s:e]), ctx, qualifiers=q, allow_org=gold)[0]
                 for (s, e, _m), q in zip(mentions, quals)]
        doc_ctx = _document_context(ctx, [(s, text[s:e], r.place) for (s, e, _m), r in zip(mentions, first) if r])
        second = []                                    # pass two: each name with the document's evidence
        for (s, e, _m), q in zip(mentions, quals):
            name = _name(text[s:e])
            if gold and norm(name) in ORG_PLACES:
                name = ORG_PLACES[norm(name)]          # "the EU" is scored as Europe
            own = norm(name)
            mctx = Context(doc_ctx.countries, doc_ctx.dateline,
                           [(x, p) for x, p in doc_ctx.near if x != s and norm(p.name) != own], doc_ctx.regions,
                           _listed_kinds(_m, mentions, first))
            ranked = self.rank(name, mctx, qualifiers=q, allow_org=gold)
            whole = bool(ranked) and _same_place_name(self.candidates(name, allow_org=gold)[0], own) \
                and not (_hosted(name) and ranked[0].place.feature == "country")    # "Embassy of Armenia"
            second.append((s, e, name, q, mctx, ranked, whole))
        town = _focus_town(Context(doc_ctx.countries, near=[(s, r[0].place) for s, _e, _n, _q, _c, r, whole in second
                                                             if whole], regions=doc_ctx.regions))
        land = self.gaz.country(max(doc_ctx.countries.items(), key=lambda kv: kv[1])[0]) \
            if gold and doc_ctx.countries else None
        out = []
        for s, e, name, q, mctx, ranked, whole in second:
            rec = _record(text, s, e, ranked)
            if whole:                                  # the whole name is in the gazetteer ("New York", "North American")
                out.append(rec)
                continue
            inner = self.inner_place(name, mctx, q)
            facility = _facility(name)
            if inner is not None:                      # "University of Alberta", "Robinson College Cambridge"
                rec = _record(text, s, e, [inner])
                rec["why"], rec["score"] = f"the place its name names ({inner.place.name})", 0.7
            elif town is not None and (facility or (gold and not ranked)):
                rec = _record(text, s, e, [Ranked(town, 0.0, {})])
                if ranked or facility:
                    rec["why"], rec["score"] = "a street or building: the town the text is about", 0.5
                else:                                  # a gold span is a place: one the gazetteer lacks
                    rec["why"], rec["score"] = "no entry in the gazetteer: the town the text is about", 0.3
            elif gold and not ranked and land is not None:   # a gold span the gazetteer lacks, in a text with no town
                rec = _record(text, s, e, [Ranked(land, 0.0, {})])
                rec["why"], rec["score"] = "no entry in the gazetteer: the country the text is about", 0.2
            out.append(rec)
        return out

    def inner_place(self, name: str, ctx: Context, qualifiers=frozenset()) -> Ranked | None:
        """The place a longer name is named after: the longest run of its words (the first of equal
        length) that names a country, a region, a county, an airport or a town of ``INNER_POPULATION``;
        never a generic word."""
        words = re.sub(r"[,/]", " ", name).split()
        if words and words[-1].lower().strip(".") in STREET_HEADS:
            return None                                # "Northumberland Avenue" is not in Northumberland
        hosted = _hosted(name)                         # "the Kenyan Embassy" is not in Kenya
        for n in range(min(len(words) - 1, 4), 0, -1):
            for i in range(len(words) - n + 1):
                part = " ".join(words[i:i + n])
                if all(w.lower().strip(".'\u2019") in GENERIC_WORDS | FACILITY_HEADS | DIRECTIONS
                       or w.lower() in ("of", "and", "&") for w in words[i:i + n]):
                    continue
                used, cands = self.candidates(part)
                if norm(used) != norm(part) or not cands:
                    continue                           # only a shorter part is a place: that part is tried in turn
                if not any(norm(p.name) == norm(part) for p in cands) and \
                        all(kind == "adjective" for _c, kind in self.kb_countries(part)) and i > 0:
                    continue                           # a country's adjective names it first ("British Embassy"), not
                    #                                    inside a name ("Percy French Hotel")
                ranked = self.rank(part, ctx, qualifiers=qualifiers)
                top = ranked[0] if ranked else None
                if top and hosted and top.place.feature == "country":
                    continue
                if top and (top.place.feature in AREA_FEATURES + ("admin2", "airport")
                            or top.place.population >= INNER_POPULATION):
                    return top
        return None


def _same_place_name(used: str, own: str) -> bool:
    """The name the candidates were found by is the whole name, or the whole name less a subdivision
    word ("Sokoto State" found as "Sokoto")."""
    used = norm(used)
    return used == own or (own.startswith(used + " ") and own[len(used) + 1:] in SUBDIVISION_SUFFIXES)


def _split(ent) -> list:
    """"the Abuja and Kano": one span per coordinated name, without the article."""
    parts, cur = [], []
    for t in ent:
        if t.lower_ in ("and", "or", ",", "&") or (t.lower_ == "the" and not cur):
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return [ent.doc[c[0].i: c[-1].i + 1] for c in parts]


NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point", "pto": "puerto"}


def _canon(key: str) -> str:
    """A normalised name with its abbreviations spelt out: "St. Petersburg" is Saint Petersburg's own name."""
    return " ".join(NAME_ABBREVIATIONS.get(w, w) for w in key.split())


def _after_locative(span) -> bool:
    """The object of a preposition of place ("in", "near", "from" ...), or a name listed with it."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def _proper_runs(sp, tagged: set) -> list:
    """Runs of capitalised proper nouns outside every entity."""
    runs, cur = [], []
    for t in sp:
        if t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in tagged and t.is_alpha:
            cur.append(t)
        else:
            if cur:
                runs.append(sp[cur[0].i: cur[-1].i + 1])
            cur = []
    if cur:
        runs.append(sp[cur[0].i: cur[-1].i + 1])
    return runs


def _name(text: str) -> str:
    t = text.strip()
    if t.lower().startswith("the "):
        t = t[4:]
    if t.endswith(("'s", "\u2019s")):
        t = t[:-2]
    return t


def _listed_kinds(span, mentions: list, first: list) -> set:
    """The feature classes of the places a name is coordinated with ("Idaho, Washington and Oregon"),
    when they agree."""
    if span is None:
        return set()
    mine = {t.i for t in span}

    def group(sp) -> int:
        root = sp.root
        while root.dep_ == "conj" and root.head != root:
            root = root.head
        return root.i
    g = group(span)
    kinds = [r.place.feature for (_s, _e, m), r in zip(mentions, first)
             if m is not None and r is not None and not ({t.i for t in m} & mine) and group(m) == g
             and (m.root.dep_ == "conj" or span.root.dep_ == "conj")]
    return {kinds[0]} if kinds and len(set(kinds)) == 1 else set()


def _facility(name: str) -> bool:
    """A building, a street or a mission: it stands in the town the text is about."""
    return name.split()[-1].lower().strip(".") in FACILITY_HEADS or _hosted(name)


def _hosted(name: str) -> bool:
    """A mission's name ("the British Embassy", "Consulate of Peru"): it stands where it is sent."""
    lowered = " " + " ".join(re.sub(r"[,/]", " ", name).lower().split()) + " "
    return any(f" {h} " in lowered for h in HOSTED_HEADS)


def _focus_town(ctx: Context) -> Place | None:
    """The town the text names most; ties go to a town in the first-level region the text names most
    ("Va.": of Charleston, Centreville and Gainesville, named once each, a Virginia town), then to one
    in the country it names most, then to the first named."""
    counts: dict[int, list] = {}
    for s, p in ctx.near:
        if p.feature == "city" and p.geonameid:
            region = ctx.regions.get((p.country, norm(p.admin1 or "")), 0)
            counts.setdefault(p.geonameid, [0, region, ctx.countries.get(p.country or "", 0), -s, p])[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda c: tuple(c[:4]))[4]


def _document_context(ctx: Context, resolved: list[tuple[int, str, Place]]) -> Context:
    """Pass two: the countries, regions and points that pass one found (each mention counts once)."""
    counts = dict(ctx.countries)
    regions: dict = {}
    for _s, _t, p in resolved:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
        if p.feature == "admin1" and p.country:
            regions[(p.country, norm(p.name))] = regions.get((p.country, norm(p.name)), 0) + 1
    return Context(counts, ctx.dateline, [(s, p) for s, _t, p in resolved], regions)


def _record(text: str, s: int, e: int, ranked: list[Ranked]) -> dict:
    rec = {"start": s, "end": e, "text": text[s:e], "name": None, "geonameid": None, "lat": None, "lon": None,
           "country": None, "admin1": None, "feature": None, "population": None, "score": 0.0,
           "why": "no place of that name in the gazetteer"}
    if ranked:
        top = ranked[0]
        second = ranked[1] if len(ranked) > 1 else None
        rec.update(top.place.to_dict())
        rec["population"] = top.place.population
        margin = top.score - second.score if second else 10.0
        rec["score"] = round(1.0 / (1.0 + math.exp(-margin)), 3)
        rec["why"] = top.why(second)
    return rec


def metonym(span) -> bool:
    """"Washington said", "Beijing's response", "U.S. officials": the place stands for its government
    or its people."""
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in METONYM_VERBS:
        return True
    if root.dep_ in ("poss", "compound", "nmod", "amod") and root.head.lemma_.lower() in METONYM_NOUNS:
        return True
    return False
