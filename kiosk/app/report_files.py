"""The manager's report as files: CSV, an Excel workbook, a PDF with Chinese and English
headings. `kiosk report --csv/--xlsx/--pdf` and the manager view's downloads write the same
files through these, and so does the daily report (kiosk.app.daily; docs/reports.md)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.core import report as rep
from kiosk.core.errors import ConfigError
from kiosk.core.model import Hall

# The Noto CJK font the set-up installs (fonts-noto-cjk), and which face of the
# collection is Simplified Chinese; the first found is embedded in a PDF.
PDF_FONTS: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"), 0),
)

# What the workbook and the PDF call each column: Chinese, then English.
LABELS: dict[str, tuple[str, str]] = {
    "day": ("营业日", "Day"),
    "week": ("周", "Week"),
    "month": ("月", "Month"),
    "hour": ("时段", "Hour"),
    "service": ("业务类型", "Business type"),
    "counter": ("窗口", "Counter"),
    "staff": ("工作人员", "Staff"),
    "issued": ("取号", "Issued"),
    "served": ("已办理", "Served"),
    "no_show": ("过号", "No-show"),
    "cancelled": ("取消", "Cancelled"),
    "cancelled_visitor": ("客户取消", "Cancelled by visitor"),
    "cancelled_staff": ("员工取消", "Cancelled by staff"),
    "cancelled_day_end": ("日终作废", "Ended with the day"),
    "open": ("未结束", "Still open"),
    "called": ("已叫号", "Called"),
    "wait_p50_s": ("等候中位数(秒)", "Wait p50 (s)"),
    "wait_p90_s": ("等候P90(秒)", "Wait p90 (s)"),
    "wait_max_s": ("最长等候(秒)", "Wait max (s)"),
    "wait_mean_s": ("平均等候(秒)", "Wait mean (s)"),
    "service_level": ("服务水平", "Service level"),
    "care": ("超时等候人数", "Waited past target"),
    "care_excess_s": ("超时合计(秒)", "Time past target (s)"),
    "care_excess_mean_s": ("平均超时(秒)", "Mean past target (s)"),
    "service_mean_s": ("平均办理(秒)", "Service mean (s)"),
    "service_p90_s": ("办理P90(秒)", "Service p90 (s)"),
    "rated_very_satisfied": ("非常满意", "Very satisfied"),
    "rated_satisfied": ("满意", "Satisfied"),
    "rated_neutral": ("一般", "Neutral"),
    "rated_dissatisfied": ("不满意", "Dissatisfied"),
    "satisfied": ("满意率", "Share satisfied"),
    "rated_share": ("评价率", "Share who rated"),
    "print_failures": ("打印失败", "Print failures"),
    "promise_kept": ("等候承诺兑现率", "Wait promise kept"),
    "quoted": ("有预计的已办理", "Served with a quote"),
    "quote_low_mean_s": ("预计下限(秒)", "Quoted low (s)"),
    "quote_high_mean_s": ("预计上限(秒)", "Quoted high (s)"),
    "quoted_wait_mean_s": ("实际等候(秒)", "Actual wait (s)"),
}
# The PDF's columns (a landscape page holds about this many); the workbook has them all.
PDF_COLUMNS = ("issued", "served", "no_show", "cancelled", "wait_p50_s", "wait_p90_s",
               "wait_max_s", "service_level", "care", "satisfied", "promise_kept",
               "quote_low_mean_s", "quote_high_mean_s", "quoted_wait_mean_s")  # fmt: skip
TOTAL = ("合计", "Total")
FOLLOW_UP_LABELS: dict[str, tuple[str, str]] = {
    "case_number": ("受理编号", "Case number"),
    "ticket": ("号票", "Ticket"),
    "service": ("业务类型", "Business type"),
    "counter": ("窗口", "Counter"),
    "staff": ("工作人员", "Staff"),
    "opened_at": ("受理时间", "Opened"),
    "promised_by": ("承诺答复日期", "Promised by"),
    "status": ("状态", "Status"),
    "closed_at": ("办结时间", "Closed"),
    "closed_by": ("办结人", "Closed by"),
    "note": ("备注", "Note"),
}
FOLLOW_UP_COLUMNS = tuple(FOLLOW_UP_LABELS)


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if value <= 1 else f"{value:.0f}"
    return str(value)


def _table(report: rep.Report, columns: Sequence[str]) -> list[list[Any]]:
    """Rows of the group keys and ``columns``, then the total."""
    out = [[row.get(c) for c in (*report.by, *columns)] for row in report.rows]
    keys: list[Any] = ["total", *([None] * (len(report.by) - 1))] if report.by else []
    out.append([*keys, *(report.total[c] for c in columns)])
    return out


def write_csv(report: rep.Report, path: Path) -> None:
    """One line per group (its keys, then every figure), the total last (keys "total")."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["from", "to", *report.by, *rep.FIGURES])
        for line in _table(report, rep.FIGURES):
            writer.writerow([report.first, report.last, *("" if v is None else v for v in line)])


def _service_label(hall: Hall, code: Any) -> Any:
    for s in hall.services:
        if s.code == code:
            return f"{s.name_zh} {s.name_en}"
    return code


def _labelled(report: rep.Report, hall: Hall, columns: Sequence[str]) -> list[list[Any]]:
    table = _table(report, columns)
    if "service" in report.by:
        i = report.by.index("service")
        for line in table[:-1]:
            line[i] = _service_label(hall, line[i])
    if report.by:
        table[-1][0] = " ".join(TOTAL)
    return table


def write_xlsx(report: rep.Report, hall: Hall, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Report"
    sheet.append([f"营业厅报表 Hall report: {report.first} – {report.last}"])
    columns = [*report.by, *rep.FIGURES]
    sheet.append([LABELS[c][0] for c in columns])
    sheet.append([LABELS[c][1] for c in columns])
    for cell in (*sheet[2], *sheet[3]):
        cell.font = Font(bold=True)
    for line in _labelled(report, hall, rep.FIGURES):
        sheet.append(line)
    sheet.freeze_panes = "A4"
    if report.follow_ups:  # a sheet of their own: the complaints followed up
        cases = book.create_sheet("Follow-ups")
        cases.append([f"投诉回访 Complaint follow-ups: {report.first} – {report.last}"])
        cases.append([FOLLOW_UP_LABELS[c][0] for c in FOLLOW_UP_COLUMNS])
        cases.append([FOLLOW_UP_LABELS[c][1] for c in FOLLOW_UP_COLUMNS])
        for c in (*cases[2], *cases[3]):
            c.font = Font(bold=True)
        for row in report.follow_ups:
            cases.append([row[c] for c in FOLLOW_UP_COLUMNS])
        cases.freeze_panes = "A4"
    book.save(path)


def pdf_font() -> tuple[Path, int]:
    """The Noto CJK font to embed, or a clear error that it is missing."""
    for path, index in PDF_FONTS:
        if path.is_file():
            return path, index
    looked = ", ".join(str(p) for p, _ in PDF_FONTS)
    raise ConfigError(
        f"--pdf: no Noto CJK font to write Chinese with (looked for {looked}); "
        "install fonts-noto-cjk (the set-up does)"
    )


def write_pdf(report: rep.Report, hall: Hall, path: Path, font: tuple[Path, int]) -> None:
    """The report as one table, on landscape A4 pages."""
    title = f"营业厅报表 Hall report   {report.first} – {report.last}"
    write_pdf_sections(title, [report], hall, path, font)


def write_pdf_sections(
    title: str,
    reports: Sequence[rep.Report],
    hall: Hall,
    path: Path,
    font: tuple[Path, int],
) -> None:
    """A PDF of several reports of the same days (the daily report: one per grouping),
    a table each under its grouping, after one title."""
    from fpdf import FPDF, FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("noto", fname=str(font[0]), collection_font_number=font[1])
    pdf.add_page()
    pdf.set_font("noto", size=14)
    pdf.cell(text=title)
    pdf.ln(9)
    plain = FontFace(emphasis="", fill_color=(230, 236, 245))
    for report in reports:
        pdf.set_font("noto", size=9)
        if report.by:
            by = ", ".join(f"{LABELS[b][0]} {LABELS[b][1]}" for b in report.by)
            pdf.cell(text=f"分组 Grouped by: {by}")
            pdf.ln(6)
        columns = [*report.by, *PDF_COLUMNS]
        head = [f"{LABELS[c][0]}\n{LABELS[c][1]}" for c in columns]
        body = [[cell(v) for v in line] for line in _labelled(report, hall, PDF_COLUMNS)]
        pdf.set_font("noto", size=7)
        with pdf.table(text_align="CENTER", line_height=4, headings_style=plain) as table:
            for line in [head, *body]:
                row = table.row()
                for value in line:
                    row.cell(str(value))
        pdf.ln(6)
    pdf.output(str(path))
