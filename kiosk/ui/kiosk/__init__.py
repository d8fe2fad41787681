"""The kiosk window."""
