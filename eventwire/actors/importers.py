"""Bring your own knowledge base: Wikidata entity dumps and PETRARCH/Phoenix actor dictionaries.

Both importers produce rows in the columns of ``data/kb/office_holders.csv``
and merge them into a KB overlay (a CSV file of the same shape) that the coder
loads after the bundled KB (``--kb FILE`` or ``EVENTWIRE_EXTRA_KB``).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Iterable, Iterator

from ..data import contracts
from ..errors import DataFileError

COLUMNS = ["kb_id", "name", "aliases", "country", "office", "title", "sector", "start", "end", "source", "checked"]

# Wikidata items for the kinds of position (values of P31/P279 on a position item)
HEAD_OF_STATE = {"Q48352"}
HEAD_OF_GOVERNMENT = {"Q2285706"}
# keywords in a position's English label -> (office, sector)
POSITION_WORDS = [
    (re.compile(r"\b(prime minister|premier|chancellor|head of government)\b", re.I), "head_of_government"),
    (re.compile(r"\b(president|king|queen|emir|monarch|supreme leader|head of state)\b", re.I), "head_of_state"),
    (re.compile(r"\b(foreign (affairs|minister|secretary)|secretary of state|external affairs)\b", re.I), "foreign_minister"),
    (re.compile(r"\b(defen[cs]e|war|armed forces)\b", re.I), "defence_minister"),
]
SECTOR_WORDS = [
    (re.compile(r"\b(member of (the )?(parliament|house|senate|congress|national assembly|diet|bundestag))\b|\bsenator\b|\blegislat", re.I), "LEG"),
    (re.compile(r"\b(judge|justice|court)\b", re.I), "JUD"),
    (re.compile(r"\b(general|admiral|chief of staff|commander)\b", re.I), "MIL"),
]


def _time(claim_list) -> str | None:
    """A Wikidata time value ("+2025-10-21T00:00:00Z", precision 9-11) -> ISO date."""
    for q in claim_list or []:
        v = ((q.get("datavalue") or {}).get("value") or {})
        t = v.get("time")
        if not t:
            continue
        m = re.match(r"([+-]\d{4,})-(\d\d)-(\d\d)", t)
        if not m:
            continue
        y, mo, d = int(m.group(1)), int(m.group(2)) or 1, int(m.group(3)) or 1
        if y < 1 or y > 9999:
            continue
        return dt.date(y, mo, d).isoformat()
    return None


def _item_ids(claims, prop) -> list[str]:
    out = []
    for c in claims.get(prop) or []:
        v = ((c.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {}
        if isinstance(v, dict) and v.get("id"):
            out.append(v["id"])
    return out


def _label(ent) -> str | None:
    lab = (ent.get("labels") or {}).get("en")
    return lab.get("value") if lab else None


def iter_wikidata(path: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """Entities of a Wikidata JSON dump: full (a JSON array, one entity a line) or filtered (JSON Lines)."""
    opener = open
    if path.endswith(".gz"):
        import gzip
        opener = gzip.open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            try:
                ent = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, None, f"{path}:{n}: invalid JSON ({exc.msg})"
                continue
            if not isinstance(ent, dict) or "id" not in ent:
                yield n, None, f"{path}:{n}: not a Wikidata entity"
                continue
            yield n, ent, None


def import_wikidata(path: str, checked: str | None = None) -> tuple[list[dict], list[str]]:
    """Office rows from P39 (position held) with P580/P582, P27 (citizenship) and P17 (country)."""
    checked = checked or dt.date.today().isoformat()
    entities: dict[str, dict] = {}
    errors: list[str] = []
    for _n, ent, err in iter_wikidata(path):
        if err:
            errors.append(err)
        else:
            entities[ent["id"]] = ent
    iso3 = {}
    for qid, ent in entities.items():
        for c in (ent.get("claims") or {}).get("P298") or []:
            v = ((c.get("mainsnak") or {}).get("datavalue") or {}).get("value")
            if isinstance(v, str):
                iso3[qid] = v.upper()
    rows: list[dict] = []
    for qid, ent in entities.items():
        claims = ent.get("claims") or {}
        if "P39" not in claims:
            continue
        name = _label(ent)
        if not name:
            errors.append(f"{path}: {qid} has P39 but no English label; skipped")
            continue
        aliases = [a["value"] for a in (ent.get("aliases") or {}).get("en", []) if a.get("value")]
        citizenship = [iso3[q] for q in _item_ids(claims, "P27") if q in iso3]
        for st in claims["P39"]:
            pos = ((st.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {}
            pid = pos.get("id") if isinstance(pos, dict) else None
            if not pid:
                continue
            q = st.get("qualifiers") or {}
            start, end = _time(q.get("P580")), _time(q.get("P582"))
            pent = entities.get(pid, {})
            pclaims = pent.get("claims") or {}
            plabel = _label(pent) or pid
            country = next((iso3[c] for c in _item_ids(pclaims, "P17") + _item_ids(pclaims, "P1001") if c in iso3), None)
            country = country or (citizenship[0] if citizenship else None)
            if not country:
                errors.append(f"{path}: {qid} {name}: no country for position {plabel} (needs P17 on the position or P27 on the person)")
                continue
            kinds = set(_item_ids(pclaims, "P31")) | set(_item_ids(pclaims, "P279"))
            office = "head_of_state" if kinds & HEAD_OF_STATE else "head_of_government" if kinds & HEAD_OF_GOVERNMENT else None
            if office is None:
                office = next((o for rx, o in POSITION_WORDS if rx.search(plabel)), "other")
            sector = next((s for rx, s in SECTOR_WORDS if rx.search(plabel)), "GOV")
            rows.append({"kb_id": f"wd-{qid}", "name": name, "aliases": ";".join(aliases), "country": country,
                         "office": office, "title": plabel, "sector": sector, "start": start or "", "end": end or "",
                         "source": f"wikidata {qid} P39 {pid}", "checked": checked})
    return _keep_valid(rows, errors, path), errors


_PET_CODE = re.compile(r"\[([A-Z]{3})([A-Z]{0,9})(?:\s+([<>]?\d{6,8})?(?:\s*-\s*(\d{6,8})?)?)?\s*\]")


def _pet_date(s: str | None) -> str:
    if not s:
        return ""
    s = s.lstrip("<>")
    if len(s) == 6:
        yy = int(s[:2])
        s = f"{1900 + yy if yy >= 50 else 2000 + yy}{s[2:]}"
    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])).isoformat()


def import_petrarch(path: str, checked: str | None = None) -> tuple[list[dict], list[str]]:
    """PETRARCH/Phoenix ``.actors.txt``: a name line, '+' synonyms, and date-bounded '[JPNGOV 061001-070831]' codes."""
    checked = checked or dt.date.today().isoformat()
    rows: list[dict] = []
    errors: list[str] = []
    current: dict | None = None

    def name_of(raw: str) -> str:
        return " ".join(w.capitalize() if w.isupper() else w for w in raw.replace("_", " ").split())

    def add_code(m, lineno):
        country, role, a, b = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        start = end = ""
        try:
            if a and a.startswith("<"):
                end = _pet_date(a)
            elif a and a.startswith(">"):
                start = _pet_date(a)
            else:
                start, end = _pet_date(a), _pet_date(b)
        except ValueError:
            errors.append(f"{path}:{lineno}: bad date in {m.group(0)}")
            return
        sector = role[:3] if role else ""
        rows.append({"kb_id": f"petrarch-{current['key']}", "name": current["name"],
                     "aliases": ";".join(current["aliases"]), "country": country, "office": "other",
                     "title": role or "", "sector": sector or "GOV", "start": start, "end": end,
                     "source": f"petrarch {Path(path).name}:{lineno}", "checked": checked})
        current["rows"].append(rows[-1])

    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            s = line.strip()
            if s.startswith("+"):
                if current is None:
                    errors.append(f"{path}:{lineno}: synonym before any actor")
                    continue
                alias = name_of(s[1:].strip())
                current["aliases"].append(alias)
                for r in current["rows"]:
                    r["aliases"] = ";".join(current["aliases"])
                continue
            if s.startswith("["):
                m = _PET_CODE.match(s)
                if current is None or not m:
                    errors.append(f"{path}:{lineno}: cannot read code line {s!r}")
                    continue
                add_code(m, lineno)
                continue
            # a new actor: NAME_WITH_UNDERSCORES  [optional code]
            m = _PET_CODE.search(s)
            raw_name = s[: m.start()].strip() if m else s
            if not raw_name:
                errors.append(f"{path}:{lineno}: no actor name")
                continue
            current = {"key": raw_name.lower(), "name": name_of(raw_name), "aliases": [], "rows": []}
            if m:
                add_code(m, lineno)
    return _keep_valid(rows, errors, path), errors


def _keep_valid(rows: list[dict], errors: list[str], path: str) -> list[dict]:
    """The rows that keep the overlay within its contract (known country and sector codes, real dates, start
    before end); each other row is reported in ``errors`` and left out, so the overlay always loads."""
    kept = []
    for r in rows:
        problems = contracts.office_row_problems(r)
        if problems:
            errors.append(f"{path}: {r['name']} ({r['source']}): skipped: {'; '.join(problems)}")
        else:
            kept.append(r)
    return kept


def read_overlay(path: Path) -> list[dict]:
    """The overlay's rows, after its contract check (a bad row raises DataFileError with its line)."""
    if not path.exists():
        return []
    return [{c: r.get(c, "") for c in COLUMNS} for r in contracts.load_csv(path, "kb_overlay")]


def merge_into_overlay(path: Path, rows: Iterable[dict]) -> tuple[int, int]:
    """Append rows to the overlay CSV; the same (kb_id, country, office, start) replaces the old row.
    A row that breaks the overlay's contract raises DataFileError and nothing is written."""
    rows = list(rows)
    problems = [f"{contracts.show_path(path)}: new row {r.get('kb_id')} ({r.get('name')}): {p}"
                for r in rows for p in contracts.office_row_problems(r)]
    if problems:
        raise DataFileError(problems)
    existing = read_overlay(path)
    index = {(r["kb_id"], r["country"], r["office"], r["start"]): i for i, r in enumerate(existing)}
    added = replaced = 0
    for r in rows:
        k = (r["kb_id"], r["country"], r["office"], r["start"])
        if k in index:
            existing[index[k]] = r
            replaced += 1
        else:
            index[k] = len(existing)
            existing.append(r)
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(existing)
    tmp.replace(path)
    return added, replaced
