"""What the paper would look like: ESC/POS bytes drawn as a picture of the ticket.

A small virtual thermal printer for the simulator, the technician panel and the docs: it
reads the commands a ticket uses (the same ones as the printer's manual, not the renderer's
code), keeps the print modes, and draws each printed line on a 203-dpi canvas the width of
the paper (576 dots at 80 mm, 384 at 58 mm), font A cells 12 x 24 dots (a Chinese character
24 x 24), sizes by dot multiplication as a printer does, the native QR code drawn from its
stored data, pictures (GS v 0, ESC * 33) dot for dot, and the cut as a dashed line.

Anything it does not know is drawn as a line saying so, with its offset, and the drawing
stops there: a picture that looks right means the bytes are right.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.devices.escpos.textenc import FONT_FILES

if TYPE_CHECKING:
    from PIL import Image, ImageFont

ESC, FS, GS, DLE, LF = 0x1B, 0x1C, 0x1D, 0x10, 0x0A
CELL_W, CELL_H = 12, 24  # font A, dots
MARGIN = 16  # blank paper drawn around the printable width
LINE_GAP = 6  # the printer's default line spacing adds about this much under a line
QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}


class PaperError(ValueError):
    """The bytes hold a command this virtual printer does not know."""


@dataclasses.dataclass
class _Mode:
    align: int = 0
    width: int = 1
    height: int = 1
    bold: bool = False
    chinese: bool = False


@dataclasses.dataclass(frozen=True)
class _Char:
    text: str
    cells: int  # 1 for ASCII, 2 for a Chinese character
    width: int
    height: int
    bold: bool


@dataclasses.dataclass(frozen=True)
class _Stripe:
    """ESC * 33 inside a line: 24 dots high, 3 bytes a column."""

    columns: bytes


def render_paper(data: bytes, width_mm: int = 80, charset: str = "gb18030") -> Image.Image:
    """The ticket as a black-on-white picture (Pillow, mode "L"), one pixel a dot."""
    return _Paper(576 if width_mm == 80 else 384, charset).run(data)


def paper_png(data: bytes, width_mm: int = 80, charset: str = "gb18030") -> bytes:
    """:func:`render_paper` as PNG bytes."""
    out = io.BytesIO()
    render_paper(data, width_mm, charset).save(out, format="PNG")
    return out.getvalue()


def save_paper(data: bytes, path: Path, width_mm: int = 80, charset: str = "gb18030") -> None:
    path.write_bytes(paper_png(data, width_mm, charset))


@functools.cache
def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospaced font with half-width Latin and full-width Chinese, as a printer's font A
    (Noto Sans Mono CJK SC, a face of the Noto CJK collection), else any installed one."""
    from PIL import ImageFont

    for path in FONT_FILES:
        if not Path(path).is_file():
            continue
        if path.endswith(".ttc"):
            for index in range(16):
                try:
                    face = ImageFont.truetype(path, px, index=index)
                except OSError:
                    break
                if face.getname()[0] == "Noto Sans Mono CJK SC":
                    return face
        return ImageFont.truetype(path, px)
    return ImageFont.load_default()


class _Paper:
    def __init__(self, dots: int, charset: str) -> None:
        self.dots = dots
        self.charset = charset
        self.mode = _Mode()
        self.line: list[_Char | _Stripe] = []
        self.pieces: list[tuple[Image.Image, int]] = []  # (picture, alignment) top to bottom
        self.qr_data = b""
        self.qr_module = 3
        self.qr_level = "L"

    # -- reading ---------------------------------------------------------------------------

    def run(self, data: bytes) -> Image.Image:
        try:
            self._read(data)
        except PaperError as exc:
            self._flush()
            self._note(str(exc))
        self._flush()
        return self._compose()

    def _read(self, data: bytes) -> None:
        i, n = 0, len(data)

        def need(count: int, what: str) -> bytes:
            if i + count > n:
                raise PaperError(f"{what} cut short at byte {i}")
            return data[i : i + count]

        while i < n:
            b = data[i]
            if b == LF:
                self._flush()
                i += 1
            elif b == ESC:
                cmd = need(2, "ESC command")[1]
                if cmd == ord("@"):
                    self.mode = _Mode()
                    i += 2
                elif cmd == ord("a"):
                    self.mode.align = need(3, "ESC a")[2] % 48
                    i += 3
                elif cmd == ord("E"):
                    self.mode.bold = bool(need(3, "ESC E")[2] & 1)
                    i += 3
                elif cmd == ord("d"):
                    lines = need(3, "ESC d")[2]
                    if self.line:  # print the line buffer; an empty one adds no line
                        self._flush()
                    self._blank(lines * (CELL_H + LINE_GAP))
                    i += 3
                elif cmd == ord("*"):
                    head = need(5, "ESC *")
                    m, count = head[2], head[3] | head[4] << 8
                    if m not in (32, 33):
                        raise PaperError(f"ESC * mode {m} at byte {i} is not drawn")
                    i += 5
                    self.line.append(_Stripe(need(count * 3, "ESC * data")))
                    i += count * 3
                else:
                    raise PaperError(f"unknown command ESC 0x{cmd:02X} at byte {i}")
            elif b == FS:
                cmd = need(2, "FS command")[1]
                if cmd not in (ord("&"), ord(".")):
                    raise PaperError(f"unknown command FS 0x{cmd:02X} at byte {i}")
                self.mode.chinese = cmd == ord("&")
                i += 2
            elif b == GS:
                cmd = need(2, "GS command")[1]
                if cmd == ord("!"):
                    size = need(3, "GS !")[2]
                    self.mode.width, self.mode.height = (size >> 4) + 1, (size & 15) + 1
                    i += 3
                elif cmd == ord("V"):
                    m = need(3, "GS V")[2]
                    if m in (65, 66, 97, 98, 103, 104):  # feed n lines, then cut
                        feed = need(4, "GS V")[3]
                        i += 4
                        if self.line:
                            self._flush()
                        self._blank(feed * (CELL_H + LINE_GAP))
                    else:
                        i += 3
                    self._cut()
                elif cmd == ord("v"):
                    head = need(8, "GS v 0")
                    stride, rows = head[4] | head[5] << 8, head[6] | head[7] << 8
                    i += 8
                    self._flush()
                    self._raster(need(stride * rows, "GS v 0 data"), stride, rows)
                    i += stride * rows
                elif cmd == ord("("):
                    head = need(5, "GS (")
                    length = head[3] | head[4] << 8
                    body = need(5 + length, f"GS ( {chr(head[2])}")[5:]
                    self._function(chr(head[2]), body, i)
                    i += 5 + length
                else:
                    raise PaperError(f"unknown command GS 0x{cmd:02X} at byte {i}")
            elif b == DLE:  # DLE EOT n: a status query prints nothing
                i += 3
            elif b < 0x20:
                raise PaperError(f"unknown control byte 0x{b:02X} at byte {i}")
            elif b < 0x80 or not self.mode.chinese:
                self._char(chr(b) if b < 0x80 else "\ufffd", 1)
                i += 1
            else:
                size = 4 if i + 1 < n and 0x30 <= data[i + 1] <= 0x39 else 2
                try:
                    text = need(size, "a Chinese character").decode(self.charset)
                except UnicodeDecodeError:
                    raise PaperError(
                        f"bytes {need(size, 'a character').hex(' ')} at byte {i} are not "
                        f"{self.charset}"
                    ) from None
                self._char(text, 2)
                i += size

    def _function(self, fn_class: str, body: bytes, at: int) -> None:
        if fn_class == "k" and len(body) >= 2 and body[0] == ord("1"):  # QR code
            fn = body[1]
            if fn in (0x43, 0x45) and len(body) < 3:
                raise PaperError(f"GS ( k function {fn} without its value at byte {at}")
            if fn == 0x43:
                self.qr_module = min(body[2], 16)
            elif fn == 0x45:
                self.qr_level = QR_LEVELS.get(body[2], "L")
            elif fn == 0x50:
                self.qr_data = body[3:]
            elif fn == 0x51:
                self._flush()
                self._qr()
            return
        if fn_class == "H":  # GS ( H: a request for a reply, nothing printed
            return
        if fn_class == "A":  # GS ( A: the printer's own test or status page
            self._flush()
            self._note("[the printer prints its own status page here]")
            return
        raise PaperError(f"unknown command GS ( {fn_class} at byte {at}")

    # -- drawing ---------------------------------------------------------------------------

    def _char(self, text: str, cells: int) -> None:
        m = self.mode
        self.line.append(_Char(text, cells, m.width, m.height, m.bold))

    def _flush(self) -> None:
        """LF: print the line buffer (an empty one feeds one line)."""
        from PIL import Image

        items = self.line
        self.line = []
        if not items:
            self._blank(CELL_H + LINE_GAP)
            return
        height = max((it.height * CELL_H if isinstance(it, _Char) else CELL_H) for it in items)
        width = sum(self._item_width(it) for it in items)
        image = Image.new("L", (max(1, min(width, self.dots)), height + LINE_GAP), 255)
        x = 0
        for it in items:
            w = self._item_width(it)
            if isinstance(it, _Char):
                cell = self._glyph(it)
                image.paste(cell, (x, height - cell.height))
            else:
                stripe = _stripe_image(it.columns)
                image.paste(stripe, (x, height - CELL_H))
            x += w
        self.pieces.append((image, self.mode.align))

    @staticmethod
    def _item_width(it: _Char | _Stripe) -> int:
        if isinstance(it, _Char):
            return it.cells * CELL_W * it.width
        return len(it.columns) // 3

    def _glyph(self, ch: _Char) -> Image.Image:
        return _glyph(ch.text, ch.cells, ch.width, ch.height, ch.bold)

    def _raster(self, rows: bytes, stride: int, height: int) -> None:
        from PIL import Image

        image = Image.frombytes("1", (stride * 8, height), bytes(b ^ 0xFF for b in rows))
        self.pieces.append((image.convert("L"), self.mode.align))

    def _qr(self) -> None:
        import qrcode
        from PIL import Image
        from qrcode import constants

        levels = {
            "L": constants.ERROR_CORRECT_L,
            "M": constants.ERROR_CORRECT_M,
            "Q": constants.ERROR_CORRECT_Q,
            "H": constants.ERROR_CORRECT_H,
        }
        code = qrcode.QRCode(error_correction=levels[self.qr_level], border=0)
        code.add_data(self.qr_data)
        code.make(fit=True)
        matrix = code.get_matrix()
        size = len(matrix)
        image = Image.new("L", (size, size), 255)
        image.putdata([0 if cell else 255 for row in matrix for cell in row])
        module = max(1, self.qr_module)
        self.pieces.append(
            (
                image.resize((size * module, size * module), Image.Resampling.NEAREST),
                self.mode.align,
            )
        )

    def _blank(self, dots: int) -> None:
        from PIL import Image

        if dots > 0:
            self.pieces.append((Image.new("L", (1, dots), 255), 0))

    def _cut(self) -> None:
        from PIL import Image, ImageDraw

        image = Image.new("L", (self.dots + 2 * MARGIN, 12), 255)
        draw = ImageDraw.Draw(image)
        for x in range(0, image.width, 12):
            draw.line([(x, 6), (x + 6, 6)], fill=120, width=1)
        self.pieces.append((image, -1))

    def _note(self, text: str) -> None:
        from PIL import Image, ImageDraw

        font = _font(18)
        image = Image.new("L", (self.dots, 28), 255)
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=90)
        self.pieces.append((image, 0))

    def _compose(self) -> Image.Image:
        from PIL import Image

        total = sum(p.height for p, _ in self.pieces) + 2 * MARGIN
        paper = Image.new("L", (self.dots + 2 * MARGIN, total), 255)
        y = MARGIN
        for piece, align in self.pieces:
            if align == -1:  # the cut spans the paper, margins included
                paper.paste(piece, (0, y))
            else:
                width = min(piece.width, self.dots)
                x = MARGIN + {0: 0, 1: (self.dots - width) // 2, 2: self.dots - width}[align % 3]
                paper.paste(piece.crop((0, 0, width, piece.height)), (x, y))
            y += piece.height
        return paper


@functools.cache
def _glyph(text: str, cells: int, width: int, height: int, bold: bool) -> Image.Image:
    """One character in its font A cell, multiplied like the printer does (dot doubling)."""
    from PIL import Image, ImageDraw

    cell = Image.new("L", (cells * CELL_W, CELL_H), 255)
    draw = ImageDraw.Draw(cell)
    font = _font(CELL_H - 2)
    ascent, descent = font.getmetrics() if hasattr(font, "getmetrics") else (CELL_H - 4, 4)
    baseline = (CELL_H - ascent - descent) / 2 + ascent
    # emphasized: printed twice, the second a dot to the right, as a thermal head does
    for dx in (0, 1) if bold else (0,):
        draw.text((cell.width / 2 + dx, baseline), text, font=font, fill=0, anchor="ms")
    if (width, height) != (1, 1):
        cell = cell.resize((cell.width * width, CELL_H * height), Image.Resampling.NEAREST)
    return cell


def _stripe_image(columns: bytes) -> Image.Image:
    from PIL import Image

    width = len(columns) // 3
    image = Image.new("L", (max(1, width), CELL_H), 255)
    pixels = image.load()
    assert pixels is not None
    for x in range(width):
        for band in range(3):
            byte = columns[x * 3 + band]
            for bit in range(8):
                if byte & (0x80 >> bit):
                    pixels[x, band * 8 + bit] = 0
    return image
