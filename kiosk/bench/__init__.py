"""Benchmarks behind `kiosk bench ...`; they print figures, tests never time things."""
