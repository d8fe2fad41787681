"""The hall server: `kiosk serve` (docs/server-api.md).

``build_app`` (kiosk.server.app) is the Starlette application around one queue service;
``serve`` runs it on uvicorn in the foreground, ``serve_in_thread`` beside `kiosk run`'s
windows (kiosk.server.run). Built by the composition root's ``Role.SERVER`` runtime;
only kiosk.cli imports this package. The visitor's ticket page is
kiosk.server.phone (``ticket_pages``), the manager view kiosk.server.manager
(``manager_pages``), both mounted by ``build_app``.
"""

from kiosk.server.app import build_app, manager_pages, ticket_pages
from kiosk.server.run import ServerHandle, serve, serve_in_thread

__all__ = [
    "ServerHandle",
    "build_app",
    "manager_pages",
    "serve",
    "serve_in_thread",
    "ticket_pages",
]
