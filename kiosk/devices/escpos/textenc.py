"""Text for the printer's own font: strict per-printer charsets, never "?" and never garbage.

Every character of a ticket ends up as exactly one of:

1. **text**: its bytes in the printer's charset (``gb2312``, ``gbk`` or ``gb18030``, Python's
   codecs with ``errors="strict"``). In Chinese mode (FS &) a byte below 0x80 is ASCII and a
   two-byte sequence is a character of the GB font. Under ``gb18030`` a four-byte sequence is
   accepted only for CJK Extension A (U+3400-U+4DBF, the part of GB18030's four-byte area
   that printer fonts carry); everything else that needs four bytes ("¥", "•", emoji) would
   print as garbage on most printers, so it takes the next way out;
2. **a fold**: a few symbols the charset lacks have an equivalent it has ("¥" -> "￥",
   "–" -> "-" under GB2312, "·" -> "・"); see :data:`FOLDS`;
3. **a picture**: a 24 x 24 dot bit image sent inline in the text line (ESC * 33, one
   24-dot stripe, the height of a line of font A). The glyph is drawn from a font installed
   on the machine (Noto CJK, DejaVu) with Pillow, imported only when a ticket needs it; when
   no installed font has the character (an emoji on a box without an emoji font) or Pillow
   is missing, the picture is a box with the character's code point in hex, drawn from a
   built-in 3 x 5 digit font: what browsers show for a missing glyph, and still never "?".

Control characters (C0, DEL, C1) are dropped and tabs become spaces: a byte below 0x20 in
a hall name would otherwise be read by the printer as a command.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageFont

log = logging.getLogger(__name__)

GLYPH_DOTS = 24  # a Chinese character of font A is 24 x 24 dots
EXT_A = range(0x3400, 0x4DC0)  # CJK Unified Ideographs Extension A

# Equivalents for characters a charset lacks. Used only when the character itself does not
# encode, so GBK keeps its own "–" (A8 43) and GB2312 gets "-".
FOLDS: dict[str, str] = {
    "¥": "￥",  # U+00A5 is four bytes in GB18030; the full-width yen A3 A4 is in every GB font
    "–": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "—": "―",  # Python's GB2312 maps A1 AA to U+2015
    "·": "・",  # and A1 A4 to U+30FB
    "•": "・",
    "\u00a0": " ",
    "\u3000": "  ",
    "€": "EUR",
    "™": "TM",
    "©": "(C)",
    "®": "(R)",
}


@dataclasses.dataclass(frozen=True)
class Glyph:
    """A character drawn as a picture: ``width`` columns of 24 dots, 3 bytes a column, top
    dot in the high bit (the data of ESC * 33)."""

    char: str
    width: int
    columns: bytes


@dataclasses.dataclass(frozen=True)
class Unit:
    """One character as sent: its bytes (or picture) and its width in font A columns."""

    char: str
    data: bytes | Glyph
    cols: int

    @property
    def is_space(self) -> bool:
        return self.data == b" "


SPACE = Unit(" ", b" ", 1)


def encode_char(char: str, charset: str) -> bytes | None:
    """The character's bytes in the printer's charset, or None when the font lacks it."""
    try:
        data = char.encode(charset, errors="strict")
    except UnicodeEncodeError:
        return None
    if len(data) == 4 and ord(char) not in EXT_A:
        return None
    return data


def encode(text: str, charset: str) -> list[Unit]:
    """Every character of ``text`` as text, fold or picture (see the module docstring)."""
    units: list[Unit] = []
    for raw in unicodedata.normalize("NFC", text):
        char = " " if raw == "\t" else raw
        if unicodedata.category(char) == "Cc":
            continue
        data = encode_char(char, charset)
        if data is not None:
            units.append(Unit(char, data, min(len(data), 2)))
            continue
        fold = FOLDS.get(char, "")
        folded = [encode_char(c, charset) for c in fold]
        if fold and all(b is not None for b in folded):
            units += [Unit(c, b, len(b)) for c, b in zip(fold, folded, strict=True) if b]
            continue
        units.append(Unit(char, glyph_picture(char), 2))
    return units


def width(units: Sequence[Unit]) -> int:
    return sum(u.cols for u in units)


def wrap(units: Sequence[Unit], limit: int) -> list[list[Unit]]:
    """Greedy line breaking in font A columns: at spaces, and before or after any wide
    (Chinese) character; a word longer than a line is broken where it must be."""
    words: list[tuple[bool, list[Unit]]] = []  # (preceded by a space, units)
    space = False
    for unit in units:
        if unit.is_space:
            space = True
            continue
        wide = unit.cols == 2
        if wide or not words or space or words[-1][1][-1].cols == 2:
            words.append((space, [unit]))
        else:
            words[-1][1].append(unit)
        space = False
    lines: list[list[Unit]] = []
    line: list[Unit] = []
    for spaced, word in words:
        gap = [SPACE] if spaced and line else []
        if width(line) + width(gap) + width(word) <= limit:
            line += gap + word
            continue
        if line:
            lines.append(line)
        line = []
        for unit in word:  # a word wider than a line: break inside it
            if line and width(line) + unit.cols > limit:
                lines.append(line)
                line = []
            line.append(unit)
    if line:
        lines.append(line)
    return lines


# -- pictures of characters the font lacks ------------------------------------------------

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/seguisym.ttf",
)
_MISSING = "\U0010fffd"  # a private-use code point: what a font draws for a missing glyph


@functools.lru_cache(maxsize=512)
def glyph_picture(char: str) -> Glyph:
    """A 24 x 24 picture of ``char``: from an installed font, else a hex box."""
    bits = _font_bits(char)
    if bits is None:
        bits = _hexbox_bits(ord(char))
    return Glyph(char, GLYPH_DOTS, _columns(bits))


@functools.cache
def _fonts() -> tuple[ImageFont.FreeTypeFont, ...]:
    try:
        from PIL import ImageFont
    except ImportError:
        log.warning("Pillow is missing: characters the printer font lacks print as hex boxes")
        return ()
    return tuple(
        ImageFont.truetype(path, GLYPH_DOTS - 2) for path in FONT_FILES if Path(path).is_file()
    )


def _font_bits(char: str) -> list[list[bool]] | None:
    for font in _fonts():
        drawn = _draw(font, char)
        if drawn is not None and drawn != _draw(font, _MISSING):
            return drawn
    return None


def _draw(font: ImageFont.FreeTypeFont, char: str) -> list[list[bool]] | None:
    from PIL import Image, ImageDraw

    image = Image.new("1", (GLYPH_DOTS, GLYPH_DOTS), 0)
    ImageDraw.Draw(image).text(
        (GLYPH_DOTS // 2, GLYPH_DOTS // 2), char, font=font, fill=1, anchor="mm"
    )
    bits = [[bool(image.getpixel((x, y))) for x in range(GLYPH_DOTS)] for y in range(GLYPH_DOTS)]
    return bits if any(any(row) for row in bits) else None


# 3 x 5 hex digits, a row a string
_DIGITS = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
}


def _hexbox_bits(code: int) -> list[list[bool]]:
    """A frame with the code point in hex, 2 rows of 3 digits (doubled: 6 x 10 dots each)."""
    n = GLYPH_DOTS
    bits = [[x in (0, n - 1) or y in (0, n - 1) for x in range(n)] for y in range(n)]
    digits = f"{code:06X}"
    for row, text in enumerate((digits[:3], digits[3:])):
        for i, digit in enumerate(text):
            for dy, pattern in enumerate(_DIGITS[digit]):
                for dx, mark in enumerate(pattern):
                    if mark != "#":
                        continue
                    for sy in range(2):
                        for sx in range(2):
                            bits[2 + row * 11 + dy * 2 + sy][3 + i * 7 + dx * 2 + sx] = True
    return bits


def _columns(bits: list[list[bool]]) -> bytes:
    """Rows of dots to ESC * 33 columns: 3 bytes a column, top dot in the high bit."""
    out = bytearray()
    for x in range(GLYPH_DOTS):
        for band in range(3):
            byte = 0
            for bit in range(8):
                if bits[band * 8 + bit][x]:
                    byte |= 0x80 >> bit
            out.append(byte)
    return bytes(out)
