"""The connection banner of a window on a PC of a hall of several.

When the PC loses the hall server (its feed's WebSocket fails, or nothing, not even a
heartbeat, came for 3 s: kiosk.remote.feed), every window of the process shows it at
once, in Chinese and English whatever the language in force: a red strip across the top
of a counter, display or technician window (what they show may be out of date; they
retry), and over the whole customer kiosk a plain notice that no ticket can be issued
and the visitor should ask staff (the kiosk cannot be used until the link is back).
Back online, the banner goes and the watcher reads the whole status again.

The words are marked with QT_TRANSLATE_NOOP and translated into both languages through
the process's :class:`~kiosk.ui.i18n.Languages` (as the hall display's), so the
catalogues in kiosk/assets/i18n carry them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

CONTEXT = "ConnectionBanner"
OFFLINE = QT_TRANSLATE_NOOP(
    "ConnectionBanner",
    "No connection to the hall server: what is shown may be out of date. Reconnecting…",
)
KIOSK_OFFLINE = QT_TRANSLATE_NOOP(
    "ConnectionBanner",
    "Sorry, no ticket can be issued right now. Please ask a member of staff.",
)
FIRST_LOOK_MS = 2_500  # at start: the banner once the first connection had its chance

Translate = Callable[[str, str, str], str]


class LinkLike(Protocol):
    """kiosk.app.remote_runtime.Link: whether the hall server is reached, and who is told."""

    online: bool

    def listen(self, listener: Callable[[bool], None]) -> None: ...


class LinkBridge(QObject):
    """The link's changes (told on the feed's thread) as a signal on the UI thread.

    Signals:
        changed(bool): online or not.
    """

    changed = Signal(bool)

    def __init__(self, link: LinkLike, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._link = link
        link.listen(self.changed.emit)  # queued to the UI thread's receivers

    @property
    def online(self) -> bool:
        return self._link.online


class ConnectionBanner(QLabel):
    """Shown over ``window`` while the hall server cannot be reached: a strip across the
    top, or (``full``: the customer kiosk) the whole window, which it then blocks."""

    def __init__(
        self, window: QWidget, bridge: LinkBridge, translate: Translate, *, full: bool = False
    ) -> None:
        super().__init__(window)
        self.setObjectName("connectionBanner")
        self._window = window
        self._full = full
        self._translate = translate
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        size = 34 if full else 18
        self.setStyleSheet(
            f"QLabel#connectionBanner {{ background: #b3261e; color: white; "
            f"font-size: {size}px; font-weight: bold; padding: 12px; }}"
        )
        self.setText(self.words())
        self.hide()
        window.installEventFilter(self)
        bridge.changed.connect(self.show_state)
        # At start the feed is still connecting: look once it had its chance
        QTimer.singleShot(FIRST_LOOK_MS, self, lambda: self.show_state(bridge.online))

    def words(self) -> str:
        source = KIOSK_OFFLINE if self._full else OFFLINE
        zh = self._translate("zh", CONTEXT, source)
        en = self._translate("en", CONTEXT, source)
        return zh if zh == en else f"{zh}\n{en}"

    def show_state(self, online: bool) -> None:
        if online:
            self.hide()
            return
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        rect = self._window.rect()
        if self._full:
            self.setGeometry(rect)
        else:
            self.setGeometry(0, 0, rect.width(), max(self.heightForWidth(rect.width()), 60))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._place()
        return False
