"""The manager view over real HTTP on the loopback: who may see it, and that its figures
are `kiosk report`'s, number for number."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli_run import ok_json, run
from tests.server.conftest import LiveServer

from .conftest import sign_in

Capture = pytest.CaptureFixture[str]
SPAN = {"period": "custom", "from": "2026-11-24", "to": "2026-11-25"}


def test_the_page_asks_to_sign_in_first(
    manager_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        with caplog.at_level(logging.WARNING, "kiosk.server.manager.app"):
            page = client.get("/manager")
            download = client.get("/manager/report.csv")
            daily = client.get("/manager/daily/2026-11-24.pdf")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/manager/signin")
        assert (download.status_code, daily.status_code) == (401, 401)
        refused = [r.getMessage() for r in caplog.records]
        assert any(m.startswith("refused GET /manager from 127.0.0.1: 401") for m in refused)
        assert any("GET /manager/report.csv" in m for m in refused)
        form = client.get("/manager/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        assert form.status_code == 200
        assert "经理登录" in form.text and 'name="token"' in form.text


def test_only_a_manager_or_admin_token_signs_in(
    manager_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    counter = manager_server.enroll("counter", 1)
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        with caplog.at_level(logging.WARNING, "kiosk.server.manager.app"):
            for token in ("not-a-token", counter, ""):
                answer = sign_in(client, token)
                assert answer.status_code == 401, token
                assert "kiosk_manager" not in answer.headers.get("set-cookie", "")
        assert sum("not a manager's token" in r.getMessage() for r in caplog.records) == 3
        assert client.get("/manager").status_code == 303
        assert sign_in(client, manager_server.token).status_code == 303  # the admin's
        assert client.get("/manager").status_code == 200


def test_the_session_cookie_is_httponly_and_same_site_strict(
    manager_server: LiveServer, manager_token: str
) -> None:
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        answer = sign_in(client, manager_token)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/manager?lang=en"
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith("kiosk_manager=")
    for part in ("httponly", "samesite=strict", "path=/manager", "max-age=43200"):
        assert part in cookie
    assert "secure" not in cookie  # plain http on the hall's network; https adds it
    assert manager_token not in answer.headers["set-cookie"]  # a session id, not the token


def test_a_sign_in_from_another_site_is_refused(
    manager_server: LiveServer, manager_token: str
) -> None:
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        answer = client.post(
            "/manager/signin",
            data={"token": manager_token},
            headers={"Origin": "http://evil.example"},
        )
        assert answer.status_code == 403
        answer = client.post(
            "/manager/signin",
            data={"token": manager_token},
            headers={"Sec-Fetch-Site": "cross-site"},
        )
        assert answer.status_code == 403
        assert client.get("/manager").status_code == 303


def test_revoking_the_pc_ends_its_sessions(
    manager_server: LiveServer, signed_in: httpx.Client
) -> None:
    assert signed_in.get("/manager").status_code == 200
    rt = manager_server.runtime
    pc = next(p for p in rt.access.pcs() if p.role == "manager")
    rt.access.revoke(pc.id, rt.clock.now())
    assert signed_in.get("/manager").status_code == 303
    assert signed_in.get("/manager/report.json").status_code == 401


def test_signing_out_ends_the_session(signed_in: httpx.Client) -> None:
    assert signed_in.get("/manager").status_code == 200
    answer = signed_in.post("/manager/signout")
    assert answer.status_code == 303
    assert signed_in.get("/manager").status_code == 303


def test_the_json_download_is_kiosk_report_json(
    each_store_manager_server: LiveServer, capsys: Capture
) -> None:
    live = each_store_manager_server
    with httpx.Client(base_url=live.url, timeout=60) as client:
        assert sign_in(client, live.enroll("manager")).status_code == 303
        for by in ("service", "hour", "counter", "staff", "day", "week"):
            answer = client.get("/manager/report.json", params={**SPAN, "by": by})
            assert answer.status_code == 200
            assert "attachment" in answer.headers["content-disposition"]
            expected = ok_json(
                capsys, *live.cli_args, "report", "--from", "2026-11-24", "--to",
                "2026-11-25", "--by", by,
            )  # fmt: skip
            assert answer.json() == expected, by
            assert answer.json()["total"]["issued"] == 8


def test_kiosk_server_enroll_manager(manager_server: LiveServer, capsys: Capture) -> None:
    """A manager's token: signs in to the view; on the API it may read, nothing more."""
    enrolled = ok_json(
        capsys, *manager_server.cli_args, "server", "enroll", "manager", "--name", "Ms Zhou"
    )
    assert enrolled["role"] == "manager" and enrolled["counter"] is None
    token = enrolled["token"]
    with httpx.Client(base_url=manager_server.url, timeout=60) as client:
        assert sign_in(client, token).status_code == 303
        assert "Signed in: Ms Zhou" in client.get("/manager?lang=en").text
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/status", headers=bearer).status_code == 200
        issue = client.post("/api/v1/tickets", json={"service": "bill"}, headers=bearer)
        assert issue.status_code == 403


class _Cells(HTMLParser):
    """The figures table's cells: (data-k, data-v) of each row, and the cards' values."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.cards: dict[str, str] = {}
        self._card: str | None = None
        self._in_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id") == "figures":
            self._in_table = True
        if tag == "tr" and self._in_table:
            self.rows.append({})
        if tag in ("td", "th") and self._in_table and a.get("data-k"):
            self.rows[-1][str(a["data-k"])] = json.loads(str(a["data-v"]))
        if tag == "div" and "card" in (a.get("class") or ""):
            self._card = a.get("data-k")
        if tag == "span" and a.get("class") == "v" and self._card:
            self.cards[self._card] = ""

    def handle_data(self, data: str) -> None:
        if self._card and self._card in self.cards and not self.cards[self._card]:
            self.cards[self._card] = data

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        if tag == "div":
            self._card = None


def test_the_page_shows_kiosk_reports_figures(
    manager_server: LiveServer, signed_in: httpx.Client, capsys: Capture
) -> None:
    page = signed_in.get("/manager", params={**SPAN, "by": "day", "lang": "en"})
    assert page.status_code == 200
    cells = _Cells()
    cells.feed(page.text)
    expected = ok_json(capsys, *manager_server.cli_args, "report", "--from", "2026-11-24",
                       "--to", "2026-11-25", "--by", "day")  # fmt: skip
    rows, total = cells.rows[1:-1], cells.rows[-1]  # the head, the rows, the total
    assert [r["day"] for r in rows] == ["2026-11-24", "2026-11-25"]
    for shown, row in zip(rows, expected["rows"], strict=True):
        assert shown == {k: row[k] for k in shown}
    assert total == {k: expected["total"][k] for k in total}
    # the answers worked out by hand (docs/reports.md, "A worked example")
    assert (total["issued"], total["served"], total["no_show"], total["cancelled"]) == (8, 3, 1, 3)
    assert (total["wait_p50_s"], total["wait_p90_s"], total["service_level"]) == (390, 720, 0.5)
    assert cells.cards["issued"] == "8" and cells.cards["served"] == "3"
    assert cells.cards["wait_p50_s"] == "6.5 min"  # 390 s
    assert cells.cards["service_level"] == "50%" and cells.cards["promise_kept"] == "67%"
    for chart in ("waits", "level", "promise", "satisfaction", "counters", "staff"):
        assert f'<section class="panel" id="{chart}">' in page.text, chart
    assert page.text.count("<svg") >= 5
    assert "Business days 2026-11-24 to 2026-11-25" in page.text


def test_the_csv_download_is_kiosk_reports_csv(
    manager_server: LiveServer, signed_in: httpx.Client, capsys: Capture, tmp_path: Path
) -> None:
    answer = signed_in.get("/manager/report.csv", params={**SPAN, "by": "hour"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="report-2026-11-24-2026-11-25.csv"' in answer.headers["content-disposition"]
    path = tmp_path / "cli.csv"
    code, _, err = run(capsys, *manager_server.cli_args, "report", "--from", "2026-11-24",
                       "--to", "2026-11-25", "--by", "hour", "--csv", str(path))  # fmt: skip
    assert (code, err) == (0, "")
    assert answer.content == path.read_bytes()
    lines = list(csv.reader(io.StringIO(answer.text)))
    assert lines[-1][2] == "total"


def test_the_workbook_and_pdf_downloads(signed_in: httpx.Client) -> None:
    xlsx = signed_in.get("/manager/report.xlsx", params=SPAN)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = signed_in.get("/manager/report.pdf", params=SPAN)
    assert pdf.status_code in (200, 503)  # 503: the server has no Chinese font
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_the_named_periods(signed_in: httpx.Client) -> None:
    """It is 10:20 on Wednesday 2026-11-25: today is the 25th, yesterday the 24th, this
    week and this month run from Monday the 23rd and the 1st."""
    spans = {}
    for period in ("today", "yesterday", "week", "month"):
        data = signed_in.get("/manager/report.json", params={"period": period}).json()
        spans[period] = (data["from"], data["to"], data["total"]["issued"])
    assert spans == {
        "today": ("2026-11-25", "2026-11-25", 2),
        "yesterday": ("2026-11-24", "2026-11-24", 6),
        "week": ("2026-11-23", "2026-11-25", 8),
        "month": ("2026-11-01", "2026-11-25", 8),
    }


def test_a_bad_period_is_a_page_naming_it(signed_in: httpx.Client) -> None:
    bad = signed_in.get("/manager", params={"period": "custom", "from": "24/11", "lang": "en"})
    assert bad.status_code == 400
    assert "from: a date is YYYY-MM-DD" in bad.text
    later = signed_in.get("/manager", params={"from": "2026-11-25", "to": "2026-11-24"})
    assert later.status_code == 400
    assert signed_in.get("/manager", params={"by": "weather"}).status_code == 400
    assert signed_in.get("/manager/report.json", params={"by": "weather"}).status_code == 400
    assert signed_in.get("/manager/report.docx").status_code == 404


def test_the_language_follows_the_browser_and_the_switch(signed_in: httpx.Client) -> None:
    zh = signed_in.get("/manager", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert '<html lang="zh-CN">' in zh.text and "经理视图" in zh.text
    en = signed_in.get("/manager", headers={"Accept-Language": "en-GB"})
    assert '<html lang="en">' in en.text and "Manager view" in en.text
    switched = signed_in.get("/manager?lang=zh", headers={"Accept-Language": "en-GB"})
    assert "经理视图" in switched.text
    link = re.search(r'href="/manager\?([^"]*)"[^>]*id="other-language"', switched.text)
    assert link is not None and "lang=en" in link.group(1)


def test_the_page_loads_nothing_from_elsewhere(signed_in: httpx.Client) -> None:
    page = signed_in.get("/manager", params=SPAN)
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "<script" not in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    assert page.headers["cache-control"] == "no-store"


def test_daily_reports_are_listed_newest_first(
    manager_server: LiveServer, signed_in: httpx.Client
) -> None:
    page = signed_in.get("/manager")
    assert 'id="daily"' not in page.text  # no folder yet: no section
    folder = manager_server.data_dir / "reports" / "daily"
    folder.mkdir(parents=True)
    for name in ("2026-11-23.pdf", "2026-11-24.csv", "2026-11-24.pdf", "notes.txt"):
        (folder / name).write_bytes(name.encode())
    page = signed_in.get("/manager", params={"lang": "en"})
    section = page.text[page.text.index('id="daily"') :]
    found = re.findall(r'href="/manager/daily/([^"]+)"', section)
    assert found == ["2026-11-24.pdf", "2026-11-24.csv", "2026-11-23.pdf"]
    answer = signed_in.get("/manager/daily/2026-11-24.csv")
    assert (answer.status_code, answer.content) == (200, b"2026-11-24.csv")
    assert signed_in.get("/manager/daily/notes.txt").status_code == 404
    assert signed_in.get("/manager/daily/..%2Fkiosk.db").status_code == 404


def test_staff_are_shown_by_their_names(
    manager_server: LiveServer, signed_in: httpx.Client
) -> None:
    """Staff signed in at counter 1 calls and serves today's waiting A001: the chart of
    served per staff member names her as `kiosk server staff add` did; the table groups by
    her id's name too."""
    from kiosk.core.pin import hash_pin

    rt = manager_server.runtime
    now = rt.clock.now()
    rt.access.add_staff("zhou", "Zhou Min", hash_pin("2468"), now)
    rt.access.sign_in(1, "zhou", now)
    rt.service.open_counter(1)
    rt.service.call_next(1)
    rt.service.serve(1)
    rt.service.done(1)
    page = signed_in.get("/manager", params={"period": "today", "by": "staff", "lang": "en"})
    staff = page.text[page.text.index('id="staff"') :]
    assert "Zhou Min: 1" in staff  # the bar's tooltip
    assert 'data-k="staff" data-v="&quot;zhou&quot;">Zhou Min</th>' in page.text
