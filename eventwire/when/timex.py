"""TIMEX3 temporal expressions (TempEval-3 types and values), from the coder's own date rules.

``tag(text, published)`` finds every temporal expression of a text and gives it a TIMEX3 type
(DATE, TIME, DURATION, SET) and value, anchored on the document creation time (``published``)
or, for "two days later" and "the following day", on the date the text named last.

The kinds that date events ("Jan. 13", "last November", a weekday read with its clause's tense,
"three days ago") are found and resolved by ``when.dates``, the resolver the coder uses; this
module adds the kinds that date no event (clock times, parts of days, durations, sets, vague
references, quarters, fiscal years, halves, seasons, decades, centuries, more holidays), splits
ranges into their two ends as TempEval does, and writes every value in TIMEX3 form.  The
conventions are those of ``eval/timex_README.md``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from ..ingest.dateline import DATELINE_RE, infer_year, month_number
from ..events.modality import words as modality_words
from ..syntax import first_up
from . import dates
from .dates import _MON, _WD

YEAR = r"(?:1[5-9]|20)\d\d"
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
             "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
             "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "a dozen": 12}
_VAGUE = ("several", "a few", "few", "a couple of", "couple of", "dozens of", "many", "some")
NUM = (r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|"
       r"seven|eight|nine)|a dozen|" + "|".join(sorted((k for k in _NUMWORDS if k not in ("a", "an")), key=len, reverse=True))
       + r"|several|a few|a couple of|dozens of|a|an)")
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
_UNIT_CODE = {"second": ("T", 1, "S"), "minute": ("T", 1, "M"), "hour": ("T", 1, "H"), "day": ("", 1, "D"),
              "week": ("", 1, "W"), "fortnight": ("", 2, "W"), "month": ("", 1, "M"), "quarter": ("", 3, "M"),
              "year": ("", 1, "Y"), "decade": ("", 10, "Y"), "century": ("", 100, "Y"), "centurie": ("", 100, "Y")}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                  "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# holidays: fixed days, days computed from the year, and national days of the country the text is about
FIXED_HOLIDAYS = {"new year's eve": (12, 31), "new year's day": (1, 1), "christmas eve": (12, 24),
                  "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26), "halloween": (10, 31),
                  "valentine's day": (2, 14), "bastille day": (7, 14), "fourth of july": (7, 4),
                  "the fourth of july": (7, 4), "st. patrick's day": (3, 17), "may day": (5, 1),
                  "armistice day": (11, 11), "veterans day": (11, 11), "remembrance day": (11, 11)}
INDEPENDENCE_DAYS = {"USA": (7, 4), "IND": (8, 15), "UKR": (8, 24), "PAK": (8, 14), "MEX": (9, 16), "BRA": (9, 7),
                     "IDN": (8, 17), "KEN": (12, 12), "NGA": (10, 1), "GHA": (3, 6), "ISR": (5, 14), "PHL": (6, 12),
                     "ARG": (7, 9), "COL": (7, 20), "PER": (7, 28), "CHL": (9, 18), "VEN": (7, 5), "KOR": (8, 15),
                     "BGD": (3, 26), "LKA": (2, 4), "DZA": (7, 5), "MAR": (11, 18), "TUN": (3, 20), "FIN": (12, 6),
                     "POL": (11, 11), "NOR": (5, 17), "BLR": (7, 3), "KAZ": (12, 16), "GEO": (5, 26), "ARM": (9, 21),
                     "AZE": (10, 18), "MDA": (8, 27), "EST": (2, 24), "LTU": (2, 16), "LVA": (11, 18), "VNM": (9, 2)}
# days the year does not fix and no rule computes here: Lunar New Year, Eid al-Fitr (the day most countries kept)
LUNAR_NEW_YEAR = {2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
                  2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17)}
EID_AL_FITR = {2019: (6, 4), 2020: (5, 24), 2021: (5, 13), 2022: (5, 2), 2023: (4, 21), 2024: (4, 10),
               2025: (3, 30), 2026: (3, 20)}
_HOLIDAY = (r"(?:(?:the\s+)?Fourth of July|New Year's (?:Eve|Day)|Christmas(?: Eve| Day)?|Boxing Day|Halloween|"
            r"Valentine's Day|Bastille Day|St\. Patrick's Day|Armistice Day|Veterans Day|Remembrance Day|"
            r"Independence Day|Easter(?: Sunday| Monday)?|Good Friday|Thanksgiving(?: Day)?|Labou?r Day|Memorial Day|"
            r"(?:the\s+)?(?:Lunar|Chinese) New Year|Eid al-Fitr|Eid)")

SIGNALS = {"on", "in", "at", "for", "since", "from", "to", "between", "until", "till", "by", "during", "before",
           "after", "through", "throughout", "of", "over", "within", "around", "and"}
_CAP_AFTER = re.compile(r"^\s+(?!(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|"
                        r"Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]")


def _c(rx: str, flags: int = 0):
    return re.compile(rx, flags)


_L = dict(dates.PATTERNS)          # the coder's patterns, by kind


# what the tagger finds, in order: an earlier pattern wins where two overlap
TIMEX_PATTERNS = [
    ("dayafter", _c(r"\b[Tt]he day (?P<dir>before yesterday|after tomorrow)\b")),
    ("range_full", _L["range_full"]),
    ("range_dm", _L["range_dm"]),
    ("range_md", _L["range_md"]),
    ("wd_date", _c(rf"\b(?P<wd>{_WD}),?\s+(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>{YEAR}))?\b")),
    ("of_date", _c(rf"\b(?:[Tt]he\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)\s+of\s+(?P<mon>{_MON})(?:,?\s+(?P<year>{YEAR}))?\b")),
    ("dotted", _c(rf"\b(?P<day>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<year>{YEAR})\b")),
    ("set", _c(rf"\b(?:every|each)\s+(?:(?P<n>{NUM})\s+)?(?P<unit>{UNIT})s?\b", re.I)),
    ("set_named", _c(rf"\b(?:every|each)\s+(?:(?P<wd>{_WD})|(?P<mon>January|February|March|April|May|June|July|"
                     rf"August|September|October|November|December)|(?P<part>morning|afternoon|evening|night)|"
                     rf"(?P<hol>{_HOLIDAY}))\b", re.I)),
    ("set_adv", _c(r"\b(?P<adv>daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly|hourly)\b")),
    ("set_times", _c(rf"\b(?P<times>once|twice|thrice|(?:{NUM}) times)\s+(?:a|an|per|each)\s+(?P<unit>{UNIT})\b", re.I)),
    ("clock", _c(rf"\b(?P<h>1[0-2]|0?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b)(?:\s+(?P<wd>{_WD}|today|"
                 rf"tomorrow|yesterday|tonight))?")),
    ("clock24", _c(r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?!\s*[ap]\.?m)(?:\s*(?:GMT|UTC|local time))?")),
    ("noon", _c(r"\b(?P<w>noon|midnight|midday)\b")),
    ("daypart", _c(rf"\b(?P<wd>{_WD}|[Yy]esterday|[Tt]omorrow|[Tt]his|[Ll]ast|[Tt]he same)\s+(?P<part>morning|afternoon|"
                   rf"evening|night)\b")),
    ("tonight", _c(r"\b(?P<w>[Tt]onight)\b")),
    ("holiday", _c(rf"\b(?P<h>{_HOLIDAY})(?:\s+(?P<year>{YEAR}))?\b(?!\s+(?:Agreement|Accords?|Island|Square|Offensive|"
                   rf"Rising|Uprising|War|Party|Movement|Parade|Act)\b)")),
    ("ref", _c(r"\b(?:(?P<present>[Nn]ow|[Cc]urrently|[Nn]owadays|[Tt]hese days|(?<=\b[Aa]t )present|(?<=\b[Aa]t )the moment|"
               r"[Tt]he present day)|(?P<past>[Rr]ecently|[Ll]ately|(?<=\bin )the past(?!\s+(?:\w+\s+)?(?:seconds?|minutes?|"
               r"hours?|days?|weeks?|months?|years?|decades?))|(?:in\s+)?recent (?:years|months|weeks|days|decades))|"
               r"(?P<future>[Ss]oon|(?:the\s+)?(?:near|distant|foreseeable|immediate)\s+future|the future|the (?:coming|"
               r"next few|coming few) (?:days|weeks|months|years)))\b(?!-)")),
    ("ago", _c(rf"\b(?P<q>less than|more than|nearly|almost|about|just over|over|some)?\s*(?P<n>{NUM})\s+(?P<unit>days?|"
               rf"weeks?|months?|years?|decades?|hours?|minutes?)\s+(?P<dir>ago|earlier|later|before|after|since)\b", re.I)),
    ("following", _c(r"\b(?P<the>[Tt]he )(?P<which>following|next|previous|preceding|same)\s+(?P<unit>day|week|"
                     r"month|year|morning|afternoon|evening|night|weekend)\b")),
    ("century", _c(r"\b(?:[Tt]he\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>" + "|".join(_ORDINAL_WORDS) +
                   r"))[- ]century\b|\b(?P<which>[Tt]his|[Tt]he last|[Tt]he previous|[Ll]ast|[Nn]ext|[Tt]he next|"
                   r"[Tt]he current)\s+century\b")),
    ("decade", _c(rf"(?:\b|(?<=\s))(?:[Tt]he\s+)?(?:(?P<part>early|mid|late)[- ]?)?(?:(?P<dec>(?:1[0-9]|20)\d0)s|'(?P<d2>\d0)s)\b")),
    ("end_of", _c(rf"\b(?P<the>[Tt]he )(?P<edge>end|beginning|start|middle|turn|close)\s+of\s+(?:(?P<year>{YEAR})|"
                  rf"(?:the|this)\s+(?P<unit>week|month|year|decade|century|quarter))\b")),
    ("fiscal_q", _c(rf"\b(?:[Tt]he\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
                    rf"(?:\s+of\s+(?P<fy>fiscal\s+(?:year\s+)?)?(?P<year>{YEAR}))?\b")),
    ("q", _c(rf"\b(?:(?P<year0>{YEAR})\s+)?Q(?P<q>[1-4])(?:\s+(?P<year>{YEAR}))?\b")),
    ("quarter_rel", _c(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Tt]he current|[Tt]he previous|[Tt]he last|[Tt]he next|"
                       r"[Tt]he latest|[Tt]he past)\s+quarter\b(?!s)")),
    ("quarter_months", _c(rf"\b(?:[Tt]he\s+)?(?P<m1>{_MON})[-–](?P<m2>{_MON})\s+quarter\b")),
    ("half", _c(rf"\b(?:[Tt]he\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?P<fy>fiscal\s+(?:year\s+)?)?(?P<year>{YEAR}))?"
                rf"\b(?!\s+of\b)")),
    ("fiscal", _c(rf"\b(?:(?:[Tt]he\s+)?(?P<y1>{YEAR})[-/](?P<y2>\d\d)\s+fiscal\s+year|[Ff]iscal\s+(?:year\s+)?(?P<y>{YEAR})"
                  rf"(?:[-/](?P<y3>\d\d))?|FY\s?(?P<fy>(?:19|20)?\d\d))\b")),
    ("season", _c(rf"\b(?:(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Tt]he|[Ee]arly|[Ll]ate)\s+)?(?P<s>spring|summer|autumn|"
                  rf"winter|fall)(?:\s+(?:of\s+)?(?P<year>{YEAR}))?\b")),
    ("duration_past", _c(rf"\b(?P<the>the\s+)(?P<which>past|last|next|coming|previous|first)\s+(?:(?P<n>{NUM})\s+)?"
                         rf"(?P<unit>{UNIT})s?\b", re.I)),
    ("set_amount", _c(r"\b(?:billion|million|trillion|thousand|percent|dollars|euros|pounds|tonnes|tons|barrels)\s+"
                      r"(?P<a>a|per)\s+(?P<unit>year|month|week|day)\b")),
    ("duration", _c(rf"\b(?P<n>{NUM}|half an?|a half)\s+(?P<unit>{UNIT})s?\b(?!-)", re.I)),
    ("duration_adj", _c(rf"\b(?P<n>{NUM})-(?P<unit>second|minute|hour|day|week|month|year|decade)(?:-long|-old)?\b", re.I)),
    ("duration_bare", _c(r"\b(?:(?P<pre>for|take|takes|took|taken|taking|within|spent|spend|lasted|lasting|over|in)\s+)"
                         r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades)\b|\b(?P<unit2>seconds|minutes|"
                         r"hours|days|weeks|months|years|decades)(?=\s+(?:after|before|later|earlier)\b)")),
    ("rel_unit", _L["rel_unit"]),
    ("mdy", _L["mdy"]),
    ("dmy", _L["dmy"]),
    ("iso", _L["iso"]),
    ("rel_month", _c(rf"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|in|since|by|[Ee]arly|[Ll]ate|[Mm]id-?|until|through|before|after|"
                     rf"during)?\s*(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
                     rf"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+(?P<year>{YEAR}))?(?!\s*\d)\b")),
    ("weekday", _L["weekday"]),
    ("simple", _L["simple"]),
    ("year", _c(rf"\b(?P<prep>in|since|by|during|until|of|from|to|and|between|through|before|after)?\s*(?:(?P<part>early|"
                rf"mid-?|late)\s*)?(?P<year>{YEAR})(?:'s)?\b(?!\s*(?:-|–)\d)(?!,\d)", re.I)),
]


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str              # DATE | TIME | DURATION | SET
    value: str
    anchor: str | None     # the date the value was counted from (the DCT, or a date the text named)
    why: str
    open_day: bool = field(default=False, repr=False)   # a clock time with no day of its own (typed; not printed)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("open_day")
        return d


def _keep(kind: str, g: dict, text: str, s: int, e: int) -> bool:
    """Matches that stand: not a name ("Sunday Times", "April Osei", "the March on the capital")."""
    after = text[e:e + 30]
    if kind in ("rel_month", "weekday", "holiday", "season") and _CAP_AFTER.match(after) \
            and not (kind == "weekday" and g.get("which")):
        return False                      # "Sunday Times", "April Osei", "Independence Square"
    if kind == "rel_month":
        if not g.get("which") and not g.get("year"):
            if g["mon"] == "May" or text[max(0, s - 4):s].lower() == "the ":
                return False              # "Prime Minister May", "the March on the capital"
        if not g.get("which") and re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$", text[max(0, s - 20):s]) \
                and not re.search(r"(?:^|[.!?]\s+)[A-Z][a-z]+\s+$", text[max(0, s - 20):s]):
            return False                  # "the Long March museum"
    if kind == "season" and s > 0 and re.search(r"[A-Z][a-z]+\s+$", text[max(0, s - 20):s]) and not g.get("which"):
        return False                      # "Arab Spring" is capitalised anyway; "Prague spring" is a name
    if kind == "weekday" and not g.get("wd"):
        return False
    if kind == "set_adv" and s > 0 and text[s - 1:s].isalpha():
        return False
    if kind == "ref" and g.get("present", "").lower() == "now" and re.match(r"-|\s+(?:that|defunct)\b", after):
        return False
    return True


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def _num(word: str | None) -> float | None:
    """The count a number word stands for; None for a vague one ("several")."""
    if not word:
        return 1
    w = word.lower().strip()
    if w in _VAGUE:
        return None
    if w.replace(".", "", 1).isdigit():
        return float(w) if "." in w else int(w)
    if "-" in w:
        a, b = w.split("-", 1)
        return _NUMWORDS.get(a, 0) + _NUMWORDS.get(b, 0)
    return _NUMWORDS.get(w)


def duration_value(n, unit: str) -> str:
    """P3D, PT48H, P10Y (a decade), PXM ("months"); half an hour is PT30M."""
    u = unit.lower().rstrip("s")
    t, mult, code = _UNIT_CODE[u]
    if n is None:
        return f"P{t}X{code}"
    if n == 0.5:
        n, mult, code = {("T", "H"): (30, 1, "M"), ("", "D"): (12, 1, "H"), ("", "Y"): (6, 1, "M"),
                         ("", "M"): (2, 1, "W"), ("T", "M"): (30, 1, "S")}.get((t, code), (n, mult, code))
        if code == "H" and t == "":
            t = "T"
    v = n * mult
    v = int(v) if float(v).is_integer() else v
    return f"P{t}{v}{code}"


# --------------------------------------------------------------------------- resolution
@dataclass
class _Ctx:
    dct: dt.date
    text: str
    sp: object = None                 # the spaCy parse, for the tense of each expression's clause
    anchor: dt.date | None = None     # the last date the text named ("two days later" counts from it)
    dateline: tuple | None = None     # (start, end) of a wire dateline's date


def _tense(ctx: _Ctx, s: int, e: int) -> str:
    """past, present or future: the tense of the clause the expression hangs from (as the coder reads it)."""
    if ctx.dateline and ctx.dateline[0] <= s < ctx.dateline[1]:
        return "dateline"
    if ctx.sp is None:
        return "present"
    span = ctx.sp.char_span(*_trim(ctx.text, s, e), alignment_mode="expand")
    if span is None:
        return "present"
    verb = first_up(span.root, lambda t: (t.pos_ in ("VERB", "AUX") and t.dep_ != "amod") or t.head == t) or span.root
    w = modality_words()
    prev = ctx.sp[span.start - 2] if span.start >= 2 and ctx.sp[span.start - 1].lower_ == "on" else None
    if prev is not None and prev.lemma_ in w["speech_verbs"] and prev.pos_ == "VERB":
        verb = prev                       # "said on Wednesday it would hold a vote": the day of the saying
    elif verb.lemma_ in w["future_governors"] and verb.tag_ in ("VBN", "JJ"):
        return "future"                   # "is set for Wednesday", "is due on Monday"
    return dates.tense_of(verb)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Leave out leading prepositions and signals ("on", "since") and a possessive 's."""
    while True:
        m = re.match(r"([A-Za-z]+)\s+", text[s:e])
        if not m or m.group(1).lower() not in SIGNALS or m.end() >= e - s:
            break
        s += m.end()
    if text[s:e].endswith(("'s", "\u2019s")):
        e -= 2
    while e > s and text[e - 1] in " ,.;:" and not text[s:e].endswith(("a.m.", "p.m.", ".")) or \
            (e > s and text[e - 1] in " ,;:"):
        e -= 1
    return s, e


def _legacy(e: dates.TimeExpr, kind: str, g: dict, ctx: _Ctx, tense: str):
    """The coder's resolver on a (possibly rewritten) expression."""
    t = "past" if tense == "dateline" else tense
    return dates.resolve(dates.TimeExpr(e.text, e.start, e.end, kind, g), ctx.dct, t)


def _day_value(r) -> str | None:
    if r is None:
        return None
    if r.precision == "day":
        return _iso(r.start)
    if r.precision == "week":
        return _week(r.start)
    if r.precision == "month":
        return r.start.isoformat()[:7]
    return str(r.start.year)


def _by_tense(cands: list, dct: dt.date, tense: str, key=lambda c: c[0]):
    """Among (start date, value) candidates: the latest on or before the DCT in the past tense, the
    earliest on or after it in the future tense, the nearest in the present."""
    cands = sorted(cands, key=key)
    if tense in ("past", "dateline"):
        past = [c for c in cands if key(c) <= dct]
        return past[-1] if past else cands[0]
    if tense == "future":
        fut = [c for c in cands if key(c) >= dct]
        return fut[0] if fut else cands[-1]
    return min(cands, key=lambda c: abs((key(c) - dct).days))


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (n < 0: from the end) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))


def holiday_date(name: str, year: int, country: str | None = None) -> dt.date | None:
    """The day a holiday falls on in a year; None where no rule or table knows it."""
    n = " ".join(name.lower().split())
    if n.startswith("the "):
        n = n[4:]
    if n in FIXED_HOLIDAYS:
        return dt.date(year, *FIXED_HOLIDAYS[n])
    if n.startswith("easter"):
        return easter(year) + dt.timedelta(days=1 if n.endswith("monday") else 0)
    if n == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if n.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if n in ("labor day", "labour day"):
        return _nth_weekday(year, 9, 0, 1)
    if n == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if n == "independence day":
        md = INDEPENDENCE_DAYS.get(country or "USA")
        return dt.date(year, *md) if md else None
    table = LUNAR_NEW_YEAR if "new year" in n else EID_AL_FITR if n.startswith("eid") else {}
    return dt.date(year, *table[year]) if year in table else None


def _country_before(ctx: _Ctx, pos: int) -> str | None:
    """The country a national holiday belongs to: the nearest country the text names before it,
    else the country of the dateline's city."""
    from ..actors.kb import load_kb
    kb = _kb(load_kb)
    if ctx.sp is not None:
        for ent in sorted((x for x in ctx.sp.ents if x.end_char <= pos and x.label_ in ("GPE", "NORP")),
                          key=lambda x: -x.start_char):
            for p in kb.place(ent.text):
                if len(p.code) == 3:
                    return p.code
    m = DATELINE_RE.match(ctx.text)
    if m:
        for p in kb.place(m.group("place").title()):
            if len(p.code) == 3:
                return p.code
    return None


_KB: list = []


def _kb(loader):
    if not _KB:
        _KB.append(loader())
    return _KB[0]


def _mk(ctx: _Ctx, s: int, e: int, typ: str, value: str | None, why: str, anchor: dt.date | None = None,
        trim: bool = True) -> list[Timex]:
    if value is None:
        return []
    if trim:
        s, e = _trim(ctx.text, s, e)
    if s >= e:
        return []
    return [Timex(s, e, ctx.text[s:e], typ, value, (anchor or ctx.dct).isoformat(), why)]


def _r_range(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """A range is two timexes, one per end ("March 3" and "5"); the connector is not annotated."""
    sp, g = e.spans, e.match
    r = _legacy(e, "range_full" if e.kind != "range_md" else "range_md", g, ctx, _tense(ctx, e.start, e.end))
    if r is None:
        return []
    if e.kind == "range_full":
        first, second = (sp["mon"][0], sp["d1"][1]), (sp["mon2"][0], sp.get("year", sp["d2"])[1])
    elif e.kind == "range_dm":
        first, second = sp["d1"], (sp["d2"][0], sp.get("year", sp["mon"])[1])
    else:
        first, second = (sp["mon"][0], sp["d1"][1]), (sp["d2"][0], sp.get("year", sp["d2"])[1])
    why = "range: each end its own DATE"
    return _mk(ctx, *first, "DATE", _iso(r.start), why) + _mk(ctx, *second, "DATE", _iso(r.end), why)


def _r_explicit(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """A day written out: "Jan. 13", "Wednesday, April 10", "the 1st of June", "30.04.2024"."""
    g = {k: v for k, v in e.match.items() if k in ("mon", "m", "day", "year")}
    tense = _tense(ctx, e.start, e.end)
    if tense == "dateline" and "year" not in g:
        m = month_number(g["mon"])
        day = infer_year(m, int(g["day"]), ctx.dct.isoformat()) if m else None
        return _mk(ctx, e.start, e.end, "DATE", day, "dateline date (the year that puts it nearest the DCT)")
    if e.kind == "wd_date" and "year" not in g:
        # "Thursday, March 24": the year in which that day is that weekday
        m, d, wd = month_number(g["mon"]), int(g["day"]), dates.WEEKDAYS[e.match["wd"].lower()]
        fits = [x for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
                if (x := _safe_date(y, m, d)) and x.weekday() == wd]
        if fits:
            x = min(fits, key=lambda x: abs((x - ctx.dct).days))
            return _mk(ctx, e.start, e.end, "DATE", _iso(x), "explicit date (the year its weekday fits)")
    r = _legacy(e, "mdy", g, ctx, tense)
    why = "explicit date" + ("" if "year" in g else f" (year from the {tense} tense)")
    return _mk(ctx, e.start, e.end, "DATE", _iso(r.start) if r else None, why, None)


def _r_set(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """every week, each Monday, twice a month, daily, $3 billion a year."""
    g = e.match
    s = e.spans["a"][0] if e.kind == "set_amount" else e.start
    if e.kind == "set_named":
        if g.get("wd"):
            v = f"XXXX-WXX-{dates.WEEKDAYS[g['wd'].lower()] + 1}"
        elif g.get("mon"):
            v = f"XXXX-{dates.MONTHS[g['mon'].lower()]:02d}"
        elif g.get("part"):
            v = f"XXXX-XX-XXT{_PARTS[g['part'].lower()]}"
        else:
            d = holiday_date(g["hol"], 2000)
            v = f"XXXX-{d.month:02d}-{d.day:02d}" if d else None
        return _mk(ctx, s, e.end, "SET", v, "every <named time>")
    if e.kind == "set_adv":
        unit = {"daily": "day", "nightly": "day", "weekly": "week", "fortnightly": "fortnight", "monthly": "month",
                "quarterly": "quarter", "annually": "year", "yearly": "year", "hourly": "hour"}[g["adv"]]
        return _mk(ctx, s, e.end, "SET", duration_value(1, unit), "frequency adverb")
    n = _num(g.get("n")) if e.kind == "set" else 1
    return _mk(ctx, s, e.end, "SET", duration_value(n, g["unit"]), "every <period>")


def _clock(g: dict) -> str:
    h = int(g.get("h", 12))
    ap = (g.get("ap") or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return f"T{h:02d}:{g.get('mi') or '00'}"


def _r_time(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """Clock times, noon, parts of days: anchored on the DCT unless a day is joined to them."""
    g = e.match
    day, why = ctx.dct, "time of day on the DCT"
    wd = g.get("wd")
    if wd:
        w = wd.lower()
        if w in ("yesterday", "last"):
            day = ctx.dct - dt.timedelta(days=1)
        elif w == "tomorrow":
            day = ctx.dct + dt.timedelta(days=1)
        elif w == "the same":
            day = ctx.anchor or ctx.dct
        elif w in dates.WEEKDAYS:
            r = _legacy(e, "weekday", {"wd": wd}, ctx, _tense(ctx, e.start, e.end))
            day = r.start if r else day
        why = f"time of day on {wd}"
    if e.kind in ("clock", "clock24"):
        v = _iso(day) + _clock(g)
    elif e.kind == "noon":
        v = _iso(day) + {"noon": "T12:00", "midday": "T12:00", "midnight": "T00:00"}[g["w"].lower()]
    elif e.kind == "tonight":
        v = _iso(day) + "TNI"
    else:
        v = _iso(day) + "T" + _PARTS[g["part"].lower()]
    t = _mk(ctx, e.start, e.end, "TIME", v, why)
    if t and e.kind in ("clock", "clock24", "noon") and not wd:
        t[0].why = "clock time (day: the DCT, or a day named next to it)"
        t[0].open_day = True
    return t


def _r_holiday(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """A holiday: its day in the year the text gives, else the nearest one in its clause's tense."""
    g = e.match
    country = _country_before(ctx, e.start) if "independence" in g["h"].lower() else None
    if g.get("year"):
        d = holiday_date(g["h"], int(g["year"]), country)
        return _mk(ctx, e.start, e.end, "DATE", _iso(d) if d else g["year"], "holiday with its year")
    cands = [(d, d) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
             if (d := holiday_date(g["h"], y, country)) is not None]
    if not cands:
        return _mk(ctx, e.start, e.end, "DATE", "XXXX", "movable holiday (a date the text gives replaces it)")
    d = _by_tense(cands, ctx.dct, _tense(ctx, e.start, e.end))[0]
    why = "holiday, the nearest one in the clause's tense" + (f" ({country})" if country else "")
    return _mk(ctx, e.start, e.end, "DATE", _iso(d), why)


def _r_ref(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    g = e.match
    v = "PRESENT_REF" if g.get("present") else "PAST_REF" if g.get("past") else "FUTURE_REF"
    return _mk(ctx, e.start, e.end, "DATE", v, "vague reference")


def _shift(d: dt.date, n: int, unit: str) -> tuple[dt.date, str]:
    """(date, value) n units after d (n < 0: before), at the unit's granularity."""
    u = unit.lower().rstrip("s")
    if u in ("day", "morning", "afternoon", "evening", "night"):
        x = d + dt.timedelta(days=n)
        return x, _iso(x) + ("T" + _PARTS[u] if u in _PARTS else "")
    if u in ("week", "weekend"):
        x = d + dt.timedelta(days=7 * n)
        return x, _week(x) + ("-WE" if u == "weekend" else "")
    if u == "month":
        x = _add_months(d, n)
        return x, x.isoformat()[:7]
    if u == "decade":
        y = d.year + 10 * n
        return dt.date(y, 1, 1), str(y)[:3]
    if u in ("hour", "minute"):
        return d, _iso(d)
    y = d.year + n
    return dt.date(y, 1, 1), str(y)


def _r_ago(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"three years ago" (from the DCT), "two days later" (from the date named last); "two days after
    the attacks" is a DURATION."""
    g = e.match
    n, unit, direction = _num(g["n"]), g["unit"], g["dir"].lower()
    if direction not in ("ago", "earlier", "later"):
        return _mk(ctx, e.start, e.spans["unit"][1], "DURATION", duration_value(n, unit),
                   f"duration before '{direction}'")
    if n is None:
        return []
    base = ctx.dct if direction == "ago" or ctx.anchor is None else ctx.anchor
    sign = 1 if direction == "later" else -1
    _d, v = _shift(base, sign * int(n), unit)
    why = "'N units ago' from the DCT" if base is ctx.dct else f"'N units {direction}' from the date named before"
    return _mk(ctx, e.start, e.end, "DATE", v, why, base)


def _r_following(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"the following day", "the previous week", "the same day": from the date named last."""
    g = e.match
    base = ctx.anchor or ctx.dct
    n = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0}[g["which"].lower()]
    _d, v = _shift(base, n, g["unit"])
    typ = "TIME" if g["unit"].lower() in _PARTS else "DATE"
    return _mk(ctx, e.start, e.end, typ, v, f"'the {g['which']} {g['unit']}' from the date named before", base)


def _r_dayafter(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    d = ctx.dct + dt.timedelta(days=-2 if e.match["dir"].startswith("before") else 2)
    return _mk(ctx, e.start, e.end, "DATE", _iso(d), "the day before yesterday / after tomorrow")


def _r_century(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    g = e.match
    if g.get("which"):
        w = g["which"].lower()
        c = ctx.dct.year // 100 + (-1 if ("last" in w or "previous" in w) else 1 if "next" in w else 0)
    else:
        c = (int(g["n"]) if g.get("n") else _ORDINAL_WORDS[g["w"].lower()]) - 1
    return _mk(ctx, e.start, e.end, "DATE", f"{c:02d}", "century (its first two digits)")


def _r_decade(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"the 1990s" = 199, "the '80s" = 198 (the latest such decade not after the DCT), "the 1800s" = 18."""
    g = e.match
    if g.get("d2"):
        y = 2000 + int(g["d2"])
        dec = str(y if y <= ctx.dct.year else y - 100)
    else:
        dec = g["dec"]
    if dec.endswith("00") and dec != "2000":
        return _mk(ctx, e.start, e.end, "DATE", dec[:2], "'the 1800s': a century")
    return _mk(ctx, e.start, e.end, "DATE", dec[:3], "decade (its first three digits)")


def _r_end_of(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"the end of 2026" = 2026, "the end of the month" = the DCT's month: the value of the enclosing unit."""
    g = e.match
    if g.get("year"):
        return _mk(ctx, e.start, e.end, "DATE", g["year"], "part of a year: the year")
    d, u = ctx.dct, g["unit"]
    v = {"week": _week(d), "month": d.isoformat()[:7], "year": str(d.year), "decade": str(d.year)[:3],
         "century": str(d.year)[:2], "quarter": f"{d.year}-Q{_quarter(d)}"}[u]
    return _mk(ctx, e.start, e.end, "DATE", v, f"part of this {u}: the {u}")


def _periods(dct: dt.date, per_year: int, n: int, fiscal: str = "") -> list[tuple[dt.date, str]]:
    """Candidate quarters (4 a year) or halves (2 a year) numbered n, around the DCT."""
    months = 12 // per_year
    tag = "Q" if per_year == 4 else "H"
    return [(dt.date(y, (n - 1) * months + 1, 1), f"{fiscal}{y}-{tag}{n}") for y in (dct.year - 1, dct.year, dct.year + 1)]


def _r_quarter(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """Quarters and halves: "Q2 2024", "the second quarter of fiscal 2024", "last quarter", a bare
    "third quarter" (the latest one begun by the DCT in the past tense, the next one in the future)."""
    g, k = e.match, e.kind
    per_year = 2 if k == "half" else 4
    tag = "Q" if per_year == 4 else "H"
    if k == "quarter_rel":
        w = g["which"].lower()
        shift = -1 if any(x in w for x in ("last", "previous", "past", "latest")) else 1 if "next" in w else 0
        d = _add_months(dt.date(ctx.dct.year, (_quarter(ctx.dct) - 1) * 3 + 1, 1), 3 * shift)
        return _mk(ctx, e.start, e.end, "DATE", f"{d.year}-Q{_quarter(d)}", f"'{g['which']} quarter' from the DCT")
    if k == "quarter_months":
        n = (month_number(g["m1"]) - 1) // 3 + 1
    elif k == "q":
        n = int(g["q"])
    else:
        n = _ORD[g["ord"].lower()]
    year = g.get("year") or g.get("year0")
    fiscal = "FY" if g.get("fy") else ""
    if year:
        return _mk(ctx, e.start, e.end, "DATE", f"{fiscal}{year}-{tag}{n}", "quarter or half with its year")
    tense = _tense(ctx, e.start, e.end)
    cur = dt.date(ctx.dct.year, ((ctx.dct.month - 1) // (12 // per_year)) * (12 // per_year) + 1, 1)
    cands = _periods(ctx.dct, per_year, n)
    if tense == "future":
        pick = [c for c in cands if c[0] >= cur][0]
    else:
        pick = [c for c in cands if c[0] <= cur][-1]
    return _mk(ctx, e.start, e.end, "DATE", pick[1], f"bare quarter or half, read with the {tense} tense")


def _r_fiscal(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"fiscal 2025", "FY2026", "the 2019-20 fiscal year" (named for the year it ends in)."""
    g = e.match
    if g.get("y1"):
        y = int(g["y1"][:2] + g["y2"])
        y = y + 100 if y < int(g["y1"]) else y
    elif g.get("y"):
        y = int(g["y"])
        if g.get("y3"):
            y2 = int(g["y"][:2] + g["y3"])
            y = y2 + 100 if y2 < y else y2
    else:
        f = g["fy"]
        y = int(f) if len(f) == 4 else 2000 + int(f)
    return _mk(ctx, e.start, e.end, "DATE", f"FY{y}", "fiscal year (as the company names it)")


def _season_bounds(y: int, code: str) -> tuple[dt.date, dt.date]:
    start = dt.date(y, _SEASON_START[code], 1)
    return start, _add_months(start, 3) - dt.timedelta(days=1)


def _r_season(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"last summer", "spring 2020", "the winter of 2022": YYYY-SP/SU/FA/WI (a winter bears its December's year)."""
    g = e.match
    code = _SEASONS[g["s"].lower()]
    w = (g.get("which") or "").lower()
    if code == "FA" and g["s"].lower() == "fall" and not (w or g.get("year")):
        return []
    if g.get("year"):
        return _mk(ctx, e.start, e.end, "DATE", f"{g['year']}-{code}", "season with its year")
    years = range(ctx.dct.year - 2, ctx.dct.year + 2)
    bounds = [(y, *_season_bounds(y, code)) for y in years]
    tense = _tense(ctx, e.start, e.end)
    if w == "last":
        y = [b for b in bounds if b[2] < ctx.dct][-1][0]
    elif w == "next":
        y = [b for b in bounds if b[1] > ctx.dct][0][0]
    elif w == "this":
        y = next((b[0] for b in bounds if b[1] <= ctx.dct <= b[2]), None) or \
            [b for b in bounds if b[1] > ctx.dct][0][0]
    elif tense == "past":
        y = [b for b in bounds if b[1] <= ctx.dct][-1][0]
    else:
        y = next((b[0] for b in bounds if b[1] <= ctx.dct <= b[2]), None) or \
            [b for b in bounds if b[1] > ctx.dct][0][0]
    s = e.start if w in ("last", "this", "next", "the") else e.spans["s"][0]
    return _mk(ctx, s, e.end, "DATE", f"{y}-{code}", f"season, read with '{w or tense}'")


def _r_duration(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"three days", "half an hour", "the past decade", "two-year", "for years" (PXY)."""
    g, k = e.match, e.kind
    if k == "duration_bare":
        key = "unit" if g.get("unit") else "unit2"
        s, t = e.spans[key]
        return _mk(ctx, s, t, "DURATION", duration_value(None, g[key]), "plural unit with no number")
    n = _num(g.get("n"))
    if k == "duration" and (g.get("n") or "").lower() in ("half a", "half an", "a half"):
        n = 0.5
    if k == "duration" and g["unit"].lower().startswith("second") and (g.get("n") or "").lower() in ("a", "an"):
        return []                          # "a second time"
    return _mk(ctx, e.start, e.end, "DURATION", duration_value(n, g["unit"]), "duration")


def _r_rel_unit(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """"last week" (an ISO week), "earlier this month", "next year", "last weekend" (YYYY-Www-WE)."""
    g = {k: v.lower() for k, v in e.match.items()}
    r = _legacy(e, "rel_unit", g, ctx, "past")
    if r is None:
        return []
    v = _day_value(r)
    if g["unit"] == "weekend":
        v = _week(r.start) + "-WE"
    return _mk(ctx, e.start, e.end, "DATE", v, "relative " + g["unit"] + " (the coder's rule: " + r.rule + ")")


def _r_legacy(e: dates.TimeExpr, ctx: _Ctx) -> list[Timex]:
    """A month, a weekday, "yesterday", a year: the coder's resolver, read with the clause's tense."""
    g = dict(e.match)
    if e.kind == "rel_month" and g.get("which"):
        g["which"] = g["which"].lower()
    if e.kind == "simple":
        w = g["w"].lower()
        if w == "the day before":
            d = (ctx.anchor or ctx.dct) - dt.timedelta(days=1)
            return _mk(ctx, e.start, e.end, "DATE", _iso(d), "'the day before' the date named before", ctx.anchor)
        parts = {"tonight": (0, "NI"), "last night": (-1, "NI"), "this morning": (0, "MO"),
                 "this afternoon": (0, "AF"), "this evening": (0, "EV")}
        if w in parts:
            d = ctx.dct + dt.timedelta(days=parts[w][0])
            return _mk(ctx, e.start, e.end, "TIME", _iso(d) + "T" + parts[w][1], f"'{w}'")
    tense = _tense(ctx, e.start, e.end)
    r = _legacy(e, e.kind, g, ctx, tense)
    if r is None:
        return []
    return _mk(ctx, e.start, e.end, "DATE", _day_value(r), f"{r.rule} ({tense} tense)")


def _year_stands(e: dates.TimeExpr, ctx: _Ctx) -> bool:
    """A bare four-digit number is a year unless it counts something or names something ("Flight 2016")."""
    g = e.match
    if g.get("prep") and g["prep"].lower() not in ("and", "to") or g.get("part") or ctx.text[e.end:e.end + 2] == "'s":
        return True
    before = ctx.text[max(0, e.start - 25):e.start]
    if re.search(r"(?:[A-Z][a-z]+|No\.|#|[Nn]umber)\s*$", before) and not re.search(
            r"(?:^|[.!?]\s+)[A-Z][a-z]+\s*$", before) and not re.search(r"\b(?:" + _MON[3:-1] + r")\s*$", before):
        return False                       # "Flight 2016", "Article 2019"
    if ctx.sp is not None:
        span = ctx.sp.char_span(e.spans["year"][0], e.spans["year"][1], alignment_mode="expand")
        if span is not None:
            tok = span.root
            if tok.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") or \
                    (tok.dep_ == "nummod" and tok.head.tag_ == "NNS"):
                return False
    return True


_RESOLVERS = {
    "dayafter": _r_dayafter, "range_full": _r_range, "range_dm": _r_range, "range_md": _r_range,
    "wd_date": _r_explicit, "of_date": _r_explicit, "dotted": _r_explicit, "mdy": _r_explicit, "dmy": _r_explicit,
    "iso": _r_explicit, "set": _r_set, "set_named": _r_set, "set_adv": _r_set, "set_times": _r_set,
    "set_amount": _r_set, "clock": _r_time, "clock24": _r_time, "noon": _r_time, "daypart": _r_time,
    "tonight": _r_time, "holiday": _r_holiday, "ref": _r_ref, "ago": _r_ago, "following": _r_following,
    "century": _r_century, "decade": _r_decade, "end_of": _r_end_of, "fiscal_q": _r_quarter, "q": _r_quarter,
    "quarter_rel": _r_quarter, "quarter_months": _r_quarter, "half": _r_quarter, "fiscal": _r_fiscal,
    "season": _r_season, "duration_past": _r_duration, "duration": _r_duration, "duration_adj": _r_duration,
    "duration_bare": _r_duration, "rel_unit": _r_rel_unit, "rel_month": _r_legacy, "weekday": _r_legacy,
    "simple": _r_legacy, "year": _r_legacy,
}
# expressions that name a date later ones may count from ("two days later")
_ANCHORING = {"range_full", "range_dm", "range_md", "wd_date", "of_date", "dotted", "mdy", "dmy", "iso", "holiday",
              "rel_month", "weekday", "simple", "year", "ago", "following", "dayafter"}


def tag(text: str, published: str | dt.date, sp=None) -> list[Timex]:
    """Every temporal expression of ``text`` with its TIMEX3 type and value; ``published`` is the DCT.
    ``sp`` is the text's spaCy parse (for tenses); without it every clause reads as present tense."""
    dct = published if isinstance(published, dt.date) else dt.date.fromisoformat(str(published)[:10])
    ctx = _Ctx(dct, text, sp)
    m = DATELINE_RE.match(text)
    if m and m.group("month"):
        ctx.dateline = (m.start("month"), m.end("day"))
    out: list[Timex] = []
    for e in dates.find(text, TIMEX_PATTERNS, keep=_keep):
        if e.kind == "year" and not _year_stands(e, ctx):
            continue
        try:
            found = _RESOLVERS[e.kind](e, ctx)
        except (ValueError, KeyError, IndexError, TypeError):
            found = []
        for t in found:
            out.append(t)
            if e.kind in _ANCHORING and t.type == "DATE" and t.value[:1].isdigit():
                ctx.anchor = _start_of(t.value) or ctx.anchor
    _anchor_clock_times(out, text)
    _movable_holidays(out, text)
    return out


def _start_of(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?$", value)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    m = re.match(r"(\d{4})-W(\d\d)", value)
    if m:
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return None


def _anchor_clock_times(out: list[Timex], text: str) -> None:
    """"at 14:30 on Saturday", "from 9 a.m. to 5 p.m. on Saturday": a clock time takes the day named
    right after it."""
    took_next: set[int] = set()          # clock times that took the day named after them
    for i in range(len(out) - 2, -1, -1):
        t, nxt = out[i], out[i + 1]
        if t.type != "TIME" or not t.open_day or "T" not in t.value:
            continue
        gap = text[t.end:nxt.start].strip().lower()
        if nxt.type == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", nxt.value) and gap in ("on", ","):
            t.value = nxt.value + t.value[t.value.index("T"):]
        elif nxt.type == "TIME" and i + 1 in took_next and gap in ("to", "until", "-", "–", "and"):
            t.value = nxt.value[:nxt.value.index("T")] + t.value[t.value.index("T"):]
        else:
            continue
        t.why = "clock time on the day named after it"
        took_next.add(i)


def _movable_holidays(out: list[Timex], text: str) -> None:
    """"Eid al-Fitr on Wednesday, April 10", "the Lunar New Year, which begins today": a holiday no
    table dates takes the day the text gives it."""
    for i, t in enumerate(out[:-1]):
        nxt = out[i + 1]
        if t.value == "XXXX" and nxt.type == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", nxt.value):
            gap = text[t.end:nxt.start].lower()
            if len(gap) <= 30 and re.fullmatch(r"[\s,]*(?:which\s+)?(?:\w+s\s+)?(?:on\s+)?", gap):
                t.value, t.why = nxt.value, "movable holiday: the day the text gives it"
