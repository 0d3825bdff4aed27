"""The bundle's `fengwang` executable (windowed on Windows)."""

import os
import sys

# A windowed Windows executable has no console: print() and argparse's --help would fail on a
# missing stream. Output there goes nowhere; the exit code still tells (e.g. of --self-test).
for name in ("stdout", "stderr"):
    if getattr(sys, name) is None:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the process' life)

from desktop.app import main  # noqa: E402 (after the streams exist)

sys.exit(main())
