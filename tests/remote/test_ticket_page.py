"""`kiosk serve` serves the visitor's ticket page: the link `kiosk queue issue --json
--server URL` gives (what the QR code of a ticket printed on another PC holds) is signed
by the server and opens there, with no token; a display's token may not ask for links."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx

from .conftest import ServerProcess, kiosk_argv

WAIT_S = 60.0


def _issue(
    client_dir: Path, server: ServerProcess, *more: str, config: Path | None = None
) -> dict[str, object]:
    own = ("--config", str(config)) if config is not None else ()
    done = subprocess.run(
        kiosk_argv(*own, "--data-dir", str(client_dir), "queue", "issue", "bill", "--json",
                   "--server", server.url, *more),
        capture_output=True, text=True, timeout=WAIT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    issued: dict[str, object] = json.loads(done.stdout)
    return issued


def test_the_url_of_a_ticket_issued_on_another_pc_opens_on_the_server(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    issued = _issue(tmp_path / "kiosk-pc", server_process)  # printed on its "sim" printer
    url = str(issued["url"])
    assert url.startswith(f"{server_process.url}/ticket/t/{issued['uid']}?s=")
    page = httpx.get(url, timeout=WAIT_S)  # a phone: no token
    assert page.status_code == 200, page.text
    assert str(issued["number"]) in page.text
    # the same without printing
    quiet = _issue(tmp_path / "kiosk-pc", server_process, "--no-print")
    assert httpx.get(str(quiet["url"]), timeout=WAIT_S).status_code == 200
    # the rest of the server still wants a token
    assert httpx.get(f"{server_process.url}/api/v1/status", timeout=WAIT_S).status_code == 401


def test_a_display_may_not_ask_for_a_tickets_link(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    issued = _issue(tmp_path / "kiosk-pc", server_process, "--no-print")
    route = f"{server_process.url}/api/v1/tickets/{issued['uid']}/link"
    for role, counter, status in (("display", None, 403), ("counter", 1, 200)):
        token = server_process.enroll(role, counter)
        answer = httpx.get(route, headers={"Authorization": f"Bearer {token}"}, timeout=WAIT_S)
        assert answer.status_code == status, answer.text
    assert answer.json() == {"url": issued["url"]}


def test_the_qr_printed_on_another_pc_holds_the_servers_link(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    """The kiosk PC's printer (a file here) prints the link the server signed: the QR on
    its paper, read by a real decoder, is `url`, and opens on the server."""
    import zxingcpp

    from kiosk import config
    from kiosk.devices.escpos.paper import render_paper

    paper = tmp_path / "ticket.bin"
    hall = tmp_path / "kiosk-pc.toml"
    text = config.example_text().replace('url = "sim"', f'url = "file://{paper}"', 1)
    hall.write_text(text, encoding="utf-8")
    issued = _issue(tmp_path / "kiosk-pc", server_process, config=hall)
    assert issued["printed"] is True
    (code,) = zxingcpp.read_barcodes(render_paper(paper.read_bytes(), 80))
    assert code.text == issued["url"]
    assert httpx.get(code.text, timeout=WAIT_S).status_code == 200
