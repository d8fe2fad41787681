"""An independent decoder of the ESC/POS commands a ticket uses, written from the ESC/POS
command reference (Epson "ESC/POS Application Programming Guide" / TM command reference),
not from kiosk's renderer: it imports nothing of kiosk.

It is strict: any byte sequence it does not know raises ParseError with its offset, so a
renderer that starts sending something new fails the tests until the parser learns it.

Decoded:
    ESC @        initialize (modes back to default; Chinese mode off)
    FS & / FS .  Chinese (Kanji) character mode on / off
    ESC a n      justification: 0/48 left, 1/49 center, 2/50 right
    GS ! n       character size: width (n >> 4) + 1, height (n & 15) + 1
    ESC E n      emphasized (bold): lowest bit
    LF           print the line buffer and feed one line
    ESC d n      print the line buffer and feed n lines
    ESC * m nL nH d...   bit image in the line; m 0/1: 8 dots high, m 32/33: 24 dots high
    GS v 0 m xL xH yL yH d...   raster bit image, (xL + 256 xH) bytes a row, (yL + 256 yH) rows
    GS ( k pL pH cn fn ...      2D code; cn 49 (QR): fn 65 model, 67 module size,
                                69 error correction, 80 store data, 81 print
    GS ( A pL pH n m            execute test print: n paper, m 1 hex dump, 2 status page,
                                3 rolling pattern
    GS V m [n]   cut: m 0/1/48/49 without n; 65/66 (feed n and cut) and 97/98/103/104 with n
"""

from __future__ import annotations

import dataclasses

ESC, FS, GS, LF = 0x1B, 0x1C, 0x1D, 0x0A


class ParseError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Mode:
    width: int = 1
    height: int = 1
    bold: bool = False
    align: int = 0  # 0 left, 1 center, 2 right
    chinese: bool = False


@dataclasses.dataclass(frozen=True)
class Run:
    """Text bytes sent in one mode."""

    data: bytes
    mode: Mode

    def text(self, charset: str) -> str:
        """The run decoded strictly: the charset in Chinese mode, ASCII outside it."""
        return self.data.decode(charset if self.mode.chinese else "ascii", errors="strict")

    def columns(self) -> int:
        """Width in font A columns at size 1: a byte below 0x80 is one, a character of the
        GB font two."""
        if not self.mode.chinese:
            return len(self.data)
        cols, i = 0, 0
        while i < len(self.data):
            if self.data[i] < 0x80:
                cols, i = cols + 1, i + 1
            elif i + 1 < len(self.data) and 0x30 <= self.data[i + 1] <= 0x39:
                cols, i = cols + 2, i + 4
            else:
                cols, i = cols + 2, i + 2
        return cols


@dataclasses.dataclass(frozen=True)
class BitImage:
    """ESC * in a text line: ``width`` dots wide, ``dots_high`` (8 or 24) high."""

    mode_m: int
    width: int
    dots_high: int
    data: bytes
    mode: Mode


@dataclasses.dataclass(frozen=True)
class Line:
    items: tuple[Run | BitImage, ...]

    @property
    def runs(self) -> list[Run]:
        return [i for i in self.items if isinstance(i, Run)]

    @property
    def images(self) -> list[BitImage]:
        return [i for i in self.items if isinstance(i, BitImage)]

    def text(self, charset: str, image: str = "\ufffc") -> str:
        return "".join(i.text(charset) if isinstance(i, Run) else image for i in self.items)

    def dots(self) -> int:
        """Printed width in dots (font A: 12 dots a column)."""
        total = 0
        for item in self.items:
            if isinstance(item, Run):
                total += item.columns() * 12 * item.mode.width
            else:
                total += item.width * (1 if item.mode_m in (1, 33) else 2)
        return total


@dataclasses.dataclass(frozen=True)
class QrCode:
    payload: bytes
    model: int
    module: int
    level: int
    align: int


@dataclasses.dataclass(frozen=True)
class Raster:
    width: int  # dots
    height: int
    rows: bytes
    align: int

    def dots(self) -> list[list[bool]]:
        stride = (self.width + 7) // 8
        return [
            [bool(self.rows[y * stride + (x >> 3)] & (0x80 >> (x & 7))) for x in range(self.width)]
            for y in range(self.height)
        ]


@dataclasses.dataclass(frozen=True)
class Feed:
    lines: int


@dataclasses.dataclass(frozen=True)
class Cut:
    function: int
    feed: int | None


@dataclasses.dataclass(frozen=True)
class Reset:
    pass


@dataclasses.dataclass(frozen=True)
class TestPrint:
    """GS ( A: the printer prints one of its own pages (2: the status page)."""

    paper: int
    page: int


Item = Line | QrCode | Raster | Feed | Cut | Reset


@dataclasses.dataclass(frozen=True)
class Document:
    items: tuple[Item, ...]

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]

    @property
    def qr_codes(self) -> list[QrCode]:
        return [i for i in self.items if isinstance(i, QrCode)]

    @property
    def rasters(self) -> list[Raster]:
        """Raster bands next to each other (no other item between) joined into one picture."""
        out: list[Raster] = []
        previous: Item | None = None
        for item in self.items:
            if isinstance(item, Raster):
                if isinstance(previous, Raster) and out and out[-1].width == item.width:
                    last = out[-1]
                    out[-1] = Raster(
                        last.width, last.height + item.height, last.rows + item.rows, last.align
                    )
                else:
                    out.append(item)
            previous = item
        return out

    def texts(self, charset: str) -> list[str]:
        return [line.text(charset) for line in self.lines]


def parse(data: bytes) -> Document:
    return _Parser(data).run()


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.mode = Mode()
        self.items: list[Item] = []
        self.line: list[Run | BitImage] = []
        self.text = bytearray()
        self.qr_store: bytes | None = None
        self.qr_model = 2
        self.qr_module = 3
        self.qr_level = 48

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ParseError(f"truncated command at offset {self.pos}")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def flush_text(self) -> None:
        if self.text:
            self.line.append(Run(bytes(self.text), self.mode))
            self.text = bytearray()

    def set_mode(self, **changes: object) -> None:
        self.flush_text()
        self.mode = dataclasses.replace(self.mode, **changes)  # type: ignore[arg-type]

    def end_line(self) -> None:
        self.flush_text()
        self.items.append(Line(tuple(self.line)))
        self.line = []

    def require_line_start(self, what: str) -> None:
        if self.line or self.text:
            raise ParseError(f"{what} at offset {self.pos} inside a text line")

    def run(self) -> Document:
        while self.pos < len(self.data):
            start = self.pos
            b = self.byte()
            if b == LF:
                self.end_line()
            elif b == ESC:
                self.esc(start)
            elif b == GS:
                self.gs(start)
            elif b == FS:
                self.fs(start)
            elif b < 0x20 or b == 0x7F:
                raise ParseError(f"unexpected control byte {b:#04x} at offset {start}")
            elif b >= 0x80 and self.mode.chinese:
                self.text.append(b)
                second = self.byte()
                self.text.append(second)
                if 0x30 <= second <= 0x39:  # GB18030 four-byte sequence
                    self.text += self.take(2)
            else:
                self.text.append(b)
        if self.line or self.text:
            raise ParseError("text at the end that no LF prints")
        return Document(tuple(self.items))

    def esc(self, start: int) -> None:
        c = self.byte()
        if c == ord("@"):
            self.require_line_start("ESC @")
            self.mode = Mode()
            self.items.append(Reset())
        elif c == ord("a"):
            n = self.byte()
            if n not in (0, 1, 2, 48, 49, 50):
                raise ParseError(f"ESC a {n} at offset {start}")
            self.require_line_start("ESC a")
            self.set_mode(align=n % 48)
        elif c == ord("E"):
            self.set_mode(bold=bool(self.byte() & 1))
        elif c == ord("d"):
            if self.line or self.text:
                self.end_line()
            self.items.append(Feed(self.byte()))
        elif c == ord("*"):
            m = self.byte()
            if m not in (0, 1, 32, 33):
                raise ParseError(f"ESC * mode {m} at offset {start}")
            n = int.from_bytes(self.take(2), "little")
            high = 24 if m >= 32 else 8
            payload = self.take(n * high // 8)
            self.flush_text()
            self.line.append(BitImage(m, n, high, payload, self.mode))
        else:
            raise ParseError(f"unknown command ESC {c:#04x} at offset {start}")

    def fs(self, start: int) -> None:
        c = self.byte()
        if c == ord("&"):
            self.set_mode(chinese=True)
        elif c == ord("."):
            self.set_mode(chinese=False)
        else:
            raise ParseError(f"unknown command FS {c:#04x} at offset {start}")

    def gs(self, start: int) -> None:
        c = self.byte()
        if c == ord("!"):
            n = self.byte()
            width, height = (n >> 4) + 1, (n & 15) + 1
            if width > 8 or height > 8:
                raise ParseError(f"GS ! {n:#04x} at offset {start}: size over 8")
            self.set_mode(width=width, height=height)
        elif c == ord("V"):
            m = self.byte()
            if m in (0, 1, 48, 49):
                feed = None
            elif m in (65, 66, 97, 98, 103, 104):
                feed = self.byte()
            else:
                raise ParseError(f"GS V {m} at offset {start}")
            if self.line or self.text:
                self.end_line()
            self.items.append(Cut(m, feed))
        elif c == ord("v"):
            if self.byte() != ord("0"):
                raise ParseError(f"GS v other than GS v 0 at offset {start}")
            m = self.byte()
            if m not in (0, 48):
                raise ParseError(f"GS v 0 scaled mode {m} at offset {start}")
            stride = int.from_bytes(self.take(2), "little")
            rows = int.from_bytes(self.take(2), "little")
            self.require_line_start("GS v 0")
            self.items.append(Raster(stride * 8, rows, self.take(stride * rows), self.mode.align))
        elif c == ord("("):
            fn_class = self.byte()
            if fn_class == ord("A"):  # execute test print: pL pH n m
                if self.take(2) != b"\x02\x00":
                    raise ParseError(f"GS ( A with a length other than 2 at offset {start}")
                paper, page = self.take(2)
                if paper not in (0, 1, 2, 48, 49, 50) or page not in (1, 2, 3, 49, 50, 51):
                    raise ParseError(f"GS ( A {paper} {page} at offset {start}")
                self.items.append(TestPrint(paper % 48, page % 48))
            elif fn_class == ord("k"):
                self.qr(start)
            else:
                raise ParseError(f"GS ( other than GS ( k and GS ( A at offset {start}")
        else:
            raise ParseError(f"unknown command GS {c:#04x} at offset {start}")

    def qr(self, start: int) -> None:
        size = int.from_bytes(self.take(2), "little")
        body = self.take(size)
        if len(body) < 2 or body[0] != 49:
            raise ParseError(f"GS ( k for a symbol other than QR at offset {start}")
        fn, args = body[1], body[2:]
        if fn == 65:
            if args[0] not in (49, 50):
                raise ParseError(f"QR model {args[0]} at offset {start}")
            self.qr_model = args[0] - 48
        elif fn == 67:
            if not 1 <= args[0] <= 16:
                raise ParseError(f"QR module size {args[0]} at offset {start}")
            self.qr_module = args[0]
        elif fn == 69:
            if args[0] not in (48, 49, 50, 51):
                raise ParseError(f"QR error correction {args[0]} at offset {start}")
            self.qr_level = args[0]
        elif fn == 80:
            if args[:1] != b"0":
                raise ParseError(f"QR store with m {args[:1]!r} at offset {start}")
            self.qr_store = bytes(args[1:])
        elif fn == 81:
            if self.qr_store is None:
                raise ParseError(f"QR print with no data stored at offset {start}")
            self.require_line_start("QR print")
            self.items.append(
                QrCode(self.qr_store, self.qr_model, self.qr_module, self.qr_level, self.mode.align)
            )
        else:
            raise ParseError(f"QR function {fn} at offset {start}")
