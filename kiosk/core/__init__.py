"""The pure domain of the hall: queue rules, numbering, call policy.

Nothing here imports Qt, SQLAlchemy, pyserial or escpos. Persistence and devices
implement the small protocols declared in :mod:`kiosk.core.ports`.
"""
