"""Finishing a complaint: how it ended (resolved here, or a follow-up with the date the
visitor hears back by), then the case number to read out, and its slip on the printer.

Both dialogs open with open() (window-modal, never blocking the event loop) and are used
with the keyboard alone: Alt+R / Alt+F choose (Alt+F puts the cursor in the date), the date takes
typed digits or the arrow keys, Alt+P prints a slip or not, Enter finishes, Esc cancels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.model import FollowUp, Resolution, Ticket
from kiosk.ui.counter.fmt import fill
from kiosk.ui.counter.parts import named
from kiosk.ui.runner import OpRunner

log = logging.getLogger(__name__)
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not strftime: the locale's


@dataclasses.dataclass(frozen=True)
class ResolutionChoice:
    """What the clerk chose: the resolution, a follow-up's promised date, and whether
    its slip is printed."""

    resolution: Resolution
    promised_by: dt.date | None = None
    print_slip: bool = True


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ResolutionDialog(QDialog):
    """How a complaint ticket ended.

    Signals:
        chosen(object): the ResolutionChoice, when the clerk confirms.
    """

    chosen = Signal(object)

    def __init__(
        self,
        ticket: Ticket,
        today: dt.date,
        promised: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resolutionDialog")
        self.setWindowTitle(fill(self.tr("Finish complaint %1"), ticket.number))
        self.setMinimumWidth(460)
        self.resolved_here = QRadioButton(self.tr("Resolved here (Alt+R)"))
        self.follow_up = QRadioButton(self.tr("Follow-up: the visitor hears back by (Alt+F)"))
        group = QButtonGroup(self)
        group.addButton(self.resolved_here)
        group.addButton(self.follow_up)
        self.resolved_here.setChecked(True)
        self.date = QDateEdit(_qdate(promised))
        self.date.setObjectName("promisedDate")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(_qdate(today))
        self.print_slip = QCheckBox(self.tr("Print a slip with the case number (Alt+P)"))
        self.print_slip.setChecked(True)
        # The keys as actions of the dialog (a mnemonic is not offered on every desktop)
        keys = (("Alt+R", self._choose_here), ("Alt+F", self._choose_follow_up),
                ("Alt+P", self.print_slip.toggle))  # fmt: skip
        for key, slot in keys:
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.follow_up.toggled.connect(self._sync)
        grid = QGridLayout()
        grid.addWidget(self.resolved_here, 0, 0, 1, 2)
        grid.addWidget(self.follow_up, 1, 0)
        grid.addWidget(self.date, 1, 1)
        grid.addWidget(self.print_slip, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Finish"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = self.tr("%1 is a complaint: how did it end?")
        layout = QVBoxLayout(self)
        layout.addWidget(named(QLabel(fill(intro, ticket.number)), "dialogIntro"))
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self._sync()
        self.resolved_here.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose_here(self) -> None:
        self.resolved_here.setChecked(True)
        self.resolved_here.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _choose_follow_up(self) -> None:
        self.follow_up.setChecked(True)
        self.date.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _sync(self) -> None:
        follow = self.follow_up.isChecked()
        self.date.setEnabled(follow)
        self.print_slip.setEnabled(follow)

    def choice(self) -> ResolutionChoice:
        if not self.follow_up.isChecked():
            return ResolutionChoice(Resolution.RESOLVED_HERE, None, False)
        q = self.date.date()
        day = dt.date(q.year(), q.month(), q.day())
        return ResolutionChoice(Resolution.FOLLOW_UP, day, self.print_slip.isChecked())

    def accept(self) -> None:
        self.chosen.emit(self.choice())
        super().accept()


class CaseDialog(QDialog):
    """The case number and the promised date, large, for the clerk to read to the visitor
    (and a line on whether the slip was printed)."""

    def __init__(self, follow_up: FollowUp, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDialog")
        self.setWindowTitle(fill(self.tr("Follow-up %1"), follow_up.case_number))
        self.case = named(QLabel(follow_up.case_number), "caseNumber")
        self.case.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.case.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.case.font()
        font.setPointSize(max(font.pointSize(), 10) * 3)
        font.setBold(True)
        self.case.setFont(font)
        day = follow_up.promised_by
        if lang == "zh":
            when = f"{day.year}年{day.month}月{day.day}日（{'一二三四五六日'[day.weekday()]}）"
        else:
            when = f"{day:%Y-%m-%d} ({WEEKDAYS_EN[day.weekday()]})"
        text = self.tr("Give the visitor case number %1 for %2: they hear back by %3.")
        self.promise = named(QLabel(fill(text, follow_up.case_number, follow_up.number, when)),
                             "casePromise")  # fmt: skip
        self.promise.setWordWrap(True)
        self.slip = named(QLabel(""), "caseSlip")
        self.slip.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.case)
        layout.addWidget(self.promise)
        layout.addWidget(self.slip)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def show_slip(self, printed: bool, reason: str = "") -> None:
        if printed:
            self.slip.setText(self.tr("The slip was printed: hand it to the visitor."))
        else:
            self.slip.setText(fill(self.tr("The slip was not printed: %1"), reason))


class SlipPrinter(QObject):
    """Prints a follow-up's slip on the device worker (``print_follow_up``: the runtime's).

    Signals:
        printed(str): the case number, its slip printed.
        failed(str, str): the case number and why not, in plain words for staff.
    """

    printed = Signal(str)
    failed = Signal(str, str)

    def __init__(
        self,
        print_follow_up: Callable[[FollowUp], object],
        runner: OpRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._print = print_follow_up
        self._runner = runner

    def print(self, follow_up: FollowUp) -> None:
        case = follow_up.case_number
        self._runner.submit(
            lambda: self._print(follow_up),
            lambda _: self.printed.emit(case),
            lambda exc: self._failed(case, exc),
        )

    def _failed(self, case: str, exc: BaseException) -> None:
        if isinstance(exc, KioskError):
            log.warning("follow-up slip %s was not printed: %s", case, exc)
            self.failed.emit(case, str(exc))
        else:
            log.error("follow-up slip %s was not printed (bug)", case, exc_info=exc)
            self.failed.emit(case, f"internal error: {exc}")
