"""After-call work and presence, learned per counter from a hand-made trace: a counter
that always takes 30 s between the end of a job and its next call (with a visitor
already waiting) is not free until those 30 s have passed; one that lets visitors wait
for longer than its wrap-ups ever last has left and is not counted."""

from __future__ import annotations

import datetime as dt
import math

from kiosk.core.wait.estimator import QueueModel, Settings
from kiosk.core.wait.model import seconds
from kiosk.core.wait.replay import Replayer
from kiosk.core.wait.trace import TraceRow

T0 = dt.datetime(2026, 1, 5, 9, 0, 0)
SERVICE_S, GAP_S, JOBS = 60, 30, 60


def at(s: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=s)


def history() -> tuple[list[TraceRow], float]:
    """Counter 1 serves bill: each job 60 s, the next visitor already waiting at its
    end and called 30 s later. Returns the rows and when the last job ends."""
    rows = []
    start = 0.0
    for k in range(JOBS):
        issued = max(0.0, start - 50.0)
        rows.append(
            TraceRow(
                f"H{k}", "bill", 0, at(issued), at(start), at(start + SERVICE_S), "1", "served"
            )
        )
        start += SERVICE_S + GAP_S
    return rows, start - GAP_S


def replayer_at(rows: list[TraceRow], moment: float, settings: Settings | None = None) -> Replayer:
    rep = Replayer(settings=settings)
    rep.push(rows)
    list(rep.advance(seconds(at(moment))))
    rep.now = seconds(at(moment))
    return rep


def test_the_wrap_up_gap_is_learned_per_counter() -> None:
    rows, _ = history()
    rep = replayer_at(rows, 10 * JOBS * (SERVICE_S + GAP_S))
    assert math.isclose(rep.learned.wrap_mean("1"), GAP_S)
    assert math.isclose(rep.learned.wrap_limit("1", 0.95), GAP_S)


def test_a_counter_in_its_wrap_up_is_not_free_until_the_gap_has_passed() -> None:
    rows, end = history()
    # X waits from before the last end; it is called when the wrap-up is over.
    rows.append(TraceRow("X", "bill", 0, at(end - 20), at(end + GAP_S), None, "1", "served"))
    rep = replayer_at(rows, end + 10)
    (desk,) = rep.view().desks
    assert desk.busy_service is None
    assert math.isclose(desk.ready, GAP_S - 10)  # 20 s of after-call work left
    base = QueueModel(rep.learned).base(rep.view(), "bill", 0)
    assert base.idle is False  # not counted free
    assert base.ahead == 1 and math.isclose(base.first, GAP_S - 10)
    assert base.wait > GAP_S - 10  # X first, at the end of the wrap-up


def test_with_nobody_waiting_a_counter_is_free_once_its_wrap_up_is_over() -> None:
    rows, end = history()
    during = replayer_at(rows, end + 10)
    (desk,) = during.view().desks
    assert math.isclose(desk.ready, GAP_S - 10)
    assert QueueModel(during.learned).base(during.view(), "bill", 0).idle is False
    after = replayer_at(rows, end + GAP_S + 5)
    (desk,) = after.view().desks
    assert desk.ready == 0.0
    assert QueueModel(after.learned).base(after.view(), "bill", 0).idle is True


def test_a_counter_that_lets_visitors_wait_past_its_wrap_ups_has_left() -> None:
    rows, end = history()
    rows.append(TraceRow("Y", "bill", 0, at(end - 5), None, at(end + 600), "", "abandoned"))
    still = replayer_at(rows, end + GAP_S - 5)
    assert [d.name for d in still.view().desks] == ["1"]
    gone = replayer_at(rows, end + GAP_S + 10)
    assert gone.view().desks == []  # well within the 10-minute idle gap, yet not counted


def test_without_wrap_up_the_old_rule_applies() -> None:
    rows, end = history()
    off = Settings(wrap=0.0)
    (desk,) = replayer_at(rows, end + 10, off).view().desks
    assert desk.ready == 0.0 and desk.wrap == 0.0
