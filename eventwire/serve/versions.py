"""Versions of what codes the events: the coder, the ontology, the knowledge base and the lexicon."""
from __future__ import annotations

import hashlib
from functools import lru_cache

import yaml

from ..data import DATA_DIR


def _fingerprint(paths) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def versions() -> dict:
    from ..config import Settings
    from ..pipeline import VERSION
    onto = yaml.safe_load((DATA_DIR / "ontology" / "plover.yaml").read_text(encoding="utf-8")) or {}
    kb = {}
    for p in sorted((DATA_DIR / "kb").glob("*.yaml")):
        d = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        kb[p.stem] = {"version": d.get("version"), "checked": str(d["checked"]) if d.get("checked") else None}
    holders = DATA_DIR / "kb" / "office_holders.csv"
    if holders.exists():
        rows = holders.read_text(encoding="utf-8").count("\n") - 1
        kb["office_holders"] = {"rows": rows, "sha256": _fingerprint([holders])}
    try:
        model = Settings.from_env().model
    except Exception:  # noqa: BLE001 - a bad setting must not take /v1/version down
        model = None
    return {"eventwire": VERSION, "api": "v1",
            "coder": {"version": VERSION, "model": model},
            "ontology": {"version": onto.get("version"), "source": onto.get("source"),
                         "sha256": _fingerprint((DATA_DIR / "ontology").glob("*.*"))},
            "kb": {"files": kb, "sha256": _fingerprint((DATA_DIR / "kb").glob("*.*"))},
            "lexicon": {"sha256": _fingerprint((DATA_DIR / "lexicon").glob("*.yaml"))}}
