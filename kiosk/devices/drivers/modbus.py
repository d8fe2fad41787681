"""The hall devices over Modbus RTU (register map: kiosk.devices.modbus.registers,
docs/protocols.md). Each class is a device on a bus: its public methods are called from
any thread and only record what is wanted; ``probe``, ``sync`` and ``poll`` run on the
bus owner thread.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
import unicodedata
from collections.abc import Callable

from kiosk.core.devices import BLANK, DisplayText, KeyPress, Rating
from kiosk.devices.bus import BadReply, BusDevice, BusSettings, Transact
from kiosk.devices.drivers.base import OnKey, OnRating
from kiosk.devices.escpos.textenc import FOLDS, encode_char
from kiosk.devices.modbus import registers as reg
from kiosk.devices.modbus.frames import ReadRegisters, RegistersRead, WriteRegister, WriteRegisters

log = logging.getLogger(__name__)

TEXT_ENCODING = "gb2312"
MISSING = "□"  # A1 F5: shown for a character neither the font nor a fold has
# A keypad pressed within this time is polled every poll_s (staff press call, serve and
# done in a row); one quiet longer every idle_poll_s (docs/protocols.md, keypads).
KEYPAD_AWAKE_S = 60.0


def encode_text(text: str) -> bytes:
    """A line as the device's GB2312 font takes it, cut to the line's 64 bytes.

    A character the font lacks is folded to its equivalent as on the printer
    (kiosk.devices.escpos.textenc.FOLDS: "·" -> "・", "¥" -> "￥", "–" -> "-"), never
    "?"; one with no fold shows as a box (an LED cannot draw the printer's picture).
    Control characters are dropped. The cut never splits a Chinese character.
    """
    out = bytearray()
    for raw in unicodedata.normalize("NFC", text):
        char = " " if raw == "\t" else raw
        if unicodedata.category(char) == "Cc":
            continue
        data = encode_char(char, TEXT_ENCODING)
        if data is None:
            fold = [encode_char(c, TEXT_ENCODING) for c in FOLDS.get(char, "")]
            ok = fold and all(b is not None for b in fold)
            data = b"".join(b for b in fold if b) if ok else MISSING.encode(TEXT_ENCODING)
        if len(out) + len(data) > reg.LINE_BYTES:
            break
        out += data
    return bytes(out)


def _read(transact: Transact, address: int, start: int, count: int) -> tuple[int, ...]:
    reply = transact(ReadRegisters(address, start, count))
    assert isinstance(reply, RegistersRead)  # the master checked it answers the read
    return reply.values


class ModbusDevice(BusDevice):
    kinds: tuple[reg.DeviceKind, ...] = ()

    def __init__(self, name: str, address: int) -> None:
        super().__init__(name, address)
        self.identity: tuple[int, ...] = ()

    def identify(self, transact: Transact) -> None:
        ident = _read(transact, self.address, reg.ID_KIND, reg.ID_COUNT)
        try:
            kind = reg.DeviceKind(ident[0])
        except ValueError:
            raise BadReply(f"answers as device kind {ident[0]}, which is unknown") from None
        if kind not in self.kinds:
            raise BadReply(f"answers as a {kind.label}, not a {self.kind}")
        if ident[1] != reg.PROTOCOL_VERSION:
            raise BadReply(f"speaks protocol version {ident[1]}, expected {reg.PROTOCOL_VERSION}")
        self.identity = ident


class ModbusDisplay(ModbusDevice):
    """A counter LED display or the main strip: two lines of GB2312 text."""

    kind = "display"
    kinds = (reg.DeviceKind.COUNTER_DISPLAY, reg.DeviceKind.STRIP_DISPLAY)

    def __init__(
        self, name: str, address: int, on_sent: Callable[[str, DisplayText], None] | None = None
    ) -> None:
        super().__init__(name, address)
        self._want: tuple[str, DisplayText, int] = ("text", BLANK, 0)
        self._shown: list[bytes | None] = [None, None]  # what each line has, as far as we know
        self._mode_sent = ""
        self._on_sent = on_sent
        self.wanted = BLANK
        self.synced = threading.Condition()
        self.sync_count = 0  # syncs that reached the device

    def wait_synced(self, after: int, timeout: float) -> bool:
        """Wait until a sync after the ``after``-th has reached the device."""
        with self.synced:
            return self.synced.wait_for(lambda: self.sync_count > after, timeout)

    def _synced(self) -> None:
        with self.synced:
            self.sync_count += 1
            self.synced.notify_all()

    def show(self, text: DisplayText, blink: int = 0) -> None:
        with self._lock:
            self._want = ("text", text, blink)
            self.wanted = text
        self.mark_dirty()

    def test_pattern(self) -> None:
        with self._lock:
            self._want = ("test", BLANK, 0)
        self.mark_dirty()

    def clear(self) -> None:
        with self._lock:
            self._want = ("clear", BLANK, 0)
            self.wanted = BLANK
        self.mark_dirty()

    def probe(self, transact: Transact) -> None:
        super().probe(transact)
        self._shown = [None, None]  # it may have restarted blank: send everything again
        self._mode_sent = ""

    def went_offline(self) -> None:
        self._shown = [None, None]
        self._mode_sent = ""

    def sync(self, transact: Transact) -> None:
        with self._lock:
            mode, text, blink = self._want
        if mode != "text":
            if self._mode_sent != mode:
                cmd = reg.CMD_CLEAR if mode == "clear" else reg.CMD_TEST_PATTERN
                transact(WriteRegister(self.address, reg.DISPLAY_COMMAND, cmd))
                self._mode_sent = mode
                self._shown = [b"", b""] if mode == "clear" else [None, None]
            self._synced()
            return
        lines = [encode_text(text.line1), encode_text(text.line2)]
        if lines == self._shown and self._mode_sent == "text":
            self._synced()
            return
        for i, data in enumerate(lines):  # the number first: the line visitors look for
            if data != self._shown[i] or self._mode_sent != "text":
                if i == 0 and blink:  # the blink rides in line 1's frame
                    values = (min(blink, 9), *reg.pack_text(data))
                    transact(WriteRegisters(self.address, reg.DISPLAY_BLINK, values))
                else:
                    transact(WriteRegisters(self.address, reg.LINE_BASE[i], reg.pack_text(data)))
                self._shown[i] = data
        self._mode_sent = "text"
        self._synced()
        if self._on_sent is not None:
            self._on_sent(self.name, text)


class ModbusKeypad(ModbusDevice):
    """A counter keypad: its presses, read from its queue and applied once each.

    Modbus RTU has no transaction numbers: a reply that comes late is taken for the
    answer to the next identical read, so a read may show a press that was already
    applied, in any order. The press's sequence number is the transaction number: a
    press is handed on once (a number among the recently finished ones is a repeat and
    only acknowledged again), and the keypad is acknowledged only after the hub says
    the press is finished (its queue operation committed, or refused), so a press is
    never removed from the keypad before it is in the store. The store records the
    number with the operation, so after a restart a press shown again is a repeat too
    (kiosk.core.devices.apply_key_once).
    """

    kind = "keypad"
    kinds = (reg.DeviceKind.KEYPAD,)
    REMEMBERED = 64  # finished sequence numbers kept: far more than a late reply can lag

    def __init__(self, name: str, address: int, on_key: OnKey) -> None:
        super().__init__(name, address)
        self._on_key = on_key
        self._finished: collections.deque[int] = collections.deque(maxlen=self.REMEMBERED)
        self._pending: int | None = None  # handed on, not finished yet
        self._to_ack: int | None = None  # finished, acknowledgement not yet confirmed
        self.presses = 0
        self._pressed_at: float | None = None  # bus thread: when a press was last read

    @property
    def last_seq(self) -> int | None:
        """The last press handed on."""
        return (
            self._pending
            if self._pending is not None
            else (self._finished[-1] if self._finished else None)
        )

    @property
    def pollable(self) -> bool:
        return True

    def poll_every(self, settings: BusSettings, now: float) -> float:
        """Quick while staff are at the keys, slower when the keypad has been quiet: a
        press waits in the keypad's queue until read, so nothing is lost, and the idle
        hall does not ask every keypad twenty times a second."""
        if self._pressed_at is not None and now - self._pressed_at < KEYPAD_AWAKE_S:
            return settings.poll_s
        return max(settings.idle_poll_s, settings.poll_s)

    def handled(self, seq: int) -> None:
        """The press is finished (committed, or refused by the queue): acknowledge it.
        Called from any thread."""
        with self._lock:
            if self._pending != seq:
                return
            self._pending = None
            self._finished.append(seq)
            self._to_ack = seq
        self.mark_dirty()

    def sync(self, transact: Transact) -> None:
        with self._lock:
            seq = self._to_ack
        if seq is not None:
            transact(WriteRegister(self.address, reg.KEY_ACK, seq))
            with self._lock:
                if self._to_ack == seq:
                    self._to_ack = None
            self.next_poll = 0.0  # the next press, if any, at once

    def poll(self, transact: Transact, now: float) -> None:
        pending, seq, code, arg = _read(transact, self.address, reg.KEY_PENDING, reg.KEY_BLOCK)
        if (pending == 0) != (seq == 0):
            raise BadReply(f"{pending} presses waiting but sequence number {seq}")
        if pending == 0:
            return
        self._pressed_at = now
        with self._lock:
            if seq == self._pending:
                return  # being applied: acknowledged when it is committed
            repeat = seq in self._finished
            if not repeat:
                if self._pending is not None:
                    # A press other than the one being applied at the head of the queue
                    # is impossible while that one is unacknowledged, unless the keypad
                    # restarted: wait for the one being applied to finish.
                    return
                self._pending = seq
        if repeat:  # its acknowledgement was lost, or this is a late reply: ack again
            transact(WriteRegister(self.address, reg.KEY_ACK, seq))
            if pending > 1:
                self.next_poll = now
            return
        self.presses += 1
        try:
            self._on_key(self.name, KeyPress(seq, code, arg))
        except Exception:  # the hub's bug: the press is logged and given up
            log.exception("keypad %s: handing on key %d failed", self.name, code)
            self.handled(seq)


class ModbusEvaluator(ModbusDevice):
    """A satisfaction evaluator: armed for one ticket, it reports one rating or a timeout."""

    kind = "evaluator"
    kinds = (reg.DeviceKind.EVALUATOR,)

    def __init__(
        self,
        name: str,
        address: int,
        on_rating: OnRating,
        timeout_s: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name, address)
        self._on_rating = on_rating
        self._timeout_s = timeout_s
        self._now = monotonic
        self._token = 0
        self._want: tuple[int, str] | None = None  # (token, ticket uid) to arm for
        self._armed: int | None = None  # the token the device holds, as far as we know
        self._deadline = 0.0
        self._state_lock = threading.Lock()

    @property
    def armed_for(self) -> str | None:
        want = self._want
        return want[1] if want else None

    def arm(self, uid: str) -> None:
        with self._state_lock:
            self._token = self._token % 0xFFFF + 1
            self._want = (self._token, uid)
            self._deadline = self._now() + self._timeout_s
        self.mark_dirty()

    def disarm(self) -> None:
        with self._state_lock:
            self._want = None
        self.mark_dirty()

    @property
    def pollable(self) -> bool:
        return self._want is not None or self._armed is not None

    def went_offline(self) -> None:
        self._armed = None

    def probe(self, transact: Transact) -> None:
        super().probe(transact)
        self._armed = -1  # unknown: disarm or arm anew in sync

    def sync(self, transact: Transact) -> None:
        with self._state_lock:
            want = self._want
        token = want[0] if want else None
        if token == self._armed:
            return
        if token is None:
            transact(WriteRegister(self.address, reg.EVAL_STATE, reg.EVAL_IDLE))
        else:
            transact(WriteRegisters(self.address, reg.EVAL_STATE, (reg.EVAL_ARMED, token)))
        self._armed = token

    def poll(self, transact: Transact, now: float) -> None:
        with self._state_lock:
            want, deadline = self._want, self._deadline
        if want is None:
            if self._armed is not None:
                self.mark_dirty()
            return
        token, uid = want
        state, dev_token, value = _read(transact, self.address, reg.EVAL_STATE, reg.EVAL_BLOCK)
        if state == reg.EVAL_RATED and dev_token == token:
            try:
                rating: Rating | None = Rating(value)
            except ValueError:
                log.warning("evaluator %s: unknown rating %d, ignored", self.name, value)
                rating = None
            self._finish(token, uid, rating)
        elif state != reg.EVAL_ARMED or dev_token != token:
            self._armed = -1  # it forgot (restarted): arm it again
            self.mark_dirty()
        if self._want is not None and self._want[0] == token and self._now() >= deadline:
            self._finish(token, uid, None)

    def _finish(self, token: int, uid: str, rating: Rating | None) -> None:
        with self._state_lock:
            if self._want is None or self._want[0] != token:
                return  # re-armed meanwhile
            self._want = None
        self.mark_dirty()  # disarm
        try:
            self._on_rating(self.name, uid, rating)
        except Exception:
            log.exception("evaluator %s: handing on a rating failed", self.name)
