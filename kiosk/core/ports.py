"""What the domain needs from the outside, as small protocols.

kiosk.store implements :class:`QueueStore`; the devices (printer, displays,
keypads, evaluators, voice) declare their own seams as they arrive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from kiosk.core.errors import DeviceFailed
from kiosk.core.feed import PAGE, FeedEvent
from kiosk.core.model import Call, Event, EventKind, FollowUp, Ticket
from kiosk.core.state import HallState


class QueueStore(Protocol):
    """Persistence of the queue. One transaction per operation."""

    def transaction(self, also: Collection[str] = ()) -> AbstractContextManager[HallState]:
        """Load the hall state under the store's write lock; write back its changes
        and commit when the block ends normally, roll back when it raises. ``also``:
        uids of tickets to load even when they are finished (to rate one)."""
        ...

    def read(self) -> AbstractContextManager[HallState]:
        """Load the hall state for reading; nothing is written back."""
        ...

    def recent_calls(self, day_id: int, limit: int) -> list[Call]:
        """The latest calls and recalls of a business day, newest first."""
        ...

    def events_of(
        self, day_id: int, kinds: Collection[EventKind], tickets: Collection[str] | None = None
    ) -> list[Event]:
        """The events of these kinds of a business day (of these tickets only, when
        given), oldest first: what the staff alerts are folded from."""
        ...

    def version(self) -> int:
        """A number that grows with every committed change: the last event's sequence
        number (:meth:`last_seq`)."""
        ...

    def last_seq(self) -> int:
        """The hall-wide sequence number of the newest committed event (0: none)."""
        ...

    def events_after(self, seq: int, limit: int = PAGE) -> list[FeedEvent]:
        """Committed events after a sequence number, oldest first (an indexed read):
        kiosk.core.feed.EventLog."""
        ...

    def on_commit(self, listener: Callable[[Sequence[FeedEvent]], None]) -> None:
        """Call ``listener`` after every commit of this store that appended events, with
        those events and their sequence numbers (kiosk.core.feed.HallFeed.publish)."""
        ...

    def issued_times(self, since: dt.datetime) -> list[dt.datetime]:
        """Issue times of every ticket since a moment (busy hours)."""
        ...

    def tickets_of(self, date: dt.date | None) -> list[Ticket]:
        """Every ticket of the business days of this date (None: the latest day),
        in issue order."""
        ...

    def ticket(self, uid: str) -> Ticket | None:
        """One ticket by uid, active or finished."""
        ...

    def follow_ups(self, first: dt.date | None, last: dt.date | None) -> list[FollowUp]:
        """Complaint follow-ups opened on the business dates first..last (None: no
        bound), with those opened before ``first`` that are still open or were closed
        on or after it; by date and sequence."""
        ...


@dataclasses.dataclass(frozen=True)
class PrintJob:
    """Everything printed on a ticket, in both languages."""

    hall_zh: str
    hall_en: str
    number: str
    service_zh: str
    service_en: str
    ahead: int
    wait_low_min: int
    wait_high_min: int
    issued_at: dt.datetime
    url: str  # the QR code's payload
    priority: bool = False
    # how the wait is said (a kiosk.core.estimate.Wording value; "": from the minutes) and
    # the N of "about N minutes, possibly longer"
    wait_wording: str = ""
    wait_about_min: int = 0


@dataclasses.dataclass(frozen=True)
class FollowUpSlip:
    """The slip a complaint's visitor takes away: the case number, the date they hear back
    by, and the number to call, in both languages (docs/reports.md)."""

    hall_zh: str
    hall_en: str
    case_number: str
    number: str  # the ticket's
    service_zh: str
    service_en: str
    promised_by: dt.date
    opened_at: dt.datetime
    phone: str = ""  # complaints.phone; not printed when empty


class PrintProblem(enum.StrEnum):
    """Why a ticket was not printed, as a value (the JSON field ``print_problem``, the
    kiosk's sentence for the visitor, the counter's alert). Documented in docs/printers.md."""

    PAPER_END = "paper_end"  # the roll ran out
    COVER_OPEN = "cover_open"
    CUTTER = "cutter"  # the autocutter jammed
    ERROR = "error"  # another printer error (head temperature, voltage, unrecoverable)
    OFFLINE = "offline"  # the printer says it is offline, for no reason it names
    NO_REPLY = "no_reply"  # no valid answer to a status query
    UNREACHABLE = "unreachable"  # the port, socket, device file, USB device or CUPS queue
    WRITE_FAILED = "write_failed"  # the link broke or the printer stopped reading mid-ticket
    # no outcome was recorded in time: the process printing it stopped (a crash, a power
    # cut); found by reading the event log (kiosk.core.alerts), never raised by a printer
    INTERRUPTED = "interrupted"


class PrintFailed(DeviceFailed):
    """The ticket was not printed; ``problem`` says why as a value, the message says it
    in words for staff (the environment's failure: paper out, cover open, no reply, the
    port gone)."""

    def __init__(self, message: str, problem: PrintProblem) -> None:
        super().__init__(message)
        self.problem = problem


class TicketPrinter(Protocol):
    """The ticket printer seam: a ticket in, bytes out to the device.

    Raises PrintFailed when the ticket could not be printed (paper out, cover open,
    no reply); the queue goes on and the kiosk shows the number on screen."""

    def print_ticket(self, ticket: PrintJob) -> None: ...


class Announcer(Protocol):
    """The voice seam: say a call in Chinese and English, never overlapping."""

    def announce(self, call: Call, text_zh: str, text_en: str) -> None: ...
