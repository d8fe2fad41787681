"""The period picker's days, worked out by hand on a calendar of November 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.server.manager.period import MAX_DAYS, BadPeriod, Period, parse, span_of

WED = dt.date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("today", WED, WED),
        ("yesterday", dt.date(2026, 11, 24), dt.date(2026, 11, 24)),
        ("week", dt.date(2026, 11, 23), WED),  # from Monday
        ("month", dt.date(2026, 11, 1), WED),
    ],
)
def test_named_periods(name: str, first: dt.date, last: dt.date) -> None:
    assert parse({"period": name}, WED) == Period(name, first, last, "day")


def test_the_first_of_the_month_and_a_monday() -> None:
    monday = dt.date(2026, 11, 2)
    assert span_of("week", monday) == (monday, monday)
    assert span_of("yesterday", dt.date(2026, 1, 1)) == (dt.date(2025, 12, 31),) * 2
    assert span_of("month", dt.date(2026, 12, 1)) == (dt.date(2026, 12, 1),) * 2


def test_custom_spans() -> None:
    query = {"period": "custom", "from": "2026-10-01", "to": "2026-10-31", "by": "week"}
    assert parse(query, WED) == Period(
        "custom", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "week"
    )
    assert parse({"from": "2026-11-02"}, WED).last == dt.date(2026, 11, 2)  # one day
    assert parse({"to": "2026-11-03"}, WED).first == dt.date(2026, 11, 3)
    assert parse({}, WED) == Period("today", WED, WED, "day")
    assert parse({"period": "nonsense"}, WED).name == "today"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"period": "custom", "from": "24/11/2026"}, "bad_date"),
        ({"from": "2026-11-25", "to": "2026-11-24"}, "bad_order"),
        ({"by": "weather"}, "bad_by"),
        ({"from": "2020-01-01", "to": "2026-11-24"}, "too_long"),
    ],
)
def test_what_cannot_be_is_named(query: dict[str, str], key: str) -> None:
    with pytest.raises(BadPeriod) as caught:
        parse(query, WED)
    assert caught.value.key == key


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.sampled_from(["week", "month"]))
def test_a_named_period_ends_today_and_starts_in_its_week_or_month(
    today: dt.date, name: str
) -> None:
    first, last = span_of(name, today)
    assert last == today and first <= today and (today - first).days < 31
    if name == "week":
        assert first.weekday() == 0 and first.isocalendar()[:2] == today.isocalendar()[:2]
    else:
        assert (first.year, first.month, first.day) == (today.year, today.month, 1)


def test_the_query_of_a_period_keeps_its_span_and_language() -> None:
    custom = Period("custom", dt.date(2026, 11, 1), dt.date(2026, 11, 3), "service")
    assert custom.query("en") == "period=custom&by=service&lang=en&from=2026-11-01&to=2026-11-03"
    assert custom.query("zh", period="week") == "period=week&by=service&lang=zh"
    assert parse(dict(p.split("=") for p in custom.query("en").split("&")), WED) == custom
    assert MAX_DAYS > 366
