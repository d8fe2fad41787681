"""`kiosk db upgrade|check|backup`: schema, integrity and online backup."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kiosk.core.errors import ConfigError, StoreCorrupt, StoreReadOnly
from kiosk.core.model import ACTIVE_STATES
from kiosk.store import schema
from kiosk.store.engine import READ, classify, make_engine, translated
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
    """The file of an SQLite URL, plain (sqlite:///PATH) or URI (sqlite:///file:PATH?uri=true)."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if parsed.query.get("uri") and database.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        return Path(unquote(urlsplit(database).path))
    return Path(database)


def check(url: str) -> CheckReport:
    """Integrity of the file, the schema revision, and the queue's own invariants."""
    lines: list[str] = []
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        return CheckReport([f"FAIL store {path} does not exist"], False, StoreCorrupt.exit_code)
    engine = make_engine(url)
    problems = 0
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
    except Exception as exc:
        mapped = classify(exc, str(path or url))
        if mapped is None:
            raise
        return CheckReport([*lines, f"FAIL {mapped}"], False, mapped.exit_code)
    finally:
        engine.dispose()
    verdict = "store is healthy" if not problems else f"{problems} problem(s) found"
    lines.append(("ok   " if not problems else "FAIL ") + verdict)
    return CheckReport(lines, not problems, 0 if not problems else StoreCorrupt.exit_code)


def backup(url: str, target: Path) -> int:
    """A consistent copy while the hall runs (SQLite's online backup API)."""
    path = _sqlite_path(url)
    if path is None:
        raise ConfigError(
            f"store.url {url}: `kiosk db backup` backs up SQLite stores only; use the "
            "database's own tool (for PostgreSQL, pg_dump)"
        )
    if not path.exists():
        raise StoreCorrupt(f"store {path} does not exist")
    if target.exists() and target.resolve() == path.resolve():
        raise StoreReadOnly(f"backup target {target} is the store itself")
    tmp = target.with_name(target.name + ".partial")
    done = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)  # left by a backup that was interrupted
        with translated(str(path)):
            src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
        tmp.replace(target)
        done = True
    except OSError as exc:
        raise StoreReadOnly(f"cannot write backup {target}: {exc.strerror or exc}") from None
    finally:
        if not done:
            tmp.unlink(missing_ok=True)
    return target.stat().st_size
