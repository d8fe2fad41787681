"""Following the hall's event log from another process of the same PC.

A commit made in this process reaches the feed at once (the store publishes after each
commit). A commit made by another process (a counter window, a keypad's hub, `kiosk
queue`) is noticed here: a thread asks SQLite's ``PRAGMA data_version`` on a connection
of its own every ``interval_s`` (a few microseconds, no table read; it changes when any
other connection commits), and only then reads the log "after N" by its primary key
(kiosk.core.feed.HallFeed.catch_up). Nothing re-reads the hall's status.

Until the next issue's server pushes events, this is how the processes of one PC learn
of each other's changes.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.feed import HallFeed
from kiosk.store.engine import translated
from kiosk.store.sql import SqlStore

log = logging.getLogger(__name__)

FOLLOW_S = 0.025  # how often another process's commit is looked for


class LogFollower:
    """Tells a feed of what other processes commit to the store. ``start()``/``stop()``;
    ``check()`` does one look (tests drive it without the thread)."""

    def __init__(self, store: SqlStore, feed: HallFeed, interval_s: float = FOLLOW_S) -> None:
        self._store = store
        self._feed = feed
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        self._seen: int | None = None
        self.checks = 0  # looks at data_version so far
        self.reads = 0  # "after N" reads they led to

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hall-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(5)
        self._thread = None

    def _run(self) -> None:
        try:
            while not self._stop.wait(self._interval):
                self.check()
        finally:
            self._release()

    def _release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()  # back to the engine's pool
            except Exception:  # a connection already gone with its engine
                log.debug("hall feed: connection closed already", exc_info=True)
            self._conn = None

    def _version(self) -> int:
        """SQLite's data_version on our own connection: it changes with every commit of
        any other connection to the file."""
        if self._store.engine.dialect.name != "sqlite":
            return self._store.last_seq()
        if self._conn is None:
            self._conn = self._store.engine.raw_connection()
        cursor = self._conn.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def check(self) -> int:
        """Look once; tell the feed what is new. Returns how many events were new."""
        self.checks += 1
        try:
            with translated(self._store.name):
                version = self._version()
        except KioskError as exc:
            log.warning("hall feed: cannot look at the store: %s", exc)
            self._release()
            return 0
        if version == self._seen:
            return 0
        self._seen = version
        self.reads += 1
        return self._feed.catch_up()
