"""Properties of every report: the rows add up to the total, p50 <= p90 <= max, shares
lie in 0..1, the days summarized in the store agree with the ticket-by-ticket fold."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.core import report as rep
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from kiosk.core.service import QueueService
from kiosk.store import report as store_report
from kiosk.store.schema import open_store
from tests.report.conftest import FixedQuote

HALL = config.load(None).to_hall()
START = dt.datetime(2026, 11, 24, 9, 0)
SHARES = ("service_level", "satisfied", "rated_share", "promise_kept")
GROUPINGS = [(), ("day",), ("hour", "service"), ("counter",), ("week", "staff"), ("month",)]


def check(report: rep.Report) -> None:
    for name in rep.ADDITIVE:
        assert sum(row[name] for row in report.rows) == report.total[name] or not report.by
    for row in [report.total, *report.rows]:
        if row["wait_p50_s"] is not None:
            assert row["wait_p50_s"] <= row["wait_p90_s"] <= row["wait_max_s"]
        for name in SHARES:
            assert row[name] is None or 0 <= row[name] <= 1
        assert row["issued"] == (row["served"] + row["no_show"] + row["cancelled"] + row["open"])
        assert row["cancelled"] == (
            row["cancelled_visitor"] + row["cancelled_staff"] + row["cancelled_day_end"]
        )
        assert row["care"] <= row["issued"] and row["called"] <= row["issued"]


facts = st.builds(
    rep.TicketFacts,
    date=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    hour=st.integers(0, 23),
    service=st.sampled_from(["bill", "plan", "vip"]),
    counter=st.sampled_from([None, 1, 2]),
    staff=st.sampled_from([None, "li", "wang"]),
    end=st.sampled_from(rep.ENDS),
    called=st.booleans(),
    waited_s=st.integers(0, 7200),
    target_s=st.sampled_from([300, 600]),
    service_s=st.none() | st.integers(0, 3600),
    rating=st.none() | st.integers(1, 4),
    quote_low_s=st.none() | st.integers(0, 600),
    quote_high_s=st.integers(0, 1800),
    print_failures=st.integers(0, 2),
)


@given(st.lists(facts, max_size=60), st.sampled_from(GROUPINGS), st.integers(0, 60))
def test_rows_add_up_to_the_total_and_tallies_merge(
    all_facts: list[rep.TicketFacts], by: tuple[str, ...], cut: int
) -> None:
    report = rep.build(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), by, rep.tally_facts(all_facts, by)
    )
    check(report)
    assert report.total["issued"] == len(all_facts)
    # two halves tallied apart and merged: the tally of the whole
    first, second = rep.Tally(), rep.Tally()
    for f in all_facts[:cut]:
        first.add(f)
    for f in all_facts[cut:]:
        second.add(f)
    first.merge(second)
    assert rep.figures(first) == report.total


@dataclasses.dataclass(frozen=True)
class Op:
    name: str
    counter: int
    code: str
    by: str
    minutes: int


NAMES = ["issue"] * 5 + ["call_next"] * 3 + ["serve", "done", "done", "no_show", "recall"]
NAMES += ["open_counter", "open_counter", "cancel", "rate", "transfer", "wait", "wait", "night"]
ops = st.builds(
    Op,
    st.sampled_from(NAMES),
    st.sampled_from([1, 1, 2, 4]),
    st.sampled_from(["bill", "plan", "complaint"]),
    st.sampled_from(["staff", "visitor"]),
    st.sampled_from([0, 1, 3, 7, 12]),
)


def _apply(service: QueueService, clock: ManualClock, op: Op, issued: list[str]) -> None:
    match op.name:
        case "issue":
            issued.append(service.issue(op.code).ticket.number)
        case "cancel":
            if issued:
                service.cancel(issued[op.minutes % len(issued)], by=op.by)
        case "rate":
            done = [t for t in service.tickets() if t.outcome and t.rating is None]
            if done:
                service.rate(done[0].uid, 1 + op.minutes % 4)
        case "transfer":
            service.transfer(op.counter, to_service=op.code)
        case "wait":
            clock.advance(minutes=op.minutes)
        case "night":
            clock.advance(minutes=24 * 60 - 30)
        case _:
            getattr(service, op.name)(op.counter)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ops, min_size=10, max_size=50))
def test_a_store_after_random_operations(tmp_path_factory: Any, script: list[Op]) -> None:
    folder: Path = tmp_path_factory.mktemp("report")
    store = open_store(f"sqlite:///{folder / 'kiosk.db'}")
    try:
        clock = ManualClock(START)
        service = QueueService(HALL, store, clock, FixedQuote())
        issued: list[str] = []
        for op in script:
            with contextlib.suppress(KioskError):  # a refused operation changes nothing
                _apply(service, clock, op, issued)
        now = clock.now()
        first, last = START.date(), now.date()
        targets = rep.target_seconds(HALL)
        with store._read.begin() as session:
            days = store_report._days(session, first, last)
            every = [
                f
                for day_id, date, _ in days
                for _, f in store_report._day_facts(session, day_id, date, targets, now)
            ]
        for by in GROUPINGS:
            report = store_report.report(store, first, last, by, targets, now)
            check(report)
            assert report == rep.build(first, last, by, rep.tally_facts(every, by))
        assert report.total["issued"] == sum(len(service.tickets(d)) for d in {x[1] for x in days})
    finally:
        store.close()


@given(st.dictionaries(st.integers(0, 5000), st.integers(1, 5), max_size=40))
def test_one_pass_spread_is_the_nearest_rank_percentile(histogram: dict[int, int]) -> None:
    s = rep.spread(histogram)
    assert (s.p50, s.p90) == (rep.percentile(histogram, 0.5), rep.percentile(histogram, 0.9))
    assert s.n == sum(histogram.values())
    assert s.max == (max(histogram) if histogram else None)
