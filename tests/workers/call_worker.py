"""A counter process for tests/ui/test_display_process.py: calls the next ticket.

    python call_worker.py DATA_DIR

Builds the queue service the way the application does (``load_settings(None,
DATA_DIR)`` then ``build_service``; $KIOSK_NOW sets its clock) and prints ``ready``.
Then, for each line on stdin (a counter number), so that the test decides when each
call happens, it calls the next ticket at that counter and, right after ``call_next``
returned (and so after its transaction committed), prints one JSON line: the ticket
number, the counter and ``committed``, ``time.monotonic()`` at that moment. On Linux
time.monotonic() reads CLOCK_MONOTONIC, one clock for every process of the machine, so
the test compares it with its own.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kiosk.app import build_service, load_settings
from kiosk.core.errors import KioskError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    try:
        service = build_service(load_settings(None, args.data_dir))
        print("ready", flush=True)
        for line in sys.stdin:  # until the test closes stdin
            counter = int(line)
            ticket = service.call_next(counter)
            committed = time.monotonic()
            reply = {"number": ticket.number, "counter": counter, "committed": committed}
            print(json.dumps(reply), flush=True)
    except KioskError as exc:
        print(f"worker: {type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
