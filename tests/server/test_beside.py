"""`kiosk run` starts the hall server beside its windows ([server] listen); an address
in use is a warning naming server.listen and the hall runs without it."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import httpx
import pytest

from kiosk.app import Role, build_runtime, load_settings
from kiosk.cli.server import Beside

WAIT_S = 30.0


def settings_listening(tmp_path: Path, listen: str) -> object:
    path = tmp_path / "hall.toml"
    from kiosk import config

    text = config.example_text().replace('listen = "127.0.0.1:8765"', f'listen = "{listen}"')
    path.write_text(text, encoding="utf-8")
    return load_settings(path, tmp_path / "data")


def test_the_server_beside_the_hall_answers(tmp_path: Path) -> None:
    settings = settings_listening(tmp_path, "127.0.0.1:0")
    with build_runtime(Role.SERVER, settings) as runtime:  # type: ignore[call-overload]
        beside = Beside(runtime)
        try:
            assert beside.ready.wait(WAIT_S) and beside.url is not None
            health = httpx.get(beside.url + "/health", timeout=WAIT_S)
            assert health.json()["status"] == "ok"
            # the manager view too, asking to sign in (tests/manager)
            manager = httpx.get(beside.url + "/manager", timeout=WAIT_S)
            assert manager.status_code == 303
            assert manager.headers["location"].startswith("/manager/signin")
        finally:
            beside()


def test_an_address_in_use_is_a_warning_and_no_server(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        settings = settings_listening(tmp_path, f"127.0.0.1:{port}")
        with build_runtime(Role.SERVER, settings) as runtime:  # type: ignore[call-overload]
            caplog.set_level(logging.WARNING, "kiosk")
            beside = Beside(runtime)
            assert beside.ready.wait(WAIT_S) and beside.url is None
            beside()
    [warning] = [r.getMessage() for r in caplog.records if "not started" in r.getMessage()]
    assert f"server.listen 127.0.0.1:{port}: cannot listen there" in warning
