"""What the message bar says after an action, in the clerk's language.

The core's errors are precise but English and technical; the clerk reads plain words
chosen from the error's kind, the action and the counter's state. The core's own text
stays in the notice's detail (tooltip and log) for the technician.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

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
from kiosk.core.model import CounterState, FollowUp, Placement, StaffAlert, Ticket, TicketState
from kiosk.core.ports import PrintProblem
from kiosk.core.service import CounterView
from kiosk.core.wire import ServerUnreachable
from kiosk.ui.counter.fmt import fill
from kiosk.ui.counter.model import Action, CounterModel, TransferChoice

log = logging.getLogger(__name__)

ALERTS_NAMED = 4  # tickets not printed named in the alert bar; the others are counted


class Level(enum.StrEnum):
    INFO = "info"
    OK = "ok"
    ERROR = "error"


@dataclasses.dataclass(frozen=True)
class Notice:
    level: Level
    text: str
    code: str  # stable, for tests and logs: "called", "nothing_to_call", ...
    detail: str = ""


class CounterMessages(QObject):
    """Turns action results and failures into notices. ``name_of(code_or_number)``
    names a business type (str) or a counter (int) in the language in force."""

    def __init__(self, name_of: Callable[[str | int], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name_of = name_of

    # -- success -----------------------------------------------------------------

    def done(self, action: Action, result: object, choice: TransferChoice | None = None) -> Notice:
        if isinstance(result, Ticket):
            return self._ticket_done(action, result, choice)
        state = result.state if isinstance(result, CounterView) else None
        if state is CounterState.CLOSED:
            return Notice(Level.OK, self.tr("The counter is closed."), "closed")
        if state is CounterState.PAUSED:
            text = self.tr("The counter is paused: it calls nobody until you resume.")
            return Notice(Level.OK, text, "paused")
        if action is Action.PAUSE:
            return Notice(Level.OK, self.tr("Welcome back: the counter is open."), "resumed")
        return Notice(Level.OK, self.tr("The counter is open."), "open")

    def follow_up(self, f: FollowUp) -> Notice:
        """A complaint followed up: its case number and the date the visitor hears back by."""
        text = self.tr("%1: follow-up %2, reply by %3.")
        return Notice(Level.OK, fill(text, f.number, f.case_number, f.promised_by.isoformat()),
                      "follow_up")  # fmt: skip

    def _ticket_done(self, action: Action, t: Ticket, choice: TransferChoice | None) -> Notice:
        n = t.number
        if action is Action.RECALL and t.state is TicketState.NO_SHOW:
            text = self.tr("%1 did not come after %2 calls: marked as a no-show.")
            return Notice(Level.INFO, fill(text, n, t.call_count), "recall_no_show")
        if action is Action.TRANSFER and choice is not None:
            where = self._name_of(choice.service if choice.service else (choice.counter or 0))
            text = self.tr("%1 transferred to %2, %3.")
            return Notice(Level.OK, fill(text, n, where, self.placement(choice.placement)),
                          "transferred")  # fmt: skip
        texts = {
            Action.CALL_NEXT: (self.tr("Called %1."), "called"),
            Action.RECALL: (self.tr("Called %1 again."), "recalled"),
            Action.SERVE: (self.tr("Serving %1."), "serving"),
            Action.DONE: (self.tr("%1 is done."), "done"),
            Action.NO_SHOW: (self.tr("%1 marked as a no-show."), "no_show"),
            Action.PARK: (self.tr("%1 is parked: resume it when you are ready."), "parked"),
            Action.RESUME: (self.tr("Resumed %1."), "resumed_ticket"),
        }
        text, code = texts.get(action, (self.tr("Done."), str(action)))
        return Notice(Level.OK, fill(text, n), code)

    def placement(self, placement: Placement) -> str:
        return {
            Placement.FRONT: self.tr("at the front of the queue"),
            Placement.BACK: self.tr("at the back of the queue"),
            Placement.BY_TIME: self.tr("in order of issue time"),
        }[placement]

    # -- tickets not printed ---------------------------------------------------------

    def print_problem(self, problem: str) -> str:
        """Why a ticket was not printed (a kiosk.core.ports.PrintProblem value)."""
        words: dict[str, str] = {
            PrintProblem.PAPER_END: self.tr("out of paper"),
            PrintProblem.COVER_OPEN: self.tr("cover open"),
            PrintProblem.CUTTER: self.tr("cutter jammed"),
            PrintProblem.OFFLINE: self.tr("printer offline"),
            PrintProblem.NO_REPLY: self.tr("the printer did not answer"),
            PrintProblem.UNREACHABLE: self.tr("printer not connected"),
            PrintProblem.WRITE_FAILED: self.tr("printing was cut off"),
            PrintProblem.INTERRUPTED: self.tr("printing was interrupted"),
        }
        return words.get(problem) or self.tr("printer error")

    def alerts(self, alerts: Sequence[StaffAlert]) -> str:
        """The tickets not printed, newest first, each with why; empty when none."""
        if not alerts:
            return ""
        named = [f"{a.number} ({self.print_problem(a.problem)})" for a in alerts[:ALERTS_NAMED]]
        if len(alerts) > ALERTS_NAMED:  # a printer out of paper for a while: keep it short
            named.append(fill(self.tr("%1 more"), len(alerts) - ALERTS_NAMED))
        items = ", ".join(named)
        if len(alerts) == 1:
            text = self.tr("Ticket not printed: %1. Reprint it, or acknowledge once the "
                           "visitor knows the number.")  # fmt: skip
        else:
            text = self.tr("Tickets not printed: %1. Reprint them, or acknowledge once the "
                           "visitors know their numbers.")  # fmt: skip
        return fill(text, items)

    # -- failure -----------------------------------------------------------------

    def failed(self, action: Action, exc: BaseException, model: CounterModel | None) -> Notice:
        detail = str(exc)
        if isinstance(exc, NothingToCall):
            return Notice(Level.INFO, self.tr("Nobody is waiting for this counter."),
                          "nothing_to_call", detail)  # fmt: skip
        if isinstance(exc, InvalidTransition):
            text, code = self._invalid(action, model)
            return Notice(Level.ERROR, text, code, detail)
        if isinstance(exc, StoreLocked):
            text = self.tr("The queue is busy right now: press again in a moment.")
            return Notice(Level.ERROR, text, "store_busy", detail)
        if isinstance(exc, StoreReadOnly | StoreCorrupt):
            text = self.tr("The queue store cannot be written: please call the technician.")
            return Notice(Level.ERROR, text, "store_failed", detail)
        if isinstance(exc, ServiceUnavailable):
            text = self.tr("That business type is not available now.")
            return Notice(Level.ERROR, text, "unavailable", detail)
        if isinstance(exc, NotFound):
            text = self.tr("That ticket is no longer in the queue.")
            return Notice(Level.ERROR, text, "not_found", detail)
        if isinstance(exc, ServerUnreachable):  # a PC of a hall of several: not done
            text = self.tr("The hall server did not answer: not done. Press again once the "
                           "connection is back; it will not be done twice.")  # fmt: skip
            return Notice(Level.ERROR, text, "unreachable", detail)
        if isinstance(exc, KioskError):
            return Notice(Level.ERROR, self.tr("That is not possible now."), "refused", detail)
        log.error("counter action %s failed", action, exc_info=exc)
        text = self.tr("Something went wrong and was logged: please tell the technician.")
        return Notice(Level.ERROR, text, "bug", detail)

    def _invalid(self, action: Action, model: CounterModel | None) -> tuple[str, str]:
        """Why the core refused, in plain words, from the state that refused it."""
        current = model.current if model else None
        n = current.number if current else ""
        closed = model is not None and model.closed
        paused = model is not None and model.paused
        if action is Action.OPEN:  # opening fails on an open counter, closing otherwise
            if closed:
                return self.tr("The counter is already closed."), "already_closed"
            if current is not None:
                text = self.tr("%1 is still at the counter: finish, transfer or park it first.")
                return fill(text, n), "close_busy"
            return self.tr("The counter is already open."), "already_open"
        if closed:
            return self.tr("The counter is closed: open it first."), "closed"
        if action is Action.PAUSE:  # pausing fails unless open, resuming unless paused
            if paused:
                return self.tr("The counter is already paused."), "already_paused"
            return self.tr("The counter is already open."), "already_open"
        if paused and action in (Action.CALL_NEXT, Action.RESUME):
            return self.tr("The counter is paused: resume work first."), "paused"
        if current is None:
            if action is Action.RESUME:
                return self.tr("That ticket is not parked at this counter."), "not_parked"
            return self.tr("There is no ticket at the counter."), "no_ticket"
        if current.state is TicketState.CALLED and action is Action.CALL_NEXT:
            text = self.tr("%1 was called but not served yet: press Serve, or No-show.")
            return fill(text, n), "still_called"
        if current.state is TicketState.SERVING and action in (Action.CALL_NEXT, Action.DONE):
            # only a complaint is refused so: it ends with how it ended (kiosk.core)
            text = self.tr("%1 is a complaint: press Done and record how it ended first.")
            return fill(text, n), "complaint_open"
        if current.state is TicketState.CALLED and action is Action.DONE:
            return fill(self.tr("%1 has not been served yet: press Serve first."), n), "not_serving"
        if action is Action.RESUME:
            text = self.tr("Finish or park %1 before resuming another ticket.")
            return fill(text, n), "busy"
        if action in (Action.SERVE, Action.RECALL, Action.NO_SHOW):
            return fill(self.tr("%1 is already being served."), n), "already_serving"
        if action is Action.TRANSFER:
            return self.tr("The ticket is already at that counter."), "same_counter"
        return self.tr("That is not possible now."), "refused"
