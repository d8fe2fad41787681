"""The technician panel behind the PIN: devices and self-tests, logs, configuration, export."""

from __future__ import annotations

import logging
import threading
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.core.selftest import Step, Verdict
from kiosk.ui import style
from kiosk.ui.tech.devices import UNKNOWN
from kiosk.ui.tech.window import TechWindow


def open_panel(ctx: Any, qtbot: Any) -> TechWindow:
    """A technician window, opened with the demo PIN, in English (the assertions)."""
    ctx.languages.set("en")
    w = TechWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.pin.state.accepts_input, timeout=5000)  # the store answered
    with qtbot.waitSignal(w.pin.unlockedChanged, timeout=5000):
        w.pin.submit("1234")
    return w


@pytest.fixture
def panel(ui_ctx: Any, qtbot: Any) -> TechWindow:
    return open_panel(ui_ctx, qtbot)


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def run_all(qtbot: Any, panel: TechWindow) -> list[tuple[int, int, str]]:
    """Press "run all" and wait for the reports; returns the progress seen on the UI thread."""
    seen: list[tuple[int, int, str]] = []
    main = threading.get_ident()

    def record(done: int, total: int, device: str) -> None:
        assert threading.get_ident() == main, "progress arrives on the UI thread"
        seen.append((done, total, device))

    panel.selftests.progress.connect(record)
    with qtbot.waitSignal(panel.selftests.reportsChanged, timeout=10_000):
        click(qtbot, panel.devices.run_all_button)
        assert not panel.devices.run_all_button.isEnabled(), "one run at a time"
    return seen


def test_every_device_has_a_grey_light_before_any_run(panel: TechWindow) -> None:
    assert set(panel.devices.lights) == {"printer", "voice", "storage", "fonts"}
    assert {light.colour for light in panel.devices.lights.values()} == {UNKNOWN}
    assert panel.devices.report.topLevelItemCount() == 0


def test_run_all_shows_progress_then_a_report_with_the_printer_failure(
    ui_ctx: Any, qtbot: Any
) -> None:
    """Paper out on the printer: its light turns red with the plain sentence; storage and
    fonts (fonts-noto-cjk has the demo hall's glyphs) pass."""
    ui_ctx.printer.state = "paper-out"
    panel = open_panel(ui_ctx, qtbot)

    seen = run_all(qtbot, panel)

    assert seen == [
        (0, 4, "printer"),
        (1, 4, "voice"),
        (2, 4, "storage"),
        (3, 4, "fonts"),
        (4, 4, ""),
    ]
    bar = panel.devices.progress
    assert (bar.value(), bar.maximum()) == (4, 4)
    assert panel.devices.run_all_button.isEnabled()
    lights = {device: light.colour for device, light in panel.devices.lights.items()}
    assert lights == {
        "printer": style.ALERT,
        "voice": style.OK,
        "storage": style.OK,
        "fonts": style.OK,
    }
    assert panel.selftests.verdict("printer") is Verdict.FAIL
    assert panel.selftests.verdict("storage") is Verdict.PASS
    assert panel.selftests.verdict("fonts") is Verdict.PASS
    tree = panel.devices.report
    printer = tree.topLevelItem(0)
    assert (printer.text(0), printer.text(1)) == ("Ticket printer", "Fail")
    assert printer.child(0).text(2) == "paper out: load a new roll"
    assert tree.topLevelItemCount() == 4
    opened = [tree.topLevelItem(i).isExpanded() for i in range(4)]
    assert opened == [True, False, False, False], "only what needs attention is opened"


def test_a_warning_is_amber(ui_ctx: Any, panel: TechWindow, qtbot: Any) -> None:
    ui_ctx.printer.state = "near-end"
    with qtbot.waitSignal(panel.selftests.reportsChanged, timeout=5000):
        click(qtbot, panel.devices.test_buttons["printer"])
    assert panel.devices.lights["printer"].colour == style.ACCENT
    assert panel.devices.verdicts["printer"].text() == "Warning"


def test_one_device_test_runs_only_that_device(panel: TechWindow, qtbot: Any) -> None:
    with qtbot.waitSignal(panel.selftests.reportsChanged, timeout=5000):
        click(qtbot, panel.devices.test_buttons["storage"])
    assert [r.device for r in panel.selftests.reports] == ["storage"]
    assert panel.devices.lights["storage"].colour == style.OK
    assert panel.devices.lights["printer"].colour == UNKNOWN


def test_a_self_test_that_raises_is_a_failure_not_a_crash(ui_ctx: Any, qtbot: Any) -> None:
    class Broken:
        device = "keypad"

        def run(self) -> list[Step]:
            raise OSError("port /dev/ttyUSB1 is gone")

    ui_ctx.selftests.append(Broken())
    panel = open_panel(ui_ctx, qtbot)
    with qtbot.waitSignal(panel.selftests.reportsChanged, timeout=5000):
        click(qtbot, panel.devices.test_buttons["keypad"])
    assert panel.devices.lights["keypad"].colour == style.ALERT
    assert "port /dev/ttyUSB1 is gone" in panel.devices.report.topLevelItem(0).child(0).text(2)


def test_the_logs_page_shows_a_line_just_logged(panel: TechWindow, qtbot: Any) -> None:
    logging.getLogger("kiosk.test").warning("evaluator at counter 3 does not answer")
    panel.tabs.setCurrentWidget(panel.logs)
    assert panel.logs.timer.isActive(), "refreshes itself while shown"
    qtbot.waitUntil(
        lambda: "evaluator at counter 3 does not answer" in panel.logs.text.toPlainText()
    )
    logging.getLogger("kiosk.test").warning("second line")
    click(qtbot, panel.logs.refresh_button)
    assert panel.logs.text.toPlainText().splitlines()[-1].endswith("kiosk.test: second line")
    panel.tabs.setCurrentWidget(panel.devices)
    assert not panel.logs.timer.isActive()


def test_the_configuration_page_shows_the_configuration_without_secrets(
    ui_ctx: Any, panel: TechWindow
) -> None:
    text = panel.config.text.toPlainText()
    assert panel.config.text.isReadOnly()
    config = ui_ctx.settings.config
    assert config.kiosk.secret not in text
    assert config.tech.pin_hash not in text
    shown = tomllib.loads(text)
    assert shown["kiosk"]["secret"] == shown["tech"]["pin_hash"] == "(hidden)"
    assert shown["hall"]["name_zh"] == config.hall.name_zh
    assert len(shown["services"]) == len(config.services)


def test_export_writes_the_bundle_into_the_chosen_folder(
    panel: TechWindow, qtbot: Any, tmp_path: Path
) -> None:
    with qtbot.waitSignal(panel.selftests.reportsChanged, timeout=5000):
        click(qtbot, panel.devices.test_buttons["printer"])
    panel.tabs.setCurrentWidget(panel.export)
    panel.export.set_folder(tmp_path / "usb-stick")
    with qtbot.waitSignal(panel.exporter.exported, timeout=10_000) as written:
        click(qtbot, panel.export.export_button)
    path = written.args[0]
    assert path == tmp_path / "usb-stick" / "diag-20261124-090000.zip"
    assert str(path) in panel.export.status.text()
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert {"config.toml", "integrity.txt", "versions.txt", "logs/recent.txt"} <= names
        assert "printer: pass" in zf.read("selftest.txt").decode()
        assert "store is healthy" in zf.read("integrity.txt").decode()
        assert "technician panel unlocked" in zf.read("logs/recent.txt").decode()


def test_an_export_that_cannot_be_written_says_why(
    panel: TechWindow, qtbot: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    panel.export.set_folder(blocker)
    with qtbot.waitSignal(panel.exporter.failed, timeout=10_000):
        click(qtbot, panel.export.export_button)
    assert "cannot write diagnostic bundle" in panel.export.status.text()
    assert panel.export.export_button.isEnabled()


def test_the_export_folder_defaults_to_the_data_directory(ui_ctx: Any, panel: TechWindow) -> None:
    assert panel.export.folder == ui_ctx.settings.data_dir


def test_a_device_refusing_its_work_shows_an_amber_fault_with_the_reason(qtbot: Any) -> None:
    """A device that answers with Modbus exceptions is online but faulted (the bus backs
    it off): the technician sees an amber "Fault" and the refusal, not a green "Online"."""
    from kiosk.devices.bus import Health
    from kiosk.ui.devices.lights import AMBER, Link, link
    from kiosk.ui.tech.devices import BusDevicesList

    devices = BusDevicesList()
    qtbot.addWidget(devices)
    why = "refuses a write: device failure (Modbus exception 4)"
    faulted = Health("eval-1", "evaluator", "bus0", 3, True, why, 10, 4, None)
    devices.show_health(faulted)
    item = devices.tree.topLevelItem(0)
    assert link(faulted) is Link.FAULT
    assert (item.text(3), item.text(4)) == ("Fault", why)
    assert item.foreground(3).color().name() == AMBER

    well = Health("eval-1", "evaluator", "bus0", 3, True, "", 11, 4, None)
    devices.show_health(well)
    assert (item.text(3), item.text(4)) == ("Online", "")
