"""Every test runs headless, on its own temporary database and settings, never the user's."""

from __future__ import annotations

import os

# Before any Qt import: no screen on CI, and the tests must not depend on one.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

from desktop.db import Database, open_database


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory, monkeypatch):
    """App data, settings and FENGWANG_DB point into a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "localappdata"))
    monkeypatch.setenv("APPDATA", str(home / "appdata"))
    monkeypatch.delenv("FENGWANG_DB", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "fengwang.sqlite"


@pytest.fixture
def db(db_path) -> Database:
    database = open_database(f"sqlite:///{db_path}")
    yield database
    database.close()
