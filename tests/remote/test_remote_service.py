"""The remote runtime hands the windows a RemoteService typed as the QueueService it
stands for (kiosk.app.runtime): it must have every public method and property of
QueueService, with the same parameters, so a window cannot tell them apart."""

from __future__ import annotations

import inspect

from kiosk.app.remote_runtime import RemoteService
from kiosk.core.service import QueueService


def test_the_remote_service_has_every_method_of_the_queue_service() -> None:
    for name, member in inspect.getmembers(QueueService):
        if name.startswith("_"):
            continue
        assert hasattr(RemoteService, name), f"RemoteService lacks {name}"
        if not callable(member) or isinstance(member, property):
            continue
        local = inspect.signature(member).parameters
        remote = inspect.signature(getattr(RemoteService, name)).parameters
        for param in local.values():
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                continue
            assert param.name in remote or any(
                p.kind is inspect.Parameter.VAR_KEYWORD for p in remote.values()
            ), f"RemoteService.{name} lacks the parameter {param.name}"
