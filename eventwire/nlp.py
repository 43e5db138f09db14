"""The NLP stage: one spaCy pipeline per process, loaded once."""
from __future__ import annotations

import re
from functools import lru_cache

from .errors import ModelNotFound     # callers may import it from here, as before


CLOSING_QUOTES = {'"', "\u201d", "\u2019", "'"}


def quote_boundaries(doc):
    """A sentence ends at a closing quote after . ! or ?, even when the next word follows with no space
    ('... failed.”The army shelled ...'); the parser keeps boundaries set before it runs."""
    for i in range(2, len(doc)):
        quote, before, tok = doc[i - 1], doc[i - 2], doc[i]
        if quote.text in CLOSING_QUOTES and before.text in (".", "!", "?") and tok.text[:1].isupper():
            tok.is_sent_start = True
        elif "\n" in quote.text and quote.is_space and tok.text[:1].isupper():
            # a line of its own (a sub-headline, a standfirst) is never glued to the next line's sentence
            tok.is_sent_start = True
    return doc


# the second word of a hyphenated name that is a word of its own: "Russia-led", "Iran-backed", "US-based"
NOT_NAME_PARTS = frozenset({"led", "backed", "based", "born", "owned", "run", "made", "style", "era", "type",
                            "like", "wide", "free", "bound", "friendly", "linked", "controlled", "aligned",
                            "funded", "allied", "sponsored", "held", "occupied", "brokered", "inspired",
                            "affiliated", "speaking", "american", "british", "french", "german"})


def hyphenated_names(doc):
    """ "Moon Jae-in", "Yoon Suk-yeol", "Kim Jong-un": a given name written with a hyphen is one token.
    The tokenizer splits it, and the parser then reads "in" as a preposition and "yeol" as the head of
    the phrase, so the person is lost.  Merged: a capitalised word after another capitalised word,
    a hyphen with no space around it, and a short lower-case word that is not a word of its own."""
    spans = []
    i = 1
    while i + 2 < len(doc):
        a, h, b = doc[i], doc[i + 1], doc[i + 2]
        prev = doc[i - 1]
        if h.text == "-" and not a.whitespace_ and not h.whitespace_ and a.is_alpha and a.text[:1].isupper() \
                and a.text[1:].islower() and b.is_alpha and b.text.islower() and len(b.text) <= 6 \
                and b.text not in NOT_NAME_PARTS and prev.is_alpha and prev.text[:1].isupper() \
                and prev.lower_ not in ("the", "a", "an", "this", "that", "its", "his", "her", "their", "in", "on"):
            spans.append(doc[i: i + 3])
            i += 3
            continue
        i += 1
    if spans:
        with doc.retokenize() as retok:
            for sp in spans:
                retok.merge(sp)
    return doc


_ACCENT_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\u00b4`](?=[A-Za-z])")


def parse_text(text: str) -> str:
    """The text the parser reads: an acute accent or a backtick typed for an apostrophe ("Tshisekedi´s
    supporters", "don`t") becomes one, so that the possessive splits; one character for one, so every
    offset stays that of the article."""
    return _ACCENT_APOSTROPHE.sub("\u2019", text)


GERUND_PREPS = frozenset({"in", "during", "by", "after", "amid", "from", "under"})


@lru_cache(maxsize=1)
def _nationalities() -> frozenset:
    """One-word nationality adjectives and country names of the actor KB ("azerbaijani", "azerbaijan"), which
    the tagger may take for a name."""
    import yaml
    from pathlib import Path
    data = yaml.safe_load((Path(__file__).parent / "data" / "kb" / "countries.yaml").read_text(encoding="utf-8"))
    rows = data.get("countries", data) if isinstance(data, dict) else data
    return frozenset(a.lower() for c in rows for a in [*(c.get("adjectives") or []), c.get("name") or ""]
                     if a and " " not in a)


def nominal_gerunds(doc):
    """ "killed in Russian shelling", "wounded during Israeli bombing": the small parser reads the
    nationality as the preposition's object and the armed act's gerund as a clause of its own, so the
    act loses its perpetrator. Repaired after parsing: the gerund of an armed act (``violent_event_nouns``)
    right after a nationality that a preposition governs becomes that preposition's object, a noun,
    with the nationality as its modifier."""
    from .wordlists import load as wordlist
    acts = frozenset(wordlist("actors")["violent_event_nouns"])
    for i in range(1, len(doc) - 1):
        nat, ger = doc[i], doc[i + 1]
        if nat.dep_ != "pobj" or not (nat.ent_type_ == "NORP" or nat.lower_ in _nationalities()) \
                or nat.head.lower_ not in GERUND_PREPS \
                or ger.tag_ != "VBG" or ger.lower_ not in acts or any(c.i < ger.i for c in ger.children):
            continue
        prep, clause_head = nat.head, ger.head
        if clause_head == prep.head.head and prep.head.dep_ in ("dobj", "nsubjpass"):
            prep.head = clause_head         # "lost 12 soldiers in Ethiopia shelling": the loss's setting
        elif clause_head != prep.head:
            continue
        ger.head, ger.dep_, ger.pos_, ger.tag_, ger.lemma_ = prep, "pobj", "NOUN", "NN", ger.lower_
        nat.head, nat.dep_ = ger, "amod"
    return doc


def _import_spacy(name: str):
    """spaCy, imported without torch when the pipeline needs none.

    thinc imports torch whenever it is installed (the venv has it for `make train`): 1.6 s and ~150 MB
    in every worker that only runs a CNN pipeline.  Unless torch is already loaded in this process, or
    the pipeline is a transformer one (``*_trf``), torch is hidden while spaCy is first imported; it can
    still be imported afterwards."""
    import sys
    if "spacy" in sys.modules or "torch" in sys.modules or "trf" in name:
        import spacy
        return spacy
    sys.modules["torch"] = None         # an import of it raises ImportError: thinc records has_torch = False
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=4)
def load_pipeline(name: str):
    spacy = _import_spacy(name)
    from spacy.language import Language
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as exc:
        raise ModelNotFound(name) from exc
    # a closing curly quote glued to the next word ('failed.”The army') is a token of its own
    from spacy.util import compile_infix_regex
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        list(nlp.Defaults.infixes) + [r'(?<=[.!?])[\u201d"](?=[A-Z])']).finditer
    if "eventwire_quote_boundaries" not in Language.factories:
        Language.component("eventwire_quote_boundaries", func=quote_boundaries)
    if "eventwire_hyphenated_names" not in Language.factories:
        Language.component("eventwire_hyphenated_names", func=hyphenated_names)
    nlp.add_pipe("eventwire_hyphenated_names", first=True)
    if "eventwire_nominal_gerunds" not in Language.factories:
        Language.component("eventwire_nominal_gerunds", func=nominal_gerunds)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventwire_quote_boundaries", before="parser")
        nlp.add_pipe("eventwire_nominal_gerunds", after="ner" if "ner" in nlp.pipe_names else "parser")
    return nlp
