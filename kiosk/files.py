"""Reading the files a hall gives us, never without bound.

A configuration, a ticket template, a guide or a trace named by mistake can be a device
(``kiosk config check /dev/zero`` once read 24 GB before the kernel stopped it) or a huge
file. Every read of such a file takes a limit; past it, :class:`FileTooLarge`, an OSError,
so each caller's own "cannot read FILE: ..." message reports it.
"""

from __future__ import annotations

import errno
from pathlib import Path

MiB = 1024 * 1024
CONFIG_LIMIT = 1 * MiB  # a hall's TOML (configuration, ticket template) is a few kB
GUIDE_LIMIT = 1 * MiB  # a guide page is a screen of text
TRACE_LIMIT = 256 * MiB  # a busy hall writes some 20 MB of trace a year


class FileTooLarge(OSError):
    """A file longer than what it may be (or a device that never ends)."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(
            errno.EFBIG, f"longer than {_size(limit)} (is it the right file?)", str(path)
        )


def _size(n: int) -> str:
    return f"{n // MiB} MB" if n >= MiB else f"{n} bytes"


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a file of at most `limit` bytes; FileTooLarge past it."""
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, limit)
    return data


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a file of at most `limit` bytes (UnicodeDecodeError if not
    UTF-8); FileTooLarge past it."""
    return read_bytes(path, limit).decode("utf-8")
