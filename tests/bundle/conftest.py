"""The bundle (installer/build.py) is built once per run, in the background while the rest of the
suite runs, and its tests run last.

FENGWANG_BUNDLE_DIST=<folder> uses what an earlier `installer/build.py --dist <folder>` made
instead of building again (for working on these tests).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 900
_build: dict = {}


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("bundle") is not None)  # stable: last


def pytest_collection_finish(session):
    if os.environ.get("FENGWANG_BUNDLE_DIST") or not any(
        item.get_closest_marker("bundle") for item in session.items
    ):
        return
    folder = Path(tempfile.mkdtemp(prefix="fengwang-bundle-"))
    log = (folder / "build.log").open("w", encoding="utf-8")
    _build.update(folder=folder, log=log)
    # Beside the suite, not ahead of it: the build has a core of its own on a 2-core machine.
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    _build["process"] = subprocess.Popen(
        [
            *nice,
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(folder / "dist"),
            "--work",
            str(folder / "work"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def pytest_sessionfinish(session):
    process = _build.get("process")
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    if "folder" in _build:
        _build["log"].close()
        shutil.rmtree(_build["folder"], ignore_errors=True)


@pytest.fixture(scope="session")
def dist() -> Path:
    """The folder the build wrote into (the bundle, the archive, the .deb)."""
    given = os.environ.get("FENGWANG_BUNDLE_DIST")
    if given:
        return Path(given)
    process = _build["process"]
    try:
        process.wait(timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _build["log"].flush()
    log = (_build["folder"] / "build.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, f"installer/build.py failed:\n{log[-6000:]}"
    return _build["folder"] / "dist"


@pytest.fixture(scope="session")
def bundle(dist) -> Path:
    return dist / "fengwang"
