"""The manager's report: what happened to the tickets of a span of business days.

Pure arithmetic (docs/reports.md defines every figure). A ticket becomes one
:class:`TicketFacts` (:func:`facts_of`, from the ticket and its events); facts are
added into a :class:`Tally` per group (``--by day|week|month|hour|service|counter|staff``
or a combination); a tally holds only sums and histograms, so tallies of parts add up
to the tally of the whole (the store keeps closed days' facts and sums them in SQL);
:func:`figures` turns a tally into the reported numbers.

Times are whole seconds, rounded down. Waits run from issue to the first call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kiosk.core.model import Event, EventKind, FollowUp, FollowUpStatus, Hall, Outcome, Ticket

GROUPS = ("day", "week", "month", "hour", "service", "counter", "staff")
DEFAULT_TARGET_S = 600  # a business type the hall no longer has: the field standard

# How a ticket ended (TicketFacts.end); "open": still active when the report was made.
SERVED = "served"
NO_SHOW = "no_show"
CANCELLED_VISITOR = "cancelled_visitor"
CANCELLED_STAFF = "cancelled_staff"
CANCELLED_DAY_END = "cancelled_day_end"
OPEN = "open"
ENDS = (SERVED, NO_SHOW, CANCELLED_VISITOR, CANCELLED_STAFF, CANCELLED_DAY_END, OPEN)

# The evaluator's four keys (kiosk.core.devices.Rating), as the report names them.
RATING_NAMES = {4: "very_satisfied", 3: "satisfied", 2: "neutral", 1: "dissatisfied"}

Key = tuple[str | int | None, ...]


@dataclasses.dataclass(frozen=True)
class TicketFacts:
    """One ticket as the report sees it: its group keys and its measured times."""

    date: dt.date  # its business day's date
    hour: int  # hour of issue, hall time
    service: str  # the business type it was issued for (original_service)
    counter: int | None  # the counter that last called it; None if never called
    staff: str | None  # who called it (the called event's ``staff``), None if unknown
    end: str  # one of ENDS
    called: bool
    waited_s: int  # issue to first call; if never called, issue to its end (or to now)
    target_s: int  # its business type's target wait
    service_s: int | None  # serving to done, served tickets only
    rating: int | None  # 1..4
    quote_low_s: int | None  # the range the kiosk quoted at issue, in seconds
    quote_high_s: int | None
    print_failures: int  # print_failed events of this ticket

    def key(self, by: Sequence[str]) -> Key:
        return tuple(self.value(name) for name in by)

    def value(self, name: str) -> str | int | None:
        if name == "day":
            return self.date.isoformat()
        if name == "week":
            return week_of(self.date)
        if name == "month":
            return month_of(self.date)
        if name == "hour":
            return self.hour
        if name == "service":
            return self.service
        if name == "counter":
            return self.counter
        if name == "staff":
            return self.staff
        raise ValueError(f"unknown group {name!r} (known: {', '.join(GROUPS)})")


def week_of(date: dt.date) -> str:
    """The ISO week of a business date: ``2026-W48``."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(date: dt.date) -> str:
    return f"{date.year}-{date.month:02d}"


def _seconds(delta: dt.timedelta) -> int:
    return max(0, math.floor(delta.total_seconds()))


def target_seconds(hall: Hall) -> dict[str, int]:
    """Each business type's target wait (``target_wait_minutes``), in whole seconds."""
    return {s.code: round(s.target_wait_minutes * 60) for s in hall.services}


def facts_of(
    ticket: Ticket,
    date: dt.date,
    events: Iterable[Event],
    targets: Mapping[str, int],
    now: dt.datetime,
) -> TicketFacts:
    """A ticket's facts from its row and its own events (issued, called, cancelled,
    print_failed; others are ignored). ``now`` ends the wait of a ticket still waiting."""
    quote: tuple[int, int] | None = None
    by_visitor = False
    staff: str | None = None
    failures = 0
    for event in events:
        if event.kind is EventKind.ISSUED:
            quote = quote_of(event.data)
        elif event.kind is EventKind.CALLED:
            who = event.data.get("staff")
            staff = str(who) if who else None
        elif event.kind is EventKind.CANCELLED:
            by_visitor = event.data.get("by") == "visitor"
        elif event.kind is EventKind.PRINT_FAILED:
            failures += 1
    end = end_of(ticket.outcome, by_visitor)
    called = ticket.called_at is not None
    until = ticket.called_at or ticket.finished_at or now
    service_s = None
    if end == SERVED and ticket.serving_at is not None and ticket.finished_at is not None:
        service_s = _seconds(ticket.finished_at - ticket.serving_at)
    service = ticket.original_service or ticket.service
    return TicketFacts(
        date=date,
        hour=ticket.issued_at.hour,
        service=service,
        counter=ticket.counter if called else None,
        staff=staff if called else None,
        end=end,
        called=called,
        waited_s=_seconds(until - ticket.issued_at),
        target_s=targets.get(service, DEFAULT_TARGET_S),
        service_s=service_s,
        rating=ticket.rating if ticket.rating in RATING_NAMES else None,
        quote_low_s=None if quote is None else quote[0],
        quote_high_s=None if quote is None else quote[1],
        print_failures=failures,
    )


def quote_of(data: Mapping[str, Any]) -> tuple[int, int] | None:
    """The range an ``issued`` event says the kiosk quoted (``quote_low_min``,
    ``quote_high_min``: the minutes shown), in seconds; None for a ticket issued before
    quotes were recorded."""
    low, high = data.get("quote_low_min"), data.get("quote_high_min")
    if not isinstance(low, int | float) or not isinstance(high, int | float):
        return None
    return round(low * 60), round(high * 60)


def end_of(outcome: Outcome | None, by_visitor: bool = False) -> str:
    if outcome is None:
        return OPEN
    if outcome is Outcome.SERVED:
        return SERVED
    if outcome is Outcome.NO_SHOW:
        return NO_SHOW
    if outcome is Outcome.EXPIRED:
        return CANCELLED_DAY_END
    return CANCELLED_VISITOR if by_visitor else CANCELLED_STAFF


@dataclasses.dataclass
class Tally:
    """Sums and histograms of a group's tickets: adding tallies is exact."""

    ends: Counter[str] = dataclasses.field(default_factory=Counter)
    called: int = 0
    within_target: int = 0  # called within the target
    missed: int = 0  # never called, ended after waiting past the target
    care: int = 0  # waited past the target (called or not)
    care_excess_s: int = 0  # their time past the target, summed
    waits: Counter[int] = dataclasses.field(default_factory=Counter)  # called: wait_s -> n
    service_times: Counter[int] = dataclasses.field(default_factory=Counter)
    ratings: Counter[int] = dataclasses.field(default_factory=Counter)
    print_failures: int = 0
    quoted: int = 0  # served tickets with a quote
    kept: int = 0  # ... whose wait fell inside it
    quote_low_sum_s: int = 0
    quote_high_sum_s: int = 0
    quoted_wait_sum_s: int = 0

    def add(self, f: TicketFacts) -> None:
        self.ends[f.end] += 1
        # a ticket never called that ended with the day: when its visitor left is unknown
        over = f.waited_s > f.target_s and (f.called or f.end != CANCELLED_DAY_END)
        if f.called:
            self.called += 1
            self.waits[f.waited_s] += 1
            if not over:
                self.within_target += 1
        elif over and f.end != OPEN:
            self.missed += 1
        if over:
            self.care += 1
            self.care_excess_s += f.waited_s - f.target_s
        if f.service_s is not None:
            self.service_times[f.service_s] += 1
        if f.rating is not None and f.end == SERVED:
            self.ratings[f.rating] += 1
        self.print_failures += f.print_failures
        if f.end == SERVED and f.quote_low_s is not None and f.quote_high_s is not None:
            self.quoted += 1
            self.kept += f.quote_low_s <= f.waited_s <= f.quote_high_s
            self.quote_low_sum_s += f.quote_low_s
            self.quote_high_sum_s += f.quote_high_s
            self.quoted_wait_sum_s += f.waited_s

    def merge(self, other: Tally, *, histograms: bool = True) -> None:
        """Add another tally in; ``histograms=False`` leaves the waits and service times
        to the caller (a store adds many groups' arrays at once, faster)."""
        for field in dataclasses.fields(self):
            mine = getattr(self, field.name)
            theirs = getattr(other, field.name)
            if isinstance(mine, Counter):
                if histograms or field.name not in ("waits", "service_times"):
                    mine.update(theirs)
            else:
                setattr(self, field.name, mine + theirs)


def percentile(histogram: Mapping[int, int], p: float) -> int | None:
    """The nearest-rank p-th percentile (0 < p <= 1) of a histogram value -> count: the
    smallest value with at least ceil(p * n) values at or below it; None when empty."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(p * n - 1e-9))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable")


@dataclasses.dataclass(frozen=True)
class Spread:
    """What a histogram of seconds says: how many, their sum, p50, p90 and max."""

    n: int
    total: int
    p50: int | None
    p90: int | None
    max: int | None


def spread(histogram: Mapping[int, int]) -> Spread:
    """One sorted pass; the percentiles are :func:`percentile`'s (nearest rank)."""
    items = sorted(histogram.items())
    n = sum(count for _, count in items)
    if n == 0:
        return Spread(0, 0, None, None, None)
    ranks = [max(1, math.ceil(p * n - 1e-9)) for p in (0.5, 0.9)]
    found: list[int] = []
    seen = total = 0
    for value, count in items:
        seen += count
        total += value * count
        while len(found) < len(ranks) and seen >= ranks[len(found)]:
            found.append(value)
    return Spread(n, total, found[0], found[1], items[-1][0])


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _mean(total: int, n: int) -> float | None:
    return None if n == 0 else round(total / n, 1)


def figures(t: Tally) -> dict[str, Any]:
    """The reported figures of one group (docs/reports.md), in a stable order."""
    served = t.ends[SERVED]
    cancelled = t.ends[CANCELLED_VISITOR] + t.ends[CANCELLED_STAFF] + t.ends[CANCELLED_DAY_END]
    rated = sum(t.ratings.values())
    waits = spread(t.waits)
    times = spread(t.service_times)
    out: dict[str, Any] = {
        "issued": sum(t.ends.values()),
        "served": served,
        "no_show": t.ends[NO_SHOW],
        "cancelled": cancelled,
        "cancelled_visitor": t.ends[CANCELLED_VISITOR],
        "cancelled_staff": t.ends[CANCELLED_STAFF],
        "cancelled_day_end": t.ends[CANCELLED_DAY_END],
        "open": t.ends[OPEN],
        "called": t.called,
        "wait_p50_s": waits.p50,
        "wait_p90_s": waits.p90,
        "wait_max_s": waits.max,
        "wait_mean_s": _mean(waits.total, waits.n),
        "service_level": _share(t.within_target, t.called + t.missed),
        "care": t.care,
        "care_excess_s": t.care_excess_s,
        "care_excess_mean_s": _mean(t.care_excess_s, t.care),
        "service_mean_s": _mean(times.total, times.n),
        "service_p90_s": times.p90,
    }
    for value, name in RATING_NAMES.items():
        out[f"rated_{name}"] = t.ratings[value]
    out["satisfied"] = _share(t.ratings[4] + t.ratings[3], rated)
    out["rated_share"] = _share(rated, served)
    out["print_failures"] = t.print_failures
    out["promise_kept"] = _share(t.kept, t.quoted)
    out["quoted"] = t.quoted
    out["quote_low_mean_s"] = _mean(t.quote_low_sum_s, t.quoted)
    out["quote_high_mean_s"] = _mean(t.quote_high_sum_s, t.quoted)
    out["quoted_wait_mean_s"] = _mean(t.quoted_wait_sum_s, t.quoted)
    return out


FIGURES = tuple(figures(Tally()))  # the names, in order (the CSV's columns)
ADDITIVE = (
    "issued", "served", "no_show", "cancelled", "cancelled_visitor", "cancelled_staff",
    "cancelled_day_end", "open", "called", "care", "care_excess_s", "rated_very_satisfied",
    "rated_satisfied", "rated_neutral", "rated_dissatisfied", "print_failures", "quoted",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Report:
    """A report: its span, its grouping, the total and one row per group."""

    first: dt.date
    last: dt.date
    by: tuple[str, ...]
    total: dict[str, Any]
    rows: list[dict[str, Any]]
    # complaint follow-ups (follow_up_row), when the report was given them (with_follow_ups)
    follow_ups: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "by": list(self.by),
            "total": self.total,
            "rows": self.rows,
            "follow_ups": self.follow_ups,
        }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def follow_up_row(f: FollowUp, now: dt.datetime) -> dict[str, Any]:
    """A complaint follow-up as the report lists it; ``status`` open, overdue (open past
    its promised date, by ``now``) or closed (docs/reports.md, "Complaint follow-ups")."""
    return {
        "case_number": f.case_number,
        "ticket": f.number,
        "service": f.service,
        "counter": f.counter,
        "staff": f.staff,
        "opened_at": _iso(f.opened_at),
        "promised_by": f.promised_by.isoformat(),
        "closed_at": _iso(f.closed_at),
        "closed_by": f.closed_by,
        "note": f.note,
        "status": str(f.status(now)),
    }


def follow_up_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """``follow_ups_open``: listed follow-ups not closed (overdue ones among them);
    ``follow_ups_overdue``: those past their promised date."""
    overdue = sum(1 for r in rows if r["status"] == FollowUpStatus.OVERDUE)
    still = sum(1 for r in rows if r["status"] != FollowUpStatus.CLOSED)
    return {"follow_ups_open": still, "follow_ups_overdue": overdue}


def with_follow_ups(report: Report, follow_ups: Sequence[FollowUp], now: dt.datetime) -> Report:
    """The report with its follow-ups listed and counted in its total."""
    rows = [follow_up_row(f, now) for f in follow_ups]
    total = {**report.total, **follow_up_counts(rows)}
    return dataclasses.replace(report, total=total, follow_ups=rows)


def _order(key: Key) -> tuple[tuple[int, str | int], ...]:
    # None (no counter, staff unknown) last; numbers by value, text by text
    return tuple((1, "") if v is None else (0, v) for v in key)


def build(
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    groups: Mapping[Key, Tally],
    total: Tally | None = None,
) -> Report:
    """The report from each group's tally (keys in the order of ``by``); ``total``: their
    sum, when the caller has it already (else the groups are added up here)."""
    if total is None:
        total = Tally()
        for tally in groups.values():
            total.merge(tally)
    rows = []
    for key in sorted(groups, key=_order):
        row: dict[str, Any] = dict(zip(by, key, strict=True))
        row.update(figures(groups[key]))
        rows.append(row)
    return Report(first, last, tuple(by), figures(total), rows if by else [])


def tally_facts(facts: Iterable[TicketFacts], by: Sequence[str]) -> dict[Key, Tally]:
    """Group facts by ``by`` and add each into its group's tally."""
    groups: dict[Key, Tally] = {}
    for f in facts:
        key = f.key(by)
        tally = groups.get(key)
        if tally is None:
            tally = groups[key] = Tally()
        tally.add(f)
    return groups


def check_groups(by: Sequence[str]) -> tuple[str, ...]:
    """``--by`` names, each known and once, in the order given."""
    for name in by:
        if name not in GROUPS:
            raise ValueError(f"unknown group {name!r} (known: {', '.join(GROUPS)})")
    return tuple(dict.fromkeys(by))
