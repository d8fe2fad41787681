"""`kiosk db upgrade|check|backup`: store maintenance (kiosk.store.maintenance)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, Parser, file_name


def add_parser(sub: Any) -> None:
    db = sub.add_parser("db", help="store maintenance").add_subparsers(
        dest="op", required=True, metavar="OP", parser_class=Parser
    )
    db.add_parser("upgrade", help="apply schema migrations")
    db.add_parser("check", help="integrity check")
    backup = db.add_parser(
        "backup",
        help="consistent online backup",
        description="Copy the store while the hall runs, to a new FILE (or, with --force, "
        "over an existing regular file).",
    )
    backup.add_argument("file", type=file_name, metavar="FILE")
    backup.add_argument(
        "--force", action="store_true", help="replace FILE if it is an existing regular file"
    )


def run(args: argparse.Namespace) -> int:
    from kiosk.app import ensure_data_dir, load_settings, store_name
    from kiosk.store import maintenance

    settings = load_settings(args.config, args.data_dir)
    name = store_name(settings)
    match args.op:
        case "upgrade":
            ensure_data_dir(settings)
            before, after = maintenance.upgrade(settings.store_url, name)
            if before == after:
                print(f"store {name}: schema already at revision {after}")
            else:
                print(f"store {name}: schema upgraded from {before or 'empty'} to {after}")
            return EXIT_OK
        case "check":
            report = maintenance.check(settings.store_url)
            for line in report.lines:
                print(line)
            return EXIT_OK if report.ok else report.exit_code
        case "backup":
            size = maintenance.backup(settings.store_url, args.file, force=args.force)
            print(f"backup of {name} written to {args.file} ({size} bytes)")
            return EXIT_OK
    return EXIT_USAGE
