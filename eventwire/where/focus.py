"""The article's country focus: the country a story is about, read once per article.

Role-only parties ("police", "the military", "protesters") take it when nothing
nearer says otherwise, and a bare surname resolves to a knowledge-base holder
only when that holder's country fits the article.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .geoparse import DATELINE_WEIGHT

# a country named this often, and more than any other, is the focus when no dateline says so
# (the only country an article names is its focus however often it is named)
MIN_MENTIONS = 2
# a country named this many times as often as the dateline's (which counts twice) is the focus instead
DOMINANT = 2


@dataclass
class CountryFocus:
    focus: str | None = None                  # ISO alpha-3
    why: str | None = None
    countries: dict = field(default_factory=dict)   # ISO alpha-3 -> mentions (dateline counts twice)
    weak: bool = False                        # one mention only: places role nouns, vetoes no KB holder


def country_focus(places) -> CountryFocus:
    """From a ``where.locate.Context``: the dateline's country, else the most named country."""
    counts = dict(places.countries)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if places.dateline is not None and places.dateline.country:
        own = counts.get(places.dateline.country, 0)
        others = [(c, k) for c, k in ranked if c != places.dateline.country]
        dominant = others and others[0][1] >= DOMINANT * own and others[0][1] >= 3
        unnamed = others and own <= DATELINE_WEIGHT and (len(others) == 1 or others[0][1] > others[1][1])
        if dominant or unnamed:
            # "BRUSSELS (Reuters) -- ... Kosovo ... Serbia ...", "COLOMBO -- Maldivian police ...": a story
            # filed from one place about a country named far more often, or about the one country its
            # body names when it never names the dateline's, is about that country
            top, n = others[0]
            return CountryFocus(top, f"the most named country ({n} mentions), not the dateline's "
                                     f"{places.dateline.name}", counts)
        return CountryFocus(places.dateline.country, f"dateline {places.dateline.name}", counts)
    if len(ranked) == 1:
        return CountryFocus(ranked[0][0], "the only country the article names", counts,
                            weak=ranked[0][1] < MIN_MENTIONS)
    if ranked and ranked[0][1] >= MIN_MENTIONS and ranked[0][1] > ranked[1][1]:
        code, n = ranked[0]
        return CountryFocus(code, f"the most named country ({n} mentions)", counts)
    return CountryFocus(None, None, counts)
