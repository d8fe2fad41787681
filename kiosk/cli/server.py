"""`kiosk serve` and `kiosk server ...`: the hall server and the PCs joined to it
(docs/cli.md, docs/server-api.md)."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Callable
from typing import Any

from kiosk.cli.common import EXIT_OK, Parser, counter_number, emit
from kiosk.core.errors import KioskError

log = logging.getLogger(__name__)

ROLES = ("kiosk", "counter", "display", "devices", "admin", "manager")


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
    group = sub.add_parser("server", help="the PCs joined to the hall, staff, TLS")
    ops = group.add_subparsers(dest="op", required=True, metavar="OP", parser_class=Parser)
    enroll = ops.add_parser(
        "enroll",
        help="join a PC to the hall: prints its token (once)",
        description="Join a PC to the hall with a role; prints its token, shown only "
        "this once (the server keeps its hash). Roles: kiosk, counter N, display, "
        "devices, admin, manager (signs in to the manager view, /manager, in a browser).",
    )
    enroll.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
    enroll.add_argument("counter", nargs="?", type=counter_number, metavar="N")
    enroll.add_argument("--name", default="", help="what `kiosk server list` calls it")
    enroll.add_argument("--json", action="store_true", help="print the result as JSON")
    revoke = ops.add_parser("revoke", help="end a PC's access to the hall at once")
    revoke.add_argument("id", type=int, metavar="ID", help="as `kiosk server list` shows it")
    revoke.add_argument("--json", action="store_true", help="print the result as JSON")
    listing = ops.add_parser("list", help="the PCs joined to the hall, their role and last contact")
    listing.add_argument("--json", action="store_true", help="print the result as JSON")
    staff = ops.add_parser("staff", help="staff who sign in at a counter").add_subparsers(
        dest="staff_op", required=True, metavar="OP", parser_class=Parser
    )
    add = staff.add_parser(
        "add",
        help="add (or change) a member of staff; asks for the PIN",
        description="Add a member of staff, or change their name and PIN. The PIN (4 to "
        "12 digits) is asked twice on a terminal, read from one line of stdin otherwise.",
    )
    add.add_argument("id", metavar="ID", help="staff id, 1 to 32 characters")
    add.add_argument("--name", required=True, help="their name, for reports")
    join = ops.add_parser(
        "join",
        help="on a PC of the hall: keep the server's URL and this PC's token",
        description="Keep the hall server's URL and this PC's token (from `kiosk server "
        "enroll` on the server) in the data directory (server-url, server-token, mode "
        "0600): the windows and `kiosk queue` then use that server.",
    )
    join.add_argument("url", metavar="URL", help="http://HOST:PORT or https://HOST:PORT")
    join.add_argument("token", metavar="TOKEN")
    join.add_argument("--fingerprint", default="", help="the server certificate's SHA-256")
    ops.add_parser(
        "cert",
        help="make the server's self-signed TLS certificate; prints its fingerprint",
        description="Write a new self-signed certificate and key (server-cert.pem, "
        "server-key.pem) into the data directory and print the certificate's SHA-256 "
        "fingerprint, which the clients pin. `kiosk serve` uses it with [server] tls = true.",
    ).add_argument("--name", action="append", default=[], help="a host name or address")


def serve(args: argparse.Namespace) -> int:
    import contextlib

    from kiosk.app import Role, build_runtime, listening_on, load_settings
    from kiosk.config import parse_listen
    from kiosk.server import build_app, manager_pages, ticket_pages
    from kiosk.server import serve as run_server
    from kiosk.server.run import bind
    from kiosk.server.tokens import TokenGate

    settings = load_settings(args.config, args.data_dir)
    conf = settings.config.server
    host, port = args.listen or parse_listen(conf.listen or "127.0.0.1:8765")
    tls = None
    if conf.tls:
        from kiosk.server.tls import server_context

        tls = server_context(settings.data_dir)
    sock = bind(host, port)  # first: the ticket links name the port really bound
    with (
        contextlib.closing(sock),
        build_runtime(Role.SERVER, listening_on(settings, host, sock.getsockname()[1])) as runtime,
        contextlib.ExitStack() as stack,
    ):
        runtime.start()
        if runtime.daily is not None:  # the daily report at the reset, off the event loop
            runtime.daily.start()
            stack.callback(runtime.daily.stop)
        gate = TokenGate(
            runtime.access,
            runtime.clock,
            rate_per_token=conf.rate_per_token,
            rate_per_address=conf.rate_per_address,
        )
        pages = ticket_pages(runtime)  # the visitor's ticket page behind each QR code
        app = build_app(
            runtime,
            gate,
            heartbeat_s=conf.heartbeat_ms / 1000,
            pages=pages,
            manager=manager_pages(runtime, runtime.access),  # /manager
        )
        run_server(app, host, port, tls=tls, started=_announce, sock=sock)
    return EXIT_OK


class Beside:
    """`kiosk run`'s hall server: started on a thread on ``[server] listen`` beside the
    windows, which keep calling their queue service in-process. An address in use (or
    any other failure to start) is a warning naming server.listen, and the hall runs
    without the server. Call it to stop the server; ``ready`` is set once it is
    listening (``url``) or has given up (``url`` None)."""

    def __init__(self, runtime: Any, sock: Any = None) -> None:
        import threading

        self._runtime = runtime
        self._sock = sock  # bound already (bind_beside), else bound on the thread
        self._handle: Any = None
        self._stopping = threading.Event()
        self.ready = threading.Event()
        self.url: str | None = None
        self._starter = threading.Thread(target=self._start, name="hall-server", daemon=True)
        self._starter.start()

    def _start(self) -> None:
        from kiosk.config import parse_listen
        from kiosk.server import build_app, manager_pages, serve_in_thread, ticket_pages
        from kiosk.server.tokens import TokenGate
        from kiosk.store.access import AccessStore

        runtime = self._runtime
        conf = runtime.settings.config.server
        try:
            host, port = parse_listen(conf.listen)
            tls = None
            if conf.tls:
                from kiosk.server.tls import server_context

                tls = server_context(runtime.settings.data_dir)
            access = AccessStore(runtime.store)
            gate = TokenGate(
                access,
                runtime.clock,
                rate_per_token=conf.rate_per_token,
                rate_per_address=conf.rate_per_address,
            )
            # the ticket page too: the QR of a ticket this hall prints opens here
            pages = ticket_pages(runtime)
            app = build_app(
                runtime,
                gate,
                heartbeat_s=conf.heartbeat_ms / 1000,
                pages=pages,
                manager=manager_pages(runtime, access),  # /manager, for the manager's PC
            )
            self._handle = serve_in_thread(app, host, port, tls=tls, sock=self._sock)
        except KioskError as exc:
            _not_started(exc)
            if self._sock is not None:
                self._sock.close()
            return
        finally:
            self.ready.set()
        self.url = self._handle.url
        log.info("hall server on %s", self.url)
        if self._stopping.is_set():
            self._handle.stop()

    def __call__(self) -> None:
        self._stopping.set()
        self._starter.join(30)
        if self._handle is not None:
            self._handle.stop()


def start_beside(runtime: Any) -> Beside:
    return Beside(runtime)


def bind_beside(settings: Any) -> tuple[Any, Callable[[Any], Beside] | None]:
    """`kiosk run`'s server address bound before its windows are built: the settings
    whose ticket links name the port really bound (port 0 in ``[server] listen``), and
    what starts the server there beside the windows. An address in use: the warning,
    the settings as they were and None (the hall runs without the server)."""
    from kiosk.app import listening_on
    from kiosk.config import parse_listen
    from kiosk.server.run import bind

    try:
        host, port = parse_listen(settings.config.server.listen)
        sock = bind(host, port)
    except (KioskError, ValueError) as exc:
        _not_started(exc)
        return settings, None
    settings = listening_on(settings, host, sock.getsockname()[1])
    return settings, lambda runtime: Beside(runtime, sock)


def _not_started(exc: Exception) -> None:
    log.warning("the hall server is not started (the hall runs without it): %s", exc)


def _announce(url: str) -> None:
    print(f"hall server on {url} (Ctrl+C stops it)", flush=True)


def run(args: argparse.Namespace) -> int:
    from kiosk.app import Role, build_runtime, load_settings

    settings = load_settings(args.config, args.data_dir)
    if args.op == "join":
        return _join(args, settings)
    if args.op == "cert":
        from kiosk.app import make_clock
        from kiosk.server.tls import make_certificate

        names = args.name or ["localhost", "127.0.0.1"]
        fp = make_certificate(settings.data_dir, make_clock().now(), names)
        print(f"certificate written to {settings.data_dir}; its SHA-256 fingerprint:\n{fp}")
        return EXIT_OK
    from kiosk.store.access import AccessStore

    with build_runtime(Role.COMMAND, settings) as rt:
        access = AccessStore(rt.store)
        now = rt.clock.now()
        match args.op:
            case "enroll":
                if args.role == "counter":
                    if args.counter is None:
                        raise KioskError("a counter PC needs its counter: enroll counter N")
                    settings.hall.counter(args.counter)  # NotFound names an unknown one
                pc, token = access.enroll(args.role, args.counter, args.name, now)
                from kiosk.server.tls import fingerprint

                fp = fingerprint(settings.data_dir) if settings.config.server.tls else ""
                data = {"token": token, "id": pc.id, "role": pc.role, "counter": pc.counter}
                if fp:
                    data["fingerprint"] = fp
                text = f"PC {pc.id} joined as {pc.label}; its token (shown only now):\n{token}"
                if fp:
                    text += f"\nthe server certificate's fingerprint: {fp}"
                emit(args, data, text)
            case "revoke":
                pc = access.revoke(args.id, now)
                emit(args, _pc_json(pc), f"PC {pc.id} ({pc.label}): access revoked")
            case "list":
                pcs = access.pcs()
                emit(args, [_pc_json(p) for p in pcs], _pcs_text(pcs))
            case "staff":
                from kiosk.core.pin import hash_pin

                pin = _ask_pin()
                staff = access.add_staff(args.id, args.name, hash_pin(pin), now)
                print(f"staff {staff.id} ({staff.name}) can sign in at a counter")
    return EXIT_OK


def _ask_pin() -> str:
    if sys.stdin.isatty():
        pin = getpass.getpass("PIN (4 to 12 digits): ")
        if getpass.getpass("the same PIN again: ") != pin:
            raise KioskError("the two PINs differ: nothing changed")
    else:
        pin = sys.stdin.readline().strip()
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise KioskError("a staff PIN is 4 to 12 digits: nothing changed")
    return pin


def _join(args: argparse.Namespace, settings: Any) -> int:
    from kiosk.remote import token as keep

    if not args.url.startswith(("http://", "https://")):
        raise KioskError(f"server URL {args.url!r}: expected http://HOST:PORT or https://...")
    written = keep.join(settings.data_dir, args.url.rstrip("/"), args.token, args.fingerprint)
    print(f"this PC now uses the hall server {args.url} ({', '.join(p.name for p in written)})")
    return EXIT_OK


def _pc_json(pc: Any) -> dict[str, Any]:
    def iso(moment: Any) -> str | None:
        return moment.isoformat(timespec="seconds") if moment else None

    return {
        "id": pc.id,
        "role": pc.role,
        "counter": pc.counter,
        "name": pc.name,
        "created": iso(pc.created),
        "last_contact": iso(pc.last_contact),
        "revoked": iso(pc.revoked),
    }


def _pcs_text(pcs: list[Any]) -> str:
    if not pcs:
        return "no PC has joined the hall (kiosk server enroll ROLE)"
    lines = []
    for p in pcs:
        seen = (
            f"last contact {p.last_contact:%Y-%m-%d %H:%M:%S}" if p.last_contact else "never seen"
        )
        revoked = f", revoked {p.revoked:%Y-%m-%d %H:%M}" if p.revoked else ""
        lines.append(f"{p.id:>4}  {p.label:<12} {p.name:<20} {seen}{revoked}")
    return "\n".join(lines)
