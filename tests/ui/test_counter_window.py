"""The counter workstation on a real store: every action and its messages.

The demo hall's counter 1 serves bill (A), plan (B) and broadband (D), in that order.
Nothing sleeps: each press waits for its notice, then for the runner to settle (the
status the action asked for has arrived); time moves only with the manual clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.core.estimate import Wording
from kiosk.core.model import Placement, TicketState, position_of
from kiosk.ui.counter.messages import Level
from kiosk.ui.counter.model import Action

from .test_counter_desk import Desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def desk(ui_ctx: Any, ui_clock: Any, qtbot: Any) -> Desk:
    return Desk.open(ui_ctx, ui_clock, qtbot, counter=1)


def test_a_closed_counter_shows_what_it_serves_and_only_open_makes_sense(desk: Desk) -> None:
    w = desk.window
    assert w.header.name.text() == "Counter 1"
    serves = w.header.serves.text()
    for name in ("Bill payment & top-up", "New service & plan change", "Broadband"):
        assert name in serves
    assert w.header.state.text() == "Closed"
    assert desk.enabled() == {Action.OPEN}
    assert w.buttons[Action.OPEN].title == "Open counter"
    assert "F10" in w.current.hint.text()


def test_open_then_call_next_with_nobody_waiting_says_so(desk: Desk) -> None:
    notice = desk.press(Action.OPEN)
    assert (notice.level, notice.text) == (Level.OK, "The counter is open.")
    desk.qtbot.waitUntil(lambda: desk.window.header.state.text() == "Open")
    assert desk.window.buttons[Action.OPEN].title == "Close counter"

    notice = desk.press(Action.CALL_NEXT)
    assert notice.code == "nothing_to_call"
    assert desk.window.message.text() == "Nobody is waiting for this counter."
    assert desk.window.current.number.text() == "—"


def test_call_next_shows_the_ticket_its_business_type_and_its_wait(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("plan")
    desk.clock.advance(minutes=3)
    notice = desk.press(Action.CALL_NEXT)
    assert notice.text == "Called B001."
    w = desk.window
    desk.qtbot.waitUntil(lambda: w.current.number.text() == "B001")
    assert w.current.service.text() == "New service & plan change"
    assert w.current.state.text() == "Called"
    assert "Waited 3 min" in w.current.details.text()
    assert w.header.state.text() == "Serving"
    assert desk.enabled() == {Action.RECALL, Action.SERVE, Action.NO_SHOW, Action.TRANSFER,
                              Action.PARK, Action.PAUSE}  # fmt: skip


def test_recall_counts_the_calls_and_past_the_limit_the_ticket_is_a_no_show(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    assert desk.press(Action.RECALL).text == "Called A001 again."
    desk.qtbot.waitUntil(lambda: desk.window.current.state.text() == "Called · recall 1 of 3")
    desk.press(Action.RECALL)
    desk.press(Action.RECALL)
    notice = desk.press(Action.RECALL)  # the demo hall allows 3 recalls after the first call
    assert notice.code == "recall_no_show"
    assert notice.text == "A001 did not come after 4 calls: marked as a no-show."
    desk.qtbot.waitUntil(lambda: desk.window.current.number.text() == "—")
    desk.qtbot.waitUntil(lambda: desk.window.stats.text("no_shows") == "1")


def test_serve_then_done_finishes_the_ticket(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    assert desk.press(Action.SERVE).text == "Serving A001."
    desk.qtbot.waitUntil(lambda: desk.window.current.state.text() == "Serving")
    assert Action.DONE in desk.enabled()
    assert Action.SERVE not in desk.enabled()
    desk.clock.advance(minutes=4)
    assert desk.press(Action.DONE).text == "A001 is done."
    desk.qtbot.waitUntil(lambda: desk.window.current.number.text() == "—")
    desk.qtbot.waitUntil(lambda: desk.window.stats.text("served") == "1")
    assert desk.window.stats.text("average") == "4 min"


def test_no_show_ends_the_call(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    assert desk.press(Action.NO_SHOW).text == "A001 marked as a no-show."
    desk.qtbot.waitUntil(lambda: desk.window.stats.text("no_shows") == "1")
    assert desk.window.current.number.text() == "—"


def _three_waiting_then_call_the_bill(desk: Desk) -> None:
    """B001 at 9:00, A001 at 9:01, B002 at 9:02; counter 1 prefers bill: calls A001."""
    desk.press(Action.OPEN)
    for code in ("plan", "bill", "plan"):
        desk.ctx.service.issue(code)
        desk.clock.advance(minutes=1)
    desk.press(Action.CALL_NEXT)
    desk.qtbot.waitUntil(lambda: desk.window.current.number.text() == "A001")


@pytest.mark.parametrize(
    ("placement", "order"),
    [
        (Placement.FRONT, ["A001", "B001", "B002"]),
        (Placement.BY_TIME, ["B001", "A001", "B002"]),
        (Placement.BACK, ["B001", "B002", "A001"]),
    ],
)
def test_transfer_to_a_business_type_places_the_ticket(
    desk: Desk, placement: Placement, order: list[str]
) -> None:
    _three_waiting_then_call_the_bill(desk)
    dialog = desk.open_transfer()
    assert "bill" not in dialog.service_codes()  # not back to where it is
    dialog.choose(service="plan", placement=placement)
    notice = desk.confirm_transfer()
    expected = {
        Placement.FRONT: "at the front of the queue",
        Placement.BY_TIME: "in order of issue time",
        Placement.BACK: "at the back of the queue",
    }[placement]
    assert notice.text == f"A001 transferred to New service & plan change, {expected}."
    desk.qtbot.waitUntil(lambda: desk.window.current.number.text() == "—")
    assert desk.numbers_in("plan") == order
    assert desk.notes_of("A001") == "Transferred"


@pytest.mark.parametrize("placement", list(Placement))
def test_transfer_to_a_counter_sends_it_there_and_places_it(
    desk: Desk, placement: Placement
) -> None:
    _three_waiting_then_call_the_bill(desk)
    dialog = desk.open_transfer()
    assert 1 not in dialog.counter_numbers()
    dialog.choose(counter=2, placement=placement)
    notice = desk.confirm_transfer()
    assert notice.code == "transferred"
    assert "Counter 2" in notice.text
    desk.qtbot.waitUntil(lambda: desk.window.current.number.text() == "—")
    assert "A001" not in [row[0] for row in desk.window.waiting.rows()]

    waiting = {t.number: t for t in desk.ctx.service.status().waiting}
    moved = waiting.pop("A001")
    assert moved.target_counter == 2
    others = [t.position for t in waiting.values()]
    if placement is Placement.FRONT:
        assert moved.position < min(others)
    elif placement is Placement.BACK:
        assert moved.position > max(others)
    else:
        assert moved.position == position_of(moved.issued_at)

    there = Desk.open(desk.ctx, desk.clock, desk.qtbot, counter=2)
    assert there.numbers_in(None) == ["A001"]
    assert (
        there.window.waiting.tree.topLevelItem(0).text(0).startswith("Transferred to this counter")
    )


def test_transfer_can_be_cancelled(desk: Desk) -> None:
    _three_waiting_then_call_the_bill(desk)
    dialog = desk.open_transfer()
    dialog.reject()
    desk.settle()
    assert desk.window.transfer_dialog is None
    assert desk.ctx.service.status().counters[0].current.number == "A001"


def test_park_then_resume_the_chosen_parked_ticket(desk: Desk) -> None:
    desk.press(Action.OPEN)
    for _ in range(3):
        desk.ctx.service.issue("bill")
    for number in ("A001", "A002"):
        desk.press(Action.CALL_NEXT)
        desk.press(Action.SERVE)
        assert desk.press(Action.PARK).text == f"{number} is parked: resume it when you are ready."
    w = desk.window
    desk.qtbot.waitUntil(lambda: w.parked.title.text() == "Parked (2)")
    assert Action.RESUME in desk.enabled()

    desk.press(Action.CALL_NEXT)  # A003: a ticket at the counter blocks resuming
    assert Action.RESUME not in desk.enabled()
    desk.press(Action.SERVE)
    desk.press(Action.DONE)

    w.parked.select("A001")  # not the most recent: the clerk's choice wins
    assert desk.press(Action.RESUME).text == "Resumed A001."
    desk.qtbot.waitUntil(lambda: w.current.number.text() == "A001")
    assert w.current.state.text() == "Serving"
    assert w.parked.numbers() == ["A002"]

    desk.press(Action.DONE)
    assert desk.press(Action.RESUME).text == "Resumed A002."  # none chosen: the last parked


def test_enter_on_a_parked_ticket_resumes_it(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    desk.press(Action.PARK)
    view = desk.window.parked.list
    desk.qtbot.waitUntil(lambda: desk.window.parked.numbers() == ["A001"])
    view.setCurrentRow(0)
    view.setFocus()
    notice = desk.run(lambda: desk.qtbot.keyClick(view, Qt.Key.Key_Return))
    assert notice.text == "Resumed A001."


def test_pause_and_resume_work(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    notice = desk.press(Action.PAUSE)
    assert notice.text == "The counter is paused: it calls nobody until you resume."
    w = desk.window
    desk.qtbot.waitUntil(lambda: w.header.state.text() == "Paused")
    assert w.buttons[Action.PAUSE].title == "Resume work"
    assert Action.CALL_NEXT not in desk.enabled()
    assert "F9" in w.current.hint.text()
    assert desk.press(Action.PAUSE).text == "Welcome back: the counter is open."
    desk.qtbot.waitUntil(lambda: w.header.state.text() == "Open")
    assert w.buttons[Action.PAUSE].title == "Pause"


def test_close_is_refused_while_a_ticket_is_at_the_counter(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    assert Action.OPEN not in desk.enabled()  # the button is off; the core still says no
    notice = desk.run(desk.window.controller.toggle_open)
    assert notice.level is Level.ERROR
    assert notice.text == "A001 is still at the counter: finish, transfer or park it first."
    assert desk.window.header.state.text() == "Serving"


def test_closing_an_idle_counter(desk: Desk) -> None:
    desk.press(Action.OPEN)
    assert desk.press(Action.OPEN).text == "The counter is closed."
    desk.qtbot.waitUntil(lambda: desk.window.header.state.text() == "Closed")


def test_calling_next_while_the_visitor_is_still_called_explains_what_to_do(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.ctx.service.issue("bill")
    desk.press(Action.CALL_NEXT)
    notice = desk.run(desk.window.controller.call_next)
    assert notice.code == "still_called"
    assert notice.text == "A001 was called but not served yet: press Serve, or No-show."
    assert "still called" in notice.detail  # the core's words stay for the technician


def test_actions_on_a_stale_view_get_plain_words_not_a_crash(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.close_counter(1)  # another process (or the CLI) closed it
    notice = desk.run(desk.window.controller.call_next)
    assert (notice.level, notice.text) == (Level.ERROR, "The counter is closed: open it first.")
    desk.qtbot.waitUntil(lambda: desk.window.header.state.text() == "Closed")


def test_a_second_press_while_the_first_runs_is_ignored(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("bill")
    desk.ctx.service.issue("bill")
    calls = []
    desk.window.controller.notice.connect(calls.append)
    desk.window.commands[Action.CALL_NEXT].trigger()
    desk.window.commands[Action.CALL_NEXT].trigger()  # a key bounce
    desk.qtbot.waitUntil(lambda: bool(calls))
    desk.settle()
    assert [n.code for n in calls] == ["called"]
    assert [t.number for t in desk.ctx.service.status().waiting] == ["A002"]


def test_a_bug_in_an_action_shows_a_message_and_the_window_lives_on(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    desk.press(Action.OPEN)

    def broken(counter: int) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(desk.ctx.service, "call_next", broken)
    notice = desk.press(Action.CALL_NEXT)
    assert notice.code == "bug"
    assert notice.text == "Something went wrong and was logged: please tell the technician."
    assert "disk on fire" in caplog.text
    assert desk.window.isVisible()


def test_actions_run_off_the_ui_thread(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    threads = []
    real = desk.ctx.service.open_counter

    def spy(counter: int) -> Any:
        threads.append(threading.get_ident())
        return real(counter)

    monkeypatch.setattr(desk.ctx.service, "open_counter", spy)
    desk.press(Action.OPEN)
    assert threads
    assert threads[0] != threading.get_ident()


def test_the_ticket_state_in_the_store_matches_the_window(desk: Desk) -> None:
    desk.press(Action.OPEN)
    desk.ctx.service.issue("broadband")
    desk.press(Action.CALL_NEXT)
    desk.press(Action.SERVE)
    current = desk.ctx.service.status().counters[0].current
    assert current is not None
    assert (current.number, current.state) == ("D001", TicketState.SERVING)


def test_the_waiting_list_shows_each_tickets_expected_wait_from_the_estimator(
    desk: Desk,
) -> None:
    """The same estimator as the kiosk: a range per waiting ticket, longer further down."""
    import re

    service = desk.ctx.service
    for _ in range(4):
        service.issue("bill")
    desk.press(Action.OPEN)
    desk.refresh()
    shown = desk.window.waiting.expected()
    status = service.status()
    assert list(shown) == ["A001", "A002", "A003", "A004"]
    highs = []
    for ticket, estimate in zip(status.waiting, status.estimates, strict=True):
        text = shown[ticket.number]
        if ticket.number == "A001":  # first, and counter 1 open with nobody at it
            assert text == "no wait"
            continue
        if estimate.shown is Wording.ABOUT:
            assert text == f"{estimate.about_min}+ min"
        elif estimate.is_short:
            assert text == f"under {max(1, estimate.high_min)} min"
        else:
            assert text == f"{estimate.low_min}–{estimate.high_min} min"
        highs.append(int(re.findall(r"\d+", text)[-1]))
    assert highs == sorted(highs) and highs[-1] > highs[0]


def test_todays_counts_are_read_again_after_a_minute_only_when_something_happened(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A status published as the minute turns over in a quiet hall (the same sequence
    number of the log) reads nothing; one after an event, a minute on, reads the counts."""
    watcher, service = desk.ctx.watcher, desk.ctx.service
    status = watcher.status
    assert status is not None
    reads: list[int] = []
    tickets = service.tickets
    monkeypatch.setattr(service, "tickets", lambda *a: reads.append(1) or tickets(*a))
    later = status.at + dt.timedelta(minutes=2)
    watcher.statusChanged.emit(dataclasses.replace(status, at=later))
    desk.settle()
    assert reads == []
    watcher.statusChanged.emit(dataclasses.replace(status, at=later, seq=status.seq + 1))
    desk.settle()
    assert reads == [1]
