"""Shared fixtures. Qt runs offscreen; every test gets its own data directory."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk import config
from kiosk.core.clock import ManualClock
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore

from .stores import BACKEND_PARAMS, POSTGRESQL, SQLITE, store_url_for

MORNING = dt.datetime(2026, 11, 24, 9, 0, 0)

# The font every window of the suite is measured in, whatever the machine prefers: the
# Noto CJK font the set-up installs (fonts-noto-cjk), which has the Latin and the Chinese
# glyphs, at a size in pixels (points would depend on the screen's DPI).
SUITE_FONT_FAMILY = "Noto Sans CJK SC"
SUITE_FONT_PIXELS = 12


@pytest.fixture(scope="session")
def qapp(qapp: Any) -> Any:
    """pytest-qt's QApplication with the suite's font.

    Widths, wrapping and whether a title fits depend on the font; the platform's default
    ("Sans Serif" resolved by fontconfig) differs from one machine to the next.
    kiosk.ui.app.make_qapp keeps the family chosen here first (it is the first of its
    CJK_FAMILIES) and the size."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    if SUITE_FONT_FAMILY not in QFontDatabase.families():
        pytest.fail(
            f"the test suite measures its windows in the font {SUITE_FONT_FAMILY!r}, which "
            "is not installed: install fonts-noto-cjk (./hall.sh test does)",
            pytrace=False,
        )
    from kiosk.ui import collector

    collector.install(qapp)  # as kiosk.ui.app.make_qapp does: cycles freed on this thread
    font = QFont(SUITE_FONT_FAMILY)
    font.setPixelSize(SUITE_FONT_PIXELS)
    qapp.setFont(font)
    assert QFontInfo(qapp.font()).family() == SUITE_FONT_FAMILY
    return qapp


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's real data directory or configuration, nor the real date.

    $KIOSK_NOW is the suite's one clock for every path that does not get a clock handed
    to it: the command line run in this process and every process a test starts (they
    inherit the environment) tell the time as MORNING, whatever the date the suite runs
    on. A test that needs another time sets $KIOSK_NOW itself."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_NOW", MORNING.isoformat())


@pytest.fixture
def demo_hall() -> Hall:
    return config.load(None).to_hall()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def memory_service(demo_hall: Hall, clock: ManualClock) -> QueueService:
    return QueueService(demo_hall, MemoryStore(), clock)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that asks for a store (store_url, sql_store, sql_service, ...) runs once per
    kind of store: [sqlite] and [postgresql]."""
    if "store_backend" in metafunc.fixturenames:
        metafunc.parametrize("store_backend", BACKEND_PARAMS, indirect=True)


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> str:
    """The kind of store of this run of the test. A fixture asked for by name while the
    test runs (request.getfixturevalue) was not parametrized: SQLite."""
    return str(getattr(request, "param", SQLITE))


@pytest.fixture
def store_url(store_backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty store, once on SQLite (a file in tmp_path) and once on
    PostgreSQL (a database of this test's own; tests/stores.py)."""
    with store_url_for(store_backend, tmp_path / "store") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """An SQLite store only: for what is SQLite's (its file, WAL, the lock file)."""
    with store_url_for(SQLITE, tmp_path / "store") as url:
        yield url


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A PostgreSQL store only (a fresh database): for what is PostgreSQL's."""
    with store_url_for(POSTGRESQL, tmp_path / "store") as url:
        yield url


@pytest.fixture
def sql_store(store_url: str) -> Iterator[SqlStore]:
    """The queue store opened and migrated, on each kind of store (see store_url)."""
    store = open_store(store_url)
    yield store
    store.close()


@pytest.fixture
def sql_service(demo_hall: Hall, clock: ManualClock, sql_store: SqlStore) -> QueueService:
    return QueueService(demo_hall, sql_store, clock)
