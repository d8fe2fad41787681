"""The shipped demo PIN and signing secret do not apply to a hall: its ticket links are
signed with a secret generated for it at first start (DATA_DIR/ticket-secret, 0600), and
its technician PIN is its own (kiosk.app.load_settings)."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config
from kiosk.app import SECRET_FILE, load_settings, require_secret
from kiosk.core.errors import StoreCorrupt
from kiosk.core.ticketlink import ticket_url, verify


def hall_file(tmp_path: Path, **replace: str) -> Path:
    text = config.example_text()
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_first_start_generates_the_halls_secret_in_a_private_file(tmp_path: Path) -> None:
    data = tmp_path / "hall-data"
    secret = load_settings(None, data).config.kiosk.secret
    path = data / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="ascii").strip() == secret
    assert len(secret) >= 40 and secret != config.DEMO_SECRET
    assert load_settings(None, data).config.kiosk.secret == secret, "kept across starts"
    other = load_settings(None, tmp_path / "other-hall").config.kiosk.secret
    assert other != secret, "each hall its own"
    assert sorted(p.name for p in data.iterdir()) == [SECRET_FILE], "no temporary file left"


def test_a_hall_file_with_the_shipped_secret_gets_its_own_instead(tmp_path: Path) -> None:
    path = hall_file(tmp_path, **{'# secret = "..."': f'secret = "{config.DEMO_SECRET}"\n#'})
    assert config.load(path).kiosk.secret == config.DEMO_SECRET  # what the file says...
    settings = load_settings(path, tmp_path / "hall-data")
    secret = settings.config.kiosk.secret  # ...is not what signs its links
    assert secret == (tmp_path / "hall-data" / SECRET_FILE).read_text("ascii").strip()
    url = ticket_url(settings.config.kiosk.ticket_url, secret, "0f8e2d7c")
    sig = url.rsplit("=", 1)[1]
    assert verify(secret, "0f8e2d7c", sig)
    assert not verify(config.DEMO_SECRET, "0f8e2d7c", sig), "the public secret forges nothing"


def test_a_hall_that_sets_its_secret_uses_it_and_no_file_is_made(tmp_path: Path) -> None:
    path = hall_file(tmp_path, **{'# secret = "..."': 'secret = "hall-own-secret-4711"\n#'})
    settings = load_settings(path, tmp_path / "hall-data")
    assert settings.config.kiosk.secret == "hall-own-secret-4711"
    assert not (tmp_path / "hall-data" / SECRET_FILE).exists()


def test_the_demo_pin_applies_to_the_embedded_demo_hall_only(tmp_path: Path) -> None:
    assert load_settings(None, tmp_path / "d").config.tech.pin_hash == config.DEMO_PIN_HASH
    copied = hall_file(tmp_path)  # `kiosk config example > hall.toml`
    assert load_settings(copied, tmp_path / "d").config.tech.pin_hash == "", "none: choose one"
    own = "pbkdf2_sha256$1000$hall$" + "ab" * 32
    path = hall_file(tmp_path, **{config.DEMO_PIN_HASH: own})
    assert load_settings(path, tmp_path / "d").config.tech.pin_hash == own


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    data = tmp_path / "hall-data"
    code = (
        "import sys; from pathlib import Path; from kiosk.app import load_settings; "
        "print(load_settings(None, Path(sys.argv[1])).config.kiosk.secret)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(data)], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    secrets = set()
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        secrets.add(out.strip())
    assert secrets == {(data / SECRET_FILE).read_text("ascii").strip()}


def test_a_damaged_secret_stops_what_signs_links_not_what_reads(tmp_path: Path) -> None:
    data = tmp_path / "hall-data"
    data.mkdir()
    (data / SECRET_FILE).write_text("", encoding="ascii")
    settings = load_settings(None, data)  # the queue can still be read
    assert settings.config.kiosk.secret == ""
    with pytest.raises(StoreCorrupt, match=f"{data / SECRET_FILE}: the ticket-link secret is"):
        require_secret(settings)
    with pytest.raises(ValueError, match="secret"):
        ticket_url("https://hall.example.cn/ticket", "", "0f8e2d7c")
