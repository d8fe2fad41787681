"""The far end of a bus: simulated devices answering on a pseudo-terminal or a socket.

A :class:`SimLine` reads the master's bytes, finds requests with the same frame parser
the devices' firmware would need, and lets the device at the request's address answer.
It can pace the wire at a baud rate (each frame takes its bytes' time, replies come
after a turnaround), so a benchmark over a pty sees a 9600-baud bus, and it can
misbehave per device: lose replies, answer late, or say nothing at all.

:class:`PtyLine` is a pseudo-terminal: the master opens ``url`` like a USB adapter's
device file; ``unplug`` and ``plug`` take it away and bring it back under the same
name (a symlink, as udev's /dev/serial/by-id names are). :class:`SocketLine` listens on
127.0.0.1 for ``socket://``.
"""

from __future__ import annotations

import collections
import dataclasses
import heapq
import itertools
import logging
import os
import select
import socket
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from kiosk.devices.modbus.frames import (
    DeviceRequestParser,
    ExceptionReply,
    OtherFunction,
    ReadRegisters,
    Reply,
    Request,
)
from kiosk.devices.simulators.devices import SimDevice

log = logging.getLogger(__name__)


@dataclasses.dataclass
class Faults:
    """How one simulated device misbehaves."""

    drop_replies: int = 0  # act on the next N requests but lose their replies
    drop_write_replies: int = 0  # the same for the next N writes only
    mute: bool = False  # dead: no action, no reply
    reply_delay_s: float = 0.0  # answer this late (a slow device)
    refuse_writes: int = 0  # answer every write with this Modbus exception (4 failure, 6 busy)


@dataclasses.dataclass(frozen=True)
class Heard:
    """A request as it ended on the wire."""

    at: float  # monotonic
    address: int
    request: Request | OtherFunction


class SimLine:
    """Devices by address on one line; subclasses bring the bytes."""

    def __init__(
        self,
        devices: list[SimDevice] | None = None,
        *,
        baudrate: int | None = None,
        turnaround_s: float = 0.002,
        echo: bool = False,
    ) -> None:
        self.devices: dict[int, SimDevice] = {}
        self.echo = echo  # a 2-wire adapter: the master hears its own frames back
        self.faults: dict[int, Faults] = collections.defaultdict(Faults)
        self._char_s = 11 / baudrate if baudrate else 0.0  # 8N1 plus a margin bit
        self._turnaround = turnaround_s if baudrate else 0.0
        self._busy_until = 0.0
        self._parser = DeviceRequestParser()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._tie = itertools.count()
        self.heard: collections.deque[Heard] = collections.deque(maxlen=20_000)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        for d in devices or []:
            self.add(d)

    def add(self, device: SimDevice) -> SimDevice:
        self.devices[device.address] = device
        return device

    @property
    def url(self) -> str:
        raise NotImplementedError

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._close_channel()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def __enter__(self) -> SimLine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the line's thread -----------------------------------------------------------

    def _fds(self) -> list[int]:
        raise NotImplementedError

    def _readable(self, fd: int) -> None:
        raise NotImplementedError

    def _send(self, data: bytes) -> None:
        raise NotImplementedError

    def _close_channel(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                fds = [self._wake_r, *self._fds()]
                due = self._timers[0][0] - time.monotonic() if self._timers else None
            try:
                ready, _, _ = select.select(fds, [], [], None if due is None else max(due, 0))
            except (OSError, ValueError):  # a descriptor closed under us (unplug)
                ready = []
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
            for fd in ready:
                if fd != self._wake_r:
                    self._readable(fd)
            self._run_timers()

    def _wakeup(self) -> None:
        os.write(self._wake_w, b"x")

    def _later(self, at: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._timers, (at, next(self._tie), action))

    def _run_timers(self) -> None:
        while True:
            with self._lock:
                if not self._timers or self._timers[0][0] > time.monotonic():
                    return
                _, _, action = heapq.heappop(self._timers)
            try:
                action()
            except OSError as exc:  # the other end went away mid-reply
                log.info("simulated line: %s", exc)

    def _received(self, data: bytes) -> None:
        now = time.monotonic()
        if self.echo:
            self._send(data)
        for request in self._parser.feed(data):
            size = len(request.encode())
            start = max(now, self._busy_until)
            end = start + size * self._char_s
            self._busy_until = end
            self._later(end, lambda r=request, at=end: self._deliver(r, at))  # type: ignore[misc]

    def _deliver(self, request: Request | OtherFunction, at: float) -> None:
        self.heard.append(Heard(at, request.address, request))
        device = self.devices.get(request.address)
        if device is None:
            return  # nobody there: silence, as on a real bus
        faults = self.faults[request.address]
        if faults.mute:
            return
        reply: Reply
        if faults.refuse_writes and not isinstance(request, (ReadRegisters, OtherFunction)):
            reply = ExceptionReply(request.address, request.function, faults.refuse_writes)
        else:
            reply = device.handle(request)
        if faults.drop_replies > 0:
            faults.drop_replies -= 1
            return
        if faults.drop_write_replies > 0 and not isinstance(request, ReadRegisters):
            faults.drop_write_replies -= 1
            return
        data = reply.encode()
        start = max(time.monotonic(), self._busy_until) + self._turnaround
        if faults.reply_delay_s:  # it thinks while the wire is free; its reply comes late
            start += faults.reply_delay_s
        else:
            self._busy_until = start + len(data) * self._char_s
        self._later(start + len(data) * self._char_s, lambda: self._send(data))


class PtyLine(SimLine):
    """The devices behind a pseudo-terminal; ``url`` is the name the master opens."""

    def __init__(
        self,
        devices: list[SimDevice] | None = None,
        *,
        link: Path | None = None,
        baudrate: int | None = None,
        turnaround_s: float = 0.002,
        echo: bool = False,
    ) -> None:
        super().__init__(devices, baudrate=baudrate, turnaround_s=turnaround_s, echo=echo)
        self._link = link
        self._master: int | None = None
        self._slave: int | None = None
        self.plug()

    @property
    def url(self) -> str:
        if self._link is not None:
            return str(self._link)
        assert self._slave is not None
        return os.ttyname(self._slave)

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def plug(self) -> None:
        """A new pseudo-terminal, under the link's name when there is one."""
        with self._lock:
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no line editing until the master sets its own
            self._master, self._slave = master, slave
            if self._link is not None:
                self._link.unlink(missing_ok=True)
                self._link.symlink_to(os.ttyname(slave))
        if self._thread is not None:
            self._wakeup()

    def unplug(self) -> None:
        """The adapter pulled out: the master's reads and writes fail, the name is gone."""
        with self._lock:
            self._close_fds()
            if self._link is not None:
                self._link.unlink(missing_ok=True)
        self._wakeup()

    def _close_fds(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None
        self._parser.reset()

    def _fds(self) -> list[int]:
        return [self._master] if self._master is not None else []

    def _readable(self, fd: int) -> None:
        try:
            data = os.read(fd, 4096)
        except OSError:
            return
        self._received(data)

    def _send(self, data: bytes) -> None:
        with self._lock:
            if self._master is not None:
                os.write(self._master, data)

    def _close_channel(self) -> None:
        with self._lock:
            self._close_fds()
            if self._link is not None:
                self._link.unlink(missing_ok=True)


class SocketLine(SimLine):
    """The devices behind a TCP socket on 127.0.0.1 (``socket://127.0.0.1:PORT``)."""

    def __init__(
        self,
        devices: list[SimDevice] | None = None,
        *,
        baudrate: int | None = None,
        turnaround_s: float = 0.002,
        echo: bool = False,
    ) -> None:
        super().__init__(devices, baudrate=baudrate, turnaround_s=turnaround_s, echo=echo)
        self._server = socket.create_server(("127.0.0.1", 0))
        self._client: socket.socket | None = None

    @property
    def url(self) -> str:
        host, port = self._server.getsockname()[:2]
        return f"socket://{host}:{port}"

    def _fds(self) -> list[int]:
        return [self._server.fileno()] + ([self._client.fileno()] if self._client else [])

    def _readable(self, fd: int) -> None:
        if fd == self._server.fileno():
            client, _ = self._server.accept()
            if self._client is not None:  # one master at a time: the newest wins
                self._client.close()
            self._client = client
            self._parser.reset()
            return
        if self._client is None:
            return
        try:
            data = self._client.recv(4096)
        except OSError:
            data = b""
        if not data:
            self._client.close()
            self._client = None
            return
        self._received(data)

    def _send(self, data: bytes) -> None:
        if self._client is not None:
            self._client.sendall(data)

    def _close_channel(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._server.close()
