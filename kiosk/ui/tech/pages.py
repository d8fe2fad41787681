"""The Logs, Configuration and Export pages of the technician panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import style
from kiosk.ui.tech.text import fill

LOG_REFRESH_MS = 2000


MONO_FAMILIES = ("Noto Sans Mono CJK SC", "DejaVu Sans Mono")  # mono with Chinese first


def _text_box() -> QPlainTextEdit:
    """Read-only, monospaced, with Chinese glyphs for the hall's names."""
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    font.setStyleHint(QFont.StyleHint.Monospace)
    # then the application's fonts, which make_qapp chose for their Chinese glyphs
    font.setFamilies([*MONO_FAMILIES, font.family(), *QApplication.font().families()])
    font.setPointSize(11)
    box.setFont(font)
    return box


def _button(object_name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(object_name)
    button.setMinimumHeight(style.touch_px() - 8)
    button.setStyleSheet("font-size: 18px; padding: 0 18px;")
    return button


class LogsView(QWidget):
    """The recent log lines, newest last; refreshed every 2 s while shown."""

    def __init__(self, source: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.text = _text_box()
        self.text.setObjectName("logText")
        self.refresh_button = _button("refreshLogs")
        self.refresh_button.clicked.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(LOG_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        column = QVBoxLayout(self)
        column.addWidget(self.text, 1)
        column.addLayout(row)
        self.retranslate()

    def refresh(self) -> None:
        text = "\n".join(self._source())
        if text != self.text.toPlainText():
            self.text.setPlainText(text)
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.maximum())

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.text.setPlaceholderText(self.tr("No log lines yet"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConfigView(QWidget):
    """The configuration in force, read-only, secrets hidden."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.MUTED}; font-size: 16px;")
        self.text = _text_box()
        self.text.setObjectName("configText")
        self.text.setPlainText(text)
        column = QVBoxLayout(self)
        column.addWidget(self.note)
        column.addWidget(self.text, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(
            self.tr(
                "The configuration in force (read-only). Secrets are shown as (hidden). "
                "Change it in the configuration file and restart."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ExportView(QWidget):
    """Where to write the diagnostic bundle, and what happened.

    Signals:
        exportRequested(object): write a bundle into this folder (a Path).
    """

    exportRequested = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._result: tuple[str, str] = ("", "")  # kind ("done"/"failed"), path or reason
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("font-size: 18px;")
        self.folder_label = QLabel()
        self.folder_label.setStyleSheet("font-size: 16px;")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = _button("chooseFolder")
        self.choose_button.clicked.connect(self._choose)
        self.export_button = _button("exportBundle")
        self.export_button.setStyleSheet(
            f"QPushButton {{ font-size: 20px; font-weight: bold; color: {style.PAPER};"
            f" background: {style.BRAND}; border-radius: 8px; padding: 0 24px; }}"
            " QPushButton:disabled { background: #b8bec6; }"
        )
        self.export_button.clicked.connect(lambda: self.exportRequested.emit(self.folder))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.choose_button)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addSpacing(12)
        column.addLayout(row)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.status)
        column.addStretch(1)
        self.retranslate()

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self._show_folder()

    def _choose(self) -> None:
        # only on the technician's click: tests set the folder with set_folder
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the diagnostic bundle"), str(self.folder)
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.choose_button.setEnabled(not running)
        if running:
            self._result = ("running", "")
            self._show_result()

    def show_exported(self, path: Path) -> None:
        self._result = ("done", str(path))
        self._show_result()

    def show_failed(self, reason: str) -> None:
        self._result = ("failed", reason)
        self._show_result()

    def _show_folder(self) -> None:
        self.folder_label.setText(fill(self.tr("Folder: {folder}"), folder=self.folder))

    def _show_result(self) -> None:
        kind, detail = self._result
        texts = {
            "": ("", style.INK),
            "running": (self.tr("Writing the bundle…"), style.MUTED),
            "done": (fill(self.tr("Bundle written: {path}"), path=detail), style.OK),
            "failed": (
                fill(self.tr("Could not write the bundle: {reason}"), reason=detail),
                style.ALERT,
            ),
        }
        text, colour = texts[kind]
        self.status.setText(text)
        self.status.setStyleSheet(f"font-size: 18px; color: {colour};")

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "A diagnostic bundle is one .zip file for whoever supports this hall: the logs, "
                "the configuration without its secrets, the store's integrity check, the "
                "versions in use and the last self-test reports."
            )
        )
        self.choose_button.setText(self.tr("Choose folder…"))
        self.export_button.setText(self.tr("Export diagnostic bundle"))
        self._show_folder()
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
