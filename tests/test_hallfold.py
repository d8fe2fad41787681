"""The hall status folded from the feed (kiosk.core.hallfold) is the status the store
reads: after any sequence of operations on a real store (SQLite, and PostgreSQL with
fewer examples), the fold of the events
equals QueueService.status() (the wait estimates aside), and so does every counter's
waiting list; a new business day asks for one full read."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core import policy
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from kiosk.core.estimate import WaitEstimate
from kiosk.core.feed import FeedEvent
from kiosk.core.hallfold import HallFold
from kiosk.core.model import (
    Counter,
    Hall,
    OpeningHours,
    Placement,
    Priority,
    Rules,
    Service,
)
from kiosk.core.service import HallStatus, QueueService
from kiosk.store.schema import open_store

from .conftest import MORNING
from .stores import fresh_pg_database, pg_admin_url

CALLS = 6
NO_ESTIMATE = WaitEstimate(0, 0, 0)

HALL = Hall(
    services=(
        Service("bill", "A", "缴费", "Bills", daily_cap=4, last_number=5),
        Service("card", "B", "办卡", "Cards", hours=(OpeningHours(dt.time(8), dt.time(10)),)),
        Service("fix", "C", "维修", "Repairs", priority_allowed=False),
    ),
    counters=(
        Counter(1, "一号", "One", ("bill", "card")),
        Counter(2, "二号", "Two", ("card", "fix")),
        Counter(3, "三号", "Three", ("fix",)),
    ),
    rules=Rules(recall_limit=1, normal_per_priority=1),
)

NAMES = (
    ["issue"] * 6
    + ["call_next"] * 4
    + ["open_counter"] * 3
    + ["serve"] * 2
    + ["recall", "done", "no_show", "park", "resume", "pause_counter", "close_counter"]
    + ["call_ticket", "transfer", "cancel", "printed", "print_failed", "reprint"]
    + ["acknowledge", "reset_day", "reread", "wait", "wait"]
)


@dataclasses.dataclass(frozen=True)
class Op:
    name: str
    counter: int
    code: str
    priority: Priority
    flag: bool
    number: str
    to: str | int
    placement: Placement
    k: int


operations = st.builds(
    Op,
    st.sampled_from(NAMES),
    st.sampled_from([1, 1, 1, 2, 3]),  # mostly one counter: its tickets go further
    st.sampled_from(["bill", "card", "fix"]),
    st.sampled_from(list(Priority)),
    st.booleans(),
    st.sampled_from(["A001", "A002", "B001", "B002", "C001", "C003", "X999"]),
    st.sampled_from(["bill", "card", "fix", 1, 2, 3]),
    st.sampled_from(list(Placement)),
    st.sampled_from([0, 1, 2, 5, 30, 61, 700, 3_600, 20 * 3_600]),
)


def _run(service: QueueService, issued: list[str], op: Op) -> None:
    match op.name:
        case "issue":
            t = service.issue(op.code, op.priority, printing=op.flag)
            issued.append(t.ticket.uid)
        case "printed" | "print_failed" | "reprint":
            if not issued:
                return
            uid = issued[op.k % len(issued)]
            if op.name == "printed":
                service.report_printed(uid)
            elif op.name == "reprint":
                service.mark_printed(uid)
            else:
                ticket = service.ticket(uid)
                number = ticket.number if ticket else "?"
                service.report_print_failure(uid, number, "paper out", "paper_end")
        case "acknowledge":
            alerts = service.status(estimates=False).alerts
            if op.flag or not alerts:
                service.acknowledge_alerts()
            else:
                service.acknowledge_alerts([alerts[-1].number])
        case "transfer":
            if isinstance(op.to, int):
                service.transfer(op.counter, to_counter=op.to, placement=op.placement)
            else:
                service.transfer(op.counter, to_service=op.to, placement=op.placement)
        case "call_ticket":
            service.call_ticket(op.counter, op.number)
        case "cancel":
            service.cancel(op.number)
        case "reset_day":
            service.reset_day()
        case _:
            getattr(service, op.name)(op.counter)


def _without_estimates(status: HallStatus) -> HallStatus:
    services = tuple(dataclasses.replace(s, estimate=NO_ESTIMATE) for s in status.services)
    return dataclasses.replace(status, services=services, estimates=())


def _waiting_lists(status: HallStatus) -> dict[int, list[str]]:
    return {
        c.number: [t.number for t in status.waiting if policy.eligible(c, t)] for c in HALL.counters
    }


class Follower:
    """A window process's view: one status read, then the feed's events only."""

    def __init__(self, service: QueueService) -> None:
        self.service = service
        self.reads = 0
        self.fold = self._read()
        self.sub = service.feed.subscribe("fold", self.told, after=self.fold.seq)

    def _read(self) -> HallFold:
        self.reads += 1
        return HallFold(HALL, self.service.status(CALLS, estimates=False), calls=CALLS)

    def told(self, events: Sequence[FeedEvent]) -> None:
        if not self.fold.apply(events):
            self.fold = self._read()  # a new business day: the one full read

    def reread(self) -> None:
        self.fold = self._read()


def _fold_matches_the_status(url: str, ops_: list[Op]) -> None:
    """Run the operations on a new store at ``url``; after each, the fold of the events
    is the status the store reads."""
    store = open_store(url)
    try:
        clock = ManualClock(MORNING)
        service = QueueService(HALL, store, clock)
        follower = Follower(service)
        issued: list[str] = []
        for op in ops_:
            if op.name == "wait":
                clock.advance(op.k)
            elif op.name == "reread":
                follower.reread()
            else:
                with contextlib.suppress(KioskError):  # refused: nothing written or told
                    _run(service, issued, op)
            truth = service.status(CALLS, estimates=False)
            if clock.now() >= follower.fold.day.ends_at:
                continue  # past the reset hour with nothing written: the 5 s full read
            folded = follower.fold.status(clock.now())
            if truth.seq == 0:  # nothing written yet: the day starts with the first write
                folded = dataclasses.replace(folded, day=truth.day)
            assert _without_estimates(folded) == _without_estimates(truth), op
            assert _waiting_lists(folded) == _waiting_lists(truth)
    finally:
        store.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=20, max_size=60))
def test_the_fold_of_the_events_is_the_status_the_store_reads(
    ops_: list[Op],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _fold_matches_the_status(f"sqlite:///{Path(folder) / 'kiosk.db'}", ops_)


# A database of its own per example costs a CREATE DATABASE and the migrations, and every
# operation a round trip to the server: fewer examples, the same property.
PG_EXAMPLES = 12


@pytest.mark.postgresql
def test_the_fold_of_the_events_is_the_status_a_postgresql_store_reads() -> None:
    pg_admin_url()  # skipped (failed under CI=true) without a test server

    @settings(max_examples=PG_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operations, min_size=20, max_size=60))
    def on_postgresql(ops_: list[Op]) -> None:
        with fresh_pg_database() as url:
            _fold_matches_the_status(url, ops_)

    on_postgresql()


def test_events_update_the_fold_with_no_store_read(tmp_path: Path) -> None:
    """One status read at start; then calls, transfers and print failures come from the
    events alone (the store's reads are counted)."""
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.db'}")
    clock = ManualClock(MORNING)
    service = QueueService(HALL, store, clock)
    service.open_counter(1)
    follower = Follower(service)
    a = service.issue("bill", printing=True).ticket
    service.issue("card")
    service.call_next(1)
    service.transfer(1, to_counter=2, placement=Placement.FRONT)
    service.report_print_failure(a.uid, a.number, "paper out", "paper_end")
    status = follower.fold.status(clock.now())
    assert follower.reads == 1
    assert [t.number for t in status.waiting] == ["A001", "B001"]  # to the front
    assert status.waiting[0].target_counter == 2
    assert [(c.number, c.counter) for c in status.calls] == [("A001", 1)]
    assert [(a.number, a.problem) for a in status.alerts] == [("A001", "paper_end")]
    assert status.services[0].issued == 1 and status.counters[0].state == "open"
    assert _without_estimates(status) == _without_estimates(service.status(CALLS, estimates=False))
    store.close()


def test_a_new_business_day_asks_for_one_full_read(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.db'}")
    clock = ManualClock(MORNING)
    service = QueueService(HALL, store, clock)
    service.issue("bill")
    status = service.status(CALLS, estimates=False)
    fold = HallFold(HALL, status, calls=CALLS)
    seen: list[FeedEvent] = []
    service.feed.subscribe("t", seen.extend, after=status.seq)
    service.reset_day()
    assert not fold.apply(seen) and fold.stale
    store.close()


@pytest.mark.parametrize("replayed", [1, 2])
def test_events_already_in_the_status_are_not_folded_twice(tmp_path: Path, replayed: int) -> None:
    """A status read while events arrive already holds them: the fold skips up to its
    seq, so an issue or a call is never counted twice."""
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.db'}")
    clock = ManualClock(MORNING)
    service = QueueService(HALL, store, clock)
    service.open_counter(1)
    service.issue("bill")
    service.call_next(1)
    status = service.status(CALLS, estimates=False)
    fold = HallFold(HALL, status, calls=CALLS)
    assert fold.apply(store.events_after(status.seq - replayed))
    assert _without_estimates(fold.status(clock.now())) == _without_estimates(status)
    store.close()
