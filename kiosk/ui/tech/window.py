"""The technician panel: a PIN pad, then Devices, Logs, Configuration, Reports and Export.

`kiosk tech` opens it; so does the kiosk's hidden long-press. The window wires the
pages to the controllers (kiosk.ui.tech.controller), which decide.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import diagnostics
from kiosk.app import TicketPicture, daily_folder
from kiosk.core.pin import PinGate
from kiosk.ui import style
from kiosk.ui.context import UiContext
from kiosk.ui.counter.reprint import Reprinter
from kiosk.ui.tech.controller import (
    ExportController,
    PinController,
    SelfTestController,
    log_lines,
)
from kiosk.ui.tech.devices import DevicesView
from kiosk.ui.tech.hallpcs import HallPcsView
from kiosk.ui.tech.pages import ConfigView, ExportView, LogsView
from kiosk.ui.tech.pinpad import PinPad
from kiosk.ui.tech.reports import ReportsView
from kiosk.ui.tech.ticketpicture import TicketPictureDialog

log = logging.getLogger(__name__)


TAB_STYLE = (
    "QTabBar::tab { font-size: 18px; padding: 12px 28px; min-width: 120px; }"
    f" QTabBar::tab:selected {{ color: {style.BRAND}; font-weight: bold; }}"
)


class TechWindow(QWidget):
    """Wires the technician's pages to the PIN, self-test and export controllers."""

    def __init__(
        self, ctx: UiContext, gate: PinGate | None = None, parent: QWidget | None = None
    ) -> None:
        """``gate``: the technician PIN (by default the process's, ``ctx.pins``, whose
        failures and lockout are in the store)."""
        super().__init__(parent)
        self._ctx = ctx
        self.picture_dialog: TicketPictureDialog | None = None
        self.setObjectName("techWindow")
        self.resize(1280, 800)
        self.setMinimumSize(1024, 700)
        self.pin = PinController(gate or ctx.pins, ctx.ops, ctx.clock, self)
        self.selftests = SelfTestController(ctx.selftests, ctx.devices, self)
        self.reprinter = Reprinter(
            ctx.runtime.reprint,
            ctx.devices,
            self,
        )
        self.exporter = ExportController(
            ctx.settings, ctx.clock, ctx.logs, self.selftests, ctx.ops, self
        )

        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: 24px; font-weight: bold; color: {style.PAPER};")
        hall = ctx.settings.config.hall
        self.hall_label = QLabel(f"{hall.name_zh} · {hall.name_en}")
        self.hall_label.setStyleSheet(f"font-size: 16px; color: {style.PAPER};")
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setMinimumHeight(style.touch_px() - 12)
        self.lock_button.setStyleSheet(
            f"font-size: 18px; padding: 0 24px; color: {style.BRAND}; background: {style.PAPER};"
            " border-radius: 8px;"
        )
        header = QWidget()
        header.setObjectName("techHeader")
        header.setStyleSheet(f"#techHeader {{ background: {style.BRAND}; }}")
        bar = QHBoxLayout(header)
        bar.setContentsMargins(20, 10, 20, 10)
        bar.addWidget(self.title)
        bar.addSpacing(20)
        bar.addWidget(self.hall_label)
        bar.addStretch(1)
        bar.addWidget(self.lock_button)

        self.pinpad = PinPad()
        self.devices = DevicesView(self.selftests.devices)
        self.logs = LogsView(lambda: log_lines(ctx.logs))
        self.config = ConfigView(diagnostics.config_text(ctx.settings))
        self.export = ExportView(self.exporter.default_folder)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("techTabs")
        self.tabs.setStyleSheet(TAB_STYLE)
        pages: list[QWidget] = [self.devices, self.logs, self.config, self.export]
        # on a PC of a hall of several: the hall's PCs and their devices, from the server
        self.hall_pcs: HallPcsView | None = None
        if ctx.runtime.hall_pcs is not None:
            self.hall_pcs = HallPcsView(ctx.runtime.hall_pcs, ctx.ops)
            pages.insert(1, self.hall_pcs)
        # the daily reports: this PC's own, or the hall server's
        self.reports: ReportsView | None = None
        if ctx.runtime.reports is not None:
            remote = ctx.runtime.link is not None
            download_to = daily_folder(ctx.settings) if remote else None
            self.reports = ReportsView(ctx.runtime.reports, ctx.ops, download_to)
            pages.insert(len(pages) - 1, self.reports)
        for page in pages:
            self.tabs.addTab(page, "")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pinpad)
        self.stack.addWidget(self.tabs)
        column = QVBoxLayout(self)
        # The window's size is its own (minimum set above): a layout that re-sized it
        # whenever a page changed would also warn on platforms without size hints.
        column.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.stack, 1)
        self._connect_signals()
        self._show_hub(ctx)
        self.retranslate()
        self.pinpad.show_state(self.pin.state)
        self._show_unlocked(False)

    def _connect_signals(self) -> None:
        self.pinpad.submitted.connect(self.pin.submit)
        self.pin.padChanged.connect(self.pinpad.show_state)
        self.pin.unlockedChanged.connect(self._show_unlocked)
        self.lock_button.clicked.connect(self.pin.lock)
        self.devices.runAll.connect(self.selftests.run_all)
        self.devices.runOne.connect(self.selftests.run_one)
        self.selftests.runningChanged.connect(self.devices.set_running)
        self.selftests.progress.connect(self.devices.show_progress)
        self.selftests.reportsChanged.connect(
            lambda: self.devices.show_reports(self.selftests.reports)
        )
        self.devices.reprintRequested.connect(self.reprinter.reprint)
        self.devices.pictureRequested.connect(self.show_ticket_picture)
        if self._ctx.hub_events is not None:
            self._ctx.hub_events.prompted.connect(self.devices.show_prompt)
        self.reprinter.reprinted.connect(self.devices.show_reprinted)
        self.reprinter.failed.connect(self.devices.show_reprint_failed)
        self.export.exportRequested.connect(self.exporter.export)
        self.exporter.runningChanged.connect(self.export.set_running)
        self.exporter.exported.connect(self.export.show_exported)
        self.exporter.failed.connect(self.export.show_failed)

    def _show_hub(self, ctx: UiContext) -> None:
        """The bus devices' lights, when this process runs the device hub."""
        hub, events = ctx.hub, ctx.hub_events
        if hub is None:
            return
        if events is not None:  # connected first: a change while we read is not lost
            events.healthChanged.connect(self.devices.show_health)
        self.devices.show_bus_devices(hub.snapshot())  # the buses' bookkeeping: no I/O

    def show_ticket_picture(self) -> None:
        """Draw the printer's last ticket on the device worker, then show it."""
        ctx = self._ctx
        self.devices.picture_button.setEnabled(False)
        self._ctx.devices.submit(
            ctx.runtime.ticket_picture,
            self._picture_ready,
            self._picture_failed,
        )

    def _picture_ready(self, picture: TicketPicture) -> None:
        self.devices.picture_button.setEnabled(True)
        self.picture_dialog = TicketPictureDialog(picture, self)
        self.picture_dialog.open()

    def _picture_failed(self, exc: BaseException) -> None:
        self.devices.picture_button.setEnabled(True)
        log.error("the ticket picture could not be drawn", exc_info=exc)
        self.devices.show_picture_failed(str(exc))

    def _show_unlocked(self, unlocked: bool) -> None:
        self.stack.setCurrentWidget(self.tabs if unlocked else self.pinpad)
        if unlocked and self.hall_pcs is not None:
            self.hall_pcs.refresh()
        if unlocked and self.reports is not None:
            self.reports.refresh()
        self.lock_button.setVisible(unlocked)
        if not unlocked:
            self.pinpad.entry.clear()
            self.pinpad.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Technician panel"))
        self.title.setText(self.tr("Technician panel"))
        self.lock_button.setText(self.tr("Lock"))
        for page, text in (
            (self.devices, self.tr("Devices")),
            (self.logs, self.tr("Logs")),
            (self.config, self.tr("Configuration")),
            (self.export, self.tr("Export")),
            (self.hall_pcs, self.tr("PCs of the hall")),
            (self.reports, self.tr("Reports")),
        ):
            if page is not None:
                self.tabs.setTabText(self.tabs.indexOf(page), text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing locks: the panel opened from the kiosk must not stay open behind it."""
        self.pin.lock()
        super().closeEvent(event)
