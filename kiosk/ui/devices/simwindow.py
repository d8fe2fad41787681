"""The simulated devices of the demo hall: what each LED display says, and their keys.

`kiosk run` on the embedded default opens it beside the kiosk. The devices are real
simulators on the far end of a pseudo-terminal (kiosk.devices.simulators): the hub
drives the displays over Modbus RTU and polls the keypads and evaluators, so pressing
a key here travels the same way as a finger on a real keypad. Each device's light
is its health as the hub sees it.

Pressing a simulated key only queues the press in the simulator (a lock held for a
few instructions, no I/O), so the buttons press them directly on the UI thread.
"""

from __future__ import annotations

import collections
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Slot
from PySide6.QtGui import QCloseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.devices import Key, KeyReport, Rating, Refusal
from kiosk.core.errors import KioskError
from kiosk.core.model import CounterState, Hall, TicketState
from kiosk.devices.bus import Health
from kiosk.devices.hub import DeviceHub
from kiosk.devices.modbus import registers as reg
from kiosk.devices.simulators import (
    SimDevice,
    SimDisplay,
    SimEvaluator,
    SimKeypad,
    SimulatedBuses,
)
from kiosk.ui import style
from kiosk.ui.devices.bridge import QtHubEvents, SimFeed
from kiosk.ui.devices.led import LedPanel
from kiosk.ui.devices.lights import DeviceLight
from kiosk.ui.tech.text import fill

# The keypad's keys in the order of a counter's day; TRANSFER comes with its digits.
KEYS = (Key.OPEN, Key.CALL_NEXT, Key.RECALL, Key.SERVE, Key.DONE, Key.NO_SHOW, Key.PAUSE)
RATING_COLOURS = {
    Rating.VERY_SATISFIED: style.OK,
    Rating.SATISFIED: "#43a047",
    Rating.NEUTRAL: style.ACCENT,
    Rating.DISSATISFIED: style.ALERT,
}
ServiceName = Callable[[str], str]
"""Names a business type (its code) in the language in force."""

BUTTON = "font-size: 15px; padding: 4px 10px; min-height: 36px;"
SMALL = f"font-size: 14px; color: {style.MUTED};"


def _title(text: QLabel) -> QLabel:
    text.setStyleSheet("font-size: 15px; font-weight: bold;")
    return text


def service_namer(hall: Hall, language: Callable[[], str]) -> ServiceName:
    """Names a business type in the language ``language()`` returns ("zh" or "en")."""

    def name(code: str) -> str:
        try:
            service = hall.service(code)
        except KioskError:
            return code
        return service.name_zh if language() == "zh" else service.name_en

    return name


class DisplayBox(QWidget):
    """One simulated LED display, its light and its name."""

    def __init__(self, sim: SimDisplay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim = sim
        self.panel = LedPanel(strip=sim.kind == reg.DeviceKind.STRIP_DISPLAY)
        self.light = DeviceLight()
        self.label = _title(QLabel())
        self._line1_at = sim.line1_at
        top = QHBoxLayout()
        top.addWidget(self.light)
        top.addWidget(self.label, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.panel)
        self.panel.show_text(sim.text, sim.mode)

    def refresh(self) -> None:
        """Show the simulator's state; a new first line blinks as it was told to."""
        sim = self.sim
        new_number = sim.line1_at != self._line1_at
        self._line1_at = sim.line1_at
        self.panel.show_text(sim.text, sim.mode, sim.blink if new_number else 0)


class KeypadBox(QWidget):
    """A counter's keypad: its keys, the digits typed before Transfer, what the last
    key did (as the hub reports it)."""

    def __init__(
        self, sim: SimKeypad, name_service: ServiceName | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.sim = sim
        self._name_service = name_service
        self.light = DeviceLight()
        self.label = _title(QLabel())
        self.buttons: dict[Key, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, key in enumerate((*KEYS, Key.TRANSFER)):
            button = QPushButton()
            button.setObjectName(f"key_{key.label}")
            button.setStyleSheet(BUTTON)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.buttons[key] = button
            if key is not Key.TRANSFER:
                grid.addWidget(button, i // 4, i % 4)
        self.digits = QLineEdit()
        self.digits.setObjectName("transferDigits")
        self.digits.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,3}")))
        self.digits.setMaximumWidth(90)
        self.digits.setStyleSheet("font-size: 15px; min-height: 34px;")
        transfer = QHBoxLayout()
        transfer.setSpacing(4)
        transfer.addWidget(self.digits)
        transfer.addWidget(self.buttons[Key.TRANSFER], 1)
        grid.addLayout(transfer, 1, 3, 1, 2)
        self.result = QLabel()
        self.result.setObjectName("keyResult")
        self.result.setStyleSheet(SMALL)
        self.result.setMinimumHeight(20)
        self._result: tuple[KeyReport | None] | None = None
        top = QHBoxLayout()
        top.addWidget(self.light)
        top.addWidget(self.label, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(grid)
        column.addWidget(self.result)

    def key_text(self, key: Key) -> str:
        return {
            Key.OPEN: self.tr("Open counter"),
            Key.CALL_NEXT: self.tr("Call next"),
            Key.RECALL: self.tr("Recall"),
            Key.SERVE: self.tr("Serve"),
            Key.DONE: self.tr("Done"),
            Key.NO_SHOW: self.tr("No-show"),
            Key.PAUSE: self.tr("Pause / resume"),
            Key.TRANSFER: self.tr("Transfer"),
        }[key]

    @Slot()
    def press(self, key: Key) -> None:
        """A finger on a key; Transfer sends the digits typed (none: the keypad's business
        type), which the keypad then forgets."""
        arg = 0
        if key is Key.TRANSFER:
            arg = int(self.digits.text() or 0)
            self.digits.clear()
        if not self.sim.press(key, arg):
            self.show_result(None)

    def show_result(self, report: KeyReport | None) -> None:
        """What the last key did, or why it was refused, in the window's language
        (None: the simulated keypad's own queue was full and the press was lost)."""
        self._result = (report,)
        ok = report is not None and report.ok
        if report is None:
            text = self.tr("Refused: {why}")
            why = self.tr("the keypad's queue is full, the press was lost")
            shown = fill(text, why=why)
        elif report.ok:
            shown = fill(self.tr("Last key: {what}"), what=self.done_text(report))
        else:
            shown = fill(self.tr("Refused: {why}"), why=self.refusal_text(report))
        self.result.setText(shown)
        self.result.setStyleSheet(f"font-size: 14px; color: {style.OK if ok else style.ALERT};")

    def done_text(self, report: KeyReport) -> str:
        n = report.number
        key = report.key
        if key is Key.OPEN:
            return self.tr("the counter is open")
        if key is Key.PAUSE:
            if report.state is CounterState.PAUSED:
                return self.tr("the counter is open again")
            return self.tr("the counter is paused")
        if key is Key.TRANSFER:
            if report.to_counter:
                return fill(self.tr("{number} sent to counter {counter}"), number=n,
                            counter=report.to_counter)  # fmt: skip
            return fill(self.tr("{number} sent to {service}"), number=n,
                        service=self._service_name(report.to_service))  # fmt: skip
        if key is Key.RECALL and report.ticket_state is TicketState.NO_SHOW:
            return fill(self.tr("{number} did not come: marked as a no-show"), number=n)
        texts = {
            Key.CALL_NEXT: self.tr("called {number}"),
            Key.RECALL: self.tr("called {number} again"),
            Key.SERVE: self.tr("serving {number}"),
            Key.DONE: self.tr("{number} is done"),
            Key.NO_SHOW: self.tr("{number} marked as a no-show"),
        }
        return fill(texts.get(key, "{number}") if key else "{number}", number=n)

    def refusal_text(self, report: KeyReport) -> str:
        """Why, from the kind of refusal, the key and the counter's state."""
        refusal, key, state = report.refusal, report.key, report.state
        if refusal is Refusal.NOTHING_TO_CALL:
            return self.tr("nobody is waiting for this counter")
        if refusal is Refusal.NEEDS_COUNTER:
            return self.tr("type the counter number first, then press Transfer")
        if refusal is Refusal.UNAVAILABLE:
            return self.tr("that business type takes no tickets now")
        if refusal is Refusal.NOT_FOUND:
            return self.tr("there is no such counter or ticket")
        if refusal is Refusal.UNKNOWN_KEY:
            return self.tr("the keypad sent a key it does not have")
        if refusal is Refusal.STORE:
            return self.tr("the queue cannot be saved right now: call the technician")
        if key is Key.OPEN:
            return self.tr("the counter is already open")
        if state is CounterState.CLOSED:
            return fill(self.tr("the counter is closed: press {open} first"),
                        open=self.key_text(Key.OPEN))  # fmt: skip
        if state is CounterState.PAUSED and key is Key.CALL_NEXT:
            return fill(self.tr("the counter is paused: press {resume} first"),
                        resume=self.key_text(Key.PAUSE))  # fmt: skip
        name = self.key_text(key) if key is not None else "?"
        return fill(self.tr("{key} is not possible now"), key=name)

    def _service_name(self, code: str) -> str:
        return self._name_service(code) if self._name_service else code

    def retranslate(self) -> None:
        self.label.setText(self.tr("Keypad"))
        for key, button in self.buttons.items():
            button.setText(self.key_text(key))
        self.digits.setPlaceholderText(self.tr("Counter no."))
        self.digits.setToolTip(
            self.tr("The counter to transfer to; empty: the keypad's business type")
        )
        if self._result is not None:
            self.show_result(self._result[0])


class EvaluatorBox(QWidget):
    """The four rating keys, lit (enabled) only while the evaluator is armed."""

    def __init__(self, sim: SimEvaluator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim = sim
        self.light = DeviceLight()
        self.label = _title(QLabel())
        self.state = QLabel()
        self.state.setObjectName("evaluatorState")
        self.state.setStyleSheet(SMALL)
        self.buttons: dict[Rating, QPushButton] = {}
        self._last: tuple[bool, Rating | None] | None = None  # a rating came / timed out
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, rating in enumerate(Rating):
            button = QPushButton()
            button.setObjectName(f"rate_{rating.name.lower()}")
            button.clicked.connect(lambda _=False, r=rating: self.sim.press(r))
            self.buttons[rating] = button
            grid.addWidget(button, i // 2, i % 2)
        top = QHBoxLayout()
        top.addWidget(self.light)
        top.addWidget(self.label, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(grid)
        column.addWidget(self.state)
        self.refresh()

    @property
    def lit(self) -> bool:
        return self.sim.armed

    def refresh(self) -> None:
        lit = self.lit
        for rating, button in self.buttons.items():
            button.setEnabled(lit)
            colour = RATING_COLOURS[rating]
            button.setStyleSheet(
                f"QPushButton {{ {BUTTON} font-weight: bold; color: {style.PAPER};"
                f" background: {colour}; border: 2px solid {style.INK}; border-radius: 6px; }}"
                f" QPushButton:disabled {{ color: #7a7f86; background: #d5d9de;"
                " border: 2px solid #b8bec6; }"
            )
        self._show_state()

    def show_rated(self, rating: Rating | None) -> None:
        self._last = (True, rating)
        self._show_state()

    def _show_state(self) -> None:
        if self.lit:
            text = self.tr("Lit: waiting for the visitor's rating")
        elif self._last is not None and self._last[1] is not None:
            rating = self._last[1]
            text = fill(self.tr("Rated: {rating}"), rating=self.rating_text(rating))
        elif self._last is not None:
            text = self.tr("No rating in time")
        else:
            text = self.tr("Dark: lights up after Done")
        self.state.setText(text)

    def rating_text(self, rating: Rating) -> str:
        return {
            Rating.VERY_SATISFIED: self.tr("Very satisfied"),
            Rating.SATISFIED: self.tr("Satisfied"),
            Rating.NEUTRAL: self.tr("Neutral"),
            Rating.DISSATISFIED: self.tr("Dissatisfied"),
        }[rating]

    def retranslate(self) -> None:
        self.label.setText(self.tr("Evaluator"))
        for rating, button in self.buttons.items():
            button.setText(self.rating_text(rating))
        self._show_state()


class CounterRow(QFrame):
    """One counter's simulated devices side by side."""

    def __init__(self, counter: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.setObjectName("counterRow")
        self.setStyleSheet(
            f"QFrame#counterRow {{ background: {style.PANEL}; border-radius: 10px; }}"
        )
        self.title = QLabel()
        self.title.setObjectName("counterTitle")
        self.title.setStyleSheet(f"font-size: 20px; font-weight: bold; color: {style.BRAND};")
        self.title.setMinimumWidth(90)
        self.displays: list[DisplayBox] = []
        self.keypad: KeypadBox | None = None
        self.evaluator: EvaluatorBox | None = None
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(12, 10, 12, 10)
        self._row.setSpacing(18)
        self._row.addWidget(self.title, 0, Qt.AlignmentFlag.AlignTop)

    def add(self, box: QWidget, stretch: int = 0) -> None:
        self._row.addWidget(box, stretch, Qt.AlignmentFlag.AlignTop)

    def retranslate(self) -> None:
        self.title.setText(fill(self.tr("Counter {number}"), number=self.counter))
        for box in self.displays:
            box.label.setText(self.tr("LED display"))
        if self.keypad is not None:
            self.keypad.retranslate()
        if self.evaluator is not None:
            self.evaluator.retranslate()


class SimDevicesWindow(QWidget):
    """The demo hall's simulated devices; ``events`` (the hub's QtHubEvents) brings
    health changes, key results and ratings. Wires only: the devices and the hub decide.

    ``strips`` are the main strip's displays; ``rows`` the counters' devices, by number;
    ``lights`` every device's health light by name (the hub's names)."""

    def __init__(
        self,
        simulated: SimulatedBuses,
        hub: DeviceHub,
        events: QtHubEvents | None = None,
        name_service: ServiceName | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("simDevicesWindow")
        self._name_service = name_service
        self.resize(1280, 800)
        self._simulated = simulated
        self.strips: dict[str, DisplayBox] = {}
        self.rows: dict[int, CounterRow] = {}
        self.lights: dict[str, DeviceLight] = {}
        self._boxes: dict[str, DisplayBox | KeypadBox | EvaluatorBox] = {}
        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: 24px; font-weight: bold; color: {style.PAPER};")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"font-size: 14px; color: {style.PAPER};")
        header = QWidget()
        header.setObjectName("simHeader")
        header.setStyleSheet(f"#simHeader {{ background: {style.BRAND}; }}")
        bar = QVBoxLayout(header)
        bar.setContentsMargins(20, 10, 20, 10)
        bar.addWidget(self.title)
        bar.addWidget(self.intro)

        strip_column = QVBoxLayout()
        strip_column.setContentsMargins(20, 12, 20, 4)
        counters: dict[int, list[SimDevice]] = collections.defaultdict(list)
        for sim in simulated.devices:
            device = sim.device
            if sim.counter is None:
                if isinstance(device, SimDisplay):
                    box = DisplayBox(device)
                    self.strips[sim.name] = box
                    self._register(sim.name, box)
                    strip_column.addWidget(box)
            else:
                counters[sim.counter].append(device)
        rows = QVBoxLayout()
        rows.setContentsMargins(20, 4, 20, 12)
        rows.setSpacing(10)
        for number in sorted(counters):
            row = self.rows[number] = self._counter_row(number, counters[number])
            rows.addWidget(row)
        rows.addStretch(1)
        inner = QWidget()
        inner.setLayout(rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addLayout(strip_column)
        column.addWidget(scroll, 1)

        self.feed = SimFeed([s.device for s in simulated.devices], self)
        for box in self.displays():  # what a display received before the feed listened
            box.refresh()
        self._connect_signals(events)
        for health in hub.snapshot():  # reads the buses' bookkeeping: no I/O
            self.show_health(health)
        self.retranslate()

    def _counter_row(self, number: int, devices: list[SimDevice]) -> CounterRow:
        row = CounterRow(number)
        names = {id(s.device): s.name for s in self._simulated.devices}
        for device in devices:
            name = names[id(device)]
            if isinstance(device, SimDisplay):
                display = DisplayBox(device)
                row.displays.append(display)
                row.add(display, 2)
                self._register(name, display)
            elif isinstance(device, SimKeypad):
                row.keypad = KeypadBox(device, self._name_service)
                row.add(row.keypad, 4)
                self._register(name, row.keypad)
            elif isinstance(device, SimEvaluator):
                row.evaluator = EvaluatorBox(device)
                row.add(row.evaluator, 2)
                self._register(name, row.evaluator)
        return row

    def _register(self, name: str, box: DisplayBox | KeypadBox | EvaluatorBox) -> None:
        self._boxes[name] = box
        self.lights[name] = box.light

    def _connect_signals(self, events: QtHubEvents | None) -> None:
        self.feed.changed.connect(self._device_changed)
        if events is not None:
            events.healthChanged.connect(self.show_health)
            events.keyHandled.connect(self.show_key)
            events.ratingReceived.connect(self.show_rating)

    def displays(self) -> list[DisplayBox]:
        return [*self.strips.values(), *(d for row in self.rows.values() for d in row.displays)]

    @Slot(object)
    def _device_changed(self, device: SimDevice) -> None:
        box = self._boxes.get(device.name)
        if isinstance(box, DisplayBox | EvaluatorBox):
            box.refresh()

    @Slot(object)
    def show_health(self, health: Health) -> None:
        light = self.lights.get(health.name)
        if light is not None:
            light.show_health(health)

    @Slot(str, int, object)
    def show_key(self, keypad: str, counter: int, report: KeyReport) -> None:
        box = self._boxes.get(keypad)
        if isinstance(box, KeypadBox):
            box.show_result(report)

    @Slot(int, str, object)
    def show_rating(self, counter: int, uid: str, rating: Rating | None) -> None:
        row = self.rows.get(counter)
        if row is not None and row.evaluator is not None:
            row.evaluator.show_rated(rating)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Simulated devices"))
        self.title.setText(self.tr("Simulated devices"))
        self.intro.setText(
            self.tr(
                "Stand-ins for the hall's devices: what each LED display shows, and the"
                " keys of each counter's keypad and evaluator. Press a key as the clerk"
                " or the visitor would. A light is green when the device answers, red when"
                " it does not, grey before it has been asked."
            )
        )
        for box in self.strips.values():
            box.label.setText(self.tr("Main LED strip"))
        for row in self.rows.values():
            row.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.detach()
        super().closeEvent(event)
