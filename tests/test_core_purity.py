"""kiosk.core is the pure domain: it imports with Qt, SQLAlchemy and serial made
unimportable, and never reads the wall clock itself."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import kiosk.core

CORE = Path(kiosk.core.__file__).parent
FORBIDDEN = ("PySide6", "sqlalchemy", "serial", "escpos", "alembic", "pydantic")

_PROBE = """
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {forbidden!r}:
            raise ImportError(f"{{name}} is blocked in this test")
        return None

sys.meta_path.insert(0, Block())
import kiosk.core
for mod in pkgutil.walk_packages(kiosk.core.__path__, "kiosk.core."):
    importlib.import_module(mod.name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r}
                or m.startswith(("kiosk.store", "kiosk.ui", "kiosk.devices")))
print("leaked:", leaked)
sys.exit(1 if leaked else 0)
"""


def test_core_imports_with_qt_sqlalchemy_and_serial_unimportable() -> None:
    probe = _PROBE.format(forbidden=FORBIDDEN)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "leaked: []" in result.stdout


def test_every_core_module_is_covered_by_the_probe() -> None:
    names = {m.name for m in pkgutil.iter_modules([str(CORE)])}
    assert {"model", "policy", "operations", "service", "state", "clock"} <= names


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def test_core_source_imports_nothing_outside_the_domain() -> None:
    for path in CORE.glob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in FORBIDDEN, f"{path.name} imports {name}"
            if top == "kiosk":
                assert name.startswith("kiosk.core"), f"{path.name} imports {name}"


# Every way Python or Qt tells the date or the time of day.
_WALL_CLOCK = re.compile(
    r"\b(?:datetime\.now|datetime\.today|datetime\.utcnow|date\.today|time\.time|time\.time_ns"
    r"|time\.localtime|time\.gmtime|time\.ctime|time\.strftime|fromtimestamp"
    r"|QDateTime\.currentDateTime\w*|QDate\.currentDate|QTime\.currentTime)\("
)


def test_only_the_clock_reads_the_wall_clock() -> None:
    """One clock on every path: kiosk.core.clock is the only code that asks the machine
    for the date or the time of day (kiosk.app picks it; $KIOSK_NOW fixes it, and the
    suite sets it in tests/conftest.py), so the hall, its commands, its benchmarks and
    this suite run the same on any date.
    Durations use time.monotonic / time.perf_counter, which tell no date."""
    kiosk_root = CORE.parent
    root = kiosk_root.parent
    sources = [*kiosk_root.rglob("*.py"), *(root / "benchmarks").rglob("*.py")]
    sources += (root / "tests").rglob("*.py")  # the suite too: it runs on any date
    assert len(sources) > 100
    readers = [
        f"{path.relative_to(root)}:{n}: {found.group(0)}"
        for path in sources
        if path not in (CORE / "clock.py", Path(__file__))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (found := _WALL_CLOCK.search(line))
    ]
    assert readers == []
