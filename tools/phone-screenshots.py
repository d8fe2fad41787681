#!/usr/bin/env python3
"""Screenshots of the visitor's ticket page in each state, Chinese and English, at a
phone's size (360 × 740), into docs/screenshots/phone-STATE-LANG.png:

    .venv/bin/python tools/phone-screenshots.py [DIR]

A scratch hall (the embedded demo hall, a SQLite store in a temporary folder, a fixed
clock) served on the loopback by the ticket page's routes, photographed by Debian's
chromium through Playwright. States: waiting, called, leave (the question), left,
no-show, ended (a ticket of an earlier day) and, in both languages at once,
phone-invalid.png (a tampered link).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright
from starlette.applications import Starlette

from kiosk import config
from kiosk.core.clock import ManualClock
from kiosk.core.service import QueueService
from kiosk.core.ticketlink import ticket_url
from kiosk.server import ServerHandle, serve_in_thread
from kiosk.server.phone import PhonePages, PhoneSettings
from kiosk.store.schema import open_store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
PHONE = {"width": 360, "height": 740}
MORNING = dt.datetime(2026, 11, 24, 9, 40)
SECRET = "screenshots-only-not-a-hall-secret"


def serve(pages: PhonePages) -> ServerHandle:
    app = Starlette(routes=[pages.mount()])
    app.state.closers = [pages.aclose]  # run by the server as it stops (as build_app's)
    return serve_in_thread(app, "127.0.0.1", 0)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    hall = config.load(None).to_hall()
    clock = ManualClock(MORNING - dt.timedelta(days=1))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'kiosk.db'}")
        service = QueueService(hall, store, clock)
        settings = PhoneSettings(
            "http://127.0.0.1/ticket",
            SECRET,
            "人民路营业厅",
            "Renmin Road service hall",
            estimates_s=3600,  # the first read's estimates: the same pictures every run
        )
        pages = PhonePages(service, service.feed, settings, clock)
        server = serve(pages)
        base = server.url

        def url(uid: str) -> str:
            return ticket_url(f"{base}/ticket", SECRET, uid)

        yesterday = service.issue("bill").ticket  # ended: a ticket of an earlier day
        clock.set(MORNING)
        for code in ("plan", "plan", "bill", "plan"):
            service.issue(code)
        for n in (1, 2, 3):
            service.open_counter(n)
        waiting = service.issue("plan").ticket
        called = service.issue("plan").ticket
        leaving = {"zh": service.issue("plan").ticket, "en": service.issue("plan").ticket}
        missed = service.issue("bill").ticket
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for lang, locale in (("zh", "zh-CN"), ("en", "en-GB")):
                    context = browser.new_context(
                        viewport=PHONE, locale=locale, device_scale_factor=2, is_mobile=True
                    )
                    page = context.new_page()
                    page.set_default_timeout(30_000)

                    def shoot(name: str, page: Page = page, lang: str = lang) -> None:
                        page.screenshot(path=str(out / f"phone-{name}-{lang}.png"))
                        print(out / f"phone-{name}-{lang}.png")

                    page.goto(url(waiting.uid))
                    expect(page.locator("#t")).to_have_attribute("data-state", "waiting")
                    shoot("waiting")
                    page.goto(url(called.uid))
                    expect(page.locator("body")).to_have_attribute("data-live", "1")
                    if lang == "zh":
                        service.call_ticket(3, called.number)
                    else:
                        service.recall(3)
                    expect(page.locator("#t")).to_have_attribute("data-state", "called")
                    shoot("called")
                    page.goto(url(leaving[lang].uid))
                    page.locator("a.leave").click()
                    expect(page.locator("form")).to_be_visible()
                    shoot("leave")
                    page.locator("form button").click()
                    expect(page.locator("#t")).to_have_attribute("data-state", "left")
                    shoot("left")
                    if lang == "zh":
                        service.call_ticket(1, missed.number)
                        service.no_show(1)
                    page.goto(url(missed.uid))
                    expect(page.locator("#t")).to_have_attribute("data-state", "no_show")
                    shoot("no-show")
                    page.goto(url(yesterday.uid))
                    expect(page.locator("#t")).to_have_attribute("data-state", "ended")
                    shoot("ended")
                    if lang == "zh":  # one page in both languages
                        page.goto(url(waiting.uid)[:-1] + "0")
                        expect(page.locator("#t")).to_be_visible()
                        page.screenshot(path=str(out / "phone-invalid.png"))
                    context.close()
                browser.close()
        finally:
            server.stop()
            service.close()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
