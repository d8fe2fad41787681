"""The harness of the counter window tests (no tests here): a clerk at a desk who
presses buttons and keys and reads the screen, and waits without sleeping."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from kiosk.core.clock import ManualClock
from kiosk.ui.counter.messages import Notice
from kiosk.ui.counter.model import Action
from kiosk.ui.counter.transfer import TransferDialog
from kiosk.ui.counter.window import CounterWindow


@dataclasses.dataclass
class Desk:
    ctx: Any
    clock: ManualClock
    qtbot: Any
    window: CounterWindow

    @classmethod
    def open(cls, ctx: Any, clock: ManualClock, qtbot: Any, counter: int = 1,
             lang: str = "en") -> Desk:  # fmt: skip
        """A counter window, shown, with its first status on screen."""
        ctx.languages.set(lang)
        window = CounterWindow(ctx, counter)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        desk = cls(ctx, clock, qtbot, window)
        qtbot.waitUntil(lambda: window.controller.model is not None)
        desk.settle()
        return desk

    def settle(self) -> None:
        """Wait until every queued operation (and the status it asked for) is done."""
        self.qtbot.waitUntil(lambda: self.ctx.ops.pending == 0, timeout=3000)

    def refresh(self) -> None:
        """Publish a fresh hall status now, as the watcher's timer would."""
        self.settle()
        with self.qtbot.waitSignal(self.ctx.watcher.statusChanged, timeout=3000):
            self.ctx.watcher.refresh()
        self.settle()

    def enabled(self) -> set[Action]:
        return {a for a, q in self.window.commands.actions.items() if q.isEnabled()}

    def run(self, fn: Callable[[], Any]) -> Notice:
        """Do something that ends in a notice; wait for it and for the refresh after it."""
        with self.qtbot.waitSignal(self.window.controller.notice, timeout=3000) as blocker:
            fn()
        self.settle()
        notice: Notice = blocker.args[0]
        assert self.window.message.text() == notice.text
        return notice

    def press(self, action: Action) -> Notice:
        """Click an enabled action's button, as the clerk does."""
        assert action in self.enabled(), f"{action} is disabled"
        button = self.window.buttons[action]
        return self.run(lambda: self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton))

    def key(self, key: Qt.Key) -> Notice:
        """Press a key in the window and wait for the notice it leads to."""
        return self.run(lambda: self.qtbot.keyClick(self.window, key))

    def open_transfer(self) -> TransferDialog:
        self.qtbot.mouseClick(self.window.buttons[Action.TRANSFER], Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(
            lambda: (
                self.window.transfer_dialog is not None and self.window.transfer_dialog.isVisible()
            )
        )
        assert self.window.transfer_dialog is not None
        return self.window.transfer_dialog

    def confirm_transfer(self) -> Notice:
        dialog = self.window.transfer_dialog
        assert dialog is not None
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        return self.run(lambda: self.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))

    def numbers_in(self, service: str | None) -> list[str]:
        """The waiting list's tickets of a business type (None: transferred here)."""
        return self.window.waiting.numbers(service)

    def notes_of(self, number: str) -> str:
        for found, _, _, notes in self.window.waiting.rows():
            if found == number:
                return notes
        raise AssertionError(f"{number} is not in the waiting list")
