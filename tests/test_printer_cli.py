"""`kiosk queue reprint`, `kiosk selftest printer` and `kiosk bench printer`, in-process on a
real temporary store; the printers are files, the simulator and the pty fake printer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import config
from kiosk.app import load_settings, open_service, printer_profile, ticket_job
from kiosk.core.errors import DeviceFailed, NotFound
from kiosk.core.model import EventKind
from kiosk.devices.escpos import status as st
from kiosk.devices.escpos.render import render_test_ticket, render_ticket

from .cli_run import ok_json, run
from .fakeprinter import FakePrinter

NOW = "2026-11-24T10:00:00"


@pytest.fixture(autouse=True)
def _hall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_NOW", NOW)


def expected_bytes(number: str) -> bytes:
    """What the kiosk's own path would print for this ticket now."""
    settings = load_settings(None, None)
    with open_service(settings) as service:
        issued = service.reprint_info(number)
        job = ticket_job(settings, issued)
    return render_ticket(job, printer_profile(settings))


def test_reprint_to_a_file_writes_the_exact_bytes_and_marks_the_ticket_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok_json(capsys, "queue", "issue", "bill")
    ok_json(capsys, "queue", "issue", "bill")
    second = ok_json(capsys, "queue", "issue", "bill")
    settings = load_settings(None, None)
    with open_service(settings) as service:  # the kiosk could not print it
        service.report_print_failure(second["uid"], "A003", st.PAPER_OUT)
    assert ok_json(capsys, "queue", "list")[2]["printed"] is False

    out = tmp_path / "printer.bin"
    ticket = ok_json(capsys, "queue", "reprint", "a003", "--printer", f"file://{out}")

    assert (ticket["number"], ticket["printed"], ticket["state"]) == ("A003", True, "waiting")
    assert out.read_bytes() == expected_bytes("A003")
    assert "前面还有 2 人".encode("gb18030") in out.read_bytes()  # people ahead now
    with open_service(settings) as service:
        events = [e.kind for e in service._store.events()]  # type: ignore[attr-defined]
    assert events[-1] is EventKind.REPRINTED


def test_reprint_on_a_failing_printer_exits_12_and_leaves_the_ticket_not_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issued = ok_json(capsys, "queue", "issue", "plan")
    with open_service(load_settings(None, None)) as service:
        service.report_print_failure(issued["uid"], "B001", st.COVER_OPEN)
    code, out, err = run(capsys, "queue", "reprint", "B001", "--printer", "sim:cover-open")
    assert (code, out) == (DeviceFailed.exit_code, "")
    assert err == f"kiosk: error: {st.COVER_OPEN}\n"
    assert ok_json(capsys, "queue", "list")[0]["printed"] is False


def test_reprint_of_an_unknown_ticket_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "queue", "reprint", "Z999")
    assert (code, out) == (NotFound.exit_code, "")
    assert err == "kiosk: error: no active ticket Z999 today\n"


def test_reprint_uses_the_configured_printer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "lp0"
    hall = tmp_path / "hall.toml"
    hall.write_text(
        config.example_text().replace('url = "sim"', f'url = "file://{out}"\nwidth_mm = 58'),
        encoding="utf-8",
    )
    ok_json(capsys, "--config", str(hall), "queue", "issue", "bill", "--no-print")
    assert not out.exists()
    code, text, err = run(capsys, "--config", str(hall), "queue", "reprint", "A001")
    assert (code, err) == (0, ""), err
    assert text == "A001 (bill): waiting\n"
    data = out.read_bytes()
    assert data.startswith(b"\x1b@") and len(data) < 600


def test_a_bad_printer_url_on_the_command_line_is_a_config_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "selftest", "printer", "--printer", "lpt1")
    assert (code, out) == (3, "")
    assert err.startswith("kiosk: error: --printer: 'lpt1': a path must be absolute")


def test_selftest_printer_on_the_simulator_passes_with_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = ok_json(capsys, "selftest", "printer")
    assert (report["device"], report["printer"], report["verdict"]) == ("printer", "sim", "pass")
    assert [s["name"] for s in report["steps"]] == [
        "status",
        "DLE EOT 1 (printer status)",
        "DLE EOT 2 (offline cause)",
        "DLE EOT 3 (error cause)",
        "DLE EOT 4 (paper sensor)",
        "test ticket",
        "cutter after the test ticket",
    ]
    assert report["status"]["health"] == "fine"
    assert report["status"]["replies"] == ["0x12"] * 4


def test_selftest_printer_warn_exits_0_and_fail_exits_12_with_the_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    warn = ok_json(capsys, "selftest", "printer", "--printer", "sim:near-end")
    assert warn["verdict"] == "warn"
    assert warn["steps"][0] == {"name": "status", "verdict": "warn", "message": st.NEAR_END}

    code, out, err = run(capsys, "selftest", "printer", "--printer", "sim:paper-out", "--json")
    assert code == DeviceFailed.exit_code == 12
    report = json.loads(out)
    assert report["verdict"] == "fail"
    assert report["steps"][-1] == {
        "name": "test ticket",
        "verdict": "fail",
        "message": f"not printed: {st.PAPER_OUT}",
    }
    assert err == f"kiosk: error: printer sim:paper-out failed its self-test: {st.PAPER_OUT}\n"


@pytest.mark.parametrize(
    ("state", "code", "first_failure"),
    [("fine", 0, None), ("silent", 12, st.NO_REPLY), ("cutter_error", 12, st.CUTTER)],
)
def test_selftest_printer_on_a_serial_port(
    capsys: pytest.CaptureFixture[str], state: str, code: int, first_failure: str | None
) -> None:
    """The technician's command and CI's test are the same code on a real pty."""
    with FakePrinter(state) as fake:
        url = f"serial://{fake.path}?baudrate=9600&flow=none"
        got, out, err = run(capsys, "selftest", "printer", "--printer", url)
        if code == 0:
            assert (
                fake.wait_received(100)[:2]
                == render_test_ticket(printer_profile(load_settings(None, None)))[:2]
            )
    assert got == code, err
    assert out.startswith(f"printer {url}: {'pass' if code == 0 else 'fail'}\n")
    if first_failure:
        assert f"  fail status: {first_failure}\n" in out
        assert err.endswith(f"{first_failure}\n")


def test_bench_printer_is_wired(capsys: pytest.CaptureFixture[str]) -> None:
    data = ok_json(capsys, "bench", "printer", "--runs", "1", "--charset", "gbk")
    assert isinstance(data, dict) and data


def _hall_with_template(tmp_path: Path, template_text: str) -> Path:
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "ours.toml").write_text(template_text, encoding="utf-8")
    hall = config.example_text().replace(
        '[printer]\nurl = "sim"\n', '[printer]\nurl = "sim"\ntemplate = "tickets/ours.toml"\n'
    )
    assert 'template = "tickets/ours.toml"' in hall
    (tmp_path / "hall.toml").write_text(hall, encoding="utf-8")
    return tmp_path / "hall.toml"


def test_the_hall_template_relative_to_the_configuration_is_what_prints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, shipped, _ = run(capsys, "config", "ticket-template")
    assert code == 0 and "[[block]]" in shipped
    ours = shipped.replace("过号请重新取号", "过号作废 请重新取号")
    hall = _hall_with_template(tmp_path, ours)
    assert config.load(hall).printer.template == str(tmp_path / "tickets" / "ours.toml")

    ok_json(capsys, "--config", str(hall), "queue", "issue", "bill")
    out = tmp_path / "printer.bin"
    ok_json(capsys, "--config", str(hall), "queue", "reprint", "A001", "--printer", f"file://{out}")
    assert "过号作废 请重新取号".encode("gb18030") in out.read_bytes()


def test_a_wrong_template_stops_config_check_naming_the_key_and_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hall = _hall_with_template(tmp_path, '[[block]]\ntext = "{number}"\nsize = [9, 1]\n')
    code, out, err = run(capsys, "config", "check", str(hall))
    assert code == 3 and out == ""
    assert err.startswith(f"kiosk: error: {hall}: printer.template: ")
    assert str(tmp_path / "tickets" / "ours.toml") in err and "block[0].size" in err

    (tmp_path / "tickets" / "ours.toml").unlink()
    code, _, err = run(capsys, "config", "check", str(hall))
    assert code == 3 and "cannot read the ticket template" in err


def test_selftest_status_page_asks_the_printer_for_its_own_page_after_the_test_ticket(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.devices.escpos.printer import STATUS_PAGE_SENT

    from .escpos_parser import Cut, TestPrint, parse

    with FakePrinter("fine") as fake:
        url = f"serial://{fake.path}?baudrate=9600&flow=none"
        report = ok_json(capsys, "selftest", "printer", "--printer", url, "--status-page")
        test_ticket = render_test_ticket(printer_profile(load_settings(None, None)))
        received = fake.wait_received(len(test_ticket) + 7)
    # The printer cannot say whether it printed its page: "not confirmed", never a pass.
    assert report["steps"][-1] == {
        "name": "status page",
        "verdict": "warn",
        "message": STATUS_PAGE_SENT,
    }
    assert STATUS_PAGE_SENT.startswith("not confirmed: ")
    assert received.startswith(test_ticket)
    items = parse(received).items
    cut = max(i for i, item in enumerate(items) if isinstance(item, Cut))
    assert items[cut + 1 :] == (TestPrint(paper=0, page=2),)  # after the cut, its own page

    without = ok_json(capsys, "selftest", "printer")
    assert "status page" not in [s["name"] for s in without["steps"]]


# -- the counter devices' self-tests and benchmark (docs/devices.md) ---------------------


def test_selftest_display_on_the_demo_halls_simulated_bus_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = ok_json(capsys, "selftest", "display")
    assert report["verdict"] == "pass"
    [displays] = report["reports"]
    assert displays["device"] == "displays"
    assert [s["name"] for s in displays["steps"]] == [
        "main strip",
        "display 1",
        "display 2",
        "display 3",
        "display 4",
    ]


def test_selftest_all_starts_with_the_printer_and_a_silent_voice_fails_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hall = config.example_text().replace('output = "auto"', f'output = "folder:{tmp_path}"')
    (tmp_path / "hall.toml").write_text(hall, encoding="utf-8")
    code, out, err = run(
        capsys, "--config", str(tmp_path / "hall.toml"), "selftest", "all", "--press-seconds", "1",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert "Press any key on keypad 1 (counter 1) within 1 s" in err  # the technician's prompts
    report = json.loads(out)
    assert [r["device"] for r in report["reports"]] == [
        "printer", "displays", "keypads", "evaluators", "voice"
    ]  # fmt: skip
    assert report["verdict"] == "pass"
    assert list(tmp_path.glob("*.wav")), "the voice's test phrase was written"

    silent = hall.replace(f'output = "folder:{tmp_path}"', 'output = "pw-play"')
    (tmp_path / "hall.toml").write_text(silent, encoding="utf-8")
    code, out, err = run(
        capsys, "--config", str(tmp_path / "hall.toml"), "selftest", "voice", "--json"
    )
    assert code == DeviceFailed.exit_code
    assert json.loads(out)["verdict"] == "fail"
    assert err.startswith("kiosk: error: voice failed its self-test: play: ")


def test_bench_devices_is_wired(capsys: pytest.CaptureFixture[str]) -> None:
    data = ok_json(capsys, "bench", "devices", "--calls", "5", "--presses", "3", "--baud", "115200")
    assert data["goal_p95_ms"] == 250
