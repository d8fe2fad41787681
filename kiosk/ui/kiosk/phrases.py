"""Texts more than one kiosk page shows, in the language in force (one translation
context, "KioskPhrases", so each is translated once)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.core.errors import Unavailable
from kiosk.core.estimate import NoEstimate, WaitEstimate, Wording
from kiosk.core.model import Service
from kiosk.core.service import ServiceStatus
from kiosk.ui.kiosk.flow import NoticeKind, PrintProblem, pick


class KioskPhrases(QObject):
    def name(self, service: Service, lang: str) -> str:
        return pick(lang, service.name_zh, service.name_en)

    def description(self, service: Service, lang: str) -> str:
        return pick(lang, service.description_zh, service.description_en)

    def waiting(self, n: int) -> str:
        if n == 0:
            return self.tr("No one waiting")
        return self.tr("%n waiting", "", n)

    def ahead_tile(self, n: int) -> str:
        """A tile: the tickets that would be called before a new one (the call policy)."""
        if n == 0:
            return self.tr("No one ahead")
        return self.tr("%n ahead", "", n)

    def wait(self, estimate: WaitEstimate) -> str:
        """As kiosk.core.promise worded it: no wait, under N, a range, about N possibly
        longer, or why no time is promised."""
        shown = estimate.shown
        if shown is Wording.NONE:
            return self.no_time(estimate)
        if shown is Wording.NO_WAIT:
            return self.tr("No wait")
        if shown is Wording.UNDER:
            return self.tr("less than {n} min").format(n=estimate.high_min)
        if shown is Wording.ABOUT:
            return self.tr("about {n} min, possibly longer").format(n=estimate.about_min)
        return self.tr("about {low}–{high} min").format(
            low=estimate.low_min, high=estimate.high_min
        )

    def no_time(self, estimate: WaitEstimate) -> str:
        """Why no time is promised, and when service resumes if the hours say or a
        paused counter is expected back."""
        if estimate.reason is NoEstimate.CLOSED and estimate.resumes_at is not None:
            return self.tr("Closed now, opens at {time}").format(
                time=estimate.resumes_at.strftime("%H:%M")
            )
        if estimate.reason is NoEstimate.CAP_REACHED:
            return self.tr("No more tickets today")
        if estimate.reason is NoEstimate.DISABLED:
            return self.tr("Not available")
        if estimate.reason is NoEstimate.CLOSED:
            return self.tr("Closed now")
        if estimate.resumes_at is not None:  # a paused counter is expected back
            return self.tr("No counter open now, back about {time}").format(
                time=estimate.resumes_at.strftime("%H:%M")
            )
        return self.tr("No counter open now")

    def expected(self, estimate: WaitEstimate) -> str:
        if not estimate.promised or estimate.shown is Wording.NO_WAIT:
            return self.wait(estimate)
        return self.tr("Expected wait: {wait}").format(wait=self.wait(estimate))

    def ahead(self, n: int) -> str:
        if n == 0:
            return self.tr("You are next")
        return self.tr("%n person(s) ahead of you", "", n)

    def hours(self, service: Service) -> str:
        return self.tr("Opening hours: {hours}").format(hours=service.hours_text())

    def closed(self, status: ServiceStatus) -> str:
        """The reason on a tile that takes no tickets now."""
        if status.reason_code is Unavailable.CAP:
            return self.tr("No more tickets today")
        if status.reason_code is Unavailable.DISABLED:
            return self.tr("Not available")
        return self.tr("Closed now")

    def green_channel(self) -> str:
        return self.tr("Green channel")

    def green_channel_hint(self) -> str:
        return self.tr("For the elderly, people with disabilities and VIP card holders")

    def print_problem(self, problem: PrintProblem) -> str:
        if problem is PrintProblem.PAPER_OUT:
            return self.tr(
                "The printer is out of paper. Please remember your number; staff have been told."
            )
        return self.tr(
            "Your ticket could not be printed. Please remember your number; staff have been told."
        )

    def notice(self, kind: NoticeKind, service: Service, lang: str) -> str:
        name = self.name(service, lang)
        if kind is NoticeKind.HOURS:
            return self.tr("{service} is closed now. Opening hours: {hours}.").format(
                service=name, hours=service.hours_text()
            )
        if kind is NoticeKind.CAP:
            return self.tr(
                "All of today's tickets for {service} have been taken. Please come back tomorrow."
            ).format(service=name)
        if kind is NoticeKind.DISABLED:
            return self.tr("{service} is not available at the moment.").format(service=name)
        if kind is NoticeKind.NO_PRIORITY:
            return self.tr("{service} has no green channel. Please take a normal ticket.").format(
                service=name
            )
        return self.tr("Something went wrong. Please try again, or ask a member of staff.")

    def read_more(self) -> tuple[str, str]:
        """The button under a text too long for the screen: page on, and at its end."""
        return self.tr("Read more ▼"), self.tr("Back to the top ▲")

    def back_home(self) -> str:
        return self.tr("Back to start")
