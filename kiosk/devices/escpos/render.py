"""A ticket as ESC/POS bytes: text in the printer's own GB font, QR as the printer's QR.

The bytes are written here, command by command, not through python-escpos: each command
is a few bytes of the ESC/POS reference, the output is exact and deterministic (golden
files in tests/golden), and nothing here imports escpos (0.3 s and a temporary folder per
import) on the kiosk's printing path. python-escpos 3.1 would also send its text as GB18030
without FS & and turn what it cannot encode into "?" (see textenc).

Commands used, all decoded by tests/escpos_parser.py:

    ESC @          reset                      FS & / FS .   Chinese mode on / off
    ESC a n        justification 0/1/2        GS ! n        character size (width, height)
    ESC E n        bold on/off                LF            print the line
    ESC * 33 ...   24-dot bit image, inline   GS v 0 ...    raster picture (picture QR, logo)
    GS ( k ...     native QR: model 2, module size, error correction, store, print
                   (either QR with lines fed above and below it: its quiet zone)
    ESC d n        feed n lines               GS V 66 n     feed n lines and cut (partial)
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.core.ports import FollowUpSlip, PrintJob
from kiosk.devices.escpos import textenc
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.template import (
    Bitmap,
    Block,
    TicketTemplate,
    bitmap_from_dots,
    default_template,
)

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
ALIGN = {"left": 0, "center": 1, "right": 2}
QR_LEVEL = {"L": 48, "M": 49, "Q": 50, "H": 51}
RASTER_BAND = 256  # rows per GS v 0 command: small enough for the buffers of cheap printers
# A QR code needs 4 modules of blank paper on every side (ISO/IEC 18004, the quiet zone).
# Across, the centred code has the paper's width; along the paper, lines are fed above and
# below it. A line fed at the printer's default spacing is at least 30 dots (1/6 inch is
# 34 dots at 203 dpi; some printers use 3.75 mm, 30 dots), so whole lines always cover it.
QUIET_MODULES = 4
LINE_DOTS = 30

TEST_QR_PAYLOAD = "https://example.invalid/kiosk/selftest"


def render_ticket(
    job: PrintJob, profile: PrinterProfile, template: TicketTemplate | None = None
) -> bytes:
    """The exact bytes of one ticket for this printer, from the hall's template."""
    tpl = template or default_template()
    fields = tpl.fields(job)
    out = _Writer(profile)
    for block in tpl.blocks:
        if block.when == "priority" and not job.priority:
            continue
        if block.when == "regular" and job.priority:
            continue
        if block.kind == "text":
            out.text(block.text.format_map(fields), block)
        elif block.kind == "rule":
            out.text(block.char * (profile.columns // block.size[0]), block, wrap=False)
        elif block.kind == "feed":
            out.feed(block.lines)
        elif block.kind == "qr":
            out.qr(job.url, tpl, native=profile.native_qr, align=block.align)
        elif block.kind == "logo" and block.logo is not None:
            out.picture(block.logo, block.align)
    out.cut(tpl.cut_feed_lines)
    return out.bytes()


WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


def render_follow_up_slip(slip: FollowUpSlip, profile: PrinterProfile) -> bytes:
    """A complaint's follow-up slip: the hall, the case number large, the promised date,
    the ticket and business type, the number to call, in Chinese and English; cut."""
    tpl = default_template()
    out = _Writer(profile)
    out.text(slip.hall_zh, Block(bold=True, size=(1, 2)))
    out.text(slip.hall_en, Block())
    out.text("-" * profile.columns, Block(), wrap=False)
    out.text("投诉受理回执  Complaint follow-up", Block(bold=True))
    out.text("受理编号 Case number", Block())
    out.text(slip.case_number, Block(size=(2, 2), bold=True))
    out.feed(1)
    day = slip.promised_by
    out.text(
        f"我们将于 {day.year}年{day.month}月{day.day}日(周{WEEKDAYS_ZH[day.weekday()]})前答复您",
        Block(bold=True),
    )
    english = f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    out.text(f"We will reply by {english}", Block())  # not strftime: the locale's names
    out.feed(1)
    out.text(f"{slip.number} {slip.service_zh} {slip.service_en}", Block(align="left"))
    out.text(f"受理时间 Opened {slip.opened_at:%Y-%m-%d %H:%M}", Block(align="left"))
    if slip.phone:
        out.text(f"查询电话 Enquiries: {slip.phone}", Block(align="left"))
    out.text("请保留此回执 Please keep this slip", Block(align="left"))
    out.cut(tpl.cut_feed_lines)
    return out.bytes()


def render_test_ticket(profile: PrinterProfile) -> bytes:
    """The self-test ticket: Chinese text, a large number, a native QR and a picture QR, cut."""
    tpl = default_template()
    out = _Writer(profile)
    out.text("打印机自检 Printer self-test", Block(bold=True, size=(1, 2)))
    out.text(f"字符集 {profile.charset.upper()} 纸宽 {profile.width_mm} mm", Block())
    out.text("中文字体：汉字打印正常", Block())
    out.text("A888", Block(size=(4, 4), bold=True))
    out.text("原生二维码 native QR", Block())
    out.qr(TEST_QR_PAYLOAD, tpl, native=True, align="center")
    out.text("图片二维码 picture QR", Block())
    out.qr(TEST_QR_PAYLOAD, tpl, native=False, align="center")
    out.text("两个二维码都应能扫出同一网址", Block())
    out.text("Both codes scan to the same address", Block())
    out.cut(tpl.cut_feed_lines)
    return out.bytes()


# -- commands ---------------------------------------------------------------------------


def size_command(width: int, height: int) -> bytes:
    """GS ! n: width and height multipliers 1-8."""
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def native_qr(payload: str, module: int = 6, level: str = "M") -> bytes:
    """GS ( k: model 2, module size, error correction, store the data, print it."""
    data = payload.encode("utf-8")

    def function(fn: int, body: bytes) -> bytes:
        n = len(body) + 2
        return GS + b"(k" + bytes([n & 0xFF, n >> 8, 0x31, fn]) + body

    return (
        function(0x41, b"\x32\x00")  # fn 165: model 2
        + function(0x43, bytes([module]))  # fn 167: module size in dots
        + function(0x45, bytes([QR_LEVEL[level]]))  # fn 169: error correction
        + function(0x50, b"\x30" + data)  # fn 180: store
        + function(0x51, b"\x30")  # fn 181: print
    )


def qr_bitmap(payload: str, module: int, level: str, max_dots: int) -> tuple[Bitmap, int]:
    """The QR code as dots, ``module`` dots a module (fewer if it would not fit ``max_dots``),
    and the dots a module came to. Without its quiet zone: the paper is left blank around
    it (:meth:`_Writer.qr`)."""
    import qrcode
    from qrcode import constants

    levels = {
        "L": constants.ERROR_CORRECT_L,
        "M": constants.ERROR_CORRECT_M,
        "Q": constants.ERROR_CORRECT_Q,
        "H": constants.ERROR_CORRECT_H,
    }
    code = qrcode.QRCode(error_correction=levels[level], border=0)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    scale = max(1, min(module, max_dots // len(matrix)))
    return scaled_bitmap(matrix, scale), scale


def scaled_bitmap(matrix: Sequence[Sequence[bool]], scale: int) -> Bitmap:
    """A module matrix scaled up, packed for GS v 0."""
    dots = [[cell for cell in row for _ in range(scale)] for row in matrix for _ in range(scale)]
    return bitmap_from_dots(dots)


def raster(bitmap: Bitmap) -> bytes:
    """GS v 0 m=0, in bands of RASTER_BAND rows."""
    stride = (bitmap.width + 7) // 8
    out = bytearray()
    for top in range(0, bitmap.height, RASTER_BAND):
        rows = min(RASTER_BAND, bitmap.height - top)
        out += GS + b"v0\x00" + bytes([stride & 0xFF, stride >> 8, rows & 0xFF, rows >> 8])
        out += bitmap.rows[top * stride : (top + rows) * stride]
    return bytes(out)


def inline_glyph(glyph: textenc.Glyph) -> bytes:
    """ESC * 33: one 24-dot stripe, printed inside the current text line."""
    return ESC + b"*\x21" + bytes([glyph.width & 0xFF, glyph.width >> 8]) + glyph.columns


class _Writer:
    """Bytes of a ticket; emits a mode command only when the mode changes."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out = bytearray(INIT + CHINESE_ON)
        self.align = 0  # after ESC @: left, size 1 x 1, bold off
        self.size = (1, 1)
        self.bold = False

    def _mode(self, align: str, size: tuple[int, int], bold: bool) -> None:
        if ALIGN[align] != self.align:
            self.align = ALIGN[align]
            self.out += ESC + b"a" + bytes([self.align])
        if size != self.size:
            self.size = size
            self.out += size_command(*size)
        if bold != self.bold:
            self.bold = bold
            self.out += ESC + b"E" + bytes([int(bold)])

    def text(self, text: str, block: Block, *, wrap: bool = True) -> None:
        units = textenc.encode(text, self.profile.charset)
        if not any(not u.is_space for u in units):
            return  # an empty field (a hall without an English name): no blank line
        self._mode(block.align, block.size, block.bold)
        limit = self.profile.columns // block.size[0]
        lines = textenc.wrap(units, limit) if wrap else [units]
        for line in lines:
            for unit in line:
                data = unit.data
                self.out += data if isinstance(data, bytes) else inline_glyph(data)
            self.out += LF

    def feed(self, lines: int) -> None:
        self.out += ESC + b"d" + bytes([lines])

    def qr(self, payload: str, tpl: TicketTemplate, *, native: bool, align: str) -> None:
        """The QR code with its quiet zone fed above and below it."""
        self._mode(align, (1, 1), False)
        if native:
            module = tpl.qr_module_dots
            code = native_qr(payload, module, tpl.qr_error_correction)
        else:
            bitmap, module = qr_bitmap(
                payload, tpl.qr_picture_module_dots, tpl.qr_error_correction, self.profile.dots
            )
            code = raster(bitmap)
        quiet = -(-QUIET_MODULES * module // LINE_DOTS)  # whole lines, rounded up
        self.feed(quiet)
        self.out += code
        self.feed(quiet)

    def picture(self, bitmap: Bitmap, align: str) -> None:
        self._mode(align, (1, 1), False)
        self.out += raster(bitmap)

    def cut(self, feed_lines: int) -> None:
        self._mode("left", (1, 1), False)
        self.out += CHINESE_OFF + GS + b"V\x42" + bytes([feed_lines])

    def bytes(self) -> bytes:
        return bytes(self.out)
