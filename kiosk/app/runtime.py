"""One process put together: ``build_runtime(role, settings)``.

Each role of a process gets a typed runtime holding the concrete parts it uses: the
store, the queue service and its wait estimator, the ticket printer, the device hub with
its buses, the voice. This is the only place they are constructed; the windows
(kiosk.ui) receive a runtime and the command line a command runtime.

| role | process | parts |
|---|---|---|
| ``KIOSK`` | `kiosk run`: the kiosk and the hall display | service, printer, the device host |
| ``COUNTER`` | `kiosk counter N` | service, printer; calls go to the log, not a voice |
| ``DISPLAY``, ``TECH`` | `kiosk display`, `kiosk tech` | service, printer, the voice |
| ``DEVICE_HOST`` | the buses, displays, keypads, evaluators and the voice | the hub's own service |
| ``COMMAND`` | one `kiosk` command | service (no history learned), printer on demand |
| ``SERVER`` | `kiosk serve`: the hall server | store, service, estimator, feed, log follower |
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
import typing
from typing import TYPE_CHECKING, Literal, cast, overload

from kiosk.app.devices import build_voice, devices_settings
from kiosk.app.printer import (
    TicketPicture,
    build_printer,
    print_follow_up,
    reprint,
    ticket_desk,
    ticket_picture,
)
from kiosk.app.settings import Settings, make_clock, require_secret
from kiosk.app.store import build_service, open_queue_store, pin_gate
from kiosk.core.clock import Clock
from kiosk.core.daily import DailyReports
from kiosk.core.feed import HallFeed
from kiosk.core.hallpcs import HallPcs
from kiosk.core.pin import PinGate
from kiosk.core.ports import Announcer, TicketPrinter
from kiosk.core.selftest import SelfTest
from kiosk.core.service import QueueService
from kiosk.store.follow import LogFollower
from kiosk.store.sql import SqlStore

if TYPE_CHECKING:  # the devices' modules import pyserial: only a process with devices loads them
    from kiosk.app.daily import DailyReporter
    from kiosk.app.remote_runtime import Link, RemoteService
    from kiosk.core.desk import TicketDesk
    from kiosk.core.model import FollowUp, Ticket
    from kiosk.devices.hub import DeviceHub, HubEvents
    from kiosk.devices.selftest import Ask, Prompt
    from kiosk.devices.simulators import SimulatedBuses
    from kiosk.devices.voice.announcer import VoiceAnnouncer
    from kiosk.devices.voice.caller import CallAnnouncer
    from kiosk.store.access import AccessStore

log = logging.getLogger(__name__)


class Role(enum.Enum):
    """What a process is for (the table in the module's docstring)."""

    KIOSK = "kiosk"
    COUNTER = "counter"
    DISPLAY = "display"
    TECH = "tech"
    DEVICE_HOST = "devices"
    COMMAND = "command"
    SERVER = "server"


SCREEN_ROLES = frozenset({Role.KIOSK, Role.COUNTER, Role.DISPLAY, Role.TECH})


@dataclasses.dataclass
class CommandRuntime:
    """One command's parts: the store's connections close with :meth:`close`."""

    settings: Settings
    clock: Clock
    store: SqlStore
    service: QueueService

    def printer(self, url: str | None = None) -> TicketPrinter:
        """The configured ticket printer, or the one a command names (--printer)."""
        return build_printer(self.settings, url)

    def desk(self, printer: TicketPrinter) -> TicketDesk:
        return ticket_desk(self.settings, self.service, printer)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> CommandRuntime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclasses.dataclass
class ServerRuntime:
    """`kiosk serve`: the hall's store and queue service for the PCs of the hall
    (kiosk.server). Its feed hears this process's commits at once and, through the
    follower, the commits of commands run on the server PC itself. :meth:`start` the
    follower, :meth:`stop` it, then :meth:`close` the service and the store."""

    settings: Settings
    clock: Clock
    store: SqlStore
    service: QueueService  # with the learning wait estimator, as a screen process's
    follower: LogFollower
    # the PCs joined to the hall, the staff, the answers kept by Idempotency-Key; the
    # service's transactions tag their events with the request and the staff at the counter
    access: AccessStore
    # the daily report, written when the business day resets (kiosk.app.daily): `kiosk
    # serve` starts it; and the reports the technician panel lists (GET /reports/daily)
    daily: DailyReporter | None = None
    reports: DailyReports | None = None
    _closed: bool = dataclasses.field(default=False, repr=False)

    def start(self) -> None:
        self.service.feed.last  # noqa: B018  the feed's place: events from now on are told
        self.follower.start()

    def stop(self) -> None:
        self.follower.stop()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.service.close()
        self.store.close()

    def __enter__(self) -> ServerRuntime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.close()


@dataclasses.dataclass
class DeviceHostRuntime:
    """The counter devices and the voice, with the hub's own store connection and
    service (its thread; no wait estimates). :meth:`start`, then :meth:`stop` at exit."""

    settings: Settings
    hub: DeviceHub
    store: SqlStore | None  # None: the hub uses a service its caller owns
    selftests: list[SelfTest]  # the displays', keypads' and evaluators'
    # The far end of the "sim" buses (the demo hall's devices; none on a real hall),
    # started and closed with the hub as its wires: the simulated devices window's
    simulated: SimulatedBuses
    # a device host of its own (no windows): what tells its feed of other processes'
    # commits (the store's log follower, or the hall server's feed: a Link); None when
    # it shares a screen process's feed (that process follows)
    follower: LogFollower | Link | None = None
    # on a PC of a hall of several (`kiosk devices --server URL`): the hall server's
    # client the hub calls, whether the server is reached, the one announcer of the hall
    remote: RemoteService | None = None
    link: Link | None = None
    calls: CallAnnouncer | None = None

    @property
    def voice(self) -> VoiceAnnouncer | None:
        return self.hub.voice

    def start(self) -> None:
        self.hub.start()  # and its voice
        if self.calls is not None:  # from now on: calls made before are not said again
            self.calls.follow(self.hub_feed())
        if self.follower is not None:
            self.follower.start()

    def hub_feed(self) -> HallFeed:
        assert self.remote is not None
        return self.remote.feed

    def stop(self) -> None:
        if self.follower is not None:
            self.follower.stop()
        if self.calls is not None:
            self.calls.stop()
        self.hub.stop()
        if self.store is not None:
            self.store.close()
        if self.remote is not None:
            self.remote.close()


@dataclasses.dataclass
class ScreenRuntime:
    """The parts of a process with windows. :meth:`start` its devices or voice when the
    windows are up; at exit :meth:`stop` them, then :meth:`close` the service and store."""

    role: Role
    settings: Settings
    clock: Clock
    store: SqlStore | None  # None on a PC of a hall of several: the server has the store
    # its wait estimator learns the store's history in the background; on a PC of a hall
    # of several, the hall server's (kiosk.app.remote_runtime.RemoteService: the same methods)
    service: QueueService
    pins: PinGate  # the technician PIN; its failures and lockout live in the store
    printer: TicketPrinter
    announcer: Announcer  # the voice, or the log when this process has none
    voice: VoiceAnnouncer | None  # the voice this process runs (started and stopped here)
    devices: DeviceHostRuntime | None  # the counter devices, when this process owns them
    selftests: list[SelfTest]  # printer, voice, devices, storage (the panel adds its own)
    # tells the service's hall feed of other processes' commits (the windows' watcher
    # starts and stops it with itself): the store's log follower, or the hall server's
    # feed on a PC of a hall of several (the Link)
    follower: LogFollower | Link | None = None
    # the one announcer: says each call from the hall feed (`kiosk run`, `kiosk display`)
    calls: CallAnnouncer | None = None
    # on a PC of a hall of several: whether the hall server is reached (the windows'
    # banner), and the server's PCs and device checks (the technician panel); None on one PC
    link: Link | None = None
    hall_pcs: HallPcs | None = None
    # the daily reports the technician panel lists: this PC's folder and store, or the
    # hall server's; and, in a kiosk process that owns the store (`kiosk run`), what
    # writes them when the business day resets (started by kiosk.ui.app.run)
    reports: DailyReports | None = None
    daily: DailyReporter | None = None
    _closed: bool = dataclasses.field(default=False, repr=False)

    @property
    def hub(self) -> DeviceHub | None:
        return self.devices.hub if self.devices is not None else None

    def desk(self) -> TicketDesk:
        """Issue, print on this process's printer, record the outcome."""
        return ticket_desk(self.settings, self.service, self.printer)

    def reprint(self, number: str) -> Ticket:
        """Print an active ticket again on this process's printer (PrintFailed if not)."""
        return reprint(self.settings, self.service, self.printer, number)

    def print_follow_up(self, follow_up: FollowUp) -> None:
        """A complaint's follow-up slip on this process's printer (PrintFailed if not)."""
        print_follow_up(self.settings, self.printer, follow_up)

    def ticket_picture(self) -> TicketPicture:
        """The printer's last ticket as its paper shows it, else a sample."""
        return ticket_picture(self.settings, self.printer, self.clock.now())

    def start(self) -> None:
        if self.devices is not None:
            self.devices.start()
        elif self.voice is not None:
            self.voice.start()
        if self.calls is not None:  # from now on: calls made before are not said again
            self.calls.follow(self.service.feed)

    def stop(self) -> None:
        if self.calls is not None:
            self.calls.stop()
        if self.devices is not None:
            self.devices.stop()
        elif self.voice is not None:
            self.voice.stop()

    def close(self) -> None:
        """Stop the wait learning, then close the store (once)."""
        if self._closed:
            return
        self._closed = True
        self.service.close()
        if self.store is not None:
            self.store.close()


@dataclasses.dataclass
class KioskRuntime(ScreenRuntime):
    """`kiosk run`: the customer kiosk and the hall display, owning the devices."""


@dataclasses.dataclass
class CounterRuntime(ScreenRuntime):
    """`kiosk counter N`."""

    counter: int = 0


@dataclasses.dataclass
class DisplayRuntime(ScreenRuntime):
    """`kiosk display`: the hall display with the voice."""


@dataclasses.dataclass
class TechRuntime(ScreenRuntime):
    """`kiosk tech`: the technician panel with the voice (its self-test)."""


_SCREENS: dict[Role, type[ScreenRuntime]] = {
    Role.KIOSK: KioskRuntime,
    Role.COUNTER: CounterRuntime,
    Role.DISPLAY: DisplayRuntime,
    Role.TECH: TechRuntime,
}


@overload
def build_runtime(
    role: Literal[Role.COMMAND], settings: Settings, *, clock: Clock | None = ...
) -> CommandRuntime: ...
@overload
def build_runtime(
    role: Literal[Role.SERVER], settings: Settings, *, clock: Clock | None = ...
) -> ServerRuntime: ...
@overload
def build_runtime(
    role: Literal[Role.DEVICE_HOST],
    settings: Settings,
    *,
    clock: Clock | None = ...,
    server: str | None = ...,
    service: QueueService | None = ...,
    hub_events: HubEvents | None = ...,
    ask: Ask | None = ...,
    voice: bool = ...,
) -> DeviceHostRuntime: ...
@overload
def build_runtime(
    role: Literal[Role.KIOSK],
    settings: Settings,
    *,
    clock: Clock | None = ...,
    server: str | None = ...,
    hub_events: HubEvents | None = ...,
    ask: Ask | None = ...,
    background: bool = ...,
    store: SqlStore | None = ...,
    service: QueueService | None = ...,
) -> KioskRuntime: ...
@overload
def build_runtime(
    role: Literal[Role.COUNTER],
    settings: Settings,
    *,
    counter: int,
    clock: Clock | None = ...,
    server: str | None = ...,
    background: bool = ...,
    store: SqlStore | None = ...,
    service: QueueService | None = ...,
) -> CounterRuntime: ...
@overload
def build_runtime(
    role: Literal[Role.DISPLAY, Role.TECH],
    settings: Settings,
    *,
    clock: Clock | None = ...,
    server: str | None = ...,
    background: bool = ...,
    store: SqlStore | None = ...,
    service: QueueService | None = ...,
) -> ScreenRuntime: ...
@overload
def build_runtime(
    role: Role,
    settings: Settings,
    *,
    counter: int | None = ...,
    clock: Clock | None = ...,
    server: str | None = ...,
    hub_events: HubEvents | None = ...,
    ask: Ask | None = ...,
    background: bool = ...,
    store: SqlStore | None = ...,
    service: QueueService | None = ...,
) -> CommandRuntime | DeviceHostRuntime | ScreenRuntime | ServerRuntime: ...
def build_runtime(
    role: Role,
    settings: Settings,
    *,
    counter: int | None = None,
    clock: Clock | None = None,
    hub_events: HubEvents | None = None,
    ask: Ask | None = None,
    background: bool = True,
    store: SqlStore | None = None,
    service: QueueService | None = None,
    voice: bool = True,
    server: str | None = None,
) -> CommandRuntime | DeviceHostRuntime | ScreenRuntime | ServerRuntime:
    """The parts of a process of this role, built from the settings.

    ``clock``: the clock every part reads (else the system clock, or $KIOSK_NOW).
    ``hub_events``: who hears of the devices (a window's bridge); ``ask``: what a keypad
    or evaluator self-test asks the technician (the log always has it). ``counter``: the
    counter of a ``COUNTER`` process. ``background=False``: the wait estimator learns
    inside the operations (repeatable pictures for `kiosk screenshots`). ``store`` and
    ``service``: parts a caller made (a test's gated estimator, the pictures' seeded
    hall), used instead of new ones. ``voice=False``: a device host without a voice."""
    from kiosk.devices.simulators.voice import SimVoice
    from kiosk.store.selftest import StorageSelfTest

    clock = clock or make_clock()  # a bad $KIOSK_NOW fails before the store is touched
    if server is not None and role in (*SCREEN_ROLES, Role.DEVICE_HOST):
        return _remote(role, settings, server, clock, counter, hub_events, ask)
    if role is Role.COMMAND:
        store = open_queue_store(settings)
        # the estimate a command prints is the kiosk's: learned from the same history,
        # inside the command (it has no thread to wait for)
        service = build_service(settings, clock, store, background=False)
        return CommandRuntime(settings, clock, store, service)
    if role is Role.SERVER:
        return _server(settings, clock)
    if role is Role.DEVICE_HOST:
        return _device_host(settings, clock, service, hub_events, ask, voice=voice)
    if role is Role.COUNTER:
        if counter is None:
            raise ValueError("a counter process needs its counter number")
        settings.hall.counter(counter)  # NotFound names an unknown counter before any part
    require_secret(settings)  # the kiosk signs ticket links: a missing secret stops the start
    store = store or open_queue_store(settings)
    service = service or build_service(settings, clock, store, background=background)
    printer = build_printer(settings)
    devices: DeviceHostRuntime | None = None
    player: VoiceAnnouncer | None = None
    log_voice = SimVoice()  # calls go to the log
    if role is Role.KIOSK:
        # one feed per process: the hub's own connection publishes into the windows' feed
        devices = _device_host(
            settings, clock, None, hub_events, ask, voice=True, feed=service.feed
        )
        player = devices.voice
    elif role in (Role.DISPLAY, Role.TECH):
        player = build_voice(devices_settings(settings).voice)
    announcer: Announcer = log_voice if player is None else player
    selftests: list[SelfTest] = [
        printer,
        log_voice if player is None else player,
        *(devices.selftests if devices else ()),
        StorageSelfTest(settings.store_url),
    ]
    kind = _SCREENS[role]
    from kiosk.app.daily import DailyReporter, LocalReports
    from kiosk.devices.voice.caller import CallAnnouncer

    parts = dict(
        role=role,
        settings=settings,
        clock=clock,
        store=store,
        service=service,
        pins=pin_gate(settings, store, clock),
        printer=printer,
        announcer=announcer,
        voice=player,
        devices=devices,
        selftests=selftests,
        follower=LogFollower(store, service.feed),
        calls=CallAnnouncer(announcer) if announces(role, settings) else None,
        reports=LocalReports(settings, store),
        daily=DailyReporter(settings, store, service, clock) if role is Role.KIOSK else None,
    )
    if kind is CounterRuntime:
        assert counter is not None
        return CounterRuntime(**parts, counter=counter)  # type: ignore[arg-type]
    return kind(**parts)  # type: ignore[arg-type]


def _remote(
    role: Role,
    settings: Settings,
    server: str,
    clock: Clock,
    counter: int | None,
    hub_events: HubEvents | None,
    ask: Ask | None,
) -> DeviceHostRuntime | ScreenRuntime:
    """A PC of a hall of several: the hall server's client (a RemoteService, the same
    methods as QueueService) where the store and service were, the server's feed where
    the log follower was; the printer, the voice and the devices are this PC's own.

    A device host (`kiosk devices`) is the hall's one announcer: a display on its own
    PC says nothing (docs/multi-pc.md). The technician PIN's failures are counted in
    memory on such a PC (the hall's store is the server's)."""
    from kiosk.app.remote_runtime import Link, ServerSelfTest, connect, follow
    from kiosk.core.pin import MemoryPinStore
    from kiosk.devices.simulators.voice import SimVoice

    remote_settings, client = connect(settings, server, clock, screen=role in SCREEN_ROLES)
    try:
        if role is Role.COUNTER:
            if counter is None:
                raise ValueError("a counter process needs its counter number")
            remote_settings.hall.counter(counter)  # NotFound: the server has no such counter
        link = Link(client.url)
        service = cast(QueueService, client)  # RemoteService has QueueService's methods
        if role is Role.DEVICE_HOST:
            from kiosk.app.remote_runtime import DeviceChecks
            from kiosk.devices.voice.caller import CallAnnouncer

            host = _device_host(remote_settings, clock, service, hub_events, ask, voice=True)
            follow(client, link, DeviceChecks(client, lambda: list(host.selftests)))
            host.follower = link
            host.remote = client
            host.link = link
            host.selftests.append(build_printer(remote_settings))
            host.selftests.append(ServerSelfTest(client))
            if host.voice is not None:
                host.selftests.append(host.voice)
                host.calls = CallAnnouncer(host.voice)
            return host
        follow(client, link)
        if role is Role.KIOSK:
            require_secret(remote_settings)  # the kiosk prints signed ticket links
        printer = build_printer(remote_settings)
        log_voice = SimVoice()  # calls go to the log: the device host says them
        player = build_voice(devices_settings(remote_settings).voice) if role is Role.TECH else None
        tech = remote_settings.config.tech
        pins = PinGate(
            tech.pin_hash or None,
            MemoryPinStore(),
            clock,
            tech.max_attempts,
            dt.timedelta(seconds=tech.lockout_seconds),
        )
        selftests: list[SelfTest] = [
            printer,
            log_voice if player is None else player,
            ServerSelfTest(client),
        ]
        parts = dict(
            role=role,
            settings=remote_settings,
            clock=clock,
            store=None,
            service=service,
            pins=pins,
            printer=printer,
            announcer=log_voice if player is None else player,
            voice=player,
            devices=None,
            selftests=selftests,
            follower=link,
            calls=None,
            link=link,
            hall_pcs=client,
            reports=client,
        )
    except BaseException:
        client.close()
        raise
    kind = _SCREENS[role]
    if kind is CounterRuntime:
        assert counter is not None
        return CounterRuntime(**parts, counter=counter)  # type: ignore[arg-type]
    return kind(**parts)  # type: ignore[arg-type]


def _server(settings: Settings, clock: Clock) -> ServerRuntime:
    from functools import partial

    from kiosk.core.estimate import LearnedEstimator
    from kiosk.core.ports import QueueStore
    from kiosk.store.access import AccessStore, TaggedStore
    from kiosk.store.history import pauses_between, tickets_between

    store = open_queue_store(settings)
    access = AccessStore(store)
    estimator = LearnedEstimator(
        settings.hall, partial(tickets_between, store), pauses=partial(pauses_between, store)
    )
    tagged = typing.cast(QueueStore, TaggedStore(store, access))
    service = QueueService(settings.hall, tagged, clock, estimator)
    follower = LogFollower(store, service.feed)
    from kiosk.app.daily import DailyReporter, LocalReports

    return ServerRuntime(
        settings,
        clock,
        store,
        service,
        follower,
        access,
        daily=DailyReporter(settings, store, service, clock),
        reports=LocalReports(settings, store),
    )


def announces(role: Role, settings: Settings) -> bool:
    """Whether a process says the calls: `kiosk run`'s and a display's of its own, unless
    ``[display] announce = false``; never a counter's or the technician panel's."""
    return role in (Role.KIOSK, Role.DISPLAY) and settings.config.display.announce


def _device_host(
    settings: Settings,
    clock: Clock,
    service: QueueService | None,
    events: HubEvents | None,
    ask: Ask | None,
    *,
    voice: bool,
    feed: HallFeed | None = None,
) -> DeviceHostRuntime:
    from kiosk.app.devices import build_devices, devices_settings
    from kiosk.devices.selftest import DisplaysSelfTest, EvaluatorsSelfTest, KeypadsSelfTest

    store: SqlStore | None = None
    if service is None:
        # The hub's own service: its thread, its connections, no estimates it does not need
        store = open_queue_store(settings)
        service = QueueService(settings.hall, store, clock, feed=feed)
    from kiosk.devices.simulators import SimulatedBuses

    # "sim" buses: simulators on the far end of a pseudo-terminal; the hub sees only its URL
    simulated = SimulatedBuses(devices_settings(settings))
    hub = build_devices(
        simulated.settings,
        service,
        rater=service,
        events=events,
        voice=voice,
        wires=[simulated],
    )

    def asked(prompt: Prompt) -> None:
        log.warning("self-test: %s", prompt)  # the panel's log; the report says what came
        if ask is not None:
            ask(prompt)  # the technician panel shows it
        simulated.press_when_asked(prompt)  # a simulated device presses its own key

    tests: list[SelfTest] = [
        DisplaysSelfTest(hub),
        KeypadsSelfTest(hub, asked),
        EvaluatorsSelfTest(hub, asked),
    ]
    # on its own (no windows, no feed given): it follows the other processes itself
    follower = LogFollower(store, service.feed) if store is not None and feed is None else None
    return DeviceHostRuntime(settings, hub, store, tests, simulated, follower)


__all__ = [
    "SCREEN_ROLES",
    "CommandRuntime",
    "CounterRuntime",
    "DeviceHostRuntime",
    "DisplayRuntime",
    "KioskRuntime",
    "Role",
    "ScreenRuntime",
    "ServerRuntime",
    "TechRuntime",
    "announces",
    "build_runtime",
]
