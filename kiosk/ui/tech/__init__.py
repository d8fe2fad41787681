"""The tech window."""
