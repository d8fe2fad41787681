"""The assets ship inside the package: the compiled translations, the guides, the clips.

Issue 10, item 6: the .qm were built only by hall.sh, so a hall installed with plain
``pip install`` showed the technician panel and the simulated devices window in English
when Chinese was chosen, and a test run without them passed in English. Now the .qm are
committed beside their .ts (a build hook would need PySide6, some 100 MB, in every build
environment, downloaded again by pip's build isolation); these tests keep them honest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from kiosk import assets

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "kiosk" / "assets" / "i18n"
CATALOGUES = sorted(I18N.glob("*.ts"))
TOOL = Path(sys.executable).with_name


def test_both_catalogues_are_there() -> None:
    assert [ts.name for ts in CATALOGUES] == ["kiosk_en.ts", "kiosk_zh_CN.ts"]


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda p: p.name)
def test_each_committed_qm_is_what_lrelease_makes_of_its_ts(ts: Path, tmp_path: Path) -> None:
    """A .ts edited without compiling (tools/compile-translations.sh) fails here."""
    made = tmp_path / ts.with_suffix(".qm").name
    subprocess.run([TOOL("pyside6-lrelease"), "-silent", ts, "-qm", made], check=True, timeout=60)
    committed = ts.with_suffix(".qm")
    assert committed.exists(), f"{committed} is missing: run tools/compile-translations.sh"
    assert committed.read_bytes() == made.read_bytes(), (
        f"{committed.name} is older than {ts.name}: run tools/compile-translations.sh"
    )


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda p: p.name)
def test_every_string_the_windows_mark_is_in_the_catalogues(ts: Path, tmp_path: Path) -> None:
    """A tr() string added to a window but never extracted would show English on a
    Chinese screen: extracting again (what tools/update-translations.sh does) must find
    nothing new and drop nothing."""
    copy = tmp_path / ts.name
    shutil.copyfile(ts, copy)
    sources = sorted(str(p) for p in (ROOT / "kiosk" / "ui").rglob("*.py"))
    subprocess.run(
        [
            TOOL("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            copy,
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )

    def messages(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context")
            for message in context.iter("message")
        }

    assert messages(copy) == messages(ts), "run tools/update-translations.sh"


def test_the_package_finds_its_folders_inside_itself() -> None:
    package = Path(assets.__file__).parent
    for name, wanted in (
        (assets.I18N, "kiosk_zh_CN.qm"),
        (assets.GUIDES, "bill.zh.md"),
        (assets.VOICE, "zh/qing.wav"),
    ):
        found = assets.folder(name)
        assert found == package / name
        assert (found / wanted).is_file(), wanted


def test_a_missing_folder_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=r"assets/fonts folder is missing"):
        assets.folder("fonts")


# -- a hall installed with plain pip ------------------------------------------------------

# Run by the installed copy's own Python: every string of every window comes out in
# Chinese from the catalogue it shipped with, and the guides and clips are its own.
INSTALLED_CHECK = textwrap.dedent(
    """
    import sys
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    import kiosk
    from kiosk import assets
    from kiosk.devices.voice.clips import DEFAULT_DIR, ClipLibrary
    from kiosk.ui.i18n import Languages
    from kiosk.ui.kiosk.guides import GuideLibrary

    site = Path(sys.argv[1]).resolve()
    assert Path(kiosk.__file__).resolve().is_relative_to(site), kiosk.__file__
    app = QCoreApplication([])
    languages = Languages()
    languages.set("zh")
    ts = Path(assets.__file__).parent / "i18n" / "kiosk_zh_CN.ts"
    checked = english = 0
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            if message.get("numerus"):
                continue
            source = message.findtext("source")
            want = message.findtext("translation")
            got = QCoreApplication.translate(name, source)
            assert got == want, (name, source, got, want)
            checked += 1
    assert checked > 300, checked
    for context in ("SimDevicesWindow", "DevicesView", "PinPad"):  # English before
        assert any(c.findtext("name") == context for c in ET.parse(ts).getroot().iter("context"))
    guide = GuideLibrary().load("bill")
    assert guide is not None and set(guide.by_lang) == {"zh", "en"}
    assert DEFAULT_DIR.resolve().is_relative_to(site)
    assert ClipLibrary().missing() == []
    print("ok", checked)
    """
)


def _source_copy(dest: Path) -> Path:
    """What `pip install .` sees of a checkout: the files git tracks and the .qm."""
    listed = subprocess.run(
        ["git", "-C", ROOT, "ls-files", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.splitlines()
    for name in listed:
        src = ROOT / name
        if name.startswith(("docs/screenshots/", "tests/")) or not src.is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name)
    return dest


@pytest.mark.slow
def test_a_plain_pip_install_shows_every_window_in_chinese(tmp_path: Path) -> None:
    """The wheel carries the .qm, the guides and the clips; installed into a fresh venv
    (the dependencies borrowed from this one, no network), it translates every string of
    the catalogue and finds its guides and clips inside itself."""
    src = _source_copy(tmp_path / "src")
    wheels = tmp_path / "wheels"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            wheels,
            src,
        ],
        check=True,
        timeout=300,
        env=env,
        capture_output=True,
    )
    (wheel,) = wheels.glob("hall_kiosk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"kiosk/assets/i18n/kiosk_zh_CN.qm", "kiosk/assets/i18n/kiosk_en.qm"} <= set(names)
    assert "kiosk/assets/guides/bill.zh.md" in names
    # the benchmarks beside the hall's package, not inside it (`kiosk bench` imports them)
    assert "benchmarks/store.py" in names and not any(n.startswith("kiosk/bench/") for n in names)
    assert sum(n.startswith("kiosk/assets/voice/") and n.endswith(".wav") for n in names) == 98

    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-deps",
            "--disable-pip-version-check",
            wheel,
        ],
        check=True,
        timeout=300,
        env=env,
        capture_output=True,
    )
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        ).stdout.strip()
    )
    # The dependencies (PySide6, SQLAlchemy...) of this venv, after the fresh one's own
    # site-packages: a path line in a .pth is appended, its own .pth files not read (so
    # the editable install of the checkout stays out).
    (site / "_suite_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    result = subprocess.run(
        [python, "-c", INSTALLED_CHECK, site],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
    assert (fresh / "bin" / "kiosk").exists()
