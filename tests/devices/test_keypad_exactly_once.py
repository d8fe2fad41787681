"""A keypad's presses are applied exactly once, in order, whatever the line does to the
replies: lost, late (taken for the answer to a later identical read), duplicated or
reordered. Modbus RTU has no transaction numbers; the press's sequence number is one.

The property test drives the real master (kiosk.devices.bus.Master) and keypad driver
against a simulated keypad through a scripted line that decides each reply's fate;
one test does the same over a real pseudo-terminal with a keypad that answers late."""

from __future__ import annotations

import dataclasses
import enum
import threading

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.core.devices import Key, KeyPress
from kiosk.devices.bus import Bus, BusSettings, DeviceFault, Master
from kiosk.devices.drivers.modbus import ModbusKeypad
from kiosk.devices.modbus.frames import Reply, Request, RequestParser
from kiosk.devices.simulators import PtyLine, SimKeypad
from tests.devices.conftest import fast


class Fate(enum.Enum):
    ON_TIME = "on time"
    LOST = "lost"
    LATE = "late"  # arrives in a later transaction's window, before that one's own reply
    TWICE = "twice"  # on time, and again in the next window


@dataclasses.dataclass(frozen=True)
class Delivery:
    fate: Fate
    windows: int = 1  # how many transactions later a late reply arrives


class ScriptedLine:
    """A port (what Master uses of pyserial's) with a simulated keypad behind it: each
    request is answered by the keypad at once, and the reply is delivered as the script
    says. Late replies land after the master's reset of its input, inside the window of
    a later request: exactly what a slow device does on a real bus."""

    def __init__(self, keypad: SimKeypad, script: list[Delivery]) -> None:
        self.timeout: float | None = None
        self._keypad = keypad
        self._script = list(script)
        self._inbox = bytearray()
        self._later: list[tuple[int, bytes]] = []  # (write number it lands at, bytes)
        self._writes = 0
        self._parser = RequestParser()

    @property
    def in_waiting(self) -> int:
        return len(self._inbox)

    def read(self, size: int = 1) -> bytes:
        data = bytes(self._inbox[:size])
        del self._inbox[:size]
        return data

    def reset_input_buffer(self) -> None:
        self._inbox.clear()

    def write(self, data: bytes, /) -> int:
        self._writes += 1
        due = [d for n, d in self._later if n <= self._writes]
        self._later = [(n, d) for n, d in self._later if n > self._writes]
        for late in due:  # stale replies first: the master must not be fooled by them
            self._inbox += late
        (request,) = self._parser.feed(data)
        reply = self._keypad.handle(request).encode()
        delivery = self._script.pop(0) if self._script else Delivery(Fate.ON_TIME)
        if delivery.fate in (Fate.ON_TIME, Fate.TWICE):
            self._inbox += reply
        if delivery.fate is Fate.TWICE:
            self._later.append((self._writes + 1, reply))
        if delivery.fate is Fate.LATE:
            self._later.append((self._writes + delivery.windows, reply))
        return len(data)

    def close(self) -> None:
        pass


deliveries = st.one_of(
    st.just(Delivery(Fate.ON_TIME)),
    st.just(Delivery(Fate.LOST)),
    st.just(Delivery(Fate.TWICE)),
    st.builds(Delivery, st.just(Fate.LATE), st.integers(1, 8)),
)
actions = st.lists(st.sampled_from(["press", "poll", "poll", "finish"]), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=st.lists(deliveries, max_size=60), steps=actions)
@example(  # the field's case: the first read's reply comes five transactions late, in
    # the window of the read after the second press was applied, and shows the first
    # press again (a master that only remembers its last number applies it twice)
    script=[Delivery(Fate.LATE, 5)],
    steps=["press", "press", "poll", "finish", "poll", "finish", "poll", "finish", "poll"],
)
def test_every_press_is_applied_exactly_once_in_order(
    script: list[Delivery], steps: list[str]
) -> None:
    sim = SimKeypad(5, depth=64)
    line = ScriptedLine(sim, script)
    master = Master(line, BusSettings("scripted", "scripted", baudrate=115200, timeout_s=0.002))
    applied: list[KeyPress] = []
    unfinished: list[int] = []  # handed on, the hub's commit still to come

    def on_key(name: str, press: KeyPress) -> None:
        applied.append(press)
        unfinished.append(press.seq)

    keypad = ModbusKeypad("keypad 1", 5, on_key)

    def transact(request: Request) -> Reply:
        return master.transact(request, 3)

    def step(action: str) -> None:
        if action == "finish":  # the hub committed what it was given
            while unfinished:
                keypad.handled(unfinished.pop(0))
            return
        try:
            if keypad.take_dirty():
                try:
                    keypad.sync(transact)
                except DeviceFault:
                    keypad.mark_dirty()
                    raise
            else:
                keypad.poll(transact, 0.0)
        except DeviceFault:
            pass  # the bus would retry later: the next step

    pressed = []
    for action in steps:
        if action == "press":
            pressed.append(sim.press(Key.CALL_NEXT))
        else:
            step(action)
    for _ in range(400):  # the line calms down: everything is finished and acknowledged
        if sim.pending == 0 and not unfinished and not keypad.dirty:
            break
        step("finish" if unfinished else "poll")
    assert sim.pending == 0, "every press is acknowledged in the end"
    assert [p.seq for p in applied] == pressed  # each once, in the order pressed
    assert sim.acked == pressed


class Presses:
    def __init__(self) -> None:
        self.got: list[KeyPress] = []
        self.keypad: ModbusKeypad | None = None
        self.lock = threading.Lock()

    def __call__(self, name: str, press: KeyPress) -> None:
        with self.lock:
            self.got.append(press)
        assert self.keypad is not None
        self.keypad.handled(press.seq)


def test_a_keypad_that_answers_late_over_a_pty_has_each_press_applied_once(
    buses: list[Bus],
) -> None:
    """Every reply comes 70 ms after its request, past the master's 50 ms: each is taken
    as the answer to the next request (its retry, or the next poll); some are lost too."""
    presses = Presses()
    sim = SimKeypad(17)
    with PtyLine([sim]) as line:
        bus = Bus(fast(line.url, offline_after=1000, retries=2))
        keypad = ModbusKeypad("keypad 1", 17, presses)
        presses.keypad = keypad
        bus.add(keypad)
        bus.start()
        buses.append(bus)
        assert sim.wait_for(lambda: sim.requests > 0)
        line.faults[17].reply_delay_s = 0.07
        seqs = [sim.press(key) for key in (Key.CALL_NEXT, Key.SERVE, Key.DONE) * 4]
        line.faults[17].drop_replies = 3
        assert sim.wait_for(lambda: sim.acked == seqs, timeout=60), (sim.acked, seqs)
        with presses.lock:
            assert [p.seq for p in presses.got] == seqs
