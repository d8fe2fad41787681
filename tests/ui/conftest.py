"""Fixtures for the windows: a real store in a temporary folder, a manual clock,
the simulated devices, and the shared UI parts of one screen process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import Role, load_settings
from kiosk.core.clock import ManualClock
from kiosk.ui.app import make_qapp, open_context

from ..conftest import MORNING


@pytest.fixture(scope="session")
def qapp_cls() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def ui_clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def ui_ctx(qtbot: Any, tmp_path: Path, ui_clock: ManualClock) -> Iterator[Any]:
    """The UiContext of one screen process on a fresh demo-hall store: a counter
    process's parts (no devices, calls announced to the log, where the tests read them)."""
    make_qapp()
    settings = load_settings(None, tmp_path / "hall-data")
    ctx = open_context(settings, Role.COUNTER, counter=1, clock=ui_clock)
    ctx.languages.set("zh")
    yield ctx
    close_context(ctx)


def close_context(ctx: Any) -> None:
    """Stop what a UiContext started and close its store, as a process would at exit."""
    ctx.watcher.stop()
    ctx.ops.stop()
    ctx.devices.stop()
    ctx.runtime.close()  # the estimator's learning thread, then its store
    ctx.languages.set("en")
    import logging

    logging.getLogger("kiosk").removeHandler(ctx.logs)
    for handler in list(logging.getLogger("kiosk").handlers):
        if handler.__class__.__name__ == "RotatingFileHandler":
            logging.getLogger("kiosk").removeHandler(handler)
            handler.close()
