"""The ticket page's words in Chinese and English (the page is not a Qt window: its
catalogue is here, worded as the kiosk words the same things)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (Chinese, English)
    "title": ("排队进度", "Your place in the queue"),
    "ticket": ("号码", "Ticket"),
    "ahead_0": ("下一位就是您", "You are next"),
    "ahead_n": ("您前面还有 {n} 人", "{n} person(s) ahead of you"),
    "wait": ("预计等候：{wait}", "Expected wait: {wait}"),
    "wait_short": ("少于 {n} 分钟", "less than {n} min"),
    "wait_range": ("约 {low}–{high} 分钟", "about {low}–{high} min"),
    "wait_unknown": ("请留意叫号", "Please watch for your number"),
    "wait_none": ("无需等候", "No wait"),
    "wait_about": ("约 {n} 分钟，可能更久", "about {n} min, possibly longer"),
    "wait_no_counter": (
        "暂无窗口办理此业务，请留意叫号",
        "No counter is open for this service now; please watch for your number",
    ),
    "wait_closed": ("暂停办理，{time} 恢复", "Closed now; service resumes at {time}"),
    "wait_no_counter_back": (
        "暂无窗口办理，预计 {time} 恢复，请留意叫号",
        "No counter open now, expected back about {time}; please watch for your number",
    ),
    "keep_page": (
        "请保持本页打开，叫到您时手机会振动并提示。",
        "Keep this page open: your phone vibrates and sounds when you are called.",
    ),
    "transferred": ("已为您转到：{where}", "You were transferred to: {where}"),
    "transferred_do": (
        "请继续等候，叫到您时会再次通知。",
        "Please keep waiting; you will be told when you are called again.",
    ),
    "called": ("请到 {counter}", "Please go to {counter}"),
    "called_again": ("第 {n} 次呼叫", "Called {n} times"),
    "serving": ("正在 {counter} 办理", "Being served at {counter}"),
    "parked": ("{counter} 已为您暂时挂起", "Set aside at {counter}"),
    "parked_do": (
        "请在附近稍候，工作人员会再请您到 {counter}。",
        "Please stay nearby: staff will call you back to {counter}.",
    ),
    "done": ("业务已办理完毕，谢谢光临！", "You have been served. Thank you!"),
    "no_show": ("您错过了叫号", "You missed your call"),
    "no_show_do": (
        "请到取号机重新取号，或咨询工作人员。",
        "Please take a new ticket at the kiosk, or ask staff.",
    ),
    "left": ("您已离开队伍", "You left the queue"),
    "left_do": (
        "此号码已作废，不会再被叫到。需要办理请重新取号。",
        "This ticket is cancelled and will not be called. Take a new ticket if you still "
        "need a service.",
    ),
    "cancelled": ("此号码已取消", "This ticket was cancelled"),
    "cancelled_do": (
        "您已离开队伍，或工作人员取消了此号。需要办理请重新取号。",
        "You left the queue, or staff cancelled it. Take a new ticket if you still need a service.",
    ),
    "ended": (
        "今日营业已结束，此号码已失效",
        "The business day has ended; this ticket is no longer valid",
    ),
    "ended_do": (
        "请在下一个营业日重新取号。",
        "Please take a new ticket on the next business day.",
    ),
    "leave": ("离开队伍", "Leave the queue"),
    "leave_q": ("确定要离开队伍吗？", "Leave the queue?"),
    "leave_note": (
        "离开后此号码将作废，不会再被叫到。",
        "Your ticket will be cancelled and no counter will call it.",
    ),
    "leave_yes": ("是，离开队伍", "Yes, leave the queue"),
    "leave_no": ("不，继续排队", "No, stay in the queue"),
    "left_gone": ("此号码已不在队伍中", "This ticket is no longer in the queue"),
    "refresh": ("刷新", "Refresh"),
    "updated": ("更新于 {time}", "Updated {time}"),
    "sound_on": ("开启提示音", "Turn on the sound"),
    "offline": ("连接中断，正在重新连接…", "Connection lost, reconnecting…"),
    "switch": ("English", "中文"),
    "invalid": ("此号票链接无效", "This ticket link is not valid"),
    "unavailable": (
        "暂时无法显示排队进度，请稍后刷新",
        "Your place in the queue cannot be shown just now; please refresh in a moment",
    ),
    "busy": ("请求过于频繁，请稍后再试", "Too many requests; please try again shortly"),
}


def text(key: str, lang: Lang, **values: object) -> str:
    zh, en = _TEXTS[key]
    template = zh if lang == "zh" else en
    if "{n} person(s)" in template:
        n = values.get("n")
        template = template.replace("person(s)", "person" if n == 1 else "people")
    return template.format(**values) if values else template


def choose(accept_language: str, asked: str | None, default: Lang) -> Lang:
    """The page's language: ``?lang=`` when it names one, else the phone's first language
    (Accept-Language, by its q values) that is Chinese or English, else the hall's
    default."""
    for lang in LANGS:
        if asked == lang:
            return lang
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()))
    for q, _, tag in sorted(ranked):
        if q >= 0:
            continue  # q=0: not acceptable
        primary = tag.split("-")[0]
        for lang in LANGS:
            if primary == lang:
                return lang
    return default
