"""PLOVER contexts from the words of an event's sentence (data: lexicon/contexts.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..data import DATA_DIR, contracts


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    d = contracts.load_yaml(DATA_DIR / "lexicon" / "contexts.yaml", "contexts")
    out = []
    for ctx, words in (d.get("contexts") or {}).items():
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        out.append((ctx, re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)))
    return out


def contexts_for(sentence: str, implied: list[str] = ()) -> list[str]:
    found = list(dict.fromkeys(implied))
    found.extend(c for c in _named_in(sentence) if c not in found)
    return found


@lru_cache(maxsize=4096)
def _named_in(sentence: str) -> tuple[str, ...]:
    """The contexts whose words the sentence uses, in the data file's order (each event of a sentence asks)."""
    return tuple(ctx for ctx, rx in _patterns() if rx.search(sentence))
