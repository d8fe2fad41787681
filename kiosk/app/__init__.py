"""The composition root: the one place that picks and builds the concrete parts.

``build_runtime(role, settings)`` (kiosk.app.runtime) puts a process together; the
modules beside it build one kind of part each: ``settings`` (configuration file, data
directory, clock, ticket-link secret), ``store`` (the store and the queue service with its
wait estimator), ``printer`` (the ticket printer, what a ticket says, the desk) and
``devices`` (the device hub, its buses, the voice). Nothing here imports kiosk.ui.
"""

from kiosk.app.daily import folder as daily_folder
from kiosk.app.daily import write_atomically
from kiosk.app.devices import build_devices, build_voice, devices_settings
from kiosk.app.printer import (
    TicketPicture,
    build_printer,
    printer_profile,
    reprint,
    ticket_desk,
    ticket_heading,
    ticket_job,
    ticket_picture,
    ticket_template,
)
from kiosk.app.remote import hall_client, open_remote_service, remote_url
from kiosk.app.runtime import (
    CommandRuntime,
    CounterRuntime,
    DeviceHostRuntime,
    DisplayRuntime,
    KioskRuntime,
    Role,
    ScreenRuntime,
    ServerRuntime,
    TechRuntime,
    build_runtime,
)
from kiosk.app.settings import (
    APP_NAME,
    FIXED_CLOCK_YEARS,
    SECRET_FILE,
    STORE_FILE,
    Settings,
    default_data_dir,
    listening_on,
    load_settings,
    make_clock,
    require_secret,
    resolve_config_path,
    resolve_data_dir,
    ticket_link,
    ticket_secret,
)
from kiosk.app.store import (
    build_service,
    ensure_data_dir,
    open_queue_store,
    open_service,
    pin_gate,
    store_name,
)

__all__ = [
    "APP_NAME",
    "FIXED_CLOCK_YEARS",
    "SECRET_FILE",
    "STORE_FILE",
    "CommandRuntime",
    "CounterRuntime",
    "DeviceHostRuntime",
    "DisplayRuntime",
    "KioskRuntime",
    "Role",
    "ScreenRuntime",
    "ServerRuntime",
    "Settings",
    "TechRuntime",
    "TicketPicture",
    "build_devices",
    "build_printer",
    "build_runtime",
    "build_service",
    "build_voice",
    "daily_folder",
    "default_data_dir",
    "devices_settings",
    "ensure_data_dir",
    "hall_client",
    "listening_on",
    "load_settings",
    "make_clock",
    "open_queue_store",
    "open_remote_service",
    "open_service",
    "pin_gate",
    "printer_profile",
    "remote_url",
    "reprint",
    "require_secret",
    "resolve_config_path",
    "resolve_data_dir",
    "store_name",
    "ticket_desk",
    "ticket_heading",
    "ticket_job",
    "ticket_link",
    "ticket_picture",
    "ticket_secret",
    "ticket_template",
    "write_atomically",
]
