import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def coder():
    from eventwire.pipeline import get_coder
    return get_coder()


@pytest.fixture(scope="session")
def code():
    from eventwire import code_text

    def _code(text, published="2026-01-13"):
        return code_text(text, published=published)
    return _code


def codes(ents):
    return {e.code for e in ents if e.code}


def find(events, event_type=None, actor=None, recipient=None, aux="any", parties=None):
    """Events matching the given type, actor codes (subset), recipient codes (subset) and aux."""
    out = []
    for e in events:
        if event_type and e.event_type != event_type:
            continue
        if actor and not set(actor) <= codes(e.actor):
            continue
        if recipient and not set(recipient) <= codes(e.recipient):
            continue
        if parties and not set(parties) <= codes(e.actor) | codes(e.recipient):
            continue
        if aux != "any" and e.aux != aux:
            continue
        out.append(e)
    return out
