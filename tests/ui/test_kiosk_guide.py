"""The guide before the ticket, read as a visitor reads it: every word visible or a
large control to reach it, no half-blank box, the green channel's rule in plain sight.

The measures read the guide's QTextBrowser (``guide.text``): its scroll range is what
is hidden, its document's height what the text needs, its box what the page gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QPushButton, QTextBrowser

from kiosk.ui import style
from kiosk.ui.kiosk.guides import GuideLibrary
from kiosk.ui.kiosk.reading import GROW
from kiosk.ui.kiosk.window import KioskWindow

from .looks import assert_cjk_font, lay_out

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def open_kiosk(ctx: Any, qtbot: Any, size: tuple[int, int], lang: str, **kw: Any) -> KioskWindow:
    ctx.languages.set(lang)
    window = KioskWindow(ctx, **kw)
    qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
    window.controller.set_language(lang)
    lay_out(qtbot, window, *size)
    return window


def show_guide(qtbot: Any, window: KioskWindow, code: str) -> QTextBrowser:
    window.controller.choose(code)
    assert window.stack.currentWidget() is window.guide
    lay_out(qtbot, window, window.width(), window.height())
    return window.guide.text


def needed(text: QTextBrowser, px: int | None = None) -> float:
    """The height the text needs in its box (the document and the box's padding), as
    it is or at another pixel size."""
    doc = text.document()
    if px is not None:
        doc = doc.clone(text)
        font = QFont(text.font())
        font.setPixelSize(px)
        doc.setDefaultFont(font)
        doc.setTextWidth(text.viewport().width())
    margins = text.contentsMargins()
    return doc.size().height() + margins.top() + margins.bottom()


def base_px(text: QTextBrowser) -> int:
    """The guide's text size in the style sheet (30 px on a 1080-pixel short side)."""
    return text.font().pixelSize()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_shipped_guide_is_read_whole_in_a_box_it_fills(
    ui_ctx: Any, qtbot: Any, orientation: str, lang: str
) -> None:
    """Landscape cut the guide mid-sentence behind a thin scroll bar; portrait left
    half the white box blank. Now every shipped guide shows whole, in a box that ends
    where its text ends, as large as the space allows (up to GROW times the base)."""
    window = open_kiosk(ui_ctx, qtbot, SIZES[orientation], lang)
    shipped = GuideLibrary()
    guided = [s.code for s in ui_ctx.settings.hall.services if shipped.load(s.code)]
    assert len(guided) >= 6
    for code in guided:
        text = show_guide(qtbot, window, code)
        assert_cjk_font(text)
        px = text.document().defaultFont().pixelSize()
        line = px * 1.5
        hidden = text.verticalScrollBar().maximum()
        assert hidden == 0, f"{code}: {hidden} px of the guide are hidden at {orientation}"
        blank = text.height() - needed(text)
        assert blank < line, f"{code}: {blank:.0f} px of the white box are blank"
        assert px >= base_px(text), f"{code}: the text shrank to {px} px"
        marker = QFontMetricsF(text.document().defaultFont()).horizontalAdvance("9. ")
        assert text.document().indentWidth() >= marker, f"{code}: list numbers cut off"
        # as large as the page allows: the largest size, or one pixel more would not fit
        room = window.guide.reading.height()
        assert px >= int(base_px(text) * GROW) or needed(text, px + 1) > room, (code, px)
        window.controller.go_home()


LONG_GUIDE = "### Please bring\n" + "\n".join(
    f"- Document {i}: the original and a copy, signed on every page" for i in range(1, 61)
)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_guide_too_long_for_the_screen_scrolls_with_a_large_button(
    ui_ctx: Any, qtbot: Any, tmp_path: Path, orientation: str
) -> None:
    """A hall's long guide scrolls behind a scroll bar as wide as a finger and a
    touch button under the text that says there is more and pages through it."""
    (tmp_path / "plan.en.md").write_text(LONG_GUIDE, encoding="utf-8")
    window = open_kiosk(ui_ctx, qtbot, SIZES[orientation], "en", guides=GuideLibrary(tmp_path))
    text = show_guide(qtbot, window, "plan")
    bar = text.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    assert bar.isVisible() and bar.width() >= style.touch_px(), bar.width()
    assert text.document().defaultFont().pixelSize() == base_px(text)  # smallest first
    more = "Read more ▼"
    top = "Back to the top ▲"
    assert QCoreApplication.translate("KioskPhrases", more) == more  # English shown
    buttons = {b.text(): b for b in window.guide.findChildren(QPushButton) if b.isVisible()}
    assert more in buttons, sorted(buttons)
    button = buttons[more]
    assert min(button.width(), button.height()) >= style.touch_px()
    assert button.geometry().top() >= text.geometry().bottom()  # under the text
    pages = 0
    while button.text() == more:
        before = bar.value()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert bar.value() > before
        pages += 1
        assert pages < 20
    assert pages >= 2 and bar.value() == bar.maximum() and button.text() == top
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert bar.value() == 0 and button.text() == more


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_who_may_use_the_green_channel_is_not_small_print(
    ui_ctx: Any, qtbot: Any, orientation: str
) -> None:
    window = open_kiosk(ui_ctx, qtbot, SIZES[orientation], "zh")
    text = show_guide(qtbot, window, "plan")
    guide = window.guide
    hint, green = guide.green_hint, guide.priority_button
    assert hint.isVisible() and green.isVisible()
    assert_cjk_font(hint)
    assert hint.font().pixelSize() >= base_px(text), (hint.font().pixelSize(), base_px(text))
    assert hint.font().bold()
    # right above the green channel's button, over its whole width
    hint_box, green_box = hint.geometry(), green.geometry()
    assert hint.parentWidget() is green.parentWidget()
    assert 0 < green_box.top() - hint_box.bottom() <= 32
    assert hint_box.left() <= green_box.left() and hint_box.right() >= green_box.right()
