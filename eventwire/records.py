"""Shared record types that flow through the pipeline.

ingest -> Document; actors -> Entity; events -> Event.  Every stage reads the
record the previous stage wrote and adds its own fields.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any


class QuarantineReason(str, Enum):
    """Why an input was not coded.  One enumeration for every reader, runner and store."""
    EMPTY = "empty"                  # no text at all
    BINARY = "binary"                # binary data, not text
    ENCODING = "encoding"            # not UTF-8, and no other encoding could be read with confidence
    JSON = "json"                    # a JSON Lines line that is not a JSON object
    MISSING_TEXT = "missing_text"    # a record or page with no article text
    TOO_LARGE = "too_large"          # over the byte limit
    LANGUAGE = "language"            # not English
    FORMAT = "format"                # unknown file type, broken CSV/XML/HTML, not a regular file
    READ = "read"                    # the file cannot be read (permissions, vanished, broken gzip)
    CODING = "coding"                # the coder failed on this document
    TIMEOUT = "timeout"              # the coder ran past the per-document time budget


def stable_hash(*parts: Any, length: int = 16) -> str:
    """A short hex digest that is the same on every machine and run."""
    h = hashlib.sha256()
    for p in parts:
        # surrogatepass: any str hashes (a lone surrogate from JSON must not crash a run)
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def document_id(text: str, source: str | None = None) -> str:
    """A document's id: a hash of its source and its whitespace-normalised text."""
    return stable_hash(source or "", " ".join(text.split()))


@dataclass
class Dateline:
    place: str | None
    date: str | None          # ISO date, resolved against the publication date
    agency: str | None
    text: str                 # the dateline as written
    start: int
    end: int                  # offset of the first character after "--"


@dataclass
class Document:
    text: str
    doc_id: str = ""
    title: str | None = None
    published: str | None = None      # ISO date the story was published
    source: str | None = None
    url: str | None = None
    body_start: int = 0               # offset where the coded body starts (after headline and dateline)
    dateline: Dateline | None = None
    language: str | None = "en"

    def __post_init__(self) -> None:
        if not self.doc_id:
            self.doc_id = document_id(self.text, self.source)

    @property
    def story_date(self) -> str | None:
        """The date the text is written from: the dateline date, else the publication date."""
        if self.dateline and self.dateline.date:
            return self.dateline.date
        return self.published


class Basis(str, Enum):
    """How an entity was resolved: the typed twin of its ``why``, read by rules that need to know."""
    COUNTRY_NAME = "country_name"
    ADJECTIVE = "nationality_adjective"
    CAPITAL = "capital"
    SEAT = "seat_of_government"
    NAMED_ORGANISATION = "named_organisation"
    KB_PERSON = "kb_person"
    PERSON_NAME = "person_name"            # a name not in the KB
    UNRESOLVED_NAME = "unresolved_name"
    OFFICE_HOLDER = "office_holder"
    ROLE_NOUN = "role_noun"
    SECTOR_WORD = "sector_word"
    IGO_ALIAS = "igo_alias"
    APPOSITION = "apposition"
    LOCATIVE = "locative"
    POSSESSIVE_PRONOUN = "possessive_pronoun"
    GAZETTEER_PLACE = "gazetteer_place"
    COREF_PRONOUN = "coref_pronoun"
    COREF_NAME = "coref_name"
    COREF_DESCRIPTION = "coref_description"
    COREF_COLLECTIVE = "coref_collective"
    RELATIVE_PRONOUN = "relative_pronoun"
    POSSESSOR = "possessor"
    CONJUNCT = "conjunct"
    COORDINATED_NATIONALITY = "coordinated_nationality"
    UNRESOLVED_NOUN = "unresolved_noun"
    EVENT_PLACE = "event_place"                  # a party inferred from the event's place
    PLACED_BY_EVENT = "placed_by_event_place"    # a role noun given the country of the event's place
    PROTEST_TARGET = "protest_target"
    PROTEST_PLACE = "protest_place"              # the authorities where a protest happens
    PROTEST_HOME = "protest_home"
    OF_COORDINATION = "of_coordination"          # "the top diplomats of Brazil, Argentina and Chile"
    EVENT_NOUN_AGENT = "event_noun_agent"        # the nationality of an armed act ("Russian missile attacks")
    COUNTRY_FOCUS = "country_focus"              # a role-only party given the article's country focus
    ENVOY_HOST = "envoy_host"                    # the country an envoy is accredited to ("ambassador to Seoul")
    DOMESTIC_MEASURE = "domestic_measure"
    COUP_TARGET = "coup_target"             # a coup with no target named: the plotters' own government
    SAME_COUNTRY = "same_country"
    IGO_MEMBER = "igo_member"


COREF_BASES = frozenset({Basis.COREF_PRONOUN, Basis.COREF_NAME, Basis.COREF_DESCRIPTION, Basis.COREF_COLLECTIVE})
# a bare country, its capital or seat, or a pronoun for one, stands for its government
STATE_BASES = frozenset({Basis.COUNTRY_NAME, Basis.CAPITAL, Basis.SEAT, Basis.COREF_PRONOUN})


@dataclass
class Entity:
    """One member of a PLOVER actor or recipient list."""
    text: str
    start: int
    end: int
    code: str | None = None       # ISO 3166 alpha-3 or an IGO code
    sector: str | None = None     # GOV, MIL, LEG, JUD, ...
    name: str | None = None       # canonical name (person, country or organisation)
    kb_id: str | None = None
    why: str | None = None        # how the mention was resolved, in words
    basis: tuple = ()             # the same, typed: Basis values, first the one that decided
    role: str | None = None       # the office title or role noun that describes the entity

    @property
    def first_basis(self) -> "Basis | None":
        return self.basis[0] if self.basis else None

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "code": self.code, "sector": self.sector,
                "name": self.name, "kb_id": self.kb_id, "why": self.why, "basis": [b.value for b in self.basis],
                "role": self.role}

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        kw = {k: d.get(k) for k in ("text", "start", "end", "code", "sector", "name", "kb_id", "why", "role")}
        return cls(**kw, basis=tuple(Basis(b) for b in d.get("basis") or ()))


@dataclass
class Event:
    doc_id: str
    event_type: str
    actor: list[Entity]
    recipient: list[Entity]
    trigger: dict
    sentence: dict
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    date_end: str | None = None        # last day of the date's range, for ranges and coarse precision
    location: dict | None = None
    aux: str | None = None
    intensity: float | None = None
    quad_class: int | None = None
    cameo: str | None = None
    goldstein: float | None = None
    confidence: float = 0.5
    why: dict = field(default_factory=dict)
    mentions: int = 1
    event_id: str = ""
    provenance: list = field(default_factory=list)     # Decision dicts: each step's typed decision

    def finalize_id(self) -> None:
        self.event_id = stable_hash(
            self.doc_id, self.event_type, self.trigger.get("start"), self.trigger.get("end"),
            ",".join(sorted(e.code or e.text for e in self.actor)),
            ",".join(sorted(e.code or e.text for e in self.recipient)),
        )

    def to_dict(self) -> dict:
        # keys in the order a reader wants them: identity, what, who, when, where, how sure, why
        return {
            "event_id": self.event_id, "doc_id": self.doc_id, "event_type": self.event_type, "mode": self.mode,
            "context": list(self.context), "actor": [e.to_dict() for e in self.actor],
            "recipient": [e.to_dict() for e in self.recipient], "date": self.date,
            "date_precision": self.date_precision, "date_text": self.date_text, "date_end": self.date_end,
            "location": dict(self.location) if self.location else None, "aux": self.aux,
            "intensity": self.intensity, "quad_class": self.quad_class, "cameo": self.cameo,
            "goldstein": self.goldstein, "trigger": dict(self.trigger), "sentence": dict(self.sentence),
            "confidence": self.confidence, "why": dict(self.why), "mentions": self.mentions,
            "provenance": [dict(p) for p in self.provenance],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        """The inverse of :meth:`to_dict` (keys it does not know, such as ``source_id``, are ignored)."""
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["actor"] = [Entity.from_dict(e) for e in d.get("actor") or []]
        kw["recipient"] = [Entity.from_dict(e) for e in d.get("recipient") or []]
        return cls(**kw)


@dataclass
class RunCounts:
    """What a runner (``ingest``, ``spark``) counts over a batch of inputs; each runner adds its own timings."""
    read: int = 0
    coded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    events: int = 0
    warnings: int = 0
    reasons: dict = field(default_factory=dict)     # quarantine reason -> count


@dataclass
class DocResult:
    """What ``process_batch`` gives for one input record: coded, with its events, or not, with why."""
    id: str | None
    doc_id: str | None
    status: str                           # "coded" | "error"
    error: str | None = None              # message, when status is "error"
    reason: QuarantineReason | None = None  # quarantine reason, when status is "error"
    document: dict | None = None          # doc_id, title, published, source, url, story_date, dateline, chars
    events: list[Event] = field(default_factory=list)
    text: str | None = None               # the article as given: every span points into it
    key: str | None = None                # the article's identity (id, url or path) for replacing edits
    pointer: str | None = None            # file, file:line or file#item it came from
    warnings: list[str] = field(default_factory=list)

    @property
    def coded(self) -> bool:
        return self.status == "coded"

    def to_dict(self) -> dict:
        return {"id": self.id, "doc_id": self.doc_id, "status": self.status, "error": self.error,
                "reason": self.reason.value if self.reason else None, "document": self.document,
                "events": [e.to_dict() for e in self.events], "key": self.key, "pointer": self.pointer,
                "warnings": list(self.warnings)}


@dataclass
class Decision:
    """One step's decision about a draft: the step's name and an enumerated reason."""
    step: str
    reason: str

    def to_dict(self) -> dict:
        return {"step": self.step, "reason": self.reason}


@dataclass
class EventDraft:
    """An event while the coder's steps work on it (see ``pipeline.STEPS``).

    The first step picks a lexicon entry and reads its arguments off the parse;
    each later step reads what the earlier ones wrote and adds its own fields.
    A step that decides something records it in ``provenance``; a step that
    finds no event calls :meth:`drop`.  The last step builds the :class:`Event`.
    """
    cand: Any                              # events.extract.Candidate: trigger tokens and matching entries
    sentence_index: int
    entry: Any = None                      # the lexicon entry that fired
    args: Any = None                       # events.extract.Arguments: parties, anchor verb, actor token
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)    # argument rules, in words (why.arguments)
    category: str | None = None
    mode: str | None = None
    aux: str | None = None
    aux_why: str | None = None
    clause_aux: str | None = None          # the clause's own mode, before PLOVER recoding
    tense: str | None = None
    date: str | None = None
    date_end: str | None = None
    date_text: str | None = None
    precision: str | None = None
    date_rule: str | None = None
    date_basis: str | None = None          # when.steps.DateBasis value
    date_anchor: Any = None                # a token to date the event by instead of its own clause
    past_marker: bool = False
    shifted: Any = None                    # a background clause's resolved date
    location: dict | None = None
    cameo: str | None = None
    confidence: float = 0.0
    event: "Event | None" = None
    dropped: bool = False
    provenance: list[Decision] = field(default_factory=list)

    def decide(self, step: str, reason) -> None:
        self.provenance.append(Decision(step, getattr(reason, "value", reason)))

    def drop(self, step: str, reason) -> None:
        self.decide(step, reason)
        self.dropped = True

    @property
    def trigger(self):
        return self.cand.token

    @property
    def anchor(self):
        return self.args.anchor


@dataclass
class SentenceContext:
    """What every step may read about the sentence being coded and its document."""
    coder: Any                             # pipeline.Coder: kb, ontology, locator, settings
    doc: Document
    sent: Any                              # the spaCy sentence span
    index: int
    resolver: Any                          # actors.resolve.ActorResolver for this document
    exprs: list                            # temporal expressions of the sentence with their tokens
    story: Any                             # the story date (datetime.date) or None
    places: Any                            # where.locate.Context: the document's place context
    dated_speech: list                     # (sentence, speaker key, resolved date, text) seen so far
    focus: Any = None                      # where.focus.CountryFocus: the article's country focus
    scene: dict = field(default_factory=dict)    # the lede's dated scene, shared by the document's sentences
    drafts: list = field(default_factory=list)   # every draft of this sentence, in trigger order
