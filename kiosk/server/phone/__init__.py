"""The visitor's ticket page behind each ticket's QR code (docs/phone.md): server-rendered,
live over server-sent events, in Chinese and English. Mount ``PhonePages(...).mount()``
on the hall server; ``aclose()`` it at shutdown."""

from kiosk.server.phone.app import PhonePages, PhoneSettings, phone_routes, phone_settings

__all__ = ["PhonePages", "PhoneSettings", "phone_routes", "phone_settings"]
