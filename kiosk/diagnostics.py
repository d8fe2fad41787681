"""The diagnostic bundle a technician exports: one .zip to send to whoever supports the hall.

It holds the logs (the data directory's log files and the recent lines in memory), the
configuration in force with its secrets hidden, the store's integrity check, the
versions of everything that matters, and the last self-test reports. No Qt here: the
technician panel calls :func:`build_bundle` off the UI thread, and so could the CLI.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import logging
import math
import platform
import re
import sqlite3
import sys
import traceback
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import kiosk
from kiosk.app import Settings
from kiosk.config import KioskConfig
from kiosk.core.errors import KioskError
from kiosk.core.selftest import Report
from kiosk.store import maintenance
from kiosk.store.engine import safe_url

log = logging.getLogger(__name__)

HIDDEN = "(hidden)"
# (table, key) of every value that must never leave the machine
SECRETS: tuple[tuple[str, str], ...] = (("kiosk", "secret"), ("tech", "pin_hash"))
BUNDLE_PATTERN = "diag-%Y%m%d-%H%M%S.zip"
LOG_FOLDER = "logs"


class BundleNotWritten(KioskError):
    """The bundle's folder cannot be written (missing, read-only, disk full)."""

    exit_code = 9


# -- configuration without secrets -----------------------------------------------


def hide_url_password(url: str) -> str:
    """``postgresql://kiosk:***@host/db``, ``...?password=***``: a store URL may carry a
    password, in its user part or as a query parameter."""
    return safe_url(url)


def redacted(config: KioskConfig) -> dict[str, Any]:
    """The configuration as plain data, each secret replaced by ``(hidden)``."""
    data = config.model_dump(mode="json")
    for table, key in SECRETS:
        if key in data.get(table, {}):
            data[table][key] = HIDDEN
    data["store"]["url"] = hide_url_password(data["store"]["url"])
    return data


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    # JSON's escapes are all valid TOML; TOML also wants DEL escaped
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML form for {type(value).__name__}: {value!r}")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table(path: str, data: Mapping[str, Any], out: list[str]) -> None:
    tables = []
    for key, value in data.items():
        if value is None:
            continue  # TOML has no null: a missing key is its default
        if isinstance(value, Mapping) or _is_table_array(value):
            tables.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables:
        name = f"{path}.{_key(key)}" if path else _key(key)
        if isinstance(value, Mapping):
            out += ["", f"[{name}]"]
            _table(name, value, out)
        else:
            for item in value:
                out += ["", f"[[{name}]]"]
                _table(name, item, out)


def to_toml(data: Mapping[str, Any]) -> str:
    """Plain data (str, int, float, bool, lists, tables) as TOML text."""
    out: list[str] = []
    _table("", data, out)
    return "\n".join(out).lstrip("\n") + "\n"


def config_text(settings: Settings) -> str:
    """The configuration in force, as TOML, with secrets hidden."""
    header = [
        f"# configuration in force: {settings.config_source}",
        f"# data directory: {settings.data_dir}",
        f"# store: {hide_url_password(settings.store_url)}",
        f"# secrets are shown as {HIDDEN}",
    ]
    return "\n".join(header) + "\n\n" + to_toml(redacted(settings.config))


# -- the other parts of the bundle -----------------------------------------------


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    """What ran: kiosk, Python, Qt, SQLite and the libraries that touch the store."""
    found = {
        "kiosk": kiosk.__version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "platform": platform.platform(),
        "pyside6": _package_version("PySide6-Essentials"),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": _package_version("SQLAlchemy"),
        "alembic": _package_version("alembic"),
        "pydantic": _package_version("pydantic"),
    }
    qtcore = sys.modules.get("PySide6.QtCore")  # the Qt in use, when a window runs
    if qtcore is not None:
        found["qt"] = str(qtcore.qVersion())
    return found


def integrity_lines(url: str) -> list[str]:
    """The store check, as `kiosk db check` prints it. A check that crashes is written
    into the bundle (and the log) rather than losing the bundle the technician needs."""
    try:
        return list(maintenance.check(url).lines)
    except Exception as exc:
        log.exception("store check failed while building a diagnostic bundle")
        return [f"FAIL the check itself failed: {exc!r}", *traceback.format_exc().splitlines()]


def report_text(reports: Sequence[Report]) -> str:
    if not reports:
        return "no self-test has run in this session\n"
    out = []
    for report in reports:
        out.append(f"{report.device}: {report.verdict.label}")
        for step in report.steps:
            message = f": {step.message}" if step.message else ""
            out.append(f"  {step.verdict.label:<4} {step.name}{message}")
    return "\n".join(out) + "\n"


def bundle_path(folder: Path, now: dt.datetime) -> Path:
    """``FOLDER/diag-YYYYmmdd-HHMMSS.zip``."""
    return folder / now.strftime(BUNDLE_PATTERN)


def _log_files(data_dir: Path) -> list[Path]:
    folder = data_dir / LOG_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file())


def build_bundle(
    settings: Settings,
    logs_lines: Iterable[str],
    reports: Sequence[Report],
    out_path: Path,
    *,
    created: dt.datetime | None = None,
) -> Path:
    """Write the bundle to out_path (complete or not at all) and return it."""
    manifest = [
        f"hall-kiosk diagnostic bundle, created {created:%Y-%m-%d %H:%M:%S}"
        if created
        else "hall-kiosk diagnostic bundle",
        f"hall: {settings.config.hall.name_en} / {settings.config.hall.name_zh}",
        "",
        "versions.txt   kiosk, Python, Qt, SQLite and library versions",
        "config.toml    the configuration in force, secrets hidden",
        "integrity.txt  the store's integrity check (kiosk db check)",
        "selftest.txt   the last self-test reports",
        "logs/          recent.txt (in memory) and the data directory's log files",
    ]
    parts = {
        "README.txt": "\n".join(manifest) + "\n",
        "versions.txt": "".join(f"{k}: {v}\n" for k, v in versions().items()),
        "config.toml": config_text(settings),
        "integrity.txt": "\n".join(integrity_lines(settings.store_url)) + "\n",
        "selftest.txt": report_text(reports),
        f"{LOG_FOLDER}/recent.txt": "".join(f"{line}\n" for line in logs_lines),
    }
    partial = out_path.with_name(out_path.name + ".partial")
    done = False
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in parts.items():
                zf.writestr(name, text)
            for path in _log_files(settings.data_dir):
                zf.write(path, f"{LOG_FOLDER}/{path.name}")
        partial.replace(out_path)
        done = True
    except OSError as exc:
        raise BundleNotWritten(
            f"cannot write diagnostic bundle {out_path}: {exc.strerror or exc}"
        ) from None
    finally:
        if not done and partial.is_file():
            partial.unlink()
    log.info("diagnostic bundle written to %s", out_path)
    return out_path
