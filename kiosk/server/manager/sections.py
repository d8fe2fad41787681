"""The manager view's sections that show other parts' data, each rendered only when
that data exists (an empty string: no section).

- :func:`daily_section`: the daily reports written at each business day's reset
  (``DATA_DIR/reports/daily/YYYY-MM-DD.pdf`` and ``.csv``), newest first, to download;
- :func:`follow_ups_section`: complaints followed up, overdue and open first, then
  those closed in the period;
- :func:`advice_section`: staffing advice for the coming day (`kiosk advise`), per group
  of business types a chart and the lines "10:00–11:30: 3 open, 5 needed".

The hooks are called on a worker thread (they may read the store) with the hall
server's host (kiosk.app's runtime: ``store``, ``service``, ``settings``, ``clock``),
the period shown and the page's language; they return the section's HTML (escaped,
``<section class="panel" id=...>``), or "" while there is nothing to show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from kiosk.core import advise as adv
from kiosk.core.daily import parse_name
from kiosk.core.model import Hall
from kiosk.server.manager import charts
from kiosk.server.manager.render import counter_name, service_name
from kiosk.server.manager.texts import Lang, text

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
        parsed = parse_name(name)  # the daily reporter's names (kiosk.core.daily)
        if parsed is not None:
            by_day.setdefault(parsed[0].isoformat(), []).append(name)
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


STATUS_ORDER = {"overdue": 0, "open": 1, "closed": 2}


def follow_ups_section(host: Any, first: dt.date, last: dt.date, lang: Lang) -> str:
    """Complaints followed up (docs/reports.md, "Complaint follow-ups"): those a report of
    first..last lists (:func:`kiosk.app.report.follow_ups_of`), overdue first, then open,
    then closed; "" when there is none."""
    from kiosk.app.report import follow_ups_of

    if getattr(host, "store", None) is None:  # a PC whose store is the server's
        return ""
    rows = follow_ups_of(host.store, first, last, host.clock.now())
    return follow_ups_html(host.service.hall, rows, lang)


def follow_ups_html(hall: Hall, rows: Sequence[Mapping[str, Any]], lang: Lang) -> str:
    if not rows:
        return ""
    ordered = sorted(
        rows, key=lambda r: (STATUS_ORDER.get(str(r["status"]), 3), str(r["case_number"]))
    )
    heads = ("case_number", "ticket", "service", "counter", "staff", "promised_by", "status")
    head = "".join(f"<th scope=col>{escape(text(h, lang))}</th>" for h in heads)
    lines = []
    for r in ordered:
        status = str(r["status"])
        cells = [
            f"<th scope=row>{escape(str(r['case_number']))}</th>",
            f"<td>{escape(str(r['ticket']))}</td>",
            f"<td>{escape(service_name(hall, r['service'], lang))}</td>",
            f"<td>{escape(counter_name(hall, r['counter'], lang))}</td>",
            f"<td>{escape(text('none', lang) if r['staff'] is None else str(r['staff']))}</td>",
            f"<td>{escape(str(r['promised_by']))}</td>",
            f'<td class="status">{escape(text("status_" + status, lang))}</td>',
        ]
        lines.append(
            f'<tr class="{escape(status)}" data-case="{escape(str(r["case_number"]))}" '
            f'data-status="{escape(status)}">{"".join(cells)}</tr>'
        )
    table = (
        f'<div class="scroll"><table id="follow-up-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>"
    )
    return (
        f'<section class="panel" id="follow-ups"><h2>{escape(text("follow_ups_title", lang))}'
        f'</h2><p class="help">{escape(text("follow_ups_help", lang))}</p>{table}</section>'
    )


def advice_section(
    host: Any, day: dt.date, lang: Lang, keep: Mapping[str, str] | None = None
) -> str:
    """Staffing advice for ``day`` (the day after the period's last, normally tomorrow,
    or the page's ``?advice_day=``), as `kiosk advise` gives it with its defaults: per
    group a chart of the counters needed and open per 30-minute slot and the lines
    "10:00–11:30: 3 open, 5 needed". ``keep``: the page's other query values, kept by
    the day picker's form."""
    from kiosk.app.advise import advise_day

    if getattr(host, "store", None) is None:
        return ""
    hall = host.service.hall
    advice = advise_day(host.store, hall, host.clock.now(), day)
    return advice_html(hall, advice, lang, keep or {})


def _span(start: dt.time, end: dt.time) -> str:
    stop = "24:00" if end == dt.time(0) else end.strftime("%H:%M")
    return f"{start.strftime('%H:%M')}–{stop}"


def advice_html(hall: Hall, advice: adv.Advice, lang: Lang, keep: Mapping[str, str]) -> str:
    day = advice.day.isoformat()
    title = text("advice_title", lang, day=day)
    helped = text(
        "advice_help", lang, level=f"{advice.level:.0%}", target=f"{advice.target_minutes:g}"
    )
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in keep.items()
        if k != "advice_day"
    )
    form = (
        f'<form class="advice-form" method="get" action="/manager#advice">{hidden}'
        f'<label>{escape(text("advice_day", lang))} <input type="date" name="advice_day" '
        f'value="{day}"></label><button type="submit">{escape(text("advice_pick", lang))}</button>'
        "</form>"
    )
    groups: dict[tuple[str, ...], list[adv.Slot]] = {}
    for slot in advice.slots:
        groups.setdefault(slot.services, []).append(slot)
    parts = []
    for services, slots in groups.items():
        label = ", ".join(service_name(hall, c, lang) for c in services)
        lines = []
        for start, end, first in adv.merged(slots):
            opened = "?" if first.counters_open is None else str(first.counters_open)
            short = first.counters_open is not None and first.counters_open < first.counters_needed
            words = text("advice_line", lang, span=_span(start, end), opened=opened,
                         needed=first.counters_needed)  # fmt: skip
            cls = ' class="short"' if short else ""
            lines.append(f"<li{cls}>{escape(words)}</li>")
        # the chart: from the first slot anybody is expected in to the last
        busy = [i for i, s in enumerate(slots) if s.counters_needed or s.arrivals_expected]
        chart = ""
        if busy:
            shown = slots[busy[0] : busy[-1] + 1]
            chart = charts.staffing_chart(
                [
                    charts.SlotStaff(s.start.strftime("%H:%M"), s.counters_needed, s.counters_open)
                    for s in shown
                ],
                f"{title}: {label}",
                (text("needed", lang), text("opened", lang)),
            )
        parts.append(
            f'<div class="advice-group" data-services="{escape(",".join(services))}">'
            f"<h3>{escape(label)}</h3>{chart}"
            f'<ul class="advice-lines">{"".join(lines)}</ul></div>'
        )
    body = "".join(parts) or f'<p class="empty">{escape(text("no_advice", lang))}</p>'
    return (
        f'<section class="panel" id="advice" data-day="{day}"><h2>{escape(title)}</h2>'
        f'<p class="help">{escape(helped)}</p>{form}{body}</section>'
    )
