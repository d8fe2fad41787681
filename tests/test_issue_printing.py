"""`kiosk queue issue` prints on the hall's printer like the kiosk, and a ticket is recorded
as printed only once the printer confirmed it (issue 9, items 2 and 3).

In-process on a real temporary store; the printers are the simulator, the pty fake
printer, a file, and a TCP socket that never answers (with a real `python -m kiosk`
killed while it waits). The clock is $KIOSK_NOW.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk import config
from kiosk.app import load_settings, open_service
from kiosk.core.alerts import PRINT_DEADLINE
from kiosk.core.desk import TicketDesk
from kiosk.core.errors import NotFound
from kiosk.core.model import EventKind
from kiosk.core.ports import PrintFailed, PrintJob, PrintProblem
from kiosk.core.service import IssuedTicket, QueueService
from kiosk.store.sql import SqlStore

from .cli_run import ok_json, run
from .fakeprinter import FakePrinter

NOW = "2026-11-24T10:00:00"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _hall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_NOW", NOW)


def hall_with_printer(tmp_path: Path, url: str, extra: str = "") -> str:
    """A hall configuration whose printer.url is this one; its path, for --config."""
    text = config.example_text().replace('url = "sim"', f'url = "{url}"{extra}', 1)
    assert f'url = "{url}"' in text
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def kinds(uid: str) -> list[EventKind]:
    with open_service(load_settings(None, None)) as service:
        store = service._store
        assert isinstance(store, SqlStore)
        return [e.kind for e in store.events() if e.ticket == uid]


def test_issue_prints_on_the_simulator_and_says_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issued = ok_json(capsys, "queue", "issue", "bill")
    assert (issued["number"], issued["printed"], issued["print_problem"]) == ("A001", True, None)
    (listed,) = ok_json(capsys, "queue", "list")
    assert listed["printed"] is True
    assert kinds(issued["uid"]) == [EventKind.ISSUED, EventKind.PRINTED]
    assert ok_json(capsys, "queue", "status")["alerts"] == []


@pytest.mark.parametrize(
    ("state", "problem"),
    [("paper-out", "paper_end"), ("cover-open", "cover_open"), ("offline", "no_reply")],
)
def test_issue_on_a_failing_printer_keeps_the_ticket_exits_0_and_names_the_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, state: str, problem: str
) -> None:
    hall = hall_with_printer(tmp_path, f"sim:{state}")
    issued = ok_json(capsys, "--config", hall, "queue", "issue", "bill")
    assert (issued["printed"], issued["print_problem"]) == (False, problem)
    assert issued["state"] == "waiting"
    (listed,) = ok_json(capsys, "--config", hall, "queue", "list")
    assert (listed["number"], listed["state"], listed["printed"]) == ("A001", "waiting", False)
    (alert,) = ok_json(capsys, "--config", hall, "queue", "status")["alerts"]
    assert (alert["number"], alert["problem"]) == ("A001", problem)

    code, out, err = run(capsys, "--config", hall, "queue", "issue", "plan")
    assert (code, err) == (0, "")
    assert out.startswith("B001 (plan) ") and f", NOT printed ({problem}: " in out


@pytest.mark.parametrize(
    ("state", "problem"),
    [("fine", None), ("paper_end", "paper_end"), ("cover_open", "cover_open"),
     ("cutter_error", "cutter"), ("silent", "no_reply")],
)  # fmt: skip
def test_issue_on_a_serial_printer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, state: str, problem: str | None
) -> None:
    with FakePrinter(state) as fake:
        url = f"serial://{fake.path}?baudrate=9600&flow=none"
        issued = ok_json(capsys, "--config", hall_with_printer(tmp_path, url), "queue", "issue",
                         "bill")  # fmt: skip
        received = fake.received
    assert (issued["printed"], issued["print_problem"]) == (problem is None, problem)
    if problem is None:
        assert b"A001" in received and received.endswith(b"\x1dVB\x03")
    else:
        assert received == b""  # nothing sent to a printer that reported a fault


def test_no_print_prints_nothing_and_raises_no_alert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = tmp_path / "lp0"
    hall = hall_with_printer(tmp_path, f"file://{paper}")
    issued = ok_json(capsys, "--config", hall, "queue", "issue", "bill", "--no-print")
    assert (issued["printed"], issued["print_problem"]) == (False, None)
    assert not paper.exists()
    monkeypatch.setenv("KIOSK_NOW", "2026-11-24T11:00:00")  # long past any print deadline
    assert ok_json(capsys, "--config", hall, "queue", "status")["alerts"] == []


def test_an_unreachable_printer_issues_the_ticket_not_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The environment's failure: the visitor still has a number; staff see why."""
    missing = hall_with_printer(tmp_path, "serial:///dev/ttyNOPE0")
    issued = ok_json(capsys, "--config", missing, "queue", "issue", "bill")
    assert (issued["printed"], issued["print_problem"]) == (False, "unreachable")


# -- the store side: printed only after the printer confirmed (item 3) ----------------------


@dataclasses.dataclass
class WatchingPrinter:
    """Looks at the store while the ticket is being printed, then fails or succeeds."""

    service: QueueService
    failure: PrintFailed | None = None
    seen_printed: list[bool] = dataclasses.field(default_factory=list)

    def print_ticket(self, job: PrintJob) -> None:
        (ticket,) = [t for t in self.service.tickets() if t.number == job.number]
        self.seen_printed.append(ticket.printed)
        if self.failure is not None:
            raise self.failure


def _desk(service: QueueService, printer: WatchingPrinter) -> TicketDesk:
    def job(issued: IssuedTicket) -> PrintJob:
        t = issued.ticket
        return PrintJob("厅", "Hall", t.number, "缴费", "Bills", issued.ahead, 1, 2,
                        t.issued_at, "https://example.invalid/t")  # fmt: skip

    return TicketDesk(service, printer, job)


def test_a_ticket_is_not_recorded_as_printed_while_it_prints(sql_service: QueueService) -> None:
    printer = WatchingPrinter(sql_service)
    issued, outcome = _desk(sql_service, printer).take("bill")
    assert printer.seen_printed == [False]  # before: it was stored as printed up front
    assert outcome.printed
    assert sql_service.ticket(issued.ticket.uid).printed is True  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "problem", [PrintProblem.WRITE_FAILED, PrintProblem.PAPER_END, PrintProblem.NO_REPLY]
)
def test_a_failure_after_the_first_status_is_recorded_as_not_printed(
    sql_service: QueueService, problem: PrintProblem
) -> None:
    """The printer side (kiosk/devices/escpos) raises PrintFailed for a write cut short or
    a fault asked after the ticket; whatever it raises leaves the ticket not printed."""
    printer = WatchingPrinter(sql_service, PrintFailed("the link went down mid-ticket", problem))
    issued, outcome = _desk(sql_service, printer).take("bill")
    assert outcome.problem is problem
    assert sql_service.ticket(issued.ticket.uid).printed is False  # type: ignore[union-attr]
    (alert,) = sql_service.status().alerts
    assert (alert.number, alert.problem) == ("A001", str(problem))


def test_a_bug_while_printing_is_recorded_as_not_printed_and_raised(
    sql_service: QueueService,
) -> None:
    class Broken:
        def print_ticket(self, job: PrintJob) -> None:
            raise ZeroDivisionError("bug")

    desk = TicketDesk(sql_service, Broken(), _desk(sql_service, WatchingPrinter(sql_service))._job)
    with pytest.raises(ZeroDivisionError):
        desk.take("bill")
    (alert,) = sql_service.status().alerts
    assert alert.problem == "error"


# -- a process killed mid-print ---------------------------------------------------------------


def test_a_command_killed_while_printing_leaves_the_ticket_not_printed_and_alerts_staff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real `kiosk queue issue` prints to a TCP printer that never answers its status
    query; it is SIGKILLed while it waits. The ticket stays issued and not printed, and
    once the print deadline has passed every reader sees an interrupted print, until
    someone acknowledges it."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    hall = hall_with_printer(tmp_path, f"tcp://127.0.0.1:{port}", "\nstatus_timeout_ms = 10000")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_NOW": NOW}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", hall, "queue", "issue", "bill", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        server.settimeout(60)
        conn, _ = server.accept()
        conn.settimeout(60)
        assert conn.recv(3)[:2] == b"\x10\x04"  # it asks the printer's status, and waits
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        server.close()
    assert proc.returncode == -signal.SIGKILL and out == b""
    conn.close()

    (ticket,) = ok_json(capsys, "--config", hall, "queue", "list")
    assert (ticket["number"], ticket["state"], ticket["printed"]) == ("A001", "waiting", False)
    assert ok_json(capsys, "--config", hall, "queue", "status")["alerts"] == []  # maybe printing

    late = "2026-11-24T10:01:00"
    assert PRINT_DEADLINE.total_seconds() == 60
    monkeypatch.setenv("KIOSK_NOW", late)
    (alert,) = ok_json(capsys, "--config", hall, "queue", "status")["alerts"]
    assert (alert["number"], alert["problem"], alert["at"]) == ("A001", "interrupted", late)

    (done,) = ok_json(capsys, "--config", hall, "queue", "acknowledge", "a001")
    assert done["number"] == "A001"
    assert ok_json(capsys, "--config", hall, "queue", "status")["alerts"] == []
    code, out, err = run(capsys, "--config", hall, "queue", "acknowledge", "A001")
    assert (code, out) == (NotFound.exit_code, "")
    assert err == "kiosk: error: no open alert for ticket A001 today\n"


# -- the staff alert: open until reprinted or acknowledged (item 4, the store side) ----------


@pytest.fixture(params=["memory", "sql"])
def any_service(request: pytest.FixtureRequest) -> QueueService:
    service: QueueService = request.getfixturevalue(f"{request.param}_service")
    return service


def _numbers(service: QueueService) -> list[str]:
    return [a.number for a in service.status().alerts]


def test_an_alert_survives_the_next_operations_until_reprinted(
    any_service: QueueService, clock: Any
) -> None:
    q = any_service
    a = q.issue("bill", printing=True).ticket
    b = q.issue("bill", printing=True).ticket
    q.report_print_failure(a.uid, a.number, "paper out", "paper_end")
    clock.advance(5)
    q.report_print_failure(b.uid, b.number, "cover open", "cover_open")
    q.open_counter(1)
    q.call_next(1)  # A001 is called: still not printed
    clock.advance(minutes=30)
    assert _numbers(q) == ["A002", "A001"]  # newest first, long after
    q.mark_printed(b.uid)  # a reprint
    assert _numbers(q) == ["A001"]
    q.serve(1)
    q.done(1)  # served without a ticket: the alert stays until someone acknowledges it
    assert _numbers(q) == ["A001"]
    assert [x.number for x in q.acknowledge_alerts(["A001"])] == ["A001"]
    assert _numbers(q) == []
    assert [e.kind for e in q._store.events_of(1, (EventKind.ALERT_ACKNOWLEDGED,))] == [
        EventKind.ALERT_ACKNOWLEDGED
    ]


def test_an_issue_to_print_with_no_outcome_is_an_interrupted_print_after_the_deadline(
    any_service: QueueService, clock: Any
) -> None:
    q = any_service
    t = q.issue("plan", printing=True).ticket
    quiet = q.issue("plan").ticket  # not to be printed (--no-print): never an alert
    clock.advance(PRINT_DEADLINE.total_seconds() - 1)
    assert _numbers(q) == []  # it may still be printing
    clock.advance(1)
    (alert,) = q.status().alerts
    assert (alert.number, alert.problem, alert.ticket) == (t.number, "interrupted", t.uid)
    q.report_printed(t.uid)  # it did print after all
    assert _numbers(q) == []
    assert q.ticket(quiet.uid).printed is False  # type: ignore[union-attr]


def test_acknowledge_every_open_alert_and_refuse_an_unknown_one(
    any_service: QueueService,
) -> None:
    q = any_service
    for _ in range(3):
        t = q.issue("bill", printing=True).ticket
        q.report_print_failure(t.uid, t.number, "paper out", "paper_end")
    with pytest.raises(NotFound, match="no open alert for ticket A009 today"):
        q.acknowledge_alerts(["A001", "A009"])
    assert len(q.status().alerts) == 3  # nothing acknowledged by a refused command
    assert sorted(a.number for a in q.acknowledge_alerts(None)) == ["A001", "A002", "A003"]
    assert q.status().alerts == ()


def test_status_text_lists_the_tickets_not_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hall = hall_with_printer(tmp_path, "sim:cover-open")
    ok_json(capsys, "--config", hall, "queue", "issue", "plan")
    code, out, err = run(capsys, "--config", hall, "queue", "status")
    assert (code, err) == (0, "")
    assert "not printed (until reprinted or acknowledged):\n  10:00:00 B001 (cover_open): " in out
