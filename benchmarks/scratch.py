"""What every `kiosk bench ...` that fills stores shares: progress lines for a person (none
with --json), and a scratch folder (under --data-dir when given) removed afterwards."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def progress(args: argparse.Namespace) -> Callable[[str], None]:
    """A line per step on stdout, unless the figures are asked for as JSON."""
    quiet = bool(getattr(args, "json", False))

    def log(message: str) -> None:
        if not quiet:
            print(f"... {message}", flush=True)

    return log


@contextlib.contextmanager
def scratch_folder(args: argparse.Namespace, prefix: str) -> Iterator[Path]:
    """A new folder for the benchmark's stores, in --data-dir if given (a disk like the
    hall's), else the temporary directory; removed with everything in it afterwards."""
    data_dir: Path | None = getattr(args, "data_dir", None)
    parent = None
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        parent = str(data_dir)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def demo_settings(data_dir: Path, store_url: str = "") -> Any:
    """The settings of the embedded demo hall with its data directory ``data_dir``: what
    `kiosk --data-dir DIR run` is put together from when no configuration is given
    (whatever $KIOSK_CONFIG says, so every run measures the same hall). ``store_url``:
    its [store] url instead of the SQLite file in the data directory."""
    from kiosk import config as config_mod
    from kiosk.app import Settings

    config = config_mod.load(None)
    if store_url:
        store = config.store.model_copy(update={"url": store_url})
        config = config.model_copy(update={"store": store})
    return Settings(config, config_mod.DEMO_SOURCE, data_dir)
