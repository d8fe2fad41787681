"""The `kiosk` command: what technicians, scripts, tests and benchmarks drive.

Builds the parser from the command groups (a module each in kiosk/cli) and runs one.

User errors print one line on stderr and exit with the code of their kind
(docs/cli.md); a bug writes a crash log and exits 1, never a traceback.
With --json a command prints exactly one JSON object or array on stdout.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.cli import advise, bench, config, db, queue, report, selftest, server, wait, windows
from kiosk.cli.common import EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_OK, EXIT_USAGE, Parser
from kiosk.core.clock import SystemClock
from kiosk.core.errors import KioskError

log = logging.getLogger("kiosk")

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_BUG", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="kiosk", description="Queue ticketing for service halls.")
    p.add_argument("--version", action="version", version=f"kiosk {__version__}")
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="hall configuration (TOML); default: $KIOSK_CONFIG or the demo hall",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where the store and logs live; default: $KIOSK_DATA_DIR or the user's data directory",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    windows.add_parsers(sub)
    queue.add_parser(sub)
    db.add_parser(sub)
    config.add_parser(sub)
    selftest.add_parser(sub)
    report.add_parser(sub)
    advise.add_parser(sub)
    server.add_parsers(sub)
    bench_ops = bench.add_parser(sub)
    wait.add_commands(sub, bench_ops)  # export-trace, replay, bench wait (docs/trace-format.md)
    return p


def _wait(args: argparse.Namespace) -> int:
    return wait.COMMANDS[args.command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "queue": queue.run,
    "db": db.run,
    "config": config.run,
    "run": windows.run,
    "counter": windows.run,
    "display": windows.run,
    "tech": windows.run,
    "kiosk": windows.run,
    "devices": windows.run,
    "screenshots": windows.draw,
    "bench": bench.run,
    "selftest": selftest.run,
    "report": report.run,
    "advise": advise.run,
    "serve": server.serve,
    "server": server.run,
    "export-trace": _wait,
    "replay": _wait,
}


def _crash_log(args: argparse.Namespace, argv: Sequence[str] | None) -> Path | None:
    """Write the traceback of the exception being handled; None if nowhere to write."""
    folders = [Path(tempfile.gettempdir())]
    try:  # the data directory may be what failed; the temporary directory is the fallback
        from kiosk.app import resolve_data_dir

        folders.insert(0, resolve_data_dir(args.data_dir) / "logs")
    except Exception:  # a crash log must not crash
        pass
    # The machine's time, not the hall's ($KIOSK_NOW): a crash log is read beside the
    # system's own logs.
    at = SystemClock().now()
    text = (
        f"kiosk {__version__} crashed at {at.isoformat(timespec='seconds')}\n"
        f"argv: {list(sys.argv[1:] if argv is None else argv)}\n\n{traceback.format_exc()}"
    )
    name = f"crash-{at:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _utf8_stdout() -> None:
    """JSON and Chinese names are UTF-8 whatever the locale (a Windows pipe, LANG=C)."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and out.encoding.lower().replace("-", "") != "utf8":
        out.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    """After a broken pipe, keep the interpreter's final flush from failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="kiosk: %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # the terminal gets warnings and worse;
        handler.setLevel(logging.WARNING)  # the log file and the tech panel get INFO too
    _utf8_stdout()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error, already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`kiosk queue list | head`)
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: keep the details, show one line
        path = _crash_log(args, argv)
        where = f"; details in {path}" if path else ""
        from kiosk.core.errors import one_line  # a library's message may span lines

        text = one_line(str(exc))
        print(f"kiosk: internal error: {type(exc).__name__}: {text}{where}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
