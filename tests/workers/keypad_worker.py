"""A `kiosk run`-like process for tests/devices/test_keypad_restart.py: the device hub
with one keypad (counter 1, address 101) on a bus at URL, over the application's store.

    python keypad_worker.py DATA_DIR URL [--freeze-after-commit]

Builds the queue service the way the application does (``load_settings(None,
DATA_DIR)`` then ``build_service``), starts the hub and prints ``ready``. Each press
the hub handles is printed as one JSON line. With ``--freeze-after-commit`` the first
press's transaction commits, the worker prints ``{"committed": SEQ}`` and then stops
dead before anything else happens (the test kills it there: a hall PC losing power
between the commit and the keypad's acknowledgement). Runs until stdin is closed.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from kiosk.app import build_service, load_settings
from kiosk.core.devices import KeyPress
from kiosk.devices.bus import BusSettings
from kiosk.devices.hub import DeviceHub, HubEvents
from kiosk.devices.settings import DevicesSettings, KeypadSettings


class Printed(HubEvents):
    def key_handled(self, keypad: str, counter: int, text: str, ok: bool) -> None:
        print(json.dumps({"keypad": keypad, "text": text, "ok": ok}), flush=True)


class FreezeAfterCommit:
    """The service, except that the first keypad press stops the process dead once its
    transaction has committed."""

    def __init__(self, service: Any) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    def run_op(self, op: Any, *args: Any, **kwargs: Any) -> Any:
        result = self._service.run_op(op, *args, **kwargs)
        press = next(a for a in args if isinstance(a, KeyPress))
        print(json.dumps({"committed": press.seq}), flush=True)
        threading.Event().wait()  # never returns: the test kills the process here
        return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("url")
    parser.add_argument("--freeze-after-commit", action="store_true")
    args = parser.parse_args(argv)
    service: Any = build_service(load_settings(None, args.data_dir))
    if args.freeze_after_commit:
        service = FreezeAfterCommit(service)
    bus = BusSettings("rs485", args.url, timeout_s=0.05, poll_s=0.01, idle_poll_s=0.01, probe_s=0.1)
    devices = DevicesSettings(buses=(bus,), keypads=(KeypadSettings("rs485", 101, 1),))
    hub = DeviceHub(devices, service, events=Printed())
    hub.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()  # until the test closes stdin
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
