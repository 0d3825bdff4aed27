"""Start-up and search speed with a township of 100,000 people (10 years of assignments).

Prints, for the same machine and the same run:
- start-up: process start → main window shown with the roster populated, next to a bare
  QMainWindow started the same way (ratio; target ≤ 2×);
- search: median time for the roster to follow one keystroke (target ≤ 50 ms).

Both run on Qt's offscreen platform so that the figures do not depend on a display.
Usage: python benchmarks/startup.py [--people N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from common import big_roster_db, median_ms, run_python

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# READY once the window has been painted, as Fengwang reports it once its roster has been.
BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("READY", time.time(), flush=True), app.quit()))
        return False


app = QApplication([])
window = QMainWindow()
window.resize(1280, 720)
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
app.exec()
"""

FENGWANG = "import sys; from desktop.app import main; sys.exit(main(sys.argv[1:]))"

# What a clerk types: pinyin initials, a name, an ID tail, a phone fragment.
QUERIES = ("zsf", "wxm", "李", "王芳", "1234", "0019", "138", "lyh")


def time_to(marker: str, code: str, *args: str) -> float:
    """Seconds from spawning a Python process to the line starting with `marker` it prints."""
    started = time.time()
    done = run_python(code, *args, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith(marker + " "):
            return float(line.split()[1]) - started
    raise SystemExit(f"no {marker} line; exit {done.returncode}\n{done.stderr[-2000:]}")


def keystroke_times(db_path) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from desktop.db import open_database
    from desktop.views.roster_page import RosterPage

    app = QApplication.instance() or QApplication([])
    db = open_database(f"sqlite:///{db_path}")
    page = RosterPage(db)
    page.resize(1280, 720)
    page.load()
    page.show()
    while not page.roster_complete:  # type into the whole roster, not its first page
        app.processEvents()
    samples = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            page.set_search_text(query[:end])
            app.processEvents()
            samples.append(time.perf_counter() - started)
        for end in range(len(query) - 1, -1, -1):  # and backspace it away again
            started = time.perf_counter()
            page.set_search_text(query[:end])
            app.processEvents()
            samples.append(time.perf_counter() - started)
    page.close()
    db.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    db_path = big_roster_db(args.people)
    fengwang = (FENGWANG, "--db", str(db_path), "--exit-when-ready")
    time_to("READY", *fengwang)  # warm the OS file cache
    bare, app, complete = [], [], []
    for _ in range(args.runs):  # interleaved, so that machine noise hits both alike
        bare.append(time_to("READY", BARE_WINDOW))
        app.append(time_to("READY", *fengwang))
        complete.append(time_to("COMPLETE", *fengwang))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    print(f"people in roster:           {args.people:,}")
    print(f"bare QMainWindow ready:     {bare_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"Fengwang window populated:  {app_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"start-up ratio:             {app_s / bare_s:7.2f}× (target ≤ 2×)")
    print(f"whole roster searchable:    {statistics.median(complete) * 1000:7.0f} ms")

    samples = keystroke_times(db_path)
    print(
        f"search, per keystroke:      {median_ms(samples):7.1f} ms median, "
        f"{max(samples) * 1000:.1f} ms worst of {len(samples)} (target ≤ 50 ms)"
    )


if __name__ == "__main__":
    main()
