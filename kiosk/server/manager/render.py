"""The manager view's HTML, rendered on the server: plain strings and ``html.escape``,
the style sheet inline (allowed by its hash in the Content-Security-Policy), no script
at all: every control is a link or a GET form, so the page works on any browser."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from html import escape
from importlib import resources
from typing import Any

from kiosk.app.report_files import LABELS
from kiosk.core import report as rep
from kiosk.core.model import Hall
from kiosk.server.manager import charts
from kiosk.server.manager.period import PERIODS, Period
from kiosk.server.manager.source import FORMATS
from kiosk.server.manager.texts import Lang, text

STYLE = resources.files("kiosk.server.manager").joinpath("manager.css").read_text("utf-8")
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "same-origin",  # the page's own forms send their Origin
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
LEVEL_GOAL = 0.8  # the marker on the service-level chart: `kiosk advise --level`'s default
TABLE_COLUMNS = ("issued", "served", "no_show", "cancelled", "wait_p50_s", "wait_p90_s",
                 "wait_max_s", "service_level", "satisfied", "promise_kept")  # fmt: skip

TABLE_HEAD = {  # a column's heading: the cards' words (the waits are shown in minutes)
    "issued": "issued", "served": "served", "no_show": "no_show", "cancelled": "cancelled",
    "wait_p50_s": "wait_p50", "wait_p90_s": "wait_p90_col", "wait_max_s": "wait_max",
    "service_level": "service_level", "satisfied": "satisfied", "promise_kept": "promise_kept",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class View:
    """Everything one page shows, read on a worker thread."""

    hall: Hall
    hall_name: str
    who: str
    period: Period
    lang: Lang
    total: dict[str, Any]
    by_hour: list[dict[str, Any]]
    by_service: list[dict[str, Any]]
    by_counter: list[dict[str, Any]]
    by_staff: list[dict[str, Any]]
    table: rep.Report
    sections: tuple[str, ...] = ()  # daily reports, follow-ups, advice: HTML or ""
    staff_names: dict[str, str] = dataclasses.field(default_factory=dict)  # id -> name


def minutes(seconds: float | None, lang: Lang) -> str:
    if seconds is None:
        return text("none", lang)
    return text("min", lang, n=f"{seconds / 60:.1f}")


def share(value: float | None, lang: Lang) -> str:
    return text("none", lang) if value is None else f"{value * 100:.0f}%"


def service_name(hall: Hall, code: Any, lang: Lang) -> str:
    for s in hall.services:
        if s.code == code:
            return s.name_zh if lang == "zh" else s.name_en
    return str(code)


def counter_name(hall: Hall, number: Any, lang: Lang) -> str:
    if number is None:
        return text("never_called", lang)
    for c in hall.counters:
        if c.number == number:
            return c.name_zh if lang == "zh" else c.name_en
    return f"{number} 号窗口" if lang == "zh" else f"counter {number}"


def key_name(
    hall: Hall, group: str, value: Any, lang: Lang, names: dict[str, str] | None = None
) -> str:
    if group == "service":
        return service_name(hall, value, lang)
    if group == "counter":
        return counter_name(hall, value, lang)
    if group == "staff":
        return text("nobody", lang) if value is None else (names or {}).get(value, str(value))
    if group == "hour":
        return f"{value:02d}:00"
    return str(value)


def target_minutes(hall: Hall) -> float | None:
    """The target line of the waits chart: the business types' most common target."""
    targets = Counter(s.target_wait_minutes for s in hall.services if s.enabled)
    return targets.most_common(1)[0][0] if targets else None


def _head(title: str, lang: Lang) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
    )


def signin_page(hall_name: str, lang: Lang, problem: str = "") -> str:
    other: Lang = "en" if lang == "zh" else "zh"
    error = f'<p class="error" role="alert">{escape(problem)}</p>' if problem else ""
    return (
        _head(f"{text('signin_title', lang)} · {hall_name}", lang) + '<body class="signin"><main>'
        f'<p class="lang"><a href="/manager/signin?lang={other}" hreflang="{other}">'
        f"{escape(text('other_language', lang))}</a></p>"
        f"<h1>{escape(hall_name)}</h1><h2>{escape(text('signin_title', lang))}</h2>{error}"
        '<form method="post" action="/manager/signin">'
        f'<input type="hidden" name="lang" value="{lang}">'
        f'<label for="token">{escape(text("token", lang))}</label>'
        '<input id="token" name="token" type="password" autocomplete="off" required '
        'maxlength="200" autofocus>'
        f'<button type="submit">{escape(text("signin", lang))}</button></form>'
        f'<p class="help">{escape(text("signin_help", lang))}</p>'
        "</main></body></html>"
    )


def error_page(hall_name: str, lang: Lang, message: str, query: str) -> str:
    return (
        _head(text("title", lang), lang)
        + f'<body><main><h1>{escape(hall_name)}</h1><p class="error" role="alert">'
        f'{escape(message)}</p><p><a href="/manager?{escape(query)}">'
        f"{escape(text('today', lang))}</a></p></main></body></html>"
    )


def _card(key: str, value: str, label: str, warn: bool = False) -> str:
    cls = "card warn" if warn else "card"
    return (
        f'<div class="{cls}" data-k="{key}"><span class="v">{escape(value)}</span>'
        f'<span class="k">{escape(label)}</span></div>'
    )


def cards(total: dict[str, Any], lang: Lang) -> str:
    level = total["service_level"]
    low_level = level is not None and level < LEVEL_GOAL
    items = [
        _card("issued", str(total["issued"]), text("issued", lang)),
        _card("served", str(total["served"]), text("served", lang)),
        _card("no_show", str(total["no_show"]), text("no_show", lang)),
        _card("cancelled", str(total["cancelled"]), text("cancelled", lang)),
        _card("wait_p50_s", minutes(total["wait_p50_s"], lang), text("wait_p50", lang)),
        _card("wait_p90_s", minutes(total["wait_p90_s"], lang), text("wait_p90", lang)),
        _card("service_level", share(level, lang), text("service_level", lang), low_level),
        _card("care", str(total["care"]), text("care", lang), total["care"] > 0),
        _card("satisfied", share(total["satisfied"], lang), text("satisfied", lang)),
        _card("promise_kept", share(total["promise_kept"], lang), text("promise_kept", lang)),
    ]
    return f'<section class="cards" id="total">{"".join(items)}</section>'


def _panel(key: str, title: str, help_text: str, body: str) -> str:
    helped = f'<p class="help">{escape(help_text)}</p>' if help_text else ""
    return f'<section class="panel" id="{key}"><h2>{escape(title)}</h2>{helped}{body}</section>'


def waits_panel(view: View) -> str:
    lang = view.lang
    hours = [
        charts.HourWaits(
            f"{r['hour']}",
            None if r["wait_p50_s"] is None else r["wait_p50_s"] / 60,
            None if r["wait_p90_s"] is None else r["wait_p90_s"] / 60,
        )
        for r in view.by_hour
    ]
    if not hours:
        return ""
    target = target_minutes(view.hall)
    names = (
        text("p50", lang),
        text("p90", lang),
        text("target", lang, n=f"{target:g}") if target is not None else "",
    )
    svg = charts.wait_bars(hours, target, text("waits_title", lang), names)
    return _panel("waits", text("waits_title", lang), text("waits_help", lang), svg)


def level_panel(view: View) -> str:
    lang = view.lang
    bars = [
        charts.Bar(service_name(view.hall, r["service"], lang), r["service_level"],
                   share(r["service_level"], lang), r["service_level"] < LEVEL_GOAL)
        for r in view.by_service
        if r["service_level"] is not None
    ]  # fmt: skip
    if not bars:
        return ""
    svg = charts.hbars(bars, text("level_title", lang), 1.0, LEVEL_GOAL, "80%")
    return _panel("level", text("level_title", lang), text("level_help", lang), svg)


def satisfaction_panel(view: View) -> str:
    lang, t = view.lang, view.total
    rated = sum(t[f"rated_{n}"] for n in rep.RATING_NAMES.values())
    if rated == 0:
        body = f'<p class="empty">{escape(text("no_ratings", lang))}</p>'
        return _panel("satisfaction", text("sat_title", lang), "", body)
    parts = [
        (text("very_satisfied", lang), t["rated_very_satisfied"], "r4"),
        (text("rated_satisfied", lang), t["rated_satisfied"], "r3"),
        (text("neutral", lang), t["rated_neutral"], "r2"),
        (text("dissatisfied", lang), t["rated_dissatisfied"], "r1"),
    ]
    big = (
        f'<p class="big"><span>{escape(share(t["satisfied"], lang))}</span> '
        f"{escape(text('satisfied', lang))}</p>"
    )
    svg = charts.stacked(parts, text("sat_title", lang))
    helped = text("sat_help", lang, rated=rated, share=share(t["rated_share"], lang))
    return _panel("satisfaction", text("sat_title", lang), helped, big + svg)


def promise_panel(view: View) -> str:
    lang = view.lang
    hours = [
        charts.HourPromise(
            f"{r['hour']}",
            r["quote_low_mean_s"] / 60,
            r["quote_high_mean_s"] / 60,
            r["quoted_wait_mean_s"] / 60,
        )
        for r in view.by_hour
        if r["quoted"]
    ]
    if not hours:
        body = f'<p class="empty">{escape(text("no_quotes", lang))}</p>'
        return _panel("promise", text("promise_title", lang), "", body)
    big = (
        f'<p class="big"><span>{escape(share(view.total["promise_kept"], lang))}</span> '
        f"{escape(text('promise_kept', lang))}</p>"
    )
    svg = charts.promise_chart(hours, text("promise_title", lang))
    return _panel("promise", text("promise_title", lang), text("promise_help", lang), big + svg)


def served_panel(view: View, key: str, group: str, rows: Sequence[dict[str, Any]]) -> str:
    lang = view.lang
    bars = [
        charts.Bar(
            key_name(view.hall, group, r[group], lang, view.staff_names),
            r["served"],
            str(r["served"]),
        )
        for r in rows
        if r["served"] or r[group] is not None
    ]
    if not bars:
        return ""
    title = text(f"{key}_title", lang)
    return _panel(key, title, "", charts.hbars(bars, title))


def _value(value: Any) -> str:
    return escape(json.dumps(value), quote=True)


def _shown(name: str, value: Any, lang: Lang) -> str:
    if name.endswith("_s") and name.startswith("wait"):
        return minutes(value, lang)
    if name in ("service_level", "satisfied", "promise_kept"):
        return share(value, lang)
    return text("none", lang) if value is None else str(value)


def table_panel(view: View) -> str:
    lang, report = view.lang, view.table
    by = report.by[0]
    names = [LABELS[by][0 if lang == "zh" else 1]] + [
        text(TABLE_HEAD[c], lang) for c in TABLE_COLUMNS
    ]
    head = "".join(f"<th scope=col>{escape(n)}</th>" for n in names)
    lines = []
    for row in report.rows:
        key = row[by]
        cells = [
            f'<th scope=row data-k="{by}" data-v="{_value(key)}">'
            f"{escape(key_name(view.hall, by, key, lang, view.staff_names))}</th>"
        ]
        cells += [
            f'<td data-k="{c}" data-v="{_value(row[c])}">{escape(_shown(c, row[c], lang))}</td>'
            for c in TABLE_COLUMNS
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    total = [f"<th scope=row>{escape(text('total', lang))}</th>"] + [
        f'<td data-k="{c}" data-v="{_value(report.total[c])}">'
        f"{escape(_shown(c, report.total[c], lang))}</td>"
        for c in TABLE_COLUMNS
    ]
    lines.append(f'<tr class="total">{"".join(total)}</tr>')
    table = (
        f'<div class="scroll"><table id="figures" data-by="{by}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>"
    )
    return _panel("table", text("table_title", lang), "", table)


def _picker(view: View) -> str:
    lang, p = view.lang, view.period
    links = []
    for name in PERIODS[:-1]:
        current = ' aria-current="page"' if p.name == name else ""
        links.append(
            f'<a href="/manager?{escape(p.query(lang, period=name))}"{current}>'
            f"{escape(text(name, lang))}</a>"
        )
    options = "".join(
        f'<option value="{g}"{" selected" if g == p.by else ""}>'
        f"{escape(LABELS[g][0 if lang == 'zh' else 1])}</option>"
        for g in rep.GROUPS
    )
    custom = " custom" if p.name == "custom" else ""
    return (
        f'<nav class="periods" aria-label="{escape(text("custom", lang))}">{"".join(links)}</nav>'
        f'<form class="picker{custom}" method="get" action="/manager">'
        f'<input type="hidden" name="lang" value="{lang}">'
        '<input type="hidden" name="period" value="custom">'
        f'<label>{escape(text("from", lang))} <input type="date" name="from" '
        f'value="{p.first.isoformat()}"></label>'
        f'<label>{escape(text("to", lang))} <input type="date" name="to" '
        f'value="{p.last.isoformat()}"></label>'
        f'<label>{escape(text("group_by", lang))} <select name="by">{options}</select></label>'
        f'<button type="submit">{escape(text("show", lang))}</button></form>'
    )


def _downloads(view: View) -> str:
    q = escape(view.period.query(view.lang))
    links = " ".join(
        f'<a class="button" href="/manager/report.{fmt}?{q}" download>{fmt.upper()}</a>'
        for fmt in FORMATS
    )
    return _panel("downloads", text("downloads", view.lang), "", f'<p class="files">{links}</p>')


def page(view: View) -> str:
    lang, p = view.lang, view.period
    other: Lang = "en" if lang == "zh" else "zh"
    if p.first == p.last:
        span = text("span_one", lang, first=p.first.isoformat())
    else:
        span = text("span", lang, first=p.first.isoformat(), last=p.last.isoformat())
    header = (
        f"<header><h1>{escape(view.hall_name)} · {escape(text('title', lang))}</h1>"
        f'<div class="who"><a href="/manager?{escape(p.query(other))}" hreflang="{other}" '
        f'id="other-language">{escape(text("other_language", lang))}</a>'
        f'<form method="post" action="/manager/signout"><button type="submit">'
        f"{escape(text('signout', lang))}</button></form></div></header>"
    )
    if view.total["issued"] == 0:
        body = f'<p class="empty">{escape(text("no_tickets", lang))}</p>'
    else:
        body = (
            cards(view.total, lang)
            + '<div class="grid">'
            + waits_panel(view)
            + level_panel(view)
            + promise_panel(view)
            + satisfaction_panel(view)
            + served_panel(view, "counters", "counter", view.by_counter)
            + served_panel(view, "staff", "staff", view.by_staff)
            + "</div>"
            + table_panel(view)
        )
    extra = "".join(s for s in view.sections if s)
    return (
        _head(f"{text('title', lang)} · {view.hall_name}", lang)
        + "<body><main>"
        + header
        + _picker(view)
        + f'<p class="span" id="span">{escape(span)}</p>'
        + body
        + _downloads(view)
        + extra
        + f'<p class="who-line">{escape(text("signed_in_as", lang, name=view.who))}</p>'
        + "</main></body></html>"
    )
