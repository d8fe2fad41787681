"""The device hub: every bus, display, keypad and evaluator of the hall, wired to the queue.

One worker thread does the hub's own work in order: it applies key presses to the queue
(each once), stores ratings, and turns the hall's events into what each LED display
should show. It follows the hall feed (kiosk.core.feed): it reads the hall's status once
at start, then folds each event into it with kiosk.core.hallfold.HallFold (the windows'
fold), told at once of a commit in this process and, through the process's log follower
(kiosk.store.follow), of a commit in another; it reads nothing from the store per call
and polls nothing (a new business day is one full read). No call
here waits for a serial port: the buses' owner
threads do the I/O (kiosk.devices.bus). A device's failure is its health, never an
exception into the queue; the queue's refusal of a key (nothing to call) is logged and
reported to ``HubEvents``.

Built by the composition root (``kiosk.app.devices.build_devices``); ``DeviceHub.start()`` /
``stop()``.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from kiosk.core.devices import (
    DisplayText,
    HallReader,
    KeyPress,
    KeyReport,
    KeyResult,
    Rating,
    RatingSink,
    apply_key_once,
    hall_texts,
)
from kiosk.core.errors import KioskError
from kiosk.core.feed import FeedEvent, HallFeed, Subscription
from kiosk.core.hallfold import HallFold
from kiosk.core.model import CounterState, EventKind, Hall, Outcome, Ticket
from kiosk.core.service import HallStatus
from kiosk.core.state import HallState
from kiosk.devices.bus import Bus, BusDevice, Health
from kiosk.devices.drivers.modbus import ModbusDisplay, ModbusEvaluator, ModbusKeypad
from kiosk.devices.settings import DevicesSettings
from kiosk.devices.voice.announcer import VoiceAnnouncer

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

CALL_BLINKS = 3  # times a newly called number blinks on a display


class HubService(HallReader, Protocol):
    """What the hub uses of the queue service (QueueService has all of it)."""

    @property
    def feed(self) -> HallFeed: ...

    @property
    def hall(self) -> Hall: ...

    def now(self) -> dt.datetime: ...

    def status(self, last_calls: int = 10, *, estimates: bool = True) -> HallStatus: ...

    def tickets(self, date: dt.date | None = None) -> list[Ticket]: ...

    def run_op(
        self,
        op: Callable[Concatenate[Hall, HallState, dt.datetime, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T: ...


class HubEvents:
    """What the hub tells a window; every method is called on a hub or bus thread, so a
    Qt bridge re-emits them as signals. Override what you need."""

    def health_changed(self, health: Health) -> None:
        pass

    def key_reported(self, keypad: str, counter: int, report: KeyReport) -> None:
        """What a key did, or why it was refused, as values (a window words them); by
        default its English and whether it was applied go to ``key_handled``."""
        self.key_handled(keypad, counter, report.text, report.ok)

    def key_handled(self, keypad: str, counter: int, text: str, ok: bool) -> None:
        pass

    def rated(self, counter: int, uid: str, rating: Rating | None) -> None:
        pass


# What a wire rings when one of its devices has news: (bus name, address). The hub
# passes it on to that bus (Bus.attention), which polls the device at once.
Doorbell = Callable[[str, int], None]


class Wire(Protocol):
    """Something on the far side of the buses that lives as long as the hub (the
    simulators of kiosk.devices.simulators): started before the buses, closed after.
    ``doorbell``: rung when a device on it has news, so it need not wait for its poll."""

    def start(self, doorbell: Doorbell | None = None) -> None: ...

    def close(self) -> None: ...


# What a borrowed keypad or evaluator gets instead of the queue (the technician's
# self-test): a key press, or a rating (None: no key in time).
Borrower = Callable[[KeyPress], None] | Callable[[Rating | None], None]


class DeviceHub:
    def __init__(
        self,
        settings: DevicesSettings,
        service: HubService | None,
        *,
        rater: RatingSink | None = None,
        events: HubEvents | None = None,
        voice: VoiceAnnouncer | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wires: Sequence[Wire] = (),
    ) -> None:
        self.settings = settings
        self._service = service
        self._rater = rater
        self.events = events or HubEvents()
        self.voice = voice
        self.buses: dict[str, Bus] = {}
        self._wires = tuple(wires)
        self.displays: dict[str, ModbusDisplay] = {}
        self._counter_displays: dict[int, list[ModbusDisplay]] = collections.defaultdict(list)
        self._strips: list[ModbusDisplay] = []
        self.keypads: dict[str, tuple[ModbusKeypad, int, str]] = {}
        self.evaluators: dict[int, ModbusEvaluator] = {}
        self._evaluator_counter: dict[str, int] = {}
        self.ratings: list[tuple[int, str, Rating | None]] = []  # counter, uid, rating
        self.key_log: collections.deque[tuple[str, str, bool]] = collections.deque(maxlen=200)
        self._borrowed: dict[str, Borrower] = {}  # device name: its self-test
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._fold: HallFold | None = None  # None until the hall's status was read once
        self._subscription: Subscription | None = None
        self._armed_uids: collections.deque[str] = collections.deque(maxlen=500)
        self._health = threading.Condition()
        self._build(monotonic)

    # -- building ------------------------------------------------------------------------

    def _build(self, monotonic: Callable[[], float]) -> None:
        s = self.settings
        for b in s.buses:
            self.buses[b.name] = Bus(b, monotonic=monotonic, listener=self)
        for d in s.displays:
            display = ModbusDisplay(d.label, d.address)
            self.buses[d.bus].add(display)
            self.displays[d.label] = display
            if d.counter is None:
                self._strips.append(display)
            else:
                self._counter_displays[d.counter].append(display)
        for k in s.keypads:
            keypad = ModbusKeypad(k.label, k.address, self._on_key)
            self.buses[k.bus].add(keypad)
            self.keypads[k.label] = (keypad, k.counter, k.transfer_service)
        for e in s.evaluators:
            evaluator = ModbusEvaluator(
                e.label, e.address, self._on_rating, e.timeout_s, monotonic=monotonic
            )
            self.buses[e.bus].add(evaluator)
            self.evaluators[e.counter] = evaluator
            self._evaluator_counter[e.label] = e.counter

    # -- running -------------------------------------------------------------------------

    def start(self) -> None:
        for wire in self._wires:
            wire.start(self._ring)
        for bus in self.buses.values():
            bus.start()
        if self.voice is not None:
            self.voice.start()
        self._thread = threading.Thread(target=self._run, name="device-hub", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(10)
            self._thread = None
        for bus in self.buses.values():
            bus.stop()
        for wire in self._wires:
            wire.close()
        if self.voice is not None:
            self.voice.stop()

    def _ring(self, bus: str, address: int) -> None:
        """A wire's doorbell (any thread): the device there has news."""
        found = self.buses.get(bus)
        if found is not None:
            found.attention(address)

    def submit(self, job: Callable[[], None]) -> None:
        """Run a job on the hub's thread (after the ones queued before it)."""
        self._jobs.put(job)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every job queued so far is done (tests, self-tests)."""
        done = threading.Event()
        self._jobs.put(done.set)
        return done.wait(timeout)

    def _run(self) -> None:
        retry = self.settings.follow_s
        self._begin()
        while True:
            try:
                # Until the hall's status could be read once (a locked store at start),
                # try again every follow_s; after that, wait for work without polling.
                waiting = self._fold is None and self._service is not None
                job = self._jobs.get(timeout=retry if waiting else None)
            except queue.Empty:
                job = self._begin
            if job is None:
                return
            try:
                job()
            except Exception:  # our bug: logged with its traceback; the hub goes on
                log.exception("device hub: a job failed")

    # -- following the queue -------------------------------------------------------------

    def _begin(self) -> None:
        """Read the hall's status once, then follow the feed from there."""
        if self._service is None or self._fold is not None:
            return
        feed = self._service.feed
        after = feed.last
        if not self._read_status():
            return
        # Events between `after` and the status are in it already: the fold skips them.
        self._subscription = feed.subscribe("device hub", self._told, after)

    def _read_status(self) -> bool:
        """One full read of the hall's status (the start, a new business day)."""
        assert self._service is not None
        try:
            status = self._service.status(estimates=False)
        except KioskError as exc:  # the store is locked or gone: try again in follow_s
            log.warning("device hub: cannot read the hall's status: %s", exc)
            return False
        self.apply_status(status)
        return True

    def _told(self, events: Sequence[FeedEvent]) -> None:
        """The feed's handler (on the committing or following thread): hand over."""
        self._jobs.put(lambda: self.apply_events(events))

    def apply_events(self, events: Sequence[FeedEvent]) -> None:
        """Fold events into the hall's status, show it, and light the evaluators of the
        counters whose ticket was just served (on the hub thread). A new business day
        (the fold cannot go on) is one full read."""
        fold = self._fold
        if fold is None:
            return
        served = [
            (e.counter, e.ticket)
            for e in events
            if e.kind is EventKind.DONE and e.seq > fold.seq and e.counter and e.ticket
        ]
        if not fold.apply(events):
            if self._service is not None and not self._read_status():
                # the store cannot be read: start again (a read every follow_s) and
                # follow the feed from there
                if self._subscription is not None:
                    self._subscription.close()
                    self._subscription = None
                self._fold = None
            return
        self._show()
        for counter, uid in served:
            if counter in self.evaluators:
                self._arm(counter, uid)

    def apply_status(self, status: HallStatus) -> None:
        """Show a hall status on the displays (on the hub thread): the start, a new
        business day."""
        assert self._service is not None
        self._fold = HallFold(self._service.hall, status, calls=1)
        self._show()

    def _show(self) -> None:
        assert self._fold is not None and self._service is not None
        counters, strip = hall_texts(self._fold.status(self._service.now()))
        for number, text in counters.items():
            for display in self._counter_displays.get(number, ()):
                self._show_text(display, text)
        for display in self._strips:
            self._show_text(display, strip)

    def _show_text(self, display: ModbusDisplay, text: DisplayText) -> None:
        if display.wanted != text:
            new_number = text.calling and text.line1 != display.wanted.line1
            blink = CALL_BLINKS if new_number else 0  # a new number blinks, a name does not
            display.show(text, blink)

    def _arm(self, counter: int, uid: str) -> None:
        if uid in self._armed_uids:
            return
        self._armed_uids.append(uid)
        self.evaluators[counter].arm(uid)

    # -- keys and ratings (called on bus threads: hand over to the hub thread) ------------

    @contextmanager
    def borrowed(self, name: str, borrower: Borrower) -> Iterator[None]:
        """While inside, the keypad or evaluator ``name`` gives its presses or ratings to
        ``borrower`` (called on a bus thread) instead of the queue: the technician's
        self-test, run while the hall is open."""
        self._borrowed[name] = borrower
        try:
            yield
        finally:
            self._borrowed.pop(name, None)

    def _on_key(self, name: str, press: KeyPress) -> None:
        keypad = self.keypads[name][0]
        borrower = self._borrowed.get(name)
        if borrower is not None:
            try:
                borrower(press)  # type: ignore[arg-type]  # a keypad's borrower takes presses
            finally:
                keypad.handled(press.seq)
            return
        self._jobs.put(lambda: self._finish_key(name, press))

    def _finish_key(self, name: str, press: KeyPress) -> None:
        """Apply a press, then (committed or refused, never before) let the keypad be
        acknowledged. A bug of ours is logged by the worker and the press given up, as
        a refusal would be: the keypad must not wait for it forever."""
        try:
            self._apply_key(name, press)
        finally:
            self.keypads[name][0].handled(press.seq)

    def _apply_key(self, name: str, press: KeyPress) -> None:
        _keypad, counter, transfer_service = self.keypads[name]
        if self._service is None:
            return
        # The counter's state as the hub last saw it, for the words of the report only
        # (the operation itself reads the committed state).
        fold = self._fold
        state = fold.counter_state(counter) if fold is not None else CounterState.CLOSED
        try:
            found: KeyResult | None = self._service.run_op(
                apply_key_once, counter, name, press, transfer_service or None
            )
        except KioskError as exc:
            log.warning("%s: key %d refused: %s", name, press.key, exc)
            self.key_log.append((name, str(exc), False))
            self.events.key_reported(name, counter, KeyReport.refused(counter, press, state, exc))
            return
        if found is None:  # applied before a restart, acknowledgement lost: not again
            log.info("%s: press %d was applied already", name, press.seq)
            return
        result = found
        log.info("%s: %s", name, result.text)
        self.key_log.append((name, result.text, True))
        self.events.key_reported(name, counter, KeyReport.done(result, state, press))
        done = result.ticket is not None and result.ticket.outcome is Outcome.SERVED
        if done and result.ticket is not None and counter in self.evaluators:
            self._arm(counter, result.ticket.uid)
        # What the press changed comes back from the feed after its commit.

    def _on_rating(self, name: str, uid: str, rating: Rating | None) -> None:
        borrower = self._borrowed.get(name)
        if borrower is not None:
            borrower(rating)  # type: ignore[arg-type]  # an evaluator's takes ratings
            return
        counter = self._evaluator_counter[name]
        self._jobs.put(lambda: self._store_rating(counter, uid, rating))

    def _store_rating(self, counter: int, uid: str, rating: Rating | None) -> None:
        self.ratings.append((counter, uid, rating))
        if rating is None:
            log.info("evaluator %d: no rating for %s in time", counter, uid)
        elif self._rater is not None:
            try:
                self._rater.rate(uid, int(rating))
            except KioskError as exc:
                log.warning("evaluator %d: rating not stored: %s", counter, exc)
        else:
            log.info("evaluator %d: %s rated %s (not stored: no rating store)", counter, uid,
                     rating.en)  # fmt: skip
        self.events.rated(counter, uid, rating)

    # -- health --------------------------------------------------------------------------

    def health_changed(self, health: Health) -> None:  # BusListener, on a bus thread
        with self._health:
            self._health.notify_all()
        self.events.health_changed(health)

    def wait_online(self, device: BusDevice, timeout: float) -> bool:
        """Wait until a device answers (its first probe, or back from offline)."""
        with self._health:
            return self._health.wait_for(lambda: device.online, timeout)

    def snapshot(self) -> list[Health]:
        """Every device's health, bus by bus (the technician panel's lights)."""
        return [h for bus in self.buses.values() for h in bus.health()]
