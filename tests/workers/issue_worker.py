"""A worker process for tests/test_concurrency.py: issues tickets through kiosk.app.

    python issue_worker.py DATA_DIR COUNT [--rounds R]

Builds the queue service the way the application does (``load_settings(None,
DATA_DIR)`` then ``build_service``) and issues COUNT tickets (0: until killed),
cycling over the business types that are open all day. After each ``issue`` call
has returned, and so after its transaction committed, it prints the ticket as one
JSON line (``kiosk.jsonview.issued``) and flushes stdout.

With ``--rounds R`` the tickets are issued in R rounds of equal size (one endless
round for COUNT 0). Before each round the worker prints ``ready`` and waits for a
line on stdin, so that a test can start several workers at the same moment, and
again at the start of every round. The store is opened after the first line:
opening a new store at the same moment is part of what the tests exercise.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from kiosk.app import build_service, load_settings
from kiosk.cli import jsonview
from kiosk.core.errors import KioskError
from kiosk.core.service import QueueService

SERVICES = ("bill", "plan", "phone", "broadband", "complaint")  # not vip: opening hours


def rounds(count: int, parts: int) -> list[Iterable[int]]:
    if count == 0:
        return [itertools.count()]
    size, extra = divmod(count, parts)
    return [range(size + (1 if i < extra else 0)) for i in range(parts)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--rounds", type=int, default=0, help="0: start at once")
    args = parser.parse_args(argv)

    codes = itertools.cycle(SERVICES)
    service: QueueService | None = None
    try:
        for tickets in rounds(args.count, max(args.rounds, 1)):
            if args.rounds:
                print("ready", flush=True)
                if not sys.stdin.readline():
                    return 2  # the test went away
            if service is None:
                service = build_service(load_settings(None, args.data_dir))
            for _ in tickets:
                result = service.issue(next(codes))
                line = json.dumps(jsonview.issued(result, service.hall), ensure_ascii=False)
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
    except KioskError as exc:
        print(f"worker: {type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
