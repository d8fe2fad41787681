"""`kiosk export-trace`, `kiosk replay` and `kiosk bench wait` (docs/trace-format.md,
docs/benchmarks.md "Wait estimation").

kiosk.cli.main wires them in with :func:`add_commands` and dispatches with
:data:`COMMANDS` and :func:`bench_wait`. ``python -m kiosk.cli.wait ...`` runs them
on their own, with the same errors and exit codes. `bench wait` runs the ``benchmarks``
package installed beside ``kiosk``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.wait.trace import TraceError
from kiosk.files import TRACE_LIMIT, read_text

EXIT_OK = 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day YYYY-MM-DD, got {text!r}") from None


def _moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date-time like 1999-02-22T00:00:00 or a day, got {text!r}"
        ) from None
    if value.tzinfo is not None:
        raise argparse.ArgumentTypeError(f"expected a local date-time, got {text!r}")
    return value


def add_commands(sub: Any, bench: Any) -> None:
    """Add `export-trace` and `replay` to the top-level subparsers, `wait` to bench's."""
    export = sub.add_parser(
        "export-trace",
        help="write the store's ticket history as a trace (docs/trace-format.md)",
        description="Write every finished ticket issued from --from to --to (whole days, "
        "both included; default: all) as a trace CSV.",
    )
    export.add_argument("--from", dest="from_day", type=_day, metavar="DAY")
    export.add_argument("--to", dest="to_day", type=_day, metavar="DAY")
    export.add_argument("out", type=Path, metavar="OUT.csv")

    rep = sub.add_parser(
        "replay",
        help="feed a trace through the wait estimator as if live; write its predictions",
        description="Replay TRACE.csv in time order through the wait estimator and write, "
        "for every ticket issued at or after --from, the prediction made at its issue: "
        "ticket,issued_at,ahead,predicted_s,low_s,high_s.",
    )
    rep.add_argument("trace", type=Path, metavar="TRACE.csv")
    rep.add_argument("--out", type=Path, required=True, metavar="PRED.csv")
    rep.add_argument("--from", dest="start", type=_moment, metavar="DATETIME")

    wait = bench.add_parser(
        "wait",
        help="wait estimation against the published predictors (simulated halls, real log)",
    )
    wait.add_argument(
        "--log",
        type=Path,
        default=None,
        metavar="FILE",
        help="the Anonymous Bank log (default ../shared/data/anonbank_feb1999.tsv)",
    )
    wait.add_argument("--no-log", action="store_true", help="simulated halls only")
    wait.add_argument(
        "--days", type=int, default=None, help="days per simulated scenario (default 38)"
    )
    wait.add_argument("--seed", type=int, default=1)
    wait.add_argument("--json", action="store_true", help="the figures as one JSON object")
    wait.add_argument(
        "--tune",
        action="store_true",
        help="the real log's 1-21 February only, scored on two validation weeks inside it "
        "(where every setting was chosen; the test week is not read)",
    )
    wait.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --tune: an estimator setting to try (kiosk.core.wait.estimator.Settings)",
    )


# -- export-trace -------------------------------------------------------------------------


def export_trace(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings, open_queue_store
    from kiosk.core.wait.history import trace_rows
    from kiosk.core.wait.trace import write_trace
    from kiosk.store.history import pauses_between, tickets_between

    if args.from_day and args.to_day and args.to_day < args.from_day:
        raise TraceError(f"--to {args.to_day} is before --from {args.from_day}")
    settings = load_settings(args.config, args.data_dir)
    start = dt.datetime.combine(args.from_day, dt.time()) if args.from_day else None
    # Up to the start of the day after --to; the last day a date can hold has none after it.
    end = (
        dt.datetime.combine(args.to_day + dt.timedelta(days=1), dt.time())
        if args.to_day and args.to_day < dt.date.max
        else None
    )
    store = open_queue_store(settings)
    try:
        rows = trace_rows(tickets_between(store, start, end))
        pauses = [p.row() for p in pauses_between(store, start, end)]
    finally:
        store.close()
    rows = sorted(rows + pauses, key=lambda r: (r.issued_at, r.ticket)) if pauses else rows
    n = _write(args.out, lambda stream: write_trace(stream, rows))
    print(f"{n - len(pauses)} tickets and {len(pauses)} counter pauses written to {args.out}")
    return EXIT_OK


def _write(path: Path, writer: Callable[[Any], int]) -> int:
    try:
        with path.open("w", newline="", encoding="utf-8") as stream:
            return writer(stream)
    except OSError as exc:
        raise TraceError(f"{path}: cannot write ({exc.strerror or exc})") from None


# -- replay -------------------------------------------------------------------------------


def replay(args: argparse.Namespace) -> int:
    from kiosk.core.wait.model import seconds
    from kiosk.core.wait.replay import Replayer
    from kiosk.core.wait.score import score
    from kiosk.core.wait.trace import read_trace, write_predictions

    started = time.perf_counter()
    try:
        text = read_text(args.trace, TRACE_LIMIT)
    except OSError as exc:
        raise TraceError(f"{args.trace}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise TraceError(f"{args.trace}: not a UTF-8 text file") from None
    rows = read_trace(io.StringIO(text, newline=""), str(args.trace))
    begin = seconds(args.start) if args.start else -math.inf
    records = list(Replayer().run(rows, begin))
    n = _write(args.out, lambda s: write_predictions(s, (r.prediction() for r in records)))
    took = time.perf_counter() - started
    line = f"{n} predictions written to {args.out} ({len(rows)} tickets replayed in {took:.1f} s)"
    served = [r for r in records if r.row.outcome == "served" and (r.row.wait_s or 0.0) > 0]
    if served:
        s = score(
            [r.row.wait_s or 0.0 for r in served],
            [r.forecast.point for r in served],
            [r.forecast.low for r in served],
            [r.forecast.high for r in served],
        )
        line += (
            f"; on the {s.n} served that waited: RMSE {s.rmse:.0f} s, RRASE {s.rrase:.2f}, "
            f"80 % range covered {100 * s.coverage:.0f} %"
        )
    print(line)
    return EXIT_OK


# -- bench wait ---------------------------------------------------------------------------


def bench_wait(args: argparse.Namespace) -> int:
    from benchmarks import wait

    return wait.main(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export-trace": export_trace,
    "replay": replay,
}


# -- standalone ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m kiosk.cli.wait COMMAND ...`: the same commands without kiosk.cli.main."""
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", type=Path, metavar="FILE")
    parser.add_argument("--data-dir", type=Path, metavar="DIR")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    bench = sub.add_parser("bench").add_subparsers(dest="op", required=True, metavar="OP")
    add_commands(sub, bench)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.command == "bench":
            return bench_wait(args)
        return COMMANDS[args.command](args)
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
