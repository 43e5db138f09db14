"""The coder's dating steps: the expression that dates an event, the historical mode, the
announcement date of a threat, the story date, and the date of a statement told the sentence before."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from ..events import modality
from ..syntax import clause_chain, first_up
from ..wordlists import load as wordlist
from . import attach, dates


class DateBasis(str, Enum):
    EXPRESSION = "expression"                  # a temporal expression in the event's clause
    BACKGROUND = "background_clause"           # "a week after a trip to China, where he met Xi"
    ANNOUNCEMENT = "announcement"              # a threat is dated by the speech that made it
    STORY_DATE = "story_date"                  # no expression: the dateline or publication date
    SCENE_DATE = "scene_date"                  # no expression: the lede's date for the same scene
    UNKNOWN = "unknown"                        # a background event with no expression: no date
    EARLIER_STATEMENT = "earlier_statement"    # elaborates a dated statement of the same speaker


class Historical(str, Enum):
    PLUPERFECT = "pluperfect"
    SAME_SCENE = "pluperfect_inside_the_scene"   # "bodies lay where police had opened fire": not historical
    BACKGROUND = "backgrounded_past"
    DATED_BEFORE = "dated_before_story"


def _set(d, r, text, rule, basis) -> None:
    d.date, d.date_end, d.precision = r.start.isoformat(), r.end.isoformat(), r.precision
    d.date_text, d.date_rule, d.date_basis = text, rule, basis
    d.past_marker = r.past_marker


def date_expression(d, ctx) -> None:
    """Step: the temporal expression hanging from the event's clause, read with its tense."""
    d.tense = "future" if d.aux == "future" else dates.tense_of(d.anchor)
    if ctx.story is None:
        return
    d.shifted, sexpr = attach.background_shift(d.trigger, ctx.exprs, ctx.story)
    if d.shifted is not None:
        _set(d, d.shifted, sexpr.text, "background clause: " + d.shifted.rule, DateBasis.BACKGROUND)
        d.decide("date_expression", DateBasis.BACKGROUND)
        return
    att = attach.attach(d.trigger, d.anchor, ctx.exprs)
    r = att[0].resolve(ctx.story, d.tense) if att is not None else None
    if r is not None:
        _set(d, r, att[0].text, r.rule, DateBasis.EXPRESSION)
        d.decide("date_expression", DateBasis.EXPRESSION)


def historical(d, ctx) -> None:
    """Step: a past event that this story refers back to is historical."""
    if d.aux is not None:
        return
    story = ctx.story
    reason = None
    if modality.pluperfect(d.anchor) and _inside_scene(d):
        d.decide("historical", Historical.SAME_SCENE)
    elif modality.pluperfect(d.anchor):
        reason, why = Historical.PLUPERFECT, "pluperfect"
    elif d.shifted is not None or (modality.background(d.trigger)[0] is not None and d.tense == "past"):
        reason, why = Historical.BACKGROUND, "backgrounded past event"
    elif d.date_end and story and _dated_before(d, story, ctx.coder.settings.historical_days):
        reason, why = Historical.DATED_BEFORE, f"dated {d.date_text!r}, before the story date {story.isoformat()}"
    if reason is not None:
        d.aux, d.aux_why = "historical", why
        d.decide("historical", reason)


def _inside_scene(d) -> bool:
    """A pluperfect clause that sets the scene of a past-tense main clause ("bodies lay where police
    had opened fire", "after troops had withdrawn, residents returned"), with no date of its own."""
    if d.date_basis is not None:
        return False
    cur = d.anchor
    while cur.dep_ in ("conj", "xcomp") and cur.head is not cur:
        cur = cur.head
    if cur.dep_ not in ("advcl", "relcl") or cur.head is cur:
        return False
    links = {c.lower_ for c in cur.children if c.dep_ in ("advmod", "mark")}
    main = first_up(cur.head, lambda t: t.pos_ in ("VERB", "AUX"))     # a relative clause hangs on a noun
    return bool(links & wordlist("events")["scene_links"]) and main is not None \
        and dates.tense_of(main) != "future" and not modality.pluperfect(main)


def _dated_before(d, story: dt.date, days: int) -> bool:
    end = dt.date.fromisoformat(d.date_end)
    return end < story - dt.timedelta(days=days) or (d.past_marker and d.precision in ("month", "year") and end < story)


def announcement_date(d, ctx) -> None:
    """Step: an event recoded as a threat is dated by the speech verb that announced it."""
    if d.date_anchor is None or ctx.story is None:
        return
    rep = d.date_anchor
    att = attach.attach(rep, rep, ctx.exprs)
    r = att[0].resolve(ctx.story, dates.tense_of(rep)) if att else None
    if r is not None:
        d.date, d.date_end, d.precision, d.date_text = r.start.isoformat(), r.end.isoformat(), r.precision, att[0].text
        d.date_rule, d.date_basis = f"date of the announcement: {r.rule}", DateBasis.ANNOUNCEMENT
        d.decide("announcement_date", DateBasis.ANNOUNCEMENT)


def story_date(d, ctx) -> None:
    """Step: an event with no expression of its own happened on the story date, or on the lede's date
    when it tells the lede's scene; a background event with none gets no date at all."""
    if d.date is None and ctx.story is not None and d.aux == "historical":
        d.precision, d.date_basis = "unknown", DateBasis.UNKNOWN
        d.date_rule = "background event with no date expression: its date is unknown, not the story date"
        d.decide("story_date", DateBasis.UNKNOWN)
        return
    _remember_scene(d, ctx)
    if d.date is None and ctx.story is not None and d.aux is None:
        same = _same_scene(d, ctx)
        s, how = (ctx.scene, "the lede's date for the same scene") if same else \
            (ctx.scene.get("news_day"), "the lede's day for a later past-tense event")
        if same or (s and ctx.index > s["index"] and _simple_past(d.anchor)):
            d.date, d.date_end, d.precision, d.date_text = s["date"], s["date_end"], s["precision"], s["text"]
            d.date_rule, d.date_basis = f"{how} ({s['text']!r})", DateBasis.SCENE_DATE
            d.decide("story_date", DateBasis.SCENE_DATE)
            return
    if d.date is None and ctx.story is not None and d.aux not in ("historical",):
        d.date = d.date_end = ctx.story.isoformat()
        d.precision = "day"
        d.date_rule = "story date (no temporal expression in the event's clause)"
        d.date_basis = DateBasis.STORY_DATE
        d.decide("story_date", DateBasis.STORY_DATE)


# the lede: events dated in these first sentences set the scene that later undated sentences continue
LEDE_SENTENCES = 2


def _parties(d) -> set:
    """Codes, and the roles of parties with none ("protesters", "police"): what ties sentences to one scene."""
    return {e.code or f"sector:{e.sector}" for e in d.actor + d.recipient if e.code or e.sector}


def _material(d, ctx) -> bool:
    """Deeds (quad classes 2 and 4), not words: a scene is what was done; statements about it come later."""
    return ctx.coder.ontology.quad_class(d.category) in (2, 4)


def _remember_scene(d, ctx) -> None:
    """The lede's first event dated to a day by its own expression sets the news day ("... on Tuesday vowed
    greater support"); a deed with parties sets the scene as well."""
    if d.date_basis != DateBasis.EXPRESSION or d.aux is not None or ctx.index >= LEDE_SENTENCES \
            or d.precision != "day":
        return
    day = dict(date=d.date, date_end=d.date_end, precision=d.precision, text=d.date_text, index=ctx.index)
    if ctx.story is not None and d.date != ctx.story.isoformat():
        ctx.scene.setdefault("news_day", day)
    if "date" not in ctx.scene and _parties(d) and _material(d, ctx):
        ctx.scene.update(day, parties=_parties(d))


def _simple_past(anchor) -> bool:
    """ "met", "welcomed", "were prevented": told in the simple past (not "has refused", not "says")."""
    for t in clause_chain(anchor):
        aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lemma_ == "have" for c in aux):
            return False
        if t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.tag_ == "VBD" for c in aux)):
            return True
    return False


def _same_scene(d, ctx) -> bool:
    """A later sentence's undated deed with a party of the lede's dated deed tells the same scene."""
    s = ctx.scene
    return "date" in s and ctx.index > s["index"] and _material(d, ctx) and bool(_parties(d) & s["parties"])


def statement_date(d, ctx) -> None:
    """Step: "Takaichi's remarks on Taiwan last November. The conservative leader told parliament that
    ...": an undated event that elaborates a dated statement of the same speaker in the sentence
    before takes that statement's date."""
    story, si = ctx.story, ctx.index
    if story is None or d.aux is not None or d.date_basis != DateBasis.STORY_DATE:
        return
    keys = {attach.speaker_key(a) for a in d.actor}
    for s_i, key, r, text in reversed(ctx.dated_speech):
        if 0 < si - s_i <= 2 and key in keys:
            d.date, d.date_end, d.precision, d.date_text = r.start.isoformat(), r.end.isoformat(), r.precision, text
            d.date_rule = f"date of the same speaker's statement {si - s_i} sentence(s) before ({text!r})"
            d.date_basis = DateBasis.EARLIER_STATEMENT
            d.decide("statement_date", DateBasis.EARLIER_STATEMENT)
            if r.end < story - dt.timedelta(days=ctx.coder.settings.historical_days):
                d.aux = "historical"
                d.aux_why = f"dated {text!r}, before the story date {story.isoformat()}"
                d.decide("statement_date", Historical.DATED_BEFORE)
            return
