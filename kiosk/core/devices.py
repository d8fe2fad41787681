"""The domain's side of the counter devices: keypad keys, ratings, what displays say.

Pure: no port, no bytes. kiosk.devices turns these into frames (docs/protocols.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Protocol

from kiosk.core import operations as ops
from kiosk.core.errors import (
    InvalidTransition,
    KioskError,
    NotFound,
    NothingToCall,
    ServiceUnavailable,
    StoreCorrupt,
    StoreLocked,
    StoreReadOnly,
)
from kiosk.core.model import (
    Call,
    CounterState,
    Event,
    EventKind,
    Hall,
    Placement,
    Ticket,
    TicketState,
)
from kiosk.core.service import CounterView, HallStatus
from kiosk.core.state import HallState


class Key(enum.IntEnum):
    """A keypad's keys, as their codes travel on the wire."""

    CALL_NEXT = 1
    RECALL = 2
    SERVE = 3  # the visitor arrived: start serving
    DONE = 4
    NO_SHOW = 5
    TRANSFER = 6  # the key's argument: a counter number, or 0 for the keypad's business type
    PAUSE = 7  # pause when open, resume when paused
    OPEN = 8  # open the counter (start of the day)

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclasses.dataclass(frozen=True)
class KeyPress:
    """One key event from a keypad's queue; ``seq`` makes a retransmitted one known."""

    seq: int
    key: int  # a Key code; an unknown code is refused when applied
    arg: int = 0


class Rating(enum.IntEnum):
    """A visitor's rating from the evaluator; higher is better."""

    VERY_SATISFIED = 4
    SATISFIED = 3
    NEUTRAL = 2
    DISSATISFIED = 1

    @property
    def zh(self) -> str:
        return _RATING_ZH[self]

    @property
    def en(self) -> str:
        return self.name.lower().replace("_", " ")


_RATING_ZH = {
    Rating.VERY_SATISFIED: "非常满意",
    Rating.SATISFIED: "满意",
    Rating.NEUTRAL: "一般",
    Rating.DISSATISFIED: "不满意",
}


class CounterOps(Protocol):
    """What a keypad may do at its counter: QueueService satisfies it."""

    def open_counter(self, counter: int) -> object: ...

    def pause_counter(self, counter: int) -> object: ...

    def call_next(self, counter: int) -> Ticket: ...

    def recall(self, counter: int) -> Ticket: ...

    def serve(self, counter: int) -> Ticket: ...

    def done(self, counter: int) -> Ticket: ...

    def no_show(self, counter: int) -> Ticket: ...

    def transfer(
        self,
        counter: int,
        *,
        to_service: str | None = None,
        to_counter: int | None = None,
        placement: Placement = Placement.BY_TIME,
    ) -> Ticket: ...


class HallReader(Protocol):
    """What the device hub reads to know what the displays should say."""

    def status(self, last_calls: int = 10) -> HallStatus: ...

    def version(self) -> int: ...


class RatingSink(Protocol):
    """Stores an evaluator's rating on a ticket (QueueService.rate, issue #5)."""

    def rate(self, uid: str, rating: int) -> Ticket: ...


@dataclasses.dataclass(frozen=True)
class KeyResult:
    """What a key did, in a few words for the keypad's log and its display."""

    key: Key
    counter: int
    ticket: Ticket | None
    text: str


class TransferNeedsCounter(InvalidTransition):
    """Transfer pressed with no counter number typed, at a keypad with no business type
    to transfer to."""


class Refusal(enum.StrEnum):
    """Why the queue refused a key press: a window words it in its own language."""

    NOTHING_TO_CALL = "nothing_to_call"  # no waiting ticket this counter may call
    NOT_NOW = "not_now"  # the counter or its ticket is not in a state that allows it
    NEEDS_COUNTER = "needs_counter"  # transfer: type the counter number first
    UNAVAILABLE = "unavailable"  # the business type takes no tickets now
    NOT_FOUND = "not_found"  # no such counter or ticket
    UNKNOWN_KEY = "unknown_key"  # a key code the keypad should not send
    STORE = "store"  # the queue's store is busy or cannot be written


def refusal_of(exc: KioskError) -> Refusal:
    """The kind of a queue error, as a key press's refusal."""
    if isinstance(exc, NothingToCall):
        return Refusal.NOTHING_TO_CALL
    if isinstance(exc, TransferNeedsCounter):
        return Refusal.NEEDS_COUNTER
    if isinstance(exc, ServiceUnavailable):
        return Refusal.UNAVAILABLE
    if isinstance(exc, NotFound):
        return Refusal.NOT_FOUND
    if isinstance(exc, StoreLocked | StoreReadOnly | StoreCorrupt):
        return Refusal.STORE
    return Refusal.NOT_NOW


@dataclasses.dataclass(frozen=True)
class KeyReport:
    """What a key press did at a counter, or why the queue refused it, as values a
    window words in its language. ``text`` is the English for the log and the command
    line ("call-next A001", or the queue's own message)."""

    key: Key | None  # None: an unknown key code
    counter: int
    state: CounterState  # the counter's state when the key was pressed
    text: str
    number: str = ""  # the ticket the key acted on
    ticket_state: TicketState | None = None  # the ticket's state after the key
    to_counter: int = 0  # a transfer's counter
    to_service: str = ""  # a transfer's business type (its code)
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None

    @classmethod
    def done(cls, result: KeyResult, state: CounterState, press: KeyPress) -> KeyReport:
        ticket = result.ticket
        return cls(
            result.key,
            result.counter,
            state,
            result.text,
            number=ticket.number if ticket else "",
            ticket_state=ticket.state if ticket else None,
            to_counter=press.arg if result.key is Key.TRANSFER else 0,
            to_service=ticket.service if ticket and result.key is Key.TRANSFER else "",
        )

    @classmethod
    def refused(
        cls, counter: int, press: KeyPress, state: CounterState, exc: KioskError
    ) -> KeyReport:
        try:
            key: Key | None = Key(press.key)
        except ValueError:
            key = None
        refusal = refusal_of(exc) if key is not None else Refusal.UNKNOWN_KEY
        return cls(key, counter, state, str(exc), refusal=refusal)


def apply_key(
    ops: CounterOps,
    counter: int,
    press: KeyPress,
    state: CounterState,
    transfer_service: str | None = None,
) -> KeyResult:
    """Run the operation of one key press at a counter in its current state.

    Raises the queue's own errors (nothing to call, not open...) unchanged; an unknown
    key code is an InvalidTransition."""
    try:
        key = Key(press.key)
    except ValueError:
        raise InvalidTransition(f"unknown key code {press.key}") from None
    ticket: Ticket | None = None
    if key is Key.OPEN:
        ops.open_counter(counter)
        text = "open"
    elif key is Key.PAUSE:
        if state is CounterState.PAUSED:
            ops.open_counter(counter)
            text = "resumed"
        else:
            ops.pause_counter(counter)
            text = "paused"
    elif key is Key.TRANSFER:
        if press.arg:
            ticket = ops.transfer(counter, to_counter=press.arg)
            text = f"{ticket.number} to counter {press.arg}"
        elif transfer_service:
            ticket = ops.transfer(counter, to_service=transfer_service)
            text = f"{ticket.number} to {transfer_service}"
        else:
            raise TransferNeedsCounter(
                "transfer from a keypad needs a counter number typed first "
                "(no transfer business type is set for this keypad)"
            )
    else:
        op = {
            Key.CALL_NEXT: ops.call_next,
            Key.RECALL: ops.recall,
            Key.SERVE: ops.serve,
            Key.DONE: ops.done,
            Key.NO_SHOW: ops.no_show,
        }[key]
        ticket = op(counter)
        text = f"{key.label} {ticket.number}"
    return KeyResult(key, counter, ticket, text)


class _InTransaction:
    """CounterOps over one transaction's state: a key's operation and its record are
    written together (QueueService.run_op)."""

    def __init__(self, hall: Hall, state: HallState, now: dt.datetime) -> None:
        self._hall, self._state, self._now = hall, state, now

    def open_counter(self, counter: int) -> object:
        return ops.open_counter(self._hall, self._state, self._now, counter)

    def pause_counter(self, counter: int) -> object:
        return ops.pause_counter(self._hall, self._state, self._now, counter)

    def call_next(self, counter: int) -> Ticket:
        return ops.call_next(self._hall, self._state, self._now, counter)

    def recall(self, counter: int) -> Ticket:
        return ops.recall(self._hall, self._state, self._now, counter)

    def serve(self, counter: int) -> Ticket:
        return ops.serve(self._hall, self._state, self._now, counter)

    def done(self, counter: int) -> Ticket:
        return ops.done(self._hall, self._state, self._now, counter)

    def no_show(self, counter: int) -> Ticket:
        return ops.no_show(self._hall, self._state, self._now, counter)

    def transfer(
        self,
        counter: int,
        *,
        to_service: str | None = None,
        to_counter: int | None = None,
        placement: Placement = Placement.BY_TIME,
    ) -> Ticket:
        return ops.transfer(
            self._hall,
            self._state,
            self._now,
            counter,
            to_service=to_service,
            to_counter=to_counter,
            placement=placement,
        )


def apply_key_once(
    hall: Hall,
    state: HallState,
    now: dt.datetime,
    counter: int,
    keypad: str,
    press: KeyPress,
    transfer_service: str | None = None,
) -> KeyResult | None:
    """A keypad press as one operation (run it with QueueService.run_op): the key's
    operation and a ``key_pressed`` event with the press's sequence number, in one
    transaction. None, changing nothing, when the store's last recorded press from this
    keypad has the same sequence number: the keypad shows a press again whose
    acknowledgement never reached it (the hall PC restarted between the commit and the
    acknowledgement), and it must not be applied twice. The counter's state (for the
    pause key) is the committed one, not a window's copy."""
    if state.applied_key(keypad, counter) == press.seq:
        return None
    status = state.counters.get(counter)
    current = status.state if status is not None else CounterState.CLOSED
    result = apply_key(_InTransaction(hall, state, now), counter, press, current, transfer_service)
    assert state.day is not None  # ops.begin ran first
    data = {"keypad": keypad, "seq": press.seq, "key": press.key, "arg": press.arg}
    ticket = result.ticket.uid if result.ticket is not None else None
    state.emit(Event(EventKind.KEY_PRESSED, now, state.day.id, ticket, counter, data))
    return result


# -- what the LED displays say -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DisplayText:
    """Two lines of an LED display; the device scrolls a line longer than it is wide."""

    line1: str
    line2: str = ""
    # Line 1 is a called ticket's number: a new one blinks. An idle counter's name, the
    # welcome, a paused or closed counter do not. Not part of what is shown (equality).
    calling: bool = dataclasses.field(default=False, compare=False)


BLANK = DisplayText("", "")


def counter_text(view: CounterView) -> DisplayText:
    """A counter display: the number it serves, or the counter's state when idle."""
    current = view.current
    return counter_words(
        view.number,
        view.state,
        current.number if current is not None else None,
        current is not None and current.state is TicketState.SERVING,
    )


def counter_words(
    counter: int, state: CounterState, number: str | None, serving: bool
) -> DisplayText:
    """A counter display's text from its state and its current ticket's number."""
    name = f"{counter}号窗口"
    if number is not None:
        doing = "正在办理" if serving else f"请到{counter}号窗口"
        return DisplayText(number, doing, calling=True)
    if state in (CounterState.OPEN, CounterState.SERVING):
        return DisplayText(name, "欢迎光临")
    if state is CounterState.PAUSED:
        return DisplayText(name, "暂停服务")
    return DisplayText(name, "窗口关闭")


def strip_text(call: Call | None) -> DisplayText:
    """The main LED strip: the latest call, in Chinese then English."""
    if call is None:
        return DisplayText("欢迎光临", "Welcome")
    return DisplayText(
        f"请{call.number}号到{call.counter}号窗口办理",
        f"Ticket {call.number}, please go to counter {call.counter}",
        calling=True,
    )


def hall_texts(status: HallStatus) -> tuple[dict[int, DisplayText], DisplayText]:
    """Every counter display's text and the strip's, for one hall status."""
    counters = {view.number: counter_text(view) for view in status.counters}
    latest = status.calls[0] if status.calls else None
    return counters, strip_text(latest)


def done_tickets(before: HallStatus | None, after: HallStatus) -> list[tuple[int, Ticket]]:
    """Tickets served at a counter between two statuses: candidates for the evaluator.

    A counter's current ticket that was being served and is no longer current. The
    hub confirms each with the ticket's outcome when the service can tell (a transfer
    or no-show also ends a ticket's time at a counter)."""
    if before is None:
        return []
    now = {v.number: v.current for v in after.counters}
    ended = []
    for view in before.counters:
        was = view.current
        if was is None or was.state is not TicketState.SERVING:
            continue
        current = now.get(view.number)
        if current is None or current.uid != was.uid:
            ended.append((view.number, was))
    return ended
