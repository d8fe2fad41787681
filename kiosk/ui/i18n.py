"""Languages: Qt Linguist translations, switched at run time without a restart.

Source strings are English; assets/i18n/kiosk_zh_CN.ts holds the Chinese and
kiosk_en.ts the (identity) English. The set-up compiles them to .qm files.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
_QM = {"zh": "kiosk_zh_CN.qm", "en": "kiosk_en.qm"}


def i18n_dir() -> Path:
    """assets/i18n of the checkout the package runs from."""
    return Path(__file__).resolve().parents[2] / "assets" / "i18n"


class Languages(QObject):
    """The language in force. Installing a translator makes Qt send every widget a
    LanguageChange event; widgets re-read their texts in ``changeEvent``.

    Signals:
        changed(str): the new language code ("zh" or "en").
    """

    changed = Signal(str)

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder or i18n_dir()
        self._translators: dict[str, QTranslator] = {}
        for lang in LANGUAGES:
            translator = QTranslator(self)
            path = self._folder / _QM[lang]
            if translator.load(str(path)):
                self._translators[lang] = translator
            else:
                log.warning("translation %s is missing: run the set-up (./hall.sh)", path)
        self.current = ""

    def set(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        if lang == self.current:
            return
        app = QCoreApplication.instance()
        old = self._translators.get(self.current)
        if app is not None and old is not None:
            app.removeTranslator(old)
        self.current = lang
        new = self._translators.get(lang)
        if app is not None and new is not None:
            app.installTranslator(new)
        self.changed.emit(lang)

    def text(self, lang: str, context: str, source: str) -> str:
        """A string in a given language regardless of the one in force (the hall
        display shows Chinese and English at once)."""
        translator = self._translators.get(lang)
        found = translator.translate(context, source) if translator else ""
        return found or source

    def has(self, lang: str) -> bool:
        return lang in self._translators
