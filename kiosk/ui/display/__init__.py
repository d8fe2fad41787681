"""The display window."""
