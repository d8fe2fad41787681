"""The manager view in a real browser: Debian's chromium driven by Playwright, on a
phone (360 × 740) and a PC (1280 × 800). A manager signs in with their token, sees the
charts, switches the period and the language and downloads the CSV, which is `kiosk
report --csv`'s, then sees a complaint's follow-up and the staffing advice. Playwright's
own waits (expect), no sleeps; skipped without chromium except under CI=true
(tests/phone/test_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.model import Resolution
from tests.cli_run import run
from tests.phone.test_browser import browser  # noqa: F401 (the module's chromium)
from tests.server.conftest import LiveServer

SIZES = {"phone": {"width": 360, "height": 740}, "pc": {"width": 1280, "height": 800}}
SLOW_MS = 60_000  # generous, for a loaded machine


@pytest.fixture(params=sorted(SIZES))
def manager_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:  # noqa: F811
    """A browser tab whose language is Chinese, at a phone's or a PC's size."""
    size = request.param
    context = browser.new_context(
        viewport=SIZES[size], locale="zh-CN", is_mobile=size == "phone", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(SLOW_MS)
    yield page
    context.close()


def test_a_manager_signs_in_looks_switches_and_downloads(
    manager_page: Any,
    manager_server: LiveServer,
    manager_token: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    page = manager_page
    page.goto(f"{manager_server.url}/manager")
    expect(page).to_have_url(re.compile(r"/manager/signin\?lang=zh$"))  # not signed in
    expect(page.locator("h2")).to_have_text("经理登录")
    page.fill("#token", "a wrong token")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_have_text("令牌无效或已撤销。")
    page.fill("#token", manager_token)
    page.click("button[type=submit]")

    # today (the 25th), in Chinese: the figures and the charts
    expect(page.locator("#span")).to_have_text("营业日 2026-11-25")
    expect(page.locator('[data-k="issued"] .v')).to_have_text("2")
    for chart in ("#waits svg", "#level svg", "#promise svg", "#counters svg"):
        expect(page.locator(chart)).to_be_visible()
    expect(page.locator("#waits svg")).to_have_attribute("aria-label", "每小时等候时间")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # yesterday, the 24th: six tickets, two served, one satisfied of two rated
    page.get_by_role("link", name="昨天").click()
    expect(page.locator("#span")).to_have_text("营业日 2026-11-24")
    expect(page.locator('[data-k="issued"] .v')).to_have_text("6")
    expect(page.locator('[data-k="served"] .v')).to_have_text("2")
    expect(page.locator('[data-k="wait_p50_s"] .v')).to_have_text("8.0 分钟")  # 480 s
    expect(page.locator("#satisfaction .big span")).to_have_text("50%")
    expect(page.locator(".periods a[aria-current]")).to_have_text("昨天")

    # English, the same period
    page.locator("#other-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#span")).to_have_text("Business day 2026-11-24")
    expect(page.locator("#waits svg")).to_have_attribute("aria-label", "Waits per hour")
    expect(page.locator(".periods a[aria-current]")).to_have_text("Yesterday")

    # a custom span grouped by service, from the form
    page.fill('input[name="from"]', "2026-11-24")
    page.fill('input[name="to"]', "2026-11-25")
    page.select_option('select[name="by"]', "service")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#span")).to_have_text("Business days 2026-11-24 to 2026-11-25")
    expect(page.locator("#figures")).to_have_attribute("data-by", "service")
    expect(page.locator('#figures tr.total [data-k="issued"]')).to_have_text("8")

    # the CSV of what is shown: `kiosk report --csv`'s file, byte for byte
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    got = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "report-2026-11-24-2026-11-25.csv"
    expected = tmp_path / "cli.csv"
    code, _, err = run(capsys, *manager_server.cli_args, "report", "--from", "2026-11-24",
                       "--to", "2026-11-25", "--by", "service", "--csv", str(expected))  # fmt: skip
    assert (code, err) == (0, "")
    assert got == expected.read_bytes()

    # a complaint followed up today: the follow-ups and the coming day's staffing advice
    service = manager_server.runtime.service
    complaint = service.issue("complaint").ticket
    service.call_ticket(4, complaint.number)
    service.serve(4)
    service.resolve(4, Resolution.FOLLOW_UP)
    page.reload()
    expect(page.locator("#follow-ups")).to_be_visible()
    expect(page.locator("#follow-ups tbody tr")).to_have_count(1)
    expect(page.locator("#advice")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # signing out: the page asks for the token again
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/manager/signin"))
    page.goto(f"{manager_server.url}/manager")
    expect(page.locator("#token")).to_be_visible()
