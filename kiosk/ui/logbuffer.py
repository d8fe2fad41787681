"""The recent log lines the technician panel shows, and the log file in the data dir."""

from __future__ import annotations

import collections
import logging
import logging.handlers
from pathlib import Path


class LogBuffer(logging.Handler):
    """Keeps the last lines in memory (thread-safe through logging's own lock)."""

    def __init__(self, capacity: int = 500) -> None:
        super().__init__(level=logging.INFO)
        self.lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def install(buffer: LogBuffer, folder: Path | None) -> None:
    """Send the kiosk's logs to the buffer and, when there is a folder, a rotating file."""
    root = logging.getLogger("kiosk")
    root.setLevel(logging.INFO)
    root.addHandler(buffer)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(buffer.formatter)
        root.addHandler(handler)
