"""The hall-editable ticket template (TOML): what is printed, in which order and size.

The keys are documented in kiosk/data/ticket.template.toml, the default. A template is
read and checked once (:func:`load_template`); every error names the file and the key.
"""

from __future__ import annotations

import dataclasses
import functools
import string
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from kiosk.core.ports import PrintJob
from kiosk.files import CONFIG_LIMIT, read_text

Align = Literal["left", "center", "right"]
Kind = Literal["text", "rule", "feed", "qr", "logo"]
When = Literal["always", "priority", "regular"]

FIELDS = frozenset(
    {
        "hall_zh",
        "hall_en",
        "service_zh",
        "service_en",
        "number",
        "ahead",
        "wait_zh",
        "wait_en",
        "issued",
    }
)
WAIT_FIELDS = frozenset({"low", "high", "about"})
# [wait] keys: range (low above 0), under (low 0), none (no wait), about (a range wider than
# [hall] wait_range_ratio), closed (no time promised: no counter open for it)
WAIT_KEYS = (
    "range_zh", "range_en", "under_zh", "under_en", "none_zh", "none_en",
    "about_zh", "about_en", "closed_zh", "closed_en",
)  # fmt: skip
LOGO_MAX_HEIGHT = 120
LOGO_MAX_WIDTH = 384  # fits 58 mm paper too


class TemplateError(ValueError):
    """The template file is wrong; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class Bitmap:
    """A black-and-white picture: rows of ``(width + 7) // 8`` bytes, left dot in the high bit
    (the data of GS v 0)."""

    width: int
    height: int
    rows: bytes


@dataclasses.dataclass(frozen=True)
class Block:
    kind: Kind = "text"
    text: str = ""
    align: Align = "center"
    size: tuple[int, int] = (1, 1)
    bold: bool = False
    when: When = "always"
    char: str = "-"
    lines: int = 1
    logo: Bitmap | None = None


@dataclasses.dataclass(frozen=True)
class TicketTemplate:
    blocks: tuple[Block, ...]
    time_format: str = "%Y-%m-%d %H:%M"
    cut_feed_lines: int = 3
    wait_range_zh: str = "预计等候 {low}–{high} 分钟"
    wait_range_en: str = "about {low}–{high} min"
    wait_under_zh: str = "预计等候少于 {high} 分钟"
    wait_under_en: str = "under {high} min"
    wait_none_zh: str = "无需等候"
    wait_none_en: str = "no wait"
    wait_about_zh: str = "预计等候约 {about} 分钟，可能更久"
    wait_about_en: str = "about {about} min, possibly longer"
    wait_closed_zh: str = "暂无窗口办理，请留意叫号"
    wait_closed_en: str = "no counter open yet; please watch for your number"
    qr_module_dots: int = 6
    qr_picture_module_dots: int = 4
    qr_error_correction: Literal["L", "M", "Q", "H"] = "M"

    def fields(self, job: PrintJob) -> dict[str, str]:
        """The values of the placeholders for one ticket."""
        low, high = job.wait_low_min, job.wait_high_min
        wording = job.wait_wording or ("range" if low > 0 else "under")
        wait_zh, wait_en = {
            "range": (self.wait_range_zh, self.wait_range_en),
            "under": (self.wait_under_zh, self.wait_under_en),
            "no_wait": (self.wait_none_zh, self.wait_none_en),
            "about": (self.wait_about_zh, self.wait_about_en),
        }.get(wording, (self.wait_closed_zh, self.wait_closed_en))
        about = job.wait_about_min
        return {
            "hall_zh": job.hall_zh,
            "hall_en": job.hall_en,
            "service_zh": job.service_zh,
            "service_en": job.service_en,
            "number": job.number,
            "ahead": str(job.ahead),
            "wait_zh": wait_zh.format(low=low, high=high, about=about),
            "wait_en": wait_en.format(low=low, high=high, about=about),
            "issued": job.issued_at.strftime(self.time_format),
        }


DEFAULT_NAME = "ticket.template.toml"


@functools.cache
def default_template() -> TicketTemplate:
    """The template shipped in kiosk/data."""
    source = resources.files("kiosk") / "data" / DEFAULT_NAME
    return parse_template(source.read_text(encoding="utf-8"), DEFAULT_NAME, base=None)


def load_template(path: Path) -> TicketTemplate:
    """Read and check a hall's template file."""
    try:
        text = read_text(path, CONFIG_LIMIT)
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the ticket template: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text (at byte {exc.start})") from None
    return parse_template(text, str(path), base=path.parent)


def parse_template(text: str, name: str, base: Path | None) -> TicketTemplate:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{name}: not valid TOML: {exc}") from exc
    return _Reader(name, base).template(doc)


class _Reader:
    def __init__(self, name: str, base: Path | None) -> None:
        self.name = name
        self.base = base

    def fail(self, key: str, problem: str) -> TemplateError:
        return TemplateError(f"{self.name}: {key}: {problem}")

    def known(self, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{where}{key}", "unknown key")

    def get(self, table: Mapping[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
        value = table.get(key, default)
        if kind is int and isinstance(value, bool):
            raise self.fail(f"{where}{key}", "must be a whole number")
        if not isinstance(value, kind):
            raise self.fail(f"{where}{key}", f"must be a {kind.__name__}")
        return value

    def number(
        self, table: Mapping[str, Any], key: str, default: int, low: int, high: int, where: str = ""
    ) -> int:
        value: int = self.get(table, key, int, default, where)
        if not low <= value <= high:
            raise self.fail(f"{where}{key}", f"must be between {low} and {high}")
        return value

    def choice(
        self, table: Mapping[str, Any], key: str, default: str, options: tuple[str, ...], where: str
    ) -> Any:
        value = self.get(table, key, str, default, where)
        if value not in options:
            raise self.fail(f"{where}{key}", f"must be one of {', '.join(options)}")
        return value

    def placeholders(self, text: str, allowed: frozenset[str], key: str) -> str:
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self.fail(key, f"bad braces: {exc}") from exc
        for _, field, spec, conversion in parsed:
            if field is None:
                continue
            if field not in allowed or spec or conversion:
                raise self.fail(
                    key, f"unknown placeholder {{{field}}}; known: {', '.join(sorted(allowed))}"
                )
        return text

    def template(self, doc: dict[str, Any]) -> TicketTemplate:
        self.known(doc, {"time_format", "cut_feed_lines", "wait", "qr", "block"}, "")
        time_format = self.get(doc, "time_format", str, "%Y-%m-%d %H:%M", "")
        wait = self.get(doc, "wait", dict, {}, "")
        self.known(wait, set(WAIT_KEYS), "wait.")
        waits = {
            key: self.placeholders(
                self.get(wait, key, str, getattr(TicketTemplate, f"wait_{key}"), "wait."),
                WAIT_FIELDS,
                f"wait.{key}",
            )
            for key in WAIT_KEYS
        }
        qr = self.get(doc, "qr", dict, {}, "")
        self.known(qr, {"module_dots", "picture_module_dots", "error_correction"}, "qr.")
        raw_blocks = self.get(doc, "block", list, [], "")
        if not raw_blocks:
            raise self.fail("block", "a ticket needs at least one [[block]]")
        blocks = tuple(self.block(raw, f"block[{i}].") for i, raw in enumerate(raw_blocks))
        return TicketTemplate(
            blocks=blocks,
            time_format=time_format,
            cut_feed_lines=self.number(doc, "cut_feed_lines", 3, 0, 255),
            wait_range_zh=waits["range_zh"],
            wait_range_en=waits["range_en"],
            wait_under_zh=waits["under_zh"],
            wait_under_en=waits["under_en"],
            wait_none_zh=waits["none_zh"],
            wait_none_en=waits["none_en"],
            wait_about_zh=waits["about_zh"],
            wait_about_en=waits["about_en"],
            wait_closed_zh=waits["closed_zh"],
            wait_closed_en=waits["closed_en"],
            qr_module_dots=self.number(qr, "module_dots", 6, 1, 16, "qr."),
            qr_picture_module_dots=self.number(qr, "picture_module_dots", 4, 1, 16, "qr."),
            qr_error_correction=self.choice(
                qr, "error_correction", "M", ("L", "M", "Q", "H"), "qr."
            ),
        )

    def block(self, raw: Any, where: str) -> Block:
        if not isinstance(raw, dict):
            raise self.fail(where.rstrip("."), "must be a table")
        self.known(
            raw, {"kind", "text", "align", "size", "bold", "when", "char", "lines", "path"}, where
        )
        kind = self.choice(raw, "kind", "text", ("text", "rule", "feed", "qr", "logo"), where)
        text = self.placeholders(self.get(raw, "text", str, "", where), FIELDS, f"{where}text")
        if kind == "text" and not text:
            raise self.fail(f"{where}text", "a text block needs a text")
        size = self.get(raw, "size", list, [1, 1], where)
        if len(size) != 2 or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 8 for n in size
        ):
            raise self.fail(f"{where}size", "must be [width, height], each 1 to 8")
        char = self.get(raw, "char", str, "-", where)
        if len(char) != 1:
            raise self.fail(f"{where}char", "must be one character")
        logo = None
        if kind == "logo":
            logo = self.logo(self.get(raw, "path", str, "", where), f"{where}path")
        return Block(
            kind=kind,
            text=text,
            align=self.choice(raw, "align", "center", ("left", "center", "right"), where),
            size=(size[0], size[1]),
            bold=self.get(raw, "bold", bool, False, where),
            when=self.choice(raw, "when", "always", ("always", "priority", "regular"), where),
            char=char,
            lines=self.number(raw, "lines", 1, 1, 20, where),
            logo=logo,
        )

    def logo(self, path_text: str, key: str) -> Bitmap:
        if not path_text:
            raise self.fail(key, "a logo block needs a path")
        path = Path(path_text)
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        try:
            from PIL import Image, UnidentifiedImageError
            from PIL.Image import DecompressionBombError
        except ImportError as exc:
            raise self.fail(key, "a logo needs Pillow installed") from exc
        try:
            with Image.open(path) as image:
                # the size from the picture's header, before decoding it
                if image.width > LOGO_MAX_WIDTH or image.height > LOGO_MAX_HEIGHT:
                    raise self.fail(
                        key,
                        f"the picture is {image.width} x {image.height} dots; "
                        f"at most {LOGO_MAX_WIDTH} x {LOGO_MAX_HEIGHT}",
                    )
                gray = image.convert("L")
        except (OSError, UnidentifiedImageError, DecompressionBombError) as exc:
            raise self.fail(key, f"cannot read the picture {path}: {exc}") from exc
        return bitmap_from_dots(
            [[gray.getpixel((x, y)) < 128 for x in range(gray.width)] for y in range(gray.height)]  # type: ignore[operator]
        )


def bitmap_from_dots(dots: list[list[bool]]) -> Bitmap:
    """Rows of dots (True: black) packed for GS v 0."""
    height = len(dots)
    width = len(dots[0]) if dots else 0
    out = bytearray()
    for row in dots:
        packed = bytearray((width + 7) // 8)
        for x, black in enumerate(row):
            if black:
                packed[x >> 3] |= 0x80 >> (x & 7)
        out += packed
    return Bitmap(width, height, bytes(out))
