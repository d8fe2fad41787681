"""The counter's decisions as plain Python: which actions make sense, who is waiting
and for how long, today's counts, and the plain words for what went wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import (
    InvalidTransition,
    KioskError,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    StoreCorrupt,
    StoreLocked,
    Unavailable,
)
from kiosk.core.memory import MemoryStore
from kiosk.core.model import Hall, Placement, Priority
from kiosk.core.service import QueueService
from kiosk.ui.counter import model as vm
from kiosk.ui.counter.fmt import fill, minutes
from kiosk.ui.counter.messages import CounterMessages, Level
from kiosk.ui.counter.model import Action, TransferChoice


def counter_model(service: QueueService, number: int = 1) -> vm.CounterModel:
    status = service.status()
    view = next(c for c in status.counters if c.number == number)
    return vm.build(service.hall, view, status.waiting, service.now())


A = Action


SETUPS = {
    "closed": ([], {A.OPEN}),
    "open": (["open"], {A.OPEN, A.PAUSE, A.CALL_NEXT}),
    "paused": (["open", "pause"], {A.OPEN, A.PAUSE}),
    "called": (["open", "call"], {A.RECALL, A.SERVE, A.NO_SHOW, A.TRANSFER, A.PARK, A.PAUSE}),
    "serving": (["open", "call", "serve"], {A.DONE, A.CALL_NEXT, A.TRANSFER, A.PARK, A.PAUSE}),
    "parked": (["open", "call", "park"], {A.OPEN, A.PAUSE, A.CALL_NEXT, A.RESUME}),
    "parked+paused": (["open", "call", "park", "pause"], {A.OPEN, A.PAUSE}),
    "called+paused": (["open", "call", "pause"],
                      {A.RECALL, A.SERVE, A.NO_SHOW, A.TRANSFER, A.PARK, A.PAUSE}),
}  # fmt: skip


def at_desk(hall: Hall, clock: ManualClock, setup: list[str]) -> QueueService:
    """A fresh hall with two bill tickets and counter 1 taken through the steps."""
    s = QueueService(hall, MemoryStore(), clock)
    s.issue("bill")
    s.issue("bill")
    steps = {
        "open": lambda: s.open_counter(1),
        "pause": lambda: s.pause_counter(1),
        "call": lambda: s.call_next(1),
        "serve": lambda: s.serve(1),
        "park": lambda: s.park(1),
    }
    for step in setup:
        steps[step]()
    return s


def attempt(s: QueueService, action: Action, model: vm.CounterModel) -> None:
    """What pressing the action does (the toggles as the controller chooses)."""
    ops = {
        A.CALL_NEXT: lambda: s.call_next(1),
        A.RECALL: lambda: s.recall(1),
        A.SERVE: lambda: s.serve(1),
        A.DONE: lambda: s.done(1),
        A.NO_SHOW: lambda: s.no_show(1),
        A.TRANSFER: lambda: s.transfer(1, to_service="plan"),
        A.PARK: lambda: s.park(1),
        A.RESUME: lambda: s.resume(1),
        A.PAUSE: lambda: s.open_counter(1) if model.paused else s.pause_counter(1),
        A.OPEN: lambda: s.open_counter(1) if model.closed else s.close_counter(1),
    }
    ops[action]()


@pytest.mark.parametrize("state", list(SETUPS))
def test_an_action_is_enabled_exactly_when_the_core_accepts_it(
    demo_hall: Hall, clock: ManualClock, state: str
) -> None:
    setup, expected = SETUPS[state]
    assert counter_model(at_desk(demo_hall, clock, setup)).enabled == expected
    for action in Action:
        s = at_desk(demo_hall, clock, setup)  # a fresh hall for every try
        model = counter_model(s)
        try:
            attempt(s, action, model)
        except KioskError as exc:
            assert action not in model.enabled, f"{action} enabled but refused: {exc}"
        else:
            assert action in model.enabled, f"{action} disabled but the core accepts it"


def test_the_waiting_list_groups_what_this_counter_may_call(
    memory_service: QueueService, clock: ManualClock
) -> None:
    s = memory_service
    s.issue("broadband")
    s.issue("bill")
    s.issue("complaint")  # counter 1 does not serve complaints
    s.issue("plan", Priority.PRIORITY)
    s.issue("phone")
    s.open_counter(2)
    s.call_next(2)  # B001 (green channel, plan)
    s.transfer(2, to_counter=1)
    s.call_next(2)  # C001 (phone)
    s.transfer(2, to_counter=3)  # sent elsewhere: not counter 1's
    groups = counter_model(s).groups
    assert [(g.service.code if g.service else None, [r.ticket.number for r in g.rows])
            for g in groups] == [
        (None, ["B001"]),
        ("bill", ["A001"]),
        ("plan", []),
        ("broadband", ["D001"]),
    ]  # fmt: skip
    assert groups[0].rows[0].transferred
    assert groups[0].rows[0].priority


def test_waits_count_from_issue_or_transfer_and_age_at_the_target(
    memory_service: QueueService, clock: ManualClock
) -> None:
    s = memory_service
    s.issue("bill")
    clock.advance(minutes=9, seconds=59)
    model = counter_model(s)
    assert model.aged == 0
    assert model.groups[0].rows[0].waited == dt.timedelta(minutes=9, seconds=59)
    clock.advance(seconds=1)
    model = counter_model(s)
    assert model.aged == 1
    assert model.groups[0].aged == 1

    s.open_counter(2)
    s.call_next(2)
    s.transfer(2, to_service="bill", placement=Placement.FRONT)
    clock.advance(minutes=2)
    row = counter_model(s).groups[0].rows[0]
    assert (row.waited, row.aged) == (dt.timedelta(minutes=2), False)


def test_the_current_ticket_knows_its_wait_and_its_time_at_the_counter(
    memory_service: QueueService, clock: ManualClock
) -> None:
    s = memory_service
    s.issue("bill")
    s.open_counter(1)
    clock.advance(minutes=7)
    s.call_next(1)
    clock.advance(minutes=1)
    s.recall(1)
    model = counter_model(s)
    assert model.current_waited == dt.timedelta(minutes=7)
    assert model.at_counter == dt.timedelta()  # since the last call
    assert model.recalls_used == 1
    s.serve(1)
    clock.advance(minutes=3)
    assert counter_model(s).at_counter == dt.timedelta(minutes=3)


def test_parked_tickets_list_the_most_recent_first(
    memory_service: QueueService, clock: ManualClock
) -> None:
    s = memory_service
    s.issue("bill")
    s.issue("bill")
    s.open_counter(1)
    for _ in range(2):
        s.call_next(1)
        s.park(1)
        clock.advance(minutes=1)
    assert [t.number for t in counter_model(s).parked] == ["A002", "A001"]


def test_todays_counts(memory_service: QueueService, clock: ManualClock) -> None:
    s = memory_service
    for _ in range(4):
        s.issue("bill")
    s.open_counter(1)
    s.open_counter(2)
    for minutes_ in (1, 5):
        s.call_next(1)
        s.serve(1)
        clock.advance(minutes=minutes_)
        s.done(1)
    s.call_next(1)
    s.no_show(1)
    s.call_next(2)
    s.serve(2)
    s.done(2)
    counts = vm.today_counts(s.tickets(), 1)
    assert counts == vm.TodayCounts(2, 1, dt.timedelta(minutes=3))
    assert vm.today_counts([], 1) == vm.TodayCounts(0, 0, None)


def test_a_transfer_goes_to_exactly_one_place() -> None:
    with pytest.raises(ValueError):
        TransferChoice()
    with pytest.raises(ValueError):
        TransferChoice(service="plan", counter=2)
    assert TransferChoice(counter=2).placement is Placement.BY_TIME


def test_placeholders_are_filled_after_translation(qapp: Any) -> None:
    assert (
        fill("%1 transferred to %2, %3.", "A001", "B", "front") == "A001 transferred to B, front."
    )
    assert fill("%2 before %1", "x", "y") == "y before x"
    assert fill("100%", "x") == "100%"
    assert minutes(dt.timedelta(seconds=59)) == "under 1 min"
    assert minutes(dt.timedelta(minutes=12, seconds=40)) == "12 min"
    assert minutes(dt.timedelta(minutes=135)) == "2 h 15 min"


def _names(what: str | int) -> str:
    return f"Counter {what}" if isinstance(what, int) else what.title()


@pytest.mark.parametrize(
    ("setup", "action", "error", "code", "text"),
    [
        (["open"], A.CALL_NEXT, NothingToCall("no ticket"), "nothing_to_call",
         "Nobody is waiting for this counter."),
        ([], A.CALL_NEXT, InvalidTransition("closed"), "closed",
         "The counter is closed: open it first."),
        (["open", "pause"], A.CALL_NEXT, InvalidTransition("paused"), "paused",
         "The counter is paused: resume work first."),
        (["open", "call"], A.CALL_NEXT, InvalidTransition("still called"), "still_called",
         "A001 was called but not served yet: press Serve, or No-show."),
        (["open", "call"], A.DONE, InvalidTransition("not serving"), "not_serving",
         "A001 has not been served yet: press Serve first."),
        (["open", "call", "serve"], A.SERVE, InvalidTransition("serving"), "already_serving",
         "A001 is already being served."),
        (["open"], A.RECALL, InvalidTransition("no ticket"), "no_ticket",
         "There is no ticket at the counter."),
        (["open"], A.RESUME, InvalidTransition("not parked"), "not_parked",
         "That ticket is not parked at this counter."),
        (["open", "call"], A.RESUME, InvalidTransition("busy"), "busy",
         "Finish or park A001 before resuming another ticket."),
        (["open", "call"], A.OPEN, InvalidTransition("busy"), "close_busy",
         "A001 is still at the counter: finish, transfer or park it first."),
        ([], A.OPEN, InvalidTransition("closed"), "already_closed",
         "The counter is already closed."),
        (["open"], A.OPEN, InvalidTransition("open"), "already_open",
         "The counter is already open."),
        (["open", "pause"], A.PAUSE, InvalidTransition("paused"), "already_paused",
         "The counter is already paused."),
        (["open"], A.PAUSE, InvalidTransition("open"), "already_open",
         "The counter is already open."),
        (["open"], A.CALL_NEXT, StoreLocked("locked"), "store_busy",
         "The queue is busy right now: press again in a moment."),
        (["open"], A.CALL_NEXT, StoreCorrupt("bad"), "store_failed",
         "The queue store cannot be written: please call the technician."),
        (["open", "call"], A.TRANSFER, ServiceUnavailable("off", Unavailable.CAP),
         "unavailable",
         "That business type is not available now."),
        (["open"], A.RESUME, NotFound("gone"), "not_found",
         "That ticket is no longer in the queue."),
        (["open"], A.SERVE, KioskError("odd"), "refused", "That is not possible now."),
    ],
)  # fmt: skip
def test_refusals_are_explained_in_plain_words(
    qapp: Any, memory_service: QueueService, setup: list[str], action: Action,
    error: Exception, code: str, text: str,
) -> None:  # fmt: skip
    s = memory_service
    s.issue("bill")
    steps = {
        "open": lambda: s.open_counter(1),
        "pause": lambda: s.pause_counter(1),
        "call": lambda: s.call_next(1),
        "serve": lambda: s.serve(1),
    }
    for step in setup:
        steps[step]()
    notice = CounterMessages(_names).failed(action, error, counter_model(s))
    assert (notice.code, notice.text) == (code, text)
    assert notice.detail == str(error)
    assert notice.level is (Level.INFO if code == "nothing_to_call" else Level.ERROR)


def test_a_bug_is_logged_and_shown_as_a_bug(qapp: Any, caplog: pytest.LogCaptureFixture) -> None:
    notice = CounterMessages(_names).failed(A.DONE, ZeroDivisionError("boom"), None)
    assert notice.code == "bug"
    assert "boom" in caplog.text


def test_results_name_the_ticket_and_where_it_went(qapp: Any, memory_service: QueueService) -> None:
    s = memory_service
    s.issue("bill")
    s.open_counter(1)
    messages = CounterMessages(_names)
    ticket = s.call_next(1)
    assert messages.done(A.CALL_NEXT, ticket).text == "Called A001."
    moved = s.transfer(1, to_counter=3, placement=Placement.FRONT)
    notice = messages.done(A.TRANSFER, moved, TransferChoice(counter=3, placement=Placement.FRONT))
    assert notice.text == "A001 transferred to Counter 3, at the front of the queue."
    assert messages.done(A.PAUSE, s.pause_counter(1)).code == "paused"
    assert messages.done(A.PAUSE, s.open_counter(1)).code == "resumed"
    assert messages.done(A.OPEN, s.close_counter(1)).code == "closed"
    assert messages.done(A.OPEN, s.open_counter(1)).code == "open"
