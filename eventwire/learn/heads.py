"""The trained heads: plain numbers in one JSON file (``eventwire/data/models/layer.json``), read with numpy.

- ``type``: a multinomial logistic regression over the sentence embedding, with a
  temperature fitted on out-of-fold logits, giving P(type) for the 16 PLOVER
  types and P(NONE) ("no political event");
- ``calibrators``: small logistic regressions that turn an event's evidence into
  the probability that its type is right (its ``confidence``): ``lexicon`` maps the
  rules' confidence of a lexicon event (monotone: the order of a sentence's events
  stays the rules'), ``learned`` maps the layer's P(type) and P(NONE) of an event
  the layer added;
- ``thresholds``: the decision thresholds chosen on the training corpus.

``make train`` (``train/train_layer.py``) writes the file; nothing here needs
scikit-learn or torch.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..data import DATA_DIR
from ..errors import E, EventwireError

DEFAULT_HEADS = DATA_DIR / "models" / "layer.json"
NONE = "NONE"


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _log(p: float) -> float:
    return math.log(max(p, 1e-6))


# the features of each calibrator, by name; training and run time both build them here
def lexicon_features(heuristic: float) -> dict[str, float]:
    """A lexicon event: the rules' own confidence (``events/confidence.py``), recalibrated by a monotone map,
    so that the rules, not the layer, decide which of a sentence's events leads."""
    return {"bias": 1.0, "heuristic_logit": _logit(heuristic)}


def learned_features(p_type: float, p_none: float, party: bool = True) -> dict[str, float]:
    """An event the layer added: its P(type), P(NONE), and whether the parse found it a coded party."""
    return {"bias": 1.0, "log_p_type": _log(p_type), "log_p_none": _log(p_none), "no_party": 0.0 if party else 1.0}


@dataclass
class Calibrator:
    features: list[str]
    coef: list[float]

    def __call__(self, feats: dict[str, float]) -> float:
        z = sum(c * feats[name] for name, c in zip(self.features, self.coef))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass
class Heads:
    classes: list[str]
    W: np.ndarray                   # (classes, dim)
    b: np.ndarray                   # (classes,)
    temperature: float = 1.0
    calibrators: dict[str, Calibrator] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def proba(self, X: np.ndarray) -> np.ndarray:
        z = (X @ self.W.T + self.b) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {"classes": self.classes, "temperature": self.temperature,
                "W": [[float(f"{x:.6g}") for x in row] for row in self.W], "b": [float(f"{x:.6g}") for x in self.b],
                "calibrators": {k: {"features": c.features, "coef": [float(f"{x:.6g}") for x in c.coef]}
                                for k, c in self.calibrators.items()},
                "thresholds": self.thresholds, "meta": self.meta}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Heads":
        path = Path(path) if path else DEFAULT_HEADS
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            return cls(classes=list(d["classes"]), W=np.asarray(d["W"], dtype=np.float32),
                       b=np.asarray(d["b"], dtype=np.float32), temperature=float(d.get("temperature", 1.0)),
                       calibrators={k: Calibrator(list(c["features"]), list(c["coef"]))
                                    for k, c in (d.get("calibrators") or {}).items()},
                       thresholds={k: float(v) for k, v in (d.get("thresholds") or {}).items()},
                       meta=d.get("meta") or {})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EventwireError(E.HEADS_MISSING, where=str(path), detail=str(exc)) from None
