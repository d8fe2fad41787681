"""Widgets the windows share: QR code, long-press area."""
