import datetime as dt

import pytest

from eventwire.when.dates import find, resolve

STORY = dt.date(2026, 1, 13)   # a Tuesday


def one(text, tense):
    exprs = find(text)
    assert exprs, f"no temporal expression in {text!r}"
    return resolve(exprs[0], STORY, tense)


@pytest.mark.parametrize("text,tense,start,end,prec", [
    ("departed on Tuesday", "past", "2026-01-13", "2026-01-13", "day"),
    ("said Friday", "past", "2026-01-09", "2026-01-09", "day"),
    ("are scheduled to visit on Wednesday", "future", "2026-01-14", "2026-01-14", "day"),
    ("met last year", "past", "2025-01-01", "2025-12-31", "year"),
    ("remarks on Taiwan last November", "past", "2025-11-01", "2025-11-30", "month"),
    ("earlier this month", "past", "2026-01-01", "2026-01-12", "month"),
    ("less than a week ago", "past", "2026-01-06", "2026-01-12", "week"),
    ("next month", "future", "2026-02-01", "2026-02-28", "month"),
    ("on March 3, 2024", "past", "2024-03-03", "2024-03-03", "day"),
    ("on Dec. 28", "past", "2025-12-28", "2025-12-28", "day"),
    ("on Jan. 20", "future", "2026-01-20", "2026-01-20", "day"),
    ("in 2019", "past", "2019-01-01", "2019-12-31", "year"),
    ("yesterday", "past", "2026-01-12", "2026-01-12", "day"),
    ("in October 2025", "past", "2025-10-01", "2025-10-31", "month"),
    ("three days ago", "past", "2026-01-10", "2026-01-10", "day"),
    ("last week", "past", "2026-01-05", "2026-01-11", "week"),
])
def test_resolution(text, tense, start, end, prec):
    r = one(text, tense)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (start, end, prec)


def test_bare_numbers_are_not_years():
    assert not [e for e in find("more than 1,300 years of history") if e.kind == "year"]
