"""A hall server for the ticket page: a real SQLite store in tmp_path, the queue service,
the ticket page's routes mounted at /ticket, uvicorn on 127.0.0.1 on an ephemeral port in
a thread. Counters act through the same service, as the hall server's would."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette

from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.core.ticketlink import ticket_url
from kiosk.server.phone import PhonePages, PhoneSettings
from kiosk.store.schema import open_store

SECRET = "phone-test-secret-0123456789"


@dataclasses.dataclass
class PhoneServer:
    base: str  # http://127.0.0.1:PORT
    service: QueueService
    pages: PhonePages
    clock: ManualClock

    def url(self, uid: str, secret: str = SECRET) -> str:
        """The ticket's link, as its QR code holds it."""
        return ticket_url(f"{self.base}/ticket", secret, uid)


def serve(app: Any) -> tuple[str, Any]:
    """uvicorn on an ephemeral port of the loopback in a thread: (base URL, stop)."""
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()
        assert not thread.is_alive(), "the server did not stop"

    return f"http://127.0.0.1:{port}", stop


def phone_app(pages: PhonePages) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await pages.aclose()

    return Starlette(routes=[pages.mount()], lifespan=lifespan)


@pytest.fixture
def make_phone_server(
    tmp_path: Path, demo_hall: Hall, clock: ManualClock
) -> Iterator[Callable[..., PhoneServer]]:
    """Start one hall server with the ticket page (PhoneSettings' keyword arguments;
    ``monotonic``: the rate limit's clock); stopped at the end of the test."""
    stops: list[Callable[[], None]] = []

    def make(monotonic: Callable[[], float] = time.monotonic, **overrides: Any) -> PhoneServer:
        store = open_store(f"sqlite:///{tmp_path / 'kiosk.db'}")
        service = QueueService(demo_hall, store, clock)
        settings = PhoneSettings(
            "http://127.0.0.1:8765/ticket", SECRET, "人民路营业厅", "Renmin Road hall", "zh"
        )
        pages = PhonePages(
            service, service.feed, dataclasses.replace(settings, **overrides), clock, monotonic
        )
        base, stop = serve(phone_app(pages))

        def close() -> None:
            stop()
            service.close()
            store.close()

        stops.append(close)
        return PhoneServer(base, service, pages, clock)

    yield make
    for close in reversed(stops):
        close()


@pytest.fixture
def phone_server(make_phone_server: Callable[..., PhoneServer]) -> PhoneServer:
    return make_phone_server()
