"""`kiosk bench start`: from start to the first ticket, on a store with a long history.

``--days`` days of a ``--per-day`` ticket hall (a month of 2,000 a day by default) are
written straight into a fresh store with the generator of `kiosk bench store`, in a
temporary folder (under --data-dir when given), never the user's store. Then, as a
screen process starts (`kiosk run`): the queue service is built by the composition root
(kiosk.app.build_service, which opens and checks the store), the kiosk's tiles are asked
for (QueueService.status, which makes the wait estimator's learning due) and the first
visitor takes a ticket (QueueService.issue). Timed with time.perf_counter from before the
service is built:

- ``tiles_s``: the tiles have their figures; ``first_ticket_s``: the first ticket is
  issued (the goal: within FIRST_TICKET_GOAL_S whatever the history);
- ``learned_s``: the estimator has learned the history (its estimates switch from the
  cold start to the learned ones);
- ``refresh_issue_ms``: an issue an hour later, the one that finds the hourly refresh due
  (the median of REFRESHES hours), after an hour of visits (``--per-day`` / OPEN_HOURS
  tickets issued, served and done by another service on the same store: what the
  refresh reads).

Both ways of learning are run, each on its own copy of the store: ``background`` (the
estimator learns on its own thread; what the hall runs) and ``inline`` (learning inside
the operation that finds it due; how it was before, and what `kiosk screenshots` does).
Only the queue service is timed: the windows, Qt and the devices start beside it.
The figures of a default run are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.scratch import progress, scratch_folder
from benchmarks.store import HOUR_ANCHOR, HistoryInfo, generate_history
from kiosk.app import STORE_FILE, Settings, build_service, load_settings, open_queue_store
from kiosk.core.clock import Clock, ManualClock
from kiosk.core.estimate import LearnedEstimator
from kiosk.core.service import QueueService

FIRST_TICKET_GOAL_S = 1.5
OPEN_HOURS = 12  # a day's tickets come in about this many hours
REFRESHES = 3  # hourly refreshes timed; the median is reported
MODES = ("background", "inline")
SERVICE = "bill"  # the first visitor's business type


@dataclasses.dataclass(frozen=True)
class StartFigures:
    mode: str
    tiles_s: float
    first_ticket_s: float
    learned_s: float
    refresh_issue_ms: float
    learned_tickets: int  # history tickets the first learning read
    refreshed_tickets: int  # tickets the last hourly refresh read (finished in that hour)


def _start(folder: Path, mode: str, now: dt.datetime, per_hour: int) -> StartFigures:
    """One start on the store in `folder`, learning one way."""
    settings = load_settings(None, folder)
    clock = ManualClock(now)
    began = time.perf_counter()
    service = build_service(settings, clock, background=mode == "background")
    try:
        service.status()
        tiles = time.perf_counter() - began
        service.issue(SERVICE)
        first = time.perf_counter() - began
        estimator = service.estimator
        assert isinstance(estimator, LearnedEstimator)
        if not estimator.wait_learned(600):
            raise RuntimeError("the wait estimator did not learn within 10 minutes")
        learned = time.perf_counter() - began
        read = estimator.last_read
        refreshes = []
        for _ in range(REFRESHES):
            _an_hour_of_visits(settings, clock, per_hour)  # then the refresh is due
            issued = time.perf_counter()
            service.issue(SERVICE)
            refreshes.append((time.perf_counter() - issued) * 1000)
            estimator.wait_learned(600)
        refresh_ms = statistics.median(refreshes)
    finally:
        service.close()
        service._store.close()  # type: ignore[attr-defined]
    return StartFigures(mode, tiles, first, learned, refresh_ms, read, estimator.last_read)


def _an_hour_of_visits(settings: Settings, clock: ManualClock, visits: int) -> None:
    """An hour of the hall at counter 1, as another process would make it: ``visits``
    tickets issued, called, served and done, the clock running to an hour and a minute
    later (what the hourly refresh then reads)."""
    store = open_queue_store(settings)
    try:
        q = QueueService(settings.hall, store, clock)  # estimates from the configuration
        q.open_counter(1)
        step = dt.timedelta(hours=1) / visits
        for _ in range(visits):
            q.issue(SERVICE)
            q.call_next(1)
            q.serve(1)
            clock.advance(step.total_seconds())
            q.done(1)
        q.close_counter(1)
        clock.advance(minutes=1)
    finally:
        store.close()


def run(days: int, per_day: int, folder: Path, today: dt.date, log: Any) -> dict[str, Any]:
    """Generate the history once, then start on a copy of it for each way of learning."""
    settings = load_settings(None, folder / "history")
    store = open_queue_store(settings)
    try:
        log(f"history: generating {days} days of {per_day:,} tickets")
        info: HistoryInfo = generate_history(
            store.engine, settings.hall, days * per_day, today, per_day=per_day
        )
    finally:
        store.close()
    source = folder / "history" / STORE_FILE
    now = dt.datetime.combine(today, HOUR_ANCHOR)
    starts = []
    for mode in MODES:
        copy = folder / mode
        copy.mkdir()
        shutil.copyfile(source, copy / STORE_FILE)  # checkpointed: the file is whole
        log(f"start: learning {mode}")
        starts.append(_start(copy, mode, now, max(1, per_day // OPEN_HOURS)))
    return {
        "history": {
            "tickets": info.tickets,
            "days": info.days,
            "per_day": per_day,
            "first_date": info.first_date.isoformat(),
            "last_date": info.last_date.isoformat(),
            "file_mb": info.file_mb,
        },
        "starts": [dataclasses.asdict(s) for s in starts],
        "goal_first_ticket_s": FIRST_TICKET_GOAL_S,
        "goal_met": starts[0].first_ticket_s <= FIRST_TICKET_GOAL_S,
    }


def _text(data: dict[str, Any]) -> str:
    h = data["history"]
    lines = [
        f"history: {h['tickets']:,} tickets over {h['days']} days ({h['per_day']:,} a day), "
        f"{h['first_date']} to {h['last_date']}, {h['file_mb']} MB",
        f"{'learning':<12}{'tiles':>10}{'1st ticket':>12}{'learned':>10}"
        f"{'issue at refresh':>18}{'read':>8}{'then':>6}",
    ]
    for s in data["starts"]:
        lines.append(
            f"{s['mode']:<12}{s['tiles_s']:>9.2f}s{s['first_ticket_s']:>11.2f}s"
            f"{s['learned_s']:>9.2f}s{s['refresh_issue_ms']:>15.1f} ms{s['learned_tickets']:>8}"
            f"{s['refreshed_tickets']:>6}"
        )
    verdict = "met" if data["goal_met"] else "MISSED"
    lines.append(
        f"goal: first ticket within {data['goal_first_ticket_s']} s of start "
        f"(learning in the background): {verdict}"
    )
    return "\n".join(lines)


def main(args: argparse.Namespace, clock: Clock) -> int:
    """`kiosk bench start`; the hall's clock ($KIOSK_NOW or the system's) gives the day
    the history ends before."""
    days, per_day = int(args.days), int(args.per_day)
    if days < 1 or per_day < 1:
        print(
            "kiosk: usage error: bench start needs --days >= 1 and --per-day >= 1", file=sys.stderr
        )
        return 2
    want_json = bool(getattr(args, "json", False))
    log = progress(args)
    with scratch_folder(args, "bench-start-") as folder:
        data = run(days, per_day, folder, clock.now().date(), log)
    print(json.dumps(data, indent=2) if want_json else _text(data))
    return 0
