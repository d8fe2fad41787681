"""Core pieces the screens stand on: wait ranges, signed ticket links, busy hours,
the self-test runner."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.core.busy import hourly_load, profile_load
from kiosk.core.clock import ManualClock
from kiosk.core.errors import Unavailable
from kiosk.core.estimate import QueueSnapshot, SimpleEstimator
from kiosk.core.memory import MemoryStore
from kiosk.core.model import CounterState, Hall, Priority, Service
from kiosk.core.selftest import Step, Verdict, run_all
from kiosk.core.service import QueueService
from kiosk.core.ticketlink import signature, ticket_url, verify

from .conftest import MORNING

BILL = Service("bill", "A", "缴费", "Bills", default_service_minutes=4)
OPEN, CLOSED, PAUSED = CounterState.OPEN, CounterState.CLOSED, CounterState.PAUSED


def snap(waiting: int, *counters: CounterState, prio: int = 0) -> QueueSnapshot:
    return QueueSnapshot(BILL, waiting, prio, counters)


def test_estimate_is_people_ahead_times_service_time_over_staffed_counters() -> None:
    est = SimpleEstimator().estimate(snap(6, OPEN, OPEN), Priority.NORMAL)
    assert est.ahead == 6
    assert (est.low_min, est.high_min) == (7, 17)  # point 12 min, ±35 %


def test_estimate_is_never_zero_minutes_with_people_ahead() -> None:
    est = SimpleEstimator().estimate(snap(1, OPEN, OPEN, OPEN, OPEN), Priority.NORMAL)
    assert est.low_min >= 1 and est.high_min > est.low_min


def test_nobody_ahead_is_a_short_wait() -> None:
    est = SimpleEstimator().estimate(snap(0, OPEN), Priority.NORMAL)
    assert est.is_short and est.high_min == 2


def test_no_counter_open_still_gives_a_finite_range() -> None:
    est = SimpleEstimator().estimate(snap(3, CLOSED), Priority.NORMAL)
    assert (est.low_min, est.high_min) == (7, 17)


def test_priority_counts_only_priority_tickets_ahead() -> None:
    est = SimpleEstimator().estimate(snap(9, OPEN, PAUSED, prio=1), Priority.PRIORITY)
    assert est.ahead == 1


def test_service_reports_estimates_on_issue_and_status(demo_hall: Hall) -> None:
    q = QueueService(demo_hall, MemoryStore(), ManualClock(MORNING))
    q.open_counter(1)
    first = q.issue("bill")
    assert first.estimate.ahead == 0
    second = q.issue("bill")
    assert second.estimate.ahead == 1 and second.estimate.low_min >= 1
    bill = next(s for s in q.status().services if s.service.code == "bill")
    assert bill.estimate.ahead == 2


def test_closed_reasons_have_codes(demo_hall: Hall) -> None:
    clock = ManualClock(MORNING.replace(hour=8))
    q = QueueService(demo_hall, MemoryStore(), clock)
    vip = next(s for s in q.status().services if s.service.code == "vip")
    assert vip.open is False and vip.reason_code is Unavailable.HOURS
    capped = dataclasses.replace(demo_hall.services[0], daily_cap=1)
    hall = dataclasses.replace(demo_hall, services=(capped, *demo_hall.services[1:]))
    q = QueueService(hall, MemoryStore(), ManualClock(MORNING))
    q.issue("bill")
    bill = next(s for s in q.status().services if s.service.code == "bill")
    assert bill.open is False and bill.reason_code is Unavailable.CAP


def test_ticket_links_are_signed_and_verifiable() -> None:
    url = ticket_url("https://hall.example.cn/ticket/", "s3cret-hall", "abc123")
    assert url == f"https://hall.example.cn/ticket/t/abc123?s={signature('s3cret-hall', 'abc123')}"
    sig = url.rsplit("=", 1)[1]
    assert verify("s3cret-hall", "abc123", sig)
    assert not verify("other-secret", "abc123", sig)
    assert not verify("s3cret-hall", "abc124", sig)


def test_hourly_load_averages_over_days() -> None:
    day = dt.datetime(2026, 11, 2, 9, 15)
    times = [day, day + dt.timedelta(minutes=5), day + dt.timedelta(days=1)]
    load = hourly_load(times)
    assert load.days == 2 and load.per_hour[9] == 1.5 and load.busiest == 9
    assert load.quiet_hours([8, 9, 10]) == [8, 10]
    assert profile_load({10: 30.0}).per_hour[10] == 30.0


def test_busy_hours_from_the_store(demo_hall: Hall) -> None:
    clock = ManualClock(MORNING)
    q = QueueService(demo_hall, MemoryStore(), clock)
    q.issue("bill")
    clock.advance(minutes=90)
    q.issue("plan")
    assert q.busy_hours().per_hour[9] == 1.0 and q.busy_hours().per_hour[10] == 1.0


class _Fake:
    def __init__(self, device: str, steps: list[Step] | Exception) -> None:
        self.device = device
        self._steps = steps

    def run(self) -> list[Step]:
        if isinstance(self._steps, Exception):
            raise self._steps
        return self._steps


def test_self_test_runner_reports_each_device_and_survives_a_crashing_test() -> None:
    progress: list[tuple[int, int, str]] = []
    reports = run_all(
        [
            _Fake("printer", [Step("status", Verdict.WARN, "paper near end")]),
            _Fake("display", RuntimeError("port /dev/ttyUSB0 vanished")),
            _Fake("voice", [Step("speak", Verdict.PASS)]),
        ],
        lambda *p: progress.append(p),
    )
    assert [r.verdict for r in reports] == [Verdict.WARN, Verdict.FAIL, Verdict.PASS]
    assert "ttyUSB0" in reports[1].steps[0].message
    assert progress == [(0, 3, "printer"), (1, 3, "display"), (2, 3, "voice"), (3, 3, "")]


@pytest.mark.parametrize("state", ["paper-out", "cover-open", "offline"])
def test_simulated_printer_fails_like_a_real_one(state: str) -> None:
    from kiosk.core.ports import PrintFailed, PrintJob
    from kiosk.devices.simulators.printer import SimPrinter

    printer = SimPrinter.from_url(f"sim:{state}")
    job = PrintJob("厅", "Hall", "A001", "缴费", "Bills", 0, 0, 2, MORNING, "https://x/t/1?s=2")
    with pytest.raises(PrintFailed):
        printer.print_ticket(job)
    assert printer.tickets == []
    assert printer.run()[0].verdict is Verdict.FAIL


def test_simulated_printer_keeps_escpos_bytes_with_chinese_and_native_qr() -> None:
    from kiosk.core.ports import PrintJob
    from kiosk.devices.simulators.printer import SimPrinter

    printer = SimPrinter()
    job = PrintJob("示范营业厅", "Demo Hall", "A001", "缴费", "Bills", 3, 5, 9, MORNING,
                   "https://x/t/1?s=2")  # fmt: skip
    printer.print_ticket(job)
    data = printer.tickets[0]
    assert data.startswith(b"\x1b@\x1c&")  # reset, Chinese mode
    assert "缴费".encode("gb18030") in data and b"A001" in data
    assert b"\x1d(k" in data and b"https://x/t/1?s=2" in data  # native QR with its payload
    assert data[-4:-1] in (b"\x1dV\x41", b"\x1dV\x42")  # GS V: (feed and) cut
    assert len(data) < 600


def test_a_print_failure_marks_the_ticket_and_alerts_staff(demo_hall: Hall) -> None:
    q = QueueService(demo_hall, MemoryStore(), ManualClock(MORNING))
    issued = q.issue("bill").ticket
    q.report_print_failure(issued.uid, issued.number, "paper out: load a new roll")
    (ticket,) = q.tickets()
    assert ticket.printed is False and ticket.state.active
    (alert,) = q.status().alerts
    assert (alert.number, alert.reason) == ("A001", "paper out: load a new roll")
