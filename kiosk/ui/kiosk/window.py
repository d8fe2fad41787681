"""The customer kiosk: the visitor's touchscreen, shown full screen by `kiosk run`.

The window composes the pages and wires them to the controller, which decides the
flow; see kiosk.ui.kiosk.controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.service import HallStatus
from kiosk.ui import style
from kiosk.ui.context import UiContext
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.busy import BusyPage
from kiosk.ui.kiosk.confirm import ConfirmPage, PrintingPage
from kiosk.ui.kiosk.controller import KioskController
from kiosk.ui.kiosk.flow import (
    BusyInfo,
    Confirmation,
    GuideStep,
    Notice,
    Printing,
    statuses_by_code,
)
from kiosk.ui.kiosk.guide import GuidePage
from kiosk.ui.kiosk.guides import GuideLibrary, GuideSet
from kiosk.ui.kiosk.header import Header
from kiosk.ui.kiosk.home import HomePage
from kiosk.ui.kiosk.notice import NoticePage, SelfServicePage
from kiosk.ui.widgets.longpress import LongPressArea

log = logging.getLogger(__name__)

TICK_MS = 1000  # the idle and confirmation timeouts are checked this often
_ACTIVITY = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress})


class KioskWindow(QWidget):
    """Business type tiles, guide, ticket, confirmation, busy hours.

    A visitor cannot close it: close requests are ignored until :meth:`allow_close`
    or until the application quits.

    Signals:
        staffAlert(str): staff must see to something (the printer failed), in English.
        techRequested(): the hidden long press in the top-left corner (technician PIN pad).
    """

    staffAlert = Signal(str)
    techRequested = Signal()

    def __init__(
        self, ctx: UiContext, guides: GuideLibrary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self._languages = ctx.languages
        self._watcher = ctx.watcher
        self._clock = ctx.clock
        self._default_language = ctx.settings.config.kiosk.default_language
        self._allow_close = False
        self._scale = 0.0
        self.controller = KioskController(
            service=ctx.service,
            ops=ctx.ops,
            devices=ctx.devices,
            desk=ctx.runtime.desk(),
            clock=ctx.clock,
            languages=ctx.languages,
            config=ctx.settings.config,
            hall=ctx.settings.hall,
            guides=guides or GuideLibrary(),
            parent=self,
        )
        config = ctx.settings.config
        self.header = Header(config.hall, self)
        self.home = HomePage(ctx.settings.hall.services, config.kiosk.green_channel, self)
        self.guide = GuidePage(self)
        self.printing = PrintingPage(self)
        self.confirm = ConfirmPage(self)
        self.notice = NoticePage(self)
        self.self_service = SelfServicePage(self)
        self.busy = BusyPage(self)
        self.stack = QStackedWidget(self)
        self.pages = (
            self.home,
            self.guide,
            self.printing,
            self.confirm,
            self.notice,
            self.self_service,
            self.busy,
        )
        for page in self.pages:
            self.stack.addWidget(page)
        box = QVBoxLayout(self)
        # The window takes the screen's size; its content never resizes it (a minimum
        # size from the layout would also ask the platform to change the window).
        box.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.header)
        box.addWidget(self.stack, 1)
        self.corner = LongPressArea(self)
        self.corner.setGeometry(0, 0, style.touch_px(), style.touch_px())
        self.corner.raise_()
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self._connect_signals()
        self._apply_theme(self.width(), self.height())
        self._retranslate()
        self._tick()
        self.ticker.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # any touch or key anywhere in the window
        if ctx.watcher.status is not None:
            self.show_status(ctx.watcher.status)

    def _connect_signals(self) -> None:
        c = self.controller
        self.header.languageChosen.connect(c.set_language)
        self._languages.changed.connect(self._retranslate)
        self._watcher.statusChanged.connect(self.show_status)
        self.home.chosen.connect(c.choose)
        self.home.busyRequested.connect(c.show_busy)
        self.guide.take.connect(c.take)
        self.guide.selfService.connect(c.self_service)
        for back in (
            self.guide.back,
            self.notice.back,
            self.self_service.back,
            self.busy.back,
            self.confirm.dismissed,
        ):
            back.connect(c.go_home)
        c.home.connect(lambda: self.stack.setCurrentWidget(self.home))
        c.guide.connect(self._show_guide)
        c.printing.connect(self._show_printing)
        c.confirmed.connect(self._show_confirmation)
        c.notice.connect(self._show_notice)
        c.selfService.connect(self._show_self_service)
        c.busy.connect(self._show_busy)
        c.staffAlert.connect(self.staffAlert)
        self.corner.held.connect(self.techRequested)
        self.ticker.timeout.connect(self._tick)

    def lang(self) -> str:
        return self._languages.current or self._default_language

    # -- showing what the controller decided -------------------------------------------

    def _show_guide(self, step: GuideStep) -> None:
        self.guide.show_step(step, self.lang())
        self.stack.setCurrentWidget(self.guide)

    def _show_printing(self, step: Printing) -> None:
        self.printing.show_step(step, self.lang())
        self.stack.setCurrentWidget(self.printing)

    def _show_confirmation(self, shown: Confirmation) -> None:
        self.confirm.show_confirmation(shown, self.lang())
        self.stack.setCurrentWidget(self.confirm)

    def _show_notice(self, notice: Notice) -> None:
        self.notice.show_notice(notice, self.lang())
        self.stack.setCurrentWidget(self.notice)

    def _show_self_service(self, guide: GuideSet | None) -> None:
        self.self_service.show_guide(guide, self.lang())
        self.stack.setCurrentWidget(self.self_service)

    def _show_busy(self, info: BusyInfo | None) -> None:
        self.busy.show_info(info, self.lang())
        self.stack.setCurrentWidget(self.busy)

    def show_status(self, status: HallStatus) -> None:
        """The hall as the watcher publishes it (or a status given directly: screenshots)."""
        self.controller.set_status(status)
        statuses = statuses_by_code(status.services)
        self.home.show_status(statuses)
        self.guide.show_status(statuses)

    def _tick(self) -> None:
        self.header.set_time(self._clock.now())
        self.controller.tick()

    def _retranslate(self, _lang: str = "") -> None:
        lang = self.lang()
        self.setWindowTitle(self.tr("Take a ticket"))
        self.header.retranslate(lang)
        for page in self.pages:
            page.retranslate(lang)

    def _apply_theme(self, width: int, height: int) -> None:
        scale = theme.scale_for(width, height)
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(theme.stylesheet(scale))

    # -- Qt events -----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_theme(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit and watched is QApplication.instance():
            # The program is stopping (app.quit(), SIGTERM): Qt asks every window to
            # close first and a refusal would cancel the quit.
            self._allow_close = True
        elif (
            event.type() in _ACTIVITY
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        ):
            self.controller.activity()
        return False

    def allow_close(self) -> None:
        """Let the next close request through (shutting the kiosk down, tests)."""
        self._allow_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._allow_close:
            self.ticker.stop()
            super().closeEvent(event)
            return
        log.info("close request ignored: the kiosk stays open for visitors")
        event.ignore()
