"""A live hall server for the tests: uvicorn on 127.0.0.1, port 0, in a thread.

``hall_server`` (a :class:`LiveServer`: ``url``, ``runtime``, ``token``...) is the
server a remote window, command or device host talks to; other tests reuse it. Its
store is a real SQLite file in the test's folder and its clock the suite's
($KIOSK_NOW)."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Role, ServerRuntime, build_runtime, load_settings
from kiosk.core.clock import Clock
from kiosk.server import ServerHandle, build_app, serve_in_thread
from kiosk.server.tokens import TokenGate


@dataclasses.dataclass
class LiveServer:
    url: str
    runtime: ServerRuntime
    handle: ServerHandle
    data_dir: Path
    token: str = ""  # an administrator's token (every role may be enrolled too)

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
    **rates: int,
) -> LiveServer:
    settings = load_settings(None, data_dir)
    runtime = build_runtime(Role.SERVER, settings, clock=clock)
    try:
        runtime.start()
        gate = TokenGate(runtime.access, runtime.clock, **rates)
        app = build_app(runtime, gate, heartbeat_s=0.2)
        _, token = runtime.access.enroll("admin", None, "the tests", runtime.clock.now())
        handle = serve_in_thread(app, "127.0.0.1", port, tls=tls)
    except BaseException:
        runtime.stop()
        runtime.close()
        raise
    return LiveServer(handle.url, runtime, handle, data_dir, token)


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
