"""Complaint follow-ups (issue 13, part 7): a complaint ticket ends resolved here or with a
follow-up that has a gapless case number and a promised date; closing one is recorded.

Rule tests on the memory store, and the same on both SQL stores. Dates are worked out by
hand: MORNING is Tuesday 24 November 2026."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.core.clock import ManualClock
from kiosk.core.errors import InvalidTransition, NotFound
from kiosk.core.memory import MemoryStore
from kiosk.core.model import (
    Complaints,
    EventKind,
    FollowUpStatus,
    Hall,
    Resolution,
    case_number,
)
from kiosk.core.ports import FollowUpSlip
from kiosk.core.service import QueueService
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.render import render_follow_up_slip
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .conftest import MORNING
from .escpos_parser import parse

TUE = dt.date(2026, 11, 24)


def serve_complaint(service: QueueService, counter: int = 3) -> str:
    """A complaint ticket issued, called and served at a counter: its number."""
    ticket = service.issue("complaint").ticket
    if service.status(0, estimates=False).counters[counter - 1].state == "closed":
        service.open_counter(counter)
    service.call_ticket(counter, ticket.number)
    service.serve(counter)
    return ticket.number


def test_promised_dates_count_working_days() -> None:
    c = Complaints(("complaint",), follow_up_days=3)
    assert c.promised_by(TUE) == dt.date(2026, 11, 27)  # Wed, Thu, Fri
    assert c.promised_by(dt.date(2026, 11, 26)) == dt.date(2026, 12, 1)  # Fri, Mon, Tue
    assert c.promised_by(dt.date(2026, 11, 28)) == dt.date(2026, 12, 2)  # a Saturday: Mon-Wed
    every_day = Complaints(("complaint",), follow_up_days=3, working_days_only=False)
    assert every_day.promised_by(dt.date(2026, 11, 26)) == dt.date(2026, 11, 29)
    assert Complaints(follow_up_days=0).promised_by(TUE) == TUE


def test_case_numbers_read_as_documented() -> None:
    assert case_number(TUE, 1) == "C20261124-001"
    assert case_number(TUE, 1000) == "C20261124-1000"


def test_a_complaint_is_not_done_without_its_resolution(memory_service: QueueService) -> None:
    number = serve_complaint(memory_service)
    with pytest.raises(InvalidTransition, match=f"ticket {number} is a complaint"):
        memory_service.done(3)
    memory_service.issue("complaint")
    with pytest.raises(InvalidTransition, match="is a complaint"):  # calling next ends it too
        memory_service.call_next(3)
    resolved = memory_service.resolve(3, Resolution.RESOLVED_HERE)
    assert resolved.ticket.state == "done" and resolved.follow_up is None
    assert memory_service.follow_ups() == []


def test_other_tickets_end_as_before(memory_service: QueueService) -> None:
    ticket = memory_service.issue("broadband").ticket
    memory_service.open_counter(3)
    memory_service.call_next(3)
    memory_service.serve(3)
    assert memory_service.done(3).uid == ticket.uid


def test_a_promised_date_needs_a_follow_up(memory_service: QueueService) -> None:
    serve_complaint(memory_service)
    with pytest.raises(InvalidTransition, match="only with a follow-up"):
        memory_service.resolve(3, Resolution.RESOLVED_HERE, TUE)
    with pytest.raises(InvalidTransition, match="2026-11-23 is before today"):
        memory_service.resolve(3, Resolution.FOLLOW_UP, dt.date(2026, 11, 23))


def follow_up_day(service: QueueService, clock: ManualClock, store: object) -> None:
    """Three complaints on Tuesday: resolved here, a follow-up by default, one promised
    for Monday; then the first follow-up closed on Friday and the hall looked at on the
    next Monday."""
    serve_complaint(service)
    service.resolve(3, Resolution.RESOLVED_HERE)
    clock.advance(minutes=10)
    e2 = serve_complaint(service)
    first = service.resolve(3, Resolution.FOLLOW_UP)
    clock.advance(minutes=10)
    e3 = serve_complaint(service, 4)
    second = service.resolve(4, Resolution.FOLLOW_UP, dt.date(2026, 11, 30))
    assert first.follow_up is not None and second.follow_up is not None
    assert (first.follow_up.case_number, first.follow_up.promised_by) == (
        "C20261124-001",
        dt.date(2026, 11, 27),
    )
    assert (first.follow_up.number, first.follow_up.counter) == (e2, 3)
    assert first.follow_up.opened_at == MORNING + dt.timedelta(minutes=10)
    assert (second.follow_up.case_number, second.follow_up.number) == ("C20261124-002", e3)
    assert second.follow_up.promised_by == dt.date(2026, 11, 30)

    # Saturday: the first is overdue (promised Friday), the second open
    clock.set(dt.datetime(2026, 11, 28, 10, 0))
    cases = service.follow_ups()
    assert [f.status(clock.now()) for f in cases] == [FollowUpStatus.OVERDUE, FollowUpStatus.OPEN]
    closed = service.close_follow_up("c20261124-001", "refund agreed", "s07")
    assert closed.closed_at == clock.now() and closed.closed_by == "s07"
    assert closed.status(clock.now()) is FollowUpStatus.CLOSED
    with pytest.raises(InvalidTransition, match="closed already"):
        service.close_follow_up("C20261124-001")
    with pytest.raises(NotFound, match="C20261124-009"):
        service.close_follow_up("C20261124-009")
    # a new day's numbers start again at 001
    serve_complaint(service)
    third = service.resolve(3, Resolution.FOLLOW_UP)
    assert third.follow_up is not None
    assert third.follow_up.case_number == "C20261128-001"
    assert third.follow_up.promised_by == dt.date(2026, 12, 2)  # Mon, Tue, Wed

    # what a report of Saturday lists: the still-open one from Tuesday, the one closed
    # that day, the one opened that day; a report of Sunday alone: no closed one
    listed = [f.case_number for f in service.follow_ups(dt.date(2026, 11, 28), None)]
    assert listed == ["C20261124-001", "C20261124-002", "C20261128-001"]
    sunday = dt.date(2026, 11, 29)
    assert [f.case_number for f in service.follow_ups(sunday, sunday)] == [
        "C20261124-002",
        "C20261128-001",
    ]
    assert [f.case_number for f in service.follow_ups(None, TUE)] == [
        "C20261124-001",
        "C20261124-002",
    ]


def test_follow_ups_on_the_memory_store(demo_hall: Hall, clock: ManualClock) -> None:
    store = MemoryStore()
    service = QueueService(demo_hall, store, clock)
    follow_up_day(service, clock, store)


def test_follow_ups_on_sql(
    demo_hall: Hall, clock: ManualClock, sql_store: SqlStore, sql_service: QueueService
) -> None:
    follow_up_day(sql_service, clock, sql_store)
    events = sql_store.events()
    dones = [e.data for e in events if e.kind is EventKind.DONE]
    assert [d.get("resolution") for d in dones] == ["resolved_here", "follow_up", "follow_up",
                                                     "follow_up"]  # fmt: skip
    assert dones[1]["case_number"] == "C20261124-001"
    assert dones[1]["promised_by"] == "2026-11-27"
    closed = [e for e in events if e.kind is EventKind.FOLLOW_UP_CLOSED]
    assert len(closed) == 1
    assert closed[0].data == {
        "number": "E002",
        "case_number": "C20261124-001",
        "note": "refund agreed",
        "staff": "s07",
    }


def test_case_numbers_stay_gapless_across_processes_writing_at_once(
    demo_hall: Hall, store_url: str
) -> None:
    """Four stores (connections of their own) each finish complaints at their counter at
    once: the day's case numbers are 001..N, each given once."""
    hall = dataclasses.replace(
        demo_hall,
        counters=tuple(
            dataclasses.replace(demo_hall.counters[0], number=n, services=("complaint",))
            for n in (1, 2, 3, 4)
        ),
    )
    per_counter = 5
    stores = [open_store(store_url) for _ in range(4)]
    services = [QueueService(hall, s, ManualClock(MORNING)) for s in stores]
    for _ in range(4 * per_counter):
        services[0].issue("complaint")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        service = services[n - 1]
        try:
            service.open_counter(n)
            for _ in range(per_counter):
                service.call_next(n)
                service.serve(n)
                service.resolve(n, Resolution.FOLLOW_UP)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        cases = services[0].follow_ups()
        assert [f.case_number for f in cases] == [
            f"C20261124-{i:03d}" for i in range(1, 4 * per_counter + 1)
        ]
        assert len({f.ticket for f in cases}) == 4 * per_counter
    finally:
        for s in stores:
            s.close()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["here", "follow", "reset", "close"]), max_size=25))
def test_case_numbers_are_gapless_per_day_whatever_happens(steps: list[str]) -> None:
    demo_hall = config.load(None).to_hall()
    clock = ManualClock(MORNING)
    service = QueueService(demo_hall, MemoryStore(), clock)
    for step in steps:
        clock.advance(minutes=300)
        if step == "close":
            open_ones = [f for f in service.follow_ups() if f.closed_at is None]
            if open_ones:
                service.close_follow_up(open_ones[0].case_number, "called back")
            continue
        if step == "reset":
            service.reset_day()
            continue
        serve_complaint(service)
        how = Resolution.RESOLVED_HERE if step == "here" else Resolution.FOLLOW_UP
        service.resolve(3, how)
    by_date: dict[dt.date, list[int]] = {}
    for f in service.follow_ups():
        by_date.setdefault(f.date, []).append(f.seq)
        assert f.case_number == case_number(f.date, f.seq)
    for seqs in by_date.values():
        assert seqs == list(range(1, len(seqs) + 1))
    assert sum(map(len, by_date.values())) == steps.count("follow")


def _slip(phone: str = "10000") -> FollowUpSlip:
    return FollowUpSlip("示范营业厅", "Demo Service Hall", "C20261124-001", "E003", "投诉与咨询",
                        "Complaints & disputes", dt.date(2026, 11, 27),
                        dt.datetime(2026, 11, 24, 9, 10), phone)  # fmt: skip


def test_the_slip_says_the_case_the_date_and_the_phone_in_both_languages() -> None:
    doc = parse(render_follow_up_slip(_slip(), PrinterProfile(width_mm=80)))
    lines = doc.texts("gb18030")
    assert lines == [
        "示范营业厅",
        "Demo Service Hall",
        "-" * 48,
        "投诉受理回执 Complaint follow-up",
        "受理编号 Case number",
        "C20261124-001",
        "我们将于 2026年11月27日(周五)前答复您",
        "We will reply by Friday 27 November 2026",
        "E003 投诉与咨询 Complaints & disputes",
        "受理时间 Opened 2026-11-24 09:10",
        "查询电话 Enquiries: 10000",
        "请保留此回执 Please keep this slip",
    ]
    no_phone = parse(render_follow_up_slip(_slip(""), PrinterProfile(width_mm=58)))
    assert not any("Enquiries" in line for line in no_phone.texts("gb18030"))


def test_the_complaints_table_names_a_wrong_key() -> None:
    from kiosk.core.errors import ConfigError

    base = config.example_text()
    wrong = base.replace('services = ["complaint"]', 'services = ["complaints"]')
    with pytest.raises(ConfigError, match=r"complaints\.services\[0\].*unknown business type"):
        config.parse(wrong, "hall.toml")
    far = base.replace("follow_up_days = 3", "follow_up_days = 365")
    with pytest.raises(ConfigError, match=r"complaints\.follow_up_days"):
        config.parse(far, "hall.toml")
    none = config.parse(base.replace('services = ["complaint"]', "services = []"), "x").to_hall()
    assert none.complaints.services == () and not none.is_complaint("complaint")
