"""`kiosk advise`: how many counters each group of business types needs per 30 minutes
of a business day, beside the counters the hall opened (docs/reports.md, "Staffing
advice")."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from kiosk.cli.common import EXIT_OK, day
from kiosk.core import advise as adv


def _target(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"the target wait must be more than 0, got {text}")
    return value


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share, 0-1, got {text!r}") from None
    if not (0.0 < value < 1.0):
        raise argparse.ArgumentTypeError(
            f"the share must be between 0 and 1, both excluded, got {text}"
        )
    return value


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "advise",
        help="staffing advice: counters needed per 30 minutes (Erlang A; docs/reports.md)",
        description="For each group of business types that share counters and each "
        "30-minute slot of the day's opening hours: the arrivals expected (the mean of the "
        "last 8 same weekdays), the counters needed so that --level of the visitors are "
        "called within --target-minutes (Erlang A, with the service times and patience of "
        "the last 28 days), and the counters the hall had open.",
    )
    p.add_argument("--day", type=day, metavar="DAY",
                   help="business day, YYYY-MM-DD (default: today's)")  # fmt: skip
    p.add_argument("--target-minutes", type=_target, default=adv.DEFAULT_TARGET_MINUTES,
                   metavar="MIN", help="the target wait in minutes (default 10)")  # fmt: skip
    p.add_argument("--level", type=_level, default=adv.DEFAULT_LEVEL, metavar="SHARE",
                   help="the share to call within the target, 0-1 (default 0.8)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="one JSON object: the slots")
    p.add_argument("--server", metavar="URL",
                   help="ask the hall server at URL (GET /api/v1/advise; default: "
                   "$KIOSK_SERVER, the server `kiosk server join` kept, else this PC's "
                   "own store)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings, make_clock, remote_url

    settings = load_settings(args.config, args.data_dir)
    url = remote_url(settings, args.server)
    if url:
        advice, services = _remote(settings, url, args)
    else:
        from kiosk.app.advise import manager_advice

        advice = manager_advice(settings, args.day, args.target_minutes, args.level, make_clock())
        services = settings.hall.services
    if args.json:
        print(json.dumps(advice.as_json(), ensure_ascii=False))
    else:
        names = {s.code: s.name_en for s in services}
        print(adv.text(advice, names))
    return EXIT_OK


def _remote(settings: Any, url: str, args: argparse.Namespace) -> tuple[adv.Advice, Any]:
    """The advice from the hall server at ``url`` and its business types (for the names)."""
    from kiosk.app import hall_client
    from kiosk.core.errors import KioskError

    with hall_client(settings, url) as client:
        data = client.advise(args.day, args.target_minutes, args.level)
        services = client.hall.services
    try:
        return adv.advice_from_json(data), services
    except ValueError as exc:
        raise KioskError(f"the hall server at {url} answered no staffing advice: {exc}") from None
