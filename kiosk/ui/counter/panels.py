"""The counter window's panels: header, current ticket, today's counts, parked
tickets and the message bar. Each renders what it is given; none decides."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import CounterState, Hall, Priority, TicketState
from kiosk.ui.counter.actions import KEYS, ActionButton
from kiosk.ui.counter.fmt import clock_time, fill, minutes
from kiosk.ui.counter.messages import Notice
from kiosk.ui.counter.model import Action, CounterModel, TodayCounts, local_name
from kiosk.ui.counter.parts import card, named, repolish


class HeaderBar(QFrame):
    """Counter name and state, the business types it serves, the clock, the language
    switch and the open/close button.

    Signals:
        languageRequested(str): the clerk picked the other language.
    """

    languageRequested = Signal(str)

    def __init__(self, open_button: ActionButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.name = named(QLabel(), "counterName")
        self.state = named(QLabel(), "statePill")
        self.serves = named(QLabel(), "serves")
        self.clock = named(QLabel(), "clock")
        self.language = named(QPushButton(), "language")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self._switch)
        self._lang = "zh"
        names = QVBoxLayout()
        names.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.name)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        names.addLayout(top)
        names.addWidget(self.serves)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 16, 10)
        layout.setSpacing(16)
        layout.addLayout(names, 1)
        layout.addWidget(self.clock)
        layout.addWidget(self.language)
        layout.addWidget(open_button)

    def _switch(self) -> None:
        self.languageRequested.emit("en" if self._lang == "zh" else "zh")

    def show_model(self, model: CounterModel, hall: Hall, lang: str) -> None:
        self._lang = lang
        self.language.setText("English" if lang == "zh" else "中文")
        self.name.setText(local_name(model.counter, lang))
        states = {
            CounterState.OPEN: self.tr("Open"),
            CounterState.SERVING: self.tr("Serving"),
            CounterState.PAUSED: self.tr("Paused"),
            CounterState.CLOSED: self.tr("Closed"),
        }
        self.state.setText(states[model.state])
        self.state.setProperty("state", str(model.state))
        repolish(self.state)
        names = [f"{hall.service(c).prefix} {local_name(hall.service(c), lang)}"
                 for c in model.counter.services]  # fmt: skip
        self.serves.setText(fill(self.tr("Serves: %1"), "  ·  ".join(names)))
        self.clock.setText(clock_time(model.now))


class CurrentTicketPanel(QFrame):
    """The ticket at the counter, very large, with its business type and waits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card(self)
        self.caption = named(QLabel(), "caption")
        self.number = named(QLabel(), "bigNumber")
        self.service = named(QLabel(), "serviceName")
        self.state = named(QLabel(), "ticketState")
        self.details = named(QLabel(), "details")
        self.tags = named(QLabel(), "tags")
        self.hint = named(QLabel(), "hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        info = QVBoxLayout()
        info.setSpacing(6)
        info.addWidget(self.service)
        row = QHBoxLayout()
        row.addWidget(self.state)
        row.addWidget(self.tags)
        row.addStretch(1)
        info.addLayout(row)
        info.addWidget(self.details)
        info.addWidget(self.hint)
        info.addStretch(1)
        info.insertStretch(0, 1)
        body = QHBoxLayout()
        body.setSpacing(32)
        body.addWidget(self.number, 0, Qt.AlignmentFlag.AlignVCenter)
        body.addLayout(info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 18)
        layout.addWidget(self.caption)
        layout.addLayout(body, 1)

    def show_model(self, model: CounterModel, hall: Hall, lang: str) -> None:
        self.caption.setText(self.tr("Now at the counter"))
        t = model.current
        for label in (self.service, self.state, self.details, self.tags):
            label.setVisible(t is not None)
        self.hint.setVisible(t is None)
        self.number.setVisible(t is not None)  # idle: the hint says what to press instead
        if t is None:
            self.number.setText("—")
            self.hint.setText(self._idle_hint(model))
            return
        self.number.setText(t.number)
        self.service.setText(local_name(hall.service(t.service), lang))
        waited = fill(self.tr("Waited %1"), minutes(model.current_waited))
        if t.state is TicketState.SERVING:
            self.state.setText(self.tr("Serving"))
            since = fill(self.tr("serving for %1"), minutes(model.at_counter))
        else:
            used, limit = model.recalls_used, model.recall_limit
            called = self.tr("Called")
            self.state.setText(fill(self.tr("Called · recall %1 of %2"), used, limit)
                               if used else called)  # fmt: skip
            since = fill(self.tr("called %1 ago"), minutes(model.at_counter))
        self.state.setProperty("state", str(t.state))
        repolish(self.state)
        self.details.setText(f"{waited}   ·   {since}")
        tags = []
        if t.priority > Priority.NORMAL:
            tags.append(self.tr("Green channel"))
        if t.transferred_at is not None and t.original_service != t.service:
            original = local_name(hall.service(t.original_service), lang)
            tags.append(fill(self.tr("Transferred from %1"), original))
        elif t.transferred_at is not None:
            tags.append(self.tr("Transferred"))
        self.tags.setText("  ·  ".join(tags))
        self.tags.setVisible(bool(tags))

    def _idle_hint(self, model: CounterModel) -> str:
        if model.closed:
            return fill(self.tr("The counter is closed. Press %1 to open it."), KEYS[Action.OPEN])
        if model.paused:
            return fill(self.tr("On a break. Press %1 to resume work."), KEYS[Action.PAUSE])
        if model.parked:
            text = self.tr(
                "Ready. Press %1 to call the next visitor, or %2 to resume a parked one."
            )
            return fill(text, KEYS[Action.CALL_NEXT], KEYS[Action.RESUME])
        return fill(self.tr("Ready. Press %1 to call the next visitor."), KEYS[Action.CALL_NEXT])


class StatsRow(QWidget):
    """Today's counts for this counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for key in ("served", "no_shows", "average"):
            tile = card(QFrame())
            value = named(QLabel("0"), "statValue")
            caption = named(QLabel(), "statCaption")
            inner = QVBoxLayout(tile)
            inner.setContentsMargins(14, 8, 14, 8)
            inner.setSpacing(0)
            inner.addWidget(value)
            inner.addWidget(caption)
            layout.addWidget(tile, 1)
            self._values[key], self._captions[key] = value, caption
        self.retranslate()

    def retranslate(self) -> None:
        self._captions["served"].setText(self.tr("Served today"))
        self._captions["no_shows"].setText(self.tr("No-shows today"))
        self._captions["average"].setText(self.tr("Average service time"))

    def show_counts(self, counts: TodayCounts) -> None:
        self._values["served"].setText(str(counts.served))
        self._values["no_shows"].setText(str(counts.no_shows))
        average = counts.average_service
        self._values["average"].setText("—" if average is None else minutes(average))

    def text(self, key: str) -> str:
        return self._values[key].text()


class ParkedPanel(QFrame):
    """Tickets set aside at this counter; activate one to resume it.

    Signals:
        resumeRequested(str): the ticket number the clerk chose (double click or Enter).
    """

    resumeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card(self)
        self.title = named(QLabel(), "panelTitle")
        self.list = named(QListWidget(), "parkedList")
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keys stay with the actions
        self.empty = named(QLabel(), "empty")
        self.list.itemActivated.connect(
            lambda item: self.resumeRequested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)

    def show_model(self, model: CounterModel, hall: Hall, lang: str) -> None:
        selected = self.selected_number()
        self.title.setText(fill(self.tr("Parked (%1)"), len(model.parked)))
        self.empty.setText(self.tr("No parked tickets."))
        self.empty.setVisible(not model.parked)
        self.list.setVisible(bool(model.parked))
        self.list.clear()
        for t in model.parked:
            ago = minutes(model.now - (t.parked_at or model.now))
            name = local_name(hall.service(t.service), lang)
            text = f"{t.number}    {name}    " + fill(self.tr("parked %1 ago"), ago)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, t.number)
            self.list.addItem(item)
            item.setSelected(t.number == selected)

    def numbers(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())]  # fmt: skip

    def select(self, number: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == number)

    def selected_number(self) -> str | None:
        items = self.list.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None


class MessageBar(QFrame):
    """The result of the last action, or what went wrong, in plain words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = named(QLabel(), "messageText")
        self.label.setWordWrap(True)
        self.notice: Notice | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.addWidget(self.label)
        self.setProperty("level", "none")

    def show_notice(self, notice: Notice) -> None:
        self.notice = notice
        self.label.setText(notice.text)
        self.label.setToolTip(notice.detail)
        self.setProperty("level", str(notice.level))
        repolish(self)
        repolish(self.label)

    def text(self) -> str:
        return self.label.text()


class PrintAlertBar(QFrame):
    """Tickets the kiosk could not print: shown until each is reprinted or acknowledged,
    apart from the message bar (which the next action rewrites).

    Signals:
        acknowledgeRequested(): the clerk saw to the tickets shown.
    """

    acknowledgeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printAlert")
        self.label = named(QLabel(), "printAlertText")
        self.label.setWordWrap(True)
        self.acknowledge = named(QPushButton(), "acknowledge")
        self.acknowledge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.acknowledge.clicked.connect(self.acknowledgeRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 16, 8)
        layout.setSpacing(16)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.acknowledge)
        self.hide()

    def show_alerts(self, text: str, button: str) -> None:
        """``text`` empty: nothing to see to."""
        self.label.setText(text)
        self.acknowledge.setText(button)
        self.setVisible(bool(text))

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
