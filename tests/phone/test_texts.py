"""The page's language and words; its settings from the hall's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.app import load_settings
from kiosk.core.clock import ManualClock
from kiosk.core.service import QueueService
from kiosk.server.phone import PhonePages, phone_settings
from kiosk.server.phone.texts import choose, text


@pytest.mark.parametrize(
    ("header", "asked", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", None, "zh"),
        ("en-US,en;q=0.9", None, "en"),
        ("fr-FR,en;q=0.5,zh;q=0.7", None, "zh"),  # by preference, not by order
        ("zh;q=0,en;q=0.1", None, "en"),  # q=0: not acceptable
        ("de-DE,fr", None, "zh"),  # neither: the hall's default
        ("", None, "zh"),
        ("en", "zh", "zh"),  # the switch wins
        ("zh", "en", "en"),
        ("en", "xx", "en"),  # a switch to nothing known is ignored
        ("en;q=abc,zh", None, "zh"),
    ],
)
def test_the_language_comes_from_the_phone_with_the_switch_first(
    header: str, asked: str | None, expected: str
) -> None:
    assert choose(header, asked, "zh") == expected


def test_people_ahead_in_english_count_one_person() -> None:
    assert text("ahead_n", "en", n=1) == "1 person ahead of you"
    assert text("ahead_n", "en", n=4) == "4 people ahead of you"
    assert text("ahead_n", "zh", n=4) == "您前面还有 4 人"


def test_the_page_lives_at_the_ticket_urls_path_with_the_halls_secret(tmp_path: Path) -> None:
    settings = load_settings(None, tmp_path / "data")
    phone = phone_settings(settings)
    assert phone.ticket_url == settings.config.kiosk.ticket_url
    assert phone.path == "/ticket" and phone.secret == settings.config.kiosk.secret
    assert (phone.hall_zh, phone.default_language) == (settings.config.hall.name_zh, "zh")


def test_the_page_will_not_start_without_a_secret(
    memory_service: QueueService, clock: ManualClock
) -> None:
    settings = dataclasses.replace(phone_settings(load_settings(None, None)), secret="")
    with pytest.raises(ValueError, match="secret"):
        PhonePages(memory_service, memory_service.feed, settings, clock)


def test_no_counter_open_says_when_a_paused_one_is_expected_back() -> None:
    """Every counter that serves it paused, one expected back at 11:40 (its learned
    pause): the page says so in both languages; without a time, as before."""
    import datetime as dt

    from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
    from kiosk.server.phone.render import _wait
    from kiosk.server.phone.views import Shown, TicketView

    back = WaitEstimate(
        2, 4, 11, wording=Wording.NONE, reason=NoEstimate.NO_OPEN_COUNTER,
        resumes_at=dt.datetime(2026, 11, 24, 11, 40),
    )  # fmt: skip
    view = TicketView("u", Shown.WAITING, "A001", "bill", 2, back)
    assert _wait(view, "en") == (
        "No counter open now, expected back about 11:40; please watch for your number"
    )
    assert _wait(view, "zh") == "暂无窗口办理，预计 11:40 恢复，请留意叫号"
    unknown = dataclasses.replace(view, wait=dataclasses.replace(back, resumes_at=None))
    assert _wait(unknown, "en") == text("wait_no_counter", "en")
