"""Simulated devices: the register map of docs/protocols.md behind an address.

Each answers requests as a real device would (kiosk.devices.simulators.line puts them on
the far end of a pty or a socket). Their state can be watched (a window showing what
each LED display says, a test waiting for a text) and their keys pressed from any thread.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable

from kiosk.core.devices import BLANK, DisplayText, Key, Rating
from kiosk.devices.modbus import registers as reg
from kiosk.devices.modbus.frames import (
    ExceptionCode,
    ExceptionReply,
    ReadRegisters,
    RegistersRead,
    RegistersWritten,
    Reply,
    Request,
    WriteRegister,
)

log = logging.getLogger(__name__)


class SimDevice:
    """Registers behind one address. Subclasses give reads and writes their meaning."""

    kind = reg.DeviceKind.COUNTER_DISPLAY

    def __init__(self, address: int, name: str = "") -> None:
        self.address = address
        self.name = name or f"{self.kind.label} {address}"
        self.changed = threading.Condition()
        self.requests = 0
        self._listeners: list[Callable[[SimDevice], None]] = []

    def subscribe(self, listener: Callable[[SimDevice], None]) -> None:
        """Called (on the line's thread) after every change of what the device shows."""
        self._listeners.append(listener)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()
        for listener in self._listeners:
            try:
                listener(self)
            except Exception:
                log.exception("simulated %s: listener failed", self.name)

    def identity(self) -> tuple[int, ...]:
        return (self.kind, reg.PROTOCOL_VERSION, 0, 0)

    def handle(self, request: Request) -> Reply:
        with self.changed:
            self.requests += 1
            self.changed.notify_all()
        try:
            if isinstance(request, ReadRegisters):
                return RegistersRead(self.address, self.read(request.start, request.count))
            if isinstance(request, WriteRegister):
                self.write(request.register, (request.value,))
                return request
            self.write(request.start, request.values)
            return RegistersWritten(self.address, request.start, len(request.values))
        except LookupError:
            code = ExceptionCode.ILLEGAL_ADDRESS
        except ValueError:
            code = ExceptionCode.ILLEGAL_VALUE
        return ExceptionReply(self.address, request.function, code)

    def read(self, start: int, count: int) -> tuple[int, ...]:
        if start == reg.ID_KIND and count <= reg.ID_COUNT:
            return self.identity()[:count]
        raise LookupError(start)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        raise LookupError(start)


class SimDisplay(SimDevice):
    """An LED display; ``text`` is what it shows, ``mode`` is text, test or clear."""

    def __init__(self, address: int, name: str = "", *, strip: bool = False, width: int = 16):
        self.kind = reg.DeviceKind.STRIP_DISPLAY if strip else reg.DeviceKind.COUNTER_DISPLAY
        super().__init__(address, name)
        self.width = width
        self.text = BLANK
        self.mode = "clear"
        self.blink = 0
        self.writes = 0
        self.shown_at: float | None = None  # monotonic time of the last change
        self.line1_at: float | None = None  # ... and of the last new first line (a number)

    def identity(self) -> tuple[int, ...]:
        return (self.kind, reg.PROTOCOL_VERSION, self.width, 0)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start == reg.DISPLAY_COMMAND and len(values) == 1:
            if values[0] == reg.CMD_CLEAR:
                self.mode, self.text = "clear", BLANK
            elif values[0] == reg.CMD_TEST_PATTERN:
                self.mode = "test"
            else:
                raise ValueError(values[0])
        elif start == reg.DISPLAY_BLINK:
            if values[0] > 9:
                raise ValueError(values[0])
            if len(values) == 1:
                self.blink = values[0]
                return
            self.blink = values[0]  # before line 1, whose write tells the listeners
            self.write(reg.LINE_BASE[0], values[1:])  # the blink with line 1, in one frame
            return
        elif start in reg.LINE_BASE:
            line = reg.unpack_text(values).decode("gb2312", errors="replace")
            if start == reg.LINE_BASE[0]:
                if line != self.text.line1:
                    self.line1_at = time.monotonic()
                self.text = DisplayText(line, self.text.line2)
            else:
                self.text = DisplayText(self.text.line1, line)
            self.mode = "text"
        else:
            raise LookupError(start)
        self.writes += 1
        self.shown_at = time.monotonic()
        self._notify()


class SimKeypad(SimDevice):
    """A keypad with a queue of presses, each numbered; ``press`` is a finger on a key."""

    kind = reg.DeviceKind.KEYPAD

    def __init__(self, address: int, name: str = "", depth: int = 16) -> None:
        super().__init__(address, name)
        self._queue: collections.deque[tuple[int, int, int]] = collections.deque()
        self._depth = depth
        self._seq = 0
        self._lock = threading.Lock()
        self.acked: list[int] = []
        self.pressed_at: dict[int, float] = {}  # seq: monotonic time of the press

    def press(self, key: Key | int, arg: int = 0) -> int:
        """Press a key; its sequence number, or 0 when the queue is full (a lost press)."""
        with self._lock:
            if len(self._queue) >= self._depth:
                return 0
            self._seq = self._seq % 0xFFFF + 1
            self._queue.append((self._seq, int(key), arg))
            self.pressed_at[self._seq] = time.monotonic()
            return self._seq

    @property
    def pending(self) -> int:
        return len(self._queue)

    def read(self, start: int, count: int) -> tuple[int, ...]:
        if start == reg.KEY_PENDING and count <= reg.KEY_BLOCK:
            with self._lock:
                head = self._queue[0] if self._queue else (0, 0, 0)
                return (len(self._queue), *head)[:count]
        return super().read(start, count)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start != reg.KEY_ACK or len(values) != 1:
            raise LookupError(start)
        with self._lock:
            if self._queue and self._queue[0][0] == values[0]:
                self._queue.popleft()
                self.acked.append(values[0])
        self._notify()


class SimEvaluator(SimDevice):
    """Four lit keys after an arm; ``press`` is the visitor's rating."""

    kind = reg.DeviceKind.EVALUATOR

    def __init__(self, address: int, name: str = "") -> None:
        super().__init__(address, name)
        self.state = reg.EVAL_IDLE
        self.token = 0
        self.rating = 0
        self._lock = threading.Lock()

    @property
    def armed(self) -> bool:
        return self.state == reg.EVAL_ARMED

    def press(self, rating: Rating | int) -> bool:
        """A key pressed; False when the keys were dark (not armed), as on the real box."""
        with self._lock:
            if self.state != reg.EVAL_ARMED:
                return False
            self.state, self.rating = reg.EVAL_RATED, int(rating)
        self._notify()
        return True

    def read(self, start: int, count: int) -> tuple[int, ...]:
        if start == reg.EVAL_STATE and count <= reg.EVAL_BLOCK:
            with self._lock:
                return (self.state, self.token, self.rating)[:count]
        return super().read(start, count)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start != reg.EVAL_STATE or not 1 <= len(values) <= 2:
            raise LookupError(start)
        with self._lock:
            if values[0] == reg.EVAL_IDLE:
                self.state, self.rating = reg.EVAL_IDLE, 0
            elif values[0] == reg.EVAL_ARMED and len(values) == 2 and values[1]:
                self.state, self.token, self.rating = reg.EVAL_ARMED, values[1], 0
            else:
                raise ValueError(values)
        self._notify()
