"""`kiosk serve` and `kiosk server ...`: the hall server and the PCs joined to it
(docs/cli.md, docs/server-api.md)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from kiosk.cli.common import EXIT_OK

log = logging.getLogger(__name__)


def listen_address(text: str) -> tuple[str, int]:
    from kiosk.config import parse_listen

    try:
        return parse_listen(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the hall server (HTTP API and feed for the hall's other PCs)",
        description="Run the hall server: the store and queue service of the hall, its "
        "HTTP API, the hall feed over a WebSocket and /health (docs/server-api.md). "
        "Stops on Ctrl+C or SIGTERM.",
    )
    serve.add_argument(
        "--listen",
        type=listen_address,
        metavar="HOST:PORT",
        help="where to listen; default: server.listen (127.0.0.1:8765); 0.0.0.0:8765 "
        "for the hall's network",
    )


def serve(args: argparse.Namespace) -> int:
    from kiosk.app import Role, build_runtime, load_settings
    from kiosk.config import parse_listen
    from kiosk.server import build_app
    from kiosk.server import serve as run_server

    settings = load_settings(args.config, args.data_dir)
    host, port = args.listen or parse_listen(settings.config.server.listen or "127.0.0.1:8765")
    with build_runtime(Role.SERVER, settings) as runtime:
        runtime.start()
        app = build_app(runtime, heartbeat_s=settings.config.server.heartbeat_ms / 1000)
        print(f"hall server on http://{host}:{port} (Ctrl+C stops it)", flush=True)
        run_server(app, host, port)
    return EXIT_OK
