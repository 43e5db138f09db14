"""The PLOVER ontology and the CAMEO crosswalk, read from eventwire/data/ontology."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .data import DATA_DIR, contracts
from .data.contracts import AUX_MODES, CATEGORIES    # noqa: F401  (defined with the ontology file's contract)


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
    # both files are checked against their contracts (every category there); a bad one raises DataFileError
    d = contracts.load_yaml(DATA_DIR / "ontology" / "plover.yaml", "ontology")
    cameo = {row["cameo"]: row for row in contracts.load_csv(DATA_DIR / "ontology" / "cameo.csv", "cameo")}
    return Ontology(categories=d["categories"], contexts=d.get("contexts") or {}, cameo=cameo)
