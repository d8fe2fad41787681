"""The manager view's words in Chinese and English (a page, not a Qt window: its
catalogue is here, as the ticket page's is)."""

from __future__ import annotations

from kiosk.server.phone.texts import LANGS, Lang, choose

__all__ = ["LANGS", "Lang", "choose", "text"]

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (Chinese, English)
    "title": ("经理视图", "Manager view"),
    "signin_title": ("经理登录", "Manager sign-in"),
    "signin_help": (
        "请输入经理令牌（在服务器上运行 kiosk server enroll manager 获得）。",
        "Enter your manager token (from `kiosk server enroll manager` on the server).",
    ),
    "token": ("令牌", "Token"),
    "signin": ("登录", "Sign in"),
    "signout": ("退出", "Sign out"),
    "signin_refused": ("令牌无效或已撤销。", "Unknown or revoked token, or not a manager's."),
    "signin_busy": ("尝试次数过多，请稍后再试。", "Too many attempts: try again in a minute."),
    "other_language": ("English", "中文"),
    "today": ("今天", "Today"),
    "yesterday": ("昨天", "Yesterday"),
    "week": ("本周", "This week"),
    "month": ("本月", "This month"),
    "custom": ("自定义", "Custom"),
    "from": ("从", "From"),
    "to": ("到", "To"),
    "group_by": ("分组", "Group by"),
    "show": ("查看", "Show"),
    "span": ("营业日 {first} 至 {last}", "Business days {first} to {last}"),
    "span_one": ("营业日 {first}", "Business day {first}"),
    "bad_date": ("{name}：日期格式应为 YYYY-MM-DD", "{name}: a date is YYYY-MM-DD"),
    "bad_order": ("开始日期晚于结束日期", "The first day is after the last"),
    "too_long": ("一次最多 {n} 天", "At most {n} days at once"),
    "bad_by": ("分组：未知的分组 {value}", "group by: unknown grouping {value}"),
    "no_tickets": ("此期间没有取号。", "No tickets in this period."),
    # cards
    "issued": ("取号", "Issued"),
    "served": ("已办理", "Served"),
    "no_show": ("过号", "No-shows"),
    "cancelled": ("取消", "Cancelled"),
    "wait_p50": ("等候中位数", "Median wait"),
    "wait_p90": ("90% 在此之内", "90% waited at most"),
    "wait_p90_col": ("等候 P90", "Wait p90"),
    "wait_max": ("最长等候", "Longest wait"),
    "service_level": ("服务水平", "Service level"),
    "satisfied": ("满意率", "Satisfied"),
    "promise_kept": ("等候承诺兑现", "Wait promise kept"),
    "care": ("超时等候", "Waited past target"),
    # charts
    "waits_title": ("每小时等候时间", "Waits per hour"),
    "waits_help": (
        "柱：等候中位数与 P90（分钟），虚线：目标",
        "Bars: median and p90 wait (minutes); dashed line: the target",
    ),
    "p50": ("中位数", "median"),
    "p90": ("P90", "p90"),
    "target": ("目标 {n} 分钟", "target {n} min"),
    "level_title": ("各业务服务水平", "Service level per business type"),
    "level_help": (
        "在目标时间内叫号的比例；竖线：80%",
        "Share called within the target wait; line: 80%",
    ),
    "sat_title": ("满意度", "Satisfaction"),
    "sat_help": ("评价 {rated} 次，占已办理的 {share}", "{rated} ratings, {share} of those served"),
    "very_satisfied": ("非常满意", "Very satisfied"),
    "rated_satisfied": ("满意", "Satisfied"),
    "neutral": ("一般", "Neutral"),
    "dissatisfied": ("不满意", "Dissatisfied"),
    "no_ratings": ("此期间没有评价。", "No ratings in this period."),
    "promise_title": ("等候承诺：预计与实际", "The wait promise: quoted and actual"),
    "promise_help": (
        "每小时：取号时预计的范围（色带）与实际平均等候（圆点），单位分钟",
        "Per hour: the range quoted at the kiosk (band) and the mean actual wait (dot), in minutes",
    ),
    "no_quotes": ("此期间没有带预计的已办理号。", "No served ticket with a quote in this period."),
    "counters_title": ("各窗口办理量", "Served per counter"),
    "staff_title": ("各工作人员办理量", "Served per staff member"),
    "nobody": ("未登录", "nobody signed in"),
    "never_called": ("未叫号", "never called"),
    "table_title": ("明细", "Details"),
    "total": ("合计", "Total"),
    "downloads": ("下载此报表", "Download this report"),
    "daily_title": ("每日报表", "Daily reports"),
    # complaint follow-ups
    "follow_ups_title": ("投诉跟进", "Complaint follow-ups"),
    "follow_ups_help": (
        "未结与逾期的在前（逾期标红），其后为此期间已结的",
        "Open and overdue first (overdue in red), then those closed in this period",
    ),
    "case_number": ("案件号", "Case number"),
    "ticket": ("号码", "Ticket"),
    "service": ("业务", "Business type"),
    "counter": ("窗口", "Counter"),
    "staff": ("工作人员", "Staff"),
    "promised_by": ("承诺答复日期", "Promised by"),
    "status": ("状态", "Status"),
    "status_open": ("未结", "open"),
    "status_overdue": ("逾期", "overdue"),
    "status_closed": ("已结", "closed"),
    # staffing advice
    "advice_title": ("排班建议：{day}", "Staffing advice for {day}"),
    "advice_help": (
        "每 30 分钟需要开放的窗口数，使 {level} 的顾客在 {target} 分钟内被叫号（Erlang A）；"
        "柱：需要，线：实际开放；红色：开放不足",
        "Counters needed per 30 minutes so that {level} of visitors are called within "
        "{target} min (Erlang A); bars: needed, line: open; red: too few open",
    ),
    "advice_day": ("日期", "Day"),
    "advice_pick": ("换一天", "See that day"),
    "needed": ("需要", "needed"),
    "opened": ("开放", "open"),
    "advice_line": (
        "{span}：开放 {opened}，需要 {needed}",
        "{span}: {opened} open, {needed} needed",
    ),
    "no_advice": ("这一天没有营业时段。", "No opening hours that day."),
    "min": ("{n} 分钟", "{n} min"),
    "none": ("—", "—"),
    "signed_in_as": ("已登录：{name}", "Signed in: {name}"),
    "unavailable": (
        "暂时无法读取数据，请稍后刷新。",
        "The hall's data cannot be read just now: reload in a moment.",
    ),
    "no_font": (
        "服务器缺少中文字体，无法生成 PDF（fonts-noto-cjk）。",
        "The server has no Chinese font to write a PDF (fonts-noto-cjk).",
    ),
}


def text(key: str, lang: Lang, **values: object) -> str:
    zh, en = _TEXTS[key]
    words = zh if lang == "zh" else en
    return words.format(**values) if values else words
