"""Printing a ticket again from a staff window: one request at a time, on the device
worker, the result back on the UI thread as a sentence."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.core.errors import KioskError
from kiosk.ui.runner import OpRunner

log = logging.getLogger(__name__)


class Reprinter(QObject):
    """Runs ``reprint(number)`` (kiosk.app.reprint bound to the process's printer).

    Signals:
        reprinted(str): the ticket number, printed again and marked printed.
        failed(str, str): the ticket number and why not, in plain words for staff.
    """

    reprinted = Signal(str)
    failed = Signal(str, str)

    def __init__(
        self, reprint: Callable[[str], object], runner: OpRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._reprint = reprint
        self._runner = runner
        self.busy = False

    def reprint(self, number: str) -> None:
        number = number.strip().upper()
        if not number or self.busy:
            return
        self.busy = True
        self._runner.submit(
            lambda: self._reprint(number),
            lambda _: self._done(number),
            lambda exc: self._failed(number, exc),
        )

    def _done(self, number: str) -> None:
        self.busy = False
        log.info("ticket %s reprinted", number)
        self.reprinted.emit(number)

    def _failed(self, number: str, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, KioskError):  # PrintFailed (paper out...), NotFound
            log.warning("ticket %s was not reprinted: %s", number, exc)
            self.failed.emit(number, str(exc))
        else:
            log.error("ticket %s was not reprinted (bug)", number, exc_info=exc)
            self.failed.emit(number, f"internal error: {exc}")
