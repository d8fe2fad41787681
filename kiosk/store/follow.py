"""Following the hall's event log from another process of the same PC.

A commit made in this process reaches the feed at once (the store publishes after each
commit). A commit made by another process (a counter window, a keypad's hub, `kiosk
queue`) is noticed here by a thread that sleeps until the store's folder is written to
(Linux inotify: a commit appends to the write-ahead log), then asks SQLite's ``PRAGMA
data_version`` on a connection of its own (no table read; it changes when any other
connection commits) and only when it changed reads the log "after N" by its primary key
(kiosk.core.feed.HallFeed.catch_up). A write may wake it a moment before the commit is
visible, so it looks again 5 and 20 ms later; and it looks once a second whatever
happens, in case a wake was missed. Where inotify is not available (another system, a
store that is not a local file) it looks every ``interval_s``. Idle, it costs one wake a
second. Nothing re-reads the hall's status.

Until the next issue's server pushes events, this is how the processes of one PC learn
of each other's changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import select
import threading
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.feed import HallFeed
from kiosk.store.engine import translated
from kiosk.store.sql import SqlStore

log = logging.getLogger(__name__)

FOLLOW_S = 0.025  # how often another process's commit is looked for without inotify
SAFETY_S = 1.0  # with inotify: a look once a second all the same
AGAIN_S = (0.005, 0.02)  # after a wake that found nothing new: look again this much later
_IN_MODIFY, _IN_CREATE, _IN_MOVED_TO = 0x2, 0x100, 0x80


class _FolderWatch:
    """Wakes when a file in a folder is written (inotify), or when told to stop."""

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        mask = _IN_MODIFY | _IN_CREATE | _IN_MOVED_TO
        if libc.inotify_add_watch(fd, os.fsencode(folder), mask) < 0:
            errno = ctypes.get_errno()
            os.close(fd)
            raise OSError(errno, f"inotify_add_watch {folder}")
        self._fd = fd
        self._wake_r, self._wake_w = os.pipe()

    def wait(self, timeout: float) -> bool:
        """True when the folder was written to (False: the timeout, or stop)."""
        ready, _, _ = select.select([self._fd, self._wake_r], [], [], timeout)
        if self._fd not in ready:
            return False
        try:
            while os.read(self._fd, 65536):
                pass
        except BlockingIOError:
            pass
        return True

    def wake(self) -> None:
        os.write(self._wake_w, b"x")

    def close(self) -> None:
        for fd in (self._fd, self._wake_r, self._wake_w):
            os.close(fd)


def _watch(store: SqlStore) -> _FolderWatch | None:
    url = store.engine.url
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI: no folder to watch
        return None
    try:
        return _FolderWatch(Path(database).resolve().parent)
    except (OSError, AttributeError) as exc:  # not Linux, or no inotify left: look often
        log.info("hall feed: no inotify (%s); the store is looked at every %.0f ms", exc,
                 FOLLOW_S * 1000)  # fmt: skip
        return None


class LogFollower:
    """Tells a feed of what other processes commit to the store. ``start()``/``stop()``;
    ``check()`` does one look (tests drive it without the thread)."""

    def __init__(self, store: SqlStore, feed: HallFeed, interval_s: float = FOLLOW_S) -> None:
        self._store = store
        self._feed = feed
        self._interval = interval_s
        self._stop = threading.Event()
        self._watch: _FolderWatch | None = None
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        self._seen: int | None = None
        self.checks = 0  # looks at data_version so far
        self.reads = 0  # "after N" reads they led to

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._watch = _watch(self._store)
        self._thread = threading.Thread(target=self._run, name="hall-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        if self._watch is not None:
            self._watch.wake()
        self._thread.join(5)
        self._thread = None
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def _run(self) -> None:
        try:
            self.check()
            watch = self._watch
            while not self._stop.is_set():
                if watch is None:
                    if self._stop.wait(self._interval):
                        return
                    self.check()
                    continue
                woke = watch.wait(SAFETY_S)
                if self._stop.is_set():
                    return
                if self.check() or not woke:
                    continue
                for delay in AGAIN_S:  # woken by the write before its commit was visible
                    if self._stop.wait(delay) or self.check():
                        break
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
