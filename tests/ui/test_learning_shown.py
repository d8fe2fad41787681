"""The windows show the learned waits as soon as the estimator has learned them, not at
the next periodic refresh: learning runs in the background (tests/test_wait_learning.py)
and changes nothing in the store, so the watcher also follows what the estimator learned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import Role, build_runtime, load_settings, open_queue_store
from kiosk.core.clock import ManualClock
from kiosk.core.estimate import LearnedEstimator
from kiosk.core.service import HallStatus, QueueService
from kiosk.ui.app import build_context, make_qapp

from ..test_wait_learning import WAIT_S, GatedHistory, bill, slow_bill_history
from .conftest import close_context


@pytest.fixture
def gated(qtbot: Any, tmp_path: Path, ui_clock: ManualClock) -> Iterator[tuple[Any, GatedHistory]]:
    """A screen process whose estimator learns a slow-bill history held at a gate."""
    make_qapp()
    settings = load_settings(None, tmp_path / "hall-data")
    store = open_queue_store(settings)
    slow_bill_history(settings.hall, store, ui_clock)
    history = GatedHistory(store)
    estimator = LearnedEstimator(settings.hall, history, background=True)
    service = QueueService(settings.hall, store, ui_clock, estimator)
    runtime = build_runtime(
        Role.COUNTER, settings, counter=1, clock=ui_clock, store=store, service=service
    )
    ctx = build_context(runtime)
    yield ctx, history
    history.gate.set()
    close_context(ctx)


def test_the_watcher_publishes_the_learned_waits_when_the_learning_ends(
    gated: tuple[Any, GatedHistory], qtbot: Any
) -> None:
    ctx, history = gated
    ctx.service.open_counter(1)
    ctx.service.issue("bill")
    watcher = ctx.watcher
    with qtbot.waitSignal(watcher.statusChanged, timeout=3000) as first:
        watcher.refresh()  # the tiles' first status: learning starts, held at the gate
    cold: HallStatus = first.args[0]
    assert history.entered.wait(WAIT_S)

    history.gate.set()
    assert ctx.service.estimator.wait_learned(WAIT_S)
    # Nothing changed in the store and the periodic refresh is not due: the learning
    # alone makes the next poll publish a status, with the learned waits.
    with qtbot.waitSignal(watcher.statusChanged, timeout=3000) as second:
        watcher.poll()
    warm: HallStatus = second.args[0]
    assert warm.at == cold.at
    assert bill(warm).high_min > bill(cold).high_min


def test_without_anything_learned_or_changed_a_poll_publishes_nothing(
    gated: tuple[Any, GatedHistory], qtbot: Any
) -> None:
    ctx, history = gated
    watcher = ctx.watcher
    with qtbot.waitSignal(watcher.statusChanged, timeout=3000):
        watcher.refresh()
    assert history.entered.wait(WAIT_S)  # learning, held: nothing published yet
    statuses: list[HallStatus] = []
    watcher.statusChanged.connect(statuses.append)
    watcher.poll()
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=3000)
    assert statuses == []
