"""TLS: `kiosk server cert` makes a self-signed certificate; clients given https:// pin
its fingerprint and refuse any other certificate."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.core.wire import ServerUnreachable
from kiosk.remote.client import HallClient
from kiosk.remote.feed import RemoteFeed
from kiosk.remote.tls import pinned_context
from kiosk.server.tls import make_certificate, server_context
from tests.conftest import MORNING
from tests.server.conftest import start_server, stop_server

WAIT_S = 30.0


def test_a_pinned_certificate_is_trusted_and_another_refused(tmp_path: Path) -> None:
    data = tmp_path / "server"
    fingerprint = make_certificate(data, MORNING, ["127.0.0.1"])
    other = make_certificate(tmp_path / "elsewhere", MORNING, ["127.0.0.1"])
    assert (data / "server-key.pem").stat().st_mode & 0o777 == 0o600
    live = start_server(data, tls=server_context(data))
    try:
        assert live.url.startswith("https://")
        context = pinned_context(fingerprint.upper(), live.url)  # any case, colons or not
        with HallClient(live.url, live.token, verify=context) as hall:
            assert hall.issue("bill").ticket.number == "A001"
            online = threading.Event()
            feed = RemoteFeed(hall, lambda up: online.set() if up else None)
            feed.start()
            try:
                assert online.wait(WAIT_S), "the feed over wss:// with the pinned certificate"
            finally:
                feed.stop()
        with pytest.raises(ServerUnreachable, match="not the pinned one"):
            pinned_context(other, live.url)
        unpinned = HallClient(live.url, live.token, retries=0)  # the system's CAs
        with unpinned, pytest.raises(ServerUnreachable, match="certificate"):
            unpinned.status()
    finally:
        stop_server(live)
