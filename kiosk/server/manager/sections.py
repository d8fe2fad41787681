"""The manager view's sections that show other parts' data, each rendered only when
that data exists (an empty string: no section).

- :func:`daily_section`: the daily reports written at each business day's reset
  (``DATA_DIR/reports/daily/YYYY-MM-DD.pdf`` and ``.csv``), newest first, to download;
- :func:`follow_ups_section`: complaints followed up (open and overdue) - a hook;
- :func:`advice_section`: staffing advice for the coming day (`kiosk advise`) - a hook.

The hooks are called on a worker thread (they may read the store) with the hall
server's host (kiosk.app's runtime: ``store``, ``service``, ``settings``, ``clock``),
the period shown and the page's language; they return the section's HTML (escaped,
``<section class="panel" id=...>``), or "" while there is nothing to show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import escape
from pathlib import Path
from typing import Any

from kiosk.server.manager.texts import Lang, text

DAILY_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.(pdf|csv)")
DAILY_SHOWN = 60  # the newest days listed


@dataclasses.dataclass(frozen=True)
class DailyReport:
    date: str  # YYYY-MM-DD
    files: tuple[str, ...]  # the file names of that day: "2026-11-24.pdf", ...


def daily_reports(folder: Path, limit: int = DAILY_SHOWN) -> list[DailyReport]:
    """The daily reports in ``folder``, newest first: whatever files named
    YYYY-MM-DD.pdf or .csv it holds (a missing folder: none)."""
    try:
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    by_day: dict[str, list[str]] = {}
    for name in names:
        m = DAILY_NAME.fullmatch(name)
        if m is None:
            continue
        try:
            dt.date.fromisoformat(m.group(1))
        except ValueError:
            continue
        by_day.setdefault(m.group(1), []).append(name)
    days = sorted(by_day, reverse=True)[:limit]
    return [
        DailyReport(d, tuple(sorted(by_day[d], key=lambda n: n.endswith(".csv")))) for d in days
    ]


def daily_section(reports: list[DailyReport], lang: Lang) -> str:
    if not reports:
        return ""
    items = []
    for r in reports:
        links = " ".join(
            f'<a href="/manager/daily/{escape(n)}" download>{escape(n[-3:].upper())}</a>'
            for n in r.files
        )
        items.append(f"<li><span>{escape(r.date)}</span> {links}</li>")
    return (
        f'<section class="panel" id="daily"><h2>{escape(text("daily_title", lang))}</h2>'
        f'<ul class="daily">{"".join(items)}</ul></section>'
    )


def follow_ups_section(host: Any, first: dt.date, last: dt.date, lang: Lang) -> str:
    """Complaints followed up: open and overdue follow-ups, for the engineer who adds
    them (issue 13, part 7). "" until then."""
    return ""


def advice_section(host: Any, day: dt.date, lang: Lang) -> str:
    """Staffing advice for ``day`` (the day after the period's last, normally tomorrow),
    for the engineer who builds `kiosk advise` (issue 13, part 4): per 30-minute slot,
    "10:00–11:30: 3 open, 5 needed". "" until then."""
    return ""
