"""Every test runs headless, on its own temporary database and settings, never the user's."""

from __future__ import annotations

import os

# Before any Qt import: no screen on CI, and the tests must not depend on one.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

from desktop.db import Database, open_database
from tests.engines import DEFAULT_PG, PostgresDatabases, SqliteDatabases


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database engine of the data-layer and service tests (see tests/engines.py)",
    )
    parser.addoption(
        "--pg-url",
        default=os.environ.get("FENGWANG_TEST_PG", DEFAULT_PG),
        help="the PostgreSQL server for --engine=postgresql",
    )


def pytest_collection_modifyitems(config, items):
    other = "postgresql_only" if config.getoption("--engine") == "sqlite" else "sqlite_only"
    skip = pytest.mark.skip(reason=f"{other}: run with the other --engine")
    for item in items:
        if item.get_closest_marker(other):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def engine(request, tmp_path_factory):
    """Makes the databases of the session's tests on the engine --engine names."""
    if request.config.getoption("--engine") == "sqlite":
        databases = SqliteDatabases(tmp_path_factory)
    else:
        databases = PostgresDatabases(request.config.getoption("--pg-url"))
    yield databases
    databases.finish()


@pytest.fixture(scope="session")
def _empty_url(engine) -> str:
    """A database at the current schema with nothing in it, to copy (PostgreSQL only)."""
    url = engine.new_url()
    open_database(url).close()
    return url


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
def db(request, engine, db_path) -> Database:
    """An empty database at the current schema: the file at db_path, or on PostgreSQL a copy of
    an empty one (faster than migrating for every test)."""
    if engine.name == "sqlite":
        database = open_database(f"sqlite:///{db_path}")
    else:
        database = open_database(engine.copy_url(request.getfixturevalue("_empty_url")))
    yield database
    database.close()
