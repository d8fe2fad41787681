"""Running the hall server on uvicorn: in the foreground (`kiosk serve`) or on a thread
beside `kiosk run`'s windows (:func:`serve_in_thread`).

The listening socket is bound here, before uvicorn starts, so an address in use is a
ConfigError naming ``server.listen`` (exit 3) rather than uvicorn's exit from a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from kiosk.core.errors import ConfigError, KioskError

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0


def bind(host: str, port: int, what: str = "server.listen") -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free one)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"{what} {host}:{port}: unknown host ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"{what} {host}:{port}: cannot listen there: {exc.strerror or exc} "
            "(another server on that port? choose another with --listen or server.listen)"
        ) from None
    sock.set_inheritable(True)
    return sock


def _config(app: Any, tls: ssl.SSLContext | None, **extra: Any) -> Any:
    import uvicorn

    class Config(uvicorn.Config):
        """uvicorn's configuration with an SSL context made here (uvicorn makes its own
        from file names only, in load())."""

        def load(self) -> None:
            super().load()
            if tls is not None:
                self.ssl = tls

    config = Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="websockets-sansio" if _has_sansio() else "websockets",
        ws_ping_interval=None,  # the feed sends its own heartbeat every second
        timeout_graceful_shutdown=2,
        **extra,
    )
    return config


def _has_sansio() -> bool:
    try:
        import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401
    except ImportError:
        return False
    return True


class ServerHandle:
    """A server running on a thread: its ``port``, :meth:`stop`."""

    def __init__(self, server: Any, thread: threading.Thread, sock: socket.socket) -> None:
        self._server = server
        self._thread = thread
        self._sock = sock
        self.host, self.port = sock.getsockname()[:2]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = "https" if self._server.config.ssl else "http"
        return f"{scheme}://{host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(
    app: Any,
    host: str,
    port: int,
    *,
    tls: ssl.SSLContext | None = None,
    what: str = "server.listen",
) -> ServerHandle:
    """Start ``app`` on host:port on a daemon thread; returns once it accepts
    connections. ConfigError when the address is taken."""
    import uvicorn

    sock = bind(host, port, what)
    server = uvicorn.Server(_config(app, tls))
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:
            failed.append(exc)
            log.exception("hall server stopped on an error")

    thread = threading.Thread(target=run, name="hall-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    pause = threading.Event()  # never set: a bounded wait between looks
    while not (server.started or failed or not thread.is_alive()):
        if time.monotonic() > deadline:
            break
        pause.wait(0.005)
    if not server.started:
        server.should_exit = True
        thread.join(5)
        sock.close()
        raise KioskError(f"the hall server did not start on {host}:{port}")
    return ServerHandle(server, thread, sock)


def serve(
    app: Any,
    host: str,
    port: int,
    *,
    tls: ssl.SSLContext | None = None,
    started: Callable[[str], None] | None = None,
) -> None:
    """Run ``app`` in the foreground until SIGINT or SIGTERM; ``started`` is told its URL
    once the socket listens (port 0: the port chosen)."""

    sock = bind(host, port)
    try:
        if started is not None:
            bound_host, bound_port = sock.getsockname()[:2]
            shown = f"[{bound_host}]" if ":" in bound_host else bound_host
            started(f"{'https' if tls else 'http'}://{shown}:{bound_port}")
        _Foreground(_config(app, tls)).run(sockets=[sock])
    finally:
        sock.close()


def _foreground_class() -> Any:
    import uvicorn

    class Foreground(uvicorn.Server):
        """uvicorn's server, stopped by SIGINT or SIGTERM with exit 0 (uvicorn raises the
        signal again after its shutdown, which would end the process by it)."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            def stop(signum: int, frame: Any) -> None:
                if self.should_exit:
                    self.force_exit = True
                self.should_exit = True

            before = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for s, handler in before.items():
                    signal.signal(s, handler)

    return Foreground


def _Foreground(config: Any) -> Any:  # noqa: N802  a class made on first use (uvicorn is heavy)
    return _foreground_class()(config)
