"""The clerk's actions: one QAction each, with a function key, and big buttons.

The keys sit in a row on every keyboard and on programmable counter keypads; the
buttons show them, so the clerk learns them by looking.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.counter.model import Action, CounterModel
from kiosk.ui.counter.parts import named

KEYS: dict[Action, str] = {
    Action.CALL_NEXT: "F1",
    Action.RECALL: "F2",
    Action.SERVE: "F3",
    Action.DONE: "F4",
    Action.NO_SHOW: "F5",
    Action.TRANSFER: "F6",
    Action.PARK: "F7",
    Action.RESUME: "F8",
    Action.PAUSE: "F9",
    Action.OPEN: "F10",
}

# Where each button sits in the grid: (row, column, column span). OPEN lives in the header.
_GRID: dict[Action, tuple[int, int, int]] = {
    Action.CALL_NEXT: (0, 0, 2),
    Action.RECALL: (0, 2, 1),
    Action.SERVE: (0, 3, 1),
    Action.DONE: (0, 4, 1),
    Action.NO_SHOW: (1, 0, 1),
    Action.TRANSFER: (1, 1, 1),
    Action.PARK: (1, 2, 1),
    Action.RESUME: (1, 3, 1),
    Action.PAUSE: (1, 4, 1),
}


class ActionButton(QPushButton):
    """A big button that mirrors a QAction: its title, its key, its enabled state."""

    def __init__(
        self, action: QAction, primary: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._action = action
        self.setProperty("role", "primary" if primary else "action")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts, not to a button
        self._title = named(QLabel(), "actionTitle")
        self._key = named(QLabel(), "actionKey")
        for label in (self._title, self._key):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.setSpacing(0)
        layout.addWidget(self._title)
        layout.addWidget(self._key)
        self.clicked.connect(action.trigger)
        action.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        self._title.setText(self._action.text())
        self._key.setText(self._action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        self.setEnabled(self._action.isEnabled())
        self.setToolTip(self._action.toolTip())

    def sizeHint(self) -> QSize:
        # QPushButton sizes itself by its own (empty) text; the labels decide here.
        return self._layout.sizeHint().expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._layout.minimumSize().expandedTo(super().minimumSizeHint())

    @property
    def title(self) -> str:
        return str(self._title.text())


class CounterActions(QObject):
    """The QActions of one counter window; added to the window so keys work anywhere in it.

    Signals:
        triggered(object): the Action the clerk pressed or clicked.
    """

    triggered = Signal(object)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.actions: dict[Action, QAction] = {}
        for action, key in KEYS.items():
            qaction = QAction(window)
            qaction.setShortcut(QKeySequence(key))
            qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            qaction.setEnabled(False)  # until the first status says what makes sense
            qaction.triggered.connect(lambda _=False, a=action: self.triggered.emit(a))
            window.addAction(qaction)
            self.actions[action] = qaction
        self._paused = False
        self._closed = True
        self.retranslate()

    def __getitem__(self, action: Action) -> QAction:
        return self.actions[action]

    def show_model(self, model: CounterModel) -> None:
        for action, qaction in self.actions.items():
            qaction.setEnabled(action in model.enabled)
        if (model.paused, model.closed) != (self._paused, self._closed):
            self._paused, self._closed = model.paused, model.closed
            self.retranslate()

    def retranslate(self) -> None:
        texts = {
            Action.CALL_NEXT: (self.tr("Call next"), self.tr("Call the next visitor")),
            Action.RECALL: (self.tr("Recall"), self.tr("Call the current ticket again")),
            Action.SERVE: (self.tr("Serve"), self.tr("The visitor has arrived: start service")),
            Action.DONE: (self.tr("Done"), self.tr("Service finished")),
            Action.NO_SHOW: (self.tr("No-show"), self.tr("The called visitor did not come")),
            Action.TRANSFER: (self.tr("Transfer…"),
                              self.tr("Send the ticket to another business type or counter")),
            Action.PARK: (self.tr("Park"), self.tr("Set the ticket aside to resume later")),
            Action.RESUME: (self.tr("Resume parked"),
                            self.tr("Take back the selected or last parked ticket")),
        }  # fmt: skip
        if self._paused:
            texts[Action.PAUSE] = (self.tr("Resume work"), self.tr("Back from the break"))
        else:
            texts[Action.PAUSE] = (self.tr("Pause"), self.tr("Take a break: call nobody"))
        if self._closed:
            texts[Action.OPEN] = (self.tr("Open counter"), self.tr("Start serving at this counter"))
        else:
            texts[Action.OPEN] = (self.tr("Close counter"),
                                  self.tr("Close when no ticket is at the counter"))  # fmt: skip
        for action, (text, tip) in texts.items():
            self.actions[action].setText(text)
            self.actions[action].setToolTip(f"{tip} ({KEYS[action]})")


class ActionGrid(QWidget):
    """The buttons of the frequent actions, call next the largest."""

    def __init__(self, actions: CounterActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[Action, ActionButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for action, (row, col, span) in _GRID.items():
            button = ActionButton(actions[action], primary=action is Action.CALL_NEXT)
            grid.addWidget(button, row, col, 1, span)
            self.buttons[action] = button
        for col in range(5):
            grid.setColumnStretch(col, 1)
