"""Modbus RTU: CRC-16, frames as values, and a stream parser fed bytes (docs/protocols.md).

Pure code: no port, no thread, no clock. The bus (kiosk.devices.bus) moves the bytes.
"""
