"""The stores the suite runs on: SQLite (a file in the test's folder) and PostgreSQL (a
database of the test's own on the server named by $KIOSK_TEST_PG_URL).

tests/conftest.py turns this into the fixtures ``store_url`` (parametrized over both:
``[sqlite]`` and ``[postgresql]``), ``sql_store`` and ``sql_service``; a test that needs
one kind only uses ``sqlite_url``/``pg_url``, or :func:`store_url_for` itself (a test
that wants several stores, a worker that gets a URL). ``./hall.sh test`` starts a
throwaway server (tools/test-postgres.sh) and exports $KIOSK_TEST_PG_URL; by hand::

    eval "$(tools/test-postgres.sh start)"
    .venv/bin/python -m pytest tests/test_store.py
    tools/test-postgres.sh stop "$KIOSK_TEST_PG_DIR"

Without $KIOSK_TEST_PG_URL the PostgreSQL tests are skipped with the reason, except under
CI=true, where they fail: CI must not pass by testing one store of two.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

PG_ENV = "KIOSK_TEST_PG_URL"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
# The parameters of a fixture over both stores; `-m "not postgresql"` leaves PostgreSQL out.
BACKEND_PARAMS = [
    pytest.param(SQLITE, id=SQLITE),
    pytest.param(POSTGRESQL, id=POSTGRESQL, marks=pytest.mark.postgresql),
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def pg_admin_url() -> str:
    """The URL of the test server's maintenance database; skips the test (fails it under
    CI=true) when there is none."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = (
            f'a PostgreSQL test needs ${PG_ENV} (eval "$(tools/test-postgres.sh start)" '
            "starts a throwaway server; ./hall.sh test does)"
        )
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return url


def admin_connection(url: str) -> Any:
    import psycopg

    parsed = make_url(url)
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=30)


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards (with any connection
    a test left open); yields its URL."""
    admin = pg_admin_url()
    name = f"kiosk_test_{uuid.uuid4().hex[:16]}"
    with admin_connection(admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_connection(admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def store_url_for(backend: str, folder: Path) -> Iterator[str]:
    """A URL of a new, empty store of the kind asked: an SQLite file in ``folder`` (which
    need not exist) or a fresh PostgreSQL database."""
    if backend == SQLITE:
        yield f"sqlite:///{folder / 'kiosk.db'}"
    elif backend == POSTGRESQL:
        with fresh_pg_database() as url:
            yield url
    else:
        raise ValueError(f"unknown store kind {backend!r} (expected one of {BACKENDS})")


def hall_config(folder: Path, url: str) -> Path:
    """The demo hall's configuration file with its [store] url set to ``url``: for a
    command or a process that opens the store the way the application does
    (``kiosk --config FILE ...``)."""
    from kiosk import config

    text = config.example_text()
    line = 'url = ""'
    assert line in text, "the example hall's [store] url line moved"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hall.toml"
    path.write_text(text.replace(line, f'url = "{url}"', 1), encoding="utf-8")
    return path
