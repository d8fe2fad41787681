"""Schema migrations (Alembic) and opening a store ready for use."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from kiosk.core.errors import StoreCorrupt
from kiosk.store.engine import READ, make_engine, safe_url, translated, writer_lock_for
from kiosk.store.models import Base
from kiosk.store.sql import SqlStore

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

# The newest migration in kiosk/store/migrations/versions. Checked against Alembic by
# a test; lets start-up skip importing Alembic when the store is already current.
HEAD = "0007"


def _alembic_config(connection: object = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "kiosk.store:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def _inspect(conn: Connection) -> tuple[str | None, list[str]]:
    """(schema revision, the kiosk's tables present), as one transaction sees them."""
    present = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in present:
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        revision = str(row[0]) if row else None
    return revision, [t for t in Base.metadata.tables if t in present]


def inspect_store(engine: Engine) -> tuple[str | None, list[str]]:
    """The schema revision and the kiosk's tables, from one read transaction.

    Reading needs no write lock, so opening a current store does not wait for
    another process's write.
    """
    with engine.connect() as conn:
        conn.execution_options(**READ)
        return _inspect(conn)


def current_revision(engine: Engine) -> str | None:
    return inspect_store(engine)[0]


def upgrade(engine: Engine, name: str) -> tuple[str | None, str]:
    """Bring the schema to HEAD; returns (revision before, revision after).

    Several processes may open a new store at the same moment: the revision is read
    again under the write lock, so exactly one of them migrates and the others find
    the work done.
    """
    with translated(name):
        before = current_revision(engine)
        if before == HEAD:
            return before, HEAD  # the common case: no need to import Alembic at all
        from alembic import command

        with engine.begin() as conn:  # BEGIN IMMEDIATE: no other process migrates now
            before, tables = _inspect(conn)
            if before == HEAD:
                return before, HEAD
            if before is not None and before not in _known_revisions():
                raise StoreCorrupt(
                    f"store {name} has schema revision {before!r}, unknown to this version "
                    "of the kiosk (written by a newer version?)"
                )
            if before is None and tables:
                # Migrating would fail on the first CREATE TABLE; say what is wrong.
                raise StoreCorrupt(
                    f"store {name} has the kiosk's tables but no schema revision (its "
                    "alembic_version table was removed or emptied); restore the latest backup"
                )
            command.upgrade(_alembic_config(conn), "head")
        log.info("store %s upgraded from %s to %s", name, before, HEAD)
        return before, HEAD


def _known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def alembic_head() -> str | None:
    return _script().get_current_head()


def open_store(url: str, busy_timeout_ms: int = 5000, name: str = "") -> SqlStore:
    """An engine, migrated to the current schema, wrapped as the queue store."""
    engine = make_engine(url, busy_timeout_ms)
    label = name or safe_url(url)  # messages and logs never show a password
    try:
        upgrade(engine, label)
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine, label, writer_lock_for(url, busy_timeout_ms), busy_timeout_ms)
