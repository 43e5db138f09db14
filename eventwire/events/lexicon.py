"""The trigger lexicon: one YAML file per PLOVER category under eventwire/data/lexicon."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..data import DATA_DIR, contracts


@dataclass
class Entry:
    category: str
    lemma: str
    pos: str
    cameo: str | None = None
    mode: str | None = None
    recipient: list[str] = field(default_factory=list)
    with_: str | None = None
    object: list[str] | None = None
    governor: list[str] | None = None
    actor_sectors: list[str] | None = None
    not_actor_sectors: list[str] | None = None
    reciprocal: bool = False
    visit: bool = False
    context: list[str] = field(default_factory=list)
    example: str | None = None
    file: str = ""
    rule: str | None = None          # set for triggers made by a rule rather than a word

    @property
    def words(self) -> list[str]:
        return self.lemma.lower().split()

    @property
    def id(self) -> str:
        if self.rule:
            return f"rule:{self.rule}"
        parts = [self.category.lower(), self.lemma.replace(" ", "_"), self.pos.lower()]
        if self.with_:
            parts.append("+" + self.with_)
        if self.governor:
            parts.append("<" + "|".join(self.governor))
        if self.object:
            parts.append(">" + "|".join(self.object))
        if self.actor_sectors:
            parts.append("@" + "|".join(self.actor_sectors))
        return ":".join(parts)

    @property
    def specificity(self) -> int:
        return (len(self.words) * 5 + 3 * bool(self.with_) + 3 * bool(self.governor) + 3 * bool(self.object)
                + 2 * bool(self.actor_sectors) + bool(self.not_actor_sectors))


@dataclass
class Lexicon:
    entries: list[Entry]
    by_head: dict[tuple[str, str], list[Entry]]


def _as_list(v) -> list[str] | None:
    if v is None:
        return None
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


# a preposition a lexicon entry names also matches its other spelling ("fired a missile towards the city")
SPELLINGS = {"toward": "towards", "towards": "toward", "afterward": "afterwards"}


def _spellings(slots: list[str]) -> list[str]:
    return slots + [SPELLINGS[s] for s in slots if s in SPELLINGS and SPELLINGS[s] not in slots]


# other lexical data in the bundled lexicon folder, each read by its own loader
NOT_TRIGGER_FILES = ("modality.yaml", "contexts.yaml")


def load_file(path: Path) -> list[Entry]:
    """The entries of one trigger file; a file that breaks the lexicon contract raises DataFileError."""
    path = Path(path)
    if path.name in NOT_TRIGGER_FILES and path.resolve().parent == DATA_DIR / "lexicon":
        return []
    data = contracts.load_yaml(path, "lexicon")
    cat = data["category"].upper()
    out = []
    for e in data["entries"]:
        out.append(Entry(
            category=cat, lemma=str(e["lemma"]).lower(), pos=str(e["pos"]).upper(),
            cameo=str(e["cameo"]) if e.get("cameo") is not None else None, mode=e.get("mode"),
            recipient=_spellings(_as_list(e.get("recipient")) or []), with_=e.get("with"),
            object=_as_list(e.get("object")), governor=_as_list(e.get("governor")),
            actor_sectors=_as_list(e.get("actor_sectors")), not_actor_sectors=_as_list(e.get("not_actor_sectors")),
            reciprocal=bool(e.get("reciprocal")), visit=bool(e.get("visit")),
            context=_as_list(e.get("context")) or [], example=e.get("example"), file=path.name))
    return out


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    entries: list[Entry] = []
    for path in sorted((DATA_DIR / "lexicon").glob("*.yaml")):
        entries.extend(load_file(path))
    for p in extra:
        entries.extend(load_file(Path(p)))
    by_head: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        by_head.setdefault((e.words[-1], e.pos), []).append(e)
    for lst in by_head.values():
        lst.sort(key=lambda e: -e.specificity)
    return Lexicon(entries=entries, by_head=by_head)
