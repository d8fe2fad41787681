"""Where a ticket printer's bytes go: one URL per printer, one small link per kind.

Every link does only what python-escpos's printers do (open, write raw bytes, read,
close); rendering never happens here. Serial, network and device-file links write the
bytes themselves (pyserial, a socket, a file): exact and without python-escpos's 0.3 s
import. USB goes through python-escpos (and pyusb), imported only when a USB printer is
used; CUPS through its ``lp`` command, raw.

    sim | sim:STATE                         the simulator (kiosk.devices.simulators.printer)
    serial:///dev/ttyUSB0?baudrate=9600&flow=none      a serial port (flow: none, rtscts,
    serial:COM3?baudrate=19200&flow=rtscts              dsrdtr, xonxoff; default none,
    serial:loop://   serial:socket://host:4000          whatever python-escpos would do)
    serial:spy:///dev/ttyUSB0?file=/tmp/wire.txt        any pyserial URL after "serial:"
    usb://04b8:0202?timeout=2000&in_ep=0x82&out_ep=0x01
    tcp://192.168.1.50:9100?timeout=3000
    file:///dev/usb/lp0   file:relative.bin   /var/spool/tickets.bin  (bytes appended)
    cups://queue                             lp -d queue -o raw

Errors opening or writing are the environment's: :class:`PrintFailed` with a sentence
for staff that names the URL.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

from kiosk.core.ports import PrintFailed, PrintProblem

log = logging.getLogger(__name__)

KINDS = ("sim", "serial", "usb", "tcp", "file", "cups")
FLOWS = ("none", "rtscts", "dsrdtr", "xonxoff")
SIM_STATES = ("ok", "near-end", "paper-out", "cover-open", "cutter-error", "offline")
EXPECTED = (
    'expected "sim", "sim:STATE", "serial:///dev/ttyUSB0?baudrate=9600&flow=none", '
    '"usb://04b8:0202?timeout=2000", "tcp://host:9100", "file:///dev/usb/lp0" (or an '
    'absolute file path) or "cups://queue"'
)
DEFAULT_BAUDRATE = 9600
DEFAULT_USB_TIMEOUT_MS = 2000
DEFAULT_TCP_TIMEOUT_MS = 3000
TCP_PORT = 9100
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """A parsed printer URL: the kind of link and its settings."""

    url: str
    kind: str  # one of KINDS
    target: str  # port or pyserial URL, host, path, queue, "VID:PID" or the sim state
    baudrate: int = DEFAULT_BAUDRATE
    flow: str = "none"
    port: int = TCP_PORT
    timeout_ms: int = 0  # USB transfer / TCP connect limit
    in_ep: int = 0x82
    out_ep: int = 0x01

    @property
    def can_read(self) -> bool:
        """Whether the printer's real-time status can be read back over this link."""
        return self.kind in ("sim", "serial", "tcp")


def _params(query: str, allowed: Mapping[str, str], url: str) -> dict[str, str]:
    params = dict(parse_qsl(query, keep_blank_values=True))
    for key in params:
        if key not in allowed:
            known = ", ".join(allowed) or "none"
            raise ValueError(f"unknown setting {key!r} in {url!r} (known: {known})")
    return params


def _int(params: dict[str, str], key: str, default: int, url: str, lo: int, hi: int) -> int:
    text = params.get(key)
    if text is None:
        return default
    try:
        value = int(text, 0)
    except ValueError:
        raise ValueError(f"{key}={text!r} in {url!r} is not a number") from None
    if not lo <= value <= hi:
        raise ValueError(f"{key}={value} in {url!r} is out of range {lo}..{hi}")
    return value


def _serial(url: str, rest: str) -> Endpoint:
    target, _, query = rest.partition("?")
    params = dict(parse_qsl(query, keep_blank_values=True))
    ours = {k: params.pop(k) for k in ("baudrate", "flow") if k in params}
    if "://" in target:  # a pyserial URL keeps its own options (spy://...?file=...)
        if params:
            target += "?" + urlencode(params)
    else:
        _params(urlencode(params), {}, url)
        if target.startswith("//"):
            target = target[2:]  # serial:///dev/ttyUSB0 -> /dev/ttyUSB0, serial://COM3 -> COM3
    if not target:
        raise ValueError(f"{url!r} names no serial port")
    flow = ours.get("flow", "none")
    if flow not in FLOWS:
        raise ValueError(f"flow={flow!r} in {url!r}: expected one of {', '.join(FLOWS)}")
    baudrate = _int(ours, "baudrate", DEFAULT_BAUDRATE, url, 300, 4_000_000)
    return Endpoint(url, "serial", target, baudrate=baudrate, flow=flow)


def _usb(url: str, rest: str) -> Endpoint:
    ids, _, query = rest.removeprefix("//").partition("?")
    if not re.fullmatch(r"[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}", ids):
        raise ValueError(f"{url!r}: expected usb://VVVV:PPPP, the vendor and product ids in hex")
    p = _params(query, {"timeout": "ms", "in_ep": "", "out_ep": ""}, url)
    return Endpoint(
        url,
        "usb",
        ids.lower(),
        timeout_ms=_int(p, "timeout", DEFAULT_USB_TIMEOUT_MS, url, 1, 600_000),
        in_ep=_int(p, "in_ep", 0x82, url, 0, 0xFF),
        out_ep=_int(p, "out_ep", 0x01, url, 0, 0xFF),
    )


def _tcp(url: str, rest: str) -> Endpoint:
    hostport, _, query = rest.removeprefix("//").partition("?")
    hostport = hostport.rstrip("/")
    m = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:/\[\]]+)(?::(\d+))?", hostport)
    if not m:
        raise ValueError(f"{url!r}: expected tcp://HOST:PORT, the port usually 9100")
    port = int(m.group(2)) if m.group(2) else TCP_PORT
    if not 1 <= port <= 65535:
        raise ValueError(f"{url!r}: port {port} is out of range 1..65535")
    p = _params(query, {"timeout": "ms"}, url)
    timeout = _int(p, "timeout", DEFAULT_TCP_TIMEOUT_MS, url, 1, 600_000)
    return Endpoint(url, "tcp", m.group(1).strip("[]"), port=port, timeout_ms=timeout)


def parse_url(url: str) -> Endpoint:
    """Read a printer URL; ValueError says what is wrong and what was expected."""
    text = url.strip()
    if not text:
        raise ValueError(f"empty printer URL: {EXPECTED}")
    if text == "sim" or text.startswith("sim:"):
        state = text.partition(":")[2] or "ok"
        if state not in SIM_STATES:
            raise ValueError(f"unknown simulated state {state!r} (known: {', '.join(SIM_STATES)})")
        return Endpoint(url, "sim", state)
    m = _SCHEME.match(text)
    if m is None:  # no scheme, or a Windows drive letter: a path
        if not (os.path.isabs(text) or text.startswith("~")):
            raise ValueError(f"{url!r}: a path must be absolute (or use file:NAME); {EXPECTED}")
        return Endpoint(url, "file", str(Path(text).expanduser()))
    scheme, rest = m.group(1).lower(), text[m.end() :]
    if scheme == "serial":
        return _serial(url, rest)
    if scheme == "usb":
        return _usb(url, rest)
    if scheme == "tcp":
        return _tcp(url, rest)
    if scheme == "file":
        path = rest[2:] if rest.startswith("//") else rest  # file:///x -> /x; file:x -> x
        if not path:
            raise ValueError(f"{url!r} names no file")
        return Endpoint(url, "file", str(Path(path).expanduser()))
    if scheme == "cups":
        queue = rest.removeprefix("//").rstrip("/")
        if not re.fullmatch(r"[A-Za-z0-9_.@-]+", queue):
            raise ValueError(f"{url!r}: expected cups://QUEUE, the name `lpstat -p` shows")
        return Endpoint(url, "cups", queue)
    raise ValueError(f"unknown kind of printer {scheme!r} in {url!r}: {EXPECTED}")


# -- links ----------------------------------------------------------------------------------


class Link(Protocol):
    """An open connection to a printer: raw bytes out, status bytes in."""

    def write(self, data: bytes) -> None: ...

    def read_byte(self) -> int | None:
        """One byte within the status timeout, or None."""
        ...

    def discard_input(self) -> None:
        """Drop late or unasked bytes so they do not pass for the next reply."""
        ...

    def close(self) -> None: ...


def _oserror(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if len(exc.args) == 2 and isinstance(exc.args[1], str):  # termios.error(errno, text)
        return exc.args[1]
    return str(exc) or type(exc).__name__


class SerialLink:
    """A serial port (or any pyserial URL), flow control as configured, nothing implied."""

    def __init__(self, ep: Endpoint, status_timeout_s: float) -> None:
        import serial

        self._serial = serial
        # tcdrain (flush) and tcflush (discarding input) report a dead port as
        # termios.error, which is no OSError
        termios_error = getattr(sys.modules.get("termios"), "error", OSError)
        self._failures: tuple[type[BaseException], ...] = (
            serial.SerialException,
            OSError,
            termios_error,
        )
        self.url = ep.url
        self._baudrate = ep.baudrate
        try:
            port = serial.serial_for_url(ep.target, do_not_open=True)
            port.baudrate = ep.baudrate
            port.rtscts = ep.flow == "rtscts"
            port.dsrdtr = ep.flow == "dsrdtr"  # python-escpos's Serial turns this on by default
            port.xonxoff = ep.flow == "xonxoff"
            port.timeout = status_timeout_s
            port.open()
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrintFailed(
                f"cannot open the printer port {ep.url}: {_oserror(exc)}: "
                "check the cable and printer.url",
                PrintProblem.UNREACHABLE,
            ) from exc
        self._port = port

    def write(self, data: bytes) -> None:
        # At 9600 baud a byte takes about 1 ms; a printer that holds the line (flow control,
        # buffer full) gets twice the wire time and 5 s more, then the ticket is reported.
        try:
            # setting it reconfigures the port: a port gone fails here already
            self._port.write_timeout = 5 + 2 * len(data) * 10 / self._baudrate
            written = self._port.write(data)
            self._port.flush()
        except self._serial.SerialTimeoutException as exc:
            raise PrintFailed(
                f"the printer on {self.url} did not take the ticket in time: "
                "check the flow control (flow=) and that the printer is on",
                PrintProblem.WRITE_FAILED,
            ) from exc
        except self._failures as exc:
            raise PrintFailed(
                f"the printer port {self.url} failed: {_oserror(exc)}", PrintProblem.WRITE_FAILED
            ) from exc
        if written is not None and written != len(data):  # a ticket cut short is no ticket
            raise PrintFailed(
                f"the printer port {self.url} took {written} of {len(data)} bytes",
                PrintProblem.WRITE_FAILED,
            )

    def read_byte(self) -> int | None:
        try:
            data = self._port.read(1)
        except self._failures as exc:
            raise PrintFailed(
                f"the printer port {self.url} failed: {_oserror(exc)}", PrintProblem.WRITE_FAILED
            ) from exc
        return data[0] if data else None

    def discard_input(self) -> None:
        with contextlib.suppress(*self._failures):
            self._port.reset_input_buffer()

    def close(self) -> None:
        with contextlib.suppress(*self._failures):
            self._port.close()


class TcpLink:
    """A network printer's raw port (9100): the same bytes as a serial line."""

    def __init__(self, ep: Endpoint, status_timeout_s: float) -> None:
        self.url = ep.url
        self._status_timeout = status_timeout_s
        try:
            self._sock = socket.create_connection((ep.target, ep.port), ep.timeout_ms / 1000)
        except OSError as exc:
            raise PrintFailed(
                f"cannot connect to the printer at {ep.url}: {_oserror(exc)}: "
                "check the network cable, the address and that the printer is on",
                PrintProblem.UNREACHABLE,
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self._sock.settimeout(30)
            self._sock.sendall(data)
        except OSError as exc:
            raise PrintFailed(
                f"the printer at {self.url} failed: {_oserror(exc)}", PrintProblem.WRITE_FAILED
            ) from exc

    def read_byte(self) -> int | None:
        self._sock.settimeout(self._status_timeout)
        try:
            data = self._sock.recv(1)
        except TimeoutError:
            return None
        except OSError as exc:
            raise PrintFailed(
                f"the printer at {self.url} failed: {_oserror(exc)}", PrintProblem.WRITE_FAILED
            ) from exc
        if not data:  # an orderly close by the printer: the link is gone, not a silence
            raise PrintFailed(
                f"the printer at {self.url} closed the connection", PrintProblem.WRITE_FAILED
            )
        return data[0]

    def discard_input(self) -> None:
        self._sock.setblocking(False)
        try:
            while self._sock.recv(4096):
                pass
        except OSError:  # nothing waiting (BlockingIOError) or the peer closed
            pass
        finally:
            self._sock.setblocking(True)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()


class _WriteOnly:
    """Links that cannot read the printer's status."""

    def read_byte(self) -> int | None:
        return None

    def discard_input(self) -> None:
        pass


class FileLink(_WriteOnly):
    """A device file (/dev/usb/lp0) or a regular file: the exact bytes, appended."""

    def __init__(self, ep: Endpoint) -> None:
        self.url = ep.url
        try:
            self._file = open(ep.target, "ab")  # noqa: SIM115  (closed by close())
        except OSError as exc:
            raise PrintFailed(
                f"cannot open {ep.url}: {_oserror(exc)}", PrintProblem.UNREACHABLE
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise PrintFailed(
                f"cannot write to {self.url}: {_oserror(exc)}", PrintProblem.WRITE_FAILED
            ) from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()


class CupsLink(_WriteOnly):
    """A CUPS queue, raw: the bytes are collected and handed to `lp` on close."""

    def __init__(self, ep: Endpoint) -> None:
        self.url = ep.url
        self._queue = ep.target
        self._lp = shutil.which("lp")
        if self._lp is None:
            raise PrintFailed(
                f"{ep.url}: the CUPS command lp is not installed (cups-client)",
                PrintProblem.UNREACHABLE,
            )
        self._data = bytearray()

    def write(self, data: bytes) -> None:
        self._data += data

    def flush(self) -> None:
        """Hand the bytes to CUPS; PrintFailed when it refuses them."""
        data, self._data = bytes(self._data), bytearray()
        if not data:
            return
        assert self._lp is not None
        cmd = [self._lp, "-d", self._queue, "-o", "raw"]
        try:
            done = subprocess.run(cmd, input=data, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintFailed(f"{self.url}: lp failed: {exc}", PrintProblem.WRITE_FAILED) from exc
        if done.returncode != 0:
            why = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
            raise PrintFailed(
                f"CUPS refused the ticket for {self.url}: {why}", PrintProblem.WRITE_FAILED
            )

    def close(self) -> None:
        self._data.clear()


_escpos_lock = threading.Lock()


def import_escpos(cache_dir: Path) -> Any:
    """Import python-escpos with its capabilities cache in `cache_dir`.

    python-escpos 3.1 reads $ESCPOS_CAPABILITIES_PICKLE_DIR at import, but calls
    ``mkdtemp()`` for the default even when the variable is set: one new folder in the
    temporary directory per import. That folder is made inside `cache_dir` and removed.
    """
    with _escpos_lock:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache_dir))
        scratch = Path(tempfile.mkdtemp(prefix="escpos-import-", dir=cache_dir))
        saved = tempfile.tempdir
        tempfile.tempdir = str(scratch)
        try:
            import escpos.printer
        finally:
            tempfile.tempdir = saved
            shutil.rmtree(scratch, ignore_errors=True)
        return escpos.printer


class UsbLink(_WriteOnly):
    """A USB printer through python-escpos (and pyusb), always with a transfer timeout."""

    def __init__(self, ep: Endpoint, cache_dir: Path) -> None:
        self.url = ep.url
        try:
            printer_mod = import_escpos(cache_dir)
        except ImportError as exc:
            raise PrintFailed(
                f"{ep.url}: USB printing needs python-escpos: {exc}", PrintProblem.UNREACHABLE
            ) from exc
        try:
            import usb.core  # noqa: F401  (pyusb: python-escpos imports it only if present)
        except ImportError:
            raise PrintFailed(
                f"{ep.url}: USB printing needs the pyusb package, which is not installed "
                "(pip install pyusb; or connect the printer as file:///dev/usb/lp0)",
                PrintProblem.UNREACHABLE,
            ) from None
        vendor, product = (int(x, 16) for x in ep.target.split(":"))
        self._printer = printer_mod.Usb(
            vendor, product, timeout=ep.timeout_ms, in_ep=ep.in_ep, out_ep=ep.out_ep
        )
        try:
            self._printer.open(raise_not_found=True)
        except Exception as exc:  # escpos raises its own DeviceNotFoundError, pyusb USBError
            raise PrintFailed(
                f"cannot open the USB printer {ep.url}: {exc}: check the cable, the ids "
                "(lsusb) and the permissions (udev rule)",
                PrintProblem.UNREACHABLE,
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:  # pyusb's USBError / USBTimeoutError
            raise PrintFailed(
                f"the USB printer {self.url} failed: {exc}", PrintProblem.WRITE_FAILED
            ) from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._printer.close()


@contextlib.contextmanager
def connect(ep: Endpoint, status_timeout_s: float, cache_dir: Path) -> Iterator[Link]:
    """An open link for one job; closed (and for CUPS, submitted) at the end."""
    link: Link
    if ep.kind == "serial":
        link = SerialLink(ep, status_timeout_s)
    elif ep.kind == "tcp":
        link = TcpLink(ep, status_timeout_s)
    elif ep.kind == "file":
        link = FileLink(ep)
    elif ep.kind == "cups":
        link = CupsLink(ep)
    elif ep.kind == "usb":
        link = UsbLink(ep, cache_dir)
    else:
        raise ValueError(f"no link for {ep.kind!r} (the simulator brings its own)")
    try:
        yield link
        if isinstance(link, CupsLink):
            link.flush()
    finally:
        link.close()
