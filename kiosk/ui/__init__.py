"""The Qt windows: kiosk, counter workstation, hall display, technician panel (issue #3).

Windows only wire widgets to kiosk.core.service.QueueService operations.
"""
