"""Opening the database, and telling environment failures from bugs.

SQLite settings, applied to every connection:

- ``journal_mode=WAL``: readers (displays, reports) never block the writer. The
  mode is kept in the file; processes that create a store together retry the
  switch rather than warn (see ``_use_wal``).
- ``synchronous=FULL``: in WAL mode, NORMAL may lose the last committed
  transactions on power loss (the WAL is not synced at each commit). A ticket whose
  number the visitor was shown must survive a power cut, and a hall issues at most a
  few tickets a second, so every commit pays one fsync of the WAL.
- ``foreign_keys=ON`` and a busy timeout, so a second process waits its turn.
- Every write transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken
  before anything is read, so the number a transaction allocates from what it read
  can never be taken by another process in between, and no lock upgrade can deadlock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.core.errors import KioskError, StoreCorrupt, StoreLocked, StoreReadOnly

log = logging.getLogger(__name__)

WRITE = {"kiosk_begin": "BEGIN IMMEDIATE"}
READ = {"kiosk_begin": "BEGIN"}


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for the store; for SQLite, with the settings above."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database or ""
    if database and database != ":memory:" and not parsed.query.get("uri"):
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreReadOnly(
                f"store folder {folder} cannot be created: {exc.strerror or exc}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's begin event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _use_wal(cursor, database, busy_timeout_ms)
            cursor.execute("PRAGMA synchronous = FULL")
        except BaseException:
            # The pool drops a connection whose set-up failed (a file that is not a
            # database, say) without closing it; close it here.
            cursor.close()
            dbapi_conn.close()
            raise
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("kiosk_begin", "BEGIN IMMEDIATE"))

    return engine


def _use_wal(cursor: sqlite3.Cursor, database: str, busy_timeout_ms: int) -> None:
    """Switch the file to WAL; the mode is stored in the file, so this happens once.

    Processes that open a new file at the same moment all try to switch it. SQLite
    answers some of them "database is locked" at once, without waiting for the busy
    timeout (waiting could deadlock), so retry until the busy timeout has passed or
    another process has made the switch.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.001
    while True:
        row = cursor.execute("PRAGMA journal_mode").fetchone()
        if row is None or str(row[0]).lower() in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "readonly" in text or "read-only" in text:
                # A read-only file keeps its journal mode; reads still work.
                log.debug("store %s is read-only; it stays in journal mode %s", database, row[0])
                return
            if ("locked" not in text and "busy" not in text) or time.monotonic() >= deadline:
                log.warning("cannot switch %s to WAL: %s", database, exc)
                return
        time.sleep(delay)  # let the process that holds the lock finish the switch
        delay = min(delay * 2, 0.05)


def classify(exc: BaseException, where: str) -> KioskError | None:
    """Map a database failure to the user-facing error it is, or None for a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(orig).lower()
    if "locked" in text or "busy" in text:
        return StoreLocked(
            f"store {where} is locked by another process (waited past the busy timeout)"
        )
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return StoreReadOnly(f"store {where} cannot be written: {orig}")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreCorrupt(
            f"store {where} is damaged: {orig}; run `kiosk db check` and restore the latest backup"
        )
    if "disk" in text and ("full" in text or "i/o" in text):
        return StoreReadOnly(f"store {where}: {orig}")
    return None


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Turn environment failures of the database into KioskErrors; re-raise bugs."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        mapped = classify(exc, where)
        if mapped is None:
            raise
        raise mapped from exc


class WriterLock:
    """Makes the processes of one machine take turns at writing, in the order they ask.

    SQLite's own busy handler makes a waiting writer sleep and poll (up to 100 ms at a
    time), so under load one process can take the lock again and again while others
    wait until their busy timeout. A blocking ``flock`` on a file beside the store wakes
    the next waiter as soon as the lock is free. The wait is bounded by the busy
    timeout, after which the operation fails with StoreLocked as before.
    """

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._threads = threading.Lock()  # flock is per open file: serialise threads too
        self._fd: int | None = None

    def _file(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o664)
        return self._fd

    def _take_file_lock(self) -> int | None:
        """The descriptor now holding the lock, or None after the timeout."""
        fd = self._file()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        # Contended: block in a helper thread, on a descriptor of its own (flock belongs
        # to the open file), so that the wait can be bounded and an abandoned wait can
        # release what it gets late without touching anyone else's lock.
        own = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        got = threading.Event()
        gate = threading.Lock()
        abandoned = False

        def wait_for_lock() -> None:
            fcntl.flock(own, fcntl.LOCK_EX)
            with gate:
                if abandoned:
                    fcntl.flock(own, fcntl.LOCK_UN)
                    os.close(own)
                else:
                    got.set()

        threading.Thread(target=wait_for_lock, name="kiosk-writer-lock", daemon=True).start()
        if got.wait(self.timeout_s):
            return own
        with gate:
            if got.is_set():
                return own
            abandoned = True
        return None

    @contextmanager
    def hold(self, where: str) -> Iterator[None]:
        if not self._threads.acquire(timeout=self.timeout_s):
            raise StoreLocked(
                f"store {where} is busy in this process (waited past the busy timeout)"
            )
        try:
            try:
                fd = self._take_file_lock()
            except OSError:
                fd = -1  # no lock file (read-only folder): SQLite's own lock still holds
            if fd is None:
                raise StoreLocked(
                    f"store {where} is locked by another process (waited past the busy timeout)"
                )
            try:
                yield
            finally:
                if fd >= 0:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    if fd != self._fd:
                        os.close(fd)
        finally:
            self._threads.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def writer_lock_for(url: str, busy_timeout_ms: int) -> WriterLock | None:
    """The writer lock of a plain SQLite file store; None for anything else."""
    parsed = make_url(url)
    database = parsed.database or ""
    if (
        parsed.get_backend_name() != "sqlite"
        or not database
        or database == ":memory:"
        or parsed.query.get("uri")
    ):
        return None
    return WriterLock(Path(database + ".lock"), busy_timeout_ms / 1000)
