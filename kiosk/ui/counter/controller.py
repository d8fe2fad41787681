"""The counter workstation's behaviour: one counter's actions and what to show.

Every action runs on the operation runner (never on the UI thread) and reports a
:class:`Notice`; the hall status from the watcher becomes a :class:`CounterModel`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.core.clock import Clock
from kiosk.core.errors import InvalidTransition, NotFound
from kiosk.core.estimate import WaitEstimate
from kiosk.core.model import Counter, CounterState, Hall, Service, StaffAlert, TicketState
from kiosk.core.operations import business_date
from kiosk.core.service import CounterView, HallStatus, QueueService, Resolved
from kiosk.ui.counter import model as vm
from kiosk.ui.counter.fmt import fill
from kiosk.ui.counter.messages import CounterMessages, Level, Notice
from kiosk.ui.counter.model import Action, CounterModel, TodayCounts, TransferChoice
from kiosk.ui.counter.resolution import ResolutionChoice
from kiosk.ui.i18n import Languages
from kiosk.ui.runner import OpRunner
from kiosk.ui.watcher import HallWatcher

log = logging.getLogger(__name__)

# Today's counts are read again when this counter's ticket changes, and at least this
# often (for work recorded elsewhere, e.g. with the command line).
COUNTS_MAX_AGE = dt.timedelta(minutes=1)


class _Refused(Exception):
    """The core refused an action; carries the hall as it was then, to explain why."""

    def __init__(self, error: InvalidTransition, status: HallStatus) -> None:
        super().__init__(str(error))
        self.error = error
        self.status = status


class CounterController(QObject):
    """Runs one counter's actions and derives what its window shows.

    Signals:
        modelChanged(object): a new CounterModel (after every hall status).
        countsChanged(object): today's TodayCounts for this counter.
        notice(object): a Notice for the message bar (result or plain-words error).
        resolved(object): a complaint finished with its resolution (a Resolved: its
            follow-up's case number and promised date, to read out and print).
        alertsChanged(object): the open staff alerts (a tuple of StaffAlert, newest first)
            after every hall status: tickets not printed, shown until reprinted or
            acknowledged, apart from the message bar the next action rewrites.
    """

    modelChanged = Signal(object)
    resolved = Signal(object)
    alertsChanged = Signal(object)
    countsChanged = Signal(object)
    notice = Signal(object)

    def __init__(
        self,
        number: int,
        hall: Hall,
        service: QueueService,
        ops: OpRunner,
        watcher: HallWatcher,
        clock: Clock,
        languages: Languages,
        default_lang: str = "zh",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.number = number
        self.hall = hall
        self.counter = hall.counter(number)  # NotFound for an unknown counter
        self._service = service
        self._ops = ops
        self._watcher = watcher
        self._clock = clock
        self._languages = languages
        self._default_lang = default_lang
        self.messages = CounterMessages(self._name_of, self)
        self.model: CounterModel | None = None
        self.counts = TodayCounts()
        self._status: HallStatus | None = None
        self._busy = False
        self._unreadable = False  # the last read of the store failed
        self._counts_key: object = None
        self._counts_at: dt.datetime | None = None
        self._counts_seq = -1  # the log's sequence number the counts were read after
        self.alerts: tuple[StaffAlert, ...] = ()
        watcher.statusChanged.connect(self._on_status)
        watcher.failed.connect(self._on_watch_failed)

    def start(self) -> None:
        """Show what the watcher already knows, and ask it for a fresh status."""
        if self._watcher.status is not None:
            self._on_status(self._watcher.status)
        self._watcher.refresh()

    @property
    def lang(self) -> str:
        return self._languages.current or self._default_lang

    @property
    def busy(self) -> bool:
        return self._busy

    def _name_of(self, what: str | int) -> str:
        item = self.hall.counter(what) if isinstance(what, int) else self.hall.service(what)
        return vm.local_name(item, self.lang)

    # -- the actions -------------------------------------------------------------

    def call_next(self) -> None:
        self._run(Action.CALL_NEXT, lambda: self._service.call_next(self.number))

    def recall(self) -> None:
        self._run(Action.RECALL, lambda: self._service.recall(self.number))

    def serve(self) -> None:
        self._run(Action.SERVE, lambda: self._service.serve(self.number))

    def done(self) -> None:
        self._run(Action.DONE, lambda: self._service.done(self.number))

    def resolve(self, choice: ResolutionChoice) -> None:
        """Finish the complaint at the counter with how it ended."""
        self._run(
            Action.DONE,
            lambda: self._service.resolve(self.number, choice.resolution, choice.promised_by),
        )

    def needs_resolution(self) -> bool:
        """Whether Done must ask how it ended: a complaint is being served here."""
        current = self.model.current if self.model else None
        return (
            current is not None
            and current.state is TicketState.SERVING
            and self.hall.is_complaint(current.service)
        )

    def promise_dates(self) -> tuple[dt.date, dt.date]:
        """Today's business date and a follow-up's default promised date."""
        today = business_date(self._clock.now(), self.hall.rules.day_reset)
        return today, self.hall.complaints.promised_by(today)

    def no_show(self) -> None:
        self._run(Action.NO_SHOW, lambda: self._service.no_show(self.number))

    def park(self) -> None:
        self._run(Action.PARK, lambda: self._service.park(self.number))

    def resume(self, number: str | None = None) -> None:
        """Take a parked ticket back: the given one, else the most recently parked."""
        self._run(Action.RESUME, lambda: self._service.resume(self.number, number))

    def transfer(self, choice: TransferChoice) -> None:
        def op() -> Any:
            return self._service.transfer(
                self.number,
                to_service=choice.service,
                to_counter=choice.counter,
                placement=choice.placement,
            )

        self._run(Action.TRANSFER, op, choice)

    def toggle_pause(self) -> None:
        """Pause an open counter; resume a paused one."""
        if self.model is not None and self.model.paused:
            self._run(Action.PAUSE, lambda: self._service.open_counter(self.number))
        else:
            self._run(Action.PAUSE, lambda: self._service.pause_counter(self.number))

    def toggle_open(self) -> None:
        """Open a closed counter; close an open or paused one."""
        if self.model is None or self.model.closed:
            self._run(Action.OPEN, lambda: self._service.open_counter(self.number))
        else:
            self._run(Action.OPEN, lambda: self._service.close_counter(self.number))

    def trigger(self, action: Action) -> None:
        """Run an action that needs no further choice (the keyboard and the buttons)."""
        handlers: dict[Action, Callable[[], None]] = {
            Action.CALL_NEXT: self.call_next,
            Action.RECALL: self.recall,
            Action.SERVE: self.serve,
            Action.DONE: self.done,
            Action.NO_SHOW: self.no_show,
            Action.PARK: self.park,
            Action.RESUME: self.resume,
            Action.PAUSE: self.toggle_pause,
            Action.OPEN: self.toggle_open,
        }
        handlers[action]()

    def acknowledge_alerts(self) -> None:
        """Staff saw to the tickets shown as not printed: their alerts close everywhere.
        Only those shown: one that arrives meanwhile is not acknowledged unseen."""
        shown = [a.ticket for a in self.alerts]
        if not shown or self._busy:
            return
        self._busy = True
        self._ops.submit(
            lambda: self._service.acknowledge_alerts(shown),
            self._acknowledged,
            self._acknowledge_failed,
        )

    def _acknowledged(self, alerts: Sequence[StaffAlert]) -> None:
        self._busy = False
        text = fill(self.tr("Acknowledged: %1."), ", ".join(a.number for a in alerts))
        self.notice.emit(Notice(Level.OK, text, "acknowledged"))
        self._watcher.refresh()

    def _acknowledge_failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, NotFound):  # acknowledged or reprinted elsewhere meanwhile
            text = self.tr("Already seen to at another window.")
            notice = Notice(Level.INFO, text, "already_acknowledged", str(exc))
        else:
            notice = self.messages.failed(Action.OPEN, exc, self.model)
        self.notice.emit(notice)
        self._watcher.refresh()

    def refresh(self) -> None:
        """Ask for a fresh hall status (after a change made elsewhere, e.g. a reprint)."""
        self._watcher.refresh()

    def transfer_targets(self) -> tuple[list[Service], list[Counter]]:
        """Business types and counters the current ticket may go to."""
        current = self.model.current if self.model else None
        services = [s for s in self.hall.services
                    if s.enabled and (current is None or s.code != current.service)]  # fmt: skip
        counters = [c for c in self.hall.counters if c.number != self.number]
        return services, counters

    def _run(
        self, action: Action, op: Callable[[], Any], choice: TransferChoice | None = None
    ) -> None:
        if self._busy:
            return  # a key bounce or a double press while the first press runs
        self._busy = True

        def job() -> Any:
            try:
                return op()
            except InvalidTransition as exc:
                # What the clerk saw may be stale: explain from the state that refused.
                raise _Refused(exc, self._service.status()) from exc

        self._ops.submit(
            job,
            lambda result: self._done(action, result, choice),
            lambda exc: self._failed(action, exc),
        )

    def _done(self, action: Action, result: Any, choice: TransferChoice | None) -> None:
        self._busy = False
        resolved = result if isinstance(result, Resolved) else None
        if resolved is not None and resolved.follow_up is not None:
            notice = self.messages.follow_up(resolved.follow_up)
        else:
            notice = self.messages.done(action, resolved.ticket if resolved else result, choice)
        log.info("counter %d: %s", self.number, notice.code)
        self.notice.emit(notice)
        if resolved is not None:
            self.resolved.emit(resolved)
        self._watcher.refresh()

    def _failed(self, action: Action, exc: BaseException) -> None:
        self._busy = False
        model = self.model
        if isinstance(exc, _Refused):
            view = self._view(exc.status)
            model = vm.build(
                self.hall, view, exc.status.waiting, self._clock.now(), _estimates(exc.status)
            )
            exc = exc.error
        notice = self.messages.failed(action, exc, model)
        log.info("counter %d: %s refused: %s", self.number, action, exc)
        self.notice.emit(notice)
        self._watcher.refresh()  # what we showed may be stale: show the truth

    # -- the hall status ---------------------------------------------------------

    def _on_status(self, status: HallStatus) -> None:
        if self._unreadable:
            self._unreadable = False
            log.info("counter %d: the queue store can be read again", self.number)
            text = self.tr("The queue store can be read again.")
            self.notice.emit(Notice(Level.OK, text, "store_back"))
        self._status = status
        if status.alerts != self.alerts:
            self.alerts = status.alerts
            self.alertsChanged.emit(status.alerts)
        self.rebuild()
        view = self._view(status)
        current = view.current
        key = (status.day.id, current.uid if current else None,
               current.state if current else None)  # fmt: skip
        # a while, and something happened meanwhile (a status published as the minute
        # turns over in a quiet hall carries the same sequence number: nothing to read)
        stale = self._counts_at is None or (
            status.at - self._counts_at >= COUNTS_MAX_AGE and status.seq != self._counts_seq
        )
        if key != self._counts_key or stale:  # a ticket finished here, a new day, or a while
            self._counts_key = key
            self._counts_at = status.at
            self._counts_seq = status.seq
            self._fetch_counts()

    def rebuild(self) -> None:
        """Recompute the model from the last status at the clock's time (waits age)."""
        if self._status is None:
            return
        view = self._view(self._status)
        self.model = vm.build(
            self.hall,
            view,
            self._status.waiting,
            self._clock.now(),
            _estimates(self._status),
            unprinted=frozenset(a.ticket for a in self._status.alerts),
        )
        self.modelChanged.emit(self.model)

    def _view(self, status: HallStatus) -> CounterView:
        for view in status.counters:
            if view.number == self.number:
                return view
        return CounterView(self.number, self.counter.name_zh, self.counter.name_en,
                           self.counter.services, CounterState.CLOSED, None, ())  # fmt: skip

    def _fetch_counts(self) -> None:
        number, service = self.number, self._service
        self._ops.submit(
            lambda: vm.today_counts(service.tickets(), number),
            self._counts_ready,
            self._on_watch_failed,
        )

    def _counts_ready(self, counts: TodayCounts) -> None:
        self.counts = counts
        self.countsChanged.emit(counts)

    def _on_watch_failed(self, exc: BaseException) -> None:
        """The store could not be read (the watcher retries every poll): say so once."""
        if self._unreadable:
            return
        self._unreadable = True
        log.warning("counter %d: cannot read the queue store: %s", self.number, exc)
        text = self.tr("Cannot read the queue store: retrying.")
        self.notice.emit(Notice(Level.ERROR, text, "store_unreadable", str(exc)))


def _estimates(status: HallStatus) -> dict[str, WaitEstimate]:
    """The estimator's remaining wait of each waiting ticket it estimated, by uid."""
    return {t.uid: e for t, e in zip(status.waiting, status.estimates, strict=False)}
