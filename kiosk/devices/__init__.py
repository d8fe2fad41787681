"""Hardware: ticket printer, LED displays, keypads, evaluators, voice.

Each device implements a small protocol the domain or the UI declares, with a
simulator that speaks the same bytes (issues #4 and #5).
"""
