"""The ticket page on the hall server itself: `kiosk run`'s server beside its windows
serves the page behind the QR code of the tickets its kiosk prints; the page is public
(the signed link is its key) while the rest of the API still wants a token; the server
stopping ends the pages' live streams. `kiosk serve` in a process of its own:
tests/remote/test_ticket_page.py."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk import config
from kiosk.app import Role, build_runtime, load_settings
from kiosk.cli.server import bind_beside

WAIT_S = 30.0


def _hall_settings(tmp_path: Path, listen: str = "127.0.0.1:0") -> Any:
    text = config.example_text().replace('listen = "127.0.0.1:8765"', f'listen = "{listen}"')
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, tmp_path / "data")


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """As `kiosk run` puts it together (kiosk.cli.windows.run, kiosk.ui.app.run): the
    server's address bound, the whole hall's runtime built on those settings, the server
    started beside it. (runtime, the server beside)."""
    with _runtime(tmp_path) as (runtime, beside):
        server = beside(runtime)
        try:
            assert server.ready.wait(WAIT_S) and server.url is not None
            yield runtime, server
        finally:
            server()


@contextlib.contextmanager
def _runtime(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    settings, beside = bind_beside(_hall_settings(tmp_path))
    assert beside is not None
    runtime = build_runtime(Role.KIOSK, settings)
    try:
        runtime.start()
        yield runtime, beside
    finally:
        runtime.stop()
        runtime.close()


def test_the_qr_of_a_ticket_the_embedded_hall_prints_opens_its_page(
    hall: tuple[Any, Any],
) -> None:
    runtime, server = hall
    desk = runtime.desk()
    issued, outcome = desk.take("bill")
    assert outcome.printed
    url = desk.job(issued).url  # what the QR code on the paper holds
    assert url.startswith(f"{server.url}/ticket/t/{issued.ticket.uid}?s=")
    page = httpx.get(url, timeout=WAIT_S)  # no token: the link is the key
    assert page.status_code == 200, page.text
    assert issued.ticket.number in page.text
    assert 'data-state="waiting"' in page.text


def test_the_page_is_public_and_the_api_is_not(hall: tuple[Any, Any]) -> None:
    runtime, server = hall
    issued = runtime.service.issue("bill")
    url = runtime.desk().job(issued).url
    with httpx.Client(timeout=WAIT_S) as http:
        assert http.get(url).status_code == 200
        assert http.get(f"{url.split('?')[0]}/state?{url.split('?')[1]}").status_code == 200
        # a tampered link: the page's plain 404, not the API's JSON
        bad = http.get(url[:-1] + ("0" if url[-1] != "0" else "1"))
        assert bad.status_code == 404 and "text/html" in bad.headers["content-type"]
        # the API still wants a token, its link route too
        assert http.get(f"{server.url}/api/v1/status").status_code == 401
        link = http.get(f"{server.url}/api/v1/tickets/{issued.ticket.uid}/link")
        assert link.status_code == 401
        # and the page's routes are not in the API's description
        paths = http.get(f"{server.url}/openapi.json").json()["paths"]
        assert not [p for p in paths if p.startswith("/ticket")]


def test_stopping_the_server_ends_the_open_pages_streams(tmp_path: Path) -> None:
    with _runtime(tmp_path) as (runtime, beside):
        server = beside(runtime)
        try:
            assert server.ready.wait(WAIT_S) and server.url is not None
            url = runtime.desk().job(runtime.service.issue("bill")).url
            base, query = url.split("?")
            opened, ended = threading.Event(), threading.Event()
            failed: list[BaseException] = []

            def follow() -> None:
                try:
                    with httpx.stream("GET", f"{base}/events?{query}", timeout=WAIT_S) as r:
                        assert r.status_code == 200
                        for line in r.iter_lines():
                            if line.startswith("retry:"):  # the stream is open
                                opened.set()
                    ended.set()  # the stream came to its end, cleanly
                except BaseException as exc:
                    failed.append(exc)
                    opened.set()

            reader = threading.Thread(target=follow, daemon=True)
            reader.start()
            assert opened.wait(WAIT_S) and not failed, failed
        finally:
            server()
        reader.join(WAIT_S)
        assert ended.is_set() and not failed, failed
