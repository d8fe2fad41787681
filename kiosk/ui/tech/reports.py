"""The technician panel's "Reports" page: the daily reports (kiosk.core.daily), newest
first, with the day, the files and their sizes, and whether each was written or failed
(why, and which file): a failure is the technician's alert (kiosk.core.alerts).

On the PC that owns the store the page shows the folder (DATA_DIR/reports/daily) and
the path of the selected report's files, and opens the folder; on a PC of a hall of
several it lists the hall server's reports and saves a copy of the selected one into
this PC's own folder. Every request runs on the panel's worker.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import write_atomically
from kiosk.core import daily
from kiosk.core.alerts import report_alerts
from kiosk.core.daily import DailyReport, DailyReports
from kiosk.ui import style
from kiosk.ui.runner import OpRunner
from kiosk.ui.tech.pages import _button
from kiosk.ui.tech.text import fill


def size_text(size: int) -> str:
    """``812 B``, ``96.4 kB``, ``1.2 MB``."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


class ReportsView(QWidget):
    """The daily reports, from this PC's folder and store or from the hall server.
    ``download_to``: on a PC of a hall of several, this PC's folder a copy is saved to;
    None: the reports are this PC's own (``reports.where`` is their folder)."""

    def __init__(
        self,
        reports: DailyReports,
        runner: OpRunner,
        download_to: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._runner = runner
        self._download_to = download_to
        self.shown: list[DailyReport] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.where = QLabel()
        self.where.setObjectName("reportsWhere")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alert = QLabel()
        self.alert.setObjectName("reportsAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: {style.ALERT}; font-size: 16px; font-weight: bold;")
        self.alert.hide()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("reportsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.path = QLabel()
        self.path.setObjectName("reportsPath")
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("reportsStatus")
        self.refresh_button = _button("refreshReports")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = _button("openReports")
        self.open_button.clicked.connect(self.open_folder if download_to is None else self.download)
        self.open_button.setEnabled(download_to is None)  # a copy: once a day is selected
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.open_button)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.where)
        column.addWidget(self.alert)
        column.addWidget(self.table, 1)
        column.addWidget(self.path)
        column.addLayout(row)
        self.retranslate()

    @property
    def local(self) -> bool:
        return self._download_to is None

    # -- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._runner.submit(self._reports.daily_reports, self.show_reports, self._failed)

    def show_reports(self, reports: list[DailyReport]) -> None:
        self.refresh_button.setEnabled(True)
        self.shown = list(reports)
        self.table.setRowCount(len(self.shown))
        for i, report in enumerate(self.shown):
            files = ", ".join(f"{f.name} ({size_text(f.size)})" for f in report.files)
            cells = (
                report.day.isoformat(),
                files or "-",
                self._status_text(report.status),
                fill(self.tr("{file}: {reason}"), file=report.file, reason=report.reason)
                if report.reason
                else "",
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if report.status in (daily.FAILED, daily.MISSING):
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(i, j, item)
        alerts = report_alerts(self.shown)
        if alerts:
            self.alert.setText(
                "\n".join(
                    fill(
                        self.tr("Alert: a daily report was not written: {file}: {reason}"),
                        file=a.subject,
                        reason=a.reason,
                    )
                    for a in alerts
                )
            )
        self.alert.setVisible(bool(alerts))
        if not self.shown:
            self.status.setText(self.tr("No daily report yet: one is written when a day ends."))
        else:
            self.status.setText(fill(self.tr("{n} daily reports."), n=len(self.shown)))
        self._selected()

    def _status_text(self, status: str) -> str:
        return {
            daily.WRITTEN: self.tr("written"),
            daily.FAILED: self.tr("failed"),
            daily.WRITING: self.tr("being written"),
            daily.MISSING: self.tr("files missing"),
        }.get(status, status)

    def selected(self) -> DailyReport | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _selected(self) -> None:
        report = self.selected()
        if report is None or not report.files:
            self.path.setText("")
            if not self.local:
                self.open_button.setEnabled(False)
            return
        if self.local:
            paths = [str(Path(self._reports.where) / f.name) for f in report.files]
            self.path.setText("\n".join(paths))
        else:
            self.path.setText(fill(self.tr("On the hall server: {names}"),
                                   names=", ".join(f.name for f in report.files)))  # fmt: skip
            self.open_button.setEnabled(True)

    # -- the folder, or a copy from the hall server ------------------------------------------

    def open_folder(self) -> None:
        """Open the folder in the PC's file manager (the path is shown anyway)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(self._reports.where))

    def download(self) -> None:
        report = self.selected()
        target = self._download_to
        if report is None or target is None:
            return
        self.open_button.setEnabled(False)
        names = [f.name for f in report.files]
        self._runner.submit(lambda: self._save(names, target), self._saved, self._failed)

    def _save(self, names: list[str], target: Path) -> list[Path]:
        """On the worker: each file from the server, written through a synced temporary
        file beside it, then renamed (kiosk.app's write_atomically, as the hall's own)."""
        target.mkdir(parents=True, exist_ok=True)
        saved = []
        for name in names:
            data = self._reports.daily_report_file(name)
            path = target / name
            write_atomically(path, functools.partial(_write, data))
            saved.append(path)
        return saved

    def _saved(self, paths: list[Path]) -> None:
        self.open_button.setEnabled(True)
        self.path.setText(
            fill(self.tr("Saved on this PC: {paths}"), paths=", ".join(map(str, paths)))
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.status.setText(fill(self.tr("The daily reports could not be read: {why}"), why=exc))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Daily reports"))
        self.where.setText(
            fill(self.tr("Folder: {where}"), where=self._reports.where)
            if self.local
            else fill(self.tr("From the hall server {where}"), where=self._reports.where)
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Day"), self.tr("Files"), self.tr("Status"), self.tr("Why")]
        )
        self.refresh_button.setText(self.tr("Refresh"))
        opens = self.tr("Open the folder") if self.local else self.tr("Save a copy")
        self.open_button.setText(opens)
        if self.shown:
            self.show_reports(self.shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _write(data: bytes, path: Path) -> None:
    path.write_bytes(data)
