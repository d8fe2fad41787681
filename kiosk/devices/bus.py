"""One RS-485 bus: a port opened by URL and the one thread that owns it.

Everything that touches a bus's port runs on its owner thread, one transaction at a
time (a Modbus RTU bus is half duplex with one master). Callers on other threads (the
UI, the queue) never wait for the wire: they change what a device should show or do and
wake the owner, which sends only the latest state (an update that is overtaken is never
sent).

Per transaction the owner retries a bounded number of times; a device that fails
``offline_after`` transactions in a row is marked offline and from then on only asked
once every ``probe_s`` with no retries, so a dead device costs the others one reply
timeout per probe. When the port itself fails (a USB adapter unplugged, a pty closed)
every device goes offline and the port is opened again with a growing backoff; each
device returns online, and is sent its state again, when it answers.

Work for devices that have something to send goes before polling, so a call reaches
the display before the next round of keypad polls.

A Modbus device speaks only when asked, so keypads and lit evaluators are polled. A
device that can say it has news some other way (the simulators, in this process: a
simulated keypad rings when pressed, kiosk.devices.simulators) calls
:meth:`Bus.attention`, and is polled at once.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import serial

from kiosk.devices.modbus.frames import (
    ExceptionCode,
    ExceptionReply,
    ProtocolError,
    Reply,
    ReplyParser,
    Request,
    reply_for,
)

log = logging.getLogger(__name__)

try:  # a pty's termios calls fail with termios.error, no OSError, when it is gone
    from termios import error as _termios_error

    PORT_ERRORS: tuple[type[BaseException], ...] = (
        serial.SerialException,
        OSError,
        ValueError,
        _termios_error,
    )
except ImportError:  # Windows
    PORT_ERRORS = (serial.SerialException, OSError, ValueError)

PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


@dataclasses.dataclass(frozen=True)
class BusSettings:
    """One bus; see docs/devices.md for each key."""

    name: str
    url: str  # serial_for_url: /dev/ttyUSB0, socket://host:port, rfc2217://, spy://, loop://
    baudrate: int = 9600
    parity: str = "N"  # N, E or O
    stopbits: int = 1
    timeout_s: float = 0.1  # wait for a reply
    retries: int = 2  # sent again this many times when no good reply came
    offline_after: int = 3  # failed transactions in a row before the device is offline
    probe_s: float = 2.0  # an offline device is asked this often
    check_s: float = 10.0  # an online device that is not polled is asked when quiet this long
    poll_s: float = 0.05  # a keypad or armed evaluator is asked at most this often
    # a keypad not pressed for a while (drivers: KEYPAD_AWAKE_S) is asked this often: a
    # press waits in the keypad's queue, so this adds at most idle_poll_s - poll_s to it
    idle_poll_s: float = 0.2
    reconnect_min_s: float = 0.5  # first wait before opening a failed port again
    reconnect_max_s: float = 30.0  # the wait doubles up to this
    # A 2-wire adapter that hears its own transmission: the request's echo comes back
    # before the reply and is discarded (without this, every reply looks garbled).
    discard_echo: bool = False

    def __post_init__(self) -> None:
        if self.parity not in PARITIES:
            raise ValueError(f"bus {self.name}: parity must be N, E or O, got {self.parity!r}")
        if self.stopbits not in (1, 2):
            raise ValueError(f"bus {self.name}: stopbits must be 1 or 2")

    @property
    def char_s(self) -> float:
        """Time of one character on the wire: start, 8 data, parity, stop bits."""
        bits = 1 + 8 + (self.parity != "N") + self.stopbits
        return bits / self.baudrate

    @property
    def silence_s(self) -> float:
        """Modbus RTU's gap between frames: 3.5 characters, at least 1.75 ms."""
        return max(3.5 * self.char_s, 0.00175)


# -- failures ----------------------------------------------------------------------------


class DeviceFault(Exception):
    """A device did not answer correctly. Never leaves the bus thread."""


class NoReply(DeviceFault):
    pass


class BadReply(DeviceFault):
    pass


class Refused(DeviceFault):
    """The device answered with a Modbus exception: it is there, but said no."""

    def __init__(self, reply: ExceptionReply) -> None:
        super().__init__(f"the device refused: {reply.text}")
        self.reply = reply


TRANSIENT = (4, 6)  # device failure, busy: the same request may succeed later
FAULT_LOG_EVERY_S = 60.0  # a device that keeps refusing is logged at most this often
KINDS_OF_WORK = {"sync": "a write", "poll": "a poll", "check": "a check", "probe": "a probe"}


def _exception_text(code: int) -> str:
    try:
        return ExceptionCode(code).text
    except ValueError:
        return f"exception code {code}"


class PortFailed(Exception):
    """The port itself failed: it is gone until opened again."""


# -- the master: one request, one reply --------------------------------------------------


class Port(Protocol):
    """What the bus uses of a pyserial port."""

    timeout: float | None

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


Transact = Callable[[Request], Reply]
MAX_HEARD = 512
ECHO_HINT = "(an adapter that echoes its transmissions: set discard_echo = true on the bus)"


def _common_prefix(a: bytes, b: bytes) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Master:
    """Sends one request and reads its reply on an open port (the owner thread only)."""

    def __init__(self, port: Port, settings: BusSettings) -> None:
        self._port = port
        self._settings = settings
        self._slice = max(settings.timeout_s / 4, 0.002)
        port.timeout = self._slice
        self._parser = ReplyParser()
        self._quiet_until = 0.0
        self.sent = 0  # frames written, retries included
        self.stray = 0  # good frames that answered something else

    def transact(self, request: Request, tries: int) -> Reply:
        """The device's reply, sent up to ``tries`` times; DeviceFault or PortFailed."""
        problem: DeviceFault = NoReply("no reply")
        for _ in range(max(tries, 1)):
            try:
                reply = self._once(request)
            except NoReply as exc:
                problem = exc
                continue
            except BadReply as exc:
                problem = exc
                continue
            if isinstance(reply, ExceptionReply):
                raise Refused(reply)
            return reply
        raise problem

    def _once(self, request: Request) -> Reply:
        frame = request.encode()
        port = self._port
        try:
            wait = self._quiet_until - time.monotonic()
            if wait > 0:  # the line's silence between frames
                time.sleep(wait)
            port.reset_input_buffer()  # a late reply to an earlier request is not ours
            self._parser.reset()
            port.write(frame)
            self.sent += 1
            # The reply cannot start before our frame has left the wire.
            deadline = (
                time.monotonic() + len(frame) * self._settings.char_s + self._settings.timeout_s
            )
            echo = frame if self._settings.discard_echo else b""
            heard = bytearray()  # the window's bytes, to tell our own echo from a reply
            while True:
                data = port.read(1)
                if data:
                    data += port.read(port.in_waiting)
                    if echo:  # our own frame coming back first: not a reply
                        n = _common_prefix(echo, data)
                        echo = echo[n:] if n == min(len(echo), len(data)) else b""
                        data = data[n:]
                    if len(heard) < MAX_HEARD:
                        heard += data
                    for reply in self._parser.feed(data):
                        if reply.address != request.address or reply.function != request.function:
                            self.stray += 1
                            continue
                        try:
                            return reply_for(request, reply)
                        except ProtocolError as exc:
                            raise BadReply(str(exc)) from None
                if time.monotonic() >= deadline:
                    within = f"within {self._settings.timeout_s * 1000:.0f} ms"
                    if heard == frame:
                        raise NoReply(f"no reply {within}, only the request's own echo {ECHO_HINT}")
                    what = "a garbled reply" if self._parser.pending else "no reply"
                    raise NoReply(f"{what} {within}")
        except PORT_ERRORS as exc:
            # ValueError: pyserial's "Attempting to use a port that is not open"
            raise PortFailed(str(exc) or type(exc).__name__) from exc
        finally:
            self._quiet_until = time.monotonic() + self._settings.silence_s


# -- devices on the bus ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Health:
    """A device's health as the technician panel shows it."""

    name: str
    kind: str
    bus: str
    address: int
    online: bool
    detail: str  # the last failure in plain words; empty when well
    answered: int  # good transactions
    failed: int  # failed transactions (after their retries)
    last_ok: float | None  # monotonic time of the last good transaction


class BusDevice:
    """A device at one address. Subclasses implement the work; the bus calls it.

    ``sync`` sends what the device should show (called when ``dirty``); ``poll`` asks
    what happened (called every ``poll_every`` when ``pollable``); ``probe`` checks that an
    offline device is there and what it is; ``identify`` checks a quiet online one every
    ``check_s`` (so an unplugged display is noticed). All run on the bus thread with a
    ``transact`` that retries; they raise DeviceFault when the device failed.
    """

    kind = "device"

    def __init__(self, name: str, address: int) -> None:
        self.name = name
        self.address = address
        self.bus: Bus | None = None
        self._dirty = False
        self._lock = threading.Lock()
        # the bus thread's own bookkeeping
        self.online = False
        self.detail = "not asked yet"
        self.failures = 0
        self.answered = 0
        self.failed = 0
        self.last_ok: float | None = None
        self.next_poll = 0.0
        self.next_probe = 0.0
        # A device that answers with a Modbus exception is online but faulted: its work
        # waits until ``hold_until`` (a backoff that doubles per refusal in a row) while
        # the other devices on the bus keep their turn.
        self.refusals = 0  # refused transactions in a row
        self.fault: int | None = None  # the exception code of the last refusal
        self.hold_until = 0.0
        self.fault_logged_at: float | None = None
        self.fault_unlogged = 0  # refusals since the last log line about them

    # called by any thread
    def mark_dirty(self) -> None:
        with self._lock:
            self._dirty = True
        if self.bus is not None:
            self.bus.wake()

    def take_dirty(self) -> bool:
        with self._lock:
            dirty, self._dirty = self._dirty, False
            return dirty

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def pollable(self) -> bool:
        return False

    # called on the bus thread
    def poll_every(self, settings: BusSettings, now: float) -> float:
        """How long after this poll the next one is due (``poll_s``; a device that
        knows it is quiet may ask for ``idle_poll_s``)."""
        return settings.poll_s

    def identify(self, transact: Transact) -> None:
        """Ask what the device is; BadReply when it is not what was configured."""
        raise NotImplementedError

    def probe(self, transact: Transact) -> None:
        """An offline device asked again: identify it and forget what it showed."""
        self.identify(transact)

    def sync(self, transact: Transact) -> None:
        """Send the wanted state; called after mark_dirty and when back online."""

    def poll(self, transact: Transact, now: float) -> None:
        """Ask for news (keys, ratings)."""

    def went_offline(self) -> None:
        """The device stopped answering (an armed evaluator gives up here)."""


class BusListener(Protocol):
    def health_changed(self, health: Health) -> None: ...


class Bus:
    """The owner thread of one port and the devices on it."""

    def __init__(
        self,
        settings: BusSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        listener: BusListener | None = None,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        self.settings = settings
        self._now = monotonic
        self._listener = listener
        self._open_port = open_port
        self.devices: list[BusDevice] = []
        self._wake = threading.Condition()
        self._woken = False
        self._asked: set[int] = set()  # addresses that said they have news (attention)
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._port: Any = None
        self._master: Master | None = None
        self._backoff = settings.reconnect_min_s
        self.port_detail = "not opened yet"
        self.opened = 0  # times the port was opened
        self._rr = 0  # round-robin start for polls

    def add(self, device: BusDevice) -> None:
        if any(d.address == device.address for d in self.devices):
            raise ValueError(f"bus {self.settings.name}: address {device.address} is used twice")
        device.bus = self
        self.devices.append(device)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name=f"bus-{self.settings.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning(
                    "bus %s: owner thread did not stop in %.1f s", self.settings.name, timeout
                )
            self._thread = None
        self._close_port()

    def wake(self) -> None:
        with self._wake:
            self._woken = True
            self._wake.notify_all()

    def attention(self, address: int) -> None:
        """The device at ``address`` has news (a key pressed): poll it now rather than
        at its next turn. Called from any thread; a real Modbus device cannot call it."""
        with self._wake:
            self._asked.add(address)
            self._woken = True
            self._wake.notify_all()

    @property
    def port_open(self) -> bool:
        return self._port is not None

    def health(self) -> list[Health]:
        return [self._health(d) for d in self.devices]

    def _health(self, d: BusDevice) -> Health:
        return Health(
            d.name,
            d.kind,
            self.settings.name,
            d.address,
            d.online,
            d.detail,
            d.answered,
            d.failed,
            d.last_ok,
        )

    # -- the owner thread ----------------------------------------------------------------

    def _sleep(self, seconds: float) -> bool:
        """Wait for a wake-up, a stop or the time; False when stopping."""
        with self._wake:
            if not self._woken and not self._stopping and seconds > 0:
                self._wake.wait(seconds)
            self._woken = False
            return not self._stopping

    def _run(self) -> None:
        try:
            while not self._stopping:
                if self._port is None and not self._connect():
                    self._sleep(self._backoff)
                    self._backoff = min(self._backoff * 2, self.settings.reconnect_max_s)
                    continue
                job = self._next_job()
                if job is None:
                    self._sleep(self._idle_wait())
                    continue
                self._do(*job)
        except Exception:  # a bug: say so loudly, the hall goes on without this bus
            log.exception("bus %s: owner thread failed", self.settings.name)
            for d in self.devices:
                self._set_offline(d, "the bus stopped because of an internal error")

    def _connect(self) -> bool:
        s = self.settings
        try:
            self._port = self._open_port(
                s.url,
                baudrate=s.baudrate,
                parity=PARITIES[s.parity],
                stopbits=s.stopbits,
                bytesize=8,
                timeout=s.timeout_s,
                write_timeout=max(1.0, s.timeout_s * 10),
            )
        except PORT_ERRORS as exc:
            detail = f"port {s.url} cannot be opened: {exc}"
            if detail != self.port_detail:
                log.warning("bus %s: %s; trying again", s.name, detail)
            self.port_detail = detail
            for d in self.devices:
                self._set_offline(d, detail)
            return False
        self.opened += 1
        self._master = Master(self._port, s)
        log.info("bus %s: port %s open", s.name, s.url)
        self.port_detail = ""
        now = self._now()
        for d in self.devices:
            if not d.online:
                d.next_probe = now  # ask each one at once
        return True

    def _close_port(self) -> None:
        port, self._port, self._master = self._port, None, None
        if port is None:
            return
        # pyserial's socket:// close gives up on a dropped connection before closing the
        # socket (its shutdown fails): close the socket ourselves
        sock = getattr(port, "_socket", None)
        try:
            port.close()
        except Exception as exc:  # closing a port that is gone may fail too
            log.info("bus %s: closing the port: %s", self.settings.name, exc)
        finally:
            if sock is not None:
                sock.close()

    def _next_job(self) -> tuple[str, BusDevice] | None:
        now = self._now()
        if self._asked:
            with self._wake:
                asked, self._asked = self._asked, set()
            for d in self.devices:
                if d.address in asked:
                    d.next_poll = min(d.next_poll, now)
        for d in self.devices:
            if d.online and d.dirty and d.hold_until <= now:
                return "sync", d
        for d in self.devices:
            if not d.online and d.next_probe <= now:
                return "probe", d
        for d in self.devices:
            if d.online and not d.pollable and d.next_probe <= now and d.hold_until <= now:
                return "check", d
        n = len(self.devices)
        for i in range(n):
            d = self.devices[(self._rr + i) % n]
            if d.online and d.pollable and d.next_poll <= now and d.hold_until <= now:
                self._rr = (self._rr + i + 1) % n
                return "poll", d
        return None

    def _idle_wait(self) -> float:
        now = self._now()
        times = []
        for d in self.devices:
            if not d.online:
                times.append(d.next_probe)
                continue
            due = d.next_poll if d.pollable else d.next_probe
            if d.dirty:
                due = now
            times.append(max(due, d.hold_until))  # a faulted device waits out its backoff
        return max(min(times, default=now + 1.0) - now, 0.0)

    def _do(self, what: str, d: BusDevice) -> None:
        master = self._master
        assert master is not None
        tries = 1 if what == "probe" else 1 + self.settings.retries

        def transact(request: Request) -> Reply:
            return master.transact(request, tries)

        now = self._now()
        try:
            if what == "probe":
                d.next_probe = now + self.settings.probe_s
                d.probe(transact)
                d.mark_dirty()  # back: send it what it should show
            elif what == "check":
                d.next_probe = now + self.settings.check_s
                d.identify(transact)
            elif what == "sync":
                if d.take_dirty():
                    try:
                        d.sync(transact)
                    except DeviceFault:
                        d.mark_dirty()  # still to be sent
                        raise
            else:
                d.next_poll = now + d.poll_every(self.settings, now)
                d.poll(transact, now)
        except PortFailed as exc:
            self._port_failed(str(exc))
            return
        except Refused as exc:  # it answered: online, but said no
            self._refused(d, what, exc.reply.code)
            return
        except DeviceFault as exc:
            self._failed(d, str(exc))
            return
        self._answered(d)

    def _answered(self, d: BusDevice) -> None:
        d.answered += 1
        d.failures = 0
        d.last_ok = self._now()
        d.next_probe = d.last_ok + self.settings.check_s  # quiet this long: ask again
        self._backoff = self.settings.reconnect_min_s
        if not d.online:
            d.online = True
            d.detail = ""
            log.info("bus %s: %s (address %d) online", self.settings.name, d.name, d.address)
            self._changed(d)
        elif d.fault is not None:
            log.info(
                "bus %s: %s (address %d) answers again after %d refusals",
                self.settings.name,
                d.name,
                d.address,
                d.refusals,
            )
            d.detail = ""
            self._changed(d)
        d.refusals, d.fault, d.hold_until = 0, None, 0.0
        d.fault_logged_at, d.fault_unlogged = None, 0

    def _refused(self, d: BusDevice, what: str, code: int) -> None:
        """A Modbus exception: the device is there (online) but did not do what was
        asked. The same work is tried again after a backoff that doubles per refusal in
        a row, from the reply timeout up to ``probe_s``: a device that is busy or failing
        costs the bus one transaction per backoff, not every free moment. A request the
        device says is wrong (illegal function, address or value) is not sent again:
        the next change is. One log line when the fault starts or changes, then at most
        one a minute saying how many more."""
        s = self.settings
        now = self._now()
        d.answered += 1
        d.failures = 0
        d.last_ok = now
        d.refusals += 1
        backoff = min(s.timeout_s * 2 ** min(d.refusals - 1, 30), max(s.probe_s, s.timeout_s))
        d.hold_until = now + backoff
        if code not in TRANSIENT and what == "sync":
            d.take_dirty()  # the device will never take it: wait for the next change
        text = _exception_text(code)
        detail = f"refuses {KINDS_OF_WORK.get(what, what)}: {text} (Modbus exception {code})"
        news = d.fault != code or not d.online
        d.fault = code
        if not d.online:
            d.online = True
            log.info("bus %s: %s (address %d) online", s.name, d.name, d.address)
        if what == "probe":
            d.mark_dirty()  # back: send it what it should show
        if news or d.fault_logged_at is None or now - d.fault_logged_at >= FAULT_LOG_EVERY_S:
            more = f" ({d.fault_unlogged} more since the last line)" if d.fault_unlogged else ""
            log.warning(
                "bus %s: %s (address %d) %s; tried again in %.2f s%s",
                s.name,
                d.name,
                d.address,
                detail,
                backoff,
                more,
            )
            d.fault_logged_at, d.fault_unlogged = now, 0
        else:
            d.fault_unlogged += 1
        if detail != d.detail or news:
            d.detail = detail
            self._changed(d)

    def _failed(self, d: BusDevice, detail: str) -> None:
        d.failed += 1
        d.failures += 1
        if not d.online or d.failures >= self.settings.offline_after:
            self._set_offline(d, detail)

    def _set_offline(self, d: BusDevice, detail: str) -> None:
        d.next_probe = self._now() + self.settings.probe_s
        if d.online or d.detail == "not asked yet":  # news: tell the listener
            was_online = d.online
            d.online = False
            d.detail = detail
            if was_online:
                log.warning(
                    "bus %s: %s (address %d) offline: %s",
                    self.settings.name,
                    d.name,
                    d.address,
                    detail,
                )
                try:
                    d.went_offline()
                except Exception:
                    log.exception("bus %s: %s going offline", self.settings.name, d.name)
            self._changed(d)
        else:
            d.detail = detail

    def _port_failed(self, detail: str) -> None:
        log.warning("bus %s: port %s failed: %s", self.settings.name, self.settings.url, detail)
        self._close_port()
        self.port_detail = f"port {self.settings.url} failed: {detail}"
        for d in self.devices:
            self._set_offline(d, self.port_detail)

    def _changed(self, d: BusDevice) -> None:
        if self._listener is not None:
            try:
                self._listener.health_changed(self._health(d))
            except Exception:  # a listener's bug must not stop the bus
                log.exception("bus %s: health listener failed", self.settings.name)
