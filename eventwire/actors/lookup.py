"""`eventwire kb show`: explain what a mention resolves to on a date, with the coder's own resolver."""
from __future__ import annotations

import datetime as dt

from .kb import load_kb
from .resolve import ActorResolver


def explain(name: str, date: str | None, settings) -> list[str]:
    from ..nlp import load_pipeline
    kb = load_kb(tuple(settings.extra_kb))
    day = dt.date.fromisoformat(date) if date else dt.date.today()
    nlp = load_pipeline(settings.model)
    doc = nlp(name)
    res = ActorResolver(kb, day)
    ents = res.resolve(doc[:].root)
    lines = [f"{name!r} on {day.isoformat()}:"]
    if not ents:
        lines.append("  unresolved (no country, IGO, person or sector found)")
    for e in ents:
        lines.append(f"  code {e.code or '-'}  sector {e.sector or '-'}  name {e.name or '-'}  kb_id {e.kb_id or '-'}")
        lines.append(f"  why: {e.why}")
    return lines
