"""Staffing advice over the hall's store (kiosk.core.advise, docs/reports.md): for
`kiosk advise`, the hall server's ``GET /api/v1/advise`` and the manager view."""

from __future__ import annotations

import datetime as dt

from kiosk.app.report import today
from kiosk.app.settings import Settings, make_clock
from kiosk.app.store import open_queue_store
from kiosk.core import advise as adv
from kiosk.core.clock import Clock
from kiosk.core.model import Hall
from kiosk.store import advise as store_advise
from kiosk.store.sql import SqlStore

Advice = adv.Advice
Slot = adv.Slot


def advise_day(
    store: SqlStore,
    hall: Hall,
    now: dt.datetime,
    day: dt.date | None = None,
    target_minutes: float = adv.DEFAULT_TARGET_MINUTES,
    level: float = adv.DEFAULT_LEVEL,
) -> adv.Advice:
    """The advice for business day ``day`` (default: today's) from an open store, read at
    ``now``: a :class:`kiosk.core.advise.Slot` per group of business types that share
    counters and 30-minute slot of its opening hours. ValueError names the flag of a
    target or level out of range."""
    adv.check(target_minutes, level)
    day = day or today(hall, now)
    history = store_advise.history(store, day, now)
    inputs = adv.inputs_of(hall, history)
    slots = range(24 * 60 // adv.SLOT_MINUTES)
    opened = adv.open_per_slot(hall, history.counter_days, slots)
    return adv.advise(hall, day, inputs, opened, target_minutes, level)


def manager_advice(
    settings: Settings,
    day: dt.date | None = None,
    target_minutes: float = adv.DEFAULT_TARGET_MINUTES,
    level: float = adv.DEFAULT_LEVEL,
    clock: Clock | None = None,
) -> adv.Advice:
    """One advice: the store opened, read and closed (`kiosk advise`)."""
    adv.check(target_minutes, level)
    now = (clock or make_clock()).now()
    store = open_queue_store(settings)
    try:
        return advise_day(store, settings.hall, now, day, target_minutes, level)
    finally:
        store.close()
