"""The bundle's `fengwang-cli` executable (console)."""

import sys

from desktop.cli import main

sys.exit(main())
