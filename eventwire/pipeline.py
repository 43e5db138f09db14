"""The coder: resources loaded once per process, and the ordered steps that code each event.

For every sentence the coder finds trigger candidates (``events.extract``), makes
one :class:`~eventwire.records.EventDraft` per candidate, and runs ``STEPS`` in
order over the sentence's drafts: each step runs on every draft of the sentence
before the next step starts, so a step may read the drafts beside its own.  A
step records its decisions in ``draft.provenance`` and may drop a draft.  Adding
a rule means adding a step to this list, or a line to the step it belongs to.

``batch.process_batch`` is the entry point every runner calls; ``code_text`` is
the Python API for one article.
"""
from __future__ import annotations

import datetime as dt
import logging

from .actors.kb import load_kb
from .actors.placement import domestic_placement, expand_igos
from .actors.resolve import ActorResolver
from .config import Settings
from .events.confidence import confidence
from .events.contexts import contexts_for
from .events.extract import find_triggers, suppress
from .events.lexicon import load_lexicon
from .events.modality import modality_step
from .events.recipients import infer_recipients, shared_recipients
from .events.recode import cameo_step, plover_recode
from .events.scaffolding import not_an_event
from .events.select import Selected, reconcile_parties, select_entry
from .ingest.document import make_document
from .learn.layer import load_layer
from .learn.step import Learned, learned_check, learned_confidence
from .nlp import load_pipeline, parse_text
from .ontology import load_ontology
from .records import Basis, Document, Event, EventDraft, SentenceContext
from .when import attach
from .when.steps import announcement_date, date_expression, historical, statement_date, story_date
from .where.gazetteer import load_gazetteer
from .where.focus import country_focus
from .where.locate import Locator, locate_step, shared_place_step

log = logging.getLogger("eventwire")
VERSION = "0.1.0"


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _may_refer_back(trigger) -> bool | None:
    """A noun trigger that may name an act the story told before: a definite one ("the talks", "Lee's
    visit", "the Group of Seven summit") or one in a prepositional phrase ("gathered for two days of
    talks", "resorting to artillery strikes"); not a bare noun that a verb reports ("held talks with the
    Ukrainian leader", "Talks resumed in Doha"). None for a verb."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return None
    head = trigger.head if trigger.dep_ == "compound" else trigger
    return head.dep_ == "pobj" or any((c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss"
                                      for c in head.children)


def build_event(d: EventDraft, ctx: SentenceContext) -> None:
    """Last step: the event record, with its spans, its why and its typed provenance."""
    off = ctx.doc.body_start
    toks = d.cand.tokens
    t_start, t_end = off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text)
    onto = ctx.coder.ontology
    d.event = Event(
        doc_id=ctx.doc.doc_id, event_type=d.category, mode=d.mode, context=contexts_for(ctx.sent.text, d.entry.context),
        actor=d.actor, recipient=d.recipient, date=d.date, date_precision=d.precision, date_text=d.date_text,
        date_end=d.date_end, location=d.location, aux=d.aux, intensity=onto.score(d.category, d.mode),
        quad_class=onto.quad_class(d.category), cameo=d.cameo, goldstein=onto.goldstein(d.cameo),
        trigger={"text": ctx.doc.text[t_start:t_end], "start": t_start, "end": t_end},
        sentence={"index": ctx.index, "start": off + ctx.sent.start_char, "end": off + ctx.sent.end_char},
        confidence=d.confidence,
        why={"trigger": d.entry.id, "lexicon_file": d.entry.file, "arguments": "; ".join(r for r in d.rules if r),
             "aux": d.aux_why, "date": d.date_rule, "folded": [c.token.text for c in d.cand.folded] or None,
             "may_refer_back": _may_refer_back(d.trigger)},
        provenance=[p.to_dict() for p in d.provenance],
    )
    d.event.finalize_id()


# The coder's steps, in the order they run.  Each is a callable (draft, sentence context) -> None
# that lives in its stage's folder.
STEPS = [
    select_entry,          # events/select.py     the lexicon entry that fires, and its parties from the parse
    learned_check,         # learn/step.py        the learned layer confirms, drops or retypes; its proposals need a party
    not_an_event,          # events/scaffolding.py reporting scaffolding and mere consequences are no events
    reconcile_parties,     # events/select.py     no actor as its own recipient; reciprocal and visit rules
    modality_step,         # events/modality.py   negated, hypothetical, future
    date_expression,       # when/steps.py        the temporal expression of the event's clause
    historical,            # when/steps.py        past events the story refers back to
    plover_recode,         # events/recode.py     refusal -> REJECT, announced hostile act -> THREATEN, promise -> AGREE
    announcement_date,     # when/steps.py        a threat is dated by its announcement
    story_date,            # when/steps.py        no expression: the story date
    cameo_step,            # events/recode.py     the mode the category defines, and the CAMEO code
    locate_step,           # where/locate.py      the event's place
    shared_place_step,     # where/locate.py      over the sentence: a dependent clause's event happened there too
    infer_recipients,      # events/recipients.py protest targets, the place an act lands on, emergency measures
    expand_igos,           # actors/placement.py  IGO member states (a setting)
    domestic_placement,    # actors/placement.py  role-only parties take the country the text gives them
    confidence,            # events/confidence.py how sure
    shared_recipients,     # events/recipients.py over the sentence: coordinated predicates, the other party
    statement_date,        # when/steps.py        over the document: the date of a statement told just before
    build_event,           # pipeline.py          the Event record
    learned_confidence,    # learn/step.py        calibrated confidence: P(the event's type is right)
]


class Coder:
    """Holds the loaded resources; one per process."""

    def __init__(self, settings: Settings | None = None, steps: list | None = None):
        self.settings = settings or Settings.from_env()
        self.nlp = load_pipeline(self.settings.model)
        self.kb = load_kb(tuple(self.settings.extra_kb))
        self._member_cache: dict[str, frozenset] = {}
        self.lexicon = load_lexicon()
        self.ontology = load_ontology()
        self.locator = Locator(load_gazetteer(), self.kb, self.settings.places)
        self.common_words = _common_nouns(self.nlp)
        self.steps = list(STEPS if steps is None else steps)
        self.learned = load_layer(self.settings.learned, self.lexicon, self.ontology, self.kb)

    def code_documents(self, docs: list[Document]) -> list[list[Event]]:
        texts = [parse_text(d.text[d.body_start: d.body_start + self.settings.max_chars]) for d in docs]
        return [self.code_parsed(d, sp) for d, sp in zip(docs, self.parse(texts))]

    def parse(self, texts: list[str]):
        """spaCy Docs for the texts, batched; a long text is parsed in pieces cut after a line break and
        joined again, so the parser's memory stays bounded (it needs about 3 MB per 1,000 characters)."""
        if all(len(t) <= PARSE_PIECE_CHARS for t in texts):
            yield from self.nlp.pipe(texts, batch_size=self.settings.batch_size)
            return
        from spacy.tokens import Doc
        for t in texts:
            pieces = split_for_parsing(t)
            yield self.nlp(t) if len(pieces) == 1 else \
                Doc.from_docs(list(self.nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)

    def resolver(self, doc: Document, focus=None) -> ActorResolver:
        story = dt.date.fromisoformat(doc.story_date) if doc.story_date else None
        blocked = {doc.dateline.agency} if doc.dateline and doc.dateline.agency else set()
        if doc.source:
            blocked.add(doc.source)
        return ActorResolver(self.kb, story, offset=doc.body_start, blocked=blocked,
                             place_country=self.locator.place_country, common_words=self.common_words,
                             focus=focus)

    def resolve_mentions(self, doc: Document, spans: list[tuple[int, int]]) -> list[list]:
        """Resolve given character spans of the article as actor mentions, reading the text in order
        so that coreference sees what came before (used by the actor evaluation and `kb show`)."""
        sp = self.nlp(parse_text(doc.text[doc.body_start: doc.body_start + self.settings.max_chars]))
        res = self.resolver(doc, country_focus(self.locator.context(sp, doc.dateline.place if doc.dateline else None)))
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
        places = self.locator.context(sp, doc.dateline.place if doc.dateline else None, doc.title)
        focus = country_focus(places)
        res = self.resolver(doc, focus)
        dated_speech: list = []
        scene: dict = {}
        events: list[Event] = []
        for si, sent in enumerate(sp.sents):
            res.remember_people(sent)
            exprs = attach.expressions(sent) if story is not None else []
            if exprs:
                dated_speech.extend((si, key, r, text) for key, r, text in
                                    attach.dated_statements(sent, exprs, res, story))
            cands = suppress(find_triggers(sent, self.lexicon))
            proposed = not cands and self.learned is not None
            if proposed:
                cands = self.learned.propose(sent, res)   # no entry fires: the learned layer may see an event
            if not cands:
                continue
            ctx = SentenceContext(self, doc, sent, si, res, exprs, story, places, dated_speech, focus, scene)
            ctx.drafts = [EventDraft(cand, si) for cand in cands]
            self.run_steps(ctx)
            revived = [EventDraft(c, si) for d in ctx.drafts if _no_entry_fits(d) for c in _governed_nouns(d.cand)]
            if revived:
                ctx.drafts += revived
                self.run_steps(ctx, revived)
            if not proposed and self.learned is not None and all(_no_entry_fits(d) for d in ctx.drafts):
                # every trigger found failed its entry (no actor it allows): the sentence is as one where
                # none fired ("a coup toppled the government" is no coup by anyone; the curfew was shortened)
                cands = self.learned.propose(sent, res)
                ctx.drafts = [EventDraft(cand, si) for cand in cands]
                self.run_steps(ctx)
            events.extend(d.event for d in ctx.drafts if not d.dropped and d.event is not None
                          and d.event.confidence >= self.settings.min_confidence)
        return merge_within_document(events, self._members, doc.text)

    def _members(self, code: str) -> frozenset:
        if code not in self._member_cache:
            self._member_cache[code] = frozenset(self.kb.member_states(code)) if code in self.kb.igo_members else frozenset()
        return self._member_cache[code]

    def run_steps(self, ctx: SentenceContext, drafts: list[EventDraft] | None = None) -> None:
        """Run every step, in order, over the sentence's drafts (or the given ones) that are still standing."""
        for step in self.steps:
            for d in ctx.drafts if drafts is None else drafts:
                if not d.dropped:
                    step(d, ctx)


def _governed_nouns(cand) -> list:
    """The noun triggers folded into a verb trigger that governs them ("crossed into Pyongyang for a summit",
    "entered the eighth week of a hunger strike"): when no entry of the verb fits its parties, the nouns are
    events of their own again."""
    out = []
    for c in cand.folded:
        if c.token.pos_ in ("NOUN", "PROPN") and c.governor == cand.token:
            c.suppressed_by = None
            out.append(c)
    return out


def _no_entry_fits(d: EventDraft) -> bool:
    return d.dropped and len(d.provenance) == 1 and d.provenance[0].reason == Selected.NO_ENTRY_FITS.value


# a text longer than this is parsed in pieces of about this size
PARSE_PIECE_CHARS = 40_000


def split_for_parsing(text: str, size: int = PARSE_PIECE_CHARS) -> list[str]:
    """Pieces of at most about ``size`` characters, each cut just after a line break (else after a
    sentence end, else anywhere); joined, they are the text."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start: start + size]
        cut = window.rfind("\n") + 1 or window.rfind(". ") + 2 or size
        if cut < size // 4:
            cut = size
        pieces.append(text[start: start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _common_nouns(nlp) -> frozenset:
    """English common nouns from the pipeline's lemmatizer tables ("gang", "may"): a capitalised
    first word that is one of these is not taken for a surname without other evidence."""
    try:
        return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("noun", []))
    except (KeyError, AttributeError, ValueError):
        return frozenset()


def _parties(es) -> dict:
    def ident(e):
        if e.kb_id:
            return e.kb_id
        if Basis.PERSON_NAME in e.basis and e.name:
            return f"{e.code}:{e.name}"     # a named person the KB lacks is not their country
        return e.code or e.name or e.text
    out: dict = {}
    for e in es:
        out.setdefault(ident(e), set()).add(e.sector)
    return out


def _same_parties(a: dict, b: dict) -> bool:
    """The same parties, unless civilians on one side are none on the other ("six police officers" AFG COP
    and "three civilians" AFG CVL are two; an opposition party told as PTY and as OPP is one)."""
    def apart(x: set, y: set) -> bool:
        return x == {"CVL"} and not y & {"CVL", None}
    return a.keys() == b.keys() and not any(apart(a[k], b[k]) or apart(b[k], a[k]) for k in a)


def _same_telling(a: Event, b: Event) -> bool:
    return (a.event_type, a.aux, a.date, a.date_end) == (b.event_type, b.aux, b.date, b.date_end) and \
        _same_parties(_parties(a.actor), _parties(b.actor)) and _same_parties(_parties(a.recipient), _parties(b.recipient))


# the learned layer's proposal decisions, as an event's serialised provenance records them
PROPOSALS = frozenset({Learned.PROPOSED.value, Learned.PROPOSED_NO_PARTY.value})


def _proposed(e: Event) -> bool:
    """An event the learned layer proposed (its provenance says so), not one a lexicon entry found."""
    return any(p.get("reason") in PROPOSALS for p in e.provenance)


def _same_act(a: Event, b: Event) -> bool:
    """The same trigger word (or a sentence that already tells ``a``), type, mode of being and date, with
    the same countries and sectors on each side: one act told once by the institution and once by its
    official ("The Foreign Ministry summoned the Russian ambassador"; "Foreign Secretary Lammy summoned
    Ambassador Kelin ... and expressed regret over Kelin's remarks"). Different people doing different acts
    of one type on one day in different sentences ("summoned" and "criticized") stay apart."""
    if (a.event_type, a.aux, a.date, a.date_end) != (b.event_type, b.aux, b.date, b.date_end):
        return False                # the cheap test first: merging compares every pair of a story's events
    told_here = any(b.sentence["start"] <= m["start"] < b.sentence["end"]
                    for m in [a.trigger, *a.why.get("also_mentioned", [])])
    same_word = a.trigger["text"].lower() == b.trigger["text"].lower()
    if _proposed(a) or _proposed(b) or not (same_word or told_here):
        return False

    def fits(x: list, y: list) -> bool:       # an uncoded official ("Ambassador Kelin") fits a coded one
        return all(any(e.sector == f.sector and (e.code == f.code or None in (e.code, f.code)) for f in y)
                   for e in x)

    def same_side(x: list, y: list) -> bool:
        return fits(x, y) and fits(y, x)
    return any(e.code for e in a.actor) and any(e.code for e in b.actor) and \
        same_side(a.actor, b.actor) and same_side(a.recipient, b.recipient)


def _refers_back(first: Event, ev: Event, members) -> bool:
    """``ev`` is a noun that names, with no time of its own, an act the story told before (``may_refer_back``):
    "the summit", "the talks" after "EU leaders met Moldova's president" ("held talks with the
    Moldovan leader" is an act of its own). The same
    type and mode of being, and no coded party that the first telling lacks (a member of an IGO that took
    part counts as told)."""
    if not ev.why.get("may_refer_back") or ev.date_text is not None or ev.trigger["start"] < first.trigger["start"]:
        return False
    if (first.event_type, first.aux) != (ev.event_type, ev.aux) or not (first.actor or first.recipient):
        return False
    if ev.location and first.location and ev.location.get("country") != first.location.get("country"):
        return False        # another country's talks
    if first.mode == "visit" and ev.mode != "visit":
        return False        # "a two-day visit to Japan ... the talks in Nara": the visit and the talks it holds
    told = {e.code for e in first.actor + first.recipient if e.code}
    told |= {m for c in told for m in (members(c) if members else ())}
    return all(e.code in told for e in ev.actor + ev.recipient if e.code)


def _quoted(text: str | None, pos: int) -> bool:
    """Whether ``pos`` lies inside a direct quotation of its paragraph (quotes opened and not closed)."""
    if not text:
        return False
    before = text[text.rfind("\n", 0, pos) + 1: pos]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def merge_within_document(events: list[Event], members=None, text: str | None = None) -> list[Event]:
    """One story often reports one event twice: keep one record.  The same parties told twice ("the
    visit", "Lee's Japan visit"), or an act told once without its doer and once with it (a lead's
    "nine insurgents were killed in a clash with troops" and the body's "soldiers clashed with insurgents
    near Dori"): the record is the telling that names the doer (``_retells``)."""
    kept: list[Event] = []
    for ev in events:
        i = next((i for i, o in enumerate(kept) if _same_telling(o, ev) or _same_act(o, ev)
                  or _retells(o, ev) or _retells(ev, o) or _refers_back(o, ev, members)), None)
        if i is None:
            kept.append(ev)
            continue
        if _retells(ev, kept[i]) or (not _retells(kept[i], ev) and _quoted(text, kept[i].trigger["start"])
                                     and not _quoted(text, ev.trigger["start"])):
            # the later telling names the doer, or is the narrator's where the first was a quotation
            # ("'Soldiers came and started rounding the protesters up' ... soldiers dispersed the protesters"): it leads
            kept[i], ev = ev, kept[i]
        first = kept[i]
        first.mentions += 1
        if first.location is None and ev.location is not None:
            first.location = ev.location        # "Israeli airstrikes killed 30 people across Gaza"
        first.why.setdefault("also_mentioned", []).append(ev.trigger)
        first.confidence = max(first.confidence, ev.confidence)
    return sorted(kept, key=lambda e: e.trigger["start"])


def _same_day(full: Event, bare: Event) -> bool:
    """The same date; or ``bare`` has only the story's date (no expression of its own: "Fourteen rebels were
    killed in a clash, officials said Thursday") and ``full`` dates the act up to three days before it
    ("soldiers clashed Wednesday night with insurgents")."""
    if full.date == bare.date:
        return True
    if bare.date_text is not None or full.date_text is None or not (full.date and bare.date):
        return False
    try:
        gap = (dt.date.fromisoformat(bare.date[:10]) - dt.date.fromisoformat(full.date[:10])).days
    except ValueError:
        return False
    return 0 <= gap <= 3 and bare.date_precision == full.date_precision == "day"


def _retells(full: Event, bare: Event) -> bool:
    """``bare`` tells, with no doer, the act that ``full`` tells with a coded one: the same type, mode of
    being (aux) and date, and a recipient of ``bare`` that ``full`` names as specifically (its recipient,
    or its parties where it has none, "soldiers clashed with rebels"): the same country and sector
    where ``bare`` gives them ("six police officers" are the ambushed AFG COP; "rebels" PHL REB are not
    "civilians" PHL CVL)."""
    if full.event_type != bare.event_type or full.aux != bare.aux or not _same_day(full, bare):
        return False
    if bare.actor or not any(e.code for e in full.actor):
        return False
    a = {(e.code, e.sector) for e in (full.recipient or full.actor) if e.code}
    b = {(e.code, e.sector) for e in bare.recipient if e.code or e.sector}
    return any((ca == cb or cb is None) and (sa == sb or sb is None) for ca, sa in a for cb, sb in b)


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
