"""Ruff's lint and format rules (pyproject.toml) hold on every file, so CI enforces them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["desktop", "tests", "benchmarks", "installer"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *CODE], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_finds_nothing():
    done = ruff("check", "--no-cache")
    assert done.returncode == 0, done.stdout


def test_code_is_formatted():
    done = ruff("format", "--check", "--no-cache")
    assert done.returncode == 0, done.stdout
