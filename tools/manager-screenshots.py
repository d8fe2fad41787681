#!/usr/bin/env python3
"""Screenshots of the manager view, Chinese and English, at a phone's size (360 × 740)
and a PC's (1280 × 800), into docs/screenshots/manager-{phone,pc}-{zh,en}.png (the whole
page), manager-phone-screen-{zh,en}.png (one screenful from the figures) and
manager-signin-zh.png:

    .venv/bin/python tools/manager-screenshots.py [DIR]

A scratch hall (the embedded demo hall, a SQLite store in a temporary folder, a fixed
clock: Wednesday 2026-11-25, 15:00): four business days of visitors simulated (the
Thursday before, the staffing advice's history for Thursday; this week's Monday to
Wednesday) through the queue service's own operations (seeded, so the pictures are the same every run),
three staff members signed in at counters 1 to 3, the hall server's manager view on
the loopback, photographed by Debian's chromium through Playwright showing "this week"
grouped by day.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from starlette.applications import Starlette

from kiosk.app import Role, build_runtime, load_settings
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError, NothingToCall
from kiosk.core.model import Resolution
from kiosk.core.pin import hash_pin
from kiosk.server import manager_pages, serve_in_thread

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--hide-scrollbars"]  # fmt: skip
SIZES = {"phone": {"width": 360, "height": 740}, "pc": {"width": 1280, "height": 800}}
DAYS = (dt.date(2026, 11, 19), dt.date(2026, 11, 23), dt.date(2026, 11, 24),
        dt.date(2026, 11, 25))  # fmt: skip  # the Thursday before: the advice's history
NOW = dt.datetime(2026, 11, 25, 15, 0)
MIX = (("bill", 0.45), ("plan", 0.25), ("broadband", 0.15), ("phone", 0.08),
       ("complaint", 0.05), ("vip", 0.02))  # fmt: skip
MEAN_MIN = {"bill": 4, "plan": 9, "broadband": 11, "phone": 7, "complaint": 14, "vip": 8}
STAFF = {1: "li", 2: "wang", 3: "zhang"}  # counter 4: nobody signed in


def rate_per_min(minute: float) -> float:
    """Arrivals a minute at this minute of the day: a morning and an afternoon peak."""
    hour = minute / 60
    return (
        0.22
        + 0.35 * math.exp(-((hour - 10.5) ** 2) / 1.2)
        + 0.25 * math.exp(-((hour - 14.5) ** 2) / 1.5)
    )


def simulate(runtime: object, clock: ManualClock, rng: random.Random, until: dt.datetime) -> None:
    """Three days of a busy hall through the service's operations."""
    service = runtime.service  # type: ignore[attr-defined]
    codes, weights = zip(*MIX, strict=True)
    complaints: dict[int, bool] = {}  # counter -> serving a complaint (resolved, not done)
    followed = False
    for day in DAYS:
        start = dt.datetime.combine(day, dt.time(9, 0))
        busy: dict[int, dt.datetime] = {}
        serving: dict[int, str] = {}  # counter -> ticket uid being served
        for minute in range(8 * 60 + 30):
            now = start + dt.timedelta(minutes=minute)
            if now > until:
                return
            clock.set(now)
            if minute == 0:
                for n in (1, 2, 3, 4):
                    service.open_counter(n)
            if minute < 8 * 60:
                for _ in range(_poisson(rng, rate_per_min(9 * 60 + minute))):
                    code = rng.choices(codes, weights)[0]
                    try:
                        ticket = service.issue(code).ticket
                    except KioskError:
                        continue
                    if rng.random() < 0.03:
                        clock.set(now + dt.timedelta(seconds=30))
                        service.cancel(ticket.number, by="visitor")
                        clock.set(now)
            for n in (1, 2, 3, 4):
                if busy.get(n, start) > now:
                    continue
                if n in serving:
                    uid = serving.pop(n)
                    if complaints.pop(n, False):  # every other one followed up
                        followed = not followed
                        how = Resolution.FOLLOW_UP if followed else Resolution.RESOLVED_HERE
                        service.resolve(n, how)
                    else:
                        service.done(n)
                    if rng.random() < 0.7:
                        service.rate(uid, rng.choices((4, 3, 2, 1), (60, 28, 8, 4))[0])
                try:
                    ticket = service.call_next(n)
                except NothingToCall:
                    continue
                if rng.random() < 0.04:
                    clock.set(now + dt.timedelta(seconds=40))
                    service.no_show(n)
                    clock.set(now)
                    continue
                service.serve(n)
                serving[n] = ticket.uid
                complaints[n] = ticket.service == "complaint"
                mean = MEAN_MIN.get(ticket.service, 6)
                busy[n] = now + dt.timedelta(
                    minutes=max(1, rng.lognormvariate(math.log(mean), 0.5))
                )


def _poisson(rng: random.Random, lam: float) -> int:
    n, p, limit = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return n
        n += 1


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    clock = ManualClock(dt.datetime.combine(DAYS[0], dt.time(8, 0)))
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(None, Path(tmp))
        with build_runtime(Role.SERVER, settings, clock=clock) as runtime:
            access = runtime.access
            for counter, staff in STAFF.items():
                access.add_staff(staff, staff.title(), hash_pin("1234"), clock.now())
                access.sign_in(counter, staff, clock.now())
            simulate(runtime, clock, random.Random(13), NOW)
            clock.set(NOW)
            _, token = access.enroll("manager", None, "hall manager", clock.now())
            pages = manager_pages(runtime, access)
            with serve_in_thread(Starlette(routes=pages.routes), "127.0.0.1", 0) as server:
                shoot(server.url, token, out)
    return 0


def shoot(base: str, token: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, viewport in SIZES.items():
            for lang, locale in (("zh", "zh-CN"), ("en", "en-GB")):
                context = browser.new_context(
                    viewport=viewport,
                    locale=locale,
                    device_scale_factor=2 if size == "phone" else 1,
                    is_mobile=size == "phone",
                )
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(f"{base}/manager")
                if size == "phone" and lang == "zh":
                    page.screenshot(path=str(out / "manager-signin-zh.png"))
                    print(out / "manager-signin-zh.png")
                page.fill("#token", token)
                page.click("button[type=submit]")
                expect(page.locator("#span")).to_be_visible()  # signed in: the view
                page.goto(f"{base}/manager?period=week&by=day&lang={lang}")
                expect(page.locator("#waits svg")).to_be_visible()
                path = out / f"manager-{size}-{lang}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path)
                if size == "phone":  # one screenful, from the charts: the README's
                    page.evaluate("document.getElementById('total').scrollIntoView()")
                    path = out / f"manager-phone-screen-{lang}.png"
                    page.screenshot(path=str(path))
                    print(path)
                context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
