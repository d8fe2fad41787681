"""A hall server (as `kiosk serve` builds it) on the hand-written days of
tests/report/conftest.py: the manager view is read at 10:20 on the second day, and
`kiosk report` run on the same data directory gives the answers to compare with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.app import STORE_FILE
from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store.schema import open_store
from tests.report.conftest import DAY1, REPORT_AT, FixedQuote, at, write_days
from tests.server.conftest import (  # noqa: F401 (server_store: once per kind of store)
    LiveServer,
    server_store,
    start_server,
    stop_server,
)


@pytest.fixture
def days_dir(tmp_path: Path, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory holding the hand-written days; `kiosk` commands read it at 10:20
    on the second day."""
    folder = tmp_path / "data"
    folder.mkdir()
    store = open_store(f"sqlite:///{folder / STORE_FILE}")
    try:
        clock = ManualClock(at(DAY1, 9, 0))
        write_days(QueueService(demo_hall, store, clock, FixedQuote()), clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", REPORT_AT.isoformat())
    return folder


@pytest.fixture
def manager_server(days_dir: Path) -> Iterator[LiveServer]:
    live = start_server(days_dir, clock=ManualClock(REPORT_AT))
    try:
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def each_store_manager_server(
    tmp_path: Path,
    demo_hall: Hall,
    server_store: str | None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[LiveServer]:
    """The hand-written days on a hall server once on SQLite (the data directory's file)
    and once on PostgreSQL (a fresh database named by the hall's [store] url)."""
    folder = tmp_path / "pgdata"
    folder.mkdir()
    store = open_store(server_store or f"sqlite:///{folder / STORE_FILE}")
    try:
        clock = ManualClock(at(DAY1, 9, 0))
        write_days(QueueService(demo_hall, store, clock, FixedQuote()), clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", REPORT_AT.isoformat())
    live = start_server(folder, clock=ManualClock(REPORT_AT), store_url=server_store)
    try:
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def manager_token(manager_server: LiveServer) -> str:
    return manager_server.enroll("manager")


def sign_in(client: httpx.Client, token: str, lang: str = "en") -> httpx.Response:
    return client.post("/manager/signin", data={"token": token, "lang": lang})


@pytest.fixture
def signed_in(manager_server: LiveServer, manager_token: str) -> Iterator[httpx.Client]:
    """An HTTP client whose manager has signed in (its session cookie kept)."""
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        answer = sign_in(client, manager_token)
        assert answer.status_code == 303, answer.text
        yield client
