"""The PLOVER ontology and the CAMEO crosswalk, read from eventwire/data/ontology."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .data import DATA_DIR

CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
              "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
AUX_MODES = ("historical", "future", "hypothetical", "negated")


@dataclass
class Ontology:
    categories: dict
    contexts: dict
    cameo: dict[str, dict]

    def score(self, category: str, mode: str | None) -> float:
        cat = self.categories[category]
        modes = cat.get("modes") or {}
        if mode and mode in modes and isinstance(modes[mode], dict) and modes[mode].get("score") is not None:
            return float(modes[mode]["score"])
        return float(cat["score"])

    def quad_class(self, category: str) -> int:
        return int(self.categories[category]["quad_class"])

    def goldstein(self, cameo: str | None) -> float | None:
        row = self.cameo.get(cameo or "")
        if row is None and cameo:
            row = self.cameo.get(cameo[:3]) or self.cameo.get(cameo[:2])
        return float(row["goldstein"]) if row and row.get("goldstein") not in (None, "") else None

    def default_cameo(self, category: str) -> str | None:
        return self.categories[category].get("default_cameo")

    def modes(self, category: str) -> set[str]:
        return set((self.categories[category].get("modes") or {}).keys())


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    d = yaml.safe_load((DATA_DIR / "ontology" / "plover.yaml").read_text(encoding="utf-8"))
    with (DATA_DIR / "ontology" / "cameo.csv").open(encoding="utf-8", newline="") as fh:
        cameo = {row["cameo"]: row for row in csv.DictReader(fh)}
    missing = [c for c in CATEGORIES if c not in d["categories"]]
    if missing:
        raise ValueError(f"ontology/plover.yaml lacks categories {missing}")
    return Ontology(categories=d["categories"], contexts=d.get("contexts") or {}, cameo=cameo)
