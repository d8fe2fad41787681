"""The daily report: written by itself when the business day resets, once, caught up
after a restart, never by two processes, a failure recorded and raised as an alert.

The days are docs/reports.md's worked example (tests/report/conftest.py): day 1
(2026-11-24) has 6 tickets, A005 still waiting when the day ends; day 2 (2026-11-25)
has 2. The hall resets at 04:00."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.app import load_settings
from kiosk.app.daily import DailyReporter, LocalReports, folder
from kiosk.app.settings import Settings
from kiosk.core import daily
from kiosk.core.alerts import report_alerts
from kiosk.core.clock import ManualClock
from kiosk.core.errors import NotFound
from kiosk.core.model import Hall
from kiosk.core.service import QueueService
from kiosk.store import daily as records
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore
from tests.cli_run import run
from tests.report.conftest import DAY1, DAY2, FixedQuote, at
from tests.stores import hall_config

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def settings(tmp_path: Path, store_url: str) -> Settings:
    return load_settings(hall_config(tmp_path / "config", store_url), tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> SqlStore:
    store = open_store(settings.store_url)
    yield store  # type: ignore[misc]
    store.close()


def day_one(hall: Hall, store: SqlStore, clock: ManualClock) -> QueueService:
    """Day 1 of the worked example only (the first day written by conftest.write_days),
    the clock left at its last ticket."""
    service = QueueService(hall, store, clock, FixedQuote())
    clock.set(at(DAY1, 9, 0))
    a1 = service.issue("bill", printing=True).ticket
    service.report_printed(a1.uid)
    clock.set(at(DAY1, 9, 2))
    a2 = service.issue("bill", printing=True).ticket
    service.report_print_failure(a2.uid, a2.number, "paper end", "paper_end")
    clock.set(at(DAY1, 9, 4))
    service.issue("plan")
    clock.set(at(DAY1, 9, 5))
    service.open_counter(1)
    clock.set(at(DAY1, 9, 6, 30))
    service.call_next(1)  # A001 waited 390 s
    clock.set(at(DAY1, 9, 7))
    service.serve(1)
    clock.set(at(DAY1, 9, 10))
    service.done(1)
    service.rate(a1.uid, 4)
    service.call_next(1)  # A002 waited 480 s
    clock.set(at(DAY1, 9, 11))
    service.serve(1)
    clock.set(at(DAY1, 9, 16))
    service.done(1)
    service.rate(a2.uid, 2)
    service.call_next(1)  # B001 waited 720 s
    clock.set(at(DAY1, 9, 18))
    service.no_show(1)
    clock.set(at(DAY1, 9, 20))
    service.issue("bill")
    clock.set(at(DAY1, 9, 21))
    service.cancel("A003", by="visitor")
    clock.set(at(DAY1, 9, 22))
    service.issue("bill")
    clock.set(at(DAY1, 9, 23))
    service.cancel("A004")
    clock.set(at(DAY1, 9, 25))
    service.issue("bill")  # A005: still waiting when the day ends
    return service


def files(settings: Settings) -> list[str]:
    return sorted(p.name for p in folder(settings).iterdir())


def reporter(
    settings: Settings, store: SqlStore, service: QueueService, clock: ManualClock, owner: str
) -> DailyReporter:
    return DailyReporter(settings, store, service, clock, owner=owner)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def test_crossing_the_reset_writes_the_day_once(
    settings: Settings,
    store: SqlStore,
    demo_hall: Hall,
    tmp_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = ManualClock(at(DAY1, 9, 0))
    service = day_one(demo_hall, store, clock)
    writer = reporter(settings, store, service, clock, "pc:1")
    writer.start()
    try:
        assert writer.wait_passes(1)  # the start's look: day 1 is not over
        assert not folder(settings).exists() and writer.outcomes == []
        clock.set(at(DAY2, 3, 59, 59))
        writer.poke()
        assert writer.wait_passes(2)
        assert writer.outcomes == []  # a second before the reset
        clock.set(at(DAY2, 4, 0))
        writer.poke()
        assert writer.wait_passes(3)
        clock.set(at(DAY2, 4, 30))
        writer.poke()
        assert writer.wait_passes(4)  # and again: nothing twice
    finally:
        writer.stop()
    assert [(o.day, o.status) for o in writer.outcomes] == [(DAY1, daily.WRITTEN)]
    assert files(settings) == ["2026-11-24.csv", "2026-11-24.pdf"]
    # the reset closed day 1 in the store: A005 ended with the day, counted so
    status = service.status()
    assert (status.day.date, status.day_stored, status.waiting) == (DAY2, True, ())
    # the CSV is `kiosk report --csv` of the day, by service, counter, staff and hour
    written = (folder(settings) / "2026-11-24.csv").read_bytes()
    by_hand = tmp_path / "by-hand.csv"
    monkeypatch.setenv("KIOSK_NOW", at(DAY2, 4, 30).isoformat())
    code, _, err = run(
        capsys,
        "--config", str(tmp_path / "config" / "hall.toml"),
        "--data-dir", str(tmp_path / "data"),
        "report", "--from", "2026-11-24", "--to", "2026-11-24",
        "--by", "service", "--by", "counter", "--by", "staff", "--by", "hour",
        "--csv", str(by_hand),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert written == by_hand.read_bytes()
    lines = written.decode("utf-8").splitlines()
    head = lines[0].split(",")
    assert head[:6] == ["from", "to", "service", "counter", "staff", "hour"]
    total = dict(zip(head, lines[-1].split(","), strict=True))
    # worked out by hand: 6 issued, 2 served, 1 no-show, 3 cancelled (visitor, staff,
    # and A005 with the day), waits 390/480/720 s
    assert (total["service"], total["issued"], total["served"]) == ("total", "6", "2")
    assert (total["no_show"], total["cancelled"], total["cancelled_day_end"]) == ("1", "3", "1")
    assert (total["open"], total["wait_max_s"], total["print_failures"]) == ("0", "720", "1")
    pdf = (folder(settings) / "2026-11-24.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf_pages(pdf) == 1 and b"/Count 1" in pdf  # four small tables: one page
    assert b"NotoSansCJKSC" in pdf  # the Chinese headings' font is embedded
    # its text maps back to the title's 日 (日报) and the four groupings' headings: 类
    # (业务类型, business type), 窗 (窗口, counter), 工 (工作人员, staff), 时 (时段, hour)
    for glyph in (b"<65E5>", b"<7C7B>", b"<7A97>", b"<5DE5>", b"<65F6>"):
        assert glyph in pdf
    # nothing half-written is left beside them
    assert not [p for p in folder(settings).iterdir() if p.name.startswith(".")]
    record = records.record(store, DAY1)
    assert record is not None and (record.state, record.owner) == (daily.WRITTEN, "pc:1")


def test_a_restart_catches_up_and_a_day_without_tickets_has_none(
    settings: Settings, store: SqlStore, demo_hall: Hall
) -> None:
    clock = ManualClock(at(DAY1, 9, 0))
    service = day_one(demo_hall, store, clock)
    # the process was not running at the reset; it starts three days later
    clock.set(at(DAY1 + dt.timedelta(days=3), 8, 0))
    first = reporter(settings, store, service, clock, "pc:1")
    assert [(o.day, o.status) for o in first.run_due(retry_failed=True)] == [(DAY1, daily.WRITTEN)]
    assert files(settings) == ["2026-11-24.csv", "2026-11-24.pdf"]  # none for the empty days
    # restarted again: nothing to do
    again = reporter(settings, store, service, clock, "pc:2")
    assert again.run_due(retry_failed=True) == []
    listed = LocalReports(settings, store).daily_reports()
    assert [(r.day, r.status) for r in listed] == [(DAY1, daily.WRITTEN)]
    assert [f.name for f in listed[0].files] == ["2026-11-24.csv", "2026-11-24.pdf"]
    assert all(f.size > 0 for f in listed[0].files)


def test_two_processes_write_each_day_once(
    settings: Settings, store: SqlStore, demo_hall: Hall
) -> None:
    """Two processes of the hall (each with its own store connections), started at once
    after the reset: one writes, the other finds the day claimed or written."""
    clock = ManualClock(at(DAY1, 9, 0))
    day_one(demo_hall, store, clock)
    clock.set(at(DAY2, 4, 0, 1))
    stores = [open_store(settings.store_url) for _ in range(2)]
    try:
        writers = [
            reporter(settings, s, QueueService(demo_hall, s, clock), clock, f"pc:{i}")
            for i, s in enumerate(stores)
        ]
        start = threading.Barrier(2)
        results: list[list[object]] = [[], []]

        def look(i: int) -> None:
            start.wait()
            results[i] = list(writers[i].run_due(retry_failed=True))

        threads = [threading.Thread(target=look, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in stores:
            s.close()
    assert sorted(len(r) for r in results) == [0, 1]
    assert files(settings) == ["2026-11-24.csv", "2026-11-24.pdf"]


def test_a_folder_that_cannot_be_written_is_an_alert_retried_at_the_next_start(
    settings: Settings, store: SqlStore, demo_hall: Hall, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(at(DAY1, 9, 0))
    service = day_one(demo_hall, store, clock)
    clock.set(at(DAY2, 4, 0))
    target = folder(settings)
    target.parent.mkdir(parents=True)
    target.write_text("a file where the folder should be")  # root ignores permissions
    writer = reporter(settings, store, service, clock, "pc:1")
    (outcome,) = writer.run_due(retry_failed=True)
    assert (outcome.status, outcome.file) == (daily.FAILED, str(target))
    assert "cannot make the folder" in outcome.reason
    assert any(
        r.levelname == "ERROR" and "ALERT" in r.message and str(target) in r.message
        for r in caplog.records
    )
    reports = LocalReports(settings, store)
    listed = reports.daily_reports()
    assert [(r.day, r.status, r.file) for r in listed] == [(DAY1, daily.FAILED, str(target))]
    (alert,) = report_alerts(listed)
    assert alert.subject == str(target) and "cannot make the folder" in alert.reason
    # the same process does not try again at every look; the next start does
    clock.set(at(DAY2, 5, 0))
    assert writer.run_due() == []
    target.unlink()
    restarted = reporter(settings, store, service, clock, "pc:2")
    assert [o.status for o in restarted.run_due(retry_failed=True)] == [daily.WRITTEN]
    assert report_alerts(reports.daily_reports()) == []
    assert files(settings) == ["2026-11-24.csv", "2026-11-24.pdf"]


def test_a_crash_while_writing_leaves_no_half_file(
    settings: Settings, store: SqlStore, demo_hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.app import daily as app_daily

    clock = ManualClock(at(DAY1, 9, 0))
    service = day_one(demo_hall, store, clock)
    clock.set(at(DAY2, 4, 0))

    def half_then_crash(*args: object) -> None:
        path = args[3]
        assert isinstance(path, Path)
        path.write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app_daily, "write_pdf_sections", half_then_crash)
    (outcome,) = reporter(settings, store, service, clock, "pc:1").run_due()
    assert outcome.status == daily.FAILED and outcome.file.endswith("2026-11-24.pdf")
    assert "No space left on device" in outcome.reason
    assert files(settings) == ["2026-11-24.csv"]  # no .pdf, no temporary file
    monkeypatch.undo()
    # a claim left by a process that died while writing is taken over once stale
    assert records.claim(store, DAY2, "dead:1", clock.now())
    assert not records.claim(store, DAY2, "pc:2", clock.now() + daily.STALE / 2)
    assert records.claim(store, DAY2, "pc:2", clock.now() + daily.STALE)


def test_a_report_file_is_served_by_its_exact_name_only(
    settings: Settings, store: SqlStore, demo_hall: Hall
) -> None:
    clock = ManualClock(at(DAY1, 9, 0))
    service = day_one(demo_hall, store, clock)
    clock.set(at(DAY2, 4, 0))
    reporter(settings, store, service, clock, "pc:1").run_due()
    reports = LocalReports(settings, store)
    assert reports.daily_report_file("2026-11-24.csv").startswith(b"from,to,service")
    (settings.data_dir / "secret.csv").write_text("no")
    for name in ("../secret.csv", "2026-11-24.CSV", "2026-02-30.pdf", "2026-11-25.pdf", ".x"):
        with pytest.raises(NotFound):
            reports.daily_report_file(name)


def test_kiosk_report_daily_by_hand(
    tmp_path: Path, demo_hall: Hall, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    store = open_store(f"sqlite:///{data / 'kiosk.db'}")
    try:
        clock = ManualClock(at(DAY1, 9, 0))
        day_one(demo_hall, store, clock)
    finally:
        store.close()
    monkeypatch.setenv("KIOSK_NOW", at(DAY2, 10, 20).isoformat())
    code, out, err = run(capsys, "--data-dir", str(data), "report", "daily", "--day", "2026-11-25")
    assert (code, out) == (2, "")
    assert "--day 2026-11-25: that business day has not ended (today's is 2026-11-25)" in err
    target = data / "reports" / "daily"
    code, out, err = run(capsys, "--data-dir", str(data), "report", "daily")  # yesterday's
    assert (code, err) == (0, "")
    assert out.splitlines() == [str(target / "2026-11-24.csv"), str(target / "2026-11-24.pdf")]
    first = (target / "2026-11-24.csv").read_bytes()
    # by hand again: written again (the same figures), over the old files
    code, out, err = run(capsys, "--data-dir", str(data), "report", "daily", "--day", "2026-11-24")
    assert (code, err) == (0, "") and (target / "2026-11-24.csv").read_bytes() == first
    # a folder that cannot be written: exit 9, naming it
    for p in target.iterdir():
        p.unlink()
    target.rmdir()
    target.write_text("not a folder")
    code, out, err = run(capsys, "--data-dir", str(data), "report", "daily", "--day", "2026-11-24")
    assert (code, out) == (9, "")
    assert f"the daily report of 2026-11-24: {target}: cannot make the folder" in err


@given(st.dates(), st.sampled_from(daily.EXTENSIONS))
def test_every_days_names_parse_back(day: dt.date, ext: str) -> None:
    name = f"{day.isoformat()}.{ext}"
    assert daily.parse_name(name) == (day, ext)
    assert re.fullmatch(daily.NAME_PATTERN.strip("^$"), name)
    assert name in daily.file_names(day)


@given(st.text(max_size=30))
def test_no_other_name_parses(text: str) -> None:
    parsed = daily.parse_name(text)
    if parsed is not None:
        assert text == f"{parsed[0].isoformat()}.{parsed[1]}"


def test_the_listing_newest_first_with_what_is_missing() -> None:
    noon = dt.datetime(2026, 11, 25, 12, 0)
    recs = [
        daily.Record(DAY1, daily.WRITTEN, "pc:1", noon),
        daily.Record(DAY2, daily.FAILED, "pc:1", noon, "disk full", "/d/2026-11-25.pdf"),
    ]
    on_disk = {
        "2026-11-24.pdf": 10,
        "2026-11-23.csv": 5,
        "notes.txt": 3,
        ".2026-11-22.pdf.9.partial": 1,
    }
    listed = daily.listing(recs, on_disk)
    assert [(r.day.isoformat(), r.status, [f.name for f in r.files]) for r in listed] == [
        ("2026-11-25", daily.FAILED, []),
        ("2026-11-24", daily.MISSING, ["2026-11-24.pdf"]),  # the CSV is gone
        ("2026-11-23", daily.WRITTEN, ["2026-11-23.csv"]),  # a file with no record
    ]
    (alert,) = report_alerts(listed)  # the failure only
    assert (alert.subject, alert.reason, alert.at) == ("/d/2026-11-25.pdf", "disk full", noon)
