"""What differs between ticket printers: paper width, the font's charset, QR support."""

from __future__ import annotations

import dataclasses
from typing import Literal

Charset = Literal["gb18030", "gbk", "gb2312"]


@dataclasses.dataclass(frozen=True)
class PrinterProfile:
    """Per-printer settings, from the configuration's [printer] table."""

    width_mm: Literal[58, 80] = 80
    charset: Charset = "gb18030"  # what the printer's own Chinese font can encode
    native_qr: bool = True  # GS ( k; False: the QR is sent as a raster picture

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi."""
        return 384 if self.width_mm == 58 else 576

    @property
    def columns(self) -> int:
        """Characters per line in font A (12 dots wide); a Chinese character takes two."""
        return 32 if self.width_mm == 58 else 48
