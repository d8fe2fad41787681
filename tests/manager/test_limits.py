"""Sign-in attempts are limited per address, and sessions end: on a fake monotonic clock,
through the routes on a real server."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette

from kiosk.core.errors import StoreLocked
from kiosk.server.manager import ManagerPages, ManagerSettings
from kiosk.server.manager.source import HallSource
from tests.phone.conftest import serve
from tests.server.conftest import LiveServer


class Ticking:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextlib.contextmanager
def pages_on(live: LiveServer, clock: Ticking, **settings: float) -> Iterator[str]:
    rt = live.runtime
    pages = ManagerPages(
        HallSource(rt, rt.access),
        ManagerSettings("厅", "Hall", **settings),
        clock,  # type: ignore[arg-type]
    )
    base, stop = serve(Starlette(routes=pages.routes))
    try:
        yield base
    finally:
        stop()


def test_sign_in_attempts_are_limited_per_address(
    manager_server: LiveServer, manager_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Ticking()
    with pages_on(manager_server, clock) as base, httpx.Client(base_url=base, timeout=60) as c:
        for _ in range(5):  # the burst
            assert c.post("/manager/signin", data={"token": "guess"}).status_code == 401
        with caplog.at_level(logging.WARNING, "kiosk.server.manager.app"):
            busy = c.post("/manager/signin", data={"token": manager_token})
        assert busy.status_code == 429 and busy.headers["retry-after"] == "6"  # 10 a minute
        assert any("429 over the rate limit" in r.getMessage() for r in caplog.records)
        clock.now += 6
        assert c.post("/manager/signin", data={"token": manager_token}).status_code == 303


def test_a_session_ends_after_its_life(manager_server: LiveServer, manager_token: str) -> None:
    clock = Ticking()
    with (
        pages_on(manager_server, clock, session_s=3600) as base,
        httpx.Client(base_url=base, timeout=60) as c,
    ):
        assert c.post("/manager/signin", data={"token": manager_token}).status_code == 303
        assert c.get("/manager").status_code == 200
        clock.now += 3599
        assert c.get("/manager").status_code == 200
        clock.now += 1
        assert c.get("/manager").status_code == 303


class Unreadable(HallSource):
    """The PCs' records cannot be read (the store is locked) once ``locked`` is set."""

    locked = False

    def allowed(self, pc: int) -> bool:
        if self.locked:
            raise StoreLocked("the store is locked by another writer")
        return super().allowed(pc)


def test_a_store_that_cannot_be_read_is_503_not_a_bug(
    manager_server: LiveServer, manager_token: str
) -> None:
    rt = manager_server.runtime
    source = Unreadable(rt, rt.access)
    pages = ManagerPages(source, ManagerSettings("厅", "Hall"))  # type: ignore[arg-type]
    base, stop = serve(Starlette(routes=pages.routes))
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            assert c.post("/manager/signin", data={"token": manager_token}).status_code == 303
            source.locked = True
            answer = c.get("/manager")
            assert (answer.status_code, answer.headers["retry-after"]) == (503, "10")
            source.locked = False
            assert c.get("/manager").status_code == 200
    finally:
        stop()
