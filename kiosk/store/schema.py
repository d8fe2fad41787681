"""Schema migrations (Alembic) and opening a store ready for use."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from kiosk.core.errors import StoreCorrupt
from kiosk.store.engine import make_engine, translated
from kiosk.store.sql import SqlStore

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

# The newest migration in kiosk/store/migrations/versions. Checked against Alembic by
# a test; lets start-up skip importing Alembic when the store is already current.
HEAD = "0001"


def _alembic_config(connection: object = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "kiosk.store:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def upgrade(engine: Engine, name: str) -> tuple[str | None, str]:
    """Bring the schema to HEAD; returns (revision before, revision after)."""
    from alembic import command

    with translated(name):
        before = current_revision(engine)
        if before == HEAD:
            return before, HEAD
        known = _known_revisions()
        if before is not None and before not in known:
            raise StoreCorrupt(
                f"store {name} has schema revision {before!r}, unknown to this version "
                "of the kiosk (written by a newer version?)"
            )
        with engine.begin() as conn:
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
    label = name or url
    upgrade(engine, label)
    return SqlStore(engine, label)
