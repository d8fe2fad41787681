"""Statements and round trips per queue operation, on each store (issue 11: the call
reaches every display within 100 ms on PostgreSQL too).

On PostgreSQL every round trip under the write lock makes every other writer of the hall
wait; the store sends an operation's transaction in two (kiosk/store/pipeline.py):

    1. BEGIN, SET LOCAL lock_timeout, pg_advisory_xact_lock, and the 5 reads of the
       hall's state (the newest day, the active tickets, the counters, the last number
       per business type, the last sequence number of the log)             8 statements
    2. one statement per row written, NOTIFY, COMMIT                   rows + 2 statements

and no ping of a pooled connection whose socket is quiet. Before, each statement was a
round trip of its own, with a ping first: call next was 14 round trips.

On SQLite nothing changed: BEGIN IMMEDIATE, the same 5 reads, one statement per row,
COMMIT (function calls, not round trips). The counts are worked out by hand from the
rows each operation writes (tables in the comments), so a statement added to the hot
path fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import NothingToCall
from kiosk.core.feed import FeedEvent
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .wire import pg_wire, sqlite_statements

READS = 5  # the newest day, active tickets, counters, last number per type, last seq

# (what, the operation, the rows it writes: business day, tickets inserted or updated,
# counter inserted or updated, events)
OPERATIONS: list[tuple[str, Callable[[QueueService], object], int]] = [
    ("first issue of the day", lambda s: s.issue("bill"), 1 + 1 + 0 + 1),  # day, A001, issued
    ("issue", lambda s: s.issue("bill"), 0 + 1 + 0 + 1),  # A002, issued
    ("open counter 1", lambda s: s.open_counter(1), 0 + 0 + 1 + 1),  # new counter, opened
    ("call next", lambda s: s.call_next(1), 0 + 1 + 1 + 1),  # A001 called, counter, called
    ("serve", lambda s: s.serve(1), 0 + 1 + 0 + 1),  # A001 serving, serving
    # A001 done and A002 called; the counter; done and called
    ("call next, finishing the one served", lambda s: s.call_next(1), 0 + 2 + 1 + 2),
]
# SQLite, as before: BEGIN IMMEDIATE, the reads (no "last number" read while there is no
# day yet), a statement per row but one for all the events (executemany), COMMIT.
# An issue first reads the hall outside the write transaction (its wait estimate,
# kiosk.core.service.QueueService.issue): BEGIN, the reads, COMMIT, before its write.
SQLITE = {
    "first issue of the day": (1 + (READS - 1) + 1)
    + 1
    + (READS - 1)
    + 3
    + 1,  # day, ticket, events
    "issue": (1 + READS + 1) + 1 + READS + 2 + 1,  # ticket, events
    "open counter 1": 1 + READS + 2 + 1,  # counter, events
    "call next": 1 + READS + 3 + 1,  # ticket, counter, events
    "serve": 1 + READS + 2 + 1,  # ticket, events
    "call next, finishing the one served": 1 + READS + 4 + 1,  # 2 tickets, counter, events
    "call next with nobody waiting": 1 + READS + 1,  # ROLLBACK
}


def _run_all(
    service: QueueService, measure: Callable[[Callable[[], object]], tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    got = {}
    for what, op, _rows in OPERATIONS:
        got[what] = measure(lambda op=op: op(service))  # type: ignore[misc]
    service.serve(1)
    service.done(1)  # A002 done: nobody waits

    def nothing() -> None:
        with pytest.raises(NothingToCall):
            service.call_next(1)

    got["call next with nobody waiting"] = measure(nothing)
    return got


def test_postgresql_an_operation_is_two_round_trips(
    pg_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    store = open_store(pg_url)
    try:
        service = QueueService(demo_hall, store, clock)

        def measure(op: Callable[[], object]) -> tuple[int, int]:
            with pg_wire(store.engine) as wire:
                op()
            return len(wire.statements()), wire.round_trips()

        got = _run_all(service, measure)
    finally:
        store.close()
    first = 1 + 2 + READS  # BEGIN, lock_timeout, the lock, the reads
    want = {what: (first + rows + 2, 2) for what, _op, rows in OPERATIONS}  # + NOTIFY, COMMIT
    want["call next with nobody waiting"] = (first + 1, 2)  # + ROLLBACK, its own round trip
    for what in ("first issue of the day", "issue"):  # the read before: one round trip
        statements, trips = want[what]
        want[what] = (statements + 1 + READS + 1, trips + 1)  # BEGIN ... READ ONLY, COMMIT
    assert got == want
    # by hand, call next: 8 + ticket, counter, event + NOTIFY, COMMIT = 13 statements
    assert got["call next"] == (13, 2)


def test_sqlite_an_operation_is_the_same_statements_as_before(
    sqlite_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    store = open_store(sqlite_url)
    try:
        service = QueueService(demo_hall, store, clock)

        def measure(op: Callable[[], object]) -> tuple[int, int]:
            with sqlite_statements(store.engine) as seen:
                op()
            return len(seen), 0

        got = _run_all(service, measure)
    finally:
        store.close()
    assert got == {what: (n, 0) for what, n in SQLITE.items()}
    assert got["call next"] == (10, 0)


def test_postgresql_the_follower_leaves_its_own_process_commits_alone(
    pg_url: str, tmp_path: Path, demo_hall: Hall, clock: ManualClock
) -> None:
    """The server's own commits are published into its feed by the commit; their
    NOTIFY wakes its follower, which reads nothing back (it held the feed's lock for a
    round trip per operation). Another process's commit is still read, once."""
    from kiosk.store.follow import LogFollower

    from .test_store import _wait_for

    store = open_store(pg_url)
    other: SqlStore | None = None
    follower = None
    try:
        service = QueueService(demo_hall, store, clock)
        service.open_counter(1)  # seq 1
        told: list[FeedEvent] = []
        service.feed.subscribe("window", told.extend)
        follower = LogFollower(store, service.feed)
        follower.start()
        _wait_for(lambda: follower is not None and follower.reads == 1, "the first look")
        service.issue("bill")  # seq 2, this process's
        service.issue("bill")  # seq 3
        _wait_for(lambda: follower is not None and follower.own == 2, "two own notifications")
        assert [e.seq for e in told] == [2, 3]  # told by the commits
        assert (follower.notified, follower.reads) == (0, 1)  # nothing read back
        other = open_store(pg_url)  # another process's store
        QueueService(demo_hall, other, clock).issue("plan")  # seq 4
        _wait_for(lambda: len(told) == 3, "the other process's ticket")
        assert [e.seq for e in told] == [2, 3, 4]
        assert (follower.notified, follower.reads, follower.own) == (1, 2, 2)
    finally:
        if follower is not None:
            follower.stop()
        if other is not None:
            other.close()
        store.close()


def test_postgresql_a_connection_found_dead_by_the_first_round_trip_is_replaced(
    pg_url: str, demo_hall: Hall, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection is pinged only when its socket is not quiet; one the server
    ended a moment ago may still look quiet. The operation's first round trip (BEGIN,
    the lock, the reads: nothing done yet) finds it dead and is sent again on a new
    connection, so the operation still succeeds, once."""
    import types

    import kiosk.store.engine as engine_module

    from .stores import admin_connection
    from .test_store import _wait_for

    store = open_store(pg_url)
    try:
        service = QueueService(demo_hall, store, clock)
        service.issue("bill")
        with admin_connection(pg_url) as admin:
            others = (
                "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (store.engine.url.database,),
            )
            admin.execute(f"SELECT pg_terminate_backend(pid) {others[0]}", others[1])

            def gone() -> bool:
                row = admin.execute(f"SELECT count(*) {others[0]}", others[1]).fetchone()
                return row is not None and row[0] == 0

            _wait_for(gone, "the server ended the store's connections")
        # every socket looks quiet: the check lets the dead connection through
        quiet = types.SimpleNamespace(select=lambda *_a: ([], [], []))
        monkeypatch.setattr(engine_module, "select", quiet)
        with pg_wire(store.engine) as wire:
            assert service.issue("bill").ticket.number == "A002"
        assert wire.statements().count("COMMIT") == 2  # the issue's read, its write
        assert [t.number for t in service.tickets()] == ["A001", "A002"]
    finally:
        store.close()


def test_a_server_that_cannot_be_reached_is_the_stores_error_not_a_crash(
    pg_url: str, demo_hall: Hall, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No connection can be opened (the server is down): the write's first round trip
    says "cannot be reached" (StoreUnreachable, a KioskError), it does not retry a
    connection it never had (an UnboundLocalError and a crash log before)."""
    import psycopg

    from kiosk.store.engine import StoreUnreachable

    store = open_store(pg_url)
    try:
        service = QueueService(demo_hall, store, clock)
        service.issue("bill")
        store.engine.dispose()  # no pooled connection left: the next must be opened

        def refused() -> Any:
            raise psycopg.OperationalError("connection refused")

        monkeypatch.setattr(store.engine.pool, "_creator", refused)
        # the pipelined write's first round trip
        with pytest.raises(StoreUnreachable, match="cannot be reached"), store.transaction():
            pass
    finally:
        monkeypatch.undo()
        store.close()


def test_the_postgresql_pipeline_handles_every_part_of_the_hall_state() -> None:
    """The pipelined transaction reads and writes the hall's state with SQL of its own
    (kiosk.store.sql: _pg_load, _pg_transaction, _writes), beside _load, transaction()
    and _save. A part added to HallState and handled only there would be silently lost
    on PostgreSQL: this fails until the pipeline handles it too."""
    import dataclasses

    from kiosk.core.state import HallState
    from kiosk.store.sql import PG_PIPELINE_HANDLES

    assert {f.name for f in dataclasses.fields(HallState)} == PG_PIPELINE_HANDLES
