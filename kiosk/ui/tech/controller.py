"""What the technician panel decides: the PIN and its lockout, the self-test runs and
their results, the diagnostic export. The widgets only show what these publish."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
import math
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk import diagnostics
from kiosk.app import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import KioskError
from kiosk.core.pin import GateState, PinCheck, PinChoice, PinGate, valid_pin
from kiosk.core.selftest import Report, SelfTest, Verdict, run_all
from kiosk.ui.logbuffer import LogBuffer
from kiosk.ui.runner import OpRunner

log = logging.getLogger(__name__)

RECHECK_MS = 1000  # how often a locked pad looks at the clock again


class PadMode(enum.Enum):
    READY = "ready"  # waiting for a PIN
    CHECKING = "checking"  # the gate is being asked, off the UI thread
    WRONG = "wrong"  # the last PIN was wrong; attempts_left more before the lockout
    LOCKED = "locked"  # too many wrong PINs; input refused for seconds_left
    ERROR = "error"  # the check itself failed (a bug, or the store; logged)
    # The hall has no PIN yet (its configuration sets none): the first technician
    # chooses one, typed twice.
    CHOOSE = "choose"  # waiting for the new PIN
    CONFIRM = "confirm"  # waiting for the same PIN again
    MISMATCH = "mismatch"  # the two differed: choose again
    TOO_SHORT = "too_short"  # not 4 to 12 digits: choose again


CHOOSING = frozenset({PadMode.CHOOSE, PadMode.CONFIRM, PadMode.MISMATCH, PadMode.TOO_SHORT})


@dataclasses.dataclass(frozen=True)
class PadState:
    mode: PadMode
    attempts_left: int = 0
    seconds_left: int = 0

    @property
    def accepts_input(self) -> bool:
        return self.mode not in (PadMode.CHECKING, PadMode.LOCKED)

    @property
    def choosing(self) -> bool:
        """A new PIN is being chosen (not the hall's PIN being entered)."""
        return self.mode in CHOOSING


class PinController(QObject):
    """The PIN gate, asked on the store's worker (its record is in the store, and PBKDF2
    takes a noticeable moment). The failures and the lockout are the store's, so every
    panel of every process shows the same; this controller only counts a lockout down
    on its clock.

    Signals:
        padChanged(object): a new PadState for the pad.
        unlockedChanged(bool): the panel opened (right PIN) or closed (lock).
    """

    padChanged = Signal(object)
    unlockedChanged = Signal(bool)

    def __init__(
        self, gate: PinGate, runner: OpRunner, clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._gate = gate
        self._runner = runner
        self._clock = clock
        self._locked_until: dt.datetime | None = None
        self._first: str | None = None  # the new PIN's first typing, until the second
        self.unlocked = False
        self.state = PadState(PadMode.CHECKING)
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(self.recheck)
        # The store may say the pad is locked (by this or another process) or has no PIN.
        self._runner.submit(self._gate.state, self._show_gate, self._failed)

    def submit(self, pin: str) -> None:
        """Check a PIN (or take a new one), unless one is being checked or the pad is
        locked."""
        if not self.state.accepts_input or self.unlocked:
            return
        if self.state.choosing:
            self._choose(pin)
            return
        self._publish(PadState(PadMode.CHECKING))
        self._runner.submit(lambda: self._gate.attempt(pin), self._checked, self._failed)

    def _choose(self, pin: str) -> None:
        if self.state.mode is not PadMode.CONFIRM:
            if not valid_pin(pin):
                self._publish(PadState(PadMode.TOO_SHORT))
                return
            self._first = pin
            self._publish(PadState(PadMode.CONFIRM))
            return
        first, self._first = self._first, None
        if pin != first:
            self._publish(PadState(PadMode.MISMATCH))
            return
        self._publish(PadState(PadMode.CHECKING))
        self._runner.submit(lambda: self._gate.choose(pin), self._chosen, self._failed)

    def _checked(self, result: tuple[PinCheck, GateState]) -> None:
        check, state = result
        if check is PinCheck.RIGHT:
            self._publish(PadState(PadMode.READY))
            self._set_unlocked(True)
            return
        if check is PinCheck.WRONG:
            used = self._gate.max_attempts - state.attempts_left
            log.warning("technician panel: wrong PIN (%d of %d)", used, self._gate.max_attempts)
        self._show_gate(state, wrong=check is PinCheck.WRONG)

    def _chosen(self, result: tuple[PinChoice, GateState]) -> None:
        choice, state = result
        if choice is PinChoice.SET:
            log.warning("technician panel: a new technician PIN was chosen at the pad")
            self._publish(PadState(PadMode.READY))
            self._set_unlocked(True)
        elif choice is PinChoice.INVALID:
            self._publish(PadState(PadMode.TOO_SHORT))
        else:  # another panel chose one first: that one is the hall's PIN now
            log.warning("technician panel: a PIN was chosen elsewhere first; enter that one")
            self._show_gate(state)

    def _show_gate(self, state: GateState, wrong: bool = False) -> None:
        """What the gate said: no PIN yet, locked, or open (after a wrong PIN or not)."""
        if state.needs_pin:
            self._publish(PadState(PadMode.CHOOSE))
            return
        self._locked_until = state.locked_until
        if self._show_lockout():
            return
        if wrong:
            self._publish(PadState(PadMode.WRONG, attempts_left=state.attempts_left))
        else:
            self._publish(PadState(PadMode.READY))

    def _failed(self, exc: BaseException) -> None:
        log.error("technician panel: the PIN check failed", exc_info=exc)
        self._publish(PadState(PadMode.ERROR))

    @Slot()
    def recheck(self) -> None:
        """Count the lockout down; open the pad again once the clock has passed it."""
        if self.state.mode is not PadMode.LOCKED:
            self.timer.stop()
            return
        if not self._show_lockout():
            self.timer.stop()
            self._publish(PadState(PadMode.READY))

    def _show_lockout(self) -> bool:
        until = self._locked_until
        left = until - self._clock.now() if until is not None else dt.timedelta(0)
        if left <= dt.timedelta(0):
            return False
        if self.state.mode is not PadMode.LOCKED:
            log.warning("technician panel: PIN pad locked for %s", left)
            self.timer.start()
        self._publish(PadState(PadMode.LOCKED, seconds_left=math.ceil(left.total_seconds())))
        return True

    def lock(self) -> None:
        """Back to the pad (a new PIN half typed starts again)."""
        self._set_unlocked(False)
        if self._first is not None:
            self._first = None
            self._publish(PadState(PadMode.CHOOSE))

    def _set_unlocked(self, unlocked: bool) -> None:
        if unlocked != self.unlocked:
            self.unlocked = unlocked
            log.info("technician panel %s", "unlocked" if unlocked else "locked")
            self.unlockedChanged.emit(unlocked)

    def _publish(self, state: PadState) -> None:
        self.state = state
        self.padChanged.emit(state)


class SelfTestController(QObject):
    """Runs the devices' self-tests on the device worker and keeps the last reports.

    Signals:
        runningChanged(bool): a run started / ended.
        progress(int, int, str): done, total, device now testing (on the UI thread).
        reportsChanged(): the last reports changed (see ``verdict`` and ``reports``).
        failed(str): the run itself failed (a bug; logged).
    """

    runningChanged = Signal(bool)
    progress = Signal(int, int, str)
    reportsChanged = Signal()
    failed = Signal(str)

    def __init__(
        self, tests: list[SelfTest], runner: OpRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tests = list(tests)
        self._runner = runner
        self._last: dict[str, Report] = {}
        self.running = False

    @property
    def devices(self) -> list[str]:
        return [t.device for t in self._tests]

    def verdict(self, device: str) -> Verdict | None:
        """The last verdict, or None before the device's first test."""
        report = self._last.get(device)
        return report.verdict if report else None

    @property
    def reports(self) -> list[Report]:
        """The last report of each tested device, in the devices' order."""
        return [self._last[d] for d in self.devices if d in self._last]

    def run_all(self) -> None:
        self._run(self._tests)

    def run_one(self, device: str) -> None:
        self._run([t for t in self._tests if t.device == device])

    def _run(self, tests: list[SelfTest]) -> None:
        if self.running or not tests:
            return
        self.running = True
        self.runningChanged.emit(True)

        def progressed(done: int, total: int, device: str) -> None:  # on the worker
            self._runner.post(lambda: self.progress.emit(done, total, device))

        self._runner.submit(lambda: run_all(tests, progressed), self._done, self._failed)

    def _done(self, reports: list[Report]) -> None:
        for report in reports:
            self._last[report.device] = report
            log.info("self-test %s: %s", report.device, report.verdict.label)
        self._finish()
        self.reportsChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        log.error("self-test run failed", exc_info=exc)
        self._finish()
        self.failed.emit(str(exc))

    def _finish(self) -> None:
        self.running = False
        self.runningChanged.emit(False)


def log_lines(buffer: LogBuffer) -> list[str]:
    """A copy of the recent lines, taken under the handler's lock (threads log too)."""
    buffer.acquire()
    try:
        return list(buffer.lines)
    finally:
        buffer.release()


class ExportController(QObject):
    """Writes the diagnostic bundle on the store's worker (it runs the store check).

    Signals:
        runningChanged(bool): an export started / ended.
        exported(object): the Path of the written bundle.
        failed(str): why it could not be written (a folder that cannot be written).
    """

    runningChanged = Signal(bool)
    exported = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        logs: LogBuffer,
        selftests: SelfTestController,
        runner: OpRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self._logs = logs
        self._selftests = selftests
        self._runner = runner
        self.running = False

    @property
    def default_folder(self) -> Path:
        return self._settings.data_dir

    def export(self, folder: Path) -> None:
        if self.running:
            return
        now = self._clock.now()
        target = diagnostics.bundle_path(folder, now)
        lines, reports = log_lines(self._logs), self._selftests.reports
        self.running = True
        self.runningChanged.emit(True)
        self._runner.submit(
            lambda: diagnostics.build_bundle(self._settings, lines, reports, target, created=now),
            self._done,
            self._failed,
        )

    def _done(self, path: Path) -> None:
        self._finish()
        self.exported.emit(path)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if not isinstance(exc, KioskError):
            log.error("diagnostic export failed", exc_info=exc)
        self.failed.emit(str(exc))

    def _finish(self) -> None:
        self.running = False
        self.runningChanged.emit(False)
