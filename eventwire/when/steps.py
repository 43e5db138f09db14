"""The coder's dating steps: the expression that dates an event, the historical mode, the
announcement date of a threat, the story date, and the date of a statement told the sentence before."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from ..events import modality
from . import attach, dates


class DateBasis(str, Enum):
    EXPRESSION = "expression"                  # a temporal expression in the event's clause
    BACKGROUND = "background_clause"           # "a week after a trip to China, where he met Xi"
    ANNOUNCEMENT = "announcement"              # a threat is dated by the speech that made it
    STORY_DATE = "story_date"                  # no expression: the dateline or publication date
    EARLIER_STATEMENT = "earlier_statement"    # elaborates a dated statement of the same speaker


class Historical(str, Enum):
    PLUPERFECT = "pluperfect"
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
    if modality.pluperfect(d.anchor):
        reason, why = Historical.PLUPERFECT, "pluperfect"
    elif d.shifted is not None or (modality.background(d.trigger)[0] is not None and d.tense == "past"):
        reason, why = Historical.BACKGROUND, "backgrounded past event"
    elif d.date_end and story and _dated_before(d, story, ctx.coder.settings.historical_days):
        reason, why = Historical.DATED_BEFORE, f"dated {d.date_text!r}, before the story date {story.isoformat()}"
    if reason is not None:
        d.aux, d.aux_why = "historical", why
        d.decide("historical", reason)


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
    """Step: an event with no expression of its own happened on the story date (not a historical one)."""
    if d.date is None and ctx.story is not None and d.aux not in ("historical",):
        d.date = d.date_end = ctx.story.isoformat()
        d.precision = "day"
        d.date_rule = "story date (no temporal expression in the event's clause)"
        d.date_basis = DateBasis.STORY_DATE
        d.decide("story_date", DateBasis.STORY_DATE)


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
