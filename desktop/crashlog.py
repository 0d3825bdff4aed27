"""Unexpected errors go to a log file in the app-data folder; users get one plain sentence."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from desktop.paths import data_dir


def log_exception(error: BaseException) -> Path | None:
    """Append the traceback to logs/fengwang-YYYYMMDD.log; returns the file, or None if unwritable."""
    folder = data_dir() / "logs"
    path = folder / f"fengwang-{datetime.now():%Y%m%d}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S}\n")
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path
