"""The files the windows, the printer and the voice read at run time, shipped inside the
package (the wheel and ``pip install .`` carry them as package data; see README.md here).

``i18n/``: the Qt Linguist catalogues (``.ts``, the source) and their compiled ``.qm``
(committed: tests/test_assets.py checks each is what ``pyside6-lrelease`` makes of its
``.ts``). ``guides/``: a guide per business type and language. ``voice/``: the recorded
clips of the announcements.

Found through the import system (:mod:`importlib.resources`), never by walking up from a
module's file to a checkout: an installed hall has no checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def folder(name: str) -> Path:
    """The shipped folder ``name`` (``"i18n"``, ``"guides"``, ``"voice"``) as a real path.

    pip installs a package unpacked, so its files are on disk; a zipped import (which
    the clips and Qt's translator could not read) is a broken install, said so here."""
    found = resources.files(__name__) / name
    if not isinstance(found, Path) or not found.is_dir():
        raise FileNotFoundError(f"the package's assets/{name} folder is missing: {found}")
    return found


I18N = "i18n"
GUIDES = "guides"
VOICE = "voice"
