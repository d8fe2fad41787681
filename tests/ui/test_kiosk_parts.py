"""The kiosk's parts without its window: guide files, the flow's decisions, the busy
profile, the QR code and the controller on its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QColor

from kiosk.app import load_settings, ticket_desk
from kiosk.config import KioskConfig
from kiosk.core.busy import HourlyLoad
from kiosk.core.errors import ServiceUnavailable, Unavailable
from kiosk.core.model import Hall, OpeningHours, Service
from kiosk.core.ports import PrintProblem as DeviceProblem
from kiosk.ui.kiosk import flow
from kiosk.ui.kiosk.controller import KioskController
from kiosk.ui.kiosk.flow import NoticeKind, PrintProblem, Screen
from kiosk.ui.kiosk.guides import SELF_SERVICE_FILE, GuideLibrary, parse
from kiosk.ui.widgets.qr import qr_image, qr_matrix

DEMO_CODES = ("bill", "plan", "phone", "broadband", "complaint", "vip")

# -- guides ---------------------------------------------------------------------------


def test_every_demo_business_type_has_a_guide_in_both_languages(demo_hall: Hall) -> None:
    library = GuideLibrary()
    assert tuple(s.code for s in demo_hall.services) == DEMO_CODES
    for code in (*DEMO_CODES, SELF_SERVICE_FILE):
        guides = library.load(code)
        assert guides is not None, code
        assert set(guides.by_lang) == {"zh", "en"}, code
        for guide in guides.by_lang.values():
            assert not guide.text.startswith("self_service"), "settings are not shown"


def test_only_bill_payment_is_sent_to_self_service() -> None:
    library = GuideLibrary()
    guides = {code: library.load(code) for code in DEMO_CODES}
    offered = {code for code, g in guides.items() if g is not None and g.self_service}
    assert offered == {"bill"}


def test_the_complaint_guide_promises_a_reply_time() -> None:
    guides = GuideLibrary().load("complaint")
    assert guides is not None
    assert "24 小时" in guides.get("zh").text and "身份证件" in guides.get("zh").text
    assert "24 hours" in guides.get("en").text and "bill" in guides.get("en").text


def test_guide_settings_lines_come_before_the_text() -> None:
    guide = parse("\ufeffself_service: Yes\n\n### Bring\n- ID\n")
    assert guide.self_service and guide.text == "### Bring\n- ID"
    plain = parse("Note: bring your ID\nself_service: yes\n")
    assert not plain.self_service  # only leading lines are settings
    assert plain.text.startswith("Note: bring your ID")
    assert not parse("self_service: no\nText").self_service


def test_a_guide_in_one_language_is_shown_in_both(tmp_path: Path) -> None:
    (tmp_path / "bill.en.md").write_text("Bring your phone number.", encoding="utf-8")
    (tmp_path / "plan.zh.md").write_text("self_service: yes\n", encoding="utf-8")  # no text
    library = GuideLibrary(tmp_path)
    bill = library.load("bill")
    assert bill is not None and bill.get("zh").text == "Bring your phone number."
    assert library.load("plan") is None
    assert library.load("phone") is None


# -- flow decisions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        (DeviceProblem.PAPER_END, PrintProblem.PAPER_OUT),
        (DeviceProblem.COVER_OPEN, PrintProblem.OTHER),
        (DeviceProblem.NO_REPLY, PrintProblem.OTHER),
        (DeviceProblem.WRITE_FAILED, PrintProblem.OTHER),
    ],
)
def test_printer_reasons_sorted_for_the_visitor(
    reason: DeviceProblem, problem: PrintProblem
) -> None:
    """The printer's reason is a value: no English sentence is matched."""
    assert flow.print_problem(reason) is problem


def service(**kw: Any) -> Service:
    base: dict[str, Any] = {"code": "x", "prefix": "X", "name_zh": "某", "name_en": "X"}
    return Service(**{**base, **kw})


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (Unavailable.DISABLED, NoticeKind.DISABLED),
        (Unavailable.HOURS, NoticeKind.HOURS),
        (Unavailable.CAP, NoticeKind.CAP),
        (Unavailable.NUMBERS_IN_USE, NoticeKind.CAP),
        (Unavailable.NO_PRIORITY, NoticeKind.NO_PRIORITY),
    ],
)
def test_why_no_ticket_is_the_reason_the_core_refused_with(
    reason: Unavailable, kind: NoticeKind
) -> None:
    """The visitor's notice comes from the error's value, never from its English or from
    the business type read again with the window's clock."""
    assert flow.notice_kind(reason) is kind


def test_the_green_channel_needs_the_hall_and_the_business_type(demo_config: KioskConfig) -> None:
    off = demo_config.model_copy(
        update={"kiosk": demo_config.kiosk.model_copy(update={"green_channel": False})}
    )
    assert flow.priority_offered(demo_config, service())
    assert not flow.priority_offered(demo_config, service(priority_allowed=False))
    assert not flow.priority_offered(off, service())


def test_hour_ranges_join_consecutive_hours() -> None:
    assert flow.hour_ranges([19, 12, 13, 8]) == [(8, 9), (12, 14), (19, 20)]
    assert flow.hour_ranges([]) == []


def test_busy_info_shows_the_open_hours_that_have_visitors() -> None:
    per_hour = [0.0] * 24
    per_hour[7], per_hour[9], per_hour[10], per_hour[16], per_hour[18] = 50, 10, 40, 30, 99
    office = service(hours=(OpeningHours(dt.time(8, 30), dt.time(17, 0)),))
    info = flow.busy_info(
        HourlyLoad(tuple(per_hour), 10), Hall((office,), ()), dt.datetime(2026, 11, 24, 10, 5)
    )
    assert info.hours == tuple(range(9, 17))  # 08:30-17:00, trimmed to hours with visitors
    assert info.busiest == 10 and info.now_hour == 10 and info.days == 10
    assert info.quiet == frozenset(h for h in info.hours if per_hour[h] <= 20)


def test_the_shipped_profile_is_a_plausible_day() -> None:
    load = flow.shipped_profile()
    assert load.days == 0 and len(load.per_hour) == 24
    assert 9 <= load.busiest <= 17
    assert sum(load.per_hour[:7]) == 0  # nobody at night
    assert load.quiet_hours(range(8, 21))  # there is a quieter time to suggest


@pytest.mark.parametrize(
    "text", ["[other]\n8 = 1\n", "[tickets_per_hour]\n24 = 1\n", "[tickets_per_hour]\n8 = -1\n"]
)
def test_a_broken_profile_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"busy_profile\.toml"):
        flow.load_profile(text)


# -- the QR code ------------------------------------------------------------------------


def test_the_qr_code_draws_its_payload_with_a_quiet_zone() -> None:
    url = "https://hall.example.cn/ticket/t/abc?s=0123456789ab"
    matrix = qr_matrix(url)
    assert len(matrix) == len(matrix[0]) >= 21 + 8
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # white border
    image = qr_image(url, module=4)
    assert image.width() == len(matrix) * 4
    assert image.pixelColor(0, 0) == QColor("white")
    finder = 4 * 4 + 1  # the top-left finder pattern starts after the quiet zone
    assert image.pixelColor(finder, finder) == QColor("black")


# -- the controller alone -----------------------------------------------------------------


@pytest.fixture
def demo_config(tmp_path: Path) -> KioskConfig:
    """The demo hall's configuration as the application has it (with the hall's secret)."""
    return load_settings(None, tmp_path / "hall-data").config


@pytest.fixture
def make_controller(
    ui_ctx: Any,
) -> Iterator[Callable[[KioskConfig, GuideLibrary], KioskController]]:
    """A controller on the UI context, deleted before the test ends: a parentless QObject
    left for the interpreter's exit can crash PySide's clean-up."""
    made: list[KioskController] = []

    def make(config: KioskConfig, guides: GuideLibrary) -> KioskController:
        controller = KioskController(
            service=ui_ctx.service, ops=ui_ctx.ops, devices=ui_ctx.devices,
            desk=ticket_desk(ui_ctx.settings, ui_ctx.service, ui_ctx.printer),
            clock=ui_ctx.clock, languages=ui_ctx.languages,
            config=config, hall=ui_ctx.settings.hall, guides=guides,
        )  # fmt: skip
        made.append(controller)
        return controller

    yield make
    for controller in made:
        shiboken6.delete(controller)


def test_without_guide_or_green_channel_a_tap_takes_the_ticket(
    make_controller: Callable[[KioskConfig, GuideLibrary], KioskController],
    demo_config: KioskConfig,
    tmp_path: Path,
    qtbot: Any,
) -> None:
    no_green = demo_config.model_copy(
        update={"kiosk": demo_config.kiosk.model_copy(update={"green_channel": False})}
    )
    controller = make_controller(no_green, GuideLibrary(tmp_path))
    with qtbot.waitSignal(controller.confirmed, timeout=5000) as confirmed:
        controller.choose("phone")
    assert confirmed.args[0].number == "C001"
    assert controller.screen is Screen.CONFIRM


class _ClosingDesk:
    """A desk whose business type closed between the tap and the issue: the core refuses
    with HOURS while the window's clock still finds it open."""

    def issue(self, code: str, priority: Any) -> Any:
        raise ServiceUnavailable(f"business type {code} is closed now", Unavailable.HOURS)


def test_the_notice_says_the_reason_the_core_refused_with(
    ui_ctx: Any, demo_config: KioskConfig, tmp_path: Path, qtbot: Any
) -> None:
    """Re-deriving the reason from the business type at the window's clock would say
    "no more tickets today" here; the error's value says "closed now"."""
    no_green = demo_config.model_copy(
        update={"kiosk": demo_config.kiosk.model_copy(update={"green_channel": False})}
    )
    controller = KioskController(
        service=ui_ctx.service, ops=ui_ctx.ops, devices=ui_ctx.devices,
        desk=_ClosingDesk(), clock=ui_ctx.clock, languages=ui_ctx.languages,
        config=no_green, hall=ui_ctx.settings.hall, guides=GuideLibrary(tmp_path),
    )  # fmt: skip
    try:
        with qtbot.waitSignal(controller.notice, timeout=5000) as shown:
            controller.choose("phone")
        assert shown.args[0].kind is NoticeKind.HOURS
    finally:
        shiboken6.delete(controller)
