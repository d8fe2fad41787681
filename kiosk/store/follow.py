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

On PostgreSQL (a hall of several PCs) there is no file to watch: every write transaction
that appends events sends ``NOTIFY kiosk_events`` with the new last sequence number
(kiosk.store.sql), which PostgreSQL delivers at the commit. The follower LISTENs on a
connection of its own, in its thread, sleeping in ``select`` on that connection until a
notification (or ``stop()``) wakes it; a notification's number newer than what it has
told makes it read the log after N; one of a commit this process made itself
(``SqlStore.committed_here``) does not: that commit publishes its events into the feed
at once, and reading them back would only hold the feed's lock for a round trip to the
database. It still looks once a second. A connection that
breaks (the server restarted, the network) is opened again at once, then once a second
while the server does not answer, and after each LISTEN the log is read once: nothing
committed meanwhile is missed.

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
from kiosk.store.engine import EVENTS_CHANNEL, translated
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


OWN = "own"  # _Listen.wait: woken only by this process's own commits


class _Listen:
    """A connection of its own that LISTENs to the store's events channel (PostgreSQL).

    ``wait`` sleeps until a notification arrives (True; ``latest`` is the newest
    sequence number announced) or until ``stop_fd`` is readable or the timeout passes
    (False). Notifications of commits this process made (``SqlStore.committed_here``:
    the commit publishes their events itself) wake it for nothing (OWN). A broken
    connection raises (psycopg.Error, OSError)."""

    def __init__(self, store: SqlStore, stop_fd: int) -> None:
        raw = store.engine.raw_connection()
        conn: Any = raw.driver_connection
        raw.detach()  # its own for as long as it listens: never back in the pool
        self._raw = raw
        try:
            if conn is None:
                raise OSError("no connection to the database server")
            conn.rollback()  # the pool's liveness check may have begun a transaction
            conn.autocommit = True
            conn.execute(f"LISTEN {EVENTS_CHANNEL}")
        except BaseException:
            raw.close()
            raise
        self._conn = conn
        self._store = store
        self._stop_fd = stop_fd
        self.latest: int | None = None
        self.own_latest = 0  # the newest of this process's commits announced
        self.own_now = 0  # how many of them the last wait brought

    def wait(self, timeout: float) -> bool | str:
        fd = self._conn.fileno()
        ready, _, _ = select.select([fd, self._stop_fd], [], [], timeout)
        if fd not in ready:
            return False
        got = own = False
        self.own_now = 0
        for note in self._conn.notifies(timeout=0):
            try:
                seq = int(note.payload)
            except ValueError:
                got = True
                continue
            if self._store.committed_here(seq):
                own = True
                self.own_now += 1
                self.own_latest = max(self.own_latest, seq)
                continue
            got = True
            self.latest = seq if self.latest is None else max(self.latest, seq)
        if not got and not own and self._conn.closed:
            raise OSError("the database server closed the connection")
        return True if got else (OWN if own else False)

    def close(self) -> None:
        try:
            self._raw.close()
        except Exception:  # a connection the server broke already
            log.debug("hall feed: listening connection closed already", exc_info=True)


def _listens(store: SqlStore) -> bool:
    return bool(store.engine.dialect.name == "postgresql")


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
    """Tells a feed of what other processes commit to the store, SQLite or PostgreSQL.
    ``start()``/``stop()``; ``check()`` does one look (tests drive it without the
    thread)."""

    def __init__(self, store: SqlStore, feed: HallFeed, interval_s: float = FOLLOW_S) -> None:
        self._store = store
        self._feed = feed
        self._interval = interval_s
        self._stop = threading.Event()
        self._watch: _FolderWatch | None = None
        self._stop_pipe: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        self._seen: int | None = None
        self.checks = 0  # looks at data_version so far
        self.reads = 0  # "after N" reads they led to
        self.notified = 0  # wakes by a PostgreSQL notification
        self.own = 0  # notifications of this process's own commits, left alone

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        if _listens(self._store):
            self._stop_pipe = os.pipe()
            target = self._run_listening
        else:
            self._watch = _watch(self._store)
            target = self._run
        self._thread = threading.Thread(target=target, name="hall-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        if self._watch is not None:
            self._watch.wake()
        if self._stop_pipe is not None:
            os.write(self._stop_pipe[1], b"x")
        self._thread.join(5)
        self._thread = None
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self._stop_pipe is not None:
            for fd in self._stop_pipe:
                os.close(fd)
            self._stop_pipe = None

    def _run_listening(self) -> None:
        """PostgreSQL: sleep until a NOTIFY of the events channel, then read after N."""
        assert self._stop_pipe is not None
        listen: _Listen | None = None
        try:
            while not self._stop.is_set():
                if listen is None:
                    try:
                        with translated(self._store.name):
                            listen = _Listen(self._store, self._stop_pipe[0])
                    except (KioskError, OSError) as exc:
                        log.warning("hall feed: cannot listen to the store: %s", exc)
                        if self._stop.wait(SAFETY_S):
                            return
                        continue
                    self.check()  # what was committed before the LISTEN
                    continue
                try:
                    woke = listen.wait(SAFETY_S)
                except Exception as exc:  # the connection broke: listen again
                    log.warning("hall feed: the store's notifications stopped (%s); "
                                "listening again", exc)  # fmt: skip
                    listen.close()
                    listen = None
                    continue
                if self._stop.is_set():
                    return
                self.own += listen.own_now
                if woke == OWN:  # told by the commit; the once-a-second look need not read
                    self._seen = max(self._seen or 0, listen.own_latest)
                    continue
                if woke:
                    self.notified += 1
                self.check(listen.latest if woke else None)
        finally:
            if listen is not None:
                listen.close()
            self._release()

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

    def check(self, announced: int | None = None) -> int:
        """Look once; tell the feed what is new. Returns how many events were new.

        ``announced``: the last sequence number a PostgreSQL notification gave, which
        spares the look at the store."""
        self.checks += 1
        if announced is not None:
            version = announced
        else:
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
