"""Benchmarks of the wait estimator: the hall simulator, the real-log importer and
the scenario runner behind `kiosk bench wait` (docs/benchmarks.md)."""
