"""Persistence: the SQL implementation of kiosk.core.ports.QueueStore."""
