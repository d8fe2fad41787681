"""The SQL queue store: one transaction per operation, small mapping functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.model import (
    ACTIVE_STATES,
    BusinessDay,
    Call,
    CounterState,
    CounterStatus,
    Event,
    EventKind,
    Outcome,
    Priority,
    Ticket,
    TicketState,
)
from kiosk.core.state import HallState
from kiosk.store.engine import READ, WRITE, translated
from kiosk.store.models import CounterRow, DayRow, EventRow, TicketRow

_ACTIVE = [str(s) for s in ACTIVE_STATES]


def _day(row: DayRow) -> BusinessDay:
    return BusinessDay(row.id, row.date, row.started_at, row.ends_at)


def _ticket(row: TicketRow) -> Ticket:
    return Ticket(
        uid=row.uid,
        day_id=row.day_id,
        service=row.service,
        seq=row.seq,
        number=row.number,
        priority=Priority(row.priority),
        issued_at=row.issued_at,
        position=row.position,
        state=TicketState(row.state),
        original_service=row.original_service,
        counter=row.counter,
        target_counter=row.target_counter,
        call_count=row.call_count,
        called_at=row.called_at,
        last_called_at=row.last_called_at,
        serving_at=row.serving_at,
        parked_at=row.parked_at,
        transferred_at=row.transferred_at,
        finished_at=row.finished_at,
        outcome=Outcome(row.outcome) if row.outcome else None,
        rating=row.rating,
        printed=row.printed,
    )


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


def _write_ticket(row: TicketRow, ticket: Ticket) -> None:
    for name in _TICKET_FIELDS:
        value = getattr(ticket, name)
        if name in ("state", "outcome") and value is not None:
            value = str(value)
        setattr(row, name, value)


def _new_ticket_row(ticket: Ticket) -> TicketRow:
    row = TicketRow(
        uid=ticket.uid,
        day_id=ticket.day_id,
        original_service=ticket.original_service,
        seq=ticket.seq,
        number=ticket.number,
        priority=int(ticket.priority),
        issued_at=ticket.issued_at,
    )
    _write_ticket(row, ticket)
    return row


class SqlStore:
    """kiosk.core.ports.QueueStore on SQLAlchemy (SQLite here; PostgreSQL later)."""

    def __init__(self, engine: Engine, name: str = "") -> None:
        self.engine = engine
        self.name = name or str(engine.url)
        self._write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
        self._read = sessionmaker(engine.execution_options(**READ), expire_on_commit=False)

    # -- loading and saving the hall state --------------------------------------------

    def _load(
        self, session: Session
    ) -> tuple[HallState, dict[str, TicketRow], dict[int, CounterRow]]:
        day_row = session.scalars(select(DayRow).order_by(DayRow.id.desc()).limit(1)).first()
        day = _day(day_row) if day_row else None
        # Tickets in issue order (as the reference store holds them), counters by
        # number: what an operation does with "every active ticket" (the day's expired
        # list, say) must not depend on which index the database happened to use.
        active = select(TicketRow).where(TicketRow.state.in_(_ACTIVE)).order_by(TicketRow.id)
        ticket_rows = {r.uid: r for r in session.scalars(active)}
        counters = select(CounterRow).order_by(CounterRow.number)
        counter_rows = {r.number: r for r in session.scalars(counters)}
        last_seq: dict[str, int] = {}
        if day is not None:
            rows = session.execute(
                select(TicketRow.original_service, func.max(TicketRow.seq))
                .where(TicketRow.day_id == day.id)
                .group_by(TicketRow.original_service)
            )
            last_seq = {code: int(seq) for code, seq in rows}
        state = HallState(
            day=day,
            tickets={u: _ticket(r) for u, r in ticket_rows.items()},
            counters={
                n: CounterStatus(
                    n, CounterState(r.state), r.current_uid, r.normal_streak, r.changed_at
                )
                for n, r in counter_rows.items()
            },
            last_seq=last_seq,
        )
        return state, ticket_rows, counter_rows

    @staticmethod
    def _save(
        session: Session,
        state: HallState,
        ticket_rows: dict[str, TicketRow],
        counter_rows: dict[int, CounterRow],
    ) -> None:
        for day in state.new_days:
            session.add(
                DayRow(id=day.id, date=day.date, started_at=day.started_at, ends_at=day.ends_at)
            )
        for uid in state.new_tickets:
            session.add(_new_ticket_row(state.tickets[uid]))
        for uid in state.dirty_tickets:
            _write_ticket(ticket_rows[uid], state.tickets[uid])
        for number in state.dirty_counters:
            status = state.counters[number]
            row = counter_rows.get(number)
            if row is None:
                row = CounterRow(number=number)
                session.add(row)
            row.state = str(status.state)
            row.current_uid = status.current
            row.normal_streak = status.normal_streak
            row.changed_at = status.changed_at
        for e in state.events:
            session.add(
                EventRow(
                    at=e.at,
                    day_id=e.day_id,
                    kind=str(e.kind),
                    ticket_uid=e.ticket,
                    counter=e.counter,
                    data=dict(e.data),
                )
            )

    @contextmanager
    def transaction(self) -> Iterator[HallState]:
        with translated(self.name), self._write.begin() as session:
            state, tickets, counters = self._load(session)
            yield state
            self._save(session, state, tickets, counters)

    @contextmanager
    def read(self) -> Iterator[HallState]:
        with translated(self.name), self._read.begin() as session:
            state, _, _ = self._load(session)
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

    def tickets_of(self, date: dt.date | None) -> list[Ticket]:
        with translated(self.name), self._read.begin() as session:
            if date is None:
                days = select(func.max(DayRow.id)).scalar_subquery()
                where = TicketRow.day_id == days
            else:
                where = TicketRow.day_id.in_(select(DayRow.id).where(DayRow.date == date))
            rows = session.scalars(
                select(TicketRow).where(where).order_by(TicketRow.day_id, TicketRow.id)
            )
            return [_ticket(r) for r in rows]

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
