"""The Devices page: a status light per device, its self-test, all of them with
progress, and the pass/warn/fail report with each step's message."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.selftest import Report, Verdict
from kiosk.ui import style
from kiosk.ui.tech.text import fill

UNKNOWN = "#9aa0a6"  # grey: not tested yet
COLOURS = {Verdict.PASS: style.OK, Verdict.WARN: style.ACCENT, Verdict.FAIL: style.ALERT}


def colour(verdict: Verdict | None) -> str:
    return COLOURS[verdict] if verdict is not None else UNKNOWN


class StatusLight(QLabel):
    """A round light: green pass, amber warning, red failure, grey not tested."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(28, 28)
        self.show_verdict(None)

    def show_verdict(self, verdict: Verdict | None) -> None:
        self.verdict = verdict
        self.colour = colour(verdict)
        self.setStyleSheet(
            f"background: {self.colour}; border-radius: 14px; border: 2px solid {style.INK};"
        )


class DevicesView(QWidget):
    """Shows devices, progress and reports; asks for runs.

    Signals:
        runAll(): the technician wants every self-test run.
        runOne(str): the technician wants one device's self-test run.
        reprintRequested(str): print this ticket number again.
        pictureRequested(): show the printer's last ticket as a picture.
    """

    runAll = Signal()
    runOne = Signal(str)
    reprintRequested = Signal(str)
    pictureRequested = Signal()

    def __init__(self, devices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._devices = devices
        self._reports: list[Report] = []
        self._progress: tuple[int, int, str] | None = None
        self.lights: dict[str, StatusLight] = {}
        self.names: dict[str, QLabel] = {}
        self.verdicts: dict[str, QLabel] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(4, 1)  # the test button follows its device's verdict
        grid.setColumnMinimumWidth(2, 140)
        for row, device in enumerate(devices):
            self.lights[device] = StatusLight()
            self.names[device] = QLabel()
            self.names[device].setStyleSheet("font-size: 20px; font-weight: bold;")
            self.verdicts[device] = QLabel()
            self.verdicts[device].setStyleSheet("font-size: 18px;")
            button = QPushButton()
            button.setObjectName(f"test_{device}")
            button.setMinimumSize(160, style.touch_px() - 8)
            button.setStyleSheet("font-size: 18px; padding: 0 18px;")
            button.clicked.connect(lambda _=False, d=device: self.runOne.emit(d))
            self.test_buttons[device] = button
            for col, widget in enumerate(
                (self.lights[device], self.names[device], self.verdicts[device], button)
            ):
                grid.addWidget(widget, row, col)
        self.run_all_button = QPushButton()
        self.run_all_button.setObjectName("runAll")
        self.run_all_button.setMinimumHeight(style.touch_px())
        self.run_all_button.setStyleSheet(
            f"QPushButton {{ font-size: 20px; font-weight: bold; color: {style.PAPER};"
            f" background: {style.BRAND}; border-radius: 8px; padding: 0 24px; }}"
            " QPushButton:disabled { background: #b8bec6; }"
        )
        self.run_all_button.clicked.connect(self.runAll)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(len(devices), 1))
        self.progress.setValue(0)
        self.progress.setMinimumHeight(32)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet(f"color: {style.MUTED}; font-size: 16px;")
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_all_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.progress_label)
        self.reprint_label = QLabel()
        self.reprint_label.setStyleSheet("font-size: 18px;")
        self.reprint_number = QLineEdit()
        self.reprint_number.setObjectName("reprintNumber")
        self.reprint_number.setMaxLength(8)
        self.reprint_number.setMinimumHeight(style.touch_px() - 12)
        self.reprint_number.setMaximumWidth(160)
        self.reprint_number.setStyleSheet("font-size: 20px;")
        self.reprint_button = QPushButton()
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setMinimumSize(160, style.touch_px() - 12)
        self.reprint_button.setStyleSheet("font-size: 18px; padding: 0 18px;")
        self.reprint_result = QLabel()
        self.reprint_result.setWordWrap(True)
        self.reprint_result.setStyleSheet("font-size: 16px;")
        self.reprint_button.clicked.connect(self._ask_reprint)
        self.picture_button = QPushButton()
        self.picture_button.setObjectName("ticketPictureButton")
        self.picture_button.setMinimumSize(160, style.touch_px() - 12)
        self.picture_button.setStyleSheet("font-size: 18px; padding: 0 18px;")
        self.picture_button.clicked.connect(self.pictureRequested)
        self.reprint_number.returnPressed.connect(self._ask_reprint)
        reprint_row = QHBoxLayout()
        reprint_row.addWidget(self.reprint_label)
        reprint_row.addWidget(self.reprint_number)
        reprint_row.addWidget(self.reprint_button)
        reprint_row.addWidget(self.reprint_result, 1)
        reprint_row.addWidget(self.picture_button)
        self.report = QTreeWidget()
        self.report.setColumnCount(3)
        self.report.setRootIsDecorated(True)
        self.report.setStyleSheet("font-size: 16px;")
        header = self.report.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column = QVBoxLayout(self)
        column.addLayout(grid)
        column.addSpacing(8)
        column.addLayout(run_row)
        column.addLayout(reprint_row)
        self.report_title = QLabel()
        self.report_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        column.addWidget(self.report_title)
        column.addWidget(self.report, 1)
        self.retranslate()

    def device_name(self, device: str) -> str:
        names = {
            "printer": self.tr("Ticket printer"),
            "voice": self.tr("Voice"),
            "storage": self.tr("Storage"),
            "fonts": self.tr("Fonts"),
        }
        return names.get(device, device)

    def verdict_name(self, verdict: Verdict | None) -> str:
        if verdict is None:
            return self.tr("Not tested")
        return {
            Verdict.PASS: self.tr("Pass"),
            Verdict.WARN: self.tr("Warning"),
            Verdict.FAIL: self.tr("Fail"),
        }[verdict]

    def _show_lights(self) -> None:
        for device in self._devices:
            verdict = next((r.verdict for r in self._reports if r.device == device), None)
            self.lights[device].show_verdict(verdict)
            self.verdicts[device].setText(self.verdict_name(verdict))
            self.verdicts[device].setStyleSheet(f"font-size: 18px; color: {colour(verdict)};")

    def set_running(self, running: bool) -> None:
        self.run_all_button.setEnabled(not running)
        for button in self.test_buttons.values():
            button.setEnabled(not running)
        if not running and self._progress is not None:
            self._progress = (self._progress[1], self._progress[1], "")
            self._show_progress()

    def show_progress(self, done: int, total: int, device: str) -> None:
        self._progress = (done, total, device)
        self._show_progress()

    def _show_progress(self) -> None:
        if self._progress is None:
            self.progress_label.setText(self.tr("No self-test has run yet"))
            return
        done, total, device = self._progress
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if device:
            self.progress_label.setText(
                fill(
                    self.tr("Testing {device} ({n} of {total})"),
                    device=self.device_name(device),
                    n=done + 1,
                    total=total,
                )
            )
        else:
            self.progress_label.setText(fill(self.tr("Done: {total} tested"), total=total))

    def show_reports(self, reports: list[Report]) -> None:
        """The last report of each tested device: lights and the report tree."""
        self._reports = list(reports)
        self._show_lights()
        self.report.clear()
        for report in self._reports:
            top = QTreeWidgetItem(
                [self.device_name(report.device), self.verdict_name(report.verdict), ""]
            )
            self._paint(top, report.verdict)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for step in report.steps:
                child = QTreeWidgetItem([step.name, self.verdict_name(step.verdict), step.message])
                child.setToolTip(2, step.message)
                self._paint(child, step.verdict)
                top.addChild(child)
            self.report.addTopLevelItem(top)
            top.setExpanded(report.verdict is not Verdict.PASS)  # what needs attention, open

    @staticmethod
    def _paint(item: QTreeWidgetItem, verdict: Verdict) -> None:
        item.setForeground(1, QBrush(QColor(colour(verdict))))

    def _ask_reprint(self) -> None:
        number = self.reprint_number.text().strip()
        if number:
            self.reprint_result.setText(fill(self.tr("Printing {number}…"), number=number.upper()))
            self.reprint_result.setStyleSheet(f"font-size: 16px; color: {style.MUTED};")
            self.reprintRequested.emit(number)

    def show_reprinted(self, number: str) -> None:
        self.reprint_number.clear()
        self.reprint_result.setText(
            fill(self.tr("Ticket {number} was printed again."), number=number)
        )
        self.reprint_result.setStyleSheet(f"font-size: 16px; color: {style.OK};")

    def show_reprint_failed(self, number: str, reason: str) -> None:
        self.reprint_result.setText(
            fill(self.tr("Ticket {number} was not printed: {reason}"), number=number, reason=reason)
        )
        self.reprint_result.setStyleSheet(f"font-size: 16px; color: {style.ALERT};")

    def show_picture_failed(self, reason: str) -> None:
        self.reprint_result.setText(
            fill(self.tr("The ticket picture could not be drawn: {reason}"), reason=reason)
        )
        self.reprint_result.setStyleSheet(f"font-size: 16px; color: {style.ALERT};")

    def retranslate(self) -> None:
        self.reprint_label.setText(self.tr("Reprint ticket"))
        self.reprint_number.setPlaceholderText("A023")
        self.reprint_button.setText(self.tr("Reprint"))
        self.picture_button.setText(self.tr("Show last ticket"))
        self.picture_button.setToolTip(
            self.tr("The last ticket the printer printed, as the paper shows it")
        )
        for device in self._devices:
            self.names[device].setText(self.device_name(device))
            self.test_buttons[device].setText(self.tr("Test"))
        self.run_all_button.setText(self.tr("Run all self-tests"))
        self.report_title.setText(self.tr("Report"))
        self.report.setHeaderLabels(
            [self.tr("Device / check"), self.tr("Result"), self.tr("Message")]
        )
        self._show_progress()
        self.show_reports(self._reports)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
