"""Wait estimation: the learned estimator, its trace format and the replay engine.

Pure Python like the rest of kiosk.core: the estimator runs inside the kiosk's
refresh, the replay and the benchmark feed it traces (docs/trace-format.md).
"""
