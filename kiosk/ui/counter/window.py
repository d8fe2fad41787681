"""The counter workstation (`kiosk counter N`): composes the panels and wires them
to the counter's controller. Decisions live in the controller and the core."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.model import StaffAlert
from kiosk.core.service import Resolved
from kiosk.ui.context import UiContext
from kiosk.ui.counter.actions import ActionButton, ActionGrid, CounterActions
from kiosk.ui.counter.controller import CounterController
from kiosk.ui.counter.fmt import fill
from kiosk.ui.counter.look import STYLE_SHEET
from kiosk.ui.counter.messages import Level, Notice
from kiosk.ui.counter.model import Action, CounterModel, local_name
from kiosk.ui.counter.panels import (
    CurrentTicketPanel,
    HeaderBar,
    MessageBar,
    ParkedPanel,
    PrintAlertBar,
    StatsRow,
)
from kiosk.ui.counter.reprint import Reprinter
from kiosk.ui.counter.resolution import (
    CaseDialog,
    ResolutionChoice,
    ResolutionDialog,
    SlipPrinter,
)
from kiosk.ui.counter.transfer import TransferDialog
from kiosk.ui.counter.waiting import NUMBER_ROLE, WaitingList

REPRINT_KEY = "Ctrl+P"


class CounterWindow(QWidget):
    """One counter's workstation: the current ticket, the actions with their keys,
    the waiting list with care alerts, parked tickets and today's counts."""

    def __init__(self, ctx: UiContext, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterWindow")
        self._languages = ctx.languages
        self.hall = ctx.settings.hall
        self.controller = CounterController(
            number,
            self.hall,
            ctx.service,
            ctx.ops,
            ctx.watcher,
            ctx.clock,
            ctx.languages,
            ctx.settings.config.kiosk.default_language,
            parent=self,
        )
        self.commands = CounterActions(self)
        open_button = ActionButton(self.commands[Action.OPEN])
        self.header = HeaderBar(open_button)
        self.current = CurrentTicketPanel()
        self.grid = ActionGrid(self.commands)
        self.buttons = {**self.grid.buttons, Action.OPEN: open_button}
        self.parked = ParkedPanel()
        self.stats = StatsRow()
        self.waiting = WaitingList()
        self.message = MessageBar()
        # Prints on this process's printer (printer.url): after a failure at the kiosk.
        self.reprinter = Reprinter(
            ctx.runtime.reprint,
            ctx.devices,
            self,
        )
        # A button like the others (ActionButton), with its key: Ctrl+P, as everywhere.
        self.reprint_action = QAction(self)
        self.reprint_action.setShortcut(QKeySequence(REPRINT_KEY))
        self.reprint_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.reprint_action)
        self.reprint_button = ActionButton(self.reprint_action)
        self.reprint_button.setObjectName("reprintButton")
        self.print_alert = PrintAlertBar()
        self.transfer_dialog: TransferDialog | None = None
        # A complaint's end: how it ended, then its case number and slip (this printer).
        self.slips = SlipPrinter(ctx.runtime.print_follow_up, ctx.devices, self)
        self.resolution_dialog: ResolutionDialog | None = None
        self.case_dialog: CaseDialog | None = None
        self._print_slip = True
        self._layout()
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1280, 800)
        self._connect_signals()
        self._retranslate()
        self.controller.start()

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.current, 1)
        left.addWidget(self.grid)
        left.addWidget(self.parked)
        self.parked.setFixedHeight(180)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.stats)
        right.addWidget(self.waiting, 1)
        right.addWidget(self.reprint_button)
        body = QHBoxLayout()
        body.setContentsMargins(16, 14, 16, 14)
        body.setSpacing(14)
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.print_alert)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.controller.modelChanged.connect(self._show_model)
        self.controller.countsChanged.connect(self.stats.show_counts)
        self.controller.notice.connect(self.message.show_notice)
        self.commands.triggered.connect(self._on_action)
        self.parked.resumeRequested.connect(self.controller.resume)
        self.reprint_action.triggered.connect(self.reprint)
        self.controller.alertsChanged.connect(self._show_alerts)
        self.print_alert.acknowledgeRequested.connect(self.controller.acknowledge_alerts)
        self.reprinter.reprinted.connect(self._reprinted)
        self.reprinter.failed.connect(self._reprint_failed)
        self.controller.resolved.connect(self._resolved)
        self.slips.printed.connect(lambda case: self._slip_done(case, True, ""))
        self.slips.failed.connect(lambda case, why: self._slip_done(case, False, why))
        self.header.languageRequested.connect(self._languages.set)
        # Names from the configuration follow the language even without a translator.
        self._languages.changed.connect(self._retranslate)

    @property
    def lang(self) -> str:
        return self.controller.lang

    def _on_action(self, action: Action) -> None:
        if action is Action.TRANSFER:
            self.ask_transfer()
        elif action is Action.RESUME:
            self.controller.resume(self.parked.selected_number())
        elif action is Action.DONE and self.controller.needs_resolution():
            self.ask_resolution()
        else:
            self.controller.trigger(action)

    def ask_transfer(self) -> None:
        """Ask where the current ticket goes; the dialog never blocks the event loop."""
        model = self.controller.model
        if model is None or model.current is None:
            return
        services, counters = self.controller.transfer_targets()
        dialog = TransferDialog(model.current, services, counters, self.lang, self)
        dialog.chosen.connect(self.controller.transfer)
        dialog.finished.connect(self._transfer_closed)
        self.transfer_dialog = dialog
        dialog.open()

    def ask_resolution(self) -> None:
        """How did the complaint at the counter end? Never blocks the event loop."""
        model = self.controller.model
        if model is None or model.current is None or self.resolution_dialog is not None:
            return
        today, promised = self.controller.promise_dates()
        dialog = ResolutionDialog(model.current, today, promised, self)
        dialog.chosen.connect(self._resolution_chosen)
        dialog.finished.connect(self._resolution_closed)
        self.resolution_dialog = dialog
        dialog.open()
        dialog.activateWindow()  # its keys work at once

    def _resolution_chosen(self, choice: ResolutionChoice) -> None:
        self._print_slip = choice.print_slip
        self.controller.resolve(choice)

    def _resolution_closed(self) -> None:
        if self.resolution_dialog is not None:
            self.resolution_dialog.deleteLater()
            self.resolution_dialog = None

    def _resolved(self, resolved: Resolved) -> None:
        """A follow-up was opened: its case number to read out, its slip to print."""
        follow_up = resolved.follow_up
        if follow_up is None:
            return
        if self.case_dialog is not None:
            self.case_dialog.close()
        dialog = CaseDialog(follow_up, self.lang, self)
        dialog.finished.connect(self._case_closed)
        self.case_dialog = dialog
        if self._print_slip:
            self.slips.print(follow_up)
        else:
            dialog.show_slip(False, self.tr("not asked for"))
        dialog.open()

    def _slip_done(self, case: str, printed: bool, reason: str) -> None:
        dialog = self.case_dialog
        if dialog is not None and dialog.case.text() == case:
            dialog.show_slip(printed, reason)
        if not printed:
            text = fill(self.tr("The slip of %1 was not printed: %2"), case, reason)
            self.message.show_notice(Notice(Level.ERROR, text, "slip_failed", reason))

    def _case_closed(self) -> None:
        if self.case_dialog is not None:
            self.case_dialog.deleteLater()
            self.case_dialog = None

    def reprint_target(self) -> str | None:
        """The waiting ticket selected in the list, else the ticket at the counter, else
        the newest ticket shown as not printed."""
        item = self.waiting.tree.currentItem()
        number = item.data(0, NUMBER_ROLE) if item is not None else None
        if number:
            return str(number)
        model = self.controller.model
        if model is not None and model.current:
            return model.current.number
        alerts = self.controller.alerts
        return alerts[0].number if alerts else None

    def reprint(self) -> None:
        number = self.reprint_target()
        if number is None:
            text = self.tr("Select a waiting ticket, or call one, to reprint it.")
            self.message.show_notice(Notice(Level.INFO, text, "reprint_nothing"))
            return
        self.reprinter.reprint(number)

    def _reprinted(self, number: str) -> None:
        text = fill(self.tr("Ticket %1 was printed again."), number)
        self.message.show_notice(Notice(Level.OK, text, "reprinted"))
        self.controller.refresh()  # its "not printed" alert and mark are gone

    def _show_alerts(self, alerts: Sequence[StaffAlert]) -> None:
        self.print_alert.show_alerts(
            self.controller.messages.alerts(alerts), self.tr("Acknowledge")
        )

    def _reprint_failed(self, number: str, reason: str) -> None:
        text = fill(self.tr("Ticket %1 was not printed: %2"), number, reason)
        self.message.show_notice(Notice(Level.ERROR, text, "reprint_failed", reason))

    def _transfer_closed(self) -> None:
        if self.transfer_dialog is not None:
            self.transfer_dialog.deleteLater()
            self.transfer_dialog = None

    def _show_model(self, model: CounterModel) -> None:
        lang = self.lang
        self.commands.show_model(model)
        self.header.show_model(model, self.hall, lang)
        self.current.show_model(model, self.hall, lang)
        self.parked.show_model(model, self.hall, lang)
        self.waiting.show_model(model, self.hall, lang)

    def _retranslate(self) -> None:
        counter = self.controller.counter
        self.setWindowTitle(
            fill(self.tr("%1 · counter workstation"), local_name(counter, self.lang))
        )
        self.commands.retranslate()
        self.stats.retranslate()
        self.reprint_action.setText(self.tr("Reprint ticket"))
        self.reprint_action.setToolTip(
            self.tr("Print the selected waiting ticket (or the current one) again")
            + f" ({REPRINT_KEY})"
        )
        self._show_alerts(self.controller.alerts)
        if self.controller.model is not None:
            self._show_model(self.controller.model)
        self.stats.show_counts(self.controller.counts)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "stats"):
            self._retranslate()
        super().changeEvent(event)
