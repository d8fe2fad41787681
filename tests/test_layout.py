"""The layout shows the architecture (issue 10, items 5 and 7): the command line is a
package, the benchmarks live outside the hall's package, the layer rules are contracts
that `lint-imports` checks, and they catch a break."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(path: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the packages found at ``path``, with the contracts of ``config``."""
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", str(config)],
        cwd=path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layer_contracts_hold() -> None:
    result = _lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("kiosk/core/_probe.py", "import kiosk.store.sql\n", "Layers"),
        ("kiosk/store/_probe.py", "import kiosk.devices.hub\n", "Layers"),  # independent
        ("kiosk/devices/_probe.py", "import kiosk.app\n", "Layers"),
        ("kiosk/core/_probe.py", "import PySide6.QtCore\n", "The domain imports nothing"),
        ("kiosk/ui/_probe.py", "import kiosk.store.sql\n", "they import no store"),
        ("kiosk/ui/_probe.py", "import benchmarks.store\n", "never imports the benchmarks"),
        ("kiosk/ui/_probe.py", "import kiosk.app\n", None),  # downwards: allowed
        ("kiosk/app/_probe.py", "import kiosk.server\n", "Layers"),  # only kiosk.cli
        ("kiosk/ui/_probe.py", "import kiosk.server.app\n", "Layers"),
        ("kiosk/remote/_probe.py", "import kiosk.store.sql\n", "client speaks HTTP only"),
        ("kiosk/core/_probe.py", "import httpx\n", "The domain imports nothing"),
        ("kiosk/server/_probe.py", "import kiosk.app\n", None),
    ],
)
def test_the_contracts_catch_an_import_that_breaks_a_layer(
    tmp_path: Path, module: str, line: str, broken: str | None
) -> None:
    """The same contracts on a copy of the package with one import added."""
    copy = tmp_path / "src"
    for package in ("kiosk", "benchmarks"):
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=shutil.ignore_patterns("__pycache__", "assets"),
        )
    (copy / module).write_text(line, encoding="utf-8")
    result = _lint_imports(copy, ROOT / "pyproject.toml")
    if broken is None:
        assert result.returncode == 0, result.stdout
        return
    assert result.returncode != 0
    assert f"{broken}" in result.stdout.split("Broken contracts", 1)[1]


def test_the_simulators_stay_out_of_the_hub(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    for package in ("kiosk", "benchmarks"):
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=shutil.ignore_patterns("__pycache__", "assets"),
        )
    hub = copy / "kiosk" / "devices" / "hub.py"
    hub.write_text(
        hub.read_text(encoding="utf-8") + "\nfrom kiosk.devices.simulators import PtyLine\n",
        encoding="utf-8",
    )
    result = _lint_imports(copy, ROOT / "pyproject.toml")
    assert result.returncode != 0
    assert (
        "No simulator inside the production devices"
        in result.stdout.split("Broken contracts", 1)[1]
    )


def test_ci_runs_the_contracts() -> None:
    """hall.sh's run_tests (what .ci/run runs) calls lint-imports; the test extras
    install it."""
    hall = (ROOT / "hall.sh").read_text(encoding="utf-8")
    run_tests = hall.split("run_tests() {", 1)[1].split("\n}\n", 1)[0]
    assert '"$VENV/bin/lint-imports"' in run_tests
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(
        r.startswith("import-linter>=2,<3")
        for r in project["project"]["optional-dependencies"]["test"]
    )


def test_the_command_line_is_a_package_and_nothing_else_lies_loose() -> None:
    top = {p.stem for p in (ROOT / "kiosk").glob("*.py")}
    assert not top & {"cli", "devicecli", "waitcli", "jsonview"}, top
    assert not (ROOT / "kiosk" / "bench").exists(), "benchmarks live in benchmarks/"
    cli = {p.stem for p in (ROOT / "kiosk" / "cli").glob("*.py")}
    assert {"main", "queue", "db", "config", "windows", "selftest", "bench", "wait",
            "devices", "jsonview"} <= cli  # fmt: skip


def _edits_sys_path(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
        for node in ast.walk(tree)
    )


def test_no_module_of_the_hall_or_its_benchmarks_edits_sys_path() -> None:
    """`kiosk bench wait` once found the benchmarks by putting the checkout on sys.path."""
    sources = [*(ROOT / "kiosk").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    assert [p for p in sources if _edits_sys_path(p)] == []


def test_kiosk_bench_imports_the_benchmarks_package_beside_kiosk() -> None:
    """Run from elsewhere than the checkout, with only the import path: no sys.path edit."""
    code = (
        "import benchmarks.store, benchmarks.devices, benchmarks.wait, kiosk.cli.bench;"
        "print(benchmarks.store.__file__)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "benchmarks" / "store.py"
