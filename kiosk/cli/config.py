"""`kiosk config example|ticket-template|hash-pin|check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.common import EXIT_OK, Parser
from kiosk.core.errors import ConfigError


def add_parser(sub: Any) -> None:
    cfg = sub.add_parser("config", help="configuration").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=Parser
    )
    cfg.add_parser("example", help="print a fully commented example")
    cfg.add_parser("ticket-template", help="print the shipped ticket template, to copy and edit")
    cfg.add_parser("hash-pin", help="hash a technician PIN read from standard input")
    check = cfg.add_parser("check", help="validate a configuration file")
    check.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        nargs="?",
        help="default: --config, else $KIOSK_CONFIG, else the embedded demo hall",
    )


def run(args: argparse.Namespace) -> int:
    from kiosk import config
    from kiosk.app import resolve_config_path

    if args.op == "example":
        sys.stdout.write(config.example_text())
        return EXIT_OK
    if args.op == "ticket-template":
        from importlib import resources

        sys.stdout.write(
            (resources.files("kiosk") / "data" / "ticket.template.toml").read_text("utf-8")
        )
        return EXIT_OK
    if args.op == "hash-pin":
        from kiosk.core.pin import PIN_DIGITS, hash_pin, valid_pin

        pin = sys.stdin.readline(100).strip()
        if not valid_pin(pin):
            low, high = PIN_DIGITS
            raise ConfigError(
                f"tech.pin_hash: a PIN is {low} to {high} digits 0-9 (what the PIN pad can "
                "type), read from standard input"
            )
        print(hash_pin(pin))
        return EXIT_OK
    path = args.file or resolve_config_path(args.config)
    cfg = config.load(path)
    print(
        f"{path or config.DEMO_SOURCE}: valid "
        f"({len(cfg.services)} business types, {len(cfg.counters)} counters)"
    )
    for warning in config.default_warnings(cfg, path):
        print(f"kiosk: warning: {warning}", file=sys.stderr)
    return EXIT_OK
