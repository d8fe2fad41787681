"""`kiosk bench report`: the manager's report over a store of a year of history.

A scratch SQLite store is filled straight (bulk inserts, not operations) with
``--tickets`` tickets (1,000,000 by default) over the 365 business days before today
(benchmarks.store's generator: waits, service times, no-shows, cancels and ratings), and
with their events as the operations write them for the report: ``issued`` with the quoted
range, ``called``, ``cancelled`` (by the visitor) and a ``print_failed`` for 1 % of the
tickets. Then the closed days are summarized once (what each day costs when it closes),
and reports are timed as `kiosk report` makes them (kiosk.app.report.report_of): a
month's and a year's, in several groupings, the newest day folded live.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, make_url

from benchmarks.scratch import demo_settings, progress, scratch_folder
from benchmarks.store import generate_history, server_problem
from kiosk.app import open_queue_store
from kiosk.app.report import report_of
from kiosk.core import report as rep
from kiosk.core.clock import Clock
from kiosk.store import report as store_report
from kiosk.store.engine import safe_url
from kiosk.store.models import Base

# The reports timed: (name, days back from yesterday, --by groups).
REPORTS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("month", 30, ()),
    ("month_by_day", 30, ("day",)),
    ("month_by_hour_service", 30, ("hour", "service")),
    ("month_by_counter_staff", 30, ("counter", "staff")),
    ("year", 365, ()),
    ("year_by_month", 365, ("month",)),
    ("year_by_week_service", 365, ("week", "service")),
    ("year_by_day_hour", 365, ("day", "hour")),
)

# The events, written by the database from the tickets (in SQLite's and PostgreSQL's words;
# no `%`, which psycopg takes for a placeholder).
_WAIT_MIN = {
    "sqlite": "(julianday(called_at) - julianday(issued_at)) * 1440",
    "postgresql": "FLOOR(EXTRACT(EPOCH FROM called_at - issued_at) / 60)",
}
_JSON = {"sqlite": "json_object", "postgresql": "json_build_object"}
_TRUE = {"sqlite": "json('true')", "postgresql": "true"}
_FALSE = {"sqlite": "json('false')", "postgresql": "false"}
_EVENTS = [
    # issued, with the quoted range: a wait around the actual one, so about 3 in 4 hit
    """INSERT INTO events (at, day_id, kind, ticket_uid, counter, data)
       SELECT issued_at, day_id, 'issued', uid, NULL, {json}(
           'number', number, 'service', service, 'priority', priority, 'print', {true},
           'seq', seq, 'quote_low_min', q / 2, 'quote_high_min', q / 2 + 2 + (id - id / 5 * 5))
       FROM (SELECT *, CAST(COALESCE({wait_min}, 5) AS INTEGER) + (id - id / 3 * 3) AS q
             FROM tickets) AS t""",
    """INSERT INTO events (at, day_id, kind, ticket_uid, counter, data)
       SELECT called_at, day_id, 'called', uid, counter, {json}(
           'number', number, 'service', service, 'manual', {false},
           'waited_s', {wait_min} * 60)
       FROM tickets WHERE called_at IS NOT NULL""",
    """INSERT INTO events (at, day_id, kind, ticket_uid, counter, data)
       SELECT finished_at, day_id, 'cancelled', uid, NULL,
              {json}('number', number, 'by', 'visitor')
       FROM tickets WHERE outcome = 'cancelled'""",
    """INSERT INTO events (at, day_id, kind, ticket_uid, counter, data)
       SELECT issued_at, day_id, 'print_failed', uid, NULL, {json}(
           'number', number, 'reason', 'paper end', 'problem', 'paper_end')
       FROM tickets WHERE id - id / 100 * 100 = 7""",
]


def events_sql(dialect: str) -> list[str]:
    """The statements that write the report's events from the generated tickets."""
    words = {"json": _JSON[dialect], "true": _TRUE[dialect], "false": _FALSE[dialect],
             "wait_min": _WAIT_MIN[dialect]}  # fmt: skip
    return [sql.format(**words) for sql in _EVENTS]


# The table that marks a --store-url database as this bench's: made before the store's
# tables and dropped after them, so a run cut short leaves a database the next run empties.
MARK_TABLE = "kiosk_bench_report"
_HALL_TABLES = frozenset(Base.metadata.tables) | {"alembic_version"}


def _drop_store(conn: Connection) -> None:
    Base.metadata.drop_all(conn)
    conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def claim_database(url: str) -> str | None:
    """Make the PostgreSQL database at ``url`` the bench's own: None when it holds no hall
    (or only the bench's store of an earlier run, dropped here), else why it is refused."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            hall = sorted(tables & _HALL_TABLES)
            if hall and MARK_TABLE not in tables:
                return (
                    f"database {make_url(url).database!r} already holds a hall (tables "
                    f"{', '.join(hall)}); bench report fills only a database without one, "
                    "or its own left by an earlier run, and empties it afterwards"
                )
            _drop_store(conn)
            conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {MARK_TABLE} (note text)")
    finally:
        engine.dispose()
    return None


def release_database(url: str) -> None:
    """Drop the bench's store and its mark from the database at ``url``."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _drop_store(conn)
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {MARK_TABLE}")
    finally:
        engine.dispose()


def _size_mb(store: Any) -> float:
    """The store's size on disk: the SQLite file, or the PostgreSQL database."""
    engine = store.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            size = conn.exec_driver_sql("SELECT pg_database_size(current_database())")
            return round(int(size.scalar_one()) / 1e6, 1)
    database = engine.url.database or ""
    return round(os.path.getsize(database) / 1e6, 1) if os.path.exists(database) else 0.0


def _server_version(store: Any) -> str:
    if store.engine.dialect.name != "postgresql":
        return ""
    with store.engine.connect() as conn:
        return str(conn.exec_driver_sql("SHOW server_version").scalar())


def _timed(run: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def main(args: argparse.Namespace, clock: Clock) -> int:
    """`kiosk bench report`; the history ends the day before the hall clock's date."""
    if args.tickets < 365 or args.runs < 1:
        print(
            "kiosk: usage error: bench report needs --tickets >= 365 (one a day) and --runs >= 1",
            file=sys.stderr,
        )
        return 2
    url = str(getattr(args, "store_url", None) or "")
    if url:
        problem = server_problem(url) or claim_database(url)
        if problem:
            print(f"kiosk: --store-url {safe_url(url)}: {problem}", file=sys.stderr)
            return 3
    log = progress(args)
    now = clock.now()
    today = now.date()
    with scratch_folder(args, "kiosk-bench-report-") as folder:
        settings = demo_settings(folder, url)
        hall = settings.hall
        try:
            store = open_queue_store(settings)
        except BaseException:
            if url:
                release_database(url)
            raise
        try:
            version = _server_version(store)
            per_day = max(1, round(args.tickets / 365))
            log(f"generating {args.tickets:,} tickets over 365 days (bulk inserts)")
            history = generate_history(store.engine, hall, args.tickets, today, per_day=per_day)
            start = time.perf_counter()
            with store.engine.begin() as conn:
                for sql in events_sql(store.engine.dialect.name):
                    conn.exec_driver_sql(sql)
                events = conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one()
            events_s = time.perf_counter() - start
            log(f"{history.tickets:,} tickets in {history.generate_s} s; {events:,} events "
                f"in {events_s:.1f} s")  # fmt: skip
            log("summarizing the closed days (what each day costs once, when it closes)")
            start = time.perf_counter()
            days = store_report.summarize(store, rep.target_seconds(hall), now)
            summarize_s = time.perf_counter() - start
            log(f"{days} days summarized in {summarize_s:.1f} s")
            last = history.last_date
            figures: dict[str, Any] = {}
            for name, back, by in REPORTS:
                first = last - dt.timedelta(days=back - 1)

                def one(first: dt.date = first, by: tuple[str, ...] = by) -> object:
                    return report_of(store, hall, first, last, by, now)

                result = report_of(store, hall, first, last, by, now)
                times = _timed(one, args.runs)
                figures[name] = {
                    "days": back,
                    "by": list(by),
                    "tickets": result.total["issued"],
                    "rows": len(result.rows),
                    "median_s": round(statistics.median(times), 3),
                    "max_s": round(max(times), 3),
                }
                log(f"{name}: {figures[name]['median_s']} s (median of {args.runs})")
            size_mb = _size_mb(store)
        finally:
            store.close()
            if url:
                release_database(url)
    data = {
        "store": "postgresql" if url else "sqlite",
        **({"postgresql": version} if url else {}),
        "tickets": history.tickets,
        "days": history.days,
        "events": events,
        "generate_s": round(history.generate_s + events_s, 1),
        "summarize_days": days,
        "summarize_s": round(summarize_s, 1),
        "summarize_per_day_s": round(summarize_s / max(days, 1), 3),
        "file_mb": size_mb,
        "reports": figures,
        "goal": {"month_s": 1.0, "year_s": 5.0},
    }
    if args.json:
        print(json.dumps(data))
        return 0
    if url:
        print(f"PostgreSQL {version} at {safe_url(url)} (the bench's tables, dropped afterwards)")
    print(
        f"store: {history.tickets:,} tickets, {events:,} events, {history.days} business "
        f"days, {data['file_mb']} MB; summarizing the closed days once: {summarize_s:.1f} s "
        f"({data['summarize_per_day_s']} s a day)"
    )
    print(f"{'report':26} {'days':>5} {'tickets':>9} {'rows':>6} {'median s':>9} {'max s':>7}")
    for name, f in figures.items():
        print(
            f"{name:26} {f['days']:>5} {f['tickets']:>9,} {f['rows']:>6} "
            f"{f['median_s']:>9.3f} {f['max_s']:>7.3f}"
        )
    print("goal: a month in at most 1 s, a year in at most 5 s")
    return 0
