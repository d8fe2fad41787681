"""The `kiosk` command line: a module per command group.

:mod:`.main` builds the parser and runs a command (errors to one line and an exit code,
a bug to a crash log); :mod:`.queue`, :mod:`.db`, :mod:`.config`, :mod:`.windows`,
:mod:`.selftest` and :mod:`.bench` each add their commands and run them; :mod:`.wait`
(`export-trace`, `replay`, `bench wait`) and :mod:`.devices` (the device self-tests) are
the groups that can also run on their own; :mod:`.jsonview` holds the stable JSON shapes
(docs/cli.md). The benchmarks themselves live in the ``benchmarks`` package beside
``kiosk``, imported by `kiosk bench ...`.
"""

from kiosk.cli.main import EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_OK, EXIT_USAGE, build_parser, main

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_BUG", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
