"""``RemoteFeed``: the hall server's feed followed over its WebSocket, on a thread.

It connects to ``/api/v1/feed?after=N`` with N the last sequence number its
:class:`~kiosk.core.feed.HallFeed` told (the client's ``feed``), publishes each batch
of events the server pushes into that feed (whose subscribers, the windows' watcher or
a device host's hub, are told each event once, in order; a gap is read from the server's
log), and tells a listener whether the link is up:

- ``online(True)`` once the server said hello, ``online(False)`` when the link fails or
  nothing, not even a heartbeat, came for ``dead_after_s`` (3 s by default: the server
  sends one every second);
- it reconnects with a growing pause (0.2 s doubling to 5 s), resuming from its last
  seq, so nothing is lost and nothing told twice.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.wire import feed_event_from_json
from kiosk.remote.client import HallClient, bearer

log = logging.getLogger(__name__)

DEAD_AFTER_S = 3.0
BACKOFF_MIN_S = 0.2
BACKOFF_MAX_S = 5.0

Listener = Callable[[bool], None]


class RemoteFeed:
    """Follows the server's feed into ``client.feed``. :meth:`start`, :meth:`stop`."""

    def __init__(
        self,
        client: HallClient,
        on_state: Listener | None = None,
        *,
        dead_after_s: float = DEAD_AFTER_S,
        ssl: Any = None,
        on_message: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._client = client
        self._on_state = on_state
        # what the server asks this PC over the feed (a device host: {"type": "selftest"})
        self._on_message = on_message
        self._dead_after = dead_after_s
        self._ssl = ssl if ssl is not None else getattr(client, "verify", None)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ws: Any = None
        self.online = False
        self.connects = 0  # how many times it connected (a reconnect counts)

    @property
    def feed(self) -> Any:
        return self._client.feed

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="remote-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        ws = self._ws
        if ws is not None:
            try:
                ws.close()
            except Exception:  # closing a dead link
                log.debug("remote feed: close failed", exc_info=True)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._set(False)

    def _set(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        log.info("hall server %s: %s", self._client.url, "online" if online else "offline")
        if self._on_state is not None:
            try:
                self._on_state(online)
            except Exception:  # a listener's bug must not stop the feed
                log.exception("remote feed: state listener failed")

    def _run(self) -> None:
        pause = BACKOFF_MIN_S
        while not self._stop.is_set():
            try:
                self._follow()
                pause = BACKOFF_MIN_S  # it was up: come back quickly
            except (OSError, TimeoutError, KioskError, ValueError) as exc:
                log.info("hall server %s feed: %s", self._client.url, exc)
            except Exception as exc:  # the websockets library's own errors
                log.info("hall server %s feed: %s: %s", self._client.url, type(exc).__name__, exc)
            self._set(False)
            if self._stop.wait(pause):
                return
            pause = min(pause * 2, BACKOFF_MAX_S)

    def _follow(self) -> None:
        from websockets.sync.client import connect

        feed = self._client.feed
        after = feed.last  # the last event told to this process's subscribers
        url = self._client.url.replace("http", "ws", 1) + f"/api/v1/feed?after={after}"
        with connect(
            url,
            additional_headers=bearer(self._client.token),
            open_timeout=self._dead_after,
            ssl=self._ssl if url.startswith("wss") and self._ssl is not True else None,
            ping_interval=None,
            close_timeout=1,
        ) as ws:
            self._ws = ws
            try:
                while not self._stop.is_set():
                    message = json.loads(ws.recv(timeout=self._dead_after))
                    kind = message.get("type")
                    if kind == "hello":
                        self.connects += 1
                        if message.get("head", 0) < after:
                            log.warning(
                                "hall server %s: its log ends at %s, before this PC's %s "
                                "(a restored store?)", self._client.url, message["head"], after,
                            )  # fmt: skip
                        self._set(True)
                    elif kind == "events":
                        events = [feed_event_from_json(e) for e in message["events"]]
                        feed.publish(events)
                    elif kind == "ping":
                        if int(message.get("seq", 0)) > feed.last:
                            feed.catch_up()
                    elif kind == "error":
                        raise KioskError(str(message.get("message", "the server refused")))
                    elif self._on_message is not None:
                        try:
                            self._on_message(message)
                        except Exception:  # a handler's bug must not stop the feed
                            log.exception("remote feed: message handler failed")
            finally:
                self._ws = None
