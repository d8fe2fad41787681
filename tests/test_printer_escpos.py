"""EscposPrinter, the kiosk's printer: status first, then exactly the ticket's bytes, over
each kind of link. Serial runs against a fake printer on a pseudo-terminal (the real
pyserial path) answering DLE EOT like a printer in each state; no test sleeps."""

from __future__ import annotations

import logging
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.printer import SAMPLE
from kiosk.core.errors import DeviceFailed
from kiosk.core.ports import PrintFailed, PrintProblem
from kiosk.core.selftest import Verdict
from kiosk.devices.escpos import status as st
from kiosk.devices.escpos.printer import EscposPrinter
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.render import render_test_ticket, render_ticket
from kiosk.devices.simulators.printer import PRINTER_STATES, SimPrinter

from .fakeprinter import STATES, FakePrinter

JOB = SAMPLE  # the benchmark's bilingual ticket
PROFILE = PrinterProfile(width_mm=58, charset="gb18030")
TICKET = render_ticket(JOB, PROFILE)
QUERIES = b"".join(st.query(n) for n in st.QUERIES)

# What the kiosk path does for each state of the fake printer: None prints.
OUTCOME = {
    "fine": None,
    "near_end": None,
    "paper_end": st.PAPER_OUT,
    "cover_open": st.COVER_OPEN,
    "cutter_error": st.CUTTER,
    "silent": st.NO_REPLY,
    "garbage": st.NO_REPLY,
    # printer.status = "full" on printers that answer less: refused, and the sentence says
    # what they did answer and which setting fits them (not "no reply")
    "only_n1": st.PARTIAL.format(what="nothing", n=2, name="offline cause"),
    "zeros": st.PARTIAL.format(what="0x00, not a status byte,", n=2, name="offline cause"),
    "only_n1_offline": st.OFFLINE,
}
# The queries the kiosk path asks of a printer it refuses (the reply stops it early).
REFUSED_QUERIES = {"silent": [1], "only_n1": [1, 2], "only_n1_offline": [1, 2]}


def serial_printer(fake: FakePrinter, **kw: object) -> EscposPrinter:
    return EscposPrinter(
        f"serial://{fake.path}?baudrate=9600&flow=none", PROFILE, status_timeout_s=0.3, **kw
    )  # type: ignore[arg-type]


@pytest.fixture(params=sorted(STATES))
def fake(request: pytest.FixtureRequest) -> Iterator[FakePrinter]:
    with FakePrinter(request.param) as printer:
        printer.state = request.param  # type: ignore[attr-defined]
        yield printer


def test_every_state_of_the_fake_printer_has_an_expected_outcome() -> None:
    assert set(OUTCOME) == set(STATES)


def test_the_kiosk_path_prints_or_refuses_with_the_sentence_for_each_state(
    fake: FakePrinter, caplog: pytest.LogCaptureFixture
) -> None:
    """Fine and near end: the printer gets exactly the rendered ticket (near end also logs a
    WARNING for staff). Paper end, cover open, cutter error, silence and garbage: PrintFailed
    with the plain sentence, and not one ticket byte on the wire."""
    state = fake.state  # type: ignore[attr-defined]
    printer = serial_printer(fake)
    expected = OUTCOME[state]
    caplog.set_level(logging.INFO, "kiosk.devices")
    if expected is None:
        printer.print_ticket(JOB)
        assert fake.wait_received(len(TICKET)) == TICKET
        assert fake.queries == [1, 2, 3, 4, 1, 2, 3, 4]  # before the ticket and after it
        warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert warned == ([f"printer {printer.url}: {st.NEAR_END}"] if state == "near_end" else [])
        assert printer.last_status is not None
        assert printer.last_status.warning() == (st.NEAR_END if state == "near_end" else None)
    else:
        with pytest.raises(PrintFailed) as failed:
            printer.print_ticket(JOB)
        assert str(failed.value) == expected
        assert failed.value.problem is CODE[state]  # the reason as a value, for JSON and UI
        assert isinstance(failed.value, DeviceFailed)  # the CLI's exit code 12
        assert fake.received == b""
        assert fake.queries == REFUSED_QUERIES.get(state, [1, 2, 3, 4])


CODE = {
    "paper_end": PrintProblem.PAPER_END,
    "cover_open": PrintProblem.COVER_OPEN,
    "cutter_error": PrintProblem.CUTTER,
    "silent": PrintProblem.NO_REPLY,
    "garbage": PrintProblem.NO_REPLY,
    "only_n1": PrintProblem.NO_REPLY,
    "zeros": PrintProblem.NO_REPLY,
    "only_n1_offline": PrintProblem.OFFLINE,
}


SELFTEST = {
    # state: (verdict, the status step's sentence)
    "fine": (Verdict.PASS, "ready"),
    "near_end": (Verdict.WARN, st.NEAR_END),
    "paper_end": (Verdict.FAIL, st.PAPER_OUT),
    "cover_open": (Verdict.FAIL, st.COVER_OPEN),
    "cutter_error": (Verdict.FAIL, st.CUTTER),
    "silent": (Verdict.FAIL, st.NO_REPLY),
    "garbage": (Verdict.FAIL, st.NO_REPLY),
    "only_n1": (Verdict.FAIL, OUTCOME["only_n1"]),
    "zeros": (Verdict.FAIL, OUTCOME["zeros"]),
    "only_n1_offline": (Verdict.FAIL, st.OFFLINE),
}


def test_the_self_test_reports_each_state_and_prints_only_when_it_may(fake: FakePrinter) -> None:
    """Steps: connection, the decoded status, one step per DLE EOT query, the test ticket,
    the cutter after it. A printer that may not print gets no test ticket."""
    state = fake.state  # type: ignore[attr-defined]
    printer = serial_printer(fake)
    steps = printer.run()
    verdict, sentence = SELFTEST[state]
    names = [s.name for s in steps]
    assert names[:2] == ["connection", "status"]
    assert steps[0].verdict is Verdict.PASS
    assert (steps[1].verdict, steps[1].message) == (verdict, sentence)
    assert names[2:6] == [f"DLE EOT {n} ({st.QUERY_NAMES[n]})" for n in st.QUERIES]
    assert max(s.verdict for s in steps) is verdict
    if verdict is Verdict.FAIL:
        assert names[6:] == ["test ticket"]
        assert steps[-1].message == f"not printed: {sentence}"
        assert fake.received == b""
    else:
        test_ticket = render_test_ticket(PROFILE)
        assert names[6:] == ["test ticket", "cutter after the test ticket"]
        assert fake.wait_received(len(test_ticket)) == test_ticket
        assert fake.queries == [1, 2, 3, 4, 3]
        assert fake.finish_queries == 1  # the cutter is asked once the printer finished


def test_the_queries_not_asked_after_a_silence_say_so() -> None:
    with FakePrinter("silent") as fake:
        steps = serial_printer(fake).run()
    by_name = {s.name: s.message for s in steps}
    assert by_name["DLE EOT 1 (printer status)"] == st.NO_REPLY
    for n in (2, 3, 4):
        assert by_name[f"DLE EOT {n} ({st.QUERY_NAMES[n]})"] == "not asked: no reply to DLE EOT 1"


def test_a_garbled_reply_names_the_byte_in_its_step() -> None:
    with FakePrinter("garbage") as fake:
        steps = serial_printer(fake).run()
    by_name = {s.name: s for s in steps}
    assert (
        by_name["DLE EOT 1 (printer status)"].message == f"0xff is not a status byte: {st.NO_REPLY}"
    )


def test_a_missing_serial_port_is_a_failure_naming_the_url(tmp_path: Path) -> None:
    url = f"serial://{tmp_path}/ttyUSB9?baudrate=9600"
    with pytest.raises(PrintFailed, match=r"cannot open the printer port serial://.*ttyUSB9") as e:
        EscposPrinter(url).print_ticket(JOB)
    assert e.value.problem is PrintProblem.UNREACHABLE
    [step] = EscposPrinter(url).run()
    assert (step.name, step.verdict) == ("connection", Verdict.FAIL)


def test_loop_url_echo_is_not_a_status_so_nothing_is_printed() -> None:
    """pyserial's loop:// sends back what it is sent: DLE (0x10) is no status byte, and
    the leftover echo is discarded before each query instead of passing for a reply."""
    printer = EscposPrinter("serial:loop://?baudrate=115200", status_timeout_s=0.2)
    with pytest.raises(PrintFailed, match="no reply"):
        printer.print_ticket(JOB)
    assert printer.last_status is not None
    assert printer.last_status.replies == (0x10, 0x10, 0x10, 0x10)


def test_loop_url_carries_the_exact_bytes() -> None:
    from kiosk.devices.escpos import transport

    ep = transport.parse_url("serial:loop://?baudrate=9600&flow=rtscts")
    assert (ep.baudrate, ep.flow, ep.target) == (9600, "rtscts", "loop://")
    with transport.connect(ep, 0.2, Path("unused")) as link:
        link.write(b"\x1b@\x1c&")
        assert [link.read_byte() for _ in range(5)] == [0x1B, 0x40, 0x1C, 0x26, None]


def test_file_url_and_plain_path_get_exactly_the_ticket_appended(tmp_path: Path) -> None:
    """A device file or a regular file cannot answer status: the bytes go as they are."""
    out = tmp_path / "lp0.bin"
    EscposPrinter(f"file://{out}", PROFILE).print_ticket(JOB)
    assert out.read_bytes() == TICKET
    EscposPrinter(str(out), PROFILE).print_ticket(JOB)
    assert out.read_bytes() == TICKET + TICKET


def test_a_file_printer_self_test_warns_that_status_cannot_be_read(tmp_path: Path) -> None:
    out = tmp_path / "lp0.bin"
    steps = EscposPrinter(f"file://{out}", PROFILE).run()
    assert [(s.name, s.verdict) for s in steps] == [
        ("connection", Verdict.PASS),
        ("status", Verdict.WARN),
        ("test ticket", Verdict.PASS),
    ]
    assert "cannot read the printer's status" in steps[1].message
    assert out.read_bytes() == render_test_ticket(PROFILE)


def test_cups_hands_the_raw_bytes_to_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in lp on PATH records its arguments and standard input."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(
        f"#!{sys.executable}\nimport sys, pathlib\n"
        f"pathlib.Path({str(tmp_path / 'args')!r}).write_text(' '.join(sys.argv[1:]))\n"
        f"pathlib.Path({str(tmp_path / 'data')!r}).write_bytes(sys.stdin.buffer.read())\n",
        encoding="utf-8",
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    EscposPrinter("cups://Kiosk_Printer", PROFILE).print_ticket(JOB)
    assert (tmp_path / "args").read_text() == "-d Kiosk_Printer -o raw"
    assert (tmp_path / "data").read_bytes() == TICKET


def test_cups_without_lp_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintFailed, match="cups://q: the CUPS command lp is not installed"):
        EscposPrinter("cups://q").print_ticket(JOB)


class _TcpFake:
    """A network printer on 127.0.0.1: answers DLE EOT like the pty fake, keeps the rest."""

    def __init__(self, answers: dict[int, int]) -> None:
        self.answers = answers
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            pending = b""
            while chunk := conn.recv(4096):
                pending += chunk
                while pending:
                    if pending[:2] == st.DLE_EOT:
                        if len(pending) < 3:
                            break
                        if pending[2] in self.answers:
                            conn.sendall(bytes([self.answers[pending[2]]]))
                        pending = pending[3:]
                    else:
                        self.received.append(pending[0])
                        pending = pending[1:]

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.server.close()


@pytest.mark.parametrize(("state", "problem"), [("ok", None), ("paper-out", st.PAPER_OUT)])
def test_a_network_printer_answers_status_on_port_9100_too(state: str, problem: str | None) -> None:
    answers = st.STATE_REPLIES[state]
    assert answers is not None
    fake = _TcpFake(answers)
    printer = EscposPrinter(f"tcp://127.0.0.1:{fake.port}", PROFILE, status_timeout_s=2)
    try:
        if problem is None:
            printer.print_ticket(JOB)
        else:
            with pytest.raises(PrintFailed, match=problem):
                printer.print_ticket(JOB)
    finally:
        fake.close()
    assert bytes(fake.received) == (TICKET if problem is None else b"")


def test_a_refused_network_connection_names_the_url() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    with pytest.raises(
        PrintFailed, match=f"cannot connect to the printer at tcp://127.0.0.1:{port}"
    ):
        EscposPrinter(f"tcp://127.0.0.1:{port}").print_ticket(JOB)


# -- the simulator speaks the same bytes ------------------------------------------------------


@pytest.mark.parametrize("state", PRINTER_STATES)
def test_the_simulator_decides_like_a_real_printer_in_the_same_state(state: str) -> None:
    sim = SimPrinter(state, PROFILE)
    problem = st.decode(st.STATE_REPLIES[state] or {}).problem()
    if problem is None:
        sim.print_ticket(JOB)
        assert sim.tickets == [TICKET]
    else:
        with pytest.raises(PrintFailed) as failed:
            sim.print_ticket(JOB)
        assert str(failed.value) == problem
        assert sim.tickets == []


def test_the_simulator_states_match_the_fake_printer_bytes() -> None:
    """The simulator and the pty fake printer answer with the same bytes per state."""
    same = {"ok": "fine", "near-end": "near_end", "paper-out": "paper_end",
            "cover-open": "cover_open", "cutter-error": "cutter_error"}  # fmt: skip
    for sim_state, fake_state in same.items():
        assert st.STATE_REPLIES[sim_state] == STATES[fake_state]
    assert st.STATE_REPLIES["offline"] is None and STATES["silent"] == {}


def test_the_simulator_self_test_keeps_its_test_ticket_apart_from_tickets() -> None:
    sim = SimPrinter("near-end", PROFILE)
    steps = sim.run()
    assert [s.name for s in steps][:2] == ["status", "DLE EOT 1 (printer status)"]
    assert max(s.verdict for s in steps) is Verdict.WARN
    assert sim.tickets == []
    assert bytes(sim.received) == render_test_ticket(PROFILE)


# -- python-escpos stays off the start-up path ----------------------------------------------


def test_python_escpos_is_not_imported_to_print_or_configure(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from kiosk.app import build_printer, load_settings\n"
        "s = load_settings(None, None)\n"
        "build_printer(s); build_printer(s, 'serial:loop://'); build_printer(s, 'usb://04b8:0202')\n"
        "import kiosk.ui.app, kiosk.cli\n"
        "assert 'escpos' not in sys.modules, 'escpos imported'\n"
        "assert 'serial' not in sys.modules, 'pyserial imported'\n"
    )
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_usb_printer_caches_escpos_capabilities_in_the_data_dir(
    tmp_path: Path,
) -> None:
    """python-escpos 3.1 makes a temporary folder on every import; ours goes in the cache
    folder and is removed. A printer that is not there is named with its URL."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = (
        "from kiosk.app import build_printer, load_settings\n"
        "from kiosk.core.ports import PrintFailed\n"
        "p = build_printer(load_settings(None, None), 'usb://04b8:0202?timeout=1500')\n"
        "try:\n"
        "    p.send(b'x')\n"
        "except PrintFailed as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    # No such printer on this machine: the error names the URL and what to check.
    assert done.stdout.startswith("cannot open the USB printer usb://04b8:0202?timeout=1500"), (
        done.stdout
    )
    assert "lsusb" in done.stdout
    cache = tmp_path / "data" / "cache" / "escpos"
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]
    assert list(tmp.iterdir()) == []


# -- after the ticket: a failure once the status was fine is still a failure (issue 9, 3) -----


@pytest.mark.parametrize(
    ("fault", "problem", "sentence"),
    [
        # the line goes dead after 100 bytes: the cut never reaches the printer
        ({"hang_up_after": 100}, PrintProblem.WRITE_FAILED, "the printer port serial://"),
        # the printer stops reading after 200 bytes: the status after the ticket gets nothing
        ({"deaf_after": 200}, PrintProblem.NO_REPLY, f"after the ticket was sent: {st.NO_REPLY}"),
        # the paper runs out during the ticket
        (
            {"becomes": (300, "paper_end")},
            PrintProblem.PAPER_END,
            f"after the ticket was sent: {st.PAPER_OUT}",
        ),
    ],
    ids=["link-dies", "stops-reading", "paper-runs-out"],
)
def test_a_ticket_that_failed_after_a_fine_status_is_not_printed(
    fault: dict[str, object], problem: PrintProblem, sentence: str
) -> None:
    """The status before the ticket was fine in each case; what happens during it must
    still fail the job, so that the ticket is not recorded as printed."""
    with FakePrinter("fine", **fault) as fake:  # type: ignore[arg-type]
        printer = serial_printer(fake)
        with pytest.raises(PrintFailed) as failed:
            printer.print_ticket(JOB)
        assert fake.queries[:4] == [1, 2, 3, 4]  # the status before the ticket was asked
    assert failed.value.problem is problem
    assert str(failed.value).startswith(sentence)
    assert printer.last_ticket is None


def test_a_network_printer_that_resets_the_connection_mid_ticket_fails_the_ticket() -> None:
    """A printer on port 9100 that answers the status, takes 100 bytes and resets the
    connection (RST): the ticket fails, whether sendall or the status after sees it."""
    answers = st.STATE_REPLIES["ok"]
    assert answers is not None
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        for n in st.QUERIES:
            assert conn.recv(3) == st.query(n)
            conn.sendall(bytes([answers[n]]))
        while len(received) < 100:
            received.extend(conn.recv(100 - len(received)))
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        conn.close()  # linger 0: a reset, not an orderly close

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    printer = EscposPrinter(f"tcp://127.0.0.1:{port}", PROFILE, status_timeout_s=2)
    try:
        with pytest.raises(PrintFailed) as failed:
            printer.print_ticket(JOB)
    finally:
        thread.join(timeout=5)
        server.close()
    assert failed.value.problem is PrintProblem.WRITE_FAILED
    assert len(received) == 100


def test_a_serial_write_that_took_fewer_bytes_is_a_failure() -> None:
    from kiosk.devices.escpos import transport

    ep = transport.parse_url("serial:loop://?baudrate=115200")
    link = transport.SerialLink(ep, 0.1)
    try:
        link._port.write = lambda data: len(data) - 1  # type: ignore[method-assign]
        with pytest.raises(PrintFailed, match="took 9 of 10 bytes") as failed:
            link.write(b"0123456789")
    finally:
        link.close()
    assert failed.value.problem is PrintProblem.WRITE_FAILED


# -- printer.status: full, basic, none (issue 9, 5) --------------------------------------------


@pytest.mark.parametrize("state", ["only_n1", "zeros"])
def test_basic_status_prints_on_a_printer_that_answers_only_dle_eot_1(state: str) -> None:
    """printer.status = "basic" asks only DLE EOT 1, before and after the ticket."""
    with FakePrinter(state) as fake:
        serial_printer(fake, status="basic").print_ticket(JOB)
        assert fake.wait_received(len(TICKET)) == TICKET
        assert fake.queries == [1, 1]


def test_basic_status_refuses_an_offline_printer_without_guessing_the_cause() -> None:
    with FakePrinter("only_n1_offline") as fake:
        with pytest.raises(PrintFailed) as failed:
            serial_printer(fake, status="basic").print_ticket(JOB)
        assert fake.received == b""
    assert str(failed.value) == st.OFFLINE_BASIC
    assert failed.value.problem is PrintProblem.OFFLINE


def test_no_status_prints_blind_and_the_self_test_says_so() -> None:
    """printer.status = "none": not one query; the self-test warns to check by eye."""
    with FakePrinter("silent") as fake:
        printer = serial_printer(fake, status="none")
        printer.print_ticket(JOB)
        assert fake.wait_received(len(TICKET)) == TICKET
        steps = printer.run()
        assert fake.queries == []
        assert fake.finish_queries == 0
    assert [(s.name, s.verdict) for s in steps] == [
        ("connection", Verdict.PASS),
        ("status", Verdict.WARN),
        ("test ticket", Verdict.PASS),
    ]
    assert steps[1].message.startswith('printer.status = "none"')


def test_basic_self_test_asks_dle_eot_1_and_the_status_after_the_ticket() -> None:
    with FakePrinter("only_n1") as fake:
        steps = serial_printer(fake, status="basic").run()
    assert [(s.name, s.verdict) for s in steps] == [
        ("connection", Verdict.PASS),
        ("status", Verdict.PASS),
        ("DLE EOT 1 (printer status)", Verdict.PASS),
        ("test ticket", Verdict.PASS),
        ("status after the test ticket", Verdict.PASS),
    ]


def test_the_full_self_test_names_the_query_a_printer_does_not_answer() -> None:
    with FakePrinter("zeros") as fake:
        steps = serial_printer(fake).run()
    by_name = {s.name: s for s in steps}
    assert by_name["DLE EOT 1 (printer status)"].verdict is Verdict.PASS
    assert by_name["DLE EOT 3 (error cause)"].message == (
        "0x00 is not a status byte: "
        + st.PARTIAL.format(what="0x00, not a status byte,", n=3, name="error cause")
    )


def test_an_unknown_status_mode_is_refused() -> None:
    with pytest.raises(ValueError, match=r"printer\.status 'some'"):
        EscposPrinter("sim", status="some")


# -- the self-test waits for the cut (issue 9, 6) ---------------------------------------------


def test_the_cutter_is_asked_once_the_printer_has_finished_the_ticket() -> None:
    """A cutter that jams when the cut is carried out: asked right after the bytes, a
    printer still printing says all is well; asked after GS ( H's reply, it is a FAIL."""
    with FakePrinter("fine", cut_jams=True) as fake:
        steps = serial_printer(fake).run()
    cutter = steps[-1]
    assert (cutter.name, cutter.verdict, cutter.message) == (
        "cutter after the test ticket",
        Verdict.FAIL,
        st.CUTTER,
    )


def test_a_printer_that_never_says_it_finished_leaves_the_cutter_not_confirmed() -> None:
    """No reply to GS ( H within the bound: the cutter step is a warning, not a pass."""
    with FakePrinter("fine", finishes=False) as fake:
        printer = serial_printer(fake, finish_timeout_s=0.3)
        steps = printer.run()
    cutter = steps[-1]
    assert cutter.name == "cutter after the test ticket"
    assert cutter.verdict is Verdict.WARN
    assert cutter.message.startswith("not confirmed: the printer did not say it had finished")
    assert "0x12 after that wait" in cutter.message


def test_a_link_that_dies_during_the_self_test_keeps_the_steps_before() -> None:
    """The adapter pulled while the test ticket goes out: the steps that passed stay in the
    report, and the last one says the connection failed."""
    test_ticket = render_test_ticket(PROFILE)
    with FakePrinter("fine", hang_up_after=len(test_ticket) // 2) as fake:
        steps = serial_printer(fake).run()
    assert [s.name for s in steps][:2] == ["connection", "status"]
    assert steps[1].verdict is Verdict.PASS
    assert (steps[-1].name, steps[-1].verdict) == ("connection", Verdict.FAIL)
    assert "failed" in steps[-1].message


def test_the_wait_for_the_cut_ends_on_a_line_that_never_stops_talking() -> None:
    """A device that sends bytes without end (here a link that always has one) does not
    hold the self-test: the wait for GS ( H's reply has a bound in bytes as in time."""

    class Babbling:
        written = b""

        def write(self, data: bytes) -> None:
            self.written += data

        def read_byte(self) -> int | None:
            return 0x55

        def discard_input(self) -> None:
            pass

        def close(self) -> None:
            pass

    printer = EscposPrinter("sim", status_timeout_s=0.1)
    assert printer._wait_finished(Babbling()) is False
