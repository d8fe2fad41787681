"""Hall kiosk: queue ticketing for service halls."""

__version__ = "0.1.0"
