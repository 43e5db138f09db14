"""The core: ``process_batch(list[dict]) -> list[dict]`` and the Python API.

Every runner (CLI, process pool, HTTP API, Spark) calls ``process_batch``;
the spaCy model, the lexicon and the knowledge base are loaded once per process.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Iterable

from .actors.kb import load_kb
from .actors.resolve import ActorResolver, mention_span
from .config import Settings
from .events import dating, modality
from .events.contexts import contexts_for
from .events.extract import (FALLBACK_CATEGORIES, arguments, fallback_recipient, find_triggers,
                             shared_recipient, stated_target, suppress)
from .events.lexicon import load_lexicon
from .ingest.document import make_document
from .nlp import load_pipeline
from .ontology import load_ontology
from .records import Document, Entity, Event
from .when import dates
from .where.gazetteer import load_gazetteer
from .where.locate import Locator

log = logging.getLogger("eventwire")
VERSION = "0.1.0"


class Coder:
    """Holds the loaded resources; one per process."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self.nlp = load_pipeline(self.settings.model)
        self.kb = load_kb(tuple(self.settings.extra_kb))
        self.lexicon = load_lexicon()
        self.ontology = load_ontology()
        self.locator = Locator(load_gazetteer(), self.kb)
        self.common_words = _common_nouns(self.nlp)

    # ------------------------------------------------------------------ API
    def code_documents(self, docs: list[Document]) -> list[list[Event]]:
        texts = [d.text[d.body_start: d.body_start + self.settings.max_chars] for d in docs]
        out = []
        for d, sp in zip(docs, self.nlp.pipe(texts, batch_size=self.settings.batch_size)):
            out.append(self.code_parsed(d, sp))
        return out

    def _resolver(self, doc: Document) -> ActorResolver:
        story = dt.date.fromisoformat(doc.story_date) if doc.story_date else None
        blocked = {doc.dateline.agency} if doc.dateline and doc.dateline.agency else set()
        if doc.source:
            blocked.add(doc.source)
        return ActorResolver(self.kb, story, offset=doc.body_start, blocked=blocked,
                             place_country=self._place_country, common_words=self.common_words)

    def _place_country(self, name: str, big: bool = False, prefer: frozenset = frozenset()):
        """A town or region named as a party: its country, when the gazetteer knows a sizeable place
        (a city of 300,000 when NER did not call the name a place); among places of one name, one in a
        country of ``prefer`` (the countries its sentence names) wins."""
        from .where.gazetteer import norm
        floor = 300_000 if big else 50_000
        cands = [p for p in self.locator.gaz.candidates(name) if p.country and norm(p.name) == norm(name)
                 and (p.population >= floor or (not big and p.feature in ("region", "admin1")))]
        if not cands:
            return None
        best = max(cands, key=lambda p: (p.country in prefer, p.population))
        return best.country, best.name

    def resolve_mentions(self, doc: Document, spans: list[tuple[int, int]]) -> list[list]:
        """Resolve given character spans of the article as actor mentions, reading the text in order
        so that coreference sees what came before (used by the actor evaluation and `kb show`)."""
        sp = self.nlp(doc.text[doc.body_start: doc.body_start + self.settings.max_chars])
        res = self._resolver(doc)
        out: list[list] = [[] for _ in spans]
        for sent in sp.sents:
            res.remember_people(sent)
            for k, (s, e) in enumerate(spans):
                span = sp.char_span(s - doc.body_start, e - doc.body_start, alignment_mode="expand")
                if span is not None and sent.start <= span.root.i < sent.end:
                    out[k] = res.resolve(span.root, expand_conj=False)
        return out

    def code_parsed(self, doc: Document, sp) -> list[Event]:
        story = dt.date.fromisoformat(doc.story_date) if doc.story_date else None
        res = self._resolver(doc)
        events: list[Event] = []
        place_ctx = self.locator.context(sp, doc.dateline.place if doc.dateline else None)
        dated_speech: list[tuple[int, str, object, str]] = []     # (sentence, speaker key, Resolved, text)
        for si, sent in enumerate(sp.sents):
            res.remember_people(sent)
            exprs = dating.expressions(sent) if story is not None else []
            if exprs:
                dated_speech.extend((si, key, r, text) for key, r, text in
                                    dating.dated_statements(sent, exprs, res, story))
            cands = suppress(find_triggers(sent, self.lexicon))
            if not cands:
                continue
            made = []
            for cand in cands:
                got = self._event(doc, sent, si, cand, res, exprs, story, place_ctx)
                if got is not None:
                    made.append(got)
            self._fill_recipients(sent, made, res)
            for ev, _anchor, _actor_tok, _cand in made:
                self._date_from_statement(ev, si, dated_speech, story)
                ev.finalize_id()
                if ev.confidence >= self.settings.min_confidence:
                    events.append(ev)
        return merge_within_document(events)

    def _expand_igos(self, ents: list[Entity]) -> list[Entity]:
        """EVENTWIRE_EXPAND_IGOS=1: after each IGO entity, one entity per member state (PLOVER keeps the IGO)."""
        out: list[Entity] = []
        for e in ents:
            out.append(e)
            if e.code in self.kb.igo_members:
                out.extend(replace(e, code=m, sector=None, name=self.kb.country_names.get(m, m), kb_id=None,
                                   why=f"member of {e.code} (IGO expansion)")
                           for m in self.kb.member_states(e.code))
        return out

    def _date_from_statement(self, ev: Event, si: int, dated_speech, story) -> None:
        """"Takaichi's remarks on Taiwan last November. The conservative leader told parliament that ...":
        an undated event that elaborates a dated statement of the same speaker in the sentence before
        takes that statement's date."""
        if story is None or ev.aux is not None or not (ev.why.get("date") or "").startswith("story date"):
            return
        keys = {dating.speaker_key(a) for a in ev.actor}
        for s_i, key, r, text in reversed(dated_speech):
            if 0 < si - s_i <= 2 and key in keys:
                ev.date, ev.date_end, ev.date_precision, ev.date_text = (
                    r.start.isoformat(), r.end.isoformat(), r.precision, text)
                ev.why["date"] = f"date of the same speaker's statement {si - s_i} sentence(s) before ({text!r})"
                if r.end < story - dt.timedelta(days=self.settings.historical_days):
                    ev.aux = "historical"
                    ev.why["aux"] = f"dated {text!r}, before the story date {story.isoformat()}"
                return

    def _fill_recipients(self, sent, made, res) -> None:
        """Recipients the parse did not attach: coordinated predicates first, then the sentence's other party."""
        for ev, anchor, actor_tok, cand in made:
            if ev.recipient or ev.event_type not in FALLBACK_CATEGORIES:
                continue
            others = [(a, e.actor, e.recipient) for e, a, _t, _c in made if e is not ev]
            rec = shared_recipient(anchor, others, ev.actor)
            how = "recipient shared with a coordinated predicate"
            if not rec:
                rec = fallback_recipient(sent, cand.token, ev.actor, actor_tok, res)
                how = "recipient fallback: the other party named in the sentence"
                ev.confidence = round(max(0.05, ev.confidence - 0.1), 2)
            if rec:
                ev.recipient = list(rec)
                ev.why["arguments"] += "; " + how
                ev.confidence = round(min(0.99, ev.confidence + 0.1), 2) if "coordinated" in how else ev.confidence

    # -------------------------------------------------------------- helpers
    def _event(self, doc, sent, si, cand, res, exprs, story, place_ctx):
        """(event, anchor, actor token, candidate) for a trigger, or None when no entry fits."""
        chosen = None
        for entry in cand.entries:
            args = arguments(cand, entry, res)
            if not args.actor:
                continue
            # a bare country or capital acts for its state: it passes GOV gates ("China protested X")
            # only a country's own name or capital stands for its government ("China protested"):
            # "Palestinians" or "ethnic Turks" are people, not a state
            sectors = {e.sector or ("GOV" if e.code and not e.kb_id and (e.why or "").startswith(STATE_WHYS) else None)
                       for e in args.actor}
            if entry.actor_sectors and not sectors & set(entry.actor_sectors):
                continue
            if entry.not_actor_sectors and sectors & set(entry.not_actor_sectors) and not sectors - set(entry.not_actor_sectors):
                continue
            chosen = (entry, args)
            break
        if chosen is None:
            # "three civilians were killed in a car bombing": violence with a known victim and no named
            # perpetrator is still an event; the actor stays empty
            # only where violence is the trigger's first reading: a hunger strike is no air strike
            for entry in cand.entries if cand.entries[0].category in ACTORLESS_CATEGORIES else ():
                if entry.category in ACTORLESS_CATEGORIES:
                    args = arguments(cand, entry, res)
                    if args.recipient and not args.actor:
                        chosen = (entry, args)
                        break
        if chosen is None:
            # "Supporters of the jailed former prime minister held a rally": an actor the KB cannot place is
            # still the actor; keep the event with the mention's text and no code
            entry = next((e for e in cand.entries if not e.actor_sectors), None)
            if entry is not None:
                args = arguments(cand, entry, res)
                subj = args.actor_tok
                if not args.actor and subj is not None and subj.pos_ in ("NOUN", "PROPN") \
                        and subj.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
                    sp = mention_span(subj)
                    ent = Entity(text=sp.text, start=doc.body_start + sp.start_char, end=doc.body_start + sp.end_char,
                                 why="unresolved noun phrase (no country, organisation, person or sector known)")
                    args.actor = [ent]
                    chosen = (entry, args)
        if chosen is None:
            return None
        entry, args = chosen
        actor, recipient = list(args.actor), list(args.recipient)
        rules = [args.rule]
        # an actor is never also its own recipient
        recipient = [r for r in recipient if not any(_same(r, a) for a in actor) and not _own_side(r, actor)]
        if entry.reciprocal and not entry.visit:
            actor = _unique(actor + recipient)
            recipient = []
            rules.append("reciprocal: all parties are actors")
        elif entry.visit and recipient:
            rules.append("visit: visitor is actor, host is recipient")
        category, mode = entry.category, entry.mode
        is_noun = cand.token.pos_ in ("NOUN", "PROPN")
        aux, aux_why = modality.aux_mode(args.anchor, noun=cand.token if is_noun else None)
        clause_aux = aux
        # date
        tense = "future" if aux == "future" else dates.tense_of(args.anchor)
        date = date_end = date_text = precision = None
        date_rule = None
        past_marker = False
        shifted, sexpr = (None, None)
        if story is not None:
            shifted, sexpr = dating.background_shift(cand.token, exprs, story)
            att = dating.attach(cand.token, args.anchor, exprs)
            if shifted is not None:
                r, date_text, date_rule = shifted, sexpr.text, "background clause: " + shifted.rule
            elif att is not None:
                r = att[0].resolve(story, tense)
                date_text = att[0].text if r else None
                date_rule = r.rule if r else None
            else:
                r = None
            if r is not None:
                date, date_end, precision = r.start.isoformat(), r.end.isoformat(), r.precision
                past_marker = r.past_marker
        # historical: a past event that this story refers back to
        if aux is None:
            hist_why = None
            if modality.pluperfect(args.anchor):
                hist_why = "pluperfect"
            elif shifted is not None or (modality.background(cand.token)[0] is not None and tense == "past"):
                hist_why = "backgrounded past event"
            elif date_end and story and (
                    dt.date.fromisoformat(date_end) < story - dt.timedelta(days=self.settings.historical_days)
                    or (past_marker and precision in ("month", "year") and dt.date.fromisoformat(date_end) < story)):
                hist_why = f"dated {date_text!r}, before the story date {story.isoformat()}"
            if hist_why:
                aux, aux_why = "historical", hist_why
        # PLOVER: a promised meeting, support or aid is an agreement; a promised retreat a concession.
        # "The coder should always return the single event category, not a category+auxiliary."
        if aux == "negated" and category in modality.words()["refusal_recode"] and modality.refusal(args.anchor):
            rules.append(f"refused {category} coded REJECT ({aux_why})")
            category, mode, aux = "REJECT", None, None
        elif aux == "future" and category in modality.words()["threat_when_announced"] \
                and modality.reported_by(args.anchor) is not None and date_text is None:
            # a stated intent to act against someone is a threat; a dated, scheduled act
            # ("will impose sanctions on Thursday, a spokesperson said") stays itself, flagged future
            rules.append(f"announced future {category} coded THREATEN (a stated intent to act against the recipient)")
            category, mode, aux = "THREATEN", None, None
            # the threat happened when it was made: date it by the speech verb
            date = date_end = date_text = precision = None
            rep = modality.reported_by(args.anchor)
            att = dating.attach(rep, rep, exprs) if story is not None else None
            r = att[0].resolve(story, dates.tense_of(rep)) if att else None
            if r is not None:
                date, date_end, precision, date_text = r.start.isoformat(), r.end.isoformat(), r.precision, att[0].text
                date_rule = f"date of the announcement: {r.rule}"
        elif aux == "future" and category in FUTURE_RECODE:
            new = FUTURE_RECODE[category]
            rules.append(f"future {category} coded {new} (PLOVER manual, auxiliary modes)")
            category, mode, aux = new, None, None
        if date is None and story is not None and aux not in ("historical",):
            date, date_end, precision = story.isoformat(), story.isoformat(), "day"
            date_rule = "story date (no temporal expression in the event's clause)"
        if mode and mode not in self.ontology.modes(category):
            mode = None
        cameo = entry.cameo if entry.category == category else self.ontology.default_cameo(category)
        parties = {e.code for e in actor + recipient if e.code}
        location = self.locator.locate(cand.token, args.anchor, entry.visit, parties,
                                       aux or (clause_aux if clause_aux == "hypothetical" else None),
                                       place_ctx, doc.body_start, material=category in ("ASSAULT", "COERCE"),
                                       deploy=category in ("MOBILIZE", "AID"))
        if not recipient and category == "PROTEST":
            target = [r for r in stated_target(args.anchor, cand.token, args.actor_tok, res)
                      if not any(_same(r, a) for a in actor)]
            if target:
                recipient = [replace(r, why=f"target of the stated grievance: {r.why}") for r in target]
                rules.append("recipient: the party the protest's stated aim names")
        if not recipient and category == "PROTEST":
            # a protest with no named target is aimed at the authorities where it happens
            where = (location or {}).get("country") or next((e.code for e in actor if e.code and len(e.code) == 3), None)
            if where:
                recipient = [_place_party(location or {}, where, "protest without a named target: the "
                                          "authorities where it happens", self.kb)]
                rules.append("recipient: the country the protest happens in")
        if not recipient and location and location.get("country") and location.get("text") \
                and category in PLACE_TARGET_CATEGORIES and not (entry.reciprocal and len(actor) > 1):
            # "lifted a state of emergency in West Darfur", "imposed a curfew in Algiers": with no recipient
            # named, the place the act lands on stands for its people or government
            recipient = [_place_party(location, location["country"],
                                      f"the event's place ({location.get('name')}): no recipient named", self.kb)]
            rules.append("recipient: the country of the event's place")
        states = {e.code for e in actor if e.code and e.sector in STATE_SECTORS}
        if not recipient and entry.mode in DOMESTIC_MEASURES and len(states) == 1:
            # "prepared to impose martial law", "extended the curfew by a week": with no place or target
            # named, a government's emergency measure lands on its own country
            code = next(iter(states))
            recipient = [Entity(text="", start=None, end=None, code=code, name=self.kb.country_names.get(code),
                                why=f"{entry.mode} with no place named: the acting state's own country")]
            rules.append("recipient: the acting state's own country (domestic emergency measure)")
        if self.settings.expand_igos:
            actor, recipient = self._expand_igos(actor), self._expand_igos(recipient)
        if location and location.get("country"):
            # "police fired tear gas at protesters in Nairobi": domestic actors named only by their role
            # belong to the country where the event happened
            def placed(es):
                return [replace(e, code=location["country"],
                                why=(e.why or "") + f"; country of the event's place ({location.get('name')})")
                        if not e.code and e.sector in DOMESTIC_SECTORS else e for e in es]
            actor, recipient = placed(actor), placed(recipient)
        if category == "PROTEST" and recipient and len({r.code for r in recipient}) == 1 \
                and recipient[0].code not in self.kb.igo_members:
            # "Chechen refugees ... in protest of the Russian government's refusal": protesters the text
            # does not place protest against their own authorities
            home = recipient[0].code
            actor = [replace(e, code=home, why=(e.why or "") + f"; placed in {home}, the country the protest targets")
                     if not e.code and e.sector not in ("IGO", "NGO") else e for e in actor]
        # "Police arrested opposition activists", "the army dispersed demonstrators": a state body's target
        # named only by its role, and placed nowhere else, is of the body's own country
        inst = {e.code for e in actor if e.code and e.sector in STATE_SECTORS}
        if len(inst) == 1:
            home = next(iter(inst))
            recipient = [replace(r, code=home, why=(r.why or "") + "; same country as the state body acting on it")
                         if not r.code and r.sector in NON_STATE_SECTORS else r for r in recipient]
        # "Fijian rebels will release the prime minister", "Tamil rebels attacked an army camp": a
        # society's own rebels, parties or protesters act on their own state
        society = {e.code for e in actor if e.code and e.sector in NON_STATE_SECTORS}
        if len(society) == 1 and not inst:
            home = next(iter(society))
            recipient = [replace(r, code=home, why=(r.why or "") + "; same country as the group acting on it")
                         if not r.code and r.sector in STATE_SECTORS else r for r in recipient]
        trig_toks = cand.tokens
        off = doc.body_start
        t_start = off + trig_toks[0].idx
        t_end = off + trig_toks[-1].idx + len(trig_toks[-1].text)
        confidence = 0.55 + (0.15 if cand.token.pos_ == "VERB" else 0.05)
        if actor and all(e.code for e in actor):
            confidence += 0.15
        elif not actor:
            rules.append("no perpetrator named")
        elif all(not e.code and not e.sector for e in actor):
            confidence -= 0.1
            rules.append("actor not resolved")
        if recipient and all(e.code for e in recipient):
            confidence += 0.05
        if any((e.why or "").startswith("coref") for e in actor + recipient):
            confidence -= 0.05
        if self.ontology.categories[category].get("requires_recipient") and not recipient:
            confidence -= 0.15
        if entry.visit and category == "CONSULT" and not recipient and not location:
            confidence -= 0.15      # "travelling without papers": a trip to nowhere named is hardly a visit
            rules.append("visit with neither host nor place")
        # prominence: the main clause's event is surer than one buried in subordinate clauses
        confidence -= min(0.15, 0.03 * _clause_depth(args.anchor))
        if aux in ("hypothetical", "negated") or clause_aux == "hypothetical":
            confidence -= 0.1
        if any("the event's place" in (r.why or "") for r in recipient):
            confidence -= 0.05
        if modality.purpose_clause(args.anchor):
            confidence -= 0.1
            rules.append("infinitive of purpose: an aim, less certain to have happened")
        ev = Event(
            doc_id=doc.doc_id, event_type=category, mode=mode, context=contexts_for(sent.text, entry.context),
            actor=actor, recipient=recipient, date=date, date_precision=precision, date_text=date_text,
            date_end=date_end, location=location, aux=aux, intensity=self.ontology.score(category, mode),
            quad_class=self.ontology.quad_class(category), cameo=cameo,
            goldstein=self.ontology.goldstein(cameo),
            trigger={"text": doc.text[t_start:t_end], "start": t_start, "end": t_end},
            sentence={"index": si, "start": off + sent.start_char, "end": off + sent.end_char},
            confidence=round(max(0.05, min(0.99, confidence)), 2),
            why={"trigger": entry.id, "lexicon_file": entry.file, "arguments": "; ".join(r for r in rules if r),
                 "aux": aux_why, "date": date_rule,
                 "folded": [c.token.text for c in cand.folded] or None},
        )
        return ev, args.anchor, args.actor_tok, cand


def _common_nouns(nlp) -> frozenset:
    """English common nouns from the pipeline's lemmatizer tables ("gang", "may"): a capitalised
    first word that is one of these is not taken for a surname without other evidence."""
    try:
        return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("noun", []))
    except (KeyError, AttributeError, ValueError):
        return frozenset()


def _place_party(location: dict, code: str, why: str, kb) -> Entity:
    """A party inferred from the event's place; its span is the place phrase, or null when there is none."""
    return Entity(text=location.get("text") or "", start=location.get("start"), end=location.get("end"),
                  code=code, name=kb.country_names.get(code), why=why)


def _clause_depth(tok) -> int:
    """How many clause boundaries lie between a token and its sentence root."""
    depth = 0
    cur = tok
    while cur.head != cur:
        if cur.dep_ in ("advcl", "relcl", "acl", "ccomp", "csubj", "pcomp"):
            depth += 1
        cur = cur.head
    return depth


def _same(a: Entity, b: Entity) -> bool:
    """The same participant: one KB person, or one mention resolved to one code."""
    if a.kb_id or b.kb_id:
        return a.kb_id == b.kb_id
    return a.start == b.start and a.end == b.end and a.code == b.code and a.name == b.name


def _own_side(r: Entity, actor: list[Entity]) -> bool:
    """'a threat to Japan' said by Japan's leader: a recipient that is only the actor's own country."""
    return bool(r.code) and r.sector is None and not r.kb_id and any(a.code == r.code for a in actor)


def _unique(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in ents:
        if not any(_same(e, o) for o in out):
            out.append(e)
    return out


def _key(ev: Event) -> tuple:
    def ids(es):
        return tuple(sorted({e.kb_id or e.code or e.name or e.text for e in es}))
    return (ev.event_type, ids(ev.actor), ids(ev.recipient), ev.aux, ev.date, ev.date_end)


def merge_within_document(events: list[Event]) -> list[Event]:
    """One story often reports one event twice ("the visit", "Lee's Japan visit"): keep one record."""
    kept: dict[tuple, Event] = {}
    for ev in events:
        k = _key(ev)
        if k in kept:
            first = kept[k]
            first.mentions += 1
            if first.location is None and ev.location is not None:
                first.location = ev.location        # "Israeli airstrikes killed 30 people across Gaza"
            first.why.setdefault("also_mentioned", []).append(ev.trigger)
            first.confidence = max(first.confidence, ev.confidence)
        else:
            kept[k] = ev
    return list(kept.values())


ACTORLESS_CATEGORIES = {"ASSAULT", "COERCE"}
# society's sectors: a government acts on its own rebels, opposition, protesters, press ...
NON_STATE_SECTORS = {"REB", "OPP", "CVL", "PTY", "LAB", "EDU", "AGR", "REF", "MED", "JRN", "BUS", "REL", "CRM", "PRM"}
STATE_SECTORS = {"GOV", "JUD", "COP", "LEG", "MIL"}
# a state's emergency measures land on its own country when the text names no place
DOMESTIC_MEASURES = {"curfew", "martial-law"}
# acts that land on a place: with no recipient named, the place's country is the recipient
PLACE_TARGET_CATEGORIES = {"AGREE", "AID", "RETREAT", "CONCEDE", "COERCE", "ASSAULT", "MOBILIZE", "SANCTION",
                           "THREATEN", "REJECT", "REQUEST"}
# sectors whose members act at home: a role noun alone ("police", "the government") takes the event's country
DOMESTIC_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "PTY", "REB", "LAB", "EDU", "AGR", "REF",
                    "MED", "JRN", "BUS", "REL", "CRM", "SPY", "PRM", "ELI", "UAF"}
STATE_WHYS = ("country name", "capital as government", "seat of government", "coref pronoun")
FUTURE_RECODE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
                 "RETREAT": "AGREE", "CONCEDE": "AGREE"}

_CODERS: dict[str, Coder] = {}


def get_coder(settings: Settings | None = None) -> Coder:
    settings = settings or Settings.from_env()
    key = repr(settings)
    if key not in _CODERS:
        _CODERS[key] = Coder(settings)
    return _CODERS[key]


def code_text(text: str, published: str | None = None, *, title: str | None = None,
              source: str | None = None, settings: Settings | None = None) -> list[Event]:
    """Code one article. ``published`` (YYYY-MM-DD) anchors relative dates when no dateline gives one."""
    doc = make_document(text, published=published, title=title, source=source)
    return get_coder(settings).code_documents([doc])[0]


from .batch import process_batch  # noqa: E402,F401 - the core every runner calls, re-exported
