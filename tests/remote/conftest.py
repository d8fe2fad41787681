"""A hall server in a process of its own (`kiosk serve`), on 127.0.0.1, that a test can
kill with SIGKILL and start again on the same port and data folder.

Its port is one the system gave a socket bound to port 0 just before (then closed), so
a restart can come back at the same address, as a real server does."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

START_S = 60.0  # a loaded 2-core machine: generous


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def kiosk_argv(*argv: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *argv]


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Look until ``check`` holds, at most ``timeout`` seconds (a bounded wait between
    looks, not a sleep standing in for a condition)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        pause.wait(0.05)


class ServerProcess:
    """`kiosk --data-dir DIR serve --listen 127.0.0.1:PORT` in a subprocess."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / f"server-{self.port}.log"
        self.admin = ""  # an administrator's token

    def enroll(self, role: str, counter: int | None = None) -> str:
        """`kiosk server enroll ROLE [N] --json` on the server PC: a new PC's token."""
        argv = ["--data-dir", str(self.data_dir), "server", "enroll", role]
        argv += [str(counter)] if counter is not None else []
        done = subprocess.run(kiosk_argv(*argv, "--json"), capture_output=True, text=True,
                              timeout=START_S, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return str(json.loads(done.stdout)["token"])

    def start(self) -> ServerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            kiosk_argv("--data-dir", str(self.data_dir), "serve", "--listen",
                       f"127.0.0.1:{self.port}"),
            stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ),
        )  # fmt: skip
        out.close()
        wait_for(self.healthy, START_S, f"the hall server on {self.url} ({self.log})")
        return self

    def healthy(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"the hall server exited: {self.log.read_text()}")
        try:
            return httpx.get(self.url + "/health", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def kill(self) -> None:
        """SIGKILL: no goodbye to its clients, nothing flushed but what it committed."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)


@pytest.fixture
def server_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProcess]:
    """The hall server, and an administrator's token in $KIOSK_TOKEN (``admin``): what
    the PCs the test builds in its own process use."""
    server = ServerProcess(tmp_path / "server-pc")
    server.admin = server.enroll("admin")
    monkeypatch.setenv("KIOSK_TOKEN", server.admin)
    server.start()
    try:
        yield server
    finally:
        server.stop()
