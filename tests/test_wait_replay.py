"""Replay on small hand-written traces whose answers are known, and its promise:
a prediction uses nothing that happens after its instant."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.wait import replay as replay_mod
from kiosk.core.wait.estimator import Settings
from kiosk.core.wait.model import seconds
from kiosk.core.wait.replay import Replayer, events, replay
from kiosk.core.wait.trace import TraceRow, read_trace

T0 = dt.datetime(2026, 1, 5, 9, 0, 0)

# One counter, cold (the default service time is 300 s, memoryless): A is called at
# once; B comes 60 s later and waits for A's residual (300 s); C comes at 120 s with
# B ahead: A's residual and then B's service, 600 s; D is issued after A ended and B
# was called, with C ahead: B's residual (300 s) and C's service (300 s).
HAND = """ticket,service,priority,issued_at,called_at,done_at,counter,outcome
C,bill,0,2026-01-05T09:02:00,2026-01-05T09:08:00,2026-01-05T09:12:00,1,served
A,bill,0,2026-01-05T09:00:00,2026-01-05T09:00:00,2026-01-05T09:03:00,1,served
B,bill,0,2026-01-05T09:01:00,2026-01-05T09:03:00,2026-01-05T09:08:00,1,served
D,bill,0,2026-01-05T09:04:00,2026-01-05T09:12:00,2026-01-05T09:13:00,1,served
"""


def hand() -> list[TraceRow]:
    return read_trace(io.StringIO(HAND))


def test_the_hand_written_trace_gives_the_known_waits_and_people_ahead() -> None:
    # Without learning from A's wait of zero, the calibration stays cold: the model's.
    records = {r.row.ticket: r for r in replay(hand(), settings=Settings(zeros=0.0))}
    assert records["A"].forecast.ahead == 0 and records["A"].base.idle is False
    assert records["B"].forecast.ahead == 0
    assert math.isclose(records["B"].forecast.point, 300.0)
    assert records["C"].forecast.ahead == 1
    assert math.isclose(records["C"].forecast.point, 600.0)
    assert records["D"].forecast.ahead == 1
    assert math.isclose(records["D"].base.wait, 600.0)
    assert records["D"].base.les == 120.0  # B, the last called, waited 2 minutes


def test_the_range_holds_the_point_and_never_goes_below_zero() -> None:
    for r in replay(hand()):
        assert 0.0 <= r.forecast.low <= r.forecast.point <= r.forecast.high


def test_only_tickets_issued_from_the_start_are_predicted() -> None:
    start = seconds(dt.datetime(2026, 1, 5, 9, 1, 0))
    assert [r.row.ticket for r in replay(hand(), start)] == ["B", "C", "D"]


def test_at_one_instant_ends_come_before_calls_before_issues() -> None:
    order = [(kind, row.ticket) for _, kind, _, row in events(hand())]
    # 09:03:00: A ends, then B is called; A's own call comes after its issue.
    assert order.index((replay_mod._END, "A")) < order.index((replay_mod._CALL, "B"))
    assert order.index((replay_mod._ISSUE, "A")) < order.index((replay_mod._CALL_AT_ISSUE, "A"))


def test_a_waiting_visitor_who_leaves_is_no_longer_ahead() -> None:
    text = HAND.replace(
        "D,bill,0,2026-01-05T09:04:00,2026-01-05T09:12:00,2026-01-05T09:13:00,1,served",
        "D,bill,0,2026-01-05T09:04:00,,2026-01-05T09:05:00,,abandoned\n"
        "E,bill,0,2026-01-05T09:06:00,2026-01-05T09:13:00,2026-01-05T09:14:00,1,served",
    )
    records = {r.row.ticket: r for r in replay(read_trace(io.StringIO(text)))}
    assert records["E"].forecast.ahead == 1  # C only: D left at 09:05


def test_a_wait_is_learned_only_once_the_ticket_is_called() -> None:
    replayer = Replayer()
    rows = hand()
    seen = []
    for record in replayer.run(rows):
        seen.append((record.row.ticket, len(replayer.estimator.calibrator.pooled)))
    # At B's issue A had been called at once (a wait of zero, learned: the model said
    # 300 s); at C's issue still only A's; at D's issue B's too (called at 09:03).
    assert dict(seen) == {"A": 0, "B": 1, "C": 1, "D": 2}
    # Where estimates are told only to those who queue, a zero wait is not learned.
    replayer = Replayer(settings=Settings(zeros=0.0))
    seen = []
    for record in replayer.run(rows):
        seen.append((record.row.ticket, len(replayer.estimator.calibrator.pooled)))
    assert dict(seen) == {"A": 0, "B": 0, "C": 0, "D": 1}


def test_a_wait_of_zero_where_the_model_said_300_s_brings_the_next_estimate_down() -> None:
    records = {r.row.ticket: r for r in replay(hand())}
    assert records["B"].base.wait == 300.0  # the model's, as without the lesson
    assert records["B"].forecast.point < 300.0


@st.composite
def traces(draw: st.DrawFn) -> list[TraceRow]:
    n = draw(st.integers(2, 25))
    rows = []
    for i in range(n):
        issued = T0 + dt.timedelta(seconds=draw(st.integers(0, 3600)))
        kind = draw(st.sampled_from(["served", "served", "abandoned", "no_show", "paused"]))
        wait = dt.timedelta(seconds=draw(st.integers(0, 1800)))
        length = dt.timedelta(seconds=draw(st.integers(1, 900)))
        counter = draw(st.sampled_from(["1", "2", "3"]))
        service = draw(st.sampled_from(["bill", "plan"]))
        prio = draw(st.sampled_from([0, 0, 0, 1]))
        if kind == "paused":  # a counter's pause, back after ``length`` or not that day
            back = issued + length if draw(st.booleans()) else None
            rows.append(TraceRow(f"P{i}", "", 0, issued, None, back, counter, kind))
        elif kind == "abandoned":
            rows.append(TraceRow(f"T{i}", service, prio, issued, None, issued + wait, "", kind))
        else:
            called = issued + wait
            rows.append(
                TraceRow(f"T{i}", service, prio, issued, called, called + length, counter, kind)
            )
    return rows


@settings(max_examples=60, deadline=None)
@given(traces(), st.data())
def test_a_prediction_does_not_depend_on_what_happens_after_it(
    rows: list[TraceRow], data: st.DataObject
) -> None:
    """Change everything after a cut (waits, services, who leaves, when a paused counter
    is back): every ticket issued before the cut gets the same prediction."""
    cut = max(r.issued_at for r in rows) - dt.timedelta(seconds=1)
    before = {r.row.ticket: r.forecast for r in replay(rows)}

    def future(r: TraceRow) -> TraceRow:
        shift = dt.timedelta(seconds=data.draw(st.integers(0, 600)))
        if r.called_at is not None and r.called_at > cut and r.done_at is not None:
            return dataclasses.replace(r, called_at=r.called_at + shift, done_at=r.done_at + shift)
        if r.done_at is not None and r.done_at > cut:
            return dataclasses.replace(r, done_at=r.done_at + shift)
        return r

    changed = {r.row.ticket: r.forecast for r in replay([future(r) for r in rows])}
    for r in rows:
        if r.issued_at < cut and not r.pause:
            assert changed[r.ticket] == before[r.ticket], r.ticket


def _paused_hall(pauses: bool) -> list[TraceRow]:
    """Counter 1 serves bills and takes a 10-minute break at 10:00 every day for 12 days;
    on the 13th it pauses at 09:30, and a bill visitor comes at 09:35."""
    rows = []
    for day in range(13):
        d = T0 + dt.timedelta(days=day)
        at = d + dt.timedelta(minutes=5)
        rows.append(TraceRow(f"S{day}", "bill", 0, d, d, at, "1", "served"))
        start = d + dt.timedelta(minutes=30 if day == 12 else 60)
        rows.append(
            TraceRow(f"P{day}", "", 0, start, None, start + dt.timedelta(minutes=10), "1", "paused")
        )
    d = T0 + dt.timedelta(days=12)
    rows.append(
        TraceRow(
            "V", "bill", 0, d + dt.timedelta(minutes=35), d + dt.timedelta(minutes=40),
            d + dt.timedelta(minutes=44), "1", "served",
        )
    )  # fmt: skip
    return [r for r in rows if pauses or not r.pause]


def test_a_paused_counter_is_not_free_and_is_counted_on_to_come_back() -> None:
    """With the trace's paused rows, the visitor at 09:35 waits for counter 1's pause to
    end: 10-minute pauses, 5 minutes gone, 5 to go. Without them the counter, unseen
    for half an hour, is taken as free (a quiet hall's counters are) and the visitor is
    told no wait."""
    [paused] = [r for r in replay(_paused_hall(True)) if r.row.ticket == "V"]
    assert not paused.base.idle
    assert math.isclose(paused.base.wait, 300.0)
    [unknown] = [r for r in replay(_paused_hall(False)) if r.row.ticket == "V"]
    assert unknown.base.idle and unknown.base.wait == 0.0


def test_a_pause_is_counted_on_only_once_enough_were_seen() -> None:
    """Fewer than PAUSES_MIN pauses learned: a paused counter is not counted on to come
    back after a learned pause (Desk.back is inf): not free either, the queue model
    takes the business type's counters as away, back at its service pace, as for a
    counter the hall shows paused."""
    rows = [r for r in _paused_hall(True) if r.issued_at >= T0 + dt.timedelta(days=4)]
    [v] = [r for r in replay(rows) if r.row.ticket == "V"]
    assert not v.base.idle and v.base.present == 0
    [learned] = [r for r in replay(_paused_hall(True)) if r.row.ticket == "V"]
    assert learned.base.present == 1  # counted on: back in 5 minutes
