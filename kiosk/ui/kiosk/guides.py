"""Business type guides: files a hall edits, one per business type and language.

``kiosk/assets/guides/<code>.<lang>.md`` (``bill.zh.md``, ``bill.en.md``) is simple Markdown.
Lines at the top of the form ``self_service: yes`` are settings, not text; the only one
so far says whether the self-service terminal can do this business instead of a counter.
``_self_service.<lang>.md`` says where the self-service terminals are. Files are read
each time they are shown (a few hundred bytes), so an edit shows without a restart.
No Qt here: the controller decides with these, the pages only show them.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

from kiosk import assets
from kiosk.files import GUIDE_LIMIT, read_text

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
SELF_SERVICE_FILE = "_self_service"  # business type codes start with a letter: no clash
_SETTING = re.compile(r"^(self_service)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_YES = {"yes", "true", "y", "1", "是"}


def guides_dir() -> Path:
    """The guides shipped in the package (kiosk/assets/guides)."""
    return assets.folder(assets.GUIDES)


@dataclasses.dataclass(frozen=True)
class Guide:
    """One guide in one language."""

    text: str  # Markdown
    self_service: bool = False


def parse(text: str) -> Guide:
    """Settings lines at the top, then the Markdown text."""
    lines = text.lstrip("\ufeff").splitlines()
    self_service = False
    body_start = 0
    for i, line in enumerate(lines):
        m = _SETTING.match(line)
        if m is None:
            body_start = i
            break
        self_service = m.group(2).lower() in _YES
        body_start = i + 1
    return Guide("\n".join(lines[body_start:]).strip(), self_service)


@dataclasses.dataclass(frozen=True)
class GuideSet:
    """A guide in every language there is a file for."""

    by_lang: dict[str, Guide]

    def get(self, lang: str) -> Guide:
        """The guide in this language, else in the other one (better than none)."""
        found = self.by_lang.get(lang)
        if found is not None:
            return found
        return next(iter(self.by_lang.values()))

    @property
    def self_service(self) -> bool:
        return any(g.self_service for g in self.by_lang.values())


class GuideLibrary:
    """The guide files of a folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or guides_dir()

    def load(self, name: str) -> GuideSet | None:
        """The guides of a business type (or SELF_SERVICE_FILE); None when it has none."""
        found: dict[str, Guide] = {}
        for lang in LANGUAGES:
            path = self.folder / f"{name}.{lang}.md"
            try:
                text = read_text(path, GUIDE_LIMIT)
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError) as exc:  # a hall's bad edit: say where
                log.warning("guide %s cannot be read: %s", path, exc)
                continue
            guide = parse(text)
            if guide.text:
                found[lang] = guide
        return GuideSet(found) if found else None
