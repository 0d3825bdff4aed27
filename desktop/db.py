"""Engine, sessions and migrations.

One `Database` per open file or server. Services take it and open one session per call.

Start-up speed: a township PC must show its roster about as fast as an empty window opens. So
opening a SQLite file that is already at the current schema, and the plain reads that fill the
first screen (`read_rows`), go through the standard library's sqlite3 alone. SQLAlchemy (a fifth
of a second to import) and Alembic load only when the first session or an upgrade needs them.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from desktop.errors import ConflictError, ConnectionLost, DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine
    from sqlalchemy.orm import Session

# The newest migration this build knows. Checked against Alembic's script directory by a test, so
# that start-up can compare revisions without importing Alembic.
HEAD_REVISION = "0009"

STALE_WRITE = "保存未成功：这条记录刚被其他工作站修改。请关闭此窗口，重新打开后再改。"
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


def shown_url(url: str) -> str:
    """A database URL as a user may see it (a message, a log): the password as ***, whether in
    the user part (user:password@host, up to the last @) or the query (?password=…)."""
    masked = re.sub(r"^([\w.+-]+://[^:/@]*:).*@", r"\1***@", url, flags=re.DOTALL)
    return re.sub(r"(?i)(\bpassword=)[^&]*", r"\1***", masked)


def _without_password(text_: str, url: str) -> str:
    """A driver's message with the URL's password taken out, should the driver repeat it."""
    for secret in _secrets(url):
        text_ = text_.replace(secret, "***")
    return text_


def _secrets(url: str) -> list[str]:
    found = re.findall(r"^[\w.+-]+://[^:/@]*:(.*)@", url, flags=re.DOTALL)
    found += re.findall(r"(?i)\bpassword=([^&]*)", url)
    return [secret for secret in found if len(secret) >= 3]


def database_files(path: Path) -> tuple[Path, ...]:
    """A SQLite database's file and the files SQLite and Fengwang keep beside it while it is open:
    overwriting any of them destroys or corrupts the database."""
    return (
        path,
        *_sqlite_sidecars(path),
        path.with_name(path.name + "-journal"),
        path.with_name(path.name + ".lock"),  # DatabaseLock's
    )


# The SQLite files of the Databases open in this process (one entry per open Database): the file
# writers (desktop.exchange.files) refuse to write over them.
_open_files: list[Path] = []
_open_files_lock = threading.Lock()


def open_sqlite_files() -> tuple[Path, ...]:
    with _open_files_lock:
        return tuple(_open_files)


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
    township_id: int | None = None  # the township it works in (desktop.services.jurisdiction)


class Database:
    """An open database at the current schema, and who acts on it."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self._url = url
        self._file = sqlite_file(url)
        # Read-only (a file that cannot be written, or a full disk): SQLite itself refuses writes,
        # and the services refuse them earlier, in Chinese, for the viewer role this acts as.
        self.read_only = read_only and self._file is not None
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()  # the reader may serve a background loader too
        self.actor: Actor | None = None  # None until a log-in (or in set-up mode)
        self.has_users: bool | None = None  # whether any account exists, once known
        self._registered = self._file is not None
        if self._registered:
            with _open_files_lock:
                _open_files.append(self._file)

    @cached_property
    def engine(self) -> Engine:
        if self.read_only:
            from sqlalchemy import create_engine

            return create_engine(
                "sqlite://", creator=lambda: _read_only_connection(self._file), hide_parameters=True
            )
        return make_engine(self._url)

    @cached_property
    def _sessions(self):
        from sqlalchemy.orm import sessionmaker

        # Session hooks: the audit trail (installed on import), and what an account of one
        # township may read.
        from desktop.services import audit, jurisdiction  # noqa: F401

        jurisdiction.install()

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
        """One unit of work: commits when the block ends, rolls back on any error.

        A record changed by another workstation between this unit's read and its write fails
        the row-version check of its UPDATE (see desktop.models.base.SyncedMixin): ConflictError.
        """
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with self._server_reachable(), self._sessions() as session, session.begin():
                session.info["db"] = self  # who acts, for the audit trail written at each flush
                yield session
        except StaleDataError as err:
            raise ConflictError(STALE_WRITE) from err

    @contextmanager
    def _server_reachable(self) -> Iterator[None]:
        """On a server database, a lost or refused connection becomes ConnectionLost: the unit
        of work was rolled back, the form keeps its input, and saving again is the retry (the
        pool checks a connection before lending it, so the next attempt reconnects)."""
        if self._file is not None:
            yield
            return
        from sqlalchemy.exc import InterfaceError, OperationalError

        try:
            yield
        except (OperationalError, InterfaceError) as err:
            if not _connection_failure(err):
                raise
            raise ConnectionLost(
                f"与数据库服务器（{self.describe()}）的连接中断了，这一步没有完成，也没有保存任何内容。"
                "窗口里填写的内容还在：请检查网络，或请县信息化部门查看服务器，恢复后再试一次"
                f"（如再点“保存”）。原因：{_reason(err)}"
            ) from err

    def has_accounts(self) -> bool:
        """Whether any user account exists (set-up mode ends with the first); a plain read, so
        that the log-in check at start-up loads no SQLAlchemy."""
        if self.has_users is None:
            self.has_users = bool(self.read_rows("SELECT 1 FROM app_user LIMIT 1"))
        return self.has_users

    def read_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """A plain SELECT (portable SQL, `?` placeholders) straight through the driver: for the
        bulk reads that fill a screen, where ORM objects would cost more than the query."""
        if self._file is not None:
            with self._reader_lock:
                if self._reader is None:
                    if self.read_only:
                        self._reader = _read_only_connection(self._file)
                    else:
                        self._reader = sqlite3.connect(self._file, check_same_thread=False)
                        _apply_pragmas(self._reader)
                return self._reader.execute(sql, params).fetchall()
        with self._server_reachable(), self.engine.connect() as conn:
            driver_sql = sql.replace("?", "%s") if params else sql
            return [tuple(row) for row in conn.exec_driver_sql(driver_sql, tuple(params))]

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        # Under the reader's lock: a background loader may be reading through it right now, and
        # closing a sqlite3 connection in the middle of its query crashes the process.
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        if "engine" in self.__dict__:
            self.engine.dispose()
        if self._registered:
            self._registered = False
            with _open_files_lock:
                _open_files.remove(self._file)


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


def upgrade(engine: Engine, *, upgrade_server: bool = False) -> Path | None:
    """Bring the schema to HEAD_REVISION; back up an existing SQLite file first.

    A server database shared by workstations is upgraded only when asked (`upgrade_server`, the
    `migrate` command): a workstation that upgraded it on its own would lock out every other
    workstation still on the older version. An empty server database is set up by whoever opens
    it first; two at once take turns (an advisory lock).

    Returns the backup's path when one was made. If the upgrade fails after a backup was made,
    the file is restored from it and DatabaseError says so.
    """
    is_sqlite = engine.url.get_backend_name() == "sqlite"
    with nullcontext() if is_sqlite else _migration_lock(engine):
        return _upgrade(engine, is_sqlite=is_sqlite, upgrade_server=upgrade_server)


# Any fixed number: the advisory lock that keeps two workstations from migrating one server at once.
MIGRATION_LOCK = 0x46_57_4D_47  # "FWMG"


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    from sqlalchemy import text

    if engine.url.get_backend_name() != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()


def _upgrade(engine: Engine, *, is_sqlite: bool, upgrade_server: bool) -> Path | None:
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseProblem(
            "newer", f"数据库的结构版本（{current}）比本程序新，请升级枫网后再打开它。"
        )
    if current is None and _table_names(engine):
        raise DatabaseError("该文件不是枫网数据库：它已有其他程序的数据表，枫网不会改动它")
    url = engine.url
    if current is not None and not is_sqlite and not upgrade_server:
        shown = url.render_as_string(hide_password=True)
        raise DatabaseError(
            f"服务器上的数据库结构版本为 {current}，本程序需要 {HEAD_REVISION}。"
            f"请信息化人员先在一台工作站上执行：fengwang-cli --db {shown} migrate"
            "（升级前请备份服务器数据库），再打开枫网。"
        )
    from alembic import command

    backup = None
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


def open_database(
    path_or_url: str, *, migrate: bool = True, read_only: bool = False, upgrade_server: bool = False
) -> Database:
    """Open the database at a URL, creating or upgrading it unless `migrate` is False (for
    inspecting a database as it is); a server database at an older schema only with
    `upgrade_server` (see upgrade). Raises DatabaseError with a message for the user; a
    DatabaseProblem (a subclass) when the file is damaged, read-only, on a full disk or newer.

    `read_only` opens an existing SQLite file at the current schema for reading only."""
    try:
        path = sqlite_file(path_or_url)
        if path is None:
            _check_url(path_or_url)
        if path is not None:
            if read_only:
                return _open_read_only(path_or_url, path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise DatabaseError(
                    f"无法创建数据库所在文件夹 {path.parent}：{err.strerror}"
                ) from err
            if path.exists():
                check_sqlite_file(path, writing=migrate)
            if migrate:  # inspecting (`check`) must work on a full disk, to say what is wrong
                check_free_space(path)
            if path.exists() and _sqlite_revision(path) == HEAD_REVISION:
                return Database(path_or_url)  # the common case: nothing to do, nothing to load
        database = Database(path_or_url)
        created = path is not None and not path.exists()
        try:
            if migrate:
                upgrade(database.engine, upgrade_server=upgrade_server)
            else:
                current_revision(database.engine)  # fails now, clearly, if it is no database
        except BaseException:
            database.close()  # its connections too: a server keeps them open otherwise
            if created and migrate:  # leave no half-made file behind
                for leftover in (path, *_sqlite_sidecars(path)):
                    leftover.unlink(missing_ok=True)
            raise
        return database
    except DatabaseError:
        raise
    except ImportError as err:  # e.g. a postgresql+psycopg URL without the driver installed
        raise DatabaseError(
            f"无法连接数据库 {shown_url(path_or_url)}：缺少数据库驱动 {err.name}"
        ) from err
    except Exception as err:
        if not _is_database_failure(err):
            raise
        if _unknown_kind(err):
            raise DatabaseError(unknown_url_message(path_or_url)) from err
        reason = _without_password(_reason(err), path_or_url)
        kind = _problem_kind(err)
        if "unable to open database file" in str(err) and _on_read_only_place(path_or_url):
            reason, kind = READ_ONLY_PLACE, "read-only"
        message = f"无法打开数据库 {shown_url(path_or_url)}：{reason}"
        raise (DatabaseProblem(kind, message) if kind else DatabaseError(message)) from err


# A database in WAL mode cannot be opened where SQLite may not write its -shm beside it.
READ_ONLY_PLACE = (
    "数据库文件或它所在的文件夹是只读的（如光盘、写保护的U盘）：请先把它复制到本机可写的文件夹，"
    "再检查、备份或打开"
)


def _on_read_only_place(path_or_url: str) -> bool:
    """Whether the URL names an existing SQLite file that may not be written, or whose folder
    may not."""
    path = sqlite_file(path_or_url)
    return path is not None and path.exists() and not _writable_place(path)


def _writable_place(path: Path) -> bool:
    """The file and its folder may both be written (a read-only medium says no even to root)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _check_url(url: str) -> None:
    """DatabaseError in Chinese for what is no database URL SQLAlchemy can parse."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as err:  # not a URL, or a port that is no number
        raise DatabaseError(unknown_url_message(url)) from err
    if "@" in (parsed.host or ""):  # the rest of the password would be taken for the server
        raise DatabaseError(
            f"数据库地址 {shown_url(url)} 有误：密码或用户名中的 @ 要写成 %40"
            "（: 写成 %3A，/ 写成 %2F，# 写成 %23）"
        )


def _unknown_kind(err: Exception) -> bool:
    """A URL of a kind SQLAlchemy has no dialect for (foo://…): "Can't load plugin"."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    return isinstance(err, NoSuchModuleError | ArgumentError)


def unknown_url_message(url: str) -> str:
    return (
        f"无法识别数据库地址 {shown_url(url)}：请给出数据库文件的路径（如 D:\\枫网\\fengwang.sqlite），"
        "或服务器数据库的地址 postgresql+psycopg://用户名:密码@服务器地址/数据库名"
    )


def _problem_kind(err: Exception) -> str | None:
    text_ = str(getattr(err, "orig", None) or err)
    if "malformed" in text_ or "file is not a database" in text_:
        return "corrupt"
    if "disk is full" in text_:
        return "full"
    if "readonly" in text_ or "read-only" in text_:
        return "read-only"
    return None


class DatabaseProblem(DatabaseError):
    """A database file that cannot be used as it is, and why: "corrupt", "read-only", "full"
    (disk) or "newer" (made by a later version of Fengwang)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# Below this much free space a clerk's next save may fail half-way through a form: say so first.
MIN_FREE_BYTES = 20 * 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path, *, writing: bool = True) -> None:
    """Cheap checks on an existing SQLite file before it is opened (a header read and two
    system calls, no SQL): not a database or truncated, and (when `writing`) not writable.
    Raises DatabaseProblem."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
        size = path.stat().st_size
    except OSError as err:
        raise DatabaseProblem("corrupt", f"无法读取数据库文件 {path}：{err.strerror}") from err
    if size == 0:
        return  # an empty file is a new database
    damaged = DatabaseProblem(
        "corrupt", f"数据库文件已损坏或不完整（可能被截断或被其他程序改写）：{path}"
    )
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise DatabaseProblem("corrupt", f"该文件不是枫网数据库（或已损坏）：{path}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is trustworthy only when its "valid-for" counter matches,
    # and only without a WAL: a checkpoint cut short by a power cut is finished from the WAL.
    wal = path.with_name(path.name + "-wal")
    if header[92:96] == header[24:28] and size < pages * page_size and not _has_content(wal):
        raise damaged
    if writing and not _writable_place(path):
        raise DatabaseProblem(
            "read-only",
            f"数据库文件是只读的，或它所在的文件夹不能写入（如光盘、写保护的U盘、没有权限）：{path}",
        )


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def check_free_space(path: Path) -> None:
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return  # cannot tell: SQLite will say so if a write fails
    if free < MIN_FREE_BYTES:
        raise DatabaseProblem(
            "full",
            f"数据库所在的磁盘空间已满（剩余 {free // (1024 * 1024)} MB）：请清理磁盘后再打开，"
            f"以免保存时失败：{path}",
        )


def _read_only_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def _open_read_only(url: str, path: Path) -> Database:
    if not path.is_file():
        raise DatabaseError(f"数据库文件不存在：{path}")
    revision = _sqlite_revision(path)
    if revision != HEAD_REVISION:
        raise DatabaseError(
            f"只读方式只能打开当前版本的枫网数据库（该文件的结构版本为 {revision or '无'}）：{path}"
        )
    database = Database(url, read_only=True)
    database.actor = Actor("只读查看", "viewer")  # every change is refused, in Chinese
    return database


class DatabaseLock:
    """Only one Fengwang writes a database: an operating-system lock on <file>.lock beside it,
    released by the system when the process ends, however it ends (a kill, a power cut)."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._file = None

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another does. OSError when the
        lock file cannot be written (a read-only folder)."""
        handle = self.path.open("a+b")
        try:
            _lock_file(handle)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def _lock_file(handle) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _sqlite_sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


# SQLSTATEs of a connection that failed or was cut (class 08; the server shutting down, 57P0x).
CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")


def _connection_failure(err) -> bool:  # err: sqlalchemy.exc.DBAPIError
    """A server that could not be reached or dropped the connection, as against a statement
    the server refused (a deadlock, a serialization failure) that the same connection reports."""
    state = getattr(err.orig, "sqlstate", None)
    return err.connection_invalidated or state is None or state.startswith(CONNECTION_STATES)


def _is_database_failure(err: Exception) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(err, SQLAlchemyError | sqlite3.Error | OSError | ValueError)


def _reason(err: BaseException) -> str:
    text_ = str(getattr(err, "orig", None) or err)
    if "file is not a database" in text_:
        return "该文件不是枫网数据库（或已损坏）"
    if "malformed" in text_:
        return "数据库文件已损坏"
    if "disk is full" in text_:
        return "磁盘已满"
    if "unable to open database file" in text_:
        return "文件无法打开（路径不存在或没有权限）"
    first = text_.splitlines()[0] if text_ else type(err).__name__
    for pattern, reason in SERVER_REASONS:
        if re.search(pattern, text_, flags=re.IGNORECASE):
            return f"{reason}（{first}）"
    return first


# What a database server or its driver says, and what it means for a clerk (the driver's own
# line is kept after it, in parentheses, for whoever looks after the server).
SERVER_REASONS = (
    (r"password authentication failed|authentication failed", "用户名或密码不对"),
    (r"role \".*\" does not exist", "服务器上没有这个用户"),
    (r"database \".*\" does not exist", "服务器上没有这个数据库"),
    (r"no pg_hba\.conf entry", "服务器不允许本机连接，请县信息化部门在服务器上放行本机"),
    (r"connection refused", "服务器拒绝连接：地址或端口不对，或数据库服务没有运行"),
    (
        r"failed to resolve host|could not translate host name|name or service not known",
        "找不到服务器：服务器地址写错了，或网络不通",
    ),
    (r"timeout expired|timed out", "连接服务器超时：网络不通，或服务器没有响应"),
    (r"no route to host|network is unreachable", "网络不通，连不上服务器"),
    (r"server closed the connection|connection reset", "服务器断开了连接"),
    (r"too many connections|too many clients", "服务器的连接数已满，请稍后再试"),
)
