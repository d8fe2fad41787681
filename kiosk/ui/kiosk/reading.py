"""A text a visitor reads on the kiosk (a business type's guide, where the self-service
terminals are), sized for the space it has.

A fixed box with a desktop scroll bar cut the guide mid-sentence in landscape, behind
a bar an elderly visitor does not find, and stood half blank in portrait. Here the
text takes the largest size, from the style sheet's size up to ``GROW`` times it, at
which it fits; the white box ends where the text ends. Only a text too long even at
the style sheet's size scrolls, and then a touch-sized button under it says so and
pages through it ("Read more ▼", then "Back to the top ▲"), beside a touch-wide
scroll bar.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QScroller, QTextBrowser, QWidget

from kiosk.ui.kiosk.parts import button

GROW = 1.75  # the largest text: as large as the business type's name above it
GAP = 16  # between the text and the button under it
INDENT = 1.4  # a list's indent, in ems: room for "4." at any size (Qt's is a fixed 40 px)


def touch_scrolling(browser: QTextBrowser) -> QTextBrowser:
    """Dragging a finger scrolls; links never open (no way out to a browser)."""
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    QScroller.grabGesture(browser.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return browser


class _Browser(QTextBrowser):
    """Tells its pane when the style sheet changed its font (the size to start from)."""

    fontChanged = Signal()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # QTextEdit resets the document's font to the widget's
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fontChanged.emit()


class ReadingPane(QWidget):
    """Markdown or plain text in a white box (``text``, object name ``guideText``),
    as large as fits, and the ``more`` button when it does not fit.

    ``px`` is the text's pixel size now; ``overflows`` whether it scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = _Browser(self)
        self.text.setObjectName("guideText")
        touch_scrolling(self.text)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.fontChanged.connect(self._fit)
        self.more = button("secondary", self)
        self.more.clicked.connect(self._page)
        bar = self.text.verticalScrollBar()
        bar.valueChanged.connect(self._name_more)
        bar.rangeChanged.connect(self._name_more)
        self.px = 0
        self.overflows = False
        self._texts = ("Read more ▼", "Back to the top ▲")

    # -- what it shows -------------------------------------------------------------------

    def set_markdown(self, text: str) -> None:
        self.text.setMarkdown(text)
        self.top()

    def set_plain(self, text: str) -> None:
        self.text.setPlainText(text)
        self.top()

    def set_button_texts(self, more: str, top: str) -> None:
        self._texts = (more, top)
        self._name_more()

    def top(self) -> None:
        self._fit()
        self.text.verticalScrollBar().setValue(0)

    # -- fitting -------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _base_px(self) -> int:
        """The style sheet's size for this text (kiosk.ui.kiosk.theme)."""
        font = self.text.font()
        if font.pixelSize() > 0:
            return font.pixelSize()
        return max(1, round(font.pointSizeF() * self.logicalDpiY() / 72))

    def _height_at(self, px: int, width: int) -> float:
        """The height of the text at a pixel size, in a box ``width`` wide."""
        doc: QTextDocument = self.text.document().clone()  # Python's, freed on return
        self._size(doc, px)
        doc.setTextWidth(width)
        return doc.size().height()

    def _size(self, doc: QTextDocument, px: int) -> None:
        font = QFont(self.text.font())
        font.setPixelSize(px)
        doc.setDefaultFont(font)
        doc.setIndentWidth(px * INDENT)

    def _fit(self) -> None:
        width, height = self.width(), self.height()
        if width <= 1 or height <= 1:
            return
        margins = self.text.contentsMargins()  # the frame and the style sheet's padding
        pad_w = margins.left() + margins.right()
        pad_h = margins.top() + margins.bottom()
        base = self._base_px()
        low, high = base, max(base, int(base * GROW))
        if self._height_at(low, width - pad_w) + pad_h > height:
            px, overflows = low, True
        else:
            while low < high:  # the largest size that fits
                mid = (low + high + 1) // 2
                if self._height_at(mid, width - pad_w) + pad_h <= height:
                    low = mid
                else:
                    high = mid - 1
            px, overflows = low, False
        self._size(self.text.document(), px)
        self.px, self.overflows = px, overflows
        self.more.setVisible(overflows)
        policy = Qt.ScrollBarPolicy
        self.text.setVerticalScrollBarPolicy(
            policy.ScrollBarAlwaysOn if overflows else policy.ScrollBarAlwaysOff
        )
        if overflows:
            more_h = self.more.sizeHint().height()
            self.text.setGeometry(0, 0, width, max(1, height - more_h - GAP))
            self.more.setGeometry(0, height - more_h, width, more_h)
        else:
            used = math.ceil(self._height_at(px, width - pad_w)) + pad_h
            self.text.setGeometry(0, 0, width, min(height, used))
        self._name_more()

    # -- the button under a long text ----------------------------------------------------

    def _at_end(self) -> bool:
        bar = self.text.verticalScrollBar()
        return bar.value() >= bar.maximum()

    def _name_more(self) -> None:
        self.more.setText(self._texts[1] if self._at_end() else self._texts[0])

    def _page(self) -> None:
        bar = self.text.verticalScrollBar()
        if self._at_end():
            bar.setValue(0)
        else:
            bar.setValue(bar.value() + max(1, bar.pageStep() - bar.pageStep() // 8))
