"""The manager view's "Complaint follow-ups" and "Staffing advice" sections, on real
stores: a follow-up past its promised date by the injected clock is overdue and listed
first; the advice's lines are `kiosk advise`'s text, line for line; and the hall server's
``GET /api/v1/advise`` and `kiosk advise --server` give what `kiosk advise` gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.app import STORE_FILE
from kiosk.core.clock import ManualClock
from kiosk.core.model import Hall, Resolution
from kiosk.core.service import QueueService
from kiosk.server.manager import sections
from kiosk.store.schema import open_store
from tests.advise.test_advise_days import NOW, WEEK1, write_weeks
from tests.advise.test_advise_days import at as week_at
from tests.cli_run import ok_json, run
from tests.server.conftest import LiveServer, start_server, stop_server
from tests.test_follow_ups import serve_complaint

from .conftest import sign_in

Capture = pytest.CaptureFixture[str]
TUE = dt.date(2026, 11, 24)
SAT = dt.datetime(2026, 11, 28, 10, 0)
LI = r'<li(?: class="short")?>(.*?)</li>'  # a line of advice (not an svg <line>)
LI_WHOLE = r'<li(?: class="short")?>.*?</li>'


@dataclasses.dataclass
class Host:
    """What the sections' hooks read of the hall server's runtime."""

    store: Any
    service: QueueService
    clock: ManualClock


def _rows(html: str) -> list[tuple[str, str, list[str]]]:
    """(case, status, the cells' text) of each follow-up row, in the page's order."""
    out = []
    for case, status, body in re.findall(
        r'<tr class="\w+" data-case="([^"]+)" data-status="(\w+)">(.*?)</tr>', html
    ):
        cells = [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body)]
        out.append((case, status, cells))
    return out


def test_follow_ups_overdue_first_then_open_then_closed(demo_hall: Hall, store_url: str) -> None:
    store = open_store(store_url)
    try:
        clock = ManualClock(dt.datetime(2026, 11, 24, 9, 0))
        service = QueueService(demo_hall, store, clock)
        e1 = serve_complaint(service)
        service.resolve(3, Resolution.FOLLOW_UP)  # C20261124-001, by Friday the 27th
        clock.advance(minutes=10)
        e2 = serve_complaint(service)
        service.resolve(3, Resolution.FOLLOW_UP, dt.date(2026, 11, 30))  # -002, by Monday
        clock.advance(minutes=10)
        serve_complaint(service)
        service.resolve(3, Resolution.FOLLOW_UP)  # -003, closed at once
        service.close_follow_up("C20261124-003", "called back", "s01")
        clock.set(SAT)  # Saturday: -001 is overdue, -002 still open
        host = Host(store, service, clock)

        html = sections.follow_ups_section(host, TUE, SAT.date(), "en")
        assert 'id="follow-ups"' in html and "Complaint follow-ups" in html
        rows = _rows(html)
        assert [(case, status) for case, status, _ in rows] == [
            ("C20261124-001", "overdue"),
            ("C20261124-002", "open"),
            ("C20261124-003", "closed"),
        ]
        assert rows[0][2] == [
            "C20261124-001", e1, "Complaints & disputes", service.hall.counter(3).name_en,
            "—", "2026-11-27", "overdue",
        ]  # fmt: skip
        assert rows[1][2][1] == e2 and rows[1][2][5:] == ["2026-11-30", "open"]
        assert 'class="overdue"' in html  # drawn in red by the style sheet
        zh = sections.follow_ups_section(host, TUE, SAT.date(), "zh")
        assert [r[2][-1] for r in _rows(zh)] == ["逾期", "未结", "已结"]
        assert "投诉跟进" in zh and "承诺答复日期" in zh
        # the Friday before: nothing overdue yet
        clock.set(dt.datetime(2026, 11, 27, 16, 0))
        friday = sections.follow_ups_section(host, TUE, TUE, "en")
        assert [s for _, s, _ in _rows(friday)] == ["open", "open", "closed"]
        # no follow-up at all: no section
        assert sections.follow_ups_section(host, dt.date(2026, 10, 1), dt.date(2026, 10, 2),
                                           "en") == ""  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def advise_server(
    tmp_path: Path, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveServer]:
    """The hand-written weeks of tests/advise on a hall server read at NOW (Tuesday the
    24th, 10:00); `kiosk` commands on its data directory read at NOW too."""
    folder = tmp_path / "data"
    folder.mkdir()
    store = open_store(f"sqlite:///{folder / STORE_FILE}")
    try:
        clock = ManualClock(week_at(WEEK1, 9, 0))
        write_weeks(QueueService(demo_hall, store, clock), clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", NOW.isoformat())
    monkeypatch.delenv("KIOSK_SERVER", raising=False)
    live = start_server(folder, clock=ManualClock(NOW))
    try:
        yield live
    finally:
        stop_server(live)


def _advice_lines(html: str) -> list[str]:
    """The section's text as `kiosk advise` writes it: a heading per group, its lines."""
    out = []
    for group in re.findall(r'<div class="advice-group".*?</div>', html, re.S):
        out.append(unescape(re.search(r"<h3>(.*?)</h3>", group).group(1)) + ":")  # type: ignore[union-attr]
        out += ["  " + unescape(li) for li in re.findall(LI, group)]
    return out


@pytest.mark.parametrize("day", ["2026-11-24", "2026-11-25"])
def test_the_advice_lines_are_kiosk_advise_text(
    advise_server: LiveServer, capsys: Capture, day: str
) -> None:
    live = advise_server
    code, out, err = run(capsys, *live.cli_args, "advise", "--day", day)
    assert (code, err) == (0, "")
    html = sections.advice_section(live.runtime, dt.date.fromisoformat(day), "en")
    assert f'data-day="{day}"' in html
    assert f"Staffing advice for {day}" in html
    assert "80% of visitors are called within 10 min" in html
    assert _advice_lines(html) == out.splitlines()[1:]
    # a shortfall (fewer open than needed) is highlighted, and only a shortfall
    for li in re.findall(LI_WHOLE, html):
        m = re.search(r": (\d+) open, (\d+) needed", li)
        short = m is not None and int(m.group(1)) < int(m.group(2))
        assert ('class="short"' in li) == short, li
    # a chart where visitors are expected (the 25th, a Wednesday, has no history)
    assert ('<svg class="chart staffing"' in html) == (day == "2026-11-24")


def test_the_advice_chart_and_a_shortfall(demo_hall: Hall) -> None:
    """Hand-made slots: 09:00-10:00 needs 2 with 1 open (red), then 1 with 1 open."""
    from kiosk.core import advise as adv

    group = adv.groups_of(demo_hall)[0].services

    def slot(h: int, m: int, needed: int, opened: int | None) -> adv.Slot:
        start = dt.time(h, m)
        end = (dt.datetime.combine(TUE, start) + dt.timedelta(minutes=30)).time()
        return adv.Slot(start, end, group, 1.0, needed, opened)

    advice = adv.Advice(TUE, 10.0, 0.8, (slot(9, 0, 2, 1), slot(9, 30, 2, 1),
                                         slot(10, 0, 1, 1), slot(10, 30, 0, None)))  # fmt: skip
    html = sections.advice_html(demo_hall, advice, "en", {"period": "week", "lang": "en"})
    assert re.findall(LI_WHOLE, html) == [
        '<li class="short">09:00–10:00: 1 open, 2 needed</li>',
        "<li>10:00–10:30: 1 open, 1 needed</li>",
        "<li>10:30–11:00: ? open, 0 needed</li>",
    ]
    # two red bars; 10:00 and 10:30 (visitors expected, none needed) and the legend's
    assert html.count('class="need short"') == 2 and html.count('class="need"') == 3
    assert '<input type="hidden" name="period" value="week">' in html
    zh = sections.advice_html(demo_hall, advice, "zh", {})
    assert "09:00–10:00：开放 1，需要 2" in zh and "排班建议：2026-11-24" in zh


def test_the_page_shows_the_coming_days_advice(advise_server: LiveServer) -> None:
    live = advise_server
    with httpx.Client(base_url=live.url, timeout=60) as client:
        assert sign_in(client, live.enroll("manager")).status_code == 303
        page = client.get("/manager")  # today, the 24th: the advice of the 25th
        assert page.status_code == 200
        assert 'id="advice" data-day="2026-11-25"' in page.text
        picked = client.get("/manager", params={"period": "week", "advice_day": "2026-11-24"})
        assert 'id="advice" data-day="2026-11-24"' in picked.text
        assert '<input type="hidden" name="period" value="week">' in picked.text
        bad = client.get("/manager", params={"advice_day": "tomorrow", "lang": "en"})
        assert bad.status_code == 400 and "advice_day: a date is YYYY-MM-DD" in bad.text


def test_the_api_answers_kiosk_advise_json(advise_server: LiveServer, capsys: Capture) -> None:
    live = advise_server
    headers = {"Authorization": f"Bearer {live.enroll('manager')}"}
    cases: list[tuple[dict[str, str], list[str]]] = [
        ({}, []),
        ({"day": "2026-11-24"}, ["--day", "2026-11-24"]),
        ({"day": "2026-11-25", "target_minutes": "1", "level": "0.99"},
         ["--day", "2026-11-25", "--target-minutes", "1", "--level", "0.99"]),
    ]  # fmt: skip
    for params, flags in cases:
        answer = httpx.get(f"{live.url}/api/v1/advise", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        expected = ok_json(capsys, *live.cli_args, "advise", "--json", *flags)
        assert answer.json() == expected, params
        assert len(expected["slots"]) == 48
    bad = [
        ({"day": "24/11/2026"}, "day"),
        ({"level": "1"}, "level"),
        ({"level": "0"}, "level"),
        ({"level": "high"}, "level"),
        ({"level": "nan"}, "level"),
        ({"target_minutes": "0"}, "target_minutes"),
        ({"target_minutes": "-5"}, "target_minutes"),
        ({"target_minutes": "inf"}, "target_minutes"),
        ({"target_minutes": "1e9"}, "target_minutes"),
    ]
    for params, name in bad:
        answer = httpx.get(f"{live.url}/api/v1/advise", params=params, headers=headers)
        assert answer.status_code == 400, params
        assert answer.json()["message"].startswith(name), answer.json()
    assert httpx.get(f"{live.url}/api/v1/advise").status_code == 401
    schema = httpx.get(f"{live.url}/openapi.json").json()
    assert "/api/v1/advise" in schema["paths"]


def test_kiosk_advise_server(
    advise_server: LiveServer, capsys: Capture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`kiosk advise --server URL` on another PC (its own empty data directory) prints
    what `kiosk advise` prints on the server's PC."""
    live = advise_server
    here = ok_json(capsys, *live.cli_args, "advise", "--json", "--day", "2026-11-24")
    code, text_here, _ = run(capsys, *live.cli_args, "advise", "--day", "2026-11-24")
    assert code == 0
    other = tmp_path / "other-pc"
    other.mkdir()
    monkeypatch.setenv("KIOSK_TOKEN", live.enroll("manager"))
    remote = ["--data-dir", str(other), "advise", "--server", live.url, "--day", "2026-11-24"]
    assert ok_json(capsys, *remote, "--json") == here
    code, text_there, err = run(capsys, *remote)
    assert (code, err, text_there) == (0, "", text_here)
    code, _, err = run(capsys, *remote[:-2], "--level", "0.5", "--target-minutes", "5")
    assert code == 0
    monkeypatch.setenv("KIOSK_TOKEN", "not-a-token")
    code, out, err = run(capsys, *remote)
    assert code == 14 and out == "" and err
