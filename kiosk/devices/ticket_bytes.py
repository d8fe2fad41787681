"""A ticket as ESC/POS bytes: text as text in the printer's GB font, QR as the
printer's native QR command.

This is the first renderer: fixed layout, GB18030 with the Chinese mode switch.
The printer issue replaces it with the hall-editable template, strict per-printer
charsets with picture fallbacks, and both paper widths.
"""

from __future__ import annotations

from kiosk.core.ports import PrintJob

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
CENTER = ESC + b"a\x01"
LEFT = ESC + b"a\x00"
CUT = GS + b"V\x41\x03"  # feed 3 lines, partial cut


def size(width: int, height: int) -> bytes:
    """GS ! n: character size multipliers 1-8."""
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def text(line: str) -> bytes:
    return line.encode("gb18030") + b"\n"


def native_qr(payload: str, module: int = 6) -> bytes:
    """GS ( k: model 2, module size, error correction M, store, print."""
    data = payload.encode("ascii")
    store_len = len(data) + 3

    def fn(cn: int, fn_: int, body: bytes) -> bytes:
        n = len(body) + 2
        return GS + b"(k" + bytes([n & 0xFF, n >> 8, cn, fn_]) + body

    return (
        fn(0x31, 0x41, b"\x32\x00")  # model 2
        + fn(0x31, 0x43, bytes([module]))
        + fn(0x31, 0x45, b"\x31")  # error correction M
        + GS + b"(k" + bytes([store_len & 0xFF, store_len >> 8, 0x31, 0x50, 0x30]) + data
        + fn(0x31, 0x51, b"\x30")
    )  # fmt: skip


def render(job: PrintJob) -> bytes:
    wait = (
        f"预计等候 {job.wait_low_min}-{job.wait_high_min} 分钟"
        if job.wait_low_min
        else f"预计等候少于 {job.wait_high_min} 分钟"
    )
    wait_en = (
        f"Expected wait {job.wait_low_min}-{job.wait_high_min} min"
        if job.wait_low_min
        else f"Expected wait under {job.wait_high_min} min"
    )
    out = bytearray(INIT + CHINESE_ON + CENTER)
    out += size(1, 1) + text(job.hall_zh) + text(job.hall_en)
    out += text(f"{job.service_zh} {job.service_en}")
    out += size(4, 4) + text(job.number) + size(1, 1)
    if job.priority:
        out += text("绿色通道 Priority")
    out += text(f"前面还有 {job.ahead} 人  {job.ahead} ahead of you")
    out += text(wait) + text(wait_en)
    out += text(job.issued_at.strftime("%Y-%m-%d %H:%M:%S"))
    out += native_qr(job.url)
    out += text("过号请重新取号")
    out += text("If you miss your call, please take a new ticket")
    out += CHINESE_OFF + LEFT + CUT
    return bytes(out)
