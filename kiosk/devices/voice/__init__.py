"""Offline voice: recorded clips chained into one sound per call, played one at a time.

:mod:`.clips` loads and chains the WAV clips (kiosk/assets/voice, made by
tools/make-voice-clips.sh); :mod:`.outputs` plays a sound (a player program, or nothing
in tests); :mod:`.announcer` queues the calls so that they never overlap.
"""
