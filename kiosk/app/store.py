"""The store and the queue service over it, for a command or a long-lived process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.app.settings import STORE_FILE, Settings, make_clock
from kiosk.core.clock import Clock
from kiosk.core.errors import StoreReadOnly
from kiosk.core.pin import PinGate
from kiosk.core.service import QueueService
from kiosk.store.engine import safe_url
from kiosk.store.schema import open_store
from kiosk.store.sql import SqlStore


def open_queue_store(settings: Settings) -> SqlStore:
    """The store, migrated to the current schema; dispose of its engine when done."""
    ensure_data_dir(settings)
    return open_store(
        settings.store_url, settings.config.store.busy_timeout_ms, name=store_name(settings)
    )


def ensure_data_dir(settings: Settings) -> None:
    """Create the data directory when the store lives there.

    One that cannot be created is the environment's failure (a mistyped
    --data-dir, a read-only disk), not a bug.
    """
    if settings.config.store.url:
        return
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreReadOnly(
            f"data directory {settings.data_dir} cannot be created: {exc.strerror or exc}"
        ) from None


def store_name(settings: Settings) -> str:
    """The store as messages and logs name it: its file, or its URL without a password."""
    if settings.config.store.url:
        return safe_url(settings.config.store.url)
    return str(settings.data_dir / STORE_FILE)


def build_service(
    settings: Settings,
    clock: Clock | None = None,
    store: SqlStore | None = None,
    *,
    background: bool = True,
) -> QueueService:
    """A queue service for a long-lived process; its store lives as long as it does
    (call its ``close()`` before closing the store).

    Its wait estimator learns the hall from the store's recent history (service times,
    patience, its own calibration) on a thread of its own, never inside an operation:
    the first ticket after start is issued at once, with the cold-start estimate until
    the learning is done (docs/benchmarks.md, `kiosk bench start`). ``background=False``
    learns inside the operation that finds learning due: one-shot commands (`kiosk
    queue issue --json` prints the estimate the kiosk shows; the first learning of a
    busy week takes under a second, and only a command that estimates pays it) and the
    tools that want repeatable figures (`kiosk screenshots`)."""
    from functools import partial

    from kiosk.core.estimate import LearnedEstimator
    from kiosk.store.history import pauses_between, tickets_between

    store = store or open_queue_store(settings)
    estimator = LearnedEstimator(
        settings.hall,
        partial(tickets_between, store),
        background=background,
        pauses=partial(pauses_between, store),
    )
    return QueueService(settings.hall, store, clock or make_clock(), estimator)


def pin_gate(settings: Settings, store: SqlStore, clock: Clock) -> PinGate:
    """The technician PIN of the [tech] table, its failures and lockout in the store."""
    from kiosk.store.pin import SqlPinStore

    tech = settings.config.tech
    return PinGate(
        tech.pin_hash or None,
        SqlPinStore(store),
        clock,
        tech.max_attempts,
        dt.timedelta(seconds=tech.lockout_seconds),
    )


@contextmanager
def open_service(settings: Settings, clock: Clock | None = None) -> Iterator[QueueService]:
    """A queue service for one command (the command runtime's): the store's connections
    close at the end."""
    from kiosk.app.runtime import Role, build_runtime

    with build_runtime(Role.COMMAND, settings, clock=clock) as runtime:
        yield runtime.service
