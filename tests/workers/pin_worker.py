"""A worker process for tests/test_pin.py: the technician PIN gate as `kiosk tech` builds it.

    python pin_worker.py DATA_DIR NOW PIN [PIN ...]

Loads the configuration the application does (``$KIOSK_CONFIG``, else the demo hall) with
DATA_DIR, opens the store, builds the gate with ``kiosk.app.pin_gate`` on a clock fixed at
NOW (ISO 8601), and tries each PIN in turn. After each change of the gate's record has
committed it prints ``committed``; after each try, one JSON line:
``{"check": "wrong", "attempts_left": 4, "locked_until": null}``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.app import load_settings, open_queue_store, pin_gate
from kiosk.core.clock import ManualClock
from kiosk.core.pin import PinRecord, PinStore


class Announcing:
    """The store's PinStore, saying when each change has committed."""

    def __init__(self, inner: PinStore) -> None:
        self._inner = inner

    def read_pin(self) -> PinRecord:
        return self._inner.read_pin()

    def change_pin(self, change: Callable[[PinRecord], PinRecord]) -> PinRecord:
        record = self._inner.change_pin(change)
        print("committed", flush=True)
        return record


def main() -> None:
    data_dir, now, *pins = sys.argv[1:]
    settings = load_settings(None, Path(data_dir))
    store = open_queue_store(settings)
    try:
        gate = pin_gate(settings, store, ManualClock(dt.datetime.fromisoformat(now)))
        gate._store = Announcing(gate._store)
        for pin in pins:
            check, state = gate.attempt(pin)
            until = state.locked_until.isoformat() if state.locked_until else None
            left = state.attempts_left
            print(json.dumps({"check": str(check), "attempts_left": left, "locked_until": until}))
            sys.stdout.flush()
    finally:
        store.close()


if __name__ == "__main__":
    main()
