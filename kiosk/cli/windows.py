"""`kiosk run|counter N|display|tech|kiosk` open the windows, `kiosk devices` runs a device
host; `kiosk screenshots DIR` draws the windows.

Each but `run` takes ``--server URL`` (or $KIOSK_SERVER, or the URL `kiosk server join`
kept): the window of a PC of a hall of several, on the hall server (docs/multi-pc.md).
`kiosk kiosk` and `kiosk devices` are for such a PC only (on one PC, `kiosk run` has the
kiosk and the devices)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli.common import EXIT_OK, counter_number


def server_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--server",
        metavar="URL",
        help="the hall server (http://HOST:PORT or https://...), for a PC of a hall of "
        "several; default: $KIOSK_SERVER, else the URL `kiosk server join` kept",
    )


def add_parsers(sub: Any) -> None:
    sub.add_parser("run", help="start the hall: the kiosk and the hall display")
    counter_cmd = sub.add_parser("counter", help="open the workstation of counter N")
    counter_cmd.add_argument("counter", type=counter_number, metavar="N")
    server_option(counter_cmd)
    server_option(sub.add_parser("display", help="open the hall display"))
    server_option(sub.add_parser("tech", help="open the technician panel"))
    server_option(
        sub.add_parser(
            "kiosk",
            help="open the customer kiosk on its own PC (needs a hall server), printing on "
            "this PC's printer",
        )
    )
    server_option(
        sub.add_parser(
            "devices",
            help="run a device host (needs a hall server): this PC's RS-485 buses, "
            "printer and voice, driven from the hall feed; no window",
        )
    )
    shots = sub.add_parser("screenshots", help="render every window to PNG files")
    shots.add_argument("folder", type=Path, metavar="DIR")


def run(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.app.remote import remote_url
    from kiosk.core.errors import ConfigError

    settings = load_settings(args.config, args.data_dir)
    what = "hall" if args.command == "run" else args.command
    url = None if what == "hall" else remote_url(settings, getattr(args, "server", None))
    if what in ("kiosk", "devices") and not url:
        raise ConfigError(
            f"`kiosk {what}` runs on a PC of a hall of several: give the hall server with "
            "--server URL or KIOSK_SERVER (on one PC, `kiosk run` has the kiosk and the devices)"
        )
    if what == "devices":
        assert url
        return run_device_host(settings, url)
    from kiosk.ui import app as ui_app

    beside = None
    if what == "hall" and settings.config.server.listen:
        from kiosk.cli.server import bind_beside

        # the hall server on [server] listen, for the other PCs and the visitors' phones
        settings, beside = bind_beside(settings)
    return ui_app.run(settings, what, getattr(args, "counter", None), beside, server=url or None)


def run_device_host(settings: Any, url: str) -> int:
    """`kiosk devices`: the device hub, the printer's self-test and the announcer of a PC
    of a hall of several, from the hall server's feed, until SIGINT or SIGTERM.

    The signals are waited for on a socket their handler's wake-up byte is written to,
    not by a handler that sets a threading.Event: that handler runs on the main thread,
    and one that came while the main thread held the Event's lock (entering its wait,
    just after the ready line) waited for that lock for ever (the device host once did
    not stop within 60 s of SIGTERM in tests/remote/test_hall_of_pcs.py)."""
    import signal
    import socket

    from kiosk.app import Role, build_runtime

    wanted = (signal.SIGINT, signal.SIGTERM)
    wake, woken = socket.socketpair()
    woken.setblocking(False)
    before_fd = signal.set_wakeup_fd(woken.fileno(), warn_on_full_buffer=False)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in wanted}
    try:
        runtime = build_runtime(Role.DEVICE_HOST, settings, server=url)
        runtime.start()
        try:
            hub = runtime.hub
            print(
                f"kiosk: device host on hall server {url}: {len(hub.displays)} displays, "
                f"{len(hub.keypads)} keypads, {len(hub.evaluators)} evaluators, voice "
                f"{'on' if runtime.calls is not None else 'off'} (Ctrl+C stops it)",
                flush=True,
            )
            while wake.recv(1)[0] not in wanted:  # another signal's byte: wait on
                pass
        finally:
            runtime.stop()
        print("kiosk: stopped", flush=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(before_fd)
        wake.close()
        woken.close()
    return EXIT_OK


def draw(args: argparse.Namespace) -> int:
    from kiosk.app import load_settings
    from kiosk.ui import screenshots

    settings = load_settings(args.config, args.data_dir)
    written = screenshots.render_all(settings, args.folder)
    print(f"{len(written)} screenshots written to {args.folder}")
    return EXIT_OK
