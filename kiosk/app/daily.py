"""The daily report, written by the process that owns the store (`kiosk run`, `kiosk
serve`) once a business day has ended: DATA_DIR/reports/daily/YYYY-MM-DD.csv and .pdf
(docs/reports.md, "The daily report").

:class:`DailyReporter` runs on a thread of its own. At its start it catches up (every
date of the last kiosk.core.daily.CATCH_UP_DAYS with tickets and no report, and those
that failed before); then it waits for the hall's reset hour by the injected clock
(looking at it at least once a minute, or when poked) and writes the day that ended.
Before writing it closes a stored day past its reset, as the next operation would, so
the report counts the tickets that ended with the day. Each date is claimed in the
store first (kiosk.store.daily): two processes never write the same date. Each file is
written to a hidden temporary file in the folder, synced, then renamed over its name:
a crash leaves the old file or the new one, never half of one. A failure is logged as an
alert naming the file, recorded (the technician panel shows it), and retried at the next
start.

:class:`LocalReports` lists the folder and the records for the technician panel and
the hall server (``GET /api/v1/reports/daily``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk import files
from kiosk.app.report_files import pdf_font, write_csv, write_pdf_sections
from kiosk.app.settings import Settings
from kiosk.core import daily
from kiosk.core import operations as ops
from kiosk.core import report as rep
from kiosk.core.clock import Clock
from kiosk.core.errors import KioskError, NotFound
from kiosk.core.service import QueueService
from kiosk.store import daily as records
from kiosk.store import report as store_report
from kiosk.store.sql import SqlStore

log = logging.getLogger(__name__)

LOOK_S = 60.0  # the thread looks at the clock at least this often (a clock set forward)
FILE_LIMIT = 64 * files.MiB  # a day's PDF is some 100 kB


def folder(settings: Settings) -> Path:
    """DATA_DIR/reports/daily."""
    return settings.data_dir.joinpath(*daily.FOLDER)


def this_process() -> str:
    """Who claims a date: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class DailyFailure(Exception):
    """A daily report's file could not be written: the file, and why."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a process did with one date's report."""

    day: dt.date
    status: str  # daily.WRITTEN or daily.FAILED
    files: tuple[Path, ...] = ()
    reason: str = ""
    file: str = ""  # the file it failed on


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through a hidden temporary file beside it, synced, then renamed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        write(temp)
        with temp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # a folder that cannot be opened for syncing (not Linux): renamed all the same
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_files(
    settings: Settings, store: SqlStore, day: dt.date, now: dt.datetime
) -> tuple[Path, ...]:
    """Write ``day``'s CSV (`kiosk report --from DAY --to DAY --by service --by counter
    --by staff --by hour --csv`) and PDF (a table per business type, counter, staff
    member and hour); DailyFailure names the file that could not be written."""
    hall = settings.hall
    targets = rep.target_seconds(hall)
    whole = store_report.report(store, day, day, daily.CSV_BY, targets, now)
    sections = [store_report.report(store, day, day, by, targets, now) for by in daily.PDF_SECTIONS]
    target = folder(settings)
    try:
        target.mkdir(parents=True, exist_ok=True)
        if not target.is_dir():
            raise NotADirectoryError(f"{target} is not a folder")
    except OSError as exc:
        raise DailyFailure(target, f"cannot make the folder: {exc.strerror or exc}") from None
    csv_name, pdf_name = (target / n for n in sorted(daily.file_names(day), key=_csv_first))
    try:
        font = pdf_font()
    except KioskError as exc:
        raise DailyFailure(pdf_name, str(exc)) from None
    title = f"营业厅日报 Daily report   {hall_name(settings)}   {day.isoformat()}"
    for path, write in (
        (csv_name, lambda p: write_csv(whole, p)),
        (pdf_name, lambda p: write_pdf_sections(title, sections, hall, p, font)),
    ):
        try:
            write_atomically(path, write)
        except OSError as exc:
            raise DailyFailure(path, f"cannot write: {exc.strerror or exc}") from None
    return csv_name, pdf_name


def _csv_first(name: str) -> int:
    return 0 if name.endswith(".csv") else 1


def hall_name(settings: Settings) -> str:
    hall = settings.config.hall
    return f"{hall.name_zh} {hall.name_en}"


class DailyReporter:
    """Writes each ended business day's report, on a thread of its own."""

    def __init__(
        self,
        settings: Settings,
        store: SqlStore,
        service: QueueService,
        clock: Clock,
        owner: str | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._service = service
        self._clock = clock
        self.owner = owner or this_process()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._done = threading.Condition()
        self.passes = 0  # looks that ran to the end (tests wait for them)
        self.outcomes: list[Outcome] = []  # what this process wrote or failed, in order

    # -- one look ------------------------------------------------------------------

    def run_due(self, *, retry_failed: bool = False) -> list[Outcome]:
        """Write the report of every due date (kiosk.core.daily.due_dates) not written
        yet nor being written; ``retry_failed``: those that failed too (a start)."""
        today = self.close_ended_day()
        first = today - dt.timedelta(days=daily.CATCH_UP_DAYS)
        due = daily.due_dates(records.dates_with_tickets(self._store, first, today), today)
        done = []
        for day in due:
            outcome = self.write(day, retry_failed=retry_failed)
            if outcome is not None:
                done.append(outcome)
        return done

    def close_ended_day(self) -> dt.date:
        """Close the stored business day if it is past its reset and has tickets (its
        open tickets end with the day, as the next operation would); the current
        business date."""
        now = self._clock.now()
        today = ops.business_date(now, self.settings.hall.rules.day_reset)
        newest = records.newest_day(self._store)
        if newest is not None and newest[0] < today and newest[2] and now >= newest[1]:
            self._service.run_op(daily.close_ended_day)
        return today

    def write(
        self, day: dt.date, *, retry_failed: bool = False, force: bool = False
    ) -> Outcome | None:
        """Claim ``day`` and write its report; None when it is not this process's to
        write (written, failed and not retried, or another process is writing it)."""
        now = self._clock.now()
        if not records.claim(
            self._store, day, self.owner, now, retry_failed=retry_failed, force=force
        ):
            return None
        try:
            paths = write_files(self.settings, self._store, day, now)
        except DailyFailure as failure:
            outcome = Outcome(day, daily.FAILED, reason=failure.reason, file=str(failure.file))
        except Exception as exc:  # a bug or a store error: recorded, the thread goes on
            log.exception("daily report %s: writing failed", day)
            target = folder(self.settings)
            why = f"{type(exc).__name__}: {exc}"
            outcome = Outcome(day, daily.FAILED, reason=why, file=str(target))
        else:
            outcome = Outcome(day, daily.WRITTEN, files=paths)
        if outcome.status == daily.FAILED:
            log.error(
                "ALERT: the daily report of %s was not written: %s: %s (retried at the next "
                "start, or: kiosk report daily --day %s)",
                day, outcome.file, outcome.reason, day,
            )  # fmt: skip
        else:
            log.info("daily report of %s written: %s", day, ", ".join(map(str, paths)))
        records.finish(
            self._store, day, self.owner, self._clock.now(), outcome.status,
            outcome.reason, outcome.file,
        )  # fmt: skip
        self.outcomes.append(outcome)
        return outcome

    # -- the thread ----------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="daily-report", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Look at the clock now (a test moved its clock; the hall's reset passed)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wait_passes(self, n: int, timeout: float = 30.0) -> bool:
        """Wait until the thread has looked ``n`` times (tests)."""
        with self._done:
            return self._done.wait_for(lambda: self.passes >= n, timeout)

    def _loop(self) -> None:
        hall = self.settings.hall
        due_at: dt.datetime | None = None  # None: look now (the start's catch-up)
        first = True
        while not self._stopping.is_set():
            now = self._clock.now()
            if due_at is None or now >= due_at:
                try:
                    self.run_due(retry_failed=first)
                    first = False
                    due_at = daily.next_check(now, hall)
                except Exception:  # the store locked or gone: try again at the next look
                    log.exception("daily report: the look at %s failed", now)
            with self._done:
                self.passes += 1
                self._done.notify_all()
            left = (due_at - self._clock.now()).total_seconds() if due_at else LOOK_S
            self._wake.wait(min(max(left, 0.05), LOOK_S))
            self._wake.clear()


class LocalReports:
    """The daily reports of this process's data directory and store (the technician
    panel's, and the hall server's answer to ``GET /api/v1/reports/daily``)."""

    def __init__(self, settings: Settings, store: SqlStore) -> None:
        self._folder = folder(settings)
        self._store = store

    @property
    def where(self) -> str:
        return str(self._folder)

    def daily_reports(self) -> list[daily.DailyReport]:
        return daily.listing(records.records(self._store), files_in(self._folder))

    def daily_report_file(self, name: str) -> bytes:
        """A report's file by its exact name (``YYYY-MM-DD.pdf`` or ``.csv``): NotFound
        for any other name or a file not there."""
        if daily.parse_name(name) is None:
            raise NotFound(f"no daily report {name!r}: expected YYYY-MM-DD.pdf or YYYY-MM-DD.csv")
        path = self._folder / name
        try:
            return files.read_bytes(path, FILE_LIMIT)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFound(f"no daily report {name}") from None


def files_in(where: Path) -> dict[str, int]:
    """The report files in a folder (name -> bytes); none when it is missing."""
    found: dict[str, int] = {}
    try:
        entries = list(os.scandir(where))
    except OSError:
        return found
    for entry in entries:
        if daily.parse_name(entry.name) is None:
            continue
        try:
            if entry.is_file():
                found[entry.name] = entry.stat().st_size
        except OSError:
            continue
    return found
