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
