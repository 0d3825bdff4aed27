"""The bundle's size and its start-up next to the source install's (issue 8).

Prints, for the same machine and the same run:
- size: the one-folder bundle on disk (target ≤ 200 MB);
- start-up: process start → main window shown with the demo roster, the bundle's `fengwang`
  next to the source install's (`python -c "…desktop.app.main…"`), medians of interleaved runs
  (ratio; target ≤ 1.2×).

Both start on Qt's offscreen platform so that the figures do not depend on a display.
Usage: python benchmarks/bundle.py [--dist DIR] [--runs N]
  --dist: a folder `installer/build.py --dist DIR` has built into; without it the bundle is built
  (bundle only) into benchmarks/out/dist first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import OUT, ROOT, run_python

from desktop.db import open_database
from desktop.services.demo import build_demo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
EXE = ".exe" if sys.platform == "win32" else ""
FENGWANG = "import sys; from desktop.app import main; sys.exit(main(sys.argv[1:]))"


def bundle_folder(dist: Path | None) -> Path:
    if dist is None:
        dist = OUT / "dist"
        command = [sys.executable, str(ROOT / "installer" / "build.py"), "--no-packages"]
        command += ["--dist", str(dist), "--work", str(OUT / "build")]
        if subprocess.run(command).returncode != 0:
            raise SystemExit("installer/build.py failed")
    bundle = dist / "fengwang"
    if not (bundle / f"fengwang{EXE}").is_file():
        raise SystemExit(f"no bundle in {dist}")
    return bundle


def size_mb(folder: Path) -> float:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def demo_db() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bundle-demo.sqlite"
    if not path.exists():
        db = open_database(f"sqlite:///{path}")
        build_demo(db, seed=1)
        db.close()
    return path


def seconds_to_ready(done: subprocess.CompletedProcess, started: float) -> float:
    for line in done.stdout.splitlines():
        if line.startswith("READY "):
            return float(line.split()[1]) - started
    raise SystemExit(f"no READY line; exit {done.returncode}\n{done.stderr[-2000:]}")


def bundle_start(bundle: Path, db: Path) -> float:
    started = time.time()
    try:
        done = subprocess.run(
            [str(bundle / f"fengwang{EXE}"), "--db", str(db), "--exit-when-ready"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        # A dialog waits for an answer: most likely the database is newer than the bundle.
        raise SystemExit(
            "the bundle did not show its window within 120 s; if the source is newer than the "
            "bundle, rebuild it (python installer/build.py) or leave out --dist"
        ) from None
    return seconds_to_ready(done, started)


def source_start(db: Path) -> float:
    started = time.time()
    done = run_python(FENGWANG, "--db", str(db), "--exit-when-ready", timeout=120)
    return seconds_to_ready(done, started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    bundle = bundle_folder(args.dist)
    db = demo_db()
    bundle_start(bundle, db), source_start(db)  # warm the OS file cache for both
    bundled, source = [], []
    for _ in range(args.runs):  # interleaved, so that machine noise hits both alike
        bundled.append(bundle_start(bundle, db))
        source.append(source_start(db))
    bundle_s, source_s = statistics.median(bundled), statistics.median(source)
    print(f"bundle size:              {size_mb(bundle):7.0f} MB (target ≤ 200 MB)")
    print(f"source install ready:     {source_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"bundle ready:             {bundle_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"start-up ratio:           {bundle_s / source_s:7.2f}× (target ≤ 1.2×)")


if __name__ == "__main__":
    main()
