"""`kiosk run|counter N|display|tech` open the windows; `kiosk screenshots DIR` draws them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli.common import EXIT_OK, counter_number


def add_parsers(sub: Any) -> None:
    sub.add_parser("run", help="start the hall: the kiosk and the hall display")
    counter_cmd = sub.add_parser("counter", help="open the workstation of counter N")
    counter_cmd.add_argument("counter", type=counter_number, metavar="N")
    sub.add_parser("display", help="open the hall display")
    sub.add_parser("tech", help="open the technician panel")
    shots = sub.add_parser("screenshots", help="render every window to PNG files")
    shots.add_argument("folder", type=Path, metavar="DIR")


def run(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.ui import app as ui_app

    settings = load_settings(args.config, args.data_dir)
    what = "hall" if args.command == "run" else args.command
    beside = None
    if what == "hall" and settings.config.server.listen:
        from kiosk.cli.server import start_beside

        beside = start_beside  # the hall server on [server] listen, for the other PCs
    return ui_app.run(settings, what, getattr(args, "counter", None), beside)


def draw(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.ui import screenshots

    settings = load_settings(args.config, args.data_dir)
    written = screenshots.render_all(settings, args.folder)
    print(f"{len(written)} screenshots written to {args.folder}")
    return EXIT_OK
