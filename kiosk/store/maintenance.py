"""`kiosk db upgrade|check|backup`: schema, integrity and online backup."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import stat
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kiosk.core.errors import ConfigError, StoreCorrupt, StoreLocked, StoreReadOnly
from kiosk.core.model import ACTIVE_STATES
from kiosk.store import schema
from kiosk.store.engine import (
    READ,
    classify,
    damaged,
    header_problem,
    make_engine,
    read_only_reason,
    read_only_uri,
    safe_url,
    store_file,
    translated,
)
from kiosk.store.models import TicketRow


def upgrade(url: str, name: str = "") -> tuple[str | None, str]:
    engine = make_engine(url)
    try:
        return schema.upgrade(engine, name or url)
    finally:
        engine.dispose()


@dataclasses.dataclass
class CheckReport:
    lines: list[str]
    ok: bool
    exit_code: int = 0


def _sqlite_path(url: str) -> Path | None:
    return store_file(url)


def check(url: str) -> CheckReport:
    """Integrity of the file, the schema revision, and the queue's own invariants."""
    lines: list[str] = []
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        return CheckReport([f"FAIL store {path} does not exist"], False, StoreCorrupt.exit_code)
    if path is not None and (problem := header_problem(path)) is not None:
        return CheckReport([f"FAIL {damaged(path, problem)}"], False, StoreCorrupt.exit_code)
    engine = make_engine(url)
    problems = 0
    exit_code = StoreCorrupt.exit_code
    try:
        with engine.connect() as conn:
            conn.execution_options(**READ)  # a check takes no write lock
            if engine.dialect.name == "sqlite":
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if rows == ["ok"]:
                    lines.append("ok   sqlite integrity_check")
                else:
                    problems += 1
                    lines += [f"FAIL sqlite integrity_check: {r}" for r in rows[:20]]
                fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
                if fk:
                    problems += 1
                    lines.append(f"FAIL {len(fk)} rows break foreign keys, first: {tuple(fk[0])}")
                else:
                    lines.append("ok   foreign keys")
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                lines.append(f"ok   journal mode {mode}")
            else:  # a server checks its own pages; say which one answered
                version = conn.exec_driver_sql("SHOW server_version").scalar()
                lines.append(f"ok   PostgreSQL {version}, database {engine.url.database}")
        revision, tables = schema.inspect_store(engine)
        if revision == schema.HEAD:
            lines.append(f"ok   schema revision {revision}")
        elif revision is None and tables:
            problems += 1
            lines.append(
                "FAIL no schema revision although the kiosk's tables exist "
                "(alembic_version removed or emptied): restore the latest backup"
            )
        else:
            problems += 1
            lines.append(
                f"FAIL schema revision {revision or 'none'}, expected {schema.HEAD}: "
                "run `kiosk db upgrade`"
            )
        if revision is not None:
            with Session(engine.execution_options(**READ)) as session:
                dupes = session.execute(
                    select(TicketRow.day_id, TicketRow.number, func.count())
                    .where(TicketRow.state.in_([str(s) for s in ACTIVE_STATES]))
                    .group_by(TicketRow.day_id, TicketRow.number)
                    .having(func.count() > 1)
                ).all()
                if dupes:
                    problems += 1
                    lines.append(f"FAIL active tickets share a number: {dupes[:5]}")
                else:
                    lines.append("ok   no two active tickets share a number")
                total = session.execute(text("SELECT count(*) FROM tickets")).scalar()
                lines.append(f"ok   {total} tickets")
        written = (
            _check_writes(engine, url, path)
            if engine.dialect.name == "sqlite"
            else _check_server_writes(engine, safe_url(url))
        )
        if written is not None:
            lines.append(written.line)
            if written.exit_code:
                problems += 1
                exit_code = exit_code if problems > 1 else written.exit_code
    except Exception as exc:
        mapped = classify(exc, str(path or safe_url(url)))
        if mapped is None:
            raise
        return CheckReport([*lines, f"FAIL {mapped}"], False, mapped.exit_code)
    finally:
        engine.dispose()
    verdict = "store is healthy" if not problems else f"{problems} problem(s) found"
    lines.append(("ok   " if not problems else "FAIL ") + verdict)
    return CheckReport(lines, not problems, 0 if not problems else exit_code)


@dataclasses.dataclass(frozen=True)
class _Writes:
    line: str
    exit_code: int = 0


def _check_writes(engine: Engine, url: str, path: Path | None) -> _Writes:
    """Whether the store can be written, proved by a write in a transaction rolled back.

    A store opened read-only on purpose (mode=ro, immutable) is not tried; one opened
    read-only because its folder cannot be written is a problem (exit 9) however sound
    the file. The write does not wait for another process's write: a held lock proves
    that someone can write."""
    parsed = make_url(url)
    if parsed.query.get("uri") and (
        parsed.query.get("mode") == "ro" or parsed.query.get("immutable") == "1"
    ):
        return _Writes("ok   opened read-only as asked (store.url): writes not tried")
    reason = read_only_reason(path) if path is not None else None
    if reason is not None:
        return _Writes(
            f"FAIL store {path} cannot be written: {reason} (checked read-only)",
            StoreReadOnly.exit_code,
        )
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA busy_timeout = 0")
            cursor.execute("BEGIN IMMEDIATE")
            try:
                cursor.execute("CREATE TABLE kiosk_write_check (x INTEGER)")
            finally:
                cursor.execute("ROLLBACK")
        except sqlite3.Error as exc:
            mapped = classify(exc, str(path or url))
            if isinstance(mapped, StoreLocked):
                return _Writes("ok   writes: not tried, another process is writing")
            if mapped is None:
                raise
            return _Writes(f"FAIL {mapped}", mapped.exit_code)
        finally:
            cursor.close()
    finally:
        raw.close()
    return _Writes("ok   a write (rolled back)")


def _check_server_writes(engine: Engine, where: str) -> _Writes:
    """PostgreSQL: a table created in a transaction rolled back proves the user may write
    the database. It does not wait for the hall's write lock."""
    try:
        with engine.connect() as conn:
            conn.execution_options(**READ)  # no write lock: this write is never committed
            with conn.begin() as tx:
                conn.exec_driver_sql("CREATE TABLE kiosk_write_check (x integer)")
                tx.rollback()
    except DBAPIError as exc:
        mapped = classify(exc, where)
        if mapped is None:
            raise
        return _Writes(f"FAIL {mapped}", mapped.exit_code)
    return _Writes("ok   a write (rolled back)")


def _backup_target(target: Path, force: bool) -> Path:
    """The file a backup may be written to: a new file, or (with force) an existing
    regular file. Anything else (a device such as /dev/null, a folder, a pipe) is refused:
    the backup is renamed over its target, which would replace the thing itself."""
    if not target.name or target.name in (".", ".."):
        raise StoreReadOnly(f"backup target {str(target)!r}: expected a file name")
    try:
        real = target.resolve()  # a link: the file it points to is what gets replaced
        info = real.lstat()
    except FileNotFoundError:
        return real
    except (OSError, RuntimeError) as exc:  # a name too long, a link loop, no permission
        raise StoreReadOnly(
            f"cannot write backup {target}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreReadOnly(
            f"backup target {target} is {_kind(info.st_mode)}, not a file: name a new file"
        )
    if not force:
        raise StoreReadOnly(
            f"backup target {target} exists: add --force to replace it, or name a new file"
        )
    return real


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def backup(url: str, target: Path, *, force: bool = False) -> int:
    """A consistent copy while the hall runs (SQLite's online backup API).

    The copy is written beside the target under a temporary name and renamed over it
    when complete; the target must be a new file, or an existing regular file when
    forced. A store in a folder that cannot be written is read without writing anything
    beside it, so a technician can rescue it."""
    path = _sqlite_path(url)
    if path is None:
        raise ConfigError(
            f"store.url {safe_url(url)}: `kiosk db backup` backs up SQLite stores only; use "
            "the database's own tool (for PostgreSQL, pg_dump; docs/multi-pc.md)"
        )
    if not path.exists():
        raise StoreCorrupt(f"store {path} does not exist")
    if (problem := header_problem(path)) is not None:
        raise damaged(path, problem)
    with contextlib.suppress(OSError, RuntimeError):  # _backup_target says what is wrong
        if target.resolve() == path.resolve():
            raise StoreReadOnly(f"backup target {target} is the store itself")
    real = _backup_target(target, force)
    done = False
    tmp: Path | None = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        # A short name of its own: FILE.partial could be longer than a file name may be.
        tmp = real.parent / f".kiosk-backup-{os.getpid()}.partial"
        tmp.unlink(missing_ok=True)  # left by a backup that was interrupted
        with translated(str(path)):
            src = sqlite3.connect(read_only_uri(path), uri=True)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
        _backup_target(target, force)  # still a new file or a regular one
        tmp.replace(real)
        done = True
    except OSError as exc:
        raise StoreReadOnly(f"cannot write backup {target}: {exc.strerror or exc}") from None
    finally:
        if not done and tmp is not None:
            tmp.unlink(missing_ok=True)
    return real.stat().st_size
