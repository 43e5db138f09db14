"""Attach temporal expressions to events: which expression dates which event."""
from __future__ import annotations

import datetime as dt

from ..events import modality
from ..syntax import clause_chain, first_up, participle_head
from ..wordlists import load as wordlist
from . import dates


def expressions(sent) -> list[tuple[dates.TimeExpr, object]]:
    """Temporal expressions of a sentence with the token each one hangs from."""
    out = []
    base = sent.start_char
    for t in dates.find(sent.text):
        span = sent.doc.char_span(base + t.start, base + t.end, alignment_mode="expand")
        if span is None:
            continue
        t.start += base
        t.end += base
        out.append((t, span.root))
    return out


def _attach_verb(tok):
    """The verb an expression hangs from (or the sentence root)."""
    return first_up(tok, lambda t: (t.pos_ in ("VERB", "AUX") and t.dep_ != "amod") or t.head == t) or tok


def attach(trigger, anchor, exprs) -> tuple[dates.TimeExpr, object] | None:
    """The expression that dates this event, if any: one hanging from the event's clause."""
    chain = set(t.i for t in clause_chain(anchor)) | {anchor.i, trigger.i}
    heads = list(clause_chain(anchor))
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.i not in chain:
        heads.append(trigger.head)          # "talks ... are due to begin on Monday": the noun's predicate
        chain.add(trigger.head.i)
    if anchor.dep_ == "conj" and anchor.head.pos_ in ("VERB", "AUX"):
        # "spoke by hotline on Sunday and agreed to ...": a coordinated verb shares the first one's time,
        # unless it has its own (the nearest expression wins below)
        chain.add(anchor.head.i)
    # "ambushed a convoy ... and killed 24 soldiers on Sunday": a verb shares the time of the verb
    # coordinated with it (the nearest expression still wins)
    chain.update(c.i for c in anchor.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    if anchor.dep_ == "advcl" and anchor.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ == "mark" and c.lower_ in ("when", "as", "while") for c in anchor.children):
        # "was plunged into chaos on Wednesday when the guard seized the president": the same moment
        chain.add(anchor.head.i)
    if participle_head(anchor) is not None:
        chain.add(anchor.head.i)            # "shelled the market on Tuesday, killing nine": at its verb's time
    if anchor.dep_ in ("relcl", "advcl", "acl") and any(t.start <= anchor.head.idx < t.end for t, _ in exprs):
        # the parser may hang the "when" clause on the day itself ("on Wednesday when ...")
        chain.add(_attach_verb(anchor.head).i)
    # the predicates these heads govern carry their time too
    for t in heads:
        for c in t.children:
            if c.dep_ in ("acomp", "xcomp"):
                chain.add(c.i)
                chain.update(g.i for g in c.children if g.dep_ == "xcomp")
    trig_sub = set(t.i for t in trigger.subtree) if trigger.pos_ in ("NOUN", "PROPN") else set()
    top = clause_chain(anchor)[-1]
    reporter = top.head if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_ in modality.words()["speech_verbs"] else None
    best = None
    for t, root in exprs:
        if t.kind == "ago" and t.match.get("dir", "").lower() in ("after", "before"):
            continue
        v = _attach_verb(root)
        if _describes_subject(t, root, v) or _before_own_mark(root, v):
            continue
        # "Police arrested 40 members yesterday, a spokesman said": the parser hangs the date on the
        # trailing speech verb, but it sits inside the reported clause, before the speaker
        trailing = reporter is not None and v.i == reporter.i and trigger.i < root.i < reporter.i \
            and not any(c.dep_ == "nsubj" and c.i < root.i for c in reporter.children)
        if v.i in chain or root.i in trig_sub or trailing:
            dist = abs(root.i - trigger.i)
            if best is None or dist < best[0]:
                best = (dist, t, root)
    if best is None and reporter is None and not modality.pluperfect(anchor):
        fronted = _fronted(trigger.sent, exprs)
        if fronted is not None:
            return fronted
    return (best[1], best[2]) if best else None


def _describes_subject(t, root, verb) -> bool:
    """ "The army and the RSF, in conflict since 2023, have agreed to a truce": a time inside a description set
    off by commas between the subject and its verb dates that description, not the act. A bare time
    set off the same way ("The president, on Monday, signed") and a participle's ("speaking on Monday")
    still date the verb."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not subj.i < root.i < verb.i:
        return False
    doc = verb.doc
    left = next((k for k in range(root.i - 1, subj.i, -1) if doc[k].text == ","), None)
    right = next((k for k in range(root.i + 1, verb.i) if doc[k].text == ","), None)
    if left is None or right is None:
        return False
    rest = [doc[k] for k in range(left + 1, right) if not t.start <= doc[k].idx < t.end]
    return not any(w.pos_ in ("VERB", "AUX") for w in rest) and any(w.pos_ in ("NOUN", "ADJ", "PROPN") for w in rest)


def _before_own_mark(root, verb) -> bool:
    """ "officials said Wednesday, days after the president suspended the talks": the parser may hang a time
    that comes before a subordinate clause's conjunction on that clause's verb; it is the clause before's."""
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    return mark is not None and root.i < mark.i and verb.i > mark.i


def _fronted(sent, exprs):
    """A date set before the whole sentence ("On 14 July 2022, a roadside bomb ... , wounding three"): the
    terse report's frame, which dates every clause that has no time of its own, however the parser hangs
    it (a misparse makes "roadside" the root)."""
    for t, root in exprs:
        before = sent.doc.text[sent.start_char:t.start].strip().lower()
        after = sent.doc.text[t.end:t.end + 2].lstrip(" ")
        if before in ("", "on", "in", "early on", "late on", "on the night of") and after.startswith(",") \
                and t.kind not in ("ago",):
            return t, root
    return None


def background_shift(trigger, exprs, story: dt.date):
    """ "comes less than a week after a trip to China, where he met Xi": date the backgrounded event."""
    prep, why = modality.background(trigger)
    if prep is None:
        return None, None
    for t, root in exprs:
        if t.kind == "ago" and t.match.get("dir", "").lower() == prep.lower_:
            r = dates.resolve(dates.TimeExpr(t.text, t.start, t.end, "ago",
                                             {**t.match, "dir": "ago"}), story, "past")
            return r, t
    return None, None


STATEMENT_NOUNS = wordlist("events")["statement_nouns"]
def speaker_key(e) -> str | None:
    """An entity's identity for matching a speaker across sentences: the KB person, else name and country."""
    return e.kb_id or (f"{e.code}:{e.name}" if e.name and e.code else None)


def dated_statements(sent, exprs, res, story: dt.date):
    """(speaker key, Resolved, expression text) for dated statement nouns with a possessor in this sentence:
    "Takaichi's remarks on Taiwan last November"."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in STATEMENT_NOUNS or tok.pos_ != "NOUN":
            continue
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if not poss:
            continue
        att = attach(tok, tok, exprs)
        if att is None:
            continue
        r = att[0].resolve(story, "past")
        if r is None:
            continue
        for e in res.resolve(poss[0]):
            key = speaker_key(e)
            if key:
                out.append((key, r, att[0].text))
    return out
