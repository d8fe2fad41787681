"""Filling translated templates, so a slip in a translation shows, not crashes."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: Any) -> str:
    """``template.format(**values)``; a placeholder a translation misspelt stays as it
    is, and a template that is not a format string at all is shown with the values."""
    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError, AttributeError):
        log.warning("translation %r is not a valid template", template)
        return f"{template} " + " ".join(str(v) for v in values.values())


def mmss(seconds: int) -> str:
    """``4:05``: a lockout's time left."""
    return f"{seconds // 60}:{seconds % 60:02d}"
