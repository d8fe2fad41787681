"""The technician panel's Reports page: the daily reports newest first, with their
files' sizes and whether each was written or failed (why, which file: an alert); on a
PC of a hall of several, the hall server's, with a copy saved on this PC."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.app import Role, load_settings
from kiosk.app.daily import DailyReporter, folder
from kiosk.core import daily
from kiosk.core.clock import ManualClock
from kiosk.core.service import QueueService
from kiosk.store import daily as records
from kiosk.ui.app import make_qapp, open_context
from kiosk.ui.tech.reports import ReportsView, size_text
from kiosk.ui.tech.window import TechWindow
from tests.report.conftest import DAY1, DAY2, at
from tests.report.test_daily import day_one
from tests.server.conftest import start_server, stop_server
from tests.ui.conftest import close_context
from tests.ui.test_tech_panel import open_panel

DAY0 = DAY1 - dt.timedelta(days=1)


def cells(view: ReportsView) -> list[list[str]]:
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_sizes_read_as_a_person_reads_them() -> None:
    assert [size_text(n) for n in (812, 96_400, 1_234_567)] == ["812 B", "96.4 kB", "1.2 MB"]


def test_the_panel_lists_the_reports_newest_first_with_the_failure(ui_ctx: Any, qtbot: Any) -> None:
    rt = ui_ctx.runtime
    clock = ManualClock(at(DAY1, 9, 0))
    day_one(rt.settings.hall, rt.store, clock)
    clock.set(at(DAY2, 4, 0))
    service = QueueService(rt.settings.hall, rt.store, clock)
    DailyReporter(rt.settings, rt.store, service, clock).run_due()
    where = folder(rt.settings)
    # a day before whose report failed (recorded as a process records it)
    records.claim(rt.store, DAY0, "pc:9", clock.now())
    failed_file = str(where / "2026-11-23.pdf")
    records.finish(rt.store, DAY0, "pc:9", clock.now(), daily.FAILED, "disk full", failed_file)

    panel = open_panel(ui_ctx, qtbot)
    assert panel.reports is not None
    view = panel.reports
    panel.tabs.setCurrentWidget(view)
    assert panel.tabs.tabText(panel.tabs.indexOf(view)) == "Reports"
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=10_000)
    sizes = {p.name: size_text(p.stat().st_size) for p in where.iterdir()}
    assert cells(view) == [
        [
            "2026-11-24",
            f"2026-11-24.csv ({sizes['2026-11-24.csv']}), "
            f"2026-11-24.pdf ({sizes['2026-11-24.pdf']})",
            "written",
            "",
        ],
        ["2026-11-23", "-", "failed", f"{failed_file}: disk full"],
    ]
    assert not view.alert.isHidden()
    assert view.alert.text() == (f"Alert: a daily report was not written: {failed_file}: disk full")
    assert view.where.text() == f"Folder: {where}"
    view.table.selectRow(0)
    assert view.path.text().splitlines() == [
        str(where / "2026-11-24.csv"),
        str(where / "2026-11-24.pdf"),
    ]
    assert view.open_button.text() == "Open the folder"
    # in Chinese
    ui_ctx.languages.set("zh")
    qtbot.waitUntil(lambda: panel.tabs.tabText(panel.tabs.indexOf(view)) == "报表")
    assert cells(view)[0][2] == "已生成" and cells(view)[1][2] == "失败"


def test_a_remote_panel_lists_the_servers_reports_and_saves_a_copy(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_qapp()
    clock = ManualClock(at(DAY1, 9, 0))
    live = start_server(tmp_path / "server", clock=clock)
    try:
        rt = live.runtime
        day_one(rt.settings.hall, rt.store, clock)
        clock.set(at(DAY2, 4, 0))
        assert rt.daily is not None and rt.daily.run_due()
        monkeypatch.setenv("KIOSK_TOKEN", live.enroll("admin"))
        settings = load_settings(None, tmp_path / "tech-pc")
        ctx = open_context(settings, Role.TECH, clock=clock, server=live.url)
        try:
            ctx.languages.set("en")
            window = TechWindow(ctx)
            qtbot.addWidget(window)
            assert window.reports is not None
            view = window.reports
            view.refresh()
            qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=10_000)
            assert cells(view)[0][0] == "2026-11-24" and cells(view)[0][2] == "written"
            assert view.where.text() == f"From the hall server {live.url}"
            assert not view.open_button.isEnabled()  # no day chosen yet
            view.table.selectRow(0)
            assert view.open_button.isEnabled() and view.open_button.text() == "Save a copy"
            qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
            mine = tmp_path / "tech-pc" / "reports" / "daily"
            qtbot.waitUntil(lambda: view.path.text().startswith("Saved on this PC"), timeout=10_000)
            server_folder = folder(rt.settings)
            for name in ("2026-11-24.csv", "2026-11-24.pdf"):
                assert (mine / name).read_bytes() == (server_folder / name).read_bytes()
        finally:
            close_context(ctx)
    finally:
        stop_server(live)
