"""Where a PC of the hall keeps what it needs to reach the hall server.

- the server's URL: ``--server URL``, else ``$KIOSK_SERVER``, else the file
  ``DATA_DIR/server-url`` that `kiosk server join` wrote;
- its token: ``$KIOSK_TOKEN``, else ``DATA_DIR/server-token`` (mode 0600, written by
  `kiosk server join`);
- the server certificate's SHA-256 fingerprint when the URL is https://:
  ``$KIOSK_SERVER_FINGERPRINT``, else ``DATA_DIR/server-fingerprint``.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.core.errors import ConfigError

URL_FILE = "server-url"
TOKEN_FILE = "server-token"
FINGERPRINT_FILE = "server-fingerprint"
MAX_BYTES = 4096


def _read(path: Path) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # none kept (or no data directory yet)
        return ""
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: longer than {MAX_BYTES} bytes")
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None


def server_url(given: str | None, data_dir: Path) -> str:
    """The hall server's URL ("" : none: this PC holds the hall itself)."""
    url = given or os.environ.get("KIOSK_SERVER", "") or _read(data_dir / URL_FILE)
    return url.strip()


def token(data_dir: Path) -> str:
    path = data_dir / TOKEN_FILE
    found = os.environ.get("KIOSK_TOKEN", "").strip() or _read(path)
    if found and path.exists() and os.name == "posix" and path.stat().st_mode & 0o077:
        raise ConfigError(
            f"{path}: readable by others (mode {path.stat().st_mode & 0o777:o}); chmod 600 {path}"
        )
    return found


def fingerprint(data_dir: Path) -> str:
    return os.environ.get("KIOSK_SERVER_FINGERPRINT", "").strip() or _read(
        data_dir / FINGERPRINT_FILE
    )


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)


def join(data_dir: Path, url: str, token_: str, fingerprint_: str = "") -> list[Path]:
    """Keep the server's URL, this PC's token (0600) and the pinned fingerprint."""
    data_dir.mkdir(parents=True, exist_ok=True)
    written = [data_dir / URL_FILE, data_dir / TOKEN_FILE]
    _write_private(written[0], url)
    _write_private(written[1], token_)
    if fingerprint_:
        written.append(data_dir / FINGERPRINT_FILE)
        _write_private(written[2], fingerprint_)
    return written
