"""Word lists and groupings that the rules read, loaded from ``eventwire/data/words/*.yaml``.

Each file maps a list's name to ``{doc: ..., words: [...]}`` (a set of words) or
``{doc: ..., map: {...}}`` (a mapping).  A political scientist extends a rule by
adding a word to its list; ``eventwire check-data`` checks the edit.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from .data import DATA_DIR

WORDS_DIR = DATA_DIR / "words"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The lists of ``data/words/<name>.yaml``: frozensets for ``words``, dicts for ``map``."""
    path = WORDS_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        from .data.contracts import validate_words     # the file's contract, where one is written
    except ImportError:
        validate_words = None
    if validate_words is not None:
        validate_words(path, data)
    return {k: frozenset(v["words"]) if "words" in v else dict(v["map"]) for k, v in data.items()}
