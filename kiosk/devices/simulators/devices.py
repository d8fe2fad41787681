"""Simulated devices: the register map of docs/protocols.md behind an address.

Each answers requests as a real device would (kiosk.devices.simulators.line puts them on
the far end of a pty or a socket). Their state can be watched (a window showing what
each LED display says, a test waiting for a text) and their keys pressed from any thread.
A keypad or evaluator given a ``doorbell`` rings it when a key is pressed, so the master
polls it at once instead of asking it many times a second for nothing (what a real
Modbus device cannot do: kiosk.devices.bus).
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
    OtherFunction,
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
        self.doorbell: Callable[[], None] | None = None  # rung when a key is pressed

    def subscribe(self, listener: Callable[[SimDevice], None]) -> None:
        """Called (on the line's thread) after every change of what the device shows."""
        self._listeners.append(listener)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def _ring(self) -> None:
        bell = self.doorbell
        if bell is not None:
            try:
                bell()
            except Exception:
                log.exception("simulated %s: doorbell failed", self.name)

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

    def handle(self, request: Request | OtherFunction) -> Reply:
        with self.changed:
            self.requests += 1
            self.changed.notify_all()
        if isinstance(request, OtherFunction):
            return ExceptionReply(self.address, request.function, ExceptionCode.ILLEGAL_FUNCTION)
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

    def blocks(self) -> list[tuple[int, tuple[int, ...]]]:
        """The readable blocks, each its first register and its values now."""
        return [(reg.ID_KIND, self.identity())]

    def read(self, start: int, count: int) -> tuple[int, ...]:
        """Any run of registers inside one readable block (docs/protocols.md); a run
        that starts outside or runs past the block is LookupError (exception 2)."""
        for first, values in self.blocks():
            if first <= start and start + count <= first + len(values):
                return values[start - first : start - first + count]
        raise LookupError(start)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        raise LookupError(start)


def _one(start: int, values: tuple[int, ...]) -> int:
    """The value of a register written alone; a write running past it is exception 2."""
    if len(values) != 1:
        raise LookupError(start + 1)
    return values[0]


class SimDisplay(SimDevice):
    """An LED display; ``text`` is what it shows, ``mode`` is text, test or clear."""

    def __init__(self, address: int, name: str = "", *, strip: bool = False, width: int = 16):
        self.kind = reg.DeviceKind.STRIP_DISPLAY if strip else reg.DeviceKind.COUNTER_DISPLAY
        super().__init__(address, name)
        self.width = width
        self.text = BLANK
        self.mode = "clear"
        self.blink = 0  # the times the text shown now blinks (line 1's last write)
        self._next_blink = 0  # 0x00FF written alone: the next line 1 blinks this often
        self.writes = 0
        self.shown_at: float | None = None  # monotonic time of the last change
        self.line1_at: float | None = None  # ... and of the last new first line (a number)

    def identity(self) -> tuple[int, ...]:
        return (self.kind, reg.PROTOCOL_VERSION, self.width, 0)

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start == reg.DISPLAY_COMMAND:
            command = _one(start, values)
            if command == reg.CMD_CLEAR:
                self.mode, self.text = "clear", BLANK
            elif command == reg.CMD_TEST_PATTERN:
                self.mode = "test"
            else:
                raise ValueError(command)
        elif start == reg.DISPLAY_BLINK:
            if values[0] > 9:
                raise ValueError(values[0])
            if len(values) == 1:
                self._next_blink = values[0]
                return
            self._next_blink = values[0]  # the blink with line 1, in one frame
            self._line(0, values[1:])
        elif start in reg.LINE_BASE:
            self._line(reg.LINE_BASE.index(start), values)
        else:  # not a register, or inside a line's block (a line is written whole)
            raise LookupError(start)
        self.writes += 1
        self.shown_at = time.monotonic()
        self._notify()

    def _line(self, index: int, values: tuple[int, ...]) -> None:
        if len(values) > reg.LINE_REGISTERS:
            raise LookupError(reg.LINE_BASE[index] + reg.LINE_REGISTERS)  # past the block
        line = reg.unpack_text(values).decode("gb2312", errors="replace")  # ValueError: 3
        if index == 0:
            self.blink, self._next_blink = self._next_blink, 0  # "the next text shown"
            if line != self.text.line1:
                self.line1_at = time.monotonic()
            self.text = DisplayText(line, self.text.line2)
        else:
            self.text = DisplayText(self.text.line1, line)
        self.mode = "text"


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
            seq = self._seq
        self._ring()
        return seq

    @property
    def pending(self) -> int:
        return len(self._queue)

    def blocks(self) -> list[tuple[int, tuple[int, ...]]]:
        with self._lock:
            head = self._queue[0] if self._queue else (0, 0, 0)
            keys = (len(self._queue), *head)
        return [*super().blocks(), (reg.KEY_PENDING, keys)]

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start != reg.KEY_ACK:
            raise LookupError(start)
        seq = _one(start, values)
        with self._lock:
            if self._queue and self._queue[0][0] == seq:
                self._queue.popleft()
                self.acked.append(seq)
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
        self._ring()
        return True

    def blocks(self) -> list[tuple[int, tuple[int, ...]]]:
        with self._lock:
            block = (self.state, self.token, self.rating)
        return [*super().blocks(), (reg.EVAL_STATE, block)]

    def write(self, start: int, values: tuple[int, ...]) -> None:
        if start == reg.EVAL_TOKEN:
            token = _one(start, values)
            if not token:
                raise ValueError(token)
            with self._lock:
                self.token = token
        elif start == reg.EVAL_STATE:
            if len(values) > 2:
                raise LookupError(reg.EVAL_RATING)  # the rating is read only
            with self._lock:
                token = values[1] if len(values) == 2 else self.token
                if values[0] == reg.EVAL_IDLE and (len(values) == 1 or token):
                    self.state, self.rating = reg.EVAL_IDLE, 0
                elif values[0] == reg.EVAL_ARMED and token:
                    self.state, self.rating = reg.EVAL_ARMED, 0
                else:  # another state, or armed with no token
                    raise ValueError(values)
                self.token = token
        else:
            raise LookupError(start)
        self._notify()
