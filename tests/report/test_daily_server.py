"""The daily reports on the hall server: listed (`GET /api/v1/reports/daily`) and
downloaded by their exact name only (`GET /api/v1/reports/daily/{name}`), as a remote
technician panel asks for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.app.daily import folder
from kiosk.app.remote_runtime import RemoteService
from kiosk.core import daily
from kiosk.core.clock import ManualClock
from kiosk.core.errors import KioskError
from tests.report.conftest import DAY1, DAY2, at
from tests.report.test_daily import day_one
from tests.server.conftest import LiveServer, start_server, stop_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, ManualClock]]:
    clock = ManualClock(at(DAY1, 9, 0))
    live = start_server(tmp_path / "server", clock=clock)
    try:
        rt = live.runtime
        day_one(rt.settings.hall, rt.store, clock)
        clock.set(at(DAY2, 4, 0))
        assert rt.daily is not None
        assert [o.status for o in rt.daily.run_due()] == [daily.WRITTEN]
        yield live, clock
    finally:
        stop_server(live)


def test_the_list_and_the_files(server: tuple[LiveServer, ManualClock]) -> None:
    live, clock = server
    listed = httpx.get(f"{live.url}/api/v1/reports/daily", headers=live.headers, timeout=30)
    assert listed.status_code == 200
    (report,) = listed.json()
    assert (report["day"], report["status"], report["reason"]) == ("2026-11-24", "written", "")
    where = folder(live.runtime.settings)
    assert report["files"] == [
        {"name": n, "size": (where / n).stat().st_size}
        for n in ("2026-11-24.csv", "2026-11-24.pdf")
    ]
    for name, media in (("2026-11-24.pdf", "application/pdf"), ("2026-11-24.csv", "text/csv")):
        got = httpx.get(f"{live.url}/api/v1/reports/daily/{name}", headers=live.headers, timeout=30)
        assert got.status_code == 200
        assert got.headers["content-type"].split(";")[0] == media
        assert got.content == (where / name).read_bytes()
    # a remote technician panel's client
    remote = RemoteService(live.url, live.token, clock)
    try:
        assert [(r.day, r.status) for r in remote.daily_reports()] == [(DAY1, daily.WRITTEN)]
        assert remote.daily_report_file("2026-11-24.csv") == (where / "2026-11-24.csv").read_bytes()
        with pytest.raises(KioskError, match="no daily report"):
            remote.daily_report_file("2026-11-25.csv")
    finally:
        remote.close()


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fkiosk.db",
        "..%2Fdaily%2F2026-11-24.pdf",
        "%2E%2E",
        "2026-11-24.pdf%00",
        "2026-11-24.PDF",
        "2026-11-24.pdf.partial",
        ".2026-11-24.pdf",
        "2026-13-01.pdf",
        "2026-02-30.csv",
        "kiosk.db",
        "%2Fetc%2Fpasswd",
        "2026-11-24.csv%0A",
    ],
)
def test_no_other_file_is_served(server: tuple[LiveServer, ManualClock], name: str) -> None:
    live, _ = server
    answer = httpx.get(f"{live.url}/api/v1/reports/daily/{name}", headers=live.headers, timeout=30)
    assert answer.status_code in (400, 404), answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert b"SQLite" not in answer.content and b"%PDF" not in answer.content


def test_a_trailing_slash_is_redirected_to_the_name(
    server: tuple[LiveServer, ManualClock],
) -> None:
    live, _ = server
    url = f"{live.url}/api/v1/reports/daily/2026-11-24.pdf"
    answer = httpx.get(url + "%2F", headers=live.headers, timeout=30)
    assert answer.status_code == 307 and answer.headers["location"] == url  # Starlette's


def test_a_file_is_for_staff_the_list_for_every_pc(
    server: tuple[LiveServer, ManualClock],
) -> None:
    live, _ = server
    display = {"Authorization": f"Bearer {live.enroll('display')}"}
    url = f"{live.url}/api/v1/reports/daily"
    assert httpx.get(url, headers=display, timeout=30).status_code == 200
    assert httpx.get(f"{url}/2026-11-24.pdf", headers=display, timeout=30).status_code == 403
    assert httpx.get(f"{url}/2026-11-24.pdf", timeout=30).status_code == 401
    counter = {"Authorization": f"Bearer {live.enroll('counter', 1)}"}
    assert httpx.get(f"{url}/2026-11-24.pdf", headers=counter, timeout=30).status_code == 200
