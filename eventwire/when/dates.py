"""Temporal expressions in news sentences, resolved against the story date.

dateparser is wrong for news in two ways that matter here: it resolves a bare
weekday to the past whatever the tense, and it cannot read "last November".
These rules read the tense of the clause: in a story dated Tuesday 13 January
2026, "departed on Tuesday" is 2026-01-13, "said Friday" is 2026-01-09, and
"are scheduled to visit on Wednesday" is 2026-01-14.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}
NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3, "couple of": 2, "a couple of": 2}

_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of)"

HOLIDAYS = {"new year's eve": (12, 31), "new year's day": (1, 1), "christmas eve": (12, 24),
            "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26)}

PATTERNS = [
    ("range_full", re.compile(rf"\b(?:from\s+|between\s+)?(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}})\s*(?:-|–|to|until|through|and)\s*(?P<mon2>{_MON})\s+(?P<d2>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("range_dm", re.compile(rf"\b(?:from\s+|between\s+)?(?P<d1>\d{{1,2}})\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})\s+(?P<mon>{_MON})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("holiday", re.compile(r"\b(?P<h>New Year's Eve|New Year's Day|Christmas Eve|Christmas Day|Christmas|Boxing Day)\b", re.I)),
    ("range_md", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}})\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MON})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<day>\d\d)\b")),
    ("ago", re.compile(rf"\b(?P<q>less than|more than|nearly|almost|about|just over|over|some)?\s*(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later|before|after)\b", re.I)),
    ("rel_unit", re.compile(r"\b(?P<which>last|this|next|past|coming|earlier this|later this|early this|late last|early last|earlier last)\s+(?P<unit>week|month|year|weekend)(?:'s)?\b", re.I)),
    ("rel_month", re.compile(rf"\b(?P<which>last|this|next|in|since|by|early|late|mid-?|until|through|before|after|during)?\s*(?P<mon>{_MON})(?:\s+(?P<year>(?:19|20)\d\d))?(?!\s*\d)\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<which>last|this|next|on|late|early)?\s*(?P<wd>{_WD})(?:'s)?\b", re.I)),
    ("simple", re.compile(r"\b(?P<w>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night|earlier today|later today|later in the day|the day before|the previous day|the preceding day)\b", re.I)),
    ("year", re.compile(r"\b(?P<prep>in|since|by|during|until|of|from)?\s*(?:(?P<part>early|mid-?|late)\s*)?(?P<year>(?:19|20)\d\d)(?:'s)?\b(?!\s*(?:-|–)\d)", re.I)),
]


@dataclass
class TimeExpr:
    text: str
    start: int              # character offsets in the sentence's doc
    end: int
    kind: str
    match: dict
    spans: dict | None = None   # named group -> (start, end) in the same text (the TIMEX3 tagger splits ranges)

    def resolve(self, story: dt.date, tense: str) -> "Resolved | None":
        return resolve(self, story, tense)


@dataclass
class Resolved:
    start: dt.date
    end: dt.date
    precision: str          # day, week, month, year
    rule: str
    past_marker: bool = False   # "last year", "ago", explicit past year: the text marks the event as past


def find(text: str, patterns: list | None = None, keep=None) -> list[TimeExpr]:
    """Non-overlapping temporal expressions in ``text``, longest first.

    The coder reads ``PATTERNS`` (the kinds that date an event); the TIMEX3 tagger (``when.timex``)
    passes its own longer list, with ``keep(kind, groups, text, start, end)`` deciding which matches
    stand, and reads each match's group offsets from ``spans``."""
    found: list[TimeExpr] = []
    taken = [False] * (len(text) + 1)
    for kind, rx in (PATTERNS if patterns is None else patterns):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            # shrink leading space matched by optional groups
            while s < e and text[s].isspace():
                s += 1
            if s >= e or any(taken[s:e]):
                continue
            gd = {k: v for k, v in m.groupdict().items() if v}
            if not (_legacy_keep(kind, gd, text, e) if keep is None else keep(kind, gd, text, s, e)):
                continue
            spans = {k: m.span(k) for k in gd} if keep is not None else None
            found.append(TimeExpr(text[s:e], s, e, kind, gd, spans))
            for i in range(s, e):
                taken[i] = True
    return sorted(found, key=lambda t: t.start)


def _legacy_keep(kind: str, gd: dict, text: str, e: int) -> bool:
    if kind == "rel_month" and not gd.get("which") and not gd.get("year"):
        # a bare month word: "May" is too ambiguous; others fine
        if gd["mon"].lower().startswith("may"):
            return False
    if kind == "year" and not gd.get("prep") and not text[e:e + 2].startswith("'s"):
        return False
    if kind == "weekday" and not gd.get("wd"):
        return False
    return True


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR[w[:4] if w.startswith("sept") else w[:3]]


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month: int, day: int | None, story: dt.date, tense: str) -> int:
    """Pick the year for a month (and day) without one, from the tense."""
    d = day or 1
    this = dt.date(story.year, month, min(d, calendar.monthrange(story.year, month)[1]))
    if tense == "past" and (this > story if day else month > story.month):
        return story.year - 1
    if tense == "future" and (this < story if day else month < story.month):
        return story.year + 1
    if tense == "present":
        # news present tense about a month/day: the nearest occurrence
        other = story.year - 1 if this > story else story.year + 1
        alt = dt.date(other, month, min(d, calendar.monthrange(other, month)[1]))
        if abs((alt - story).days) < abs((this - story).days):
            return other
    return story.year


def _mdy(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """An explicit date: 'Jan. 13', '13 January 2026', '2026-01-13'."""
    month = int(g["m"]) if "m" in g else _month(g["mon"])
    day = int(g["day"])
    year = int(g["year"]) if g.get("year") else _year_for(month, day, story, tense)
    d = dt.date(year, month, day)
    return Resolved(d, d, "day", f"explicit date ({'year from tense' if not g.get('year') else 'full'})",
                    past_marker=bool(g.get("year")) and d < story)
    return None


def _range_full(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A date range across months or within one: 'March 3 to April 5', '3-5 March'."""
    m1 = _month(g["mon"])
    m2 = _month(g["mon2"]) if g.get("mon2") else m1
    y1 = int(g["year"]) if g.get("year") else _year_for(m1, int(g["d1"]), story, tense)
    y2 = y1 + 1 if m2 < m1 else y1
    return Resolved(dt.date(y1, m1, int(g["d1"])), dt.date(y2, m2, int(g["d2"])), "day",
                    "explicit date range (the event starts on its first day)")
    return None


def _holiday(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A fixed-date holiday: 'Christmas Day'."""
    month, day = HOLIDAYS[g["h"].lower()]
    d = dt.date(_year_for(month, day, story, tense), month, day)
    return Resolved(d, d, "day", f"fixed-date holiday {g['h']!r}", past_marker=d < story)
    return None


def _range_md(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A day range within a month: 'March 3-5'."""
    month = _month(g["mon"])
    year = int(g["year"]) if g.get("year") else _year_for(month, int(g["d1"]), story, tense)
    return Resolved(dt.date(year, month, int(g["d1"])), dt.date(year, month, int(g["d2"])), "day",
                    "explicit day range")
    return None


def _ago(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """'three days ago', 'less than a week ago'."""
    n = NUMBER.get(g["n"].lower()) if not g["n"].isdigit() else int(g["n"])
    unit = UNITS[g["unit"].lower()]
    span = n * unit
    direction = g["dir"].lower()
    if direction in ("later", "after"):
        return None          # relative to another event, not to the story date
    q = (g.get("q") or "").lower()
    prec = "day" if unit == 1 else "week" if unit == 7 else "month" if unit == 30 else "year"
    if q == "less than":
        return Resolved(story - dt.timedelta(days=span), story - dt.timedelta(days=1), prec,
                        f"'less than {g['n']} {g['unit']} ago'", past_marker=True)
    if q in ("more than", "over", "just over"):
        d = story - dt.timedelta(days=span)
        return Resolved(d - dt.timedelta(days=max(1, span // 2)), d, prec, "'more than ... ago'", True)
    d = story - dt.timedelta(days=span)
    if unit == 1:
        return Resolved(d, d, "day", "'N days ago'", True)
    if unit == 7:
        return Resolved(d, d, "day", "'N weeks ago' (N x 7 days)", True)
    if unit == 30:
        y, m = d.year, d.month
        a, b = _month_range(y, m)
        return Resolved(a, b, "month", "'N months ago'", True)
    return Resolved(dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year", "'N years ago'", True)
    return None


def _rel_unit(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """'last week', 'next month', 'earlier this year'."""
    which = g["which"].lower()
    unit = g["unit"].lower()
    if unit == "week" or unit == "weekend":
        monday = story - dt.timedelta(days=story.weekday())
        if which in ("last", "past", "late last", "early last", "earlier last"):
            a = monday - dt.timedelta(days=7)
            return Resolved(a, a + dt.timedelta(days=6), "week", "'last week'", True)
        if which in ("next", "coming"):
            a = monday + dt.timedelta(days=7)
            return Resolved(a, a + dt.timedelta(days=6), "week", "'next week'")
        if which in ("earlier this",):
            return Resolved(monday, max(monday, story - dt.timedelta(days=1)), "week", "'earlier this week'")
        if which in ("later this",):
            return Resolved(min(story + dt.timedelta(days=1), monday + dt.timedelta(days=6)),
                            monday + dt.timedelta(days=6), "week", "'later this week'")
        return Resolved(monday, monday + dt.timedelta(days=6), "week", "'this week'")
    if unit == "month":
        y, m = story.year, story.month
        if which in ("last", "past", "late last", "early last", "earlier last"):
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
            a, b = _month_range(y, m)
            return Resolved(a, b, "month", "'last month'", True)
        if which in ("next", "coming"):
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            a, b = _month_range(y, m)
            return Resolved(a, b, "month", "'next month'")
        a, b = _month_range(y, m)
        if which == "earlier this":
            return Resolved(a, max(a, story - dt.timedelta(days=1)), "month", "'earlier this month'")
        if which == "later this":
            return Resolved(min(b, story + dt.timedelta(days=1)), b, "month", "'later this month'")
        return Resolved(a, b, "month", "'this month'")
    if unit == "year":
        y = story.year
        if which in ("last", "past", "late last", "early last", "earlier last"):
            return Resolved(dt.date(y - 1, 1, 1), dt.date(y - 1, 12, 31), "year", "'last year'", True)
        if which in ("next", "coming"):
            return Resolved(dt.date(y + 1, 1, 1), dt.date(y + 1, 12, 31), "year", "'next year'")
        if which in ("earlier this", "early this"):
            return Resolved(dt.date(y, 1, 1), story, "year", "'earlier this year'")
        return Resolved(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "'this year'")
    return None


def _rel_month(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A month without a day: 'last November', 'in March 2024'."""
    month = _month(g["mon"])
    which = (g.get("which") or "").lower()
    if g.get("year"):
        a, b = _month_range(int(g["year"]), month)
        return Resolved(a, b, "month", "month and year", past_marker=b < story)
    if which == "last":
        y = story.year if month < story.month else story.year - 1
        a, b = _month_range(y, month)
        return Resolved(a, b, "month", "'last <month>'", True)
    if which == "next":
        y = story.year if month > story.month else story.year + 1
        a, b = _month_range(y, month)
        return Resolved(a, b, "month", "'next <month>'")
    if which == "this":
        a, b = _month_range(story.year, month)
        return Resolved(a, b, "month", "'this <month>'")
    y = _year_for(month, None, story, "past" if which in ("since", "after") else
                  "future" if which in ("by", "until", "before") and tense == "future" else tense)
    a, b = _month_range(y, month)
    return Resolved(a, b, "month", "month, year from tense", past_marker=b < story - dt.timedelta(days=31))
    return None


def _weekday(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A weekday, read with the clause's tense."""
    wd = WEEKDAYS[g["wd"].lower()]
    which = (g.get("which") or "").lower()
    if which == "last":
        delta = (story.weekday() - wd) % 7 or 7
        d = story - dt.timedelta(days=delta)
        return Resolved(d, d, "day", "'last <weekday>'")
    if which == "next":
        delta = (wd - story.weekday()) % 7 or 7
        d = story + dt.timedelta(days=delta)
        return Resolved(d, d, "day", "'next <weekday>'")
    if tense == "future":
        delta = (wd - story.weekday()) % 7 or 7
        d = story + dt.timedelta(days=delta)
        return Resolved(d, d, "day", "weekday, future tense: after the story date")
    if tense == "past":
        delta = (story.weekday() - wd) % 7
        d = story - dt.timedelta(days=delta)
        return Resolved(d, d, "day", "weekday, past tense: on or before the story date")
    back = (story.weekday() - wd) % 7
    fwd = (wd - story.weekday()) % 7
    d = story - dt.timedelta(days=back) if back <= fwd else story + dt.timedelta(days=fwd)
    return Resolved(d, d, "day", "weekday, present tense: nearest")
    return None


def _simple(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """'yesterday', 'today', 'tomorrow', 'last night'."""
    w = g["w"].lower()
    shift = {"yesterday": -1, "last night": -1, "the day before": -1, "the previous day": -1, "the preceding day": -1,
             "tomorrow": 1}.get(w, 0)
    d = story + dt.timedelta(days=shift)
    return Resolved(d, d, "day", f"'{w}'")
    return None


def _year(g: dict, story: dt.date, tense: str) -> Resolved | None:
    """A year: 'in 2019'."""
    y = int(g["year"])
    return Resolved(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "year", past_marker=y < story.year)
    return None


_RESOLVERS = {"mdy": _mdy, "dmy": _mdy, "iso": _mdy, "range_full": _range_full, "range_dm": _range_full, "holiday": _holiday, "range_md": _range_md, "ago": _ago, "rel_unit": _rel_unit, "rel_month": _rel_month, "weekday": _weekday, "simple": _simple, "year": _year}


def resolve(t: TimeExpr, story: dt.date, tense: str) -> Resolved | None:
    """The dates an expression stands for, from the story date and the tense of its clause."""
    fn = _RESOLVERS.get(t.kind)
    if fn is None:
        return None
    try:
        return fn(t.match, story, tense)
    except (ValueError, KeyError, TypeError):
        return None


def tense_of(tok) -> str:
    """past, future or present for the clause of ``tok`` (a verb, or a noun's governing verb)."""
    from ..events.modality import clause_chain, words
    from ..syntax import participle_head
    if participle_head(tok) is not None:
        return tense_of(tok.head)                 # "..., killing nine": the tense of the verb it hangs on
    w = words()
    chain = clause_chain(tok)
    for t in chain:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass"):
                if c.lower_ in w["future_auxiliaries"] or c.lower_ == "would":
                    return "future"
        if t != chain[0] and t.lemma_ in w["future_governors"]:
            return "future"
    for t in chain:
        if t.tag_ in ("VBD",):
            return "past"
        if t.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in t.children):
            # "has met", "was attacked", "had met": past
            return "past"
        if t.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in t.children) \
                and not any(c.dep_ in ("aux", "auxpass") for c in t.children):
            return "past"       # "days after the president formally suspended the talks", tagged as a participle
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD":
                return "past"
    return "present"
