"""The diagnostic bundle: what a technician sends to support, and what it must never hold."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk import diagnostics
from kiosk.app import Settings, load_settings, open_queue_store
from kiosk.config import StoreSection
from kiosk.core.selftest import Report, Step, Verdict

from .conftest import MORNING

DEMO_SECRET = "demo-hall-secret-change-me"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The demo hall with its store created and a log file in the data directory."""
    settings = load_settings(None, tmp_path / "hall-data")
    open_queue_store(settings).close()
    logs = settings.data_dir / "logs"
    logs.mkdir()
    (logs / "kiosk.log").write_text("2026-11-24 08:59:00 INFO kiosk.cli: started\n", "utf-8")
    (logs / "kiosk.log.1").write_text("2026-11-23 17:00:00 INFO kiosk.cli: stopped\n", "utf-8")
    return settings


REPORTS = [
    Report("printer", (Step("status", Verdict.FAIL, "paper out: load a new roll"),)),
    Report("storage", (Step("integrity", Verdict.PASS, "store is healthy"),)),
]


def _read(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def test_the_bundle_holds_logs_config_integrity_versions_and_reports(
    settings: Settings, tmp_path: Path
) -> None:
    out = diagnostics.bundle_path(tmp_path / "out", MORNING)
    written = diagnostics.build_bundle(
        settings, ["09:00 WARNING kiosk.test: cable"], REPORTS, out, created=MORNING
    )
    assert written == out == tmp_path / "out" / "diag-20261124-090000.zip"
    parts = _read(out)
    assert set(parts) == {
        "README.txt",
        "versions.txt",
        "config.toml",
        "integrity.txt",
        "selftest.txt",
        "logs/recent.txt",
        "logs/kiosk.log",
        "logs/kiosk.log.1",
    }
    assert "created 2026-11-24 09:00:00" in parts["README.txt"]
    assert parts["logs/recent.txt"] == "09:00 WARNING kiosk.test: cable\n"
    assert "kiosk.cli: started" in parts["logs/kiosk.log"]
    versions = dict(line.split(": ", 1) for line in parts["versions.txt"].splitlines())
    assert {"kiosk", "python", "pyside6", "sqlite", "sqlalchemy"} <= set(versions)
    assert "printer: fail\n  fail status: paper out: load a new roll" in parts["selftest.txt"]
    assert "storage: pass" in parts["selftest.txt"]


def test_the_bundle_holds_the_store_integrity_check(settings: Settings, tmp_path: Path) -> None:
    parts = _read(diagnostics.build_bundle(settings, [], [], tmp_path / "d.zip"))
    lines = parts["integrity.txt"].splitlines()
    assert "ok   sqlite integrity_check" in lines
    assert lines[-1] == "ok   store is healthy"
    assert "no self-test has run" in parts["selftest.txt"]


def test_a_missing_store_is_reported_in_the_bundle_not_a_lost_bundle(tmp_path: Path) -> None:
    settings = load_settings(None, tmp_path / "empty")
    parts = _read(diagnostics.build_bundle(settings, [], [], tmp_path / "d.zip"))
    assert parts["integrity.txt"].startswith("FAIL store ")
    assert "does not exist" in parts["integrity.txt"]


def test_no_secret_leaves_in_any_file_of_the_bundle(settings: Settings, tmp_path: Path) -> None:
    pin_hash = settings.config.tech.pin_hash
    parts = _read(diagnostics.build_bundle(settings, [], REPORTS, tmp_path / "d.zip"))
    for name, text in parts.items():
        assert DEMO_SECRET not in text, name
        assert pin_hash.split("$")[-1] not in text, name
    config = tomllib.loads(parts["config.toml"])
    assert config["kiosk"]["secret"] == config["tech"]["pin_hash"] == "(hidden)"


def test_the_config_text_is_the_configuration_in_force_as_toml(settings: Settings) -> None:
    text = diagnostics.config_text(settings)
    assert text.startswith("# configuration in force: embedded demo hall\n")
    parsed = tomllib.loads(text)
    assert parsed == diagnostics.redacted(settings.config)
    assert parsed["hall"]["name_zh"] == "示范营业厅"
    assert [s["code"] for s in parsed["services"]] == [s.code for s in settings.config.services]
    assert parsed["tech"]["max_attempts"] == 5


def test_a_store_password_is_hidden(settings: Settings) -> None:
    url = "postgresql://kiosk:s3cret-pw@db.hall.local/kiosk"
    # valid where its driver is installed (not here): built without the check
    config = settings.config.model_copy(update={"store": StoreSection.model_construct(url=url)})
    shown = diagnostics.redacted(config)["store"]["url"]
    assert "s3cret-pw" not in shown
    assert shown.startswith("postgresql://kiosk:")
    assert diagnostics.hide_url_password("sqlite:////var/kiosk.db") == "sqlite:////var/kiosk.db"


def test_an_unwritable_folder_is_a_plain_error_and_leaves_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", "utf-8")
    with pytest.raises(diagnostics.BundleNotWritten, match="cannot write diagnostic bundle"):
        diagnostics.build_bundle(settings, [], [], blocker / "d.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hall-data", "not-a-folder"]


def test_bundle_names_carry_the_time() -> None:
    at = dt.datetime(2026, 1, 2, 3, 4, 5)
    assert diagnostics.bundle_path(Path("/x"), at) == Path("/x/diag-20260102-030405.zip")


_keys = st.text(min_size=1, max_size=12)
_scalars = (
    st.text(max_size=20)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False)
)
_tables = st.recursive(
    st.dictionaries(_keys, _scalars | st.lists(_scalars, max_size=4), max_size=5),
    lambda inner: st.dictionaries(
        _keys,
        _scalars | inner | st.lists(inner, min_size=1, max_size=3),
        max_size=4,
    ),
    max_leaves=20,
)


@given(_tables)
@example({"0\n": ""})  # a key ending in a newline must be quoted
def test_to_toml_reads_back_as_the_same_data(data: dict[str, Any]) -> None:
    assert tomllib.loads(diagnostics.to_toml(data)) == data


def test_diagnostics_imports_no_qt() -> None:
    probe = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'PySide6':\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import kiosk.diagnostics\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
