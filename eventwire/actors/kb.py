"""The actor knowledge base: countries, IGOs, sector role nouns and office holders.

All of it is read from data files under eventwire/data/kb (YAML and CSV) plus
any overlay files the user adds (see ``Settings.extra_kb``).  Lookups are by
lower-cased phrase; person lookups are by date, so "the Japanese prime
minister" is whoever held the office on the event date.
"""
from __future__ import annotations

import unicodedata
import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..data import DATA_DIR, contracts
from ..errors import DataFileError

KB_DIR = DATA_DIR / "kb"

# Title words -> office column of office_holders.csv
TITLE_OFFICES = {
    "president": ("head_of_state", "head_of_government"),
    "prime minister": ("head_of_government",),
    "premier": ("head_of_government",),
    "chancellor": ("head_of_government",),
    "pm": ("head_of_government",),
    "king": ("head_of_state",),
    "queen": ("head_of_state",),
    "emir": ("head_of_state",),
    "supreme leader": ("head_of_state",),
    "foreign minister": ("foreign_minister",),
    "secretary of state": ("foreign_minister",),
    "foreign secretary": ("foreign_minister",),
    "defense minister": ("defence_minister",),
    "defence minister": ("defence_minister",),
    "defense secretary": ("defence_minister",),
    "defence secretary": ("defence_minister",),
    "leader": ("head_of_government",),          # or head_of_state: see data/kb/leaders.yaml
    "secretary-general": ("igo_head",),
    "secretary general": ("igo_head",),
}


@dataclass
class Place:
    code: str
    name: str
    kind: str            # country | adjective | capital | seat | igo
    sector: str | None = None


@dataclass
class Office:
    kb_id: str
    name: str
    country: str
    office: str
    title: str
    sector: str
    start: dt.date | None
    end: dt.date | None
    source: str = ""

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


_date = contracts.kb_date        # YYYY-MM-DD, YYYY-MM or YYYY, as the KB files' contract says


@dataclass
class KnowledgeBase:
    phrases: dict[str, list[Place]] = field(default_factory=dict)       # country/IGO phrases
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    sector_nouns: dict[str, str] = field(default_factory=dict)
    sector_modifiers: dict[str, str] = field(default_factory=dict)
    people: dict[str, list[Office]] = field(default_factory=dict)       # full names and aliases
    surnames: dict[str, list[Office]] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[Office]] = field(default_factory=dict)
    state_leads: set[str] = field(default_factory=set)      # countries whose leader is the head of state
    un_members: set[str] = field(default_factory=set)
    non_actor_nouns: set[str] = field(default_factory=set)
    country_names: dict[str, str] = field(default_factory=dict)
    cow: dict[str, int | None] = field(default_factory=dict)
    igo_members: dict[str, list[str]] = field(default_factory=dict)
    max_phrase_tokens: int = 1

    # ---- building -------------------------------------------------------
    def _add_phrase(self, phrase: str, place: Place) -> None:
        key = normalise(phrase)
        if not key:
            return
        bucket = self.phrases.setdefault(key, [])
        if not any(p.code == place.code and p.kind == place.kind for p in bucket):
            bucket.append(place)
        self.max_phrase_tokens = max(self.max_phrase_tokens, len(key.split()))

    # Each loader checks its file's contract first (eventwire/data/contracts.py): a bad file raises
    # DataFileError naming the file, line and entry.
    def load_countries(self, path: Path) -> None:
        data = _read_yaml(path, "countries")
        for c in data.get("countries", []):
            code = c["code"]
            self.country_names[code] = c["name"]
            self.cow[code] = c.get("cow")
            if c.get("un") == "member":
                self.un_members.add(code)
            for a in [c["name"], *(c.get("aliases") or []), *(c.get("historical_aliases") or [])]:
                self._add_phrase(a, Place(code, c["name"], "country"))
            for a in c.get("adjectives") or []:
                self._add_phrase(a, Place(code, c["name"], "adjective"))
            for a in c.get("ambiguous_adjectives") or []:
                self.ambiguous.setdefault(normalise(a), []).append(code)
            for a in c.get("capitals") or []:
                self._add_phrase(a, Place(code, c["name"], "capital", "GOV"))
            seat_sectors = c.get("seat_sectors") or {}
            for a in c.get("seats") or []:
                self._add_phrase(a, Place(code, c["name"], "seat", seat_sectors.get(a, "GOV")))

    def load_igos(self, path: Path) -> None:
        data = _read_yaml(path, "igos")
        for g in data.get("igos", []):
            code = g["code"]
            self.country_names[code] = g["name"]
            members = g.get("members") or []
            self.igo_members[code] = members if isinstance(members, list) else [members]
            coded = g.get("coded_as") or code        # the Security Council is coded UN
            for a in [g["name"], *(g.get("aliases") or [])]:
                self._add_phrase(a, Place(coded, g["name"], "igo", "IGO"))

    def load_groups(self, path: Path) -> None:
        """Named armed groups, parties, NGOs, agencies and companies: alias -> (country, sector)."""
        data = _read_yaml(path, "groups", self.country_names.keys())
        for g in data.get("groups", []):
            code = g["code"]
            for a in [g["name"], *(g.get("aliases") or [])]:
                self._add_phrase(a, Place(code, g["name"], "group", g.get("sector")))

    def load_sectors(self, path: Path) -> None:
        data = _read_yaml(path, "sectors")
        for sector, spec in (data.get("sectors") or {}).items():
            for noun in spec.get("nouns") or []:
                key = normalise(noun)
                self.sector_nouns.setdefault(key, sector)
                self.max_phrase_tokens = max(self.max_phrase_tokens, len(key.split()))
        for word, sector in (data.get("modifiers") or {}).items():
            self.sector_modifiers[normalise(word)] = sector
        self.non_actor_nouns |= {normalise(w) for w in data.get("non_actor_nouns") or []}

    def load_offices(self, path: Path) -> None:
        """The bundled office-holder table, or a user's overlay CSV (which may use the codes of IGOs that
        the user's KB files loaded before it define)."""
        kind = "office_holders" if _bundled(path) else "kb_overlay"
        for row in contracts.load_csv(path, kind, extra_codes=self.country_names.keys()):
            self.add_office(Office(
                kb_id=row["kb_id"], name=row["name"], country=row["country"], office=row["office"],
                title=row.get("title", ""), sector=row.get("sector") or "GOV",
                start=_date(row.get("start")), end=_date(row.get("end")), source=row.get("source", "")),
                aliases=[a for a in (row.get("aliases") or "").split(";") if a.strip()])

    def add_office(self, o: Office, aliases: list[str] = ()) -> None:
        keys = {normalise(n) for n in [o.name, *aliases]}
        # "Hamad bin Khalifa al-Thani" and "Hamad bin Khalifa Al Thani" are one spelling
        keys |= {_unhyphenated(k) for k in keys}
        for key in keys:
            self.people.setdefault(key, []).append(o)
        toks = normalise(o.name).split()
        if toks:
            # surnames: Western order puts it last, East Asian order first ("Xi Jinping", "Lee Jae Myung")
            for s in {toks[-1], toks[0]}:
                if len(s) > 1:
                    self.surnames.setdefault(s, []).append(o)
        self.offices.setdefault((o.country, o.office), []).append(o)
        self.__dict__.pop("_deletions", None)       # the spelling index is rebuilt on next use

    # ---- lookups --------------------------------------------------------
    def country_name_keys(self) -> dict[str, str]:
        """Normalised country names -> code (names only: aliases are too short to spell-correct)."""
        if not hasattr(self, "_country_keys"):
            self._country_keys = {normalise(n): c for c, n in self.country_names.items()
                                  if len(c) == 3 and c not in self.igo_members and len(n) >= 5}
        return self._country_keys

    def member_states(self, code: str, _seen: frozenset = frozenset()) -> list[str]:
        """The member states of an IGO, blocs expanded ("EU" inside a list), in a stable order."""
        out: list[str] = []
        for m in self.igo_members.get(code, []):
            if m == "UN_MEMBERS":
                out.extend(sorted(self.un_members))
            elif m in self.igo_members and m not in _seen:
                out.extend(self.member_states(m, _seen | {code}))
            else:
                out.append(m)
        return list(dict.fromkeys(out))

    def place(self, phrase: str) -> list[Place]:
        return self.phrases.get(normalise(phrase), [])

    def person(self, name: str, day: dt.date | None) -> tuple[Office | None, str]:
        """Resolve a person's name on a date: full name or alias first, then surname."""
        key = normalise(name)
        rows = self.people.get(key) or self.people.get(_unhyphenated(key))
        how = "kb name"
        if not rows and len(key.split()) == 1:
            rows = self.surnames.get(key)
            how = "kb surname"
        if not rows and len(key.split()) == 1 and len(key) >= 7:
            # "Mitterand": a surname one letter off a holder in office that day
            close = self.close_surname(key, day)
            if close:
                rows, how = self.surnames[close], f"kb surname (spelling close to {close!r})"
        if not rows:
            return None, ""
        return pick_on_date(rows, day, how)

    def close_surname(self, key: str, day: dt.date | None) -> str | None:
        """The one surname within one edit of ``key`` of someone in office on ``day`` (any day when
        there is none)."""
        if not hasattr(self, "_deletions"):
            # every surname under itself and under each one-letter deletion of it: two names one edit
            # apart share one of these keys
            self._deletions: dict[str, set[str]] = {}
            for s in self.surnames:
                for v in _one_deletion(s):
                    self._deletions.setdefault(v, set()).add(s)
        near = set()
        for v in _one_deletion(key):
            near |= self._deletions.get(v, set())
        found = {s for s in near if one_edit(key, s)
                 and (day is None or any(o.holds_on(day) for o in self.surnames[s]))}
        return found.pop() if len(found) == 1 else None

    def holder(self, country: str, title: str, day: dt.date | None) -> Office | None:
        """Who held the office that ``title`` names in ``country`` on ``day``.

        Rows whose own title contains the title word win ("the Iranian president" is the
        President, not the Supreme Leader who is head of state); among several current
        rows the latest appointment wins, since a successor's row may start before an
        open-ended predecessor row is closed.
        """
        offices = TITLE_OFFICES.get(title, ())
        if title == "leader":
            offices = ("head_of_state",) if country in self.state_leads else ("head_of_government", "head_of_state")
            word = ""              # any title: the leader is whoever holds that office
        else:
            word = normalise(title)
        fallback = None
        for office in offices:
            rows = self.offices.get((country, office), [])
            rows = [o for o in rows if o.holds_on(day)] if day is not None else [o for o in rows if o.end is None]
            if not rows:
                continue
            titled = [o for o in rows if word and word in normalise(o.title)]
            if titled:
                return _latest(titled)
            if fallback is None:
                fallback = _latest(rows)
        return fallback


def _latest(rows: list["Office"]) -> "Office":
    return max(rows, key=lambda o: (o.start or dt.date.min).toordinal())


def pick_on_date(rows: list[Office], day: dt.date | None, how: str) -> tuple[Office | None, str]:
    people = {o.kb_id for o in rows}
    if day is not None:
        current = [o for o in rows if o.holds_on(day)]
        if current and len({o.kb_id for o in current}) == 1:
            return _most_senior(current), f"{how}, in office on {day.isoformat()}"
    if len(people) == 1:
        return _most_senior(rows), f"{how}, office held {_span(rows)}"
    if len({o.country for o in rows}) == 1:
        # "President Bush", "Aliyev": several holders of one country share the name; the
        # country is certain, the person is not, so no kb_id is claimed
        latest = _most_senior([o for o in rows if o.kb_id == _latest(rows).kb_id])
        return replace(latest, kb_id="", name=latest.name.split()[-1]), \
            f"{how} shared by {len(people)} office holders of {latest.country} (country only)"
    return None, ""


_SENIORITY = ["head_of_state", "head_of_government", "igo_head", "foreign_minister", "defence_minister", "other"]


def _most_senior(rows: list[Office]) -> Office:
    """The row that speaks for a person: in their home country first (the French president is also
    Andorra's co-prince; kb_ids start with the home country's code), then the most senior office."""
    def home(o: Office) -> int:
        return 0 if o.kb_id[:4].lower() == o.country.lower() + "-" else 1
    return sorted(rows, key=lambda o: (home(o), _SENIORITY.index(o.office) if o.office in _SENIORITY else 9,
                                       -(o.start or dt.date.min).toordinal()))[0]


def _span(rows: list[Office]) -> str:
    starts = [o.start for o in rows if o.start]
    ends = [o.end for o in rows if o.end]
    lo = min(starts).isoformat() if starts else "?"
    hi = "present" if any(o.end is None for o in rows) else (max(ends).isoformat() if ends else "?")
    return f"{lo} to {hi}"


# letters NFKD does not take apart: "Tuđman" is written "Tudman" or "Tudjman"
_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                          "Æ": "AE", "ı": "i", "ð": "d", "þ": "th"})


def _unhyphenated(key: str) -> str:
    return " ".join(key.replace("-", " ").split())


def _one_deletion(s: str) -> set[str]:
    """``s`` and every string one letter shorter: two words one edit apart share one of these."""
    return {s, *(s[:i] + s[i + 1:] for i in range(len(s)))}


def one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter added, dropped or changed (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


@lru_cache(maxsize=200_000)
def normalise(s: str) -> str:
    """Lower case, no accents, straight apostrophes, no leading "the", single spaces."""
    s = unicodedata.normalize("NFKD", s.translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = " ".join(s.lower().replace("’", "'").split())
    if s.startswith("the "):
        s = s[4:]
    return s


def _bundled(path: Path) -> bool:
    return Path(path).resolve().parent == KB_DIR


def _read_yaml(path: Path, kind: str, extra_codes=()) -> dict:
    """A KB YAML file after its contract check: a bundled file has its own contract; a user's extra file
    may hold any of the sections (countries, igos, groups, sectors)."""
    return contracts.load_yaml(path, kind if _bundled(path) else "kb_yaml", extra_codes=extra_codes)


@lru_cache(maxsize=8)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.load_countries(KB_DIR / "countries.yaml")
    kb.load_igos(KB_DIR / "igos.yaml")
    if (KB_DIR / "groups.yaml").exists():
        kb.load_groups(KB_DIR / "groups.yaml")
    kb.load_sectors(KB_DIR / "sectors.yaml")
    if (KB_DIR / "leaders.yaml").exists():
        kb.state_leads = set(contracts.load_yaml(KB_DIR / "leaders.yaml", "leaders").get("head_of_state_leads")
                             or [])
    kb.load_offices(KB_DIR / "office_holders.csv")
    for p in extra:
        path = Path(p)
        if path.suffix == ".csv":
            kb.load_offices(path)
        elif path.suffix in (".yaml", ".yml"):
            data = _read_yaml(path, "kb_yaml", kb.country_names.keys())
            if "countries" in data:
                kb.load_countries(path)
            if "igos" in data:
                kb.load_igos(path)
            if "groups" in data:
                kb.load_groups(path)
            if "sectors" in data:
                kb.load_sectors(path)
        else:
            raise DataFileError([f"{contracts.show_path(path)}: a KB file must be a .csv (office holders, as "
                                 "`eventwire kb add` writes) or a .yaml (countries, igos, groups, sectors)"])
    return kb
