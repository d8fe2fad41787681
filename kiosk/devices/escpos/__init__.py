"""The ESC/POS ticket printer: rendering (bytes), transports (URLs) and status."""
