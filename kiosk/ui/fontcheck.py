"""The font self-test: every business type name has glyphs in the screen font."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.core.model import Hall
from kiosk.core.selftest import Step, Verdict


def missing_glyphs(text: str, metrics: QFontMetrics) -> list[str]:
    return sorted({ch for ch in text if not ch.isspace() and not metrics.inFontUcs4(ord(ch))})


class FontSelfTest:
    device = "fonts"

    def __init__(self, hall: Hall) -> None:
        self._hall = hall

    def run(self) -> list[Step]:
        # QFontMetrics of the application font, which falls back like the screens do
        metrics = QFontMetrics(QApplication.font())
        steps = []
        for s in self._hall.services:
            missing = missing_glyphs(s.name_zh + s.name_en, metrics)
            if missing:
                steps.append(Step(s.code, Verdict.FAIL,
                                  f"no glyph for {''.join(missing)}: install a CJK font "
                                  "(fonts-noto-cjk) or run the set-up"))  # fmt: skip
            else:
                steps.append(Step(s.code, Verdict.PASS))
        return steps
