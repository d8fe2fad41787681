"""The SQL store (kiosk.store.sql) against the in-memory reference store.

The same QueueService operations, on the same clock, run on both stores; after
every step the results, errors, tickets, hall status and event logs must be the
same. Then what only a database can get wrong: one transaction per operation,
nothing written by an operation that raised, the SQLite settings, the numbering
constraint, the schema revision and history across business days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from kiosk.core import operations as ops
from kiosk.core.clock import ManualClock
from kiosk.core.errors import InvalidTransition, KioskError, NotFound, NothingToCall
from kiosk.core.memory import MemoryStore
from kiosk.core.model import (
    CounterState,
    CounterStatus,
    Event,
    EventKind,
    FollowUp,
    Hall,
    Outcome,
    Placement,
    Priority,
    Resolution,
    TicketState,
)
from kiosk.core.service import QueueService
from kiosk.core.state import HallState
from kiosk.store import schema
from kiosk.store.engine import READ
from kiosk.store.models import Base, TicketRow
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .conftest import MORNING
from .wire import pg_wire, transaction_control

K = EventKind
NEXT_RESET = dt.datetime(2026, 11, 25, 4, 0)  # the demo hall resets at 04:00

# -- comparing the two stores ----------------------------------------------------------

TicketKey = tuple[int, str, int]  # (day, original business type, seq): unique per ticket


def norm(obj: Any) -> Any:
    """A value to compare across stores: dataclasses as dicts, without random uids."""
    if isinstance(obj, BaseException):
        return (type(obj).__name__, str(obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        uids = ("uid", "ticket") if isinstance(obj, FollowUp) else ("uid",)  # its ticket's uid
        return {
            f.name: norm(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name not in uids
        }
    if isinstance(obj, list | tuple):
        return [norm(x) for x in obj]
    if isinstance(obj, dict):
        return {k: norm(v) for k, v in obj.items()}
    return obj


def memory_keys(store: MemoryStore) -> dict[str, TicketKey]:
    return {u: (t.day_id, t.original_service, t.seq) for u, t in store.tickets.items()}


def sql_keys(store: SqlStore) -> dict[str, TicketKey]:
    with Session(store.engine) as session:
        rows = session.execute(
            select(TicketRow.uid, TicketRow.day_id, TicketRow.original_service, TicketRow.seq)
        )
        return {uid: (day, code, seq) for uid, day, code, seq in rows}


def norm_events(events: list[Event], keys: dict[str, TicketKey]) -> list[tuple[Any, ...]]:
    return [
        (
            e.kind,
            e.at,
            e.day_id,
            keys[e.ticket] if e.ticket else None,
            e.counter,
            dict(e.data),
        )
        for e in events
    ]


@dataclasses.dataclass
class Pair:
    """Two queue services on one clock: the reference (memory) and the SQL store."""

    hall: Hall
    clock: ManualClock
    mem: MemoryStore
    sql: SqlStore
    mq: QueueService
    sq: QueueService
    dates: set[dt.date] = dataclasses.field(default_factory=set)

    def run(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, list[EventKind]]:
        """One operation on both stores: the same result or the same error.

        Returns the SQL store's result (or the error it raised) and the kinds of the
        events the operation appended to the SQL store's log.
        """
        before, mem_before = len(self.sql.events()), len(self.mem.events)
        results = []
        for service in (self.mq, self.sq):
            try:
                if name == "rate_number":  # uids differ between the stores: rate by number
                    number, rating = args
                    uid = next(t.uid for t in service.tickets() if t.number == number)
                    results.append(service.rate(uid, rating))
                    continue
                results.append(getattr(service, name)(*args, **kwargs))
            except KioskError as exc:
                results.append(exc)
        mem_result, sql_result = results
        assert norm(sql_result) == norm(mem_result), name
        self.dates.add(self.clock.now().date())
        new_events = self.sql.events()[before:]
        mem_new = self.mem.events[mem_before:]
        assert norm_events(new_events, sql_keys(self.sql)) == norm_events(
            mem_new, memory_keys(self.mem)
        ), name
        self.check_same(full=False)
        return sql_result, [e.kind for e in new_events]

    def check_same(self, full: bool = True) -> None:
        """The same state in both stores: current day, tickets, counters, status; with
        full, also every business day's tickets and the whole event log."""
        if full:
            mem_events = norm_events(self.mem.events, memory_keys(self.mem))
            sql_events = norm_events(self.sql.events(), sql_keys(self.sql))
            assert sql_events == mem_events
            for date in sorted(self.dates):
                assert norm(self.sq.tickets(date)) == norm(self.mq.tickets(date))
        assert len(self.sql.events()) == len(self.mem.events)
        assert norm(self.sq.tickets()) == norm(self.mq.tickets())
        assert norm(self.sq.status()) == norm(self.mq.status())
        with self.mem.read() as m, self.sql.read() as s:
            assert (s.day, s.last_seq) == (m.day, m.last_seq)
            assert norm(list(s.tickets.values())) == norm(list(m.tickets.values()))
            assert counters(s) == counters(m)


def counters(state: HallState) -> dict[int, tuple[Any, ...]]:
    """Counter statuses, with the current ticket by number rather than by uid."""
    return {
        n: (
            c.state,
            state.tickets[c.current].number if c.current else None,
            c.normal_streak,
            c.changed_at,
        )
        for n, c in state.counters.items()
    }


@pytest.fixture
def pair(demo_hall: Hall, clock: ManualClock, sql_store: SqlStore) -> Pair:
    mem = MemoryStore()
    return Pair(
        demo_hall,
        clock,
        mem,
        sql_store,
        QueueService(demo_hall, mem, clock),
        QueueService(demo_hall, sql_store, clock),
    )


def dump(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: to prove that nothing was written."""
    with store.engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in [*Base.metadata.tables, "alembic_version"]
        }


# -- the same results as the reference store -------------------------------------------


def test_scripted_day_matches_the_memory_store_step_by_step(pair: Pair) -> None:
    """Every operation kind, errors included, then a manual reset and a rollover."""
    steps: list[tuple[str, tuple[Any, ...], dict[str, Any], list[EventKind] | type]] = [
        ("issue", ("bill",), {}, [K.ISSUED]),
        ("issue", ("bill",), {}, [K.ISSUED]),
        ("issue", ("plan",), {}, [K.ISSUED]),
        ("issue", ("complaint", Priority.PRIORITY), {}, [K.ISSUED]),
        ("issue", ("phone",), {}, [K.ISSUED]),
        ("call_next", (1,), {}, InvalidTransition),  # counter 1 is closed
        ("open_counter", (1,), {}, [K.COUNTER_OPENED]),
        ("call_next", (1,), {}, [K.CALLED]),  # A001
        ("call_next", (1,), {}, InvalidTransition),  # A001 is still called
        ("recall", (1,), {}, [K.RECALLED]),
        ("serve", (1,), {}, [K.SERVING]),
        ("call_next", (1,), {}, [K.DONE, K.CALLED]),  # A001 served, A002 called
        ("no_show", (1,), {}, [K.NO_SHOW]),
        ("open_counter", (3,), {}, [K.COUNTER_OPENED]),
        ("call_next", (3,), {}, [K.CALLED]),  # E001, green channel first
        ("serve", (3,), {}, [K.SERVING]),
        ("transfer", (3,), {"to_service": "plan", "placement": Placement.FRONT}, [K.TRANSFERRED]),
        ("open_counter", (2,), {}, [K.COUNTER_OPENED]),
        ("call_next", (2,), {}, [K.CALLED]),  # E001 again, now for plan
        ("park", (2,), {}, [K.PARKED]),
        ("call_next", (2,), {}, [K.CALLED]),  # B001
        ("transfer", (2,), {"to_counter": 3, "placement": Placement.BACK}, [K.TRANSFERRED]),
        ("resume", (2,), {}, [K.RESUMED]),  # E001
        ("done", (2,), {}, [K.DONE]),
        ("rate_number", ("E001", 3), {}, [K.RATED]),
        ("rate_number", ("E001", 2), {}, InvalidTransition),  # once
        ("cancel", ("C001",), {}, [K.CANCELLED]),
        ("cancel", ("C001",), {}, NotFound),
        ("call_next", (3,), {}, [K.CALLED]),  # B001, transferred to counter 3
        ("recall", (3,), {}, [K.RECALLED]),
        ("recall", (3,), {}, [K.RECALLED]),
        ("recall", (3,), {}, [K.RECALLED]),
        ("recall", (3,), {}, [K.NO_SHOW]),  # past the recall limit of 3
        ("call_next", (1,), {}, NothingToCall),
        ("issue", ("broadband",), {}, [K.ISSUED]),
        ("issue", ("bill",), {}, [K.ISSUED]),
        ("issue", ("vip",), {}, [K.ISSUED]),
        ("call_ticket", (1, "a003"), {}, [K.CALLED]),
        ("pause_counter", (1,), {}, [K.COUNTER_PAUSED]),
        ("open_counter", (1,), {}, [K.COUNTER_OPENED]),
        ("pause_counter", (1,), {}, [K.COUNTER_PAUSED]),
        ("close_counter", (2,), {}, [K.COUNTER_CLOSED]),
        # D001, V001 and the called A003 expire; counters 1 and 3 close; day 2 starts.
        ("reset_day", (), {}, [K.COUNTER_CLOSED, K.COUNTER_CLOSED, K.DAY_RESET]),
        ("issue", ("bill",), {}, [K.ISSUED]),  # A001 again, in day 2
        ("open_counter", (1,), {}, [K.COUNTER_OPENED]),
        ("call_next", (1,), {}, [K.CALLED]),
    ]
    for name, args, kwargs, expected in steps:
        pair.clock.advance(seconds=37)
        result, kinds = pair.run(name, *args, **kwargs)
        if isinstance(expected, list):
            assert not isinstance(result, BaseException), (name, result)
            assert kinds == expected, name
        else:
            assert isinstance(result, expected), (name, result)
            assert kinds == [], name

    day1 = pair.sq.tickets(MORNING.date())
    assert [(t.day_id, t.number, t.state, t.outcome) for t in day1] == [
        (1, "A001", TicketState.DONE, Outcome.SERVED),
        (1, "A002", TicketState.NO_SHOW, Outcome.NO_SHOW),
        (1, "B001", TicketState.NO_SHOW, Outcome.NO_SHOW),
        (1, "E001", TicketState.DONE, Outcome.SERVED),
        (1, "C001", TicketState.CANCELLED, Outcome.CANCELLED),
        (1, "D001", TicketState.CANCELLED, Outcome.EXPIRED),
        (1, "A003", TicketState.CANCELLED, Outcome.EXPIRED),
        (1, "V001", TicketState.CANCELLED, Outcome.EXPIRED),
        (2, "A001", TicketState.CALLED, None),
    ]
    reset = [e for e in pair.sql.events() if e.kind is K.DAY_RESET]
    assert [e.data for e in reset] == [{"reason": "manual", "expired": ["D001", "A003", "V001"]}]

    # The reset hour: an operation that fails after begin() rolled the day writes nothing.
    pair.clock.set(NEXT_RESET)
    before = dump(pair.sql)
    for name, args, error in (
        ("call_next", (1,), InvalidTransition),  # the rollover closed counter 1 first
        ("cancel", ("Z999",), NotFound),
        ("done", (1,), InvalidTransition),
    ):
        result, kinds = pair.run(name, *args)
        assert isinstance(result, error)
        assert kinds == []
    assert dump(pair.sql) == before

    # The next operation that succeeds rolls the day over, in its own transaction.
    result, kinds = pair.run("issue", "plan")
    assert kinds == [K.COUNTER_CLOSED, K.DAY_RESET, K.ISSUED]
    assert (result.ticket.number, result.ticket.day_id) == ("B001", 3)
    rollover = [e for e in pair.sql.events() if e.kind is K.DAY_RESET][-1]
    assert rollover.data == {"reason": "scheduled", "expired": ["A001"]}

    # History stays: yesterday's business days are still there, ticket by ticket.
    assert len(pair.sq.tickets(MORNING.date())) == len(day1)
    assert pair.sq.tickets(MORNING.date())[-1].outcome is Outcome.EXPIRED
    assert [t.number for t in pair.sq.tickets(NEXT_RESET.date())] == ["B001"]
    assert [t.number for t in pair.sq.tickets(None)] == ["B001"]
    pair.check_same()


OPS: list[tuple[str, int]] = [  # (operation, weight)
    ("issue", 8),
    ("open_counter", 3),
    ("pause_counter", 1),
    ("close_counter", 1),
    ("call_next", 6),
    ("call_ticket", 1),
    ("recall", 2),
    ("serve", 4),
    ("done", 3),
    ("no_show", 1),
    ("transfer", 2),
    ("park", 1),
    ("resume", 2),
    ("cancel", 1),
    ("reset_day", 1),
    ("rollover", 1),
    ("resolve", 2),  # a complaint's done: resolved here or a follow-up (a case number)
]


FREE = {"issue", "cancel"}  # operations without a counter that usually succeed


def _fitting_counters(pair: Pair, name: str) -> list[int]:
    """The counters on which this operation would succeed, by the reference store."""
    with pair.mem.read() as state:
        found = []
        for c in pair.hall.counters:
            status = state.counters.get(c.number) or CounterStatus(c.number)
            current = state.tickets.get(status.current) if status.current else None
            now = current.state if current else None
            wanted = {
                "open_counter": status.state is not CounterState.OPEN,
                "pause_counter": status.state is CounterState.OPEN,
                "close_counter": status.state is not CounterState.CLOSED and not current,
                "call_next": status.state is CounterState.OPEN and now is not TicketState.CALLED,
                "call_ticket": status.state is CounterState.OPEN and now is not TicketState.CALLED,
                "resume": status.state is CounterState.OPEN
                and not current
                and any(
                    t.state is TicketState.PARKED and t.counter == c.number
                    for t in state.tickets.values()
                ),
                "recall": now is TicketState.CALLED,
                "serve": now is TicketState.CALLED,
                "no_show": now is TicketState.CALLED,
                "done": now is TicketState.SERVING,
                "resolve": now is TicketState.SERVING,
            }.get(name, current is not None)  # transfer, park
            if wanted:
                found.append(c.number)
        return found


def _random_args(
    rng: random.Random, pair: Pair, name: str
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    counters = [c.number for c in pair.hall.counters]
    fitting = _fitting_counters(pair, name)
    if fitting and rng.random() < 0.8:  # mostly a counter the operation can work on
        counters = fitting
    codes = [s.code for s in pair.hall.services]
    numbers = [t.number for t in pair.mq.tickets() if t.state.active] + ["Z999"]
    match name:
        case "issue":
            return (rng.choice(codes), rng.choice(list(Priority))), {}
        case "call_ticket":
            return (rng.choice(counters), rng.choice(numbers)), {}
        case "cancel":
            return (rng.choice(numbers),), {}
        case "resume":
            return (rng.choice(counters), rng.choice([None, *numbers])), {}
        case "resolve":
            return (rng.choice(counters), rng.choice([None, *Resolution])), {}
        case "transfer":
            placement = rng.choice(list(Placement))
            if rng.random() < 0.5:
                return (rng.choice(counters),), {
                    "to_service": rng.choice(codes),
                    "placement": placement,
                }
            return (rng.choice(counters),), {
                "to_counter": rng.choice(counters),
                "placement": placement,
            }
        case "reset_day":
            return (), {}
        case _:
            return (rng.choice(counters),), {}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_operations_match_the_memory_store(pair: Pair, seed: int) -> None:
    """Random sequences (fixed seeds): whatever the memory store does, the SQL one does."""
    rng = random.Random(seed)
    names = [name for name, weight in OPS for _ in range(weight)]
    succeeded: set[str] = set()
    for step in range(200):
        name = rng.choice(names)
        if rng.random() < 0.75:  # mostly an operation that can succeed now
            name = rng.choice([n for n in names if n in FREE or _fitting_counters(pair, n)])
        if name == "rollover":  # to the next reset hour; the next operation rolls the day
            now = pair.clock.now()
            pair.clock.set(ops.next_reset(now, pair.hall.rules.day_reset))
            continue
        pair.clock.advance(seconds=rng.randint(1, 120))
        args, kwargs = _random_args(rng, pair, name)
        result, kinds = pair.run(name, *args, **kwargs)
        if isinstance(result, BaseException):
            assert kinds == []
        else:
            assert kinds, f"{name} succeeded without an event"
            succeeded.add(name)
        if step % 50 == 49:
            pair.check_same()
    assert succeeded >= {"issue", "call_next", "serve", "done", "transfer", "park", "resolve"}


# -- what only the database can get wrong ----------------------------------------------


# How each database starts a write and a read transaction (kiosk.store.engine).
BEGINS = {
    "BEGIN IMMEDIATE": "BEGIN IMMEDIATE",  # SQLite: the write lock before any read
    "BEGIN": "BEGIN",  # SQLite: a deferred read
}


@pytest.fixture
def statements(sql_store: SqlStore) -> Iterator[list[str]]:
    """Transaction control as the SQL store sends it: BEGIN... (SQLite's, or what
    PostgreSQL's write lock and read snapshot amount to, seen on the wire:
    tests/wire.py), COMMIT, ROLLBACK."""
    seen: list[str] = []
    if sql_store.engine.dialect.name == "postgresql":
        with pg_wire(sql_store.engine, lambda w: seen.extend(transaction_control(w.statements()))):
            yield seen
        return

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement in BEGINS:
            seen.append(BEGINS[statement])

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    def on_rollback(_conn: Any) -> None:
        seen.append("ROLLBACK")

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("before_cursor_execute", on_execute),
        ("commit", on_commit),
        ("rollback", on_rollback),
    ]
    for name, fn in listeners:
        event.listen(sql_store.engine, name, fn)
    yield seen
    for name, fn in listeners:
        event.remove(sql_store.engine, name, fn)


def test_each_operation_is_one_write_transaction(
    sql_service: QueueService, statements: list[str]
) -> None:
    write = ["BEGIN IMMEDIATE", "COMMIT"]
    for code in ("bill", "plan"):
        # the wait is estimated on a read made before the write (issue 14), then one write
        statements.clear()
        sql_service.issue(code)
        assert statements == ["BEGIN", "COMMIT", *write]
    for op in (
        lambda: sql_service.open_counter(1),
        lambda: sql_service.call_next(1),
        lambda: sql_service.serve(1),
        lambda: sql_service.park(1),
        lambda: sql_service.resume(1),
        lambda: sql_service.call_next(1),  # DONE and CALLED, in one transaction
        sql_service.reset_day,
    ):
        statements.clear()
        op()
        assert statements == write
    sql_service.open_counter(1)
    statements.clear()
    with pytest.raises(NothingToCall):
        sql_service.call_next(1)
    assert statements == ["BEGIN IMMEDIATE", "ROLLBACK"]
    statements.clear()
    sql_service.status()
    sql_service.tickets()
    assert statements  # reading takes no write lock: a plain (deferred) BEGIN
    assert {s for s in statements if s.startswith("BEGIN")} == {"BEGIN"}


def test_a_failing_operation_writes_nothing(sql_service: QueueService, sql_store: SqlStore) -> None:
    sql_service.issue("bill")
    sql_service.open_counter(1)
    sql_service.call_next(1)
    before = dump(sql_store)
    for op, error in (
        (lambda: sql_service.call_next(2), InvalidTransition),  # closed
        (lambda: sql_service.done(1), InvalidTransition),  # called, not serving
        (lambda: sql_service.cancel("B123"), NotFound),
        (lambda: sql_service.open_counter(1), InvalidTransition),
    ):
        with pytest.raises(error):
            op()
        assert dump(sql_store) == before


def test_a_failure_while_saving_rolls_back_the_whole_operation(
    demo_hall: Hall, clock: ManualClock, sql_service: QueueService, sql_store: SqlStore
) -> None:
    """Even if numbering were ever wrong, uq_ticket_number refuses the duplicate and
    the transaction leaves no trace: no ticket, no event, no counter change."""
    sql_service.issue("bill")
    sql_service.cancel("A001")  # A001 is no longer in use: only the constraint stops it
    before = dump(sql_store)
    with pytest.raises(IntegrityError, match=r"(?i)unique"), sql_store.transaction() as state:
        ops.begin(demo_hall, state, clock.now())
        ops.open_counter(demo_hall, state, clock.now(), 2)
        state.last_seq = {}  # a stale sequence: A001 would be issued twice
        ops.issue(demo_hall, state, clock.now(), "bill", Priority.NORMAL)
    assert dump(sql_store) == before


def test_unique_constraint_rejects_a_duplicate_number(
    sql_service: QueueService, sql_store: SqlStore
) -> None:
    first = sql_service.issue("bill").ticket
    constraints = inspect(sql_store.engine).get_unique_constraints("tickets")
    assert {"name": "uq_ticket_number", "column_names": ["day_id", "original_service", "seq"]} in [
        {"name": c["name"], "column_names": c["column_names"]} for c in constraints
    ]
    row = TicketRow(
        uid="f" * 32,
        day_id=first.day_id,
        service="bill",
        original_service="bill",
        seq=first.seq,
        number=first.number,
        priority=0,
        state="waiting",
        position=first.position,
        call_count=0,
        issued_at=first.issued_at,
        printed=True,
    )
    with Session(sql_store.engine) as session:
        session.add(row)
        with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed|uq_ticket_number"):
            session.commit()
    assert [t.number for t in sql_service.tickets()] == ["A001"]


def test_numbers_never_repeat_within_a_business_day(
    sql_service: QueueService, clock: ManualClock
) -> None:
    codes = ["bill", "plan", "phone", "broadband", "complaint", "vip"]
    issued = [sql_service.issue(codes[i % len(codes)]).ticket for i in range(60)]
    sql_service.open_counter(1)
    for _ in range(5):  # finished tickets do not give their number back within the day
        sql_service.call_next(1)
        sql_service.serve(1)
        sql_service.done(1)
    issued += [sql_service.issue("bill").ticket for _ in range(5)]
    numbers = [t.number for t in sql_service.tickets()]
    assert len(numbers) == len(set(numbers)) == 65
    for code in codes:
        seqs = [t.seq for t in issued if t.original_service == code]
        assert seqs == list(range(1, len(seqs) + 1))
    clock.advance(minutes=24 * 60)  # the next business day starts again at 001
    assert sql_service.issue("bill").ticket.number == "A001"


def test_sqlite_settings_on_every_connection(sqlite_url: str) -> None:
    sql_store = open_store(sqlite_url)
    with sql_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    sql_store.close()


def test_wal_mode_is_kept_in_the_file(tmp_path: Path) -> None:
    import sqlite3

    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    store.close()
    raw = sqlite3.connect(tmp_path / "k.db")
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


def test_foreign_keys_are_enforced(sql_store: SqlStore) -> None:
    with Session(sql_store.engine) as session:
        session.add(
            TicketRow(
                uid="e" * 32,
                day_id=42,  # no such business day
                service="bill",
                original_service="bill",
                seq=1,
                number="A001",
                priority=0,
                state="waiting",
                position=0,
                call_count=0,
                issued_at=MORNING,
                printed=True,
            )
        )
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            session.commit()


def test_a_fresh_store_is_at_the_head_revision(sql_store: SqlStore) -> None:
    assert schema.alembic_head() == schema.HEAD
    assert schema.current_revision(sql_store.engine) == schema.HEAD
    # The migrations build exactly the schema the models describe.
    with sql_store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_opening_a_current_store_again_changes_nothing(
    store_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    url = store_url
    first = open_store(url)
    QueueService(demo_hall, first, clock).issue("bill")
    before = dump(first)
    first.close()
    second = open_store(url)
    try:
        assert dump(second) == before
        assert schema.upgrade(second.engine, "again") == (schema.HEAD, schema.HEAD)
    finally:
        second.close()


def test_reading_writes_nothing_even_past_the_reset_hour(
    sql_service: QueueService, sql_store: SqlStore, clock: ManualClock
) -> None:
    sql_service.issue("bill")
    clock.set(NEXT_RESET)
    before = dump(sql_store)
    status = sql_service.status()
    assert status.day.date == NEXT_RESET.date()  # shown as the new day ...
    assert dump(sql_store) == before  # ... which only the next operation writes
    assert sql_service.tickets() == []  # the current (new) day has no tickets yet
    assert sql_service.tickets(MORNING.date())[0].state is TicketState.WAITING  # not written


def test_history_is_kept_across_resets_and_rollovers(
    sql_service: QueueService, sql_store: SqlStore, clock: ManualClock
) -> None:
    sql_service.issue("bill")
    sql_service.issue("plan")
    sql_service.open_counter(1)
    sql_service.call_next(1)
    sql_service.reset_day()
    sql_service.issue("bill")
    clock.set(NEXT_RESET + dt.timedelta(hours=5))
    sql_service.issue("bill")
    today = sql_service.tickets(MORNING.date())
    assert [(t.day_id, t.number, t.outcome) for t in today] == [
        (1, "A001", Outcome.EXPIRED),
        (1, "B001", Outcome.EXPIRED),
        (2, "A001", Outcome.EXPIRED),
    ]
    assert [(t.day_id, t.number) for t in sql_service.tickets(NEXT_RESET.date())] == [(3, "A001")]
    assert sql_service.tickets(dt.date(2020, 1, 1)) == []
    kinds = [e.kind for e in sql_store.events()]
    assert kinds.count(K.DAY_RESET) == 2
    assert [e.data["reason"] for e in sql_store.events() if e.kind is K.DAY_RESET] == [
        "manual",
        "scheduled",
    ]
    assert [e.kind for e in sql_store.events(day_id=3)] == [K.ISSUED]
    counters = sql_service.status().counters
    assert all(c.state is CounterState.CLOSED for c in counters)


def test_writer_lock_makes_writers_take_turns_and_times_out(tmp_path: Path) -> None:
    from kiosk.core.errors import StoreLocked
    from kiosk.store.engine import WriterLock

    path = tmp_path / "kiosk.db.lock"
    first, second = WriterLock(path, 5.0), WriterLock(path, 0.05)
    try:
        with (
            first.hold("A"),
            pytest.raises(StoreLocked, match="locked by another process"),
            second.hold("B"),
        ):
            pass  # pragma: no cover - never reached
        # The abandoned wait gets the lock late and gives it back: B can write now.
        with second.hold("B"):
            pass
        with first.hold("A"):
            pass
    finally:
        first.close()
        second.close()


def test_an_operation_waits_its_turn_behind_another_process_writer(
    store_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    from kiosk.core.errors import StoreLocked

    url = store_url
    holder, waiter = open_store(url), open_store(url, busy_timeout_ms=100)
    try:
        with holder.transaction(), pytest.raises(StoreLocked):
            QueueService(demo_hall, waiter, clock).issue("bill")
        assert QueueService(demo_hall, waiter, clock).issue("bill").ticket.number == "A001"
    finally:
        holder.close()
        waiter.close()


def test_print_failure_alerts_are_stored_for_every_process(
    sql_service: QueueService, sql_store: SqlStore
) -> None:
    issued = sql_service.issue("bill").ticket
    sql_service.report_print_failure(issued.uid, issued.number, "cover open")
    assert [t.printed for t in sql_store.tickets_of(None)] == [False]
    (alert,) = sql_service.status().alerts
    assert (alert.number, alert.reason) == ("A001", "cover open")


# -- both databases: the log's sequence numbers; PostgreSQL's own failures -------------


def test_event_ids_stay_gapless_after_a_rolled_back_write(
    sql_service: QueueService, sql_store: SqlStore
) -> None:
    """The log's numbers are max + 1 under the write lock, not a database sequence: a
    write rolled back after its events were inserted leaves no gap (a PostgreSQL
    sequence would)."""
    sql_service.issue("bill")
    if sql_store.engine.dialect.name == "postgresql":
        # The COMMIT is the last statement of the operation's second pipeline
        # (kiosk.store.pipeline): a deferred trigger makes the server refuse it.
        _fail_commit_of_plan_tickets(sql_store)
        with pytest.raises(DBAPIError, match="the commit failed"):
            sql_service.issue("plan")
    else:
        failures = iter([RuntimeError("the commit failed")])

        def fail_once(_conn: Any) -> None:
            if (error := next(failures, None)) is not None:
                raise error

        event.listen(sql_store.engine, "commit", fail_once)
        try:
            with pytest.raises(RuntimeError, match="the commit failed"):
                sql_service.issue("plan")
        finally:
            event.remove(sql_store.engine, "commit", fail_once)
    sql_service.issue("phone")
    sql_service.open_counter(1)
    sql_service.call_next(1)
    seqs = [e.seq for e in sql_store.events_after(0)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) == 4  # issued A001, issued C001, counter_opened, called
    assert [t.number for t in sql_service.tickets()] == ["A001", "C001"]


def _fail_commit_of_plan_tickets(store: SqlStore) -> None:
    """PostgreSQL: a constraint trigger, checked at COMMIT, that refuses a `plan` ticket."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.original_service = 'plan' THEN RAISE EXCEPTION 'the commit failed'; "
            "END IF; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(
            "CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON tickets "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit()"
        )


def _with(url: str, **parts: Any) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(**parts).render_as_string(hide_password=False)


def test_postgresql_connection_failures_name_store_url_without_the_password(
    pg_url: str,
) -> None:
    from sqlalchemy.engine import make_url

    from kiosk.core.errors import ConfigError

    password = make_url(pg_url).password
    assert password
    cases = {
        "wrong or missing password": _with(pg_url, password="not-the-password"),
        "no database 'no_such_hall'": _with(pg_url, database="no_such_hall"),
        "cannot reach the database server at 127.0.0.1:1": _with(pg_url, port=1),
    }
    for expected, url in cases.items():
        with pytest.raises(ConfigError) as caught:
            open_store(url)
        message = str(caught.value)
        assert message.startswith("store.url postgresql+psycopg://kiosk:***@127.0.0.1:")
        assert expected in message
        assert password not in message
        assert "not-the-password" not in message


def test_postgresql_store_urls_are_checked_when_the_configuration_is_read() -> None:
    from kiosk.store.engine import check_url

    check_url("postgresql+psycopg://kiosk:pw@db-host:5432/hall")
    for url, expected in (
        ("postgresql://kiosk@db-host/hall", r"write postgresql\+psycopg://"),
        ("postgresql+psycopg://kiosk@db-host", "name the database"),
        ("mysql+pymysql://kiosk@db-host/hall", r"not supported|not installed"),
    ):
        with pytest.raises(ValueError, match=expected):
            check_url(url)


def test_postgresql_a_server_that_dropped_every_connection_costs_nothing(
    pg_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    """A restarted server (or a network blip) closes the pooled connections; the next
    operation checks its connection first and opens a new one."""
    from tests.stores import admin_connection

    store = open_store(pg_url)
    try:
        service = QueueService(demo_hall, store, clock)
        service.issue("bill")
        database = store.engine.url.database
        with admin_connection(pg_url) as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()
        assert ended is not None and ended[0] >= 1
        assert service.issue("bill").ticket.number == "A002"
    finally:
        store.close()


def test_postgresql_writes_are_serialized_by_an_advisory_lock_reads_see_one_snapshot(
    pg_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    """A write holds the database's write lock until it commits (another write waits
    for it, and past the busy timeout fails as StoreLocked); a read does not wait."""
    from kiosk.core.errors import StoreLocked

    holder, waiter = open_store(pg_url), open_store(pg_url, busy_timeout_ms=100)
    try:
        QueueService(demo_hall, holder, clock).issue("bill")
        with holder.transaction():
            with waiter.engine.connect() as conn:
                conn.execution_options(**READ)  # a read: it takes no write lock
                held = conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                ).scalar()
                conn.rollback()
            assert held == 1
            with pytest.raises(StoreLocked, match="locked by another process"):
                QueueService(demo_hall, waiter, clock).issue("bill")
            assert [t.number for t in QueueService(demo_hall, waiter, clock).tickets()] == ["A001"]
        assert QueueService(demo_hall, waiter, clock).issue("bill").ticket.number == "A002"
    finally:
        holder.close()
        waiter.close()


def test_db_commands_on_postgresql(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kiosk db upgrade` and `check` work on PostgreSQL; `backup` says it is SQLite's
    and names pg_dump; a wrong password is exit 3 naming store.url, password hidden."""
    from sqlalchemy.engine import make_url

    from tests.cli_run import run
    from tests.stores import hall_config

    config = str(hall_config(tmp_path / "conf", pg_url))
    code, out, err = run(capsys, "--config", config, "db", "upgrade")
    assert (code, err) == (0, ""), err
    assert "schema upgraded from empty to" in out
    assert make_url(pg_url).password not in out
    code, out, err = run(capsys, "--config", config, "queue", "issue", "bill", "--json")
    assert (code, err) == (0, ""), err
    code, out, err = run(capsys, "--config", config, "db", "check")
    assert (code, err) == (0, ""), out + err
    assert "ok   PostgreSQL" in out
    assert "ok   1 tickets" in out
    assert "ok   a write (rolled back)" in out
    assert "store is healthy" in out
    code, out, err = run(capsys, "--config", config, "db", "backup", str(tmp_path / "b.db"))
    assert code == 3
    assert "pg_dump" in err
    assert make_url(pg_url).password not in err

    wrong = str(hall_config(tmp_path / "wrong", _with(pg_url, password="nope")))
    code, out, err = run(capsys, "--config", wrong, "queue", "status")
    assert code == 3
    assert "store.url postgresql+psycopg://kiosk:***@" in err
    assert "wrong or missing password" in err
    assert len(err.strip().splitlines()) == 1


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Wait on a condition the follower's thread makes true (no sleep: an event polled
    with a bound)."""
    import threading

    tick = threading.Event()
    deadline = 0
    while not condition():
        assert deadline < timeout * 100, f"waited {timeout} s: {what}"
        tick.wait(0.01)
        deadline += 1


def test_postgresql_another_process_commit_reaches_the_follower_by_notify(
    pg_url: str, tmp_path: Path, demo_hall: Hall, clock: ManualClock
) -> None:
    """A `kiosk queue` process on the PostgreSQL store commits; its NOTIFY wakes this
    process's follower (LISTEN on a connection of its own, in its thread), which reads
    the log after N into the feed: every event once, in order, with no polling."""
    import os
    import subprocess
    import sys

    from kiosk.core.feed import FeedEvent
    from kiosk.store.follow import LogFollower
    from tests.stores import hall_config

    store = open_store(pg_url)
    follower = None
    try:
        service = QueueService(demo_hall, store, clock)
        service.open_counter(1)  # seq 1, published in this process
        told: list[FeedEvent] = []
        service.feed.subscribe("window", told.extend)
        follower = LogFollower(store, service.feed)
        follower.start()
        config = hall_config(tmp_path / "conf", pg_url)
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
        for code in ("bill", "plan"):
            done = subprocess.run(
                [sys.executable, "-m", "kiosk", "--config", str(config), "queue", "issue",
                 code, "--no-print"],
                env=env, capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        _wait_for(lambda: len(told) == 2, "the two tickets told to the feed")
        assert [e.seq for e in told] == [2, 3]
        assert [e.event.kind for e in told] == [EventKind.ISSUED, EventKind.ISSUED]
        assert follower.notified >= 1  # woken by a notification
    finally:
        if follower is not None:
            follower.stop()
        store.close()


def test_postgresql_follower_listens_again_after_its_connection_broke(
    pg_url: str, demo_hall: Hall, clock: ManualClock
) -> None:
    """The server ends the follower's connection (a restart, a network failure): it
    opens another, LISTENs again and reads what was committed meanwhile."""
    from kiosk.core.feed import FeedEvent
    from kiosk.store.follow import LogFollower
    from tests.stores import admin_connection

    store, other = open_store(pg_url), open_store(pg_url)
    follower = None
    try:
        service = QueueService(demo_hall, store, clock)
        told: list[FeedEvent] = []
        service.feed.subscribe("window", told.extend)
        follower = LogFollower(store, service.feed)
        follower.start()
        writer = QueueService(demo_hall, other, clock)
        writer.issue("bill")
        _wait_for(lambda: len(told) == 1, "the first ticket told")
        with admin_connection(pg_url) as admin:
            ended = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND query LIKE 'LISTEN%%'",
                (store.engine.url.database,),
            ).fetchall()
        assert ended == [(True,)]  # the follower's connection, and only it
        writer.issue("bill")
        writer.issue("bill")
        _wait_for(lambda: len(told) == 3, "the tickets committed after the break told")
        assert [e.seq for e in told] == [1, 2, 3]
    finally:
        if follower is not None:
            follower.stop()
        store.close()
        other.close()


def test_postgresql_failures_are_sorted_into_the_users_errors_and_bugs() -> None:
    """kiosk.store.engine.classify on psycopg's errors: the environment's become the
    user's error kinds (a lock wait past the timeout, no right to write, a connection
    gone); a constraint or a syntax error stays a bug."""
    import psycopg
    from psycopg import errors as pg

    from kiosk.core.errors import StoreLocked, StoreReadOnly
    from kiosk.store.engine import StoreUnreachable, classify

    where = "postgresql+psycopg://kiosk:***@db-host/hall"
    assert isinstance(classify(pg.LockNotAvailable("lock timeout"), where), StoreLocked)
    assert isinstance(classify(pg.DeadlockDetected("deadlock"), where), StoreLocked)
    assert isinstance(classify(pg.InsufficientPrivilege("denied"), where), StoreReadOnly)
    assert isinstance(classify(pg.ReadOnlySqlTransaction("read-only"), where), StoreReadOnly)
    assert isinstance(classify(pg.AdminShutdown("terminating"), where), StoreUnreachable)
    assert isinstance(classify(pg.TooManyConnections("too many"), where), StoreUnreachable)
    gone = classify(psycopg.OperationalError("server closed the connection"), where)
    assert isinstance(gone, StoreUnreachable)
    assert gone.exit_code == StoreLocked.exit_code
    assert str(gone).startswith(f"store {where}: the database server cannot be reached")
    assert classify(pg.UniqueViolation("duplicate key"), where) is None
    assert classify(pg.SyntaxError("syntax"), where) is None
