"""Wire datelines: "SEOUL, Jan. 13 (UPI) --" -> place, date, agency.

The dateline is stripped before parsing, otherwise the parser takes the city
or the agency for the subject of the first sentence.
"""
from __future__ import annotations

import datetime as dt
import re

from ..records import Dateline

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_PLACE = r"[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*"          # SEOUL, NEW YORK, ST. PETERSBURG
_REGION = r"(?:,\s*[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+)*)?"   # optional ", Ukraine" / ", Calif."
DATELINE_RE = re.compile(
    rf"^(?P<place>{_PLACE}){_REGION}"
    rf"(?:,\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"\s*(?:\((?P<agency>[^)]{{1,40}})\))?"
    r"(?:\s*(?:--|—|–|-)\s*|(?<=\))\s+(?=[A-Z\"“']))"      # "MEXICO CITY (AP) Mexico's ...": copy that lost its dash
)


# labels that open web copy like a dateline but name no place; stripped all the same
KICKERS = {"breaking", "update", "updated", "exclusive", "analysis", "opinion", "editorial", "watch", "live",
           "factbox", "explainer", "correction"}
TITLE_PLACE = r"[A-Z][a-z'.\-]+(?:\s+[A-Z][a-z'.\-]+)*"
# "COLOMBO: ...", "NEW DELHI: ...", "MOGADISHU, Somalia: ...": a capitalised place (and region) and a colon
COLON_RE = re.compile(rf"^(?P<place>{_PLACE})(?:,\s*{TITLE_PLACE})?:\s+(?=[A-Z\"“'])")
# "KYIV, Ukraine — ...", "Nairobi, Kenya — ...": a place, its region or country, and a dash; no agency, no date
DASHED_RE = re.compile(rf"^(?P<place>{_PLACE}|{TITLE_PLACE}),\s*(?P<region>{TITLE_PLACE}(?:\s+{TITLE_PLACE})?)"
                       r"(?:\s*(?:—|–|--)\s*|\s+-\s+)")
# "Hanoi (VNA) – ...", "Beijing (AsiaNews) Since 30 March ...": a place in title case and a one-word agency
TITLED_AGENCY_RE = re.compile(rf"^(?P<place>{TITLE_PLACE})(?:,\s*{TITLE_PLACE})?\s*\((?P<agency>[A-Z][A-Za-z]{{1,15}})\)"
                              r"(?:\s*(?:—|–|--|-)\s*|\s+(?=[A-Z\"“']))")
# "KYIV — ...": a capitalised place alone before a long dash
BARE_RE = re.compile(rf"^(?P<place>[A-Z][A-Z'.\-]{{3,}}(?:\s+[A-Z][A-Z'.\-]+)*)\s*(?:—|–|--)\s*")


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip(".")[:4]) or MONTHS.get(word.lower().rstrip(".")[:3])


def infer_year(month: int, day: int, published: str | None) -> str | None:
    """The year that puts month/day closest to the publication date.

    Datelines carry no year. A story published on 2 January with a
    "Dec. 31" dateline was written in the previous year.
    """
    if not published:
        return None
    pub = dt.date.fromisoformat(published[:10])
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - pub).days) < abs((best - pub).days):
            best = cand
    return best.isoformat() if best else None


def parse_dateline(text: str, offset: int = 0, published: str | None = None) -> Dateline | None:
    """Parse a dateline at the start of ``text`` (a paragraph); None if there is none."""
    m = DATELINE_RE.match(text)
    if not m or not (m.group("agency") or m.group("month")):
        return _agencyless(text, offset)
    place = m.group("place")
    # A dateline needs an agency or a date: "US -- " alone is not one.
    if len(place) < 2 or not any(c.isalpha() for c in place):
        return None
    date = None
    if m.group("month"):
        month = month_number(m.group("month"))
        day = int(m.group("day"))
        if m.group("year"):
            try:
                date = dt.date(int(m.group("year")), month, day).isoformat()
            except ValueError:
                date = None
        else:
            date = infer_year(month, day, published)
    return Dateline(place=place.title(), date=date, agency=m.group("agency"),
                    text=m.group(0).strip(), start=offset, end=offset + m.end())


def _agencyless(text: str, offset: int) -> Dateline | None:
    """Web-copy datelines with no date: "COLOMBO:", "KYIV, Ukraine —", "Nairobi, Kenya - ", "KYIV —", and a
    title-case place with a one-word agency, "Hanoi (VNA) –"."""
    m = TITLED_AGENCY_RE.match(text)
    if m:
        return Dateline(place=m.group("place"), date=None, agency=m.group("agency"), text=m.group(0).strip(),
                        start=offset, end=offset + m.end())
    for rx in (COLON_RE, DASHED_RE, BARE_RE):
        m = rx.match(text)
        if m and any(c.isalpha() for c in m.group("place")) and len(m.group("place")) >= 3:
            place = None if m.group("place").lower() in KICKERS else m.group("place").title()
            return Dateline(place=place, date=None, agency=None, text=m.group(0).strip(),
                            start=offset, end=offset + m.end())
    return None
