"""What the counter devices show, folded from the hall feed: no status read per call.

The device hub starts from one hall status (:meth:`Board.from_status`) and then applies
each event of the feed (:meth:`Board.apply`): a counter opened, paused or closed; a
ticket called, recalled, served, finished, parked, resumed, transferred or cancelled;
the day reset. From that it knows each counter display's text, the strip's, and which
tickets were just served (the evaluator lights for them: a ``done`` event is a served
ticket, no lookup needed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kiosk.core.devices import DisplayText, counter_words, strip_text
from kiosk.core.feed import FeedEvent
from kiosk.core.model import Call, CounterState, EventKind, TicketState
from kiosk.core.service import HallStatus


@dataclasses.dataclass
class Seat:
    """A counter as its display shows it: its state and its current ticket."""

    state: CounterState = CounterState.CLOSED
    uid: str | None = None
    number: str = ""
    serving: bool = False

    def clear(self) -> None:
        self.uid, self.number, self.serving = None, "", False


_ENDS = (EventKind.NO_SHOW, EventKind.TRANSFERRED, EventKind.PARKED, EventKind.CANCELLED)
_STATES = {
    EventKind.COUNTER_OPENED: CounterState.OPEN,
    EventKind.COUNTER_PAUSED: CounterState.PAUSED,
    EventKind.COUNTER_CLOSED: CounterState.CLOSED,
}


class Board:
    """Every counter's seat and the latest call, kept up to date from events."""

    def __init__(self, counters: Iterable[int]) -> None:
        self.seats: dict[int, Seat] = {n: Seat() for n in counters}
        self.latest: Call | None = None

    @classmethod
    def from_status(cls, status: HallStatus) -> Board:
        board = cls(v.number for v in status.counters)
        for view in status.counters:
            seat = board.seats[view.number]
            serving = view.state is CounterState.SERVING  # shown, never stored
            seat.state = CounterState.OPEN if serving else view.state
            if view.current is not None:
                seat.uid, seat.number = view.current.uid, view.current.number
                seat.serving = view.current.state is TicketState.SERVING
        board.latest = status.calls[0] if status.calls else None
        return board

    def apply(self, events: Iterable[FeedEvent]) -> list[tuple[int, str]]:
        """Fold events in; returns the (counter, uid) of the tickets served meanwhile."""
        served: list[tuple[int, str]] = []
        for e in events:
            kind, counter, uid = e.kind, e.counter, e.ticket
            seat = self.seats.get(counter) if counter is not None else None
            if kind in _STATES and seat is not None:
                seat.state = _STATES[kind]
                if kind is EventKind.COUNTER_CLOSED:
                    seat.clear()
            elif kind is EventKind.CALLED and seat is not None:
                seat.uid, seat.number, seat.serving = uid, str(e.data.get("number", "")), False
                self.latest = e.call
            elif kind is EventKind.RECALLED:
                self.latest = e.call
            elif kind in (EventKind.SERVING, EventKind.RESUMED) and seat is not None:
                seat.uid, seat.number, seat.serving = uid, str(e.data.get("number", "")), True
            elif kind is EventKind.DONE:
                for number, s in self.seats.items():
                    if s.uid is not None and s.uid == uid:
                        served.append((number, uid))
                        s.clear()
            elif kind in _ENDS:
                for s in self.seats.values():
                    if s.uid is not None and s.uid == uid:
                        s.clear()
            elif kind is EventKind.DAY_RESET:
                self.latest = None
                for s in self.seats.values():
                    s.clear()
        return served

    def state(self, counter: int) -> CounterState:
        seat = self.seats.get(counter)
        return seat.state if seat is not None else CounterState.CLOSED

    def texts(self) -> tuple[dict[int, DisplayText], DisplayText]:
        """Every counter display's text and the strip's (as kiosk.core.devices.hall_texts
        gives them for a status)."""
        counters = {
            n: counter_words(n, s.state, s.number if s.uid else None, s.serving)
            for n, s in self.seats.items()
        }
        return counters, strip_text(self.latest)
