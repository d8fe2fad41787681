"""Real-time status of an ESC/POS printer (DLE EOT n): the bytes, their meaning, the verdict.

Pure: no port, no clock. A transport sends :func:`query` and hands back one byte per
query, or None when nothing came in time; :func:`decode` turns the four replies into a
:class:`PrinterStatus`. No reply is *unknown*, never fine: python-escpos 3.1 reports a
silent printer as "paper adequate", which is how a kiosk prints tickets into the void.

A status byte always has bits 1 and 4 set and bits 0 and 7 clear (ESC/POS reference,
DLE EOT); anything else is garbage (a wrong baud rate, line noise, another device) and
counts as no reply.

    n = 1 printer       bit 3: offline
    n = 2 offline cause bit 2: cover open          bit 5: stopped by paper end
                        bit 6: an error occurred
    n = 3 error cause   bit 3: autocutter error    bit 5: unrecoverable error
                        bit 6: auto-recoverable error (head temperature, voltage)
    n = 4 paper sensor  bit 2 or 3: paper near end  bit 5 or 6: paper end

Which queries are asked is the hall's choice (``printer.status``, :data:`MODES`): all four
(``full``), only n = 1 for printers that answer nothing else or 0x00 to 2..4 (``basic``:
offline or not, without the cause), or none at all (``none``: printed blind, like a file).
A printer that answers n = 1 but not the others is told apart from a silent one: the
sentence names the query it did not answer and the setting that fits it.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping

from kiosk.core.ports import PrintProblem

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)
# printer.status: the queries asked before (and after) each ticket.
MODES: dict[str, tuple[int, ...]] = {"full": QUERIES, "basic": (1,), "none": ()}
QUERY_NAMES = {
    1: "printer status",
    2: "offline cause",
    3: "error cause",
    4: "paper sensor",
}

NO_REPLY = "no reply: check cable, baud rate and power"
PAPER_OUT = "paper out: load a new roll"
COVER_OPEN = "the cover is open: close it"
CUTTER = "cutter error: clear the paper jam at the cutter"
ERROR = "printer error: switch it off and on"
OFFLINE = "the printer is offline: check its error light and press its feed button"
NEAR_END = "paper near end: prepare a new roll"
# printer.status = "basic": DLE EOT 1 tells offline, not why.
OFFLINE_BASIC = (
    "the printer is offline (paper out, cover open or an error; with "
    'printer.status = "basic" it does not say which): check the paper, the cover and '
    "its error light"
)
# printer.status = "full", and the printer answers DLE EOT 1 but not all of 2..4.
PARTIAL = (
    "the printer answers DLE EOT 1 but {what} to DLE EOT {n} ({name}): "
    'set printer.status = "basic" for a printer that reports only online/offline'
)


def query(n: int) -> bytes:
    """The real-time status request DLE EOT n."""
    if n not in QUERIES:
        raise ValueError(f"DLE EOT takes n = 1..4, got {n}")
    return DLE_EOT + bytes([n])


def valid(byte: int | None) -> bool:
    """A status byte: bits 1 and 4 set, bits 0 and 7 clear (None, no reply, is not one)."""
    return byte is not None and 0 <= byte <= 0xFF and byte & 0b1001_0011 == 0b0001_0010


class Health(enum.IntEnum):
    """What the status means for printing, worst last."""

    FINE = 0
    WARN = 1  # print, and tell staff (paper near end)
    UNKNOWN = 2  # no valid reply: do not print into the void
    STOPPED = 3  # paper out, cover open, offline, an error


@dataclasses.dataclass(frozen=True)
class PrinterStatus:
    """The decoded replies. A flag is None when the query that tells it got no valid
    reply: an invalid byte counts as no reply (a wrong baud rate, line noise)."""

    online: bool | None = None  # n = 1
    cover_open: bool | None = None  # n = 2
    paper_near_end: bool | None = None  # n = 4
    paper_end: bool | None = None  # n = 4, or n = 2 "stopped by paper end"
    cutter_error: bool | None = None  # n = 3
    unrecoverable: bool | None = None  # n = 3
    auto_recoverable: bool | None = None  # n = 3
    error: bool | None = None  # n = 2: an error occurred
    replies: tuple[int | None, ...] = dataclasses.field(default=(), compare=False)
    asked: tuple[int, ...] = dataclasses.field(default=QUERIES, compare=False)

    @property
    def known(self) -> bool:
        """Every query asked got a valid reply."""
        return len(self.replies) == len(self.asked) and all(valid(r) for r in self.replies)

    def _unknown(self) -> str:
        """Why the status is not known, truly: nothing valid at all, or a printer that
        answers DLE EOT 1 and not (or not validly) a later query."""
        if not self.replies or not valid(self.replies[0]):
            return NO_REPLY
        n, reply = next(
            (n, r) for n, r in zip(self.asked, self.replies, strict=True) if not valid(r)
        )
        what = "nothing" if reply is None else f"0x{reply:02x}, not a status byte,"
        return PARTIAL.format(what=what, n=n, name=QUERY_NAMES[n])

    def known_problem(self) -> str | None:
        """The problem the valid replies show, ignoring the queries that got none (a
        self-test step decodes one query at a time). The most actionable cause first:
        the paper before the cover before the rest; offline last, as it is their effect."""
        if self.paper_end:
            return PAPER_OUT
        if self.cover_open:
            return COVER_OPEN
        if self.cutter_error:
            return CUTTER
        if self.unrecoverable or self.auto_recoverable or self.error:
            return ERROR
        if self.online is False:
            return OFFLINE if len(self.asked) > 1 else OFFLINE_BASIC
        return None

    def problem_code(self) -> PrintProblem | None:
        """:meth:`problem` as a value: a status that is not known is ``no_reply`` (no valid
        reply to a query asked), whichever sentence says why."""
        problem = self.problem()
        if problem is None:
            return None
        return _CODES.get(problem, PrintProblem.NO_REPLY)

    def problem(self) -> str | None:
        """The plain sentence for staff when the ticket must not be printed; None when it
        may be. What is not known to be fine is a problem: no reply is never "ready"."""
        known = self.known_problem()
        if known:
            return known
        if not self.known:
            return self._unknown()
        return None

    def warning(self) -> str | None:
        """Printing goes on, and staff should act soon."""
        return NEAR_END if self.paper_near_end and self.problem() is None else None

    @property
    def health(self) -> Health:
        problem = self.problem()
        if problem is not None and self.known_problem() is None:
            return Health.UNKNOWN
        if problem:
            return Health.STOPPED
        return Health.WARN if self.warning() else Health.FINE

    @property
    def summary(self) -> str:
        """One line for logs and the technician panel."""
        return self.problem() or self.warning() or "ready"

    def as_dict(self) -> dict[str, object]:
        return {
            "health": self.health.name.lower(),
            "summary": self.summary,
            "replies": [None if r is None else f"0x{r:02x}" for r in self.replies],
            "online": self.online,
            "cover_open": self.cover_open,
            "paper_near_end": self.paper_near_end,
            "paper_end": self.paper_end,
            "cutter_error": self.cutter_error,
            "unrecoverable": self.unrecoverable,
            "auto_recoverable": self.auto_recoverable,
            "error": self.error,
        }


_CODES = {
    PAPER_OUT: PrintProblem.PAPER_END,
    COVER_OPEN: PrintProblem.COVER_OPEN,
    CUTTER: PrintProblem.CUTTER,
    ERROR: PrintProblem.ERROR,
    OFFLINE: PrintProblem.OFFLINE,
    OFFLINE_BASIC: PrintProblem.OFFLINE,
    NO_REPLY: PrintProblem.NO_REPLY,
}


def _bit(byte: int, n: int) -> bool:
    return bool(byte >> n & 1)


def decode(replies: Mapping[int, int | None], asked: tuple[int, ...] = QUERIES) -> PrinterStatus:
    """The status from the reply byte of each query asked (None: no reply, or not asked
    because the printer went silent before it)."""
    raw = tuple(replies.get(n) for n in asked)
    good = {n: b for n, b in zip(asked, raw, strict=True) if b is not None and valid(b)}
    online = cover = near = paper = cutter = unrec = auto = error = None
    if 1 in good:
        online = not _bit(good[1], 3)
    if 2 in good:
        cover = _bit(good[2], 2)
        error = _bit(good[2], 6)
        if _bit(good[2], 5):  # stopped by paper end: paper out whatever n = 4 says
            paper = True
    if 3 in good:
        cutter = _bit(good[3], 3)
        unrec = _bit(good[3], 5)
        auto = _bit(good[3], 6)
    if 4 in good:
        near = _bit(good[4], 2) or _bit(good[4], 3)
        paper = bool(paper) or _bit(good[4], 5) or _bit(good[4], 6)
    return PrinterStatus(
        online, cover, near, paper, cutter, unrec, auto, error, replies=raw, asked=asked
    )


# The reply bytes of a printer in each state, for the simulator: it speaks exactly what a
# real printer would, through the same decoder. None: the printer does not answer.
READY: dict[int, int] = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
STATE_REPLIES: dict[str, dict[int, int] | None] = {
    "ok": READY,
    "near-end": {**READY, 4: 0x1E},
    "paper-out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    "cover-open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "cutter-error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
    "offline": None,
}
