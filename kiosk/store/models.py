"""Typed SQLAlchemy models. The schema changes only through Alembic migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
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
    """A closed business day whose tickets are summarized in report_groups (once)."""

    __tablename__ = "report_days"

    day_id: Mapped[int] = mapped_column(
        ForeignKey("business_days.id"), primary_key=True, autoincrement=False
    )
    summarized_at: Mapped[dt.datetime]
    tickets: Mapped[int]


class DailyReportRow(Base):
    """A business date's daily report (kiosk.core.daily): claimed by the process
    writing it, then written or failed (with the reason and the file)."""

    __tablename__ = "daily_reports"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)


class ReportGroupRow(Base):
    """A closed business day's tickets of one hour, business type, counter and staff
    member, added up (kiosk.core.report.Tally): the sums, and the waits and service
    times as packed arrays of seconds (their percentiles stay exact). Written once, when
    the day is summarized."""

    __tablename__ = "report_groups"
    __table_args__ = (Index("ix_report_groups_date", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("business_days.id"))
    date: Mapped[dt.date]
    week: Mapped[str] = mapped_column(String(8))
    month: Mapped[str] = mapped_column(String(7))
    hour: Mapped[int]
    service: Mapped[str] = mapped_column(String(32))
    counter: Mapped[int | None]
    staff: Mapped[str | None] = mapped_column(String(64))
    end_served: Mapped[int]
    end_no_show: Mapped[int]
    end_cancelled_visitor: Mapped[int]
    end_cancelled_staff: Mapped[int]
    end_cancelled_day_end: Mapped[int]
    end_open: Mapped[int]
    called: Mapped[int]
    within_target: Mapped[int]
    missed: Mapped[int]
    care: Mapped[int]
    care_excess_s: Mapped[int] = mapped_column(BigInteger)
    rated_1: Mapped[int]
    rated_2: Mapped[int]
    rated_3: Mapped[int]
    rated_4: Mapped[int]
    print_failures: Mapped[int]
    quoted: Mapped[int]
    kept: Mapped[int]
    quote_low_sum_s: Mapped[int] = mapped_column(BigInteger)
    quote_high_sum_s: Mapped[int] = mapped_column(BigInteger)
    quoted_wait_sum_s: Mapped[int] = mapped_column(BigInteger)
    waits: Mapped[bytes] = mapped_column(LargeBinary)
    service_times: Mapped[bytes] = mapped_column(LargeBinary)


class FollowUpRow(Base):
    """A complaint's follow-up (migration 0006; kiosk.core.model.FollowUp): opened by the
    ``done`` of its ticket, closed once. ``UNIQUE(date, seq)``: a case number is given once."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("date", "seq", name="uq_follow_up_case"),
        Index("ix_follow_ups_open", "closed_at"),
    )

    case_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    date: Mapped[dt.date]
    seq: Mapped[int]
    ticket_uid: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(16))
    service: Mapped[str] = mapped_column(String(32))
    counter: Mapped[int]
    staff: Mapped[str | None] = mapped_column(String(64))
    opened_at: Mapped[dt.datetime]
    promised_by: Mapped[dt.date]
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)


# -- the hall server (migration 0003; kiosk.store.access) ---------------------------------


class HallPcRow(Base):
    """A PC joined to the hall (`kiosk server enroll`): its role and the hash of its token
    (SHA-256 of 256 random bits; the token itself is never stored)."""

    __tablename__ = "hall_pcs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    counter: Mapped[int | None]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created: Mapped[dt.datetime]
    last_contact: Mapped[dt.datetime | None]
    revoked: Mapped[dt.datetime | None]


class StaffRow(Base):
    """A member of staff who signs in at a counter with a PIN (kiosk.core.pin's hash)."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    pin_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime]


class CounterStaffRow(Base):
    """Who is signed in at a counter now: that counter's events carry the staff id."""

    __tablename__ = "counter_staff"

    counter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    staff: Mapped[str] = mapped_column(String(32))
    since: Mapped[dt.datetime]


class IdempotencyRow(Base):
    """The first answer to a write by its Idempotency-Key, per PC. The operation's own
    record is in its events' data (``request``), committed with it; this row keeps the
    answer to send again."""

    __tablename__ = "idempotency"

    pc: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    answer: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(index=True)
