"""The hall feed (kiosk.core.feed): typed events numbered by the store's event log,
strictly increasing and without gaps; subscribers told after each commit of their
process, other processes followed by an indexed "after N" read; a subscriber that
restarts from its last N loses nothing and gets nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.clock import ManualClock
from kiosk.core.errors import InvalidTransition
from kiosk.core.feed import FeedEvent, HallFeed, call_events
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Event, EventKind, Hall
from kiosk.core.service import QueueService
from kiosk.store.follow import LogFollower
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .conftest import MORNING


class Told:
    """A subscriber that records what it was told."""

    def __init__(self) -> None:
        self.events: list[FeedEvent] = []

    def __call__(self, events: Sequence[FeedEvent]) -> None:
        self.events.extend(events)

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]


def test_sequence_numbers_are_the_logs_strictly_increasing_without_gaps(
    sql_service: QueueService, sql_store: SqlStore
) -> None:
    """Every committed event has the next number; an operation that is refused writes
    nothing and takes no number."""
    s = sql_service
    s.open_counter(1)
    s.issue("bill")
    with pytest.raises(InvalidTransition):
        s.call_next(2)  # counter 2 is closed: refused, nothing written
    s.call_next(1)
    s.recall(1)
    logged = sql_store.events_after(0)
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    assert [e.event for e in logged] == sql_store.events()
    assert sql_store.last_seq() == len(logged)
    assert [e.seq for e in sql_store.events_after(2, limit=2)] == [3, 4]


def test_in_process_subscribers_are_told_after_each_commit(
    sql_service: QueueService,
) -> None:
    s = sql_service
    told = Told()
    s.feed.subscribe("test", told)
    s.open_counter(1)
    assert [e.kind for e in told.events] == [EventKind.COUNTER_OPENED]
    s.issue("bill")
    ticket = s.call_next(1)
    assert told.events[-1].kind is EventKind.CALLED
    call = told.events[-1].call
    assert call is not None and (call.number, call.counter, call.recall) == (
        ticket.number,
        1,
        False,
    )
    s.recall(1)
    assert [c.recall for c in call_events(told.events)] == [False, True]
    assert told.seqs == list(range(told.seqs[0], told.seqs[0] + len(told.seqs)))


def test_a_subscriber_resumes_after_its_last_number(sql_service: QueueService) -> None:
    s = sql_service
    first = Told()
    sub = s.feed.subscribe("display", first)
    s.open_counter(1)
    s.issue("bill")
    last = sub.last
    sub.close()
    s.call_next(1)  # missed while it was away
    again = Told()
    s.feed.subscribe("display", again, after=last)
    assert [e.kind for e in again.events] == [EventKind.CALLED]  # the backlog at once
    s.recall(1)
    assert first.seqs + again.seqs == list(range(1, s.feed.last + 1))


def test_another_process_is_followed_by_an_after_n_read(
    demo_hall: Hall, clock: ManualClock, tmp_path: Path
) -> None:
    """A commit by a real `kiosk` process reaches this process's subscribers at the
    follower's next look; the read is of the log after N, not of the hall status."""
    url = f"sqlite:///{tmp_path / 'data' / 'kiosk.db'}"
    store = open_store(url)
    try:
        service = QueueService(demo_hall, store, clock)
        service.open_counter(1)
        told = Told()
        service.feed.subscribe("counter window", told)
        follower = LogFollower(store, service.feed)
        assert follower.check() == 0
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "queue", "issue", "bill", "--no-print"],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert told.events == []  # another process: not published here
        assert follower.check() == 1
        assert [e.kind for e in told.events] == [EventKind.ISSUED]
        assert follower.check() == 0  # nothing new: not even a read of the log
        assert follower.reads == 2  # the first look, and the one after the commit
    finally:
        store.close()


def test_a_late_publish_is_not_told_twice(demo_hall: Hall, clock: ManualClock) -> None:
    """Two stores of one process commit on two threads: the second commit's publish may
    arrive first; the gap is read from the log and the first's publish is then a
    duplicate, dropped."""
    store = MemoryStore()
    feed = HallFeed(store)
    told = Told()
    feed.subscribe("hub", told)
    ev = Event(EventKind.COUNTER_OPENED, MORNING, 1, counter=1)
    store.events += [ev, ev]
    feed.publish([FeedEvent(2, ev)])
    feed.publish([FeedEvent(1, ev)])
    feed.publish([FeedEvent(2, ev)])
    assert told.seqs == [1, 2]


# -- the property: whatever the interleaving, each subscriber gets each event once ----

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("commit"), st.integers(1, 3), st.sampled_from(["here", "there", "late"])),
        st.tuples(st.just("catch_up"), st.integers(0, 1), st.just("")),
        st.tuples(st.just("restart"), st.integers(0, 2), st.sampled_from(["here", "there"])),
        st.tuples(st.just("deliver_late"), st.integers(0, 3), st.just("")),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(STEPS)
def test_every_subscriber_gets_every_event_once_in_order(
    steps: list[tuple[str, int, str]],
) -> None:
    """Two processes (feeds) on one log. Commits made here are published here (some
    late, after later ones); commits made there are found by catch_up; subscribers
    restart from their last N in either process. In the end each subscriber's events,
    joined across its restarts, are exactly 1..N in order."""
    log = MemoryStore()
    feeds = [HallFeed(log), HallFeed(log)]  # "here", "there"
    late: list[list[FeedEvent]] = []
    received: list[list[int]] = [[], [], []]

    def told(i: int) -> Callable[[Sequence[FeedEvent]], None]:
        return lambda events: received[i].extend(e.seq for e in events)

    subs = [feeds[i % 2].subscribe(f"s{i}", told(i), after=0) for i in range(3)]
    ev = Event(EventKind.ISSUED, MORNING, 1, "uid", None, {"number": "A001"})
    for action, n, where in steps:
        if action == "commit":
            first = len(log.events) + 1
            log.events += [ev] * n
            batch = [FeedEvent(first + k, ev) for k in range(n)]
            if where == "here":
                feeds[0].publish(batch)
            elif where == "late":
                late.append(batch)
            # "there": another process's commit, published in a feed that is not ours
        elif action == "catch_up":
            feeds[n].catch_up()
        elif action == "restart":
            last = subs[n].last
            subs[n].close()
            feed = feeds[0] if where == "here" else feeds[1]
            subs[n] = feed.subscribe(f"s{n}", told(n), after=last)
        elif action == "deliver_late" and late:
            feeds[0].publish(late.pop(min(n, len(late) - 1)))
    for batch in late:
        feeds[0].publish(batch)
    for feed in feeds:
        feed.catch_up()
    total = len(log.events)
    for seqs in received:
        assert seqs == list(range(1, total + 1))


def test_the_follower_thread_wakes_on_another_connections_commit(
    demo_hall: Hall, clock: ManualClock, tmp_path: Path
) -> None:
    """Started, the follower sleeps on the store's folder (inotify) and tells the feed of
    a commit made through another connection, without being asked to look."""
    import threading

    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    store, other_store = open_store(url), open_store(url)
    follower = None
    try:
        service = QueueService(demo_hall, store, clock)
        told = threading.Event()
        service.feed.subscribe("window", lambda events: told.set())
        follower = LogFollower(store, service.feed)
        follower.start()
        QueueService(demo_hall, other_store, clock).open_counter(1)
        assert told.wait(10), "the follower never told the feed"
        assert follower.reads >= 1
    finally:
        if follower is not None:
            follower.stop()
        store.close()
        other_store.close()
