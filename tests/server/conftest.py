"""A live hall server for the tests: uvicorn on 127.0.0.1, port 0, in a thread.

``hall_server`` (a :class:`LiveServer`: ``url``, ``runtime``, ``token``...) is the
server a remote window, command or device host talks to; other tests reuse it. Its
store is a real SQLite file in the test's folder and its clock the suite's
($KIOSK_NOW).

``each_store_server`` is the same server once per kind of store, ``[sqlite]`` and
``[postgresql]`` (a fresh database on $KIOSK_TEST_PG_URL; tests/stores.py);
``server_store`` is the store URL to hand to :func:`start_server` for a test that starts
(and restarts) the server itself: None for the SQLite file in the data directory."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Role, ServerRuntime, build_runtime, listening_on, load_settings
from kiosk.core.clock import Clock
from kiosk.server import ServerHandle, build_app, manager_pages, serve_in_thread, ticket_pages
from kiosk.server.run import bind
from kiosk.server.tokens import TokenGate
from tests.stores import SQLITE, hall_config, store_url_for


@dataclasses.dataclass
class LiveServer:
    url: str
    runtime: ServerRuntime
    handle: ServerHandle
    data_dir: Path
    token: str = ""  # an administrator's token (every role may be enrolled too)
    config: Path | None = None  # the hall's file naming its store; None: the demo hall

    @property
    def cli_args(self) -> list[str]:
        """The global options of a `kiosk` command run on this server's PC: its data
        directory and, for a store elsewhere than there, the file naming it."""
        args = ["--data-dir", str(self.data_dir)]
        return [*args, "--config", str(self.config)] if self.config else args

    def enroll(self, role: str, counter: int | None = None) -> str:
        """A token of a new PC of this role."""
        rt = self.runtime
        return rt.access.enroll(role, counter, "", rt.clock.now())[1]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def start_server(
    data_dir: Path,
    *,
    port: int = 0,
    clock: Clock | None = None,
    tls: ssl.SSLContext | None = None,
    store_url: str | None = None,
    **rates: int,
) -> LiveServer:
    """A server on ``data_dir``; its store the SQLite file there, or ``store_url`` (the
    demo hall's file with ``[store] url`` set, written beside the data directory)."""
    config = None
    if store_url is not None:
        config = hall_config(data_dir.parent / f"{data_dir.name}-config", store_url)
    # as `kiosk serve` puts it together: the address bound first (the ticket links name
    # its port), the ticket page mounted
    sock = bind("127.0.0.1", port)
    try:
        loaded = load_settings(config, data_dir)
        settings = listening_on(loaded, "127.0.0.1", sock.getsockname()[1])
        assert store_url is None or settings.store_url == store_url, "not the store asked"
        runtime = build_runtime(Role.SERVER, settings, clock=clock)
    except BaseException:
        sock.close()
        raise
    try:
        runtime.start()
        gate = TokenGate(runtime.access, runtime.clock, **rates)
        app = build_app(
            runtime,
            gate,
            heartbeat_s=0.2,
            pages=ticket_pages(runtime),
            manager=manager_pages(runtime, runtime.access),
        )
        _, token = runtime.access.enroll("admin", None, "the tests", runtime.clock.now())
        handle = serve_in_thread(app, "127.0.0.1", port, tls=tls, sock=sock)
    except BaseException:
        sock.close()
        runtime.stop()
        runtime.close()
        raise
    return LiveServer(handle.url, runtime, handle, data_dir, token, config)


def stop_server(live: LiveServer) -> None:
    live.handle.stop()
    live.runtime.stop()
    live.runtime.close()


@pytest.fixture
def hall_server(tmp_path: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path / "server")
    try:
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def server_store(store_backend: str, tmp_path: Path) -> Iterator[str | None]:
    """The store of a server under test, once per kind of store: None (the SQLite file
    in its data directory, as without a [store] url) or a fresh PostgreSQL database."""
    if store_backend == SQLITE:
        yield None
        return
    with store_url_for(store_backend, tmp_path / "store") as url:
        yield url


@pytest.fixture
def each_store_server(tmp_path: Path, server_store: str | None) -> Iterator[LiveServer]:
    """``hall_server`` once on SQLite and once on PostgreSQL."""
    live = start_server(tmp_path / "server", store_url=server_store)
    try:
        yield live
    finally:
        stop_server(live)
