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

PostgreSQL (``postgresql+psycopg://``, for a hall of several PCs), the same guarantees:

- Every write transaction starts with ``SELECT pg_advisory_xact_lock(WRITE_LOCK_KEY)``
  (after ``SET LOCAL lock_timeout`` to the busy timeout): one writer at a time in the
  database, in the order they asked, released by the commit or rollback. It runs at READ
  COMMITTED, so every statement after the lock sees everything committed before it.
- Every read transaction is REPEATABLE READ: its statements see one snapshot, as an
  SQLite read transaction does, so a status read is never half of a commit.
- Connections are checked before use (:func:`_checked_out`): a server restarted under
  a running hall costs the next operation nothing. The check sends nothing when the
  connection's socket is quiet: a server that ends a connection (a restart, an
  administrator's pg_terminate_backend) says so on it, a crashed one closes it, and
  only then is it pinged (SQLAlchemy's ``pool_pre_ping`` pinged before every
  transaction: a round trip each).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import select
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.core.errors import (
    ConfigError,
    KioskError,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
    one_line,
)

log = logging.getLogger(__name__)

WRITE = {"kiosk_begin": "BEGIN IMMEDIATE"}
READ = {"kiosk_begin": "BEGIN"}
# PostgreSQL: a write whose first statements take the lock (kiosk.store.pipeline sends
# them in one round trip with the reads), so BEGIN takes none.
PIPELINED = {"kiosk_begin": "PIPELINED"}

# The PostgreSQL advisory lock every write transaction holds: one writer at a time in the
# database (advisory locks belong to one database), like SQLite's write lock.
WRITE_LOCK_KEY = 0x6B696F736B  # "kiosk"
# The channel a write transaction that appended events notifies, with the last
# sequence number as its payload (kiosk.store.follow listens to it).
EVENTS_CHANNEL = "kiosk_events"


class StoreUnreachable(StoreLocked):
    """The database server did not answer, or the connection to it broke, during an
    operation (the server restarted, the network between the PCs failed). Like a
    locked store, nothing was written and the operation may be tried again."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# -- store.url: checked when the configuration is read, shown without its secrets ----------

_EXAMPLE_URL = "sqlite:////var/lib/hall-kiosk/kiosk.db"
_EXAMPLE_PG_URL = "postgresql+psycopg://kiosk@db-host:5432/hall"
# Query parameters that carry a secret (?password=, ?sslpassword=, ?token=, ...).
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
# SQLite URI parameters (sqlite:///file:PATH?mode=ro&uri=true) and the values they take.
_SQLITE_URI_PARAMETERS: dict[str, tuple[str, ...] | None] = {
    "mode": ("ro", "rw", "rwc"),
    "cache": ("shared", "private"),
    "immutable": ("0", "1"),
    "nolock": ("0", "1"),
    "vfs": None,
}
_TRUE_FALSE = ("true", "false", "1", "0")


def check_url(url: str) -> None:
    """Raise ValueError saying what is wrong with a store URL, before anything opens it.

    A URL SQLAlchemy cannot parse, a database kind it does not know, a driver that is
    not installed, an in-memory SQLite store (it forgets every ticket when the command
    ends), SQLite options that would fail on the first connection."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ValueError(f"expected a database URL such as {_EXAMPLE_URL!r}") from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ValueError(
            f"unknown database kind {parsed.drivername!r} (expected sqlite, as in "
            f"{_EXAMPLE_URL!r}, or postgresql+psycopg, as in {_EXAMPLE_PG_URL!r})"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(
            f"database kind {backend!r} is not supported (expected sqlite, as in "
            f"{_EXAMPLE_URL!r}, or postgresql+psycopg, as in {_EXAMPLE_PG_URL!r})"
        )
    if backend == "postgresql" and parsed.drivername != "postgresql+psycopg":
        raise ValueError(
            f"{parsed.drivername!r}: the hall speaks to PostgreSQL through psycopg 3; "
            f"write postgresql+psycopg://, as in {_EXAMPLE_PG_URL!r}"
        )
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        raise ValueError(
            f"the driver of {parsed.drivername!r} ({exc.name or exc}) is not installed"
        ) from None
    if backend == "sqlite":
        _check_sqlite_url(parsed)
    elif not parsed.database:
        raise ValueError(f"name the database after the server, as in {_EXAMPLE_PG_URL!r}")


def _check_sqlite_url(parsed: URL) -> None:
    database = parsed.database or ""
    query = {k: v if isinstance(v, str) else ",".join(v) for k, v in parsed.query.items()}
    uri = query.pop("uri", "false").lower()
    if uri not in _TRUE_FALSE:
        raise ValueError(f"uri={uri!r}: expected true or false")
    if uri in ("true", "1"):
        for key, value in query.items():
            if key not in _SQLITE_URI_PARAMETERS:
                known = ", ".join(_SQLITE_URI_PARAMETERS)
                raise ValueError(f"unknown SQLite URI parameter {key!r} (known: {known})")
            allowed = _SQLITE_URI_PARAMETERS[key]
            if allowed is not None and value not in allowed:
                raise ValueError(f"{key}={value!r}: expected one of {', '.join(allowed)}")
        path = unquote(urlsplit(database).path) if database.startswith("file:") else database
    else:
        if query:
            raise ValueError(
                f"unknown parameter {next(iter(query))!r} (the store's options are the "
                "[store] keys; SQLite URI parameters need uri=true)"
            )
        path = database
    if path in ("", ":memory:"):
        raise ValueError(
            "an in-memory store forgets every ticket when the command ends: name a file, "
            f"as in {_EXAMPLE_URL!r}"
        )
    if Path(path).is_dir():
        raise ValueError(f"{path} is a folder: name the store's file in it, like {path}/kiosk.db")


def safe_url(url: str) -> str:
    """A store URL as messages, logs and the diagnostic bundle show it: its password,
    whether in the URL (``postgresql://kiosk:***@host/db``) or a query parameter
    (``?password=***``), hidden."""
    if not url:
        return url
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "(a store URL that cannot be read)"
    if parsed.password is None and not any(_SECRET_PARAMETER.search(k) for k in parsed.query):
        return url
    shown = parsed.set(query={}).render_as_string(hide_password=True)
    params = []
    for key, value in parsed.query.items():
        values = (value,) if isinstance(value, str) else value
        for v in values:
            params.append(f"{key}={'***' if _SECRET_PARAMETER.search(key) else quote(v)}")
    return shown + ("?" + "&".join(params) if params else "")


# -- the file: where it is, whether its header is sound, whether it can be written ---------


def store_file(url: str) -> Path | None:
    """The file of an SQLite URL, plain (sqlite:///PATH) or URI (sqlite:///file:PATH?uri=true);
    None for an in-memory store or another database."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if parsed.query.get("uri") and database.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        return Path(unquote(urlsplit(database).path))
    return Path(database)


_MAGIC = b"SQLite format 3\x00"


def header_problem(path: Path) -> str | None:
    """What is wrong with the 100-byte header of an SQLite file, by the file format
    (https://sqlite.org/fileformat.html), or None when it is sound or not there yet.

    Only what SQLite itself refuses is checked: a damaged page size or payload fraction
    makes it answer "not a database", a write version above 2 makes every write fail
    ("readonly") while reads still work, a schema format above 4 "unsupported file format".
    """
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError:
        return None  # missing or unreadable: SQLite says so in its own words
    if len(header) < 100:
        return None  # empty (a new store) or being created
    if header[:16] != _MAGIC:
        return "file is not a database (it does not start with the SQLite header)"
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    fault = None
    if page < 512 or page > 65536 or page & (page - 1):
        fault = f"page size {page} is not a power of two from 512 to 65536 (bytes 16-17)"
    elif header[18] not in (1, 2):
        fault = f"file format write version {header[18]}, expected 1 or 2 (byte 18)"
    elif header[19] not in (1, 2):
        fault = f"file format read version {header[19]}, expected 1 or 2 (byte 19)"
    elif page - header[20] < 480:
        fault = f"{header[20]} bytes reserved of a {page}-byte page (byte 20)"
    elif tuple(header[21:24]) != (64, 32, 32):
        fault = f"payload fractions {tuple(header[21:24])}, expected (64, 32, 32) (bytes 21-23)"
    elif (schema := int.from_bytes(header[44:48], "big")) > 4:
        fault = f"schema format {schema}, expected 1 to 4 (bytes 44-47)"
    return f"its header is broken: {fault}" if fault else None


def damaged(path: Path, problem: str) -> StoreCorrupt:
    return StoreCorrupt(
        f"store {path} is damaged: {problem}; run `kiosk db check` and restore the latest backup"
    )


def read_only_reason(path: Path) -> str | None:
    """Why an existing store file can only be read (its folder cannot be written: SQLite
    could not create its journal or write-ahead log beside it), or None."""
    folder = path.parent
    if not path.exists() or os.access(folder, os.W_OK):
        return None
    beside = (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
    if all(p.exists() and os.access(p, os.W_OK) for p in beside):
        return None  # a live write-ahead log (a hall still running): writes go there
    return f"its folder {folder} cannot be written"


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads PATH and writes nothing, even in a folder that cannot be
    written.

    ``mode=ro`` reads the write-ahead log too, but needs its files (-wal, -shm) to exist
    or to be creatable. In a read-only folder without them the file holds everything
    committed, and ``immutable=1`` reads it without them."""
    uri = path.resolve().as_uri()
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if os.access(path.parent, os.W_OK) or (wal.exists() and shm.exists()):
        return f"{uri}?mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        log.warning(
            "store %s: its write-ahead log %s cannot be read in a read-only folder without %s; "
            "the last changes may be missing",
            path,
            wal,
            shm,
        )
    return f"{uri}?immutable=1"


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for the store; for SQLite, with the settings above.

    An existing SQLite file whose folder cannot be written opens read-only: reads,
    `kiosk db check` and `kiosk db backup` work (a technician can rescue the data),
    and every write fails as StoreReadOnly. A file with a damaged header is StoreCorrupt
    before SQLite reads it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _server_engine(url, busy_timeout_ms)

    database = parsed.database or ""
    path = store_file(url)
    if database and database != ":memory:" and not parsed.query.get("uri"):
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreReadOnly(
                f"store folder {folder} cannot be created: {exc.strerror or exc}"
            ) from None
    if path is not None and (problem := header_problem(path)) is not None:
        raise damaged(path, problem)
    timeout_s = busy_timeout_ms / 1000
    reason = read_only_reason(path) if path is not None and not parsed.query.get("uri") else None
    if path is not None and reason is not None:
        log.info("store %s: %s; opened read-only", path, reason)
        uri = read_only_uri(path)
        engine = create_engine(
            url,
            creator=lambda: sqlite3.connect(
                uri, uri=True, timeout=timeout_s, check_same_thread=False
            ),
        )
    else:
        engine = create_engine(url, connect_args={"timeout": timeout_s})

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


def _server_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """A PostgreSQL engine with the settings above, connected once: a server that cannot
    be reached, a user it refuses, a database it does not have are a configuration error
    naming store.url (its password as ***), not a bug."""
    from psycopg import IsolationLevel

    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in parsed.query:
        # A host that does not answer at all fails in seconds, not minutes.
        connect_args["connect_timeout"] = max(2, round(busy_timeout_ms / 1000))
    engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "checkout", partial(_checked_out, engine))
    lock_timeout = f"SET LOCAL lock_timeout = {int(busy_timeout_ms)}"
    take_lock = f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        begin = conn.get_execution_options().get("kiosk_begin")
        driver = conn.connection.driver_connection
        if begin == READ["kiosk_begin"]:
            if not _begin_with(driver, IsolationLevel.REPEATABLE_READ):
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return
        _begin_with(driver, None)  # the server's default, READ COMMITTED
        if begin == PIPELINED["kiosk_begin"]:
            pass  # the store's pipeline takes the lock as its first statements
        else:  # a write (the default, as BEGIN IMMEDIATE is on SQLite): one at a time
            conn.exec_driver_sql(lock_timeout)
            conn.exec_driver_sql(take_lock)

    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        raise connect_error(url, exc) from None
    return engine


def _begin_with(driver: Any, level: Any) -> bool:
    """Make psycopg's own BEGIN (sent with the transaction's first statement) start at
    this isolation level: ``BEGIN ISOLATION LEVEL REPEATABLE READ`` costs no round trip
    of its own, where ``SET TRANSACTION`` would. False when psycopg is already in a
    transaction (the level can then only be set by a statement)."""
    if driver.isolation_level == level:
        return bool(driver.info.transaction_status == 0)
    try:
        driver.isolation_level = level
    except Exception:  # psycopg.ProgrammingError: a transaction is open
        return False
    return True


def _checked_out(engine: Engine, dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection about to be lent: pinged only when its socket is
    not quiet (the server said something while it was idle: that it is shutting down,
    that it ended the connection; or closed it). A ping that fails makes the pool open
    a new connection (DisconnectionError)."""
    try:
        quiet = (
            not dbapi_conn.closed
            and dbapi_conn.info.transaction_status == 0  # idle, nothing pending
            and not select.select([dbapi_conn.fileno()], [], [], 0)[0]
        )
    except Exception:  # the connection is gone
        quiet = False
    if quiet:
        return
    try:
        engine.dialect.do_ping(dbapi_conn)
        dbapi_conn.rollback()  # the ping may have begun a transaction
    except Exception as exc:
        raise DisconnectionError(f"connection to the database server lost: {exc}") from exc


def connect_error(url: str, exc: BaseException) -> ConfigError:
    """What a failed connection to a database server says, naming store.url."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text = one_line(str(orig))
    lower = text.lower()
    parsed = make_url(url)
    where = f"store.url {safe_url(url)}"
    if "password authentication failed" in lower or "no password supplied" in lower:
        return ConfigError(
            f"{where}: the server refused user {parsed.username!r}: wrong or missing "
            "password (give it in the URL or in ~/.pgpass)"
        )
    if "does not exist" in lower and "database" in lower:
        return ConfigError(
            f"{where}: the server has no database {parsed.database!r}: create it "
            f"(createdb -O {parsed.username or 'USER'} {parsed.database}; docs/multi-pc.md)"
        )
    if "role" in lower and "does not exist" in lower:
        return ConfigError(
            f"{where}: the server has no user {parsed.username!r}: create it "
            "(createuser; docs/multi-pc.md)"
        )
    if "connection refused" in lower or "timeout" in lower or "could not translate" in lower:
        return ConfigError(
            f"{where}: cannot reach the database server at {parsed.host or 'localhost'}"
            f":{parsed.port or 5432} ({text})"
        )
    return ConfigError(f"{where}: cannot connect: {text}")


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


# PostgreSQL's error codes (SQLSTATE) that are the environment's, not a bug.
_PG_LOCKED = {"55P03", "40001", "40P01"}  # lock timeout; serialization failure; deadlock
_PG_READ_ONLY = {"25006", "42501", "53100"}  # a read-only server, no right, disk full
_PG_GONE = {"57P01", "57P02", "57P03"}  # the server shut down, crashed, is starting
_PG_GONE |= {"08000", "08001", "08003", "08004", "08006"}  # the connection failed
_PG_GONE |= {"53200", "53300"}  # the server is out of memory, has too many clients


def _classify_server(orig: BaseException, where: str) -> KioskError | None:
    code = getattr(orig, "sqlstate", None)
    text = one_line(str(orig))
    if code in _PG_LOCKED:
        return StoreLocked(
            f"store {where} is locked by another process (waited past the busy timeout)"
        )
    if code in _PG_READ_ONLY:
        return StoreReadOnly(f"store {where} cannot be written: {text}")
    if code in _PG_GONE or (code is None and type(orig).__name__ == "OperationalError"):
        return StoreUnreachable(f"store {where}: the database server cannot be reached: {text}")
    return None


def classify(exc: BaseException, where: str) -> KioskError | None:
    """Map a database failure to the user-facing error it is, or None for a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if orig is not None and type(orig).__module__.startswith("psycopg"):
        return _classify_server(orig, where)
    text = str(orig).lower()
    if "locked" in text or "busy" in text:
        return StoreLocked(
            f"store {where} is locked by another process (waited past the busy timeout)"
        )
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return StoreReadOnly(f"store {where} cannot be written: {orig}")
    if (
        "not a database" in text
        or "malformed" in text
        or "corrupt" in text
        or "unsupported file format" in text
    ):
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
    except Exception as exc:
        # SQLAlchemy's errors, and the drivers' own (a raw connection's: the log follower)
        if not isinstance(exc, DBAPIError | sqlite3.Error) and not type(exc).__module__.startswith(
            "psycopg"
        ):
            raise
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
