"""The serial printer against a fake printer on a pseudo-terminal and pyserial's loop://.

The same code a hall runs: pyserial opens a tty by path, writes DLE EOT n and reads one
byte back; the fake answers like a printer in each state and keeps the ticket bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator

import pytest

from kiosk.core.ports import PrintFailed, PrintJob
from kiosk.core.selftest import Verdict
from kiosk.devices.escpos import status
from kiosk.devices.escpos.serialprinter import TEST_JOB, SerialPrinter
from kiosk.devices.ticket_bytes import render
from tests.fakeprinter import FakePrinter

JOB = PrintJob(
    hall_zh="市民服务中心",
    hall_en="Citizen Service Hall",
    number="A012",
    service_zh="社保业务",
    service_en="Social insurance",
    ahead=3,
    wait_low_min=5,
    wait_high_min=10,
    issued_at=dt.datetime(2026, 11, 24, 9, 30, 0),
    url="https://hall.example/t/A012?s=abc123",
)
TIMEOUT = 0.2  # per query; a silent printer costs one of these


@pytest.fixture
def fake(request: pytest.FixtureRequest) -> Iterator[FakePrinter]:
    with FakePrinter(request.param) as printer:
        yield printer


@pytest.fixture
def printer(fake: FakePrinter) -> Iterator[SerialPrinter]:
    p = SerialPrinter(fake.path, render, baudrate=115200, timeout_s=TIMEOUT)
    yield p
    p.close()


def test_the_ticket_bytes_hold_no_status_query() -> None:
    """The fake strips DLE EOT n from what it receives, so a ticket must not contain one."""
    assert b"\x10\x04" not in render(JOB)
    assert b"\x10\x04" not in render(TEST_JOB)


@pytest.mark.parametrize("fake", ["fine"], indirect=True)
def test_a_fine_printer_gets_status_queries_then_exactly_the_ticket(
    fake: FakePrinter, printer: SerialPrinter, caplog: pytest.LogCaptureFixture
) -> None:
    ticket = render(JOB)
    printer.print_ticket(JOB)
    assert fake.wait_received(len(ticket)) == ticket
    assert fake.queries == [1, 2, 3, 4]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("fake", ["near_end"], indirect=True)
def test_paper_near_end_prints_and_warns_staff(
    fake: FakePrinter, printer: SerialPrinter, caplog: pytest.LogCaptureFixture
) -> None:
    ticket = render(JOB)
    with caplog.at_level(logging.WARNING, logger="kiosk.devices.escpos.serialprinter"):
        printer.print_ticket(JOB)
    assert fake.wait_received(len(ticket)) == ticket
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"printer {fake.path}: paper near end: prepare a new roll"]


@pytest.mark.parametrize(
    ("fake", "sentence"),
    [
        ("paper_end", "paper out: load a new roll"),
        ("cover_open", "the cover is open: close it"),
        ("cutter_error", "cutter error: clear the paper jam at the cutter"),
        ("silent", "no reply: check cable, baud rate and power"),
        ("garbage", "no reply: check cable, baud rate and power"),
    ],
    indirect=["fake"],
)
def test_a_blocked_printer_gets_no_ticket_and_staff_get_the_reason(
    fake: FakePrinter, printer: SerialPrinter, sentence: str
) -> None:
    with pytest.raises(PrintFailed) as failed:
        printer.print_ticket(JOB)
    assert str(failed.value) == sentence
    assert fake.received == b""


@pytest.mark.parametrize("fake", ["silent"], indirect=True)
def test_a_silent_printer_costs_one_timeout_not_four(
    fake: FakePrinter, printer: SerialPrinter
) -> None:
    s = printer.query_status()
    assert fake.queries == [1]
    assert s.online is None
    assert s.problem() == status.NO_REPLY


@pytest.mark.parametrize("fake", ["garbage"], indirect=True)
def test_garbage_replies_are_unknown_never_fine(fake: FakePrinter, printer: SerialPrinter) -> None:
    s = printer.query_status()
    assert fake.queries == [1, 2, 3, 4]
    assert (s.online, s.cover_open, s.cutter_error, s.paper_end) == (None, None, None, None)
    assert s.problem() == status.NO_REPLY


P, W, F = Verdict.PASS, Verdict.WARN, Verdict.FAIL
STATUS_STEPS = ["printer status", "offline cause", "error cause", "paper sensor"]


@pytest.mark.parametrize(
    ("fake", "verdicts", "failure"),
    [
        ("fine", [P, P, P, P, P, P, P], None),
        ("near_end", [P, P, P, P, W, P, P], None),
        ("paper_end", [P, F, F, P, F, F], status.PAPER_OUT),
        ("cover_open", [P, F, F, P, P, F], status.COVER_OPEN),
        ("cutter_error", [P, F, F, F, P, F], status.CUTTER),
        ("silent", [P, F, F, F, F, F], status.NO_REPLY),
        ("garbage", [P, F, F, F, F, F], status.NO_REPLY),
    ],
    indirect=["fake"],
)
def test_self_test_verdicts_for_each_state(
    fake: FakePrinter,
    printer: SerialPrinter,
    verdicts: list[Verdict],
    failure: str | None,
) -> None:
    steps = printer.run()
    names = ["open port", *STATUS_STEPS, "test ticket"]
    if failure is None:
        names.append("cutter after the ticket")
    assert [s.name for s in steps] == names
    assert [s.verdict for s in steps] == verdicts
    assert all(s.message for s in steps if s.verdict is not P)
    if failure is None:
        ticket = render(TEST_JOB)
        assert fake.wait_received(len(ticket)) == ticket
        assert fake.queries == [1, 2, 3, 4, 3]  # the cutter is asked again after the ticket
    else:
        # the sentence of the first blocking step also explains the skipped test ticket
        assert steps[-1].message == f"not printed: {failure}"
        assert fake.received == b""


def test_self_test_on_cover_open_names_the_cover() -> None:
    with FakePrinter("cover_open") as fake:
        p = SerialPrinter(fake.path, render, timeout_s=TIMEOUT)
        try:
            steps = {s.name: s for s in p.run()}
        finally:
            p.close()
    assert steps["offline cause"].message == "the cover is open: close it"
    assert steps["printer status"].message == status.OFFLINE


def test_a_missing_port_is_no_connection_naming_the_port() -> None:
    p = SerialPrinter("/dev/does-not-exist-kiosk", render, timeout_s=TIMEOUT)
    with pytest.raises(PrintFailed, match=r"^no connection on /dev/does-not-exist-kiosk: "):
        p.print_ticket(JOB)
    steps = p.run()
    assert [(s.name, s.verdict) for s in steps] == [("open port", F)]
    assert steps[0].message.startswith("no connection on /dev/does-not-exist-kiosk: ")
    p.close()


def test_loop_url_echo_is_read_one_byte_at_a_time_and_is_not_a_status() -> None:
    """loop:// echoes each query: its first byte, 0x10, is not a status byte, so every
    field is unknown; one byte is read per query, so the answer never waits the timeout
    (python-escpos reads 16 and always waits it) and the rest of the echo stays unread."""
    p = SerialPrinter("loop://", render, timeout_s=5.0)
    try:
        started = time.monotonic()
        s = p.query_status()
        elapsed = time.monotonic() - started
        assert elapsed < 2.5  # four queries; a read of more than one byte would take 4 x 5 s
        assert s.replies == (0x10, 0x10, 0x10, 0x10)
        assert not s.known
        assert s.problem() == status.NO_REPLY
        assert p._port.in_waiting == 2  # "\x04\x04" of the last query: read exactly one byte
        with pytest.raises(PrintFailed, match=r"^no reply"):
            p.print_ticket(JOB)
    finally:
        p.close()
