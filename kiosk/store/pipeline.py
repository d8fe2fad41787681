"""A PostgreSQL write transaction in two round trips under the write lock.

On SQLite every statement is a function call; on PostgreSQL it is a round trip to the
server, and under the write lock each one makes every other writer of the hall wait
(and, in a Python server with 40 request threads, each answer also waits for the GIL).
An operation took ~14 of them: the liveness check, BEGIN, ``SET LOCAL lock_timeout``,
the advisory lock, five reads, a statement per changed row, the NOTIFY and COMMIT.

Here the statements are sent in psycopg's pipeline mode, without waiting for each
answer, and the server runs them in order:

1. ``BEGIN``, ``SET LOCAL lock_timeout``, ``pg_advisory_xact_lock``, then the five reads
   of the hall's state. Each statement of a READ COMMITTED transaction takes its own
   snapshot when it starts, so the reads, which start after the lock statement
   returned, see every commit of the previous writer: the same guarantee as a lock
   taken alone before them.
2. The writes (every row the operation changed, the events with their gapless
   sequence numbers), the ``NOTIFY`` and ``COMMIT``: one round trip. The commit is
   acknowledged before the operation returns, as before; if any statement fails, the
   ones after it are skipped and the transaction rolls back as a whole.

The SQL is SQLAlchemy's own for these tables, compiled once per store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import psycopg
from psycopg.types.json import Json
from sqlalchemy import Engine, Select, bindparam, insert, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import ClauseElement

from kiosk.store.engine import EVENTS_CHANNEL, WRITE_LOCK_KEY

Statement = tuple[str, dict[str, Any] | None]


class PgStatements:
    """The SQL of the pipelined transaction for one engine's dialect, compiled once."""

    def __init__(
        self,
        engine: Engine,
        busy_timeout_ms: int,
        *,
        day: Select[Any],
        active: Select[Any],
        by_uid: Select[Any],
        counters: Select[Any],
        last_seq: Select[Any],
        log_seq: Select[Any],
        tables: dict[str, Any],
        ticket_fields: Sequence[str],
    ) -> None:
        dialect = engine.dialect

        def sql(stmt: ClauseElement) -> str:
            return str(stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}))

        self.lock: list[Statement] = [
            (f"SET LOCAL lock_timeout = {int(busy_timeout_ms)}", None),
            (f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})", None),
        ]
        # The reads: literal parameters (the active states are constants).
        literal = {"literal_binds": True, "render_postcompile": True}
        self.day = str(day.compile(dialect=dialect, compile_kwargs=literal))
        self.active = str(active.compile(dialect=dialect, compile_kwargs=literal))
        self.counters = str(counters.compile(dialect=dialect, compile_kwargs=literal))
        self.last_seq = str(last_seq.compile(dialect=dialect, compile_kwargs=literal))
        self.log_seq = str(log_seq.compile(dialect=dialect, compile_kwargs=literal))
        self._by_uid = by_uid
        self._literal = literal
        self._dialect = dialect

        days, tickets = tables["business_days"], tables["tickets"]
        counters_t, events = tables["counters"], tables["events"]
        new_ticket = ("uid", "day_id", "original_service", "seq", "number", "priority",
                      "issued_at", *ticket_fields)  # fmt: skip
        self.insert_day = sql(
            insert(days).values({c: bindparam(c) for c in ("id", "date", "started_at", "ends_at")})
        )
        self.insert_ticket = sql(insert(tickets).values({c: bindparam(c) for c in new_ticket}))
        self.update_ticket = sql(
            update(tickets)
            .where(tickets.c.uid == bindparam("w_uid"))
            .values({c: bindparam(f"v_{c}") for c in ticket_fields})
        )
        counter_cols = ("state", "current_uid", "normal_streak", "changed_at")
        self.update_counter = sql(
            update(counters_t)
            .where(counters_t.c.number == bindparam("w_number"))
            .values({c: bindparam(f"v_{c}") for c in counter_cols})
        )
        self.insert_counter = sql(
            insert(counters_t).values({c: bindparam(c) for c in ("number", *counter_cols)})
        )
        self.insert_event = sql(
            insert(events).values(
                {
                    c: bindparam(c)
                    for c in ("id", "at", "day_id", "kind", "ticket_uid", "counter", "data")
                }
            )
        )
        cases = tables["follow_ups"]
        self.insert_follow_up = sql(
            insert(cases).values({c.name: bindparam(c.name) for c in cases.columns})
        )
        self.close_follow_up = sql(
            update(cases)
            .where(cases.c.case_number == bindparam("w_case_number"))
            .values({c: bindparam(f"v_{c}") for c in ("closed_at", "closed_by", "note")})
        )
        self.notify = f"SELECT pg_notify('{EVENTS_CHANNEL}', %(last)s)"

    def by_uid(self, uids: Collection[str]) -> str:
        stmt = self._by_uid.where(self._by_uid.selected_columns.uid.in_(sorted(uids)))
        return str(stmt.compile(dialect=self._dialect, compile_kwargs=self._literal))


def pipelined(conn: Any, statements: Sequence[Statement]) -> list[Any]:
    """Send ``statements`` on a psycopg connection in autocommit mode (BEGIN and COMMIT
    are among them) without waiting between them: one round trip. The rows of each,
    in order (None for a statement that returns none). Raises the first failure: the
    server skipped the statements after it, up to the pipeline's end."""
    cursors = []
    try:
        with conn.pipeline():
            for sql, params in statements:
                cur = conn.cursor()
                cur.execute(sql, params)
                cursors.append(cur)
    except psycopg.Error as exc:  # as SQLAlchemy raises it (IntegrityError, ...)
        text = "; ".join(sql for sql, _ in statements)
        raise DBAPIError.instance(text, None, exc, psycopg.Error) from exc
    rows = []
    for cur in cursors:
        rows.append(cur.fetchall() if cur.description is not None else None)
        cur.close()
    return rows


def pipeline_supported() -> bool:
    """Whether psycopg's libpq has pipeline mode (14 or newer); without it the store
    sends the same transaction a statement at a time."""
    return bool(psycopg.Pipeline.is_supported())


def json_param(value: Any) -> Json:
    """A JSON column's value as psycopg sends it."""
    return Json(value)
