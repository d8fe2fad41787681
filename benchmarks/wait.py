"""`kiosk bench wait`: the wait estimator against the published predictors on simulated
halls and the Anonymous Bank log; `--tune` on its validation weeks (docs/benchmarks.md).
kiosk/cli/wait.py parses the arguments."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
from typing import Any

from benchmarks import anonbank
from benchmarks import run as bench_run
from kiosk.core.wait.trace import TraceError

EXIT_OK = 0


def main(args: argparse.Namespace) -> int:
    log = None if args.no_log else (args.log or anonbank.DEFAULT_LOG)
    if log is not None and not log.exists():
        raise TraceError(f"{log}: the Anonymous Bank log is not there (use --log or --no-log)")
    if args.days is not None and args.days < 8:
        raise TraceError("--days: at least 8 (the first week is history only)")

    def progress(text: str) -> None:
        if not args.json:
            print(f"... {text}", file=sys.stderr, flush=True)

    if args.settings and not args.tune:
        raise TraceError("--set: only with --tune (settings are chosen on 1-21 February)")
    if args.tune:
        if log is None:
            raise TraceError("--tune needs the Anonymous Bank log (not --no-log)")
        settings = _settings(args.settings)  # a bad --set is refused before any work
        progress(f"replaying {log}, 1-21 February only")
        for r in bench_run.tune(log, settings):
            print(bench_run.table(r))
            print()
            print(bench_run.verdict(r, real=True).replace("target", "test-week target"))
            print()
        return EXIT_OK
    results = bench_run.run(log, args.days, args.seed, progress)
    progress("timing estimates with 500 tickets waiting")
    speed = bench_run.latency()
    progress("timing the live estimator's refreshes on a busy week")
    refresh = bench_run.refresh_cost()
    if args.json:
        print(
            json.dumps(
                {
                    "latency_ms": speed,
                    "refresh": refresh,
                    **{
                        r.name: {
                            "tickets": r.tickets,
                            "scored": r.scored,
                            "mean_wait_s": r.mean_wait,
                            "replay_s": r.replay_s,
                            "scores": {k: _asdict(v) for k, v in r.scores.items()},
                            "reference": None if r.reference is None else _asdict(r.reference),
                            "sampled": None if r.sampled is None else _asdict(r.sampled),
                            "efficiency": None if math.isnan(r.efficiency) else r.efficiency,
                            "sampled_best": None
                            if r.sampled_best is None
                            else _asdict(r.sampled_best),
                            "ceiling": None if math.isnan(r.ceiling) else r.ceiling,
                        }
                        for r in results
                    },
                }
            )
        )
        return EXIT_OK
    for r in results:
        print(bench_run.table(r))
        print()
        print(bench_run.verdict(r, real=r.name == "Anonymous Bank"))
        print()
    print(
        f"Estimate time with {speed['waiting']:.0f} tickets waiting (demo hall, every counter "
        f"busy, live view rebuilt each time): a new ticket {speed['new_ms']:.2f} ms, a waiting "
        f"ticket {speed['waiting_ms']:.2f} ms (goal: at most 5 ms); a whole status() with "
        f"every business type and the first 100 waiting tickets {speed['status_ms']:.1f} ms"
    )
    print(
        f"Live learning on a busy week (load 0.95 hall, 36 counters, about 2,000 tickets a "
        f"day): the first refresh reads and replays {refresh['first_tickets']:,.0f} tickets of "
        f"the last 7 days in {refresh['first_s']:.2f} s ({refresh['first_cpu_s']:.2f} s of CPU; "
        f"goal: at most 1 s); an incremental one an hour later "
        f"{refresh['incremental_tickets']:.0f} tickets finished since, in "
        f"{1000 * refresh['incremental_s']:.0f} ms ({1000 * refresh['incremental_cpu_s']:.0f} ms "
        f"of CPU); then, with what it learned, an estimate with every counter busy and "
        f"{refresh['estimate_waiting']:.0f} tickets waiting: a new ticket "
        f"{refresh['estimate_new_ms']:.2f} ms, a waiting ticket "
        f"{refresh['estimate_waiting_ms']:.2f} ms, a whole status() "
        f"{refresh['estimate_status_ms']:.1f} ms; load average {_load()}"
    )
    return EXIT_OK


def _load() -> str:
    """The machine's load average over 1, 5, 15 minutes (the figures are shared)."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _settings(pairs: list[str]) -> Any:
    from kiosk.core.wait.estimator import Settings

    known = {f.name: f.type for f in dataclasses.fields(Settings)}
    if not pairs:
        return None
    values: dict[str, Any] = {}
    for pair in pairs:
        name, _, text = pair.partition("=")
        if name not in known:
            raise TraceError(f"--set {pair}: no setting {name!r} (one of {', '.join(known)})")
        try:
            values[name] = int(text) if known[name] in (int, "int") else float(text)
        except ValueError:
            raise TraceError(f"--set {pair}: {text!r} is not a number") from None
    return dataclasses.replace(anonbank.SETTINGS, **values)  # the log's, with these


def _asdict(score: Any) -> dict[str, float | None]:
    fields = dataclasses.asdict(score)
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in fields.items()}
