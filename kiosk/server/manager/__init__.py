"""The manager view: a page on the hall server (``/manager``) for the manager's own PC
or phone, in a browser, with nothing to install: the figures of `kiosk report` over a
period, as charts drawn on the server (inline SVG; the hall has no Internet), and the
same report to download. Signing in takes the token of a PC enrolled as ``manager`` (or
``admin``); docs/reports.md, "The manager view"."""

from kiosk.server.manager.app import ManagerPages, ManagerSettings
from kiosk.server.manager.sections import advice_section, follow_ups_section

__all__ = ["ManagerPages", "ManagerSettings", "advice_section", "follow_ups_section"]
