"""The manager view's charts, drawn on the server as inline SVG: no script, no
library, nothing fetched (the hall has no Internet). Each function takes numbers and
labels and returns one ``<svg>``, scaled to its container by its viewBox; colours come
from the page's style sheet (classes), so a chart has no inline style.

Every chart carries a ``<title>`` and an ``aria-label`` saying what it shows."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from html import escape

FONT = 12  # px of the chart's own text, in the viewBox's units


def _svg(width: float, height: float, label: str, body: list[str], cls: str) -> str:
    label = escape(label)
    return (
        f'<svg class="chart {cls}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, words: str, cls: str = "", anchor: str = "middle") -> str:
    c = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}"{c}>'
        f"{escape(words)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, cls: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'class="{cls}">{title}</rect>'
    )


def nice_top(value: float) -> float:
    """A round number at or above ``value`` for an axis's top (1, 1.2, 1.5, 2, 2.5, 3, 4,
    5, 6 or 8 × 10^k: quarters of it are round too)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return round(float(step * power), 9)
    return float(10 * power)  # pragma: no cover - the loop ends at 10


def _ticks(top: float, n: int = 4) -> list[float]:
    return [top * i / n for i in range(n + 1)]


def _num(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


@dataclasses.dataclass(frozen=True)
class HourWaits:
    label: str  # "9", "10"...
    p50_min: float | None
    p90_min: float | None


def _gridlines(top: float, x1: float, x2: float, y: Callable[[float], float]) -> list[str]:
    """The horizontal grid of a chart, a labelled line per tick of its value axis."""
    out = []
    for t in _ticks(top):
        out.append(f'<line x1="{x1}" x2="{x2}" y1="{y(t):.1f}" y2="{y(t):.1f}" class="gridline"/>')
        out.append(_text(x1 - 4, y(t) + 4, _num(t), "axis", "end"))
    return out


def wait_bars(
    hours: Sequence[HourWaits], target_min: float | None, label: str, names: tuple[str, str, str]
) -> str:
    """Per hour two bars, the median and the p90 wait in minutes, and the target as a
    dashed line across. ``names``: the legend's (median, p90, target)."""
    left, right, top_pad, bottom = 34, 8, 22, 22
    width = max(320, left + right + 30 * len(hours))
    height = 200
    plot_h = height - top_pad - bottom
    peak = max(
        [h.p90_min or 0 for h in hours] + [h.p50_min or 0 for h in hours] + [target_min or 0]
    )
    top = nice_top(peak * 1.1)
    slot = (width - left - right) / max(len(hours), 1)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    body = []
    body += _gridlines(top, left, width - right, y)
    bar = slot * 0.36
    for i, h in enumerate(hours):
        x0 = left + i * slot + slot * 0.14
        if h.p50_min is not None:
            tip = f"{h.label}: {names[0]} {_num(h.p50_min)}"
            body.append(_rect(x0, y(h.p50_min), bar, y(0) - y(h.p50_min), "p50", tip))
        if h.p90_min is not None:
            tip = f"{h.label}: {names[1]} {_num(h.p90_min)}"
            body.append(_rect(x0 + bar, y(h.p90_min), bar, y(0) - y(h.p90_min), "p90", tip))
        body.append(_text(left + (i + 0.5) * slot, height - bottom + 14, h.label, "axis"))
    if target_min is not None:
        ty = y(target_min)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
                    'class="target"/>')  # fmt: skip
        # in the legend, not on the line, where it would cross the bars
        body.append(f'<line x1="{left + 160}" x2="{left + 180}" y1="9" y2="9" class="target"/>')
        body.append(_text(left + 184, 13, names[2], "target-label", "start"))
    # the legend, top left
    body.append(_rect(left, 4, 10, 10, "p50"))
    body.append(_text(left + 14, 13, names[0], "legend", "start"))
    body.append(_rect(left + 80, 4, 10, 10, "p90"))
    body.append(_text(left + 94, 13, names[1], "legend", "start"))
    return _svg(width, height, label, body, "waits")


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: float  # on the chart's scale (a share 0..1, or a count)
    shown: str  # the value as written beside the bar
    warn: bool = False  # drawn in the warning colour (below the marker)


def hbars(
    bars: Sequence[Bar], label: str, top: float | None = None, marker: float | None = None,
    marker_label: str = "",
) -> str:  # fmt: skip
    """Horizontal bars, one per line: label, bar, value. ``top``: the scale's end (1 for
    shares; else the largest value). ``marker``: a vertical line (a goal)."""
    row = 26
    label_w = 110
    value_w = 52
    width = 360
    height = 10 + row * len(bars) + (14 if marker is not None else 0)
    plot_w = width - label_w - value_w
    scale = top if top is not None else max([b.value for b in bars] + [1])
    body = []
    for i, b in enumerate(bars):
        yy = 6 + i * row
        words = b.label if len(b.label) <= 16 else b.label[:15] + "…"
        body.append(_text(label_w - 6, yy + 15, words, "axis", "end"))
        w = plot_w * (b.value / scale if scale else 0)
        body.append(_rect(label_w, yy + 3, plot_w, 16, "track"))
        body.append(_rect(label_w, yy + 3, w, 16, "bar warn" if b.warn else "bar",
                          f"{b.label}: {b.shown}"))  # fmt: skip
        body.append(_text(width - value_w + 6, yy + 15, b.shown, "value", "start"))
    if marker is not None:
        mx = label_w + plot_w * marker / scale
        body.append(f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="4" y2="{height - 12}" '
                    'class="target"/>')  # fmt: skip
        body.append(_text(mx, height - 2, marker_label, "target-label"))
    return _svg(width, height, label, body, "hbars")


def stacked(parts: Sequence[tuple[str, int, str]], label: str) -> str:
    """One bar split into parts (label, count, class), with a legend under it: the
    four ratings."""
    total = sum(n for _, n, _ in parts)
    width, height = 360, 74
    body = []
    x = 0.0
    for name, n, cls in parts:
        w = width * n / total if total else 0
        if w > 0:
            body.append(_rect(x, 4, w, 26, cls, f"{name}: {n}"))
            if w > 22:
                body.append(_text(x + w / 2, 22, str(n), "on-bar"))
        x += w
    for i, (name, n, cls) in enumerate(parts):
        lx = (i % 2) * 180
        ly = 40 + (i // 2) * 17
        body.append(_rect(lx, ly, 10, 10, cls))
        body.append(_text(lx + 14, ly + 9, f"{name} {n}", "legend", "start"))
    return _svg(width, height, label, body, "stacked")


@dataclasses.dataclass(frozen=True)
class HourPromise:
    label: str
    low_min: float
    high_min: float
    actual_min: float


def promise_chart(hours: Sequence[HourPromise], label: str) -> str:
    """Per hour the quoted range (a band from the mean low to the mean high end) and the
    mean actual wait (a dot; hollow and in the warning colour when outside the band)."""
    left, right, top_pad, bottom = 34, 8, 10, 22
    width = max(320, left + right + 30 * len(hours))
    height = 190
    plot_h = height - top_pad - bottom
    peak = max([max(h.high_min, h.actual_min) for h in hours] + [1])
    top = nice_top(peak * 1.1)
    slot = (width - left - right) / max(len(hours), 1)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    body = []
    body += _gridlines(top, left, width - right, y)
    for i, h in enumerate(hours):
        cx = left + (i + 0.5) * slot
        band = slot * 0.5
        tip = f"{h.label}: {_num(h.low_min)}–{_num(h.high_min)} / {_num(h.actual_min)}"
        body.append(_rect(cx - band / 2, y(h.high_min), band, y(h.low_min) - y(h.high_min),
                          "band", tip))  # fmt: skip
        inside = h.low_min <= h.actual_min <= h.high_min
        cls = "dot" if inside else "dot out"
        body.append(f'<circle cx="{cx:.1f}" cy="{y(h.actual_min):.1f}" r="4.5" class="{cls}">'
                    f"<title>{escape(tip)}</title></circle>")  # fmt: skip
        body.append(_text(cx, height - bottom + 14, h.label, "axis"))
    return _svg(width, height, label, body, "promise")


@dataclasses.dataclass(frozen=True)
class SlotStaff:
    label: str  # "09:00"
    needed: int
    opened: int | None  # None: not known


def staffing_chart(slots: Sequence[SlotStaff], label: str, names: tuple[str, str]) -> str:
    """Per 30-minute slot a bar of the counters needed (in the warning colour where fewer
    were open) and the counters open as a step line across the slots. ``names``: the
    legend's (needed, open). The hour is written under each slot starting on the hour."""
    left, right, top_pad, bottom = 26, 8, 22, 22
    width = max(320, left + right + 14 * len(slots))
    height = 170
    plot_h = height - top_pad - bottom
    peak = max([s.needed for s in slots] + [s.opened or 0 for s in slots] + [1])
    top = float(4 * math.ceil(peak * 1.1 / 4))  # whole counters at each quarter
    slot = (width - left - right) / max(len(slots), 1)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    body = []
    body += _gridlines(top, left, width - right, y)
    steps: list[str] = []
    for i, s in enumerate(slots):
        x0 = left + i * slot
        short = s.opened is not None and s.opened < s.needed
        tip = f"{s.label}: {names[0]} {s.needed}, {names[1]} " + (
            "?" if s.opened is None else str(s.opened)
        )
        body.append(_rect(x0 + slot * 0.15, y(s.needed), slot * 0.7, y(0) - y(s.needed),
                          "need short" if short else "need", tip))  # fmt: skip
        if s.opened is not None:
            steps.append(f"M{x0:.1f},{y(s.opened):.1f}H{x0 + slot:.1f}")
        if s.label.endswith(":00"):
            body.append(_text(x0 + slot / 2, height - bottom + 14, s.label[:2], "axis"))
    if steps:
        body.append(f'<path d="{"".join(steps)}" class="open-line"/>')
    body.append(_rect(left, 4, 10, 10, "need"))
    body.append(_text(left + 14, 13, names[0], "legend", "start"))
    body.append(f'<line x1="{left + 90}" x2="{left + 110}" y1="9" y2="9" class="open-line"/>')
    body.append(_text(left + 114, 13, names[1], "legend", "start"))
    return _svg(width, height, label, body, "staffing")
