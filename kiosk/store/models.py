"""Typed SQLAlchemy models. The schema changes only through Alembic migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DayRow(Base):
    """A business day (numbering day)."""

    __tablename__ = "business_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    date: Mapped[dt.date]
    started_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # Numbering is allocated in the issuing transaction; this constraint makes a
        # duplicate number impossible even if two writers ever raced.
        UniqueConstraint("day_id", "original_service", "seq", name="uq_ticket_number"),
        Index("ix_tickets_state", "state"),
        Index("ix_tickets_issued_at", "issued_at"),
        Index("ix_tickets_day", "day_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"))
    service: Mapped[str] = mapped_column(String(32))
    original_service: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(BigInteger)
    counter: Mapped[int | None]
    target_counter: Mapped[int | None]
    call_count: Mapped[int]
    issued_at: Mapped[dt.datetime]
    called_at: Mapped[dt.datetime | None]
    last_called_at: Mapped[dt.datetime | None]
    serving_at: Mapped[dt.datetime | None]
    parked_at: Mapped[dt.datetime | None]
    transferred_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None]
    printed: Mapped[bool]


class CounterRow(Base):
    __tablename__ = "counters"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(16))
    current_uid: Mapped[str | None] = mapped_column(String(32))
    normal_streak: Mapped[int]
    changed_at: Mapped[dt.datetime | None]


class EventRow(Base):
    """The append-only event log."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_day_kind", "day_id", "kind"),
        Index("ix_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"))
    kind: Mapped[str] = mapped_column(String(32))
    ticket_uid: Mapped[str | None] = mapped_column(String(32))
    counter: Mapped[int | None]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class TechPinRow(Base):
    """The technician PIN's failures and lockout, shared by every process of the hall,
    and the PIN chosen at the pad when the configuration sets none. One row, id 1."""

    __tablename__ = "tech_pin"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    failures: Mapped[int]
    locked_until: Mapped[dt.datetime | None]
    chosen_hash: Mapped[str | None] = mapped_column(String(200))


class ReportDayRow(Base):
    """A closed business day whose tickets are summarized in report_tickets (once)."""

    __tablename__ = "report_days"

    day_id: Mapped[int] = mapped_column(
        ForeignKey("business_days.id"), primary_key=True, autoincrement=False
    )
    summarized_at: Mapped[dt.datetime]
    tickets: Mapped[int]


class ReportTicketRow(Base):
    """One ticket of a closed business day as the manager's report counts it
    (kiosk.core.report.TicketFacts): written once when the day is summarized."""

    __tablename__ = "report_tickets"
    __table_args__ = (Index("ix_report_tickets_date", "date"),)

    ticket_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"))
    date: Mapped[dt.date]
    week: Mapped[str] = mapped_column(String(8))
    month: Mapped[str] = mapped_column(String(7))
    hour: Mapped[int]
    service: Mapped[str] = mapped_column(String(32))
    counter: Mapped[int | None]
    staff: Mapped[str | None] = mapped_column(String(64))
    end: Mapped[str] = mapped_column(String(20))
    called: Mapped[bool]
    waited_s: Mapped[int]
    target_s: Mapped[int]
    service_s: Mapped[int | None]
    rating: Mapped[int | None]
    quote_low_s: Mapped[int | None]
    quote_high_s: Mapped[int | None]
    print_failures: Mapped[int]
