"""What every command group shares: exit codes, the parser that fails in one line, the
argument types, and printing text or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `kiosk ... | head`


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        self.exit(EXIT_USAGE, f"kiosk: usage error: {message} (see `kiosk --help`)\n")


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day YYYY-MM-DD, got {text!r}") from None


def file_name(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a file name, got {text!r}")
    return Path(text)


def counter_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a counter number, got {text!r}") from None


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as one JSON value with --json, else ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text)
