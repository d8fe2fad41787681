"""The manager view's period picker: which business days a period names, and the
grouping of its table. Pure: dates in, dates out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from kiosk.core.report import GROUPS

PERIODS = ("today", "yesterday", "week", "month", "custom")
DEFAULT_BY = "day"
MAX_DAYS = 3 * 366  # a custom span longer than this is refused (a report of years)


class BadPeriod(ValueError):
    """A query the page cannot answer: ``key`` names the text (texts.py), ``values``
    fill it."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclasses.dataclass(frozen=True)
class Period:
    name: str  # one of PERIODS
    first: dt.date
    last: dt.date
    by: str  # the table's grouping, one of kiosk.core.report.GROUPS

    def query(self, lang: str, **change: str) -> str:
        """The page's query string for this period (``change``: another period, by...)."""
        values = {"period": self.name, "by": self.by, "lang": lang}
        if self.name == "custom":
            values |= {"from": self.first.isoformat(), "to": self.last.isoformat()}
        values |= change
        if values["period"] != "custom":
            values.pop("from", None)
            values.pop("to", None)
        return "&".join(f"{k}={v}" for k, v in values.items())


def span_of(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days of a named period ending today (the week starts on Monday, as ISO's)."""
    if name == "today":
        return today, today
    if name == "yesterday":
        yesterday = today - dt.timedelta(days=1)
        return yesterday, yesterday
    if name == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if name == "month":
        return today.replace(day=1), today
    raise ValueError(f"not a named period: {name!r}")


def _date(query: Mapping[str, str], key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(query.get(key, "").strip())
    except ValueError:
        raise BadPeriod("bad_date", name=key) from None


def parse(query: Mapping[str, str], today: dt.date) -> Period:
    """The period a page's query asks for: ``period`` (default today; ``custom`` with
    ``from`` and ``to``, or either alone) and ``by``. BadPeriod for what cannot be."""
    by = query.get("by", DEFAULT_BY)
    if by not in GROUPS:
        raise BadPeriod("bad_by", value=by[:20])
    name = query.get("period", "")
    if name not in PERIODS:
        name = "custom" if ("from" in query or "to" in query) else "today"
    if name != "custom":
        first, last = span_of(name, today)
        return Period(name, first, last, by)
    given_first = _date(query, "from") if query.get("from") else None
    given_last = _date(query, "to") if query.get("to") else None
    first = given_first or given_last or today
    last = given_last or first
    if first > last:
        raise BadPeriod("bad_order")
    if (last - first).days >= MAX_DAYS:
        raise BadPeriod("too_long", n=str(MAX_DAYS))
    return Period("custom", first, last, by)
