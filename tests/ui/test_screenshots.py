"""`kiosk screenshots DIR` renders every window in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from kiosk.app import load_settings
from kiosk.ui.screenshots import render_all

KIOSK_PAGES = ("home", "guide", "confirmation", "printer-failure", "busy-hours")


def test_every_window_in_both_languages_and_orientations(qtbot: Any, tmp_path: Path) -> None:
    settings = load_settings(None, tmp_path / "hall-data")
    written = render_all(settings, tmp_path / "shots")
    names = {p.name for p in written}
    for lang in ("zh", "en"):
        for page in KIOSK_PAGES:
            for orientation in ("portrait", "landscape"):
                assert f"kiosk-{page}-{orientation}-{lang}.png" in names
        for other in ("counter", "display", "tech-pin", "tech-devices", "devices"):
            assert f"{other}-{lang}.png" in names
    for width, dots in ((80, 576), (58, 384)):
        ticket = QImage(str(tmp_path / "shots" / f"ticket-{width}mm.png"))
        assert ticket.width() == dots + 32  # the paper of that roll, and its margins
    home = QImage(str(tmp_path / "shots" / "kiosk-home-portrait-zh.png"))
    assert (home.width(), home.height()) == (1080, 1920)
    display = QImage(str(tmp_path / "shots" / "display-en.png"))
    assert (display.width(), display.height()) == (1920, 1080)
    # The two languages draw different text: the Chinese is really there.
    zh = (tmp_path / "shots" / "kiosk-home-portrait-zh.png").read_bytes()
    en = (tmp_path / "shots" / "kiosk-home-portrait-en.png").read_bytes()
    assert zh != en
    # The hall's own store is never touched.
    assert not (tmp_path / "hall-data" / "kiosk.db").exists()
