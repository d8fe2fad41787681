"""The SQL queue store: one transaction per operation, small mapping functions."""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Row, func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.feed import PAGE, FeedEvent
from kiosk.core.model import (
    ACTIVE_STATES,
    BusinessDay,
    Call,
    CounterState,
    CounterStatus,
    Event,
    EventKind,
    FollowUp,
    Outcome,
    Priority,
    Ticket,
    TicketState,
)
from kiosk.core.state import HallState
from kiosk.store.engine import (
    EVENTS_CHANNEL,
    PIPELINED,
    READ,
    WRITE,
    StoreUnreachable,
    WriterLock,
    classify,
    translated,
)
from kiosk.store.models import Base, CounterRow, DayRow, EventRow, FollowUpRow, TicketRow

if TYPE_CHECKING:  # psycopg is imported only for a PostgreSQL store
    from kiosk.store.pipeline import PgStatements

_ACTIVE = [str(s) for s in ACTIVE_STATES]


def _day(row: DayRow) -> BusinessDay:
    return BusinessDay(row.id, row.date, row.started_at, row.ends_at)


# Loading is the hot path of every operation: columns in a fixed order, rows unpacked
# as tuples and enums looked up in dicts (attribute access on rows and Enum() calls
# cost more than everything else together).
_TICKET_COLUMNS = (
    "uid", "day_id", "service", "seq", "number", "priority", "issued_at", "position",
    "state", "original_service", "counter", "target_counter", "call_count", "called_at",
    "last_called_at", "serving_at", "parked_at", "transferred_at", "finished_at",
    "outcome", "rating", "printed",
)  # fmt: skip
_PRIORITY = {int(p): p for p in Priority}
_STATE = {str(s): s for s in TicketState}
_OUTCOME: dict[str | None, Outcome | None] = {str(o): o for o in Outcome}
_OUTCOME[None] = None
_KIND = {str(k): k for k in EventKind}


def _ticket(row: tuple[Any, ...] | Row[Any]) -> Ticket:
    """A domain ticket from a row of _TICKET_COLUMNS."""
    # fmt: off
    (uid, day_id, service, seq, number, priority, issued_at, position, state,
     original_service, counter, target_counter, call_count, called_at, last_called_at,
     serving_at, parked_at, transferred_at, finished_at, outcome, rating, printed) = row
    return Ticket(
        uid, day_id, service, seq, number, _PRIORITY[priority], issued_at, position,
        _STATE[state], original_service, counter, target_counter, call_count, called_at,
        last_called_at, serving_at, parked_at, transferred_at, finished_at,
        _OUTCOME[outcome], rating, printed,
    )
    # fmt: on


_TICKET_FIELDS = (
    "service",
    "state",
    "position",
    "counter",
    "target_counter",
    "call_count",
    "called_at",
    "last_called_at",
    "serving_at",
    "parked_at",
    "transferred_at",
    "finished_at",
    "outcome",
    "rating",
    "printed",
)


def _ticket_values(ticket: Ticket) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(ticket, name) for name in _TICKET_FIELDS}
    values["state"] = str(ticket.state)
    values["outcome"] = str(ticket.outcome) if ticket.outcome else None
    return values


def _new_ticket_values(ticket: Ticket) -> dict[str, Any]:
    return {
        "uid": ticket.uid,
        "day_id": ticket.day_id,
        "original_service": ticket.original_service,
        "seq": ticket.seq,
        "number": ticket.number,
        "priority": int(ticket.priority),
        "issued_at": ticket.issued_at,
        **_ticket_values(ticket),
    }


_TICKETS = Base.metadata.tables[TicketRow.__tablename__]
_TICKET_SELECT = select(*(_TICKETS.c[name] for name in _TICKET_COLUMNS))
_COUNTERS = Base.metadata.tables[CounterRow.__tablename__]
_EVENTS = Base.metadata.tables[EventRow.__tablename__]
_DAYS = Base.metadata.tables[DayRow.__tablename__]
_CASES = Base.metadata.tables[FollowUpRow.__tablename__]
_CASE_FIELDS = (
    "case_number", "date", "seq", "number", "service", "counter", "staff", "opened_at",
    "promised_by", "closed_at", "closed_by", "note",
)  # fmt: skip


def _follow_up(row: FollowUpRow) -> FollowUp:
    return FollowUp(
        row.case_number, row.date, row.seq, row.ticket_uid, row.number, row.service,
        row.counter, row.staff, row.opened_at, row.promised_by, row.closed_at,
        row.closed_by, row.note,
    )  # fmt: skip


def _follow_up_values(f: FollowUp) -> dict[str, Any]:
    return {"ticket_uid": f.ticket, **{name: getattr(f, name) for name in _CASE_FIELDS}}


def _pg_statements(engine: Engine, busy_timeout_ms: int) -> PgStatements:
    """_load's reads and _save's writes, as kiosk.store.pipeline sends them."""
    from kiosk.store.pipeline import PgStatements

    c = _COUNTERS.c
    return PgStatements(
        engine,
        busy_timeout_ms,
        day=select(_DAYS.c.id, _DAYS.c.date, _DAYS.c.started_at, _DAYS.c.ends_at)
        .order_by(_DAYS.c.id.desc())
        .limit(1),
        active=_TICKET_SELECT.where(_TICKETS.c.state.in_(_ACTIVE)).order_by(_TICKETS.c.id),
        by_uid=_TICKET_SELECT,
        counters=select(c.number, c.state, c.current_uid, c.normal_streak, c.changed_at).order_by(
            c.number
        ),
        # the newest day's (the day row read in the same pipeline)
        last_seq=select(_TICKETS.c.original_service, func.max(_TICKETS.c.seq))
        .where(_TICKETS.c.day_id == select(func.max(_DAYS.c.id)).scalar_subquery())
        .group_by(_TICKETS.c.original_service),
        log_seq=select(func.max(_EVENTS.c.id)),
        tables=Base.metadata.tables,
        ticket_fields=_TICKET_FIELDS,
    )


# What the PostgreSQL transaction (_pg_load, _pg_transaction, _writes) handles of a
# HallState: every field it has. A field added to HallState (something more an operation
# reads or writes) must be handled there too, as in _load, transaction() and _save;
# tests/test_round_trips.py fails until it is listed here.
PG_PIPELINE_HANDLES = frozenset({
    "day", "tickets", "counters", "last_seq", "log_seq", "make_uid", "applied_key",
    "new_days", "new_tickets", "dirty_tickets", "dirty_counters", "events",
    "last_case", "follow_up", "staff_at", "new_follow_ups", "closed_follow_ups",
})  # fmt: skip


def _pipeline_supported() -> bool:
    from kiosk.store.pipeline import pipeline_supported

    return pipeline_supported()


def _pipelined(conn: Any, statements: Any) -> list[Any]:
    from kiosk.store.pipeline import pipelined

    return pipelined(conn, statements)


def _json(value: Any) -> Any:
    from kiosk.store.pipeline import json_param

    return json_param(value)


def _rollback(conn: Any) -> None:
    """End a pipelined transaction that failed (nothing to do when the connection
    broke: the server rolled it back)."""
    with suppress(Exception):
        conn.rollback()


def _autocommit_off(conn: Any) -> None:
    """The connection back as the pool lends it; one that cannot be (it broke) is
    closed, and the pool replaces it."""
    try:
        conn.autocommit = False
    except Exception:
        conn.close()


class SqlStore:
    """kiosk.core.ports.QueueStore on SQLAlchemy, SQLite or PostgreSQL.

    Writes take turns: on SQLite the writer lock file and BEGIN IMMEDIATE, on PostgreSQL
    an advisory lock at the start of the transaction (kiosk.store.engine)."""

    def __init__(
        self,
        engine: Engine,
        name: str = "",
        lock: WriterLock | None = None,
        busy_timeout_ms: int = 5000,
    ) -> None:
        self.engine = engine
        self.name = name or str(engine.url)
        self._lock = lock
        self._notify = engine.dialect.name == "postgresql"
        self._write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
        self._read = sessionmaker(engine.execution_options(**READ), expire_on_commit=False)
        self._listeners: list[Callable[[Sequence[FeedEvent]], None]] = []
        # PostgreSQL: each operation's transaction in two pipelined round trips
        # (kiosk.store.pipeline); the lock is taken by its first one, not at BEGIN.
        self._pg: PgStatements | None = None
        if self._notify and _pipeline_supported():  # libpq 14 or newer (psycopg's wheel has it)
            self._pg = _pg_statements(engine, busy_timeout_ms)
            self._pipelined = sessionmaker(
                engine.execution_options(**PIPELINED), expire_on_commit=False
            )
        # The last sequence numbers of the log this process's commits appended (the
        # log follower leaves their notifications alone: the commit publishes them).
        self._mine: deque[int] = deque(maxlen=256)
        self._mine_lock = threading.Lock()

    # -- loading and saving the hall state --------------------------------------------

    # Every operation loads the active tickets: plain Core rows, not ORM objects, keep
    # that cheap (an ORM object per ticket cost ~20 µs, 90 % of an operation).

    def _load(self, session: Session, also: Collection[str] = ()) -> HallState:
        day_row = session.scalars(select(DayRow).order_by(DayRow.id.desc()).limit(1)).first()
        day = _day(day_row) if day_row else None
        # Tickets in issue order (as the reference store holds them), counters by
        # number: what an operation does with "every active ticket" (the day's expired
        # list, say) must not depend on which index the database happened to use.
        active = _TICKET_SELECT.where(_TICKETS.c.state.in_(_ACTIVE)).order_by(_TICKETS.c.id)
        tickets = {row[0]: _ticket(row) for row in session.execute(active)}
        missing = [uid for uid in also if uid not in tickets]
        if missing:  # finished tickets an operation needs (rating one)
            extra = _TICKET_SELECT.where(_TICKETS.c.uid.in_(missing))
            tickets.update({row[0]: _ticket(row) for row in session.execute(extra)})
        counters = {
            r.number: CounterStatus(
                r.number, CounterState(r.state), r.current_uid, r.normal_streak, r.changed_at
            )
            for r in session.execute(select(_COUNTERS).order_by(_COUNTERS.c.number))
        }
        last_seq: dict[str, int] = {}
        if day is not None:
            rows = session.execute(
                select(TicketRow.original_service, func.max(TicketRow.seq))
                .where(TicketRow.day_id == day.id)
                .group_by(TicketRow.original_service)
            )
            last_seq = {code: int(seq) for code, seq in rows}
        log_seq = int(session.execute(select(func.max(_EVENTS.c.id))).scalar() or 0)
        return HallState(
            day=day, tickets=tickets, counters=counters, last_seq=last_seq, log_seq=log_seq
        )

    @staticmethod
    def _save(
        session: Session, state: HallState, known_counters: set[int], notify: bool = False
    ) -> list[FeedEvent]:
        """Write what the operation changed, parents before children; the events
        written, with their sequence numbers (and, with ``notify``, a PostgreSQL NOTIFY
        of the last one to the processes following the log)."""
        if state.new_days:
            session.execute(
                insert(_DAYS),
                [
                    {"id": d.id, "date": d.date, "started_at": d.started_at, "ends_at": d.ends_at}
                    for d in state.new_days
                ],
            )
        if state.new_tickets:
            session.execute(
                insert(_TICKETS),
                [_new_ticket_values(state.tickets[uid]) for uid in state.new_tickets],
            )
        for uid in sorted(state.dirty_tickets):
            session.execute(
                update(_TICKETS)
                .where(_TICKETS.c.uid == uid)
                .values(**_ticket_values(state.tickets[uid]))
            )
        for number in sorted(state.dirty_counters):
            status = state.counters[number]
            values = {
                "state": str(status.state),
                "current_uid": status.current,
                "normal_streak": status.normal_streak,
                "changed_at": status.changed_at,
            }
            if number in known_counters:
                session.execute(
                    update(_COUNTERS).where(_COUNTERS.c.number == number).values(**values)
                )
            else:
                session.execute(insert(_COUNTERS).values(number=number, **values))
        if state.new_follow_ups:
            session.execute(insert(_CASES), [_follow_up_values(f) for f in state.new_follow_ups])
        for f in state.closed_follow_ups:
            session.execute(
                update(_CASES)
                .where(_CASES.c.case_number == f.case_number)
                .values(closed_at=f.closed_at, closed_by=f.closed_by, note=f.note)
            )
        if state.events:
            # The log's sequence numbers are given here, not by the database: under the
            # write lock nobody else appends, so max + 1 (state.log_seq, read under the
            # lock) is the next number, in commit order and without a gap. A PostgreSQL
            # sequence would leave a gap for every rolled-back write.
            first = state.log_seq + 1
            session.execute(
                insert(_EVENTS),
                [
                    {
                        "id": first + i,
                        "at": e.at,
                        "day_id": e.day_id,
                        "kind": str(e.kind),
                        "ticket_uid": e.ticket,
                        "counter": e.counter,
                        "data": dict(e.data),
                    }
                    for i, e in enumerate(state.events)
                ],
            )
            last = first + len(state.events) - 1
            if notify:  # delivered at the commit, to every process that listens
                session.execute(select(func.pg_notify(EVENTS_CHANNEL, str(last))))
            return [FeedEvent(first + i, e) for i, e in enumerate(state.events)]
        return []

    @contextmanager
    def transaction(self, also: Collection[str] = ()) -> Iterator[HallState]:
        if self._pg is not None:
            with self._pg_transaction(self._pg, also) as state:
                yield state
            return
        with self._writer_turn(), translated(self.name), self._write.begin() as session:
            state = self._load(session, also)
            state.applied_key = partial(self._applied_key, session, state.day)
            state.last_case = partial(self._last_case, session)
            state.follow_up = partial(self._find_follow_up, session)
            known_counters = set(state.counters)
            yield state
            committed = self._save(session, state, known_counters, self._notify)
        self._published(committed)

    def _published(self, committed: list[FeedEvent]) -> None:
        if committed:  # after the commit: a listener may read the log at once
            for listener in list(self._listeners):
                listener(committed)

    # -- PostgreSQL: the transaction in two round trips (kiosk.store.pipeline) ----------

    @contextmanager
    def _pg_transaction(self, pg: PgStatements, also: Collection[str]) -> Iterator[HallState]:
        committed: list[FeedEvent] = []
        last = 0
        with translated(self.name):
            session, conn, state = self._pg_begin(pg, also)
            try:
                state.applied_key = partial(self._applied_key, session, state.day)
                state.last_case = partial(self._last_case, session)
                state.follow_up = partial(self._find_follow_up, session)
                known_counters = set(state.counters)
                yield state
                writes, committed = self._writes(pg, state, known_counters)
                if committed:
                    last = committed[-1].seq
                    with self._mine_lock:
                        self._mine.append(last)  # before the NOTIFY can be delivered
                _pipelined(conn, [*writes, ("COMMIT", None)])
            except BaseException:
                if last:
                    with self._mine_lock:
                        if last in self._mine:  # never committed: not this process's
                            self._mine.remove(last)
                _rollback(conn)
                raise
            finally:
                _autocommit_off(conn)
                session.close()
        self._published(committed)

    def _pg_begin(
        self, pg: PgStatements, also: Collection[str], *, lock: bool = True
    ) -> tuple[Session, Any, HallState]:
        """A session whose connection has begun the transaction, taken the lock and
        read the hall's state: the first round trip. A connection that turns out to be
        dead on it (the server ended it a moment ago, and said so only now) is
        replaced once: nothing was done on it."""
        for attempt in (1, 2):
            session = self._pipelined()
            conn: Any = None
            try:
                sa_conn = session.connection()
                conn = sa_conn.connection.driver_connection
                # BEGIN and COMMIT are the pipelines' own statements: in psycopg's own
                # transaction each would wait for its answer (a round trip of its own).
                conn.autocommit = True
                return session, conn, self._pg_load(pg, conn, also, lock=lock)
            except BaseException as exc:
                if conn is not None:
                    _rollback(conn)
                    _autocommit_off(conn)
                # a connection that was open but turned out dead is replaced once; one
                # that could not be opened at all is the store's error at once
                dead = (
                    attempt == 1
                    and conn is not None
                    and isinstance(exc, DBAPIError)
                    and isinstance(classify(exc, self.name), StoreUnreachable)
                )
                if dead:
                    sa_conn.invalidate()
                session.close()
                if dead:
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def committed_here(self, seq: int) -> bool:
        """Whether the commit whose last event has this sequence number was made by
        this store (its events are published by the commit, not read back)."""
        with self._mine_lock:
            return seq in self._mine

    @staticmethod
    def _pg_load(
        pg: PgStatements, conn: Any, also: Collection[str], *, lock: bool = True
    ) -> HallState:
        """The hall's state in one round trip: for a write, after BEGIN and the write
        lock (the transaction stays open); for a read (``lock`` False), in a
        REPEATABLE READ transaction of its own, committed in the same round trip."""
        head: list[tuple[str, dict[str, Any] | None]] = (
            [("BEGIN", None), *pg.lock]
            if lock
            else [("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", None)]
        )
        reads: list[tuple[str, dict[str, Any] | None]] = [
            *head,
            (pg.day, None),
            (pg.active, None),
            (pg.counters, None),
            (pg.last_seq, None),
            (pg.log_seq, None),
        ]
        if also:
            reads.append((pg.by_uid(also), None))
        if not lock:
            reads.append(("COMMIT", None))
        rows = _pipelined(conn, reads)
        n = len(head)
        day_rows, active, counter_rows, seq_rows, log_rows = rows[n : n + 5]
        day = BusinessDay(*day_rows[0]) if day_rows else None
        tickets = {row[0]: _ticket(row) for row in active}
        if also:
            for row in rows[n + 5]:
                tickets.setdefault(row[0], _ticket(row))
        counters = {
            number: CounterStatus(number, CounterState(state), current, streak, changed)
            for number, state, current, streak, changed in counter_rows
        }
        last_seq = {code: int(seq) for code, seq in seq_rows} if day is not None else {}
        return HallState(
            day=day,
            tickets=tickets,
            counters=counters,
            last_seq=last_seq,
            log_seq=int(log_rows[0][0] or 0),
        )

    @staticmethod
    def _writes(
        pg: PgStatements, state: HallState, known_counters: set[int]
    ) -> tuple[list[tuple[str, dict[str, Any] | None]], list[FeedEvent]]:
        """The statements that write what the operation changed, parents before
        children, as _save writes them; and the events they append."""
        out: list[tuple[str, dict[str, Any] | None]] = []
        for d in state.new_days:
            out.append((pg.insert_day, {"id": d.id, "date": d.date, "started_at": d.started_at,
                                        "ends_at": d.ends_at}))  # fmt: skip
        for uid in state.new_tickets:
            out.append((pg.insert_ticket, _new_ticket_values(state.tickets[uid])))
        for uid in sorted(state.dirty_tickets):
            values = _ticket_values(state.tickets[uid])
            out.append(
                (pg.update_ticket, {"w_uid": uid, **{f"v_{k}": v for k, v in values.items()}})
            )
        for number in sorted(state.dirty_counters):
            status = state.counters[number]
            values = {
                "state": str(status.state),
                "current_uid": status.current,
                "normal_streak": status.normal_streak,
                "changed_at": status.changed_at,
            }
            if number in known_counters:
                where = {"w_number": number, **{f"v_{k}": v for k, v in values.items()}}
                out.append((pg.update_counter, where))
            else:
                out.append((pg.insert_counter, {"number": number, **values}))
        for f in state.new_follow_ups:
            out.append((pg.insert_follow_up, _follow_up_values(f)))
        for f in state.closed_follow_ups:
            closing = {"w_case_number": f.case_number, "v_closed_at": f.closed_at,
                       "v_closed_by": f.closed_by, "v_note": f.note}  # fmt: skip
            out.append((pg.close_follow_up, closing))
        if not state.events:
            return out, []
        first = state.log_seq + 1  # gapless: max + 1, read under the lock (see _save)
        for i, e in enumerate(state.events):
            out.append((pg.insert_event, {
                "id": first + i, "at": e.at, "day_id": e.day_id, "kind": str(e.kind),
                "ticket_uid": e.ticket, "counter": e.counter, "data": _json(dict(e.data)),
            }))  # fmt: skip
        last = first + len(state.events) - 1
        out.append((pg.notify, {"last": str(last)}))
        return out, [FeedEvent(first + i, e) for i, e in enumerate(state.events)]

    def on_commit(self, listener: Callable[[Sequence[FeedEvent]], None]) -> None:
        """kiosk.core.ports.QueueStore.on_commit."""
        self._listeners.append(listener)

    @staticmethod
    def _applied_key(
        session: Session, day: BusinessDay | None, keypad: str, counter: int
    ) -> int | None:
        """The last press recorded from a keypad (this business day or the one before:
        a restart takes seconds), by the (day_id, kind) index."""
        if day is None:
            return None
        rows = session.execute(
            select(_EVENTS.c.data)
            .where(
                _EVENTS.c.day_id >= day.id - 1,
                _EVENTS.c.kind == str(EventKind.KEY_PRESSED),
                _EVENTS.c.counter == counter,
            )
            .order_by(_EVENTS.c.id.desc())
            .limit(20)
        )
        for (data,) in rows:
            if data.get("keypad") == keypad:
                return int(data["seq"])
        return None

    @staticmethod
    def _last_case(session: Session, date: dt.date) -> int:
        found = session.execute(select(func.max(_CASES.c.seq)).where(_CASES.c.date == date))
        return int(found.scalar() or 0)

    @staticmethod
    def _find_follow_up(session: Session, case_number: str) -> FollowUp | None:
        row = session.get(FollowUpRow, case_number)
        return _follow_up(row) if row is not None else None

    def _writer_turn(self) -> AbstractContextManager[None]:
        return self._lock.hold(self.name) if self._lock else nullcontext()

    def close(self) -> None:
        """Release the engine's connections and the lock file."""
        self.engine.dispose()
        if self._lock:
            self._lock.close()

    @contextmanager
    def read(self) -> Iterator[HallState]:
        if self._pg is not None:  # one round trip: BEGIN, the reads, COMMIT
            with translated(self.name):
                session, conn, state = self._pg_begin(self._pg, (), lock=False)
                _autocommit_off(conn)
                session.close()
            yield state
            return
        with translated(self.name), self._read.begin() as session:
            state = self._load(session)
        yield state

    # -- queries ----------------------------------------------------------------------

    def recent_calls(self, day_id: int, limit: int) -> list[Call]:
        kinds = [str(EventKind.CALLED), str(EventKind.RECALLED)]
        with translated(self.name), self._read.begin() as session:
            rows = session.execute(
                select(
                    EventRow.kind,
                    EventRow.counter,
                    EventRow.at,
                    TicketRow.number,
                    TicketRow.service,
                    EventRow.data,
                )
                .join(TicketRow, TicketRow.uid == EventRow.ticket_uid)
                .where(EventRow.day_id == day_id, EventRow.kind.in_(kinds))
                .order_by(EventRow.id.desc())
                .limit(limit)
            )
            # The business type it was called for, even if later transferred.
            return [
                Call(number, data.get("service", service), counter, at, kind == EventKind.RECALLED)
                for kind, counter, at, number, service, data in rows
            ]

    def events_of(
        self, day_id: int, kinds: Collection[EventKind], tickets: Collection[str] | None = None
    ) -> list[Event]:
        with translated(self.name), self._read.begin() as session:
            query = (
                select(EventRow)
                .where(EventRow.day_id == day_id, EventRow.kind.in_([str(k) for k in kinds]))
                .order_by(EventRow.id)
            )
            if tickets is not None:
                query = query.where(EventRow.ticket_uid.in_(list(tickets)))
            return [
                Event(EventKind(r.kind), r.at, r.day_id, r.ticket_uid, r.counter, r.data)
                for r in session.scalars(query)
            ]

    def version(self) -> int:
        return self.last_seq()

    def last_seq(self) -> int:
        with translated(self.name), self._read.begin() as session:
            return int(session.execute(select(func.max(_EVENTS.c.id))).scalar() or 0)

    def events_after(self, seq: int, limit: int = PAGE) -> list[FeedEvent]:
        """The log after a sequence number, by its primary key (an indexed range read)."""
        cols = _EVENTS.c
        query = (
            select(
                cols.id, cols.kind, cols.at, cols.day_id, cols.ticket_uid, cols.counter, cols.data
            )
            .where(cols.id > seq)
            .order_by(cols.id)
            .limit(limit)
        )
        with translated(self.name), self._read.begin() as session:
            return [
                FeedEvent(i, Event(_KIND[kind], at, day_id, uid, counter, data))
                for i, kind, at, day_id, uid, counter, data in session.execute(query)
            ]

    def issued_times(self, since: dt.datetime) -> list[dt.datetime]:
        with translated(self.name), self._read.begin() as session:
            rows = session.execute(select(TicketRow.issued_at).where(TicketRow.issued_at >= since))
            return [r[0] for r in rows]

    def tickets_of(self, date: dt.date | None) -> list[Ticket]:
        with translated(self.name), self._read.begin() as session:
            if date is None:
                days = select(func.max(DayRow.id)).scalar_subquery()
                where = TicketRow.day_id == days
            else:
                where = TicketRow.day_id.in_(select(DayRow.id).where(DayRow.date == date))
            rows = session.execute(
                _TICKET_SELECT.where(where).order_by(TicketRow.day_id, TicketRow.id)
            )
            return [_ticket(r) for r in rows]

    def ticket(self, uid: str) -> Ticket | None:
        with translated(self.name), self._read.begin() as session:
            row = session.execute(_TICKET_SELECT.where(_TICKETS.c.uid == uid)).first()
            return _ticket(row) if row is not None else None

    def events(self, day_id: int | None = None) -> list[Event]:
        """The event log, oldest first (of one business day, or all)."""
        with translated(self.name), self._read.begin() as session:
            query = select(EventRow).order_by(EventRow.id)
            if day_id is not None:
                query = query.where(EventRow.day_id == day_id)
            return [
                Event(EventKind(r.kind), r.at, r.day_id, r.ticket_uid, r.counter, r.data)
                for r in session.scalars(query)
            ]

    def follow_ups(self, first: dt.date | None, last: dt.date | None) -> list[FollowUp]:
        """kiosk.core.ports.QueueStore.follow_ups (kiosk.core.model.follow_up_listed)."""
        query = select(FollowUpRow).order_by(FollowUpRow.date, FollowUpRow.seq)
        if last is not None:
            query = query.where(FollowUpRow.date <= last)
        if first is not None:
            since = dt.datetime.combine(first, dt.time())
            query = query.where(
                or_(
                    FollowUpRow.date >= first,
                    FollowUpRow.closed_at.is_(None),
                    FollowUpRow.closed_at >= since,
                )
            )
        with translated(self.name), self._read.begin() as session:
            return [_follow_up(r) for r in session.scalars(query)]
