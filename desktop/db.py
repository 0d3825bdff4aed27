"""Engine, sessions and migrations.

One `Database` per open file or server. Services take it and open one session per call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import DatabaseError

# The newest migration this build knows. Checked against Alembic's script directory by a test, so
# that start-up can compare revisions without importing Alembic (which costs start-up time).
HEAD_REVISION = "0001"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise DatabaseError(f"无法创建数据库所在文件夹 {folder}：{err.strerror}") from err
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An open, migrated database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(url.database)
        return None

    def describe(self) -> str:
        """What to show a user: the file, or the server URL without its password."""
        path = self.sqlite_path
        return str(path) if path else self.url

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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


def backup_sqlite_file(path: Path, label: str) -> Path:
    """Copy a live SQLite file next to itself with SQLite's backup API (safe with WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{label}-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine) -> Path | None:
    """Bring the schema to HEAD_REVISION; back up an existing SQLite file first.

    Returns the backup's path when one was made.
    """
    from alembic import command

    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseError(f"数据库的结构版本（{current}）比本程序新，请升级枫网后再打开它。")
    backup = None
    url = engine.url
    if current is not None and url.get_backend_name() == "sqlite" and url.database:
        backup = backup_sqlite_file(Path(url.database), f"upgrade-{HEAD_REVISION}")
    command.upgrade(alembic_config(engine), "head")
    return backup


def open_database(path_or_url: str, *, migrate: bool = True) -> Database:
    """Open (and by default create or upgrade) the database at a URL.

    Raises DatabaseError with a message for the user when it cannot be done.
    """
    try:
        engine = make_engine(path_or_url)
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != HEAD_REVISION:
            raise DatabaseError("数据库结构不是本程序的版本，请先升级（fengwang-cli migrate）。")
    except DatabaseError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as err:
        raise DatabaseError(f"无法打开数据库 {path_or_url}：{_reason(err)}") from err
    return Database(engine)


def _reason(err: BaseException) -> str:
    text_ = str(getattr(err, "orig", None) or err)
    if "file is not a database" in text_:
        return "该文件不是枫网数据库（或已损坏）"
    if "unable to open database file" in text_:
        return "文件无法打开（路径不存在或没有权限）"
    return text_.splitlines()[0] if text_ else type(err).__name__
