"""The Devices page: a status light per device, its self-test, all of them with
progress, and the pass/warn/fail report with each step's message. In the process that
owns the serial devices (`kiosk run`), also every bus device's health, live."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
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
from kiosk.devices.bus import Health
from kiosk.devices.selftest import Prompt
from kiosk.ui import style
from kiosk.ui.devices.lights import COLOURS as LINK_COLOURS
from kiosk.ui.devices.lights import Link, dot_icon, link, link_name
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


class BusDevicesList(QWidget):
    """Every display, keypad and evaluator on the buses: a light, where it hangs, online
    or offline and the last failure in the bus's words. ``show_health`` takes each
    change (kiosk.ui.devices.bridge.QtHubEvents.healthChanged); ``health`` keeps the
    latest per device name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.health: dict[str, Health] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.tree = QTreeWidget()
        self.tree.setObjectName("busDevices")
        self.tree.setColumnCount(5)
        self.tree.setRootIsDecorated(False)
        self.tree.setStyleSheet("font-size: 16px;")
        header = self.tree.header()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.tree, 1)
        self.retranslate()

    def state(self, name: str) -> Link:
        return link(self.health.get(name))

    def colour(self, name: str) -> str:
        return LINK_COLOURS[self.state(name)]

    def item(self, name: str) -> QTreeWidgetItem:
        return self._items[name]

    def show_all(self, healths: list[Health]) -> None:
        for health in healths:
            self.show_health(health)

    def show_health(self, health: Health) -> None:
        self.health[health.name] = health
        item = self._items.get(health.name)
        if item is None:
            item = self._items[health.name] = QTreeWidgetItem()
            self.tree.addTopLevelItem(item)
        self._fill(item, health)

    def kind_name(self, kind: str) -> str:
        names = {
            "display": self.tr("LED display"),
            "keypad": self.tr("Keypad"),
            "evaluator": self.tr("Evaluator"),
        }
        return names.get(kind, kind)

    def _fill(self, item: QTreeWidgetItem, health: Health) -> None:
        state = link(health)
        item.setIcon(0, dot_icon(LINK_COLOURS[state]))
        item.setText(0, health.name)
        item.setText(1, self.kind_name(health.kind))
        item.setText(2, fill(self.tr("{bus} · address {address}"), bus=health.bus,
                             address=health.address))  # fmt: skip
        item.setText(3, link_name(state))
        item.setForeground(3, QBrush(QColor(LINK_COLOURS[state])))
        reason = health.detail if state in (Link.OFFLINE, Link.FAULT) else ""
        item.setText(4, reason)
        item.setToolTip(4, reason)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Counter devices on the buses"))
        self.tree.setHeaderLabels(
            [self.tr("Device"), self.tr("Kind"), self.tr("Bus"), self.tr("State"),
             self.tr("Last error")]
        )  # fmt: skip
        for name, health in self.health.items():
            self._fill(self._items[name], health)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


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
        report_column = QVBoxLayout()
        report_column.addWidget(self.report_title)
        report_column.addWidget(self.report, 1)
        self.bus_devices = BusDevicesList()
        self.bus_devices.setVisible(False)  # shown in the process with a device hub
        bottom = QHBoxLayout()
        bottom.addLayout(report_column, 3)
        bottom.addWidget(self.bus_devices, 2)
        column.addLayout(bottom, 1)
        self.retranslate()

    def device_name(self, device: str) -> str:
        names = {
            "printer": self.tr("Ticket printer"),
            "voice": self.tr("Voice"),
            "storage": self.tr("Storage"),
            "fonts": self.tr("Fonts"),
            "displays": self.tr("LED displays"),
            "keypads": self.tr("Keypads"),
            "evaluators": self.tr("Evaluators"),
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

    def show_bus_devices(self, healths: list[Health]) -> None:
        """The hub's devices as they are now; later changes come to ``show_health``."""
        self.bus_devices.setVisible(True)
        self.bus_devices.show_all(healths)

    @Slot(object)
    def show_health(self, health: Health) -> None:
        self.bus_devices.show_health(health)

    def set_running(self, running: bool) -> None:
        self.run_all_button.setEnabled(not running)
        for button in self.test_buttons.values():
            button.setEnabled(not running)
        if not running and self._progress is not None:
            self._progress = (self._progress[1], self._progress[1], "")
            self._show_progress()

    def show_prompt(self, prompt: str) -> None:
        """A device self-test waits for the technician: "Press any key on the keypad of
        counter 3 within 20 s", in the panel's language (a Prompt has its parts)."""
        text = str(prompt)
        if isinstance(prompt, Prompt):
            what = self.tr("the keypad") if prompt.kind == "keypad" else self.tr("the evaluator")
            text = fill(
                self.tr("Press any key on {what} of counter {counter} within {seconds} s"),
                what=what,
                counter=prompt.counter,
                seconds=prompt.seconds,
            )
        self.progress_label.setText(text)
        self.progress_label.setStyleSheet(
            f"color: {style.ACCENT}; font-size: 18px; font-weight: bold;"
        )

    def show_progress(self, done: int, total: int, device: str) -> None:
        self._progress = (done, total, device)
        self._show_progress()

    def _show_progress(self) -> None:
        self.progress_label.setStyleSheet(f"color: {style.MUTED}; font-size: 16px;")
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
