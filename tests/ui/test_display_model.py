"""The hall display's decisions, without widgets: which calls are new, what is said,
what is listed, how waits read."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.core.clock import ManualClock
from kiosk.core.errors import Unavailable
from kiosk.core.model import Call
from kiosk.core.service import QueueService, ServiceStatus
from kiosk.core.voice import announcement_text
from kiosk.ui.display import texts
from kiosk.ui.display.model import (
    CallTracker,
    DisplayModel,
    caption,
    clock_text,
    recent,
    wait_text,
)
from kiosk.ui.display.texts import Bilingual

from ..conftest import MORNING
from .test_display import ZH


def tr(lang: str, context: str, source: str) -> str:
    """The display's catalogue as a function (Languages.text without Qt)."""
    assert context == texts.CONTEXT
    return ZH[source] if lang == "zh" else source


def call(number: str, counter: int, minute: int, recall: bool = False) -> Call:
    return Call(number, "bill", counter, MORNING + dt.timedelta(minutes=minute), recall)


A1 = call("A001", 1, 0)
A2 = call("A002", 2, 1)
A3 = call("A003", 1, 2)


def test_the_first_status_primes_the_tracker_without_new_calls() -> None:
    tracker = CallTracker()
    assert tracker.new_calls([A2, A1]) == []
    assert tracker.new_calls([A2, A1]) == []


def test_calls_after_the_last_seen_one_are_new_oldest_first() -> None:
    tracker = CallTracker()
    tracker.new_calls([A1])
    assert tracker.new_calls([A3, A2, A1]) == [A2, A3]
    assert tracker.new_calls([A3, A2, A1]) == []


def test_a_recall_of_the_same_ticket_is_a_new_call() -> None:
    tracker = CallTracker()
    tracker.new_calls([A1])
    again = call("A001", 1, 3, recall=True)
    assert tracker.new_calls([again, A1]) == [again]


def test_the_same_ticket_called_at_another_counter_is_a_new_call() -> None:
    tracker = CallTracker()
    tracker.new_calls([A1])
    moved = call("A001", 3, 4)
    assert tracker.new_calls([moved, A1]) == [moved]


def test_after_a_day_with_no_calls_yet_the_first_call_is_new() -> None:
    tracker = CallTracker()
    tracker.new_calls([A1])
    assert tracker.new_calls([]) == []  # the new business day
    tomorrow = dataclasses.replace(A1, at=A1.at + dt.timedelta(days=1))
    assert tracker.new_calls([tomorrow]) == [tomorrow]


def test_an_empty_hall_at_start_announces_its_first_call() -> None:
    tracker = CallTracker()
    assert tracker.new_calls([]) == []
    assert tracker.new_calls([A1]) == [A1]


def test_the_call_reads_the_same_as_the_issue_says() -> None:
    a23 = call("A023", 3, 0)
    assert caption(tr, a23) == Bilingual("请 A023 号到 3 号窗口", "Ticket A023, counter 3")
    # what the voice says is decided in one place, the announcer's (kiosk.core.voice)
    assert announcement_text("A023", 3) == (
        "请 A023 号到 3 号窗口办理",
        "Ticket A023, please go to counter 3",
    )


def test_a_recall_is_said_with_its_prefix() -> None:
    again = call("A023", 3, 5, recall=True)
    assert announcement_text("A023", 3, recall=True) == (
        "再次请 A023 号到 3 号窗口办理",
        "Again: Ticket A023, please go to counter 3",
    )
    assert caption(tr, again) == Bilingual(
        "再次请 A023 号到 3 号窗口", "Again: Ticket A023, counter 3"
    )


def test_a_translation_with_broken_placeholders_falls_back_to_english(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(lang: str, context: str, source: str) -> str:
        return "请 {numbr} 号到 {counter} 号窗口" if lang == "zh" else source

    assert caption(broken, A1) == Bilingual("Ticket A001, counter 1", "Ticket A001, counter 1")
    assert "broken" in caplog.text


def test_recent_lists_each_ticket_once_newest_first_up_to_the_limit() -> None:
    again = call("A001", 1, 9, recall=True)
    calls = [again, A3, A2, A1]
    assert [c.number for c in recent(calls, 10)] == ["A001", "A003", "A002"]
    assert recent(calls, 2) == [again, A3]


def test_the_clock_reads_time_date_and_weekday_in_both_languages() -> None:
    assert clock_text(tr, dt.datetime(2026, 11, 29, 14, 7, 59)) == (
        "14:07",
        "2026-11-29  星期日  Sunday",
    )


@pytest.fixture
def statuses(memory_service: QueueService, clock: ManualClock) -> dict[str, ServiceStatus]:
    memory_service.open_counter(1)
    for _ in range(4):
        memory_service.issue("bill")
    clock.set(MORNING.replace(hour=18))
    return {s.service.code: s for s in memory_service.status().services}


def test_waits_read_as_a_range_short_or_the_reason_for_closed(
    statuses: dict[str, ServiceStatus],
) -> None:
    bill = statuses["bill"].estimate
    if bill.high_min > 3 * bill.low_min:  # wider than [hall] wait_range_ratio
        n = bill.about_min
        assert wait_text(tr, statuses["bill"]) == Bilingual(f"约 {n} 分钟以上", f"about {n}+ min")
    else:
        assert wait_text(tr, statuses["bill"]) == Bilingual(
            f"约 {bill.low_min}–{bill.high_min} 分钟", f"about {bill.low_min}–{bill.high_min} min"
        )
    # phone: counter 2 alone serves it, closed: no time
    assert wait_text(tr, statuses["phone"]) == Bilingual("暂无窗口办理", "No counter open")
    # paused, and expected back at 11:40 (its learned pause)
    back = dataclasses.replace(
        statuses["phone"],
        estimate=dataclasses.replace(
            statuses["phone"].estimate, resumes_at=dt.datetime(2026, 11, 24, 11, 40)
        ),
    )
    assert wait_text(tr, back) == Bilingual(
        "暂无窗口办理，约 11:40 恢复", "No counter open, back about 11:40"
    )
    assert wait_text(tr, statuses["vip"]) == Bilingual("办理时间 09:00-17:00", "Hours 09:00-17:00")
    capped = dataclasses.replace(statuses["bill"], open=False, reason_code=Unavailable.CAP)
    assert wait_text(tr, capped) == Bilingual("今日号已取完", "No more tickets today")
    disabled = dataclasses.replace(statuses["bill"], open=False, reason_code=Unavailable.DISABLED)
    assert wait_text(tr, disabled) == Bilingual("暂停办理", "Not available")


def test_the_model_tells_only_new_calls_to_flash(
    memory_service: QueueService, clock: ManualClock
) -> None:
    """What is spoken is the announcer's (kiosk.devices.voice.caller); the model only
    tells which calls are new, to flash them."""
    memory_service.open_counter(1)
    memory_service.issue("bill")
    memory_service.issue("bill")
    memory_service.call_next(1)
    model = DisplayModel(tr, last_calls=8)
    state = model.update(memory_service.status())
    assert state.caption == Bilingual("请 A001 号到 1 号窗口", "Ticket A001, counter 1")
    assert state.new_calls == ()

    memory_service.serve(1)
    clock.advance(60)
    memory_service.call_next(1)
    state = model.update(memory_service.status())
    assert [c.number for c in state.new_calls] == ["A002"]
    assert [(r.number, r.current) for r in state.recent] == [("A002", True), ("A001", False)]


def test_the_model_welcomes_before_the_first_call_and_hides_disabled_types(
    memory_service: QueueService,
) -> None:
    status = memory_service.status()
    off = dataclasses.replace(
        status.services[0], service=dataclasses.replace(status.services[0].service, enabled=False)
    )
    status = dataclasses.replace(status, services=(off, *status.services[1:]))
    state = DisplayModel(tr, last_calls=8).update(status)
    assert state.current is None
    assert state.caption == Bilingual("欢迎光临", "Welcome")
    assert state.recent == ()
    assert [r.code for r in state.services] == ["plan", "phone", "broadband", "complaint", "vip"]
