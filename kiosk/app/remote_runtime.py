"""A PC of a hall of several: its parts built on the hall server instead of a store.

`kiosk counter N --server URL`, `kiosk display --server URL`, `kiosk kiosk --server URL`,
`kiosk tech --server URL` and `kiosk devices --server URL` get the same runtimes as on
one PC, with a :class:`RemoteService` (kiosk.remote's HallClient: QueueService's methods
over HTTP) where the store and queue service were, and the server's feed followed by a
:class:`~kiosk.remote.feed.RemoteFeed` where the store's log follower was. The windows
and the device hub cannot tell the difference: they call the same methods and subscribe
to the same :class:`~kiosk.core.feed.HallFeed` (docs/multi-pc.md).

Where the server is (first found wins): ``--server URL``, ``$KIOSK_SERVER``,
``DATA_DIR/server-url``. The PC's token: ``$KIOSK_TOKEN``, ``DATA_DIR/server-token``
(kept 0600; `kiosk server join` writes both files, kiosk.remote.token); for https://,
the server certificate's pinned fingerprint (kiosk.app.remote.verify).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from kiosk.app.remote import verify
from kiosk.app.settings import Settings
from kiosk.core.clock import Clock
from kiosk.core.daily import DailyReport
from kiosk.core.errors import KioskError
from kiosk.core.hallpcs import DeviceCheck, HallPc
from kiosk.core.model import Hall
from kiosk.core.selftest import SelfTest, Step, Verdict
from kiosk.core.wire import ServerUnreachable, from_json
from kiosk.remote import token as keep
from kiosk.remote.client import HallClient
from kiosk.remote.feed import RemoteFeed

log = logging.getLogger(__name__)

T = TypeVar("T")

# A window's request gives up sooner than a command's: the clerk is told, and the
# window's own retry (the next press, the next status read) comes soon anyway.
SCREEN_TIMEOUT_S = 3.0
SCREEN_RETRIES = 2
FIRST_CONTACT_S = 60.0  # how long a starting PC waits for the server before it gives up
PENDING_S = 120.0  # a write that got no answer: its key is reused this long
PENDING_MAX = 32


class RemoteService(HallClient):
    """The hall server's queue service for one PC's windows, device hub or command.

    Besides HallClient's HTTP methods it answers locally what a window asks on its UI
    thread (``now``, ``learned``: never a network call there), runs a keypad press
    (``run_op(apply_key_once, ...)``) as the key's operation with an Idempotency-Key made
    from the keypad and the press's sequence number, and reuses the Idempotency-Key of a
    counter operation that got no answer when the same operation is asked again soon
    after: a call or done pressed again after an outage is applied once, never twice
    (the server answers the first application again if there was one)."""

    def __init__(self, url: str, token: str, clock: Clock, **kwargs: Any) -> None:
        super().__init__(url, token, **kwargs)
        self.verify = kwargs.get("verify", True)  # the feed's WebSocket pins the same
        self._clock = clock
        self._boot = uuid.uuid4().hex[:12]  # this process: a keypad's press keys
        self._local = threading.local()
        self._pending_lock = threading.Lock()
        # (path, body) of a write that got no answer -> (its key, when)
        self._pending: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()

    # -- answered here -------------------------------------------------------------

    def now(self) -> Any:
        """The hall's time by this PC's clock (the PCs of a hall keep time with NTP)."""
        return self._clock.now()

    def learned(self) -> int:
        """The server's estimates come with each status read: nothing learned here."""
        return 0

    def set_hall(self, hall: Hall) -> None:
        with self._lock:
            self._hall = hall

    # -- writes: one key per action, reused after no answer -------------------------

    @contextlib.contextmanager
    def keyed(self, key: str) -> Iterator[None]:
        """The writes inside carry this Idempotency-Key (a keypad press's)."""
        self._local.key = key
        try:
            yield
        finally:
            self._local.key = None

    def post(self, path: str, body: Any = None, *, key: str | None = None) -> Any:
        key = key or getattr(self._local, "key", None)
        reuse = key is None and path.startswith("/counters/")
        sig = (path, json.dumps(body, sort_keys=True))
        if reuse:
            key = self._pending_key(sig)
        key = key or str(uuid.uuid4())
        try:
            answer = super().post(path, body, key=key)
        except ServerUnreachable:
            if reuse:
                with self._pending_lock:
                    self._pending[sig] = (key, time.monotonic())
                    while len(self._pending) > PENDING_MAX:
                        self._pending.popitem(last=False)
            raise
        except KioskError:
            with self._pending_lock:
                self._pending.pop(sig, None)
            raise
        with self._pending_lock:
            self._pending.clear()  # an answer: what was pending before is history now
        return answer

    def _pending_key(self, sig: tuple[str, str]) -> str | None:
        with self._pending_lock:
            found = self._pending.get(sig)
            if found is None:
                return None
            key, since = found
            if time.monotonic() - since > PENDING_S:
                del self._pending[sig]
                return None
            return key

    # -- the PCs of the hall (the technician panel) ------------------------------------

    def pcs(self) -> list[HallPc]:
        return from_json(list[HallPc], self.get("/pcs"))

    def start_device_check(self) -> DeviceCheck:
        return from_json(DeviceCheck, self.post("/device-checks"))

    def device_check(self, check_id: str) -> DeviceCheck:
        return from_json(DeviceCheck, self.get(f"/device-checks/{check_id}"))

    # -- the daily reports (the technician panel) -------------------------------------

    @property
    def where(self) -> str:
        return self.url

    def daily_reports(self) -> list[DailyReport]:
        return from_json(list[DailyReport], self.get("/reports/daily"))

    def daily_report_file(self, name: str) -> bytes:
        """A daily report's file from the server (its bytes, not JSON)."""
        from urllib.parse import quote

        return self.get_bytes(f"/reports/daily/{quote(name, safe='')}")

    # -- a keypad's press -----------------------------------------------------------

    def run_op(self, op: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A keypad's press (``apply_key_once``, as the device hub runs it) goes to the
        server's key route (HallClient.run_op), which applies it once by its sequence
        number; its Idempotency-Key is ``keypad/PROCESS/NAME/SEQ``, so a retry after no
        answer, or the keypad sending the press again, gets the first answer again."""
        from kiosk.core.devices import apply_key_once

        if op is apply_key_once:
            _counter, keypad, press, *_rest = args
            with self.keyed(f"keypad/{self._boot}/{keypad}/{press.seq}"):
                return super().run_op(op, *args, **kwargs)
        return super().run_op(op, *args, **kwargs)


class Link:
    """Whether this PC reaches the hall server (its feed's WebSocket is up): who listens
    is told each change, on the feed's thread."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.online = False
        self._lock = threading.Lock()
        self._listeners: list[Callable[[bool], None]] = []
        self._stopping = False
        self.feed: RemoteFeed | None = None

    def listen(self, listener: Callable[[bool], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def set(self, online: bool) -> None:
        with self._lock:
            if self._stopping:  # the process is stopping: not an outage
                return
            self.online = online
            listeners = list(self._listeners)
        for listener in listeners:
            listener(online)

    def start(self) -> None:
        with self._lock:
            self._stopping = False
        if self.feed is not None:
            self.feed.start()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
        if self.feed is not None:
            self.feed.stop()


@dataclasses.dataclass(frozen=True)
class RemoteSettings(Settings):
    """A PC's settings with the hall (business types, counters, rules) the server's:
    the windows read ``settings.hall`` as on one PC."""

    server_hall: Hall | None = None
    server: str = ""

    @property
    def hall(self) -> Hall:
        return self.server_hall if self.server_hall is not None else self.config.to_hall()


class ServerSelfTest:
    """The technician's check of the hall server from this PC: it answers /health."""

    device = "server"

    def __init__(self, client: HallClient) -> None:
        self._client = client

    def run(self) -> list[Step]:
        try:
            health = self._client.health()
        except KioskError as exc:
            return [Step("reachable", Verdict.FAIL, f"{self._client.url}: {exc}")]
        return [Step("reachable", Verdict.PASS, f"{self._client.url}: seq {health.get('seq')}")]


def connect(
    settings: Settings,
    url: str,
    clock: Clock,
    *,
    screen: bool = True,
    wait_s: float = FIRST_CONTACT_S,
) -> tuple[RemoteSettings, RemoteService]:
    """The client of the hall server at ``url`` and the settings with its hall, after the
    first contact (the hall and the feed's place). Waits up to ``wait_s`` for a server
    that is starting; ServerUnreachable then (exit 13), AccessDenied for a bad token."""
    extra: dict[str, Any] = {"verify": verify(settings, url)}
    if screen:
        extra |= {"timeout": SCREEN_TIMEOUT_S, "retries": SCREEN_RETRIES}
    client = RemoteService(url, keep.token(settings.data_dir), clock, **extra)
    deadline = time.monotonic() + wait_s
    pause = 0.2
    while True:
        try:
            hall = client.hall
            client.feed.last  # noqa: B018  the feed's place: events from now on are told
            break
        except ServerUnreachable as exc:
            if time.monotonic() + pause > deadline:
                client.close()
                raise ServerUnreachable(
                    f"hall server {url} did not answer for {wait_s:.0f} s: {exc}"
                ) from None
            log.warning("waiting for the hall server %s: %s", url, exc)
            threading.Event().wait(pause)  # a starting server: bounded backoff
            pause = min(pause * 2, 5.0)
        except BaseException:
            client.close()
            raise
    remote = RemoteSettings(settings.config, settings.config_source, settings.data_dir, hall, url)
    return remote, client


def follow(
    client: RemoteService,
    link: Link,
    on_message: Callable[[dict[str, Any]], None] | None = None,
) -> RemoteFeed:
    """The feed's follower for this PC: online/offline to ``link``; ``on_message``: what
    the server asks over the feed (a device host's device checks)."""
    verify = client.verify
    feed = RemoteFeed(
        client,
        link.set,
        ssl=verify if not isinstance(verify, bool) else None,
        on_message=on_message,
    )
    link.feed = feed
    return feed


class DeviceChecks:
    """A device host's side of the technician's device check (kiosk.server.relay): asked
    over the feed, it runs the self-tests of this PC's devices on a thread of its own and
    posts the reports back to the server."""

    def __init__(self, client: RemoteService, tests: Callable[[], list[SelfTest]]) -> None:
        self._client = client
        self._tests = tests
        self._lock = threading.Lock()
        self._running: set[str] = set()

    def __call__(self, message: dict[str, Any]) -> None:
        if message.get("type") != "selftest":
            return
        check = str(message.get("id", ""))
        with self._lock:
            if not check or check in self._running:
                return
            self._running.add(check)
        threading.Thread(target=self._run, args=(check,), name="device-check", daemon=True).start()

    def _run(self, check: str) -> None:
        from kiosk.core.selftest import run_all
        from kiosk.core.wire import to_json

        try:
            log.warning("device check %s asked by the hall server: testing this PC's devices",
                        check)  # fmt: skip
            reports = run_all(self._tests())
            self._client.post(f"/device-checks/{check}/report",
                              {"reports": [to_json(r) for r in reports]})  # fmt: skip
        except KioskError as exc:
            log.warning("device check %s: the reports could not be sent: %s", check, exc)
        finally:
            with self._lock:
                self._running.discard(check)


__all__ = [
    "Link",
    "RemoteService",
    "RemoteSettings",
    "ServerSelfTest",
    "connect",
    "follow",
]
