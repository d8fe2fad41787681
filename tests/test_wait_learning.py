"""The wait estimator learns the hall's history on a thread of its own: no issue, no
status and no other operation ever waits for it (issue 9, item 22).

The history is a real SQLite store read by kiosk.store.history; a gate the test holds
keeps the learning from finishing, so what an operation does while the learning runs is
seen without timing anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk import app
from kiosk.core.clock import ManualClock
from kiosk.core.estimate import LearnedEstimator, WaitEstimate
from kiosk.core.model import Hall, Ticket
from kiosk.core.service import HallStatus, QueueService
from kiosk.store.history import tickets_between
from kiosk.store.sql import SqlStore

from .conftest import MORNING

LEARNING_THREAD = "wait-learning"
WAIT_S = 10.0  # a bound for a learning the test has released, not a measure


@dataclasses.dataclass
class GatedHistory:
    """kiosk.store.history.tickets_between on a real store, held at a gate: each read
    says which thread asked, then waits until the test opens the gate."""

    store: SqlStore
    gate: threading.Event = dataclasses.field(default_factory=threading.Event)
    entered: threading.Event = dataclasses.field(default_factory=threading.Event)
    threads: list[str] = dataclasses.field(default_factory=list)

    def __call__(
        self,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        *,
        finished_since: dt.datetime | None = None,
    ) -> list[Ticket]:
        self.threads.append(threading.current_thread().name)
        self.entered.set()
        if threading.current_thread() is threading.main_thread():
            # Learning inside the operation (the behaviour this file rules out): say so
            # through `threads` instead of blocking the test forever.
            return tickets_between(self.store, start, end, finished_since=finished_since)
        assert self.gate.wait(WAIT_S), "the test never opened the gate"
        return tickets_between(self.store, start, end, finished_since=finished_since)

    def hold(self) -> None:
        self.gate.clear()
        self.entered.clear()


def slow_bill_history(hall: Hall, store: SqlStore, clock: ManualClock) -> None:
    """Yesterday, counter 1 took 20 minutes a bill payment (the configuration says 3)."""
    clock.set(MORNING - dt.timedelta(days=1))
    q = QueueService(hall, store, clock)
    q.open_counter(1)
    for _ in range(30):
        q.issue("bill")
        q.call_next(1)
        q.serve(1)
        clock.advance(minutes=20)
        q.done(1)
    clock.set(MORNING)


def bill(status: HallStatus) -> WaitEstimate:
    return next(s.estimate for s in status.services if s.service.code == "bill")


@pytest.fixture
def history(demo_hall: Hall, sql_store: SqlStore, clock: ManualClock) -> Iterator[GatedHistory]:
    slow_bill_history(demo_hall, sql_store, clock)
    gated = GatedHistory(sql_store)
    yield gated
    gated.gate.set()  # never leave a learning thread waiting behind a failed test


def live_service(
    hall: Hall, store: SqlStore, clock: ManualClock, history: Callable[..., Any]
) -> tuple[QueueService, LearnedEstimator]:
    estimator = LearnedEstimator(hall, history, background=True)
    return QueueService(hall, store, clock, estimator), estimator


def test_the_first_issue_is_not_held_by_the_first_learning(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock, history: GatedHistory
) -> None:
    """The learning is stuck behind the gate, yet the issue and the tiles are answered,
    with the cold-start estimate; once it is done, the learned one."""
    cold_service = QueueService(demo_hall, sql_store, clock, LearnedEstimator(demo_hall))
    service, estimator = live_service(demo_hall, sql_store, clock, history)
    service.open_counter(1)
    expected_cold = bill(cold_service.status())

    issued = service.issue("bill")

    assert history.entered.wait(WAIT_S)  # the learning has started, and is held
    assert estimator.learning and estimator.generation == 0
    assert issued.ticket.number == "A001"
    assert issued.estimate == expected_cold
    assert bill(service.status()) == bill(cold_service.status())

    history.gate.set()
    assert estimator.wait_learned(WAIT_S)
    assert estimator.generation == 1
    inline = LearnedEstimator(demo_hall, history)  # the same history, learned inline
    learned = QueueService(demo_hall, sql_store, clock, inline)
    warm = bill(service.status())
    assert warm == bill(learned.status())
    assert warm.high_min > bill(cold_service.status()).high_min  # 20 minutes, not 3
    assert set(history.threads) == {LEARNING_THREAD, "MainThread"}  # the inline one above
    assert history.threads[0] == LEARNING_THREAD


def test_the_hourly_refresh_runs_beside_the_operation_that_finds_it_due(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock, history: GatedHistory
) -> None:
    """An hour on, the first operation finds the refresh due: it starts it and is
    answered with what was learned before, while the refresh reads and replays."""
    service, estimator = live_service(demo_hall, sql_store, clock, history)
    history.gate.set()
    service.open_counter(1)
    service.issue("bill")
    assert estimator.wait_learned(WAIT_S) and estimator.generation == 1

    history.hold()
    clock.advance(minutes=61)
    issued = service.issue("bill")
    assert history.entered.wait(WAIT_S)
    assert estimator.learning and estimator.generation == 1
    assert issued.ticket.number == "A002"
    service.call_next(1)  # other operations go on too

    history.gate.set()
    assert estimator.wait_learned(WAIT_S) and estimator.generation == 2
    assert history.threads == [LEARNING_THREAD, LEARNING_THREAD]


def test_a_learning_is_started_once_however_many_operations_find_it_due(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock, history: GatedHistory
) -> None:
    service, estimator = live_service(demo_hall, sql_store, clock, history)
    service.open_counter(1)
    for _ in range(3):
        service.issue("bill")
        service.status()
    assert history.entered.wait(WAIT_S)
    history.gate.set()
    assert estimator.wait_learned(WAIT_S)
    assert history.threads == [LEARNING_THREAD] and estimator.generation == 1


def test_closing_the_service_waits_for_its_learning_and_starts_no_more(
    demo_hall: Hall, sql_store: SqlStore, clock: ManualClock, history: GatedHistory
) -> None:
    """A process that stops leaves no thread reading a store it is about to close."""
    service, estimator = live_service(demo_hall, sql_store, clock, history)
    service.status()
    assert history.entered.wait(WAIT_S)
    history.gate.set()
    service.close()
    assert not estimator.learning
    clock.advance(minutes=61)
    service.status()  # due again, but closed: nothing starts
    assert not estimator.learning
    assert history.threads == [LEARNING_THREAD]


def test_the_composition_root_learns_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kiosk run`, the counters and the display get their service from build_service:
    its estimator reads the history on the learning thread, never in the issue."""
    settings = app.load_settings(None, tmp_path / "data")
    clock = ManualClock(MORNING)
    store = app.open_queue_store(settings)
    slow_bill_history(settings.hall, store, clock)
    store.close()

    gated: list[GatedHistory] = []

    def gated_history(store: SqlStore, *args: Any, **kwargs: Any) -> list[Ticket]:
        if not gated:
            gated.append(GatedHistory(store))
        return gated[0](*args, **kwargs)

    monkeypatch.setattr("kiosk.store.history.tickets_between", gated_history)
    service = app.build_service(settings, clock)
    try:
        service.open_counter(1)
        issued = service.issue("bill")
        assert issued.ticket.number == "A001"
        assert gated and gated[0].entered.wait(WAIT_S)
        assert gated[0].threads == [LEARNING_THREAD]
        gated[0].gate.set()
        estimator = service.estimator
        assert isinstance(estimator, LearnedEstimator)
        assert estimator.wait_learned(WAIT_S) and estimator.generation == 1
    finally:
        if gated:
            gated[0].gate.set()
        service.close()
        service._store.close()  # type: ignore[attr-defined]


def test_a_learning_that_fails_inside_an_operation_does_not_stop_it(
    demo_hall: Hall, caplog: pytest.LogCaptureFixture
) -> None:
    """A one-shot command learns inside its operation (``background=False``): a bug in
    the learning is said in the log, and the ticket is still issued, with the estimate
    the estimator had (the configured minutes); the next learning starts afresh."""
    from kiosk.core.memory import MemoryStore

    calls = []

    def broken(start: dt.datetime, end: dt.datetime) -> list[Ticket]:
        calls.append(start)
        raise ValueError("a bug in reading the history")

    clock = ManualClock(MORNING)
    q = QueueService(demo_hall, MemoryStore(), clock, LearnedEstimator(demo_hall, broken))
    q.open_counter(1)
    q.issue("bill")
    issued = q.issue("bill")
    assert issued.ahead == 1 and issued.estimate.high_min > 0
    assert "learning failed" in caplog.text and "a bug in reading the history" in caplog.text
    clock.advance(minutes=120)
    q.issue("bill")  # the next refresh tries again
    assert len(calls) == 2
