"""Counters that are free but do not call (issue 14, the simulated halls' settings):

- ``Settings.absent``: a counter the replay has not seen for its idle gap is taken as
  free while no visitor it serves has waited past its wrap-up since its last job (nor
  since the business day began), where before it was left out;
- ``Settings.prompt``: each counter's promptness, the share of visitors issued while it
  was free that it called at once, learned from the replay; the calibration sees the
  chance that one of the free counters calls a new visitor at once.

Both are off for the bank log (``benchmarks.anonbank.SETTINGS``): its estimator stays
as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from benchmarks import anonbank
from kiosk.core.wait.estimator import Base, Calibrator, QueueModel, Settings
from kiosk.core.wait.model import Desk, HallView, Learned, seconds
from kiosk.core.wait.replay import Replayer
from kiosk.core.wait.trace import TraceRow

# the wrap-up tests' counter: 60 s jobs, 30 s wrap-ups, the next visitor already waiting
from .test_wait_wrapup import GAP_S, T0, at, history, replayer_at


def names(rep: Replayer) -> list[str]:
    return [d.name for d in rep.view().desks]


def test_the_bank_keeps_both_off() -> None:
    assert anonbank.SETTINGS.absent == 0.0 and anonbank.SETTINGS.prompt == 0.0
    assert Settings().absent > 0.0 and Settings().prompt > 0.0


def test_an_unseen_counter_nobody_waited_for_is_taken_as_free() -> None:
    rows, end = history()
    later = end + 900.0  # 15 minutes without a job: past the 10-minute idle gap
    rep = replayer_at(rows, later)
    (desk,) = rep.view().desks
    assert desk.name == "1" and desk.working and desk.busy_service is None
    assert desk.ready == 0.0 and math.isclose(desk.wrap, GAP_S)
    base = QueueModel(rep.learned).base(rep.view(), "bill", 0)
    assert base.idle is True and base.wait == 0.0
    # as before with it off: left out, nobody serves bill (a counter assumed to open)
    off = replayer_at(rows, later, Settings(absent=0.0))
    assert names(off) == []
    assert QueueModel(off.learned, off.estimator.settings).base(off.view(), "bill", 0).idle is False


def test_an_unseen_counter_that_let_a_visitor_wait_is_not_free() -> None:
    rows, end = history()
    # Y, issued 100 s after counter 1's last job, waits 300 s and is called by counter 2:
    # counter 1 was not free (it would have called Y after its 30 s of wrap-up).
    rows.append(
        TraceRow("Y", "bill", 0, at(end + 100), at(end + 400), at(end + 460), "2", "served")
    )
    rep = replayer_at(rows, end + 900.0)
    assert "1" not in names(rep)
    assert names(rep) == ["2"]  # seen 440 s ago: present, free
    # a visitor called 4 s after its issue (within the 5 s grace) says nothing
    rows[-1] = TraceRow("Y", "bill", 0, at(end + 100), at(end + 104), at(end + 160), "2", "served")
    assert sorted(names(replayer_at(rows, end + 900.0))) == ["1", "2"]


def test_a_counter_that_let_a_visitor_wait_opens_free_the_next_day() -> None:
    rows, end = history()
    rows.append(
        TraceRow("Y", "bill", 0, at(end + 100), at(end + 400), at(end + 460), "2", "served")
    )
    next_morning = seconds(dt.datetime(2026, 1, 6, 9, 0, 0)) - seconds(T0)
    rep = replayer_at(rows, next_morning)
    assert sorted(names(rep)) == ["1", "2"]


def test_an_unseen_counter_is_not_free_while_a_visitor_it_serves_waits() -> None:
    rows, end = history()
    # Z waits from end + 800 (called later, after the view): 100 s at end + 900
    rows.append(
        TraceRow("Z", "bill", 0, at(end + 800), at(end + 2000), at(end + 2060), "1", "served")
    )
    assert names(replayer_at(rows, end + 900.0)) == []
    assert names(replayer_at(rows, end + 803.0)) == ["1"]  # 3 s: within the grace


def test_the_baselines_do_not_see_the_unseen_counters() -> None:
    rows, end = history()
    rows.append(
        TraceRow("W", "bill", 0, at(end + 900), at(end + 1000), at(end + 1060), "1", "served")
    )
    on = Replayer(settings=Settings(), baselines=True)
    off = Replayer(settings=Settings(absent=0.0, prompt=0.0), baselines=True)
    start = seconds(at(end + 900))
    (a,) = list(on.run(rows, start))
    (b,) = list(off.run(rows, start))
    assert a.baselines == b.baselines
    assert a.base.idle is True and b.base.idle is False


def test_promptness_by_hand() -> None:
    learned = Learned()
    assert learned.prompt("1", "bill") == 1.0  # unseen: prompt
    learned.offered(("1", "2"), "bill", "1", 0.0)  # 1 called it at once; 2 did not
    assert learned.prompt("1", "bill") == 1.0  # (1 + 1) / (1 + 1)
    assert learned.prompt("2", "bill") == 0.5  # (0 + 1) / (1 + 1)
    learned.offered(("1",), "bill", "1", 120.0)  # called, but two minutes later
    # seen 0.995 * 1 + 1 = 1.995, at once 0.995 * 1 + 0 = 0.995
    assert math.isclose(learned.prompt("1", "bill"), (0.995 + 1.0) / (1.995 + 1.0))
    learned.offered(("1",), "bill", "1", 60.0)  # a minute: at once
    seen, once = 1.995 * 0.995 + 1.0, 0.995 * 0.995 + 1.0
    assert math.isclose(learned.prompt("1", "bill"), (once + 1.0) / (seen + 1.0))
    assert learned.prompt("1", "plan") == 1.0  # per business type


def test_the_chance_of_a_call_at_once_comes_from_the_free_counters_that_may_call() -> None:
    learned = Learned()
    learned.offered(("1", "2"), "bill", "1", 0.0)  # counter 1: 1.0; counter 2: 0.5
    learned.offered(("1", "2"), "bill", "", 300.0)  # neither called it at once
    p1 = (0.995 * 1.0 + 0.0 + 1.0) / (0.995 * 1.0 + 1.0 + 1.0)  # 1.995 / 2.995
    p2 = (0.0 + 1.0) / (0.995 * 1.0 + 1.0 + 1.0)  # 1 / 2.995
    assert math.isclose(learned.prompt("1", "bill"), p1)
    assert math.isclose(learned.prompt("2", "bill"), p2)
    desks = [
        Desk("1", ("bill",)),
        Desk("2", ("bill", "plan")),
        Desk("3", ("plan",)),  # does not serve bill
        Desk("4", ("bill",), busy_service="bill", busy_since=0.0),  # busy
        Desk("5", ("bill",), ready=20.0),  # in its wrap-up
        Desk("6", ("bill",), working=False),  # paused
    ]
    view = HallView(100.0, [], desks)
    base = QueueModel(learned).base(view, "bill", 0)
    assert math.isclose(base.prompt, 1.0 - (1.0 - p1) * (1.0 - p2))
    assert QueueModel(learned).base(view, "plan", 0).prompt == 1.0  # 2, 3 never offered one
    off = QueueModel(learned, Settings(prompt=0.0)).base(view, "bill", 0)
    assert off.prompt == 1.0


def test_a_counter_that_lets_free_visitors_wait_learns_a_low_promptness() -> None:
    rows, end = history()
    # Three visitors issued while counter 1 was free (its wrap-up over), each called only
    # 150 s later; one more called 10 s after its issue.
    t = end + 100.0
    for k in range(3):
        rows.append(TraceRow(f"Z{k}", "bill", 0, at(t), at(t + 150), at(t + 210), "1", "served"))
        t += 300.0
    rows.append(TraceRow("Q", "bill", 0, at(t), at(t + 10), at(t + 70), "1", "served"))
    rep = replayer_at(rows, t + 200.0)
    fade = 0.995
    seen = ((1.0 * fade + 1.0) * fade + 1.0) * fade + 1.0
    assert math.isclose(rep.learned.prompt("1", "bill"), (1.0 + 1.0) / (seen + 1.0))
    off = replayer_at(rows, t + 200.0, Settings(prompt=0.0))
    assert off.learned.prompt("1", "bill") == 1.0  # not learned


def test_the_calibration_sees_promptness_only_where_it_is_on() -> None:
    base = Base(0, 0.0, 120.0, True, math.nan, 0.0, unless=240.0, prompt=0.25)
    hall = Calibrator(Settings()).features(base)
    bank = Calibrator(anonbank.SETTINGS).features(base)
    assert len(hall) == len(bank) + 3  # and E[min] of the busy counters' jobs (minres)
    assert hall[:-3] == bank
    assert hall[-3:-1] == [0.25, 0.75 * 4.0]  # the chance, and (1 - it) x the wait unless
    off = dataclasses.replace(Settings(), prompt=0.0, minres=0.0)
    assert Calibrator(off).features(base) == bank
