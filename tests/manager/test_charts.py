"""The charts' geometry, checked against positions worked out by hand."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kiosk.server.manager import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_nice_tops() -> None:
    assert [charts.nice_top(v) for v in (0, 0.7, 1, 3, 7.2, 11, 26, 53, 101)] == [
        1, 0.8, 1, 3, 8, 12, 30, 60, 120,
    ]  # fmt: skip
    assert charts.nice_top(2.2) == 2.5


def test_the_target_line_of_the_waits_chart() -> None:
    """Axis top 20 min (p90 of 15 min × 1.1 rounds up to 20); the plot runs from y 22
    (20 min) to 178 (0), so 10 min is at y 100 and a 15-minute bar is 117 high."""
    hours = [charts.HourWaits("9", 5.0, 15.0), charts.HourWaits("10", None, None)]
    svg = charts.wait_bars(hours, 10.0, "Waits", ("median", "p90", "target 10 min"))
    root = ET.fromstring(svg)
    target = root.find(f"{SVG}line[@class='target']")
    assert target is not None and target.get("y1") == "100.0"
    bars = {r.get("class"): r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None}
    assert float(bars["p90"].get("height", "")) == 117.0
    assert float(bars["p50"].get("height", "")) == 39.0  # 5 of 20 min
    assert root.get("aria-label") == "Waits" and root.find(f"{SVG}title") is not None


def test_bars_and_the_goal_marker() -> None:
    """A share of 0.5 fills half the track (198 wide: 360 - 110 - 52)."""
    svg = charts.hbars([charts.Bar("bill", 0.5, "50%", True)], "Level", 1.0, 0.8, "80%")
    root = ET.fromstring(svg)
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar warn")
    assert float(bar.get("width", "")) == 99.0
    marker = root.find(f"{SVG}line[@class='target']")
    assert marker is not None and marker.get("x1") == f"{110 + 198 * 0.8:.1f}"


def test_the_promise_dot_is_hollow_outside_the_quoted_range() -> None:
    svg = charts.promise_chart(
        [charts.HourPromise("9", 5, 10, 7), charts.HourPromise("10", 2, 4, 6)], "Promise"
    )
    assert re.findall(r'class="(dot[^"]*)"', svg) == ["dot", "dot out"]


def test_labels_are_escaped() -> None:
    svg = charts.hbars([charts.Bar("<script>", 1, "1")], "a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'aria-label="a &amp; b"' in svg
    ET.fromstring(svg)
