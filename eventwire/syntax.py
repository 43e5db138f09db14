"""Every helper that walks the dependency parse: one home for syntax.

Stages import tree walking from here only, never from each other: conjuncts,
the named entity at a token, a mention's noun phrase, the clause chain of
control and raising, clause depth, and one bounded climb to the root.
"""
from __future__ import annotations

from typing import Callable, Iterator

# the deepest a climb goes: news sentences parse to trees far shallower than this
MAX_CLIMB = 12
# the most clause boundaries a rule looks across ("if" governing a clause, a reporting verb above a complement)
CLAUSE_HOPS = 4
# the most tokens a mention reaches on either side of its head
MAX_MENTION_SIDE = 16
# the clause labels a climb counts as boundaries
CLAUSE_DEPS = ("advcl", "relcl", "acl", "ccomp", "csubj", "pcomp")
# dependency labels that belong to a noun phrase mention
_LEFT_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "case", "punct", "advmod", "npadvmod"}


def climb(tok, limit: int = MAX_CLIMB) -> Iterator:
    """The token's ancestors, nearest first, at most ``limit`` of them: the one bounded climb."""
    cur = tok
    for _ in range(limit):
        if cur.head is cur or cur.head == cur:
            return
        cur = cur.head
        yield cur


def climb_while(tok, keep: Callable, limit: int = MAX_CLIMB):
    """Climb from ``tok`` while ``keep(token)`` holds for the token being left; the last token reached."""
    cur = tok
    for _ in range(limit):
        if cur.head == cur or not keep(cur):
            return cur
        cur = cur.head
    return cur


def first_up(tok, pred: Callable, limit: int = MAX_CLIMB, include_self: bool = True):
    """The nearest token, ``tok`` itself first, that satisfies ``pred``; None when the climb ends first."""
    if include_self and pred(tok):
        return tok
    for anc in climb(tok, limit):
        if pred(anc):
            return anc
    return None


# coordinators that leave out what follows: "G7 leaders minus Trump", "all members except Hungary"
EXCLUDING = frozenset({"minus", "except", "excluding", "without"})


def conjuncts(tok) -> list:
    """Every token coordinated with ``tok`` below it ("A, B and C" from A); not one a coordinator
    leaves out ("the leaders minus Trump")."""
    out = []
    for c in tok.children:
        if c.dep_ == "conj":
            cc = [x for x in tok.children if x.dep_ == "cc" and x.i < c.i]
            if cc and cc[-1].lower_ in EXCLUDING:
                continue
            out.append(c)
            out.extend(conjuncts(c))
    return out


def clause_chain(tok) -> list:
    """The trigger's verb and the verbs that govern it through control and raising."""
    chain = [tok]
    cur = tok
    while cur.dep_ in ("xcomp", "pcomp", "acomp") or (cur.dep_ == "pobj" and cur.head.dep_ == "prep"
                                                       and cur.head.head.pos_ in ("VERB", "AUX")
                                                       and cur.pos_ == "VERB"):
        cur = cur.head if cur.dep_ != "pobj" else cur.head.head
        chain.append(cur)
        if len(chain) > 6:
            break
    return chain


def participle_head(tok):
    """The verb a bare participial adjunct tells the outcome or manner of ("shelled the market on
    Tuesday, killing nine"): an adverbial -ing or -ed clause with no subject and no "when" or "after" of
    its own; None for any other token.  It shares that verb's time and tense."""
    if tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and tok.head.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children):
        return tok.head
    return None


def clause_depth(tok) -> int:
    """How many clause boundaries lie between a token and its sentence root."""
    depth = 1 if tok.dep_ in CLAUSE_DEPS and tok.head != tok else 0
    for anc in climb(tok, limit=len(tok.sent) + 1):
        if anc.dep_ in CLAUSE_DEPS and anc.head != anc:
            depth += 1
    return depth


def _ent_index(doc):
    """doc.ents is rebuilt on every access; index it once per Doc."""
    idx = doc.user_data.get("eventwire_ents")
    if idx is None:
        ents = tuple(doc.ents)
        at = {}
        for e in ents:
            for i in range(e.start, e.end):
                at[i] = e
        idx = doc.user_data["eventwire_ents"] = (ents, at)
    return idx


def doc_text(doc) -> str:
    """The Doc's text; spaCy rebuilds ``doc.text`` from its tokens on every access, so keep it once."""
    text = doc.user_data.get("eventwire_text")
    if text is None:
        text = doc.user_data["eventwire_text"] = doc.text
    return text


def ent_at(doc, i: int):
    """The named entity covering token i, or None."""
    return _ent_index(doc)[1].get(i)


def ents_in(doc, start: int, end: int) -> list:
    """Named entities wholly inside tokens [start, end)."""
    return [e for e in _ent_index(doc)[0] if e.start >= start and e.end <= end]


def mention_span(head):
    """The noun phrase of a mention: its head with modifiers, names and "of"-countries, no clauses."""
    doc = head.doc
    keep = {head.i}
    lo_cap, hi_cap = head.i - MAX_MENTION_SIDE, head.i + MAX_MENTION_SIDE
    for c in head.children:
        # a projective parse: a child's subtree is the run from its left edge to its right edge
        if (c.i < head.i and c.dep_ in _LEFT_DEPS) or c.dep_ in ("compound", "flat") \
                or (c.dep_ == "appos" and c.i == head.i + 1):
            keep.update(range(max(c.left_edge.i, lo_cap), min(c.right_edge.i, hi_cap) + 1))
    for c in head.children:
        # "the president of France", "the government of Japan"
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > head.i:
            for s in c.subtree:
                if s.dep_ in ("relcl", "acl"):
                    break
                keep.add(s.i)
    # a named entity containing the head stretches the span ("Wi Sung-lac")
    if head.ent_type_:
        ent = ent_at(doc, head.i)
        if ent is not None:
            keep.update(range(ent.start, ent.end))
    # a mention is a phrase, not a page: a run of names parsed as one compound is cut around its head
    lo, hi = max(min(keep), lo_cap), min(max(keep), hi_cap)
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return doc[lo: hi + 1]


def propn_chunk(head) -> str:
    """The run of proper nouns (and joining hyphens) that ends at ``head``: "Amara Okonkwo-Fixture"."""
    doc = head.doc
    lo = head.i
    while lo > max(0, head.i - MAX_MENTION_SIDE) and (doc[lo - 1].pos_ == "PROPN" or (doc[lo - 1].text in "-'" and lo > 1)):
        lo -= 1
    return doc[lo: head.i + 1].text


def is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def infinitival(tok) -> bool:
    """A verb with infinitival "to" ("to pressure Iran", "to protest the verdict")."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def children(tok, *deps: str) -> list:
    """The token's children with one of the given dependency labels."""
    return [c for c in tok.children if c.dep_ in deps]
