"""A process of a PC whose hall lives on the hall server (``--server URL``,
``$KIOSK_SERVER``, `kiosk server join`): its queue service is a
:class:`kiosk.remote.HallClient` with the same methods as a local
:class:`~kiosk.core.service.QueueService` (docs/server-api.md). The windows' and device
host's parts on such a PC: kiosk.app.remote_runtime."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kiosk.app.settings import Settings
from kiosk.core.service import QueueService
from kiosk.remote import token as keep

if TYPE_CHECKING:  # httpx is loaded only by a process that talks to a server
    from kiosk.remote.client import HallClient


def remote_url(settings: Settings, given: str | None = None) -> str:
    """The hall server this PC uses ("": none, the hall is local)."""
    return keep.server_url(given, settings.data_dir)


def verify(settings: Settings, url: str) -> typing.Any:
    """True, or for https:// an SSL context pinning the server's certificate."""
    if url.startswith("https://"):
        from kiosk.remote.tls import pinned_context

        return pinned_context(keep.fingerprint(settings.data_dir), url)
    return True


def hall_client(settings: Settings, url: str) -> HallClient:
    """A client of the hall server at ``url`` with this PC's token (and, for https, the
    pinned certificate)."""
    from kiosk.remote.client import HallClient

    return HallClient(url, keep.token(settings.data_dir), verify=verify(settings, url))


@contextmanager
def open_remote_service(settings: Settings, url: str) -> Iterator[QueueService]:
    """A command's queue service on the hall server: the client, typed as the service
    whose methods it has (kiosk.remote.client)."""
    client = hall_client(settings, url)
    try:
        yield typing.cast(QueueService, client)
    finally:
        client.close()
