"""The shared parts of a screen process: runner, watcher, languages."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import kiosk
from kiosk.core.errors import NotFound
from kiosk.core.service import HallStatus
from kiosk.ui.i18n import Languages, TranslationMissing, i18n_dir


def test_runner_runs_off_the_ui_thread_in_order_and_reports_back(ui_ctx: Any, qtbot: Any) -> None:
    seen: list[tuple[str, bool]] = []
    main = threading.get_ident()
    for name in ("a", "b", "c"):
        ui_ctx.ops.submit(lambda n=name: (n, threading.get_ident() != main), seen.append)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [("a", True), ("b", True), ("c", True)]


def test_runner_reports_failures_to_the_caller(ui_ctx: Any, qtbot: Any) -> None:
    errors: list[BaseException] = []
    ui_ctx.ops.submit(lambda: ui_ctx.service.issue("nope"), failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], NotFound)


def test_watcher_publishes_the_status_after_a_change(ui_ctx: Any, qtbot: Any) -> None:
    ui_ctx.watcher.start()
    with qtbot.waitSignal(ui_ctx.watcher.statusChanged, timeout=2000):
        pass
    with qtbot.waitSignal(ui_ctx.watcher.statusChanged, timeout=2000) as blocker:
        ui_ctx.ops.submit(lambda: ui_ctx.service.issue("bill"))
    status: HallStatus = blocker.args[0]
    assert {s.service.code: s.waiting for s in status.services}["bill"] == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_translations_are_compiled_and_load(ui_ctx: Any, lang: str) -> None:
    assert ui_ctx.languages.has(lang)


def test_a_missing_catalogue_is_an_error_not_a_log_line(qapp: Any, tmp_path: Path) -> None:
    """Before, Languages logged a warning and the windows stayed in English."""
    shutil.copyfile(i18n_dir() / "kiosk_en.qm", tmp_path / "kiosk_en.qm")
    with pytest.raises(TranslationMissing, match=r"kiosk_zh_CN\.qm"):
        Languages(tmp_path)


def test_the_catalogues_come_from_the_package() -> None:
    assert i18n_dir() == Path(kiosk.__file__).parent / "assets" / "i18n"


def test_every_window_string_has_its_chinese_translation() -> None:
    """A new tr() string with no Chinese would show English on a Chinese screen:
    tools/update-translations.sh extracts it, this names what is left to translate."""
    import xml.etree.ElementTree as ET

    ts = Path(__file__).resolve().parents[2] / "kiosk" / "assets" / "i18n" / "kiosk_zh_CN.ts"
    missing = [
        f"{context.findtext('name')}: {message.findtext('source')!r}"
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
        if (tr := message.find("translation")) is None
        or tr.get("type") in ("unfinished", "obsolete", "vanished")
        or not all(
            (form.text or "").strip()
            for form in (tr.findall("numerusform") if message.get("numerus") else [tr])
        )
    ]
    assert missing == []
