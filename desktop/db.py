"""Engine, sessions and migrations.

One `Database` per open file or server. Services take it and open one session per call.

Start-up speed: a township PC must show its roster about as fast as an empty window opens. So
opening a SQLite file that is already at the current schema, and the plain reads that fill the
first screen (`read_rows`), go through the standard library's sqlite3 alone. SQLAlchemy (a fifth
of a second to import) and Alembic load only when the first session or an upgrade needs them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from desktop.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine
    from sqlalchemy.orm import Session

# The newest migration this build knows. Checked against Alembic's script directory by a test, so
# that start-up can compare revisions without importing Alembic.
HEAD_REVISION = "0006"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:///PATH URL (None for other engines and in-memory databases)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = unquote(url[len(prefix) :])
    return Path(path) if path and path != ":memory:" else None


def _apply_pragmas(connection: sqlite3.Connection, _record: object = None) -> None:
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)


def _begin_transaction(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str | URL, *, transactional_ddl: bool = False) -> Engine:
    """An engine for `url`. SQL parameters are kept out of error messages (they may hold citizen
    IDs and phone numbers, and messages reach logs).

    `transactional_ddl` (SQLite only) applies SQLAlchemy's pysqlite recipe, so that CREATE and
    ALTER belong to the open transaction instead of committing at once: a migration that fails
    half-way then leaves nothing behind.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, hide_parameters=True)
        if transactional_ddl:
            event.listen(engine, "connect", _connect_without_driver_transactions)
            event.listen(engine, "begin", _begin_transaction)
        else:
            event.listen(engine, "connect", _apply_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _connect_without_driver_transactions(connection: sqlite3.Connection, _record: object) -> None:
    connection.isolation_level = None  # pysqlite must not BEGIN (or COMMIT) on its own
    _apply_pragmas(connection)


@dataclass(frozen=True)
class Actor:
    """The logged-in user a database acts for (see desktop.services.access)."""

    name: str
    role: str  # desktop.services.access.Role's value


class Database:
    """An open database at the current schema, and who acts on it."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._file = sqlite_file(url)
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()  # the reader may serve a background loader too
        self.actor: Actor | None = None  # None until a log-in (or in set-up mode)
        self.has_users: bool | None = None  # whether any account exists, once known

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self._url)

    @cached_property
    def _sessions(self):
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        if self._file is not None:
            return self._url
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        return self._file

    def describe(self) -> str:
        """What to show a user: the file, or the server URL without its password."""
        return str(self._file) if self._file else self.url

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with self._sessions() as session, session.begin():
            session.info["db"] = self  # who acts, for the audit trail written at each flush
            yield session

    def read_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """A plain SELECT (portable SQL, `?` placeholders) straight through the driver: for the
        bulk reads that fill a screen, where ORM objects would cost more than the query."""
        if self._file is not None:
            with self._reader_lock:
                if self._reader is None:
                    self._reader = sqlite3.connect(self._file, check_same_thread=False)
                    _apply_pragmas(self._reader)
                return self._reader.execute(sql, params).fetchall()
        with self.engine.connect() as conn:
            driver_sql = sql.replace("?", "%s") if params else sql
            return [tuple(row) for row in conn.exec_driver_sql(driver_sql, tuple(params))]

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if "engine" in self.__dict__:
            self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sqlite_revision(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not found:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    return [rev.revision for rev in scripts.walk_revisions()]


def alembic_config(engine: Engine):  # -> alembic.config.Config, imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def copy_sqlite_file(source_path: Path, target_path: Path) -> None:
    """Copy one SQLite database over another with SQLite's backup API (page by page, safe with a
    live WAL database, unlike copying the file)."""
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_sqlite_file(path: Path, label: str) -> Path:
    """Copy a live SQLite file next to itself, named for why (e.g. before an upgrade)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{label}-{stamp}{path.suffix}")
    copy_sqlite_file(path, target)
    return target


def _table_names(engine: Engine) -> list[str]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return inspect(conn).get_table_names()


def upgrade(engine: Engine) -> Path | None:
    """Bring the schema to HEAD_REVISION; back up an existing SQLite file first.

    Returns the backup's path when one was made. If the upgrade fails after a backup was made,
    the file is restored from it and DatabaseError says so.
    """
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseError(f"数据库的结构版本（{current}）比本程序新，请升级枫网后再打开它。")
    if current is None and _table_names(engine):
        raise DatabaseError("该文件不是枫网数据库：它已有其他程序的数据表，枫网不会改动它")
    from alembic import command

    backup = None
    url = engine.url
    is_sqlite = url.get_backend_name() == "sqlite"
    if current is not None and is_sqlite and url.database:
        backup = backup_sqlite_file(Path(url.database), f"upgrade-{HEAD_REVISION}")
    # On SQLite, migrate through an engine whose DDL is transactional (see make_engine).
    migrator = make_engine(url, transactional_ddl=True) if is_sqlite else engine
    try:
        command.upgrade(alembic_config(migrator), "head")
    except Exception as err:
        if backup is None:
            raise
        if migrator is not engine:
            migrator.dispose()
        engine.dispose()
        copy_sqlite_file(backup, Path(url.database))
        raise DatabaseError(f"数据库升级失败，已恢复为升级前的数据库：{_reason(err)}") from err
    finally:
        if migrator is not engine:
            migrator.dispose()
    return backup


def open_database(path_or_url: str, *, migrate: bool = True) -> Database:
    """Open the database at a URL, creating or upgrading it unless `migrate` is False (for
    inspecting a database as it is). Raises DatabaseError with a message for the user."""
    try:
        path = sqlite_file(path_or_url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise DatabaseError(
                    f"无法创建数据库所在文件夹 {path.parent}：{err.strerror}"
                ) from err
            if path.exists() and _sqlite_revision(path) == HEAD_REVISION:
                return Database(path_or_url)  # the common case: nothing to do, nothing to load
        database = Database(path_or_url)
        if migrate:
            created = path is not None and not path.exists()
            try:
                upgrade(database.engine)
            except BaseException:
                database.close()
                if created:  # leave no half-made file behind
                    for leftover in (path, *_sqlite_sidecars(path)):
                        leftover.unlink(missing_ok=True)
                raise
        else:
            current_revision(database.engine)  # fails now, clearly, if it is no database
        return database
    except DatabaseError:
        raise
    except ImportError as err:  # e.g. a postgresql+psycopg URL without the driver installed
        raise DatabaseError(f"无法连接数据库 {path_or_url}：缺少数据库驱动 {err.name}") from err
    except Exception as err:
        if not _is_database_failure(err):
            raise
        raise DatabaseError(f"无法打开数据库 {path_or_url}：{_reason(err)}") from err


def _sqlite_sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _is_database_failure(err: Exception) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(err, SQLAlchemyError | sqlite3.Error | OSError | ValueError)


def _reason(err: BaseException) -> str:
    text_ = str(getattr(err, "orig", None) or err)
    if "file is not a database" in text_:
        return "该文件不是枫网数据库（或已损坏）"
    if "unable to open database file" in text_:
        return "文件无法打开（路径不存在或没有权限）"
    return text_.splitlines()[0] if text_ else type(err).__name__
