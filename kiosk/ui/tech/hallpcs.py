"""The technician panel's "PCs of the hall" page, on a PC of a hall of several.

It lists the PCs joined to the hall (from the hall server: role, counter, name, last
contact, whether it follows the hall feed now) and checks every device of the hall
through the device host it is attached to: the server relays the request to each
connected device host over its feed connection, each runs its devices' self-tests and
reports back (kiosk.server.relay). Every request runs on the panel's worker; the page
looks at the check once a second until every host has reported (at most 3 minutes: a
keypad's test waits for a technician's press).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.core.hallpcs import DeviceCheck, HallPc, HallPcs
from kiosk.ui.runner import OpRunner
from kiosk.ui.tech.pages import _button, _text_box
from kiosk.ui.tech.text import fill

POLL_MS = 1_000
CHECK_LOOKS = 180  # a keypad's self-test waits for a press: 3 minutes at most


class HallPcsView(QWidget):
    """The PCs of the hall and the device check, from the hall server."""

    def __init__(self, server: HallPcs, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._server = server
        self._runner = runner
        self._check: DeviceCheck | None = None
        self._looks = 0
        self.pcs: list[HallPc] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.list = _text_box()
        self.list.setObjectName("hallPcs")
        self.result: QPlainTextEdit = _text_box()
        self.result.setObjectName("deviceCheck")
        self.status = QLabel()
        self.status.setObjectName("hallPcsStatus")
        self.refresh_button = _button("refreshPcs")
        self.refresh_button.clicked.connect(self.refresh)
        self.check_button = _button("checkDevices")
        self.check_button.clicked.connect(self.check_devices)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._look)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.check_button)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.list, 2)
        column.addLayout(row)
        column.addWidget(self.result, 3)
        self.retranslate()

    # -- the PCs ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.submit(self._server.pcs, self.show_pcs, self._failed)

    def show_pcs(self, pcs: list[HallPc]) -> None:
        self.pcs = list(pcs)
        lines = []
        for pc in self.pcs:
            contact = (
                pc.last_contact.strftime("%Y-%m-%d %H:%M:%S")
                if pc.last_contact
                else self.tr("never")
            )
            state = self.tr("following the feed") if pc.online else self.tr("not connected")
            lines.append(
                fill(
                    self.tr("#{id}  {role}  {name}  last contact {contact}  {state}"),
                    id=pc.id,
                    role=pc.label,
                    name=pc.name or "-",
                    contact=contact,
                    state=state,
                )
            )
        self.list.setPlainText("\n".join(lines) or self.tr("No PC has joined the hall yet."))

    # -- the device check -----------------------------------------------------------------

    def check_devices(self) -> None:
        self.check_button.setEnabled(False)
        self.status.setText(self.tr("Asking the device hosts to test their devices…"))
        self._runner.submit(self._server.start_device_check, self.show_check, self._failed)

    def show_check(self, check: DeviceCheck) -> None:
        self._check = check
        if not check.hosts:
            self.status.setText(self.tr("No device host is connected to the hall server."))
            self.check_button.setEnabled(True)
            return
        lines: list[str] = []
        for host in check.hosts:
            head = fill(self.tr("Device host #{pc} {name}"), pc=host.pc, name=host.name)
            if not host.done:
                lines.append(f"{head}: " + self.tr("testing…"))
                continue
            lines.append(head)
            for report in host.reports:
                lines.append(f"  {report.device}: {report.verdict.label}")
                lines += [
                    f"    {step.verdict.label:4} {step.name}: {step.message}"
                    for step in report.steps
                ]
        self.result.setPlainText("\n".join(lines))
        if check.done:
            self.timer.stop()
            self.status.setText(self.tr("Every device host has reported."))
            self.check_button.setEnabled(True)
        elif not self.timer.isActive():
            self._looks = 0
            self.timer.start()

    def _look(self) -> None:
        check = self._check
        if check is None:
            self.timer.stop()
            return
        self._looks += 1
        if self._looks > CHECK_LOOKS:
            self.timer.stop()
            self.status.setText(self.tr("A device host did not report in time."))
            self.check_button.setEnabled(True)
            return
        self._runner.submit(
            lambda: self._server.device_check(check.id), self.show_check, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.timer.stop()
        self.check_button.setEnabled(True)
        self.status.setText(fill(self.tr("The hall server did not answer: {why}"), why=exc))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("PCs joined to the hall"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.check_button.setText(self.tr("Test every device of the hall"))
        if self.pcs:
            self.show_pcs(self.pcs)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
