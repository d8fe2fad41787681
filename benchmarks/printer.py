"""`kiosk bench printer`: bytes per ticket and their time on the wire.

Renders the same bilingual ticket (Chinese and English hall and business names, a number,
people ahead, a wait range, a signed ticket URL as long as a real one) with the default
template, for 58 and 80 mm paper, with the printer's native QR (GS ( k) and with the
picture QR (GS v 0) sent to printers without it. The time on the wire is the bytes at
10 bits each (8N1: start, 8 data, stop) over 9600 and 115200 baud; a printer also takes
time to print, not counted here. The render time is the mean of ``--runs`` renders.

The figures of a default run are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from typing import Any

from kiosk.core.ports import PrintJob
from kiosk.core.ticketlink import ticket_url
from kiosk.devices.escpos.profile import PrinterProfile
from kiosk.devices.escpos.render import render_test_ticket, render_ticket

BAUD_RATES = (9600, 115200)
BITS_PER_BYTE = 10  # 8N1
WIDTHS = (58, 80)
CHARSETS = ("gb18030", "gbk", "gb2312")

SAMPLE = PrintJob(
    hall_zh="人民路政务服务大厅",
    hall_en="Renmin Road Service Hall",
    number="A023",
    service_zh="缴费业务",
    service_en="Bill payment",
    ahead=3,
    wait_low_min=5,
    wait_high_min=9,
    issued_at=dt.datetime(2026, 11, 24, 9, 30),
    url=ticket_url("https://hall.example.cn/renmin", "secret", "0f8e2d7c6b5a49380716253443526170"),
)


def wire_seconds(size: int, baud: int) -> float:
    return size * BITS_PER_BYTE / baud


def measure(charset: str, runs: int) -> dict[str, Any]:
    rows = []
    for width in WIDTHS:
        for native in (True, False):
            profile = PrinterProfile(width_mm=width, charset=charset, native_qr=native)  # type: ignore[arg-type]
            data = render_ticket(SAMPLE, profile)
            start = time.perf_counter()
            for _ in range(runs):
                render_ticket(SAMPLE, profile)
            render_ms = (time.perf_counter() - start) * 1000 / runs
            rows.append(
                {
                    "width_mm": width,
                    "qr": "native" if native else "picture",
                    "bytes": len(data),
                    "wire_s": {str(b): round(wire_seconds(len(data), b), 3) for b in BAUD_RATES},
                    "render_ms": round(render_ms, 3),
                }
            )
    test_ticket = len(render_test_ticket(PrinterProfile(charset=charset)))  # type: ignore[arg-type]
    return {
        "charset": charset,
        "bits_per_byte": BITS_PER_BYTE,
        "url_chars": len(SAMPLE.url),
        "tickets": rows,
        "self_test_ticket_bytes": test_ticket,
        "self_test_wire_s": {str(b): round(wire_seconds(test_ticket, b), 3) for b in BAUD_RATES},
    }


def _text(data: dict[str, Any]) -> str:
    lines = [
        f"ticket bytes and time on the wire (charset {data['charset']}, 8N1, "
        f"QR payload {data['url_chars']} characters)",
        "",
        f"{'paper':>6}  {'QR':<8}{'bytes':>7}{'9600 baud':>12}{'115200 baud':>13}{'render':>10}",
    ]
    for row in data["tickets"]:
        wire = row["wire_s"]
        lines.append(
            f"{row['width_mm']:>4}mm  {row['qr']:<8}{row['bytes']:>7,}"
            f"{wire['9600']:>11.2f}s{wire['115200']:>12.3f}s{row['render_ms']:>8.2f}ms"
        )
    wire = data["self_test_wire_s"]
    lines += [
        "",
        f"self-test ticket (native and picture QR): {data['self_test_ticket_bytes']:,} bytes, "
        f"{wire['9600']:.2f} s at 9600 baud, {wire['115200']:.3f} s at 115200 baud",
    ]
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    charset = getattr(args, "charset", None) or "gb18030"
    runs = int(getattr(args, "runs", None) or 200)
    if charset not in CHARSETS or runs < 1:
        print(
            "kiosk: usage error: bench printer needs --charset gb18030|gbk|gb2312 and --runs >= 1",
            file=sys.stderr,
        )
        return 2
    data = measure(charset, runs)
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(_text(data))
    return 0
