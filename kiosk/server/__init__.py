"""The hall server: `kiosk serve` (docs/server-api.md).

``build_app`` (kiosk.server.app) is the Starlette application around one queue service;
``serve`` runs it on uvicorn in the foreground, ``serve_in_thread`` beside `kiosk run`'s
windows (kiosk.server.run). Built by the composition root's ``Role.SERVER`` runtime;
only kiosk.cli imports this package.
"""

from kiosk.server.app import build_app
from kiosk.server.run import ServerHandle, serve, serve_in_thread

__all__ = ["ServerHandle", "build_app", "serve", "serve_in_thread"]
