"""Item 1 of issue 12: the ticket's link is the hall server's own, in the QR code and in
`kiosk queue issue --json` alike, signed with the hall's own 0600 secret."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp

from kiosk import config
from kiosk.app import SECRET_FILE, load_settings
from kiosk.app.settings import default_ticket_url, lan_address, listening_on
from kiosk.core.errors import ConfigError
from kiosk.core.ticketlink import verify
from kiosk.devices.escpos.paper import render_paper

from ..cli_run import ok_json, run


def _hall(tmp_path: Path, printer: str, ticket_url: str | None = None) -> str:
    text = config.example_text().replace('url = "sim"', f'url = "{printer}"', 1)
    if ticket_url is not None:
        text, n = re.subn(r'(?m)^# ticket_url = "[^"]*"', f'ticket_url = "{ticket_url}"', text)
        assert n == 1
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_issue_json_url_is_the_qr_on_the_printed_ticket_and_points_at_the_hall_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed bytes go to a file; the paper they draw is read by a real QR decoder
    (zxing-cpp, the suite's decoder): it holds exactly `url`, which is the hall server's
    own address (no hall.example.cn) and verifies with the hall's generated secret."""
    paper = tmp_path / "ticket.bin"
    hall = _hall(tmp_path, f"file://{paper}")
    issued = ok_json(capsys, "--config", hall, "queue", "issue", "bill")
    url = issued["url"]
    assert issued["printed"] is True
    (code,) = zxingcpp.read_barcodes(render_paper(paper.read_bytes(), 80))
    assert code.text == url

    parts = urlsplit(url)
    assert parts.scheme == "http" and "example" not in url
    # [server] listen's default, this PC only: the link opens on this PC (a phone needs
    # the server on the hall's network: test_the_default_base_is_the_servers_own_address)
    assert f"{parts.hostname}:{parts.port}" == "127.0.0.1:8765"
    assert parts.path == f"/ticket/t/{issued['uid']}"
    settings = load_settings(Path(hall), None)
    assert verify(settings.config.kiosk.secret, issued["uid"], parse_qs(parts.query)["s"][0])


def test_issue_json_url_without_printing_uses_the_configured_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hall = _hall(tmp_path, "sim", "https://queue.hall.gov.cn/renmin/")
    issued = ok_json(capsys, "--config", hall, "queue", "issue", "bill", "--no-print")
    assert issued["url"].startswith(f"https://queue.hall.gov.cn/renmin/t/{issued['uid']}?s=")


def test_the_secret_is_the_halls_own_in_a_0600_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = load_settings(None, data).config.kiosk.secret
    mode = stat.S_IMODE(os.stat(data / SECRET_FILE).st_mode)
    assert mode == 0o600
    assert first != config.DEMO_SECRET and len(first) >= 32
    assert load_settings(None, data).config.kiosk.secret == first  # kept
    assert load_settings(None, tmp_path / "other").config.kiosk.secret != first  # per hall


@pytest.mark.parametrize(
    ("listen", "expected"),
    [
        ("127.0.0.1:8765", "http://127.0.0.1:8765/ticket"),
        ("localhost:8765", "http://localhost:8765/ticket"),
        ("[::1]:8765", "http://[::1]:8765/ticket"),
        ("0.0.0.0:9000", "http://10.1.2.3:9000/ticket"),
        ("[::]:8765", "http://10.1.2.3:8765/ticket"),
        ("192.168.7.5:8080", "http://192.168.7.5:8080/ticket"),
        ("hall-server.lan:8765", "http://hall-server.lan:8765/ticket"),
        ("[fd00::5]:8765", "http://[fd00::5]:8765/ticket"),
    ],
)
def test_the_default_base_is_the_servers_own_address(listen: str, expected: str) -> None:
    assert default_ticket_url(listen, lambda: "10.1.2.3") == expected


def test_a_server_bound_elsewhere_gives_links_to_where_it_listens(tmp_path: Path) -> None:
    """`kiosk serve --listen`, or port 0 in [server] listen: the derived base names the
    address really bound; a configured kiosk.ticket_url is the hall's and stays."""
    settings = load_settings(None, tmp_path / "data")
    moved = listening_on(settings, "127.0.0.1", 40123)
    assert moved.config.kiosk.ticket_url == "http://127.0.0.1:40123/ticket"
    assert listening_on(settings, "0.0.0.0", 9000).config.kiosk.ticket_url == (
        f"http://{lan_address()}:9000/ticket"
    )
    own = Path(_hall(tmp_path, "sim", "https://queue.hall.gov.cn/ticket"))
    mine = load_settings(own, tmp_path / "data")
    assert listening_on(mine, "127.0.0.1", 40123) is mine


def test_a_bad_listen_address_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"server\.listen"):
        default_ticket_url("8765", lambda: "10.1.2.3")


@pytest.mark.parametrize(
    "bad", ["hall.example.cn/ticket", "ftp://hall/ticket", "http:///ticket", "http://h/t?x=1"]
)
def test_a_ticket_url_a_phone_cannot_open_is_refused_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    hall = _hall(tmp_path, "sim", bad)
    code, out, err = run(capsys, "--config", hall, "queue", "status")
    assert (code, out) == (ConfigError.exit_code, "")
    assert "kiosk.ticket_url" in err
