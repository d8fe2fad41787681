"""Languages: Qt Linguist translations, switched at run time without a restart.

Source strings are English; kiosk/assets/i18n/kiosk_zh_CN.ts holds the Chinese and
kiosk_en.ts the (identity) English, each compiled to the .qm beside it (committed, shipped
in the package). A catalogue that cannot be loaded is an error, not a line in a log: a
window would otherwise show English on a Chinese screen without anyone noticing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from kiosk import assets

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
_QM = {"zh": "kiosk_zh_CN.qm", "en": "kiosk_en.qm"}


def i18n_dir() -> Path:
    """The compiled catalogues shipped in the package (kiosk/assets/i18n)."""
    return assets.folder(assets.I18N)


class TranslationMissing(FileNotFoundError):
    """A compiled catalogue (.qm) the package ships is missing or unreadable."""


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
            if not translator.load(str(path)):
                raise TranslationMissing(f"cannot load the translation {path}")
            self._translators[lang] = translator
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
