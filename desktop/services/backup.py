"""Backups of the SQLite database file, and restoring one.

A backup is made with SQLite's online backup API (a consistent snapshot even while the app
writes), into a hidden temporary file in the target folder; it is checked (PRAGMA
integrity_check, and that it is a Fengwang database at a revision this build knows) and only
then renamed to its final name, so every file named like a backup was sound when written:

    <database stem>-YYYYMMDD-HHMMSS[-n]-<kind>.sqlite      kind: daily, exit, manual, before-restore

Rotation (after each backup, per database stem, in that folder): keep the newest 14 daily backups,
the newest 10 exit backups, and the newest backup of each of the last 12 months that have one
(whatever its kind); manual and before-restore backups are never deleted automatically — a clerk
made them on purpose, or they hold the data a restore replaced.

PostgreSQL databases are refused: a server is backed up on the server, by the county's IT staff.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import DatabaseError, RefusedError

if TYPE_CHECKING:
    from desktop.db import Database

KINDS = ("daily", "exit", "manual", "before-restore")
KIND_LABELS = {"daily": "每日", "exit": "退出时", "manual": "手动", "before-restore": "恢复前"}
KEEP_DAILY = 14
KEEP_EXIT = 10
KEEP_MONTHLY = 12
SUFFIX = ".sqlite"
SERVER_REFUSAL = (
    "该数据库在服务器上（如 PostgreSQL），枫网只备份本机的数据库文件；"
    "服务器数据库请由县信息化部门在服务器上备份和恢复。"
)

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<kind>"
    + "|".join(re.escape(kind) for kind in KINDS)
    + r")\.sqlite$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    database: str  # the stem of the database file it copies
    when: datetime
    kind: str
    size: int
    verified: bool | None = None  # None: not checked by this listing (it was when written)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    saved_to: Path | None  # where the database that was replaced went (None: there was none)
    saved_is_damaged: bool  # that database failed its own check, so it was copied as it was


def default_folder(data_folder: Path) -> Path:
    return data_folder / "backups"


def source_path(db_or_path: Database | Path | str) -> Path:
    """The SQLite file to back up; RefusedError for a server database."""
    if isinstance(db_or_path, str | os.PathLike):
        return Path(db_or_path)
    path = db_or_path.sqlite_path
    if path is None:
        raise RefusedError(SERVER_REFUSAL)
    return path


def make_backup(
    db_or_path: Database | Path | str,
    folder: Path | str,
    *,
    now: datetime | None = None,
    kind: str = "daily",
) -> BackupInfo:
    """Back the database up into `folder` (created if missing), check it, then rotate."""
    if kind not in KINDS:
        raise ValueError(kind)
    source = source_path(db_or_path)
    if not source.is_file():
        raise DatabaseError(f"数据库文件不存在：{source}")
    target_folder = Path(folder)
    when = (now or datetime.now()).replace(microsecond=0)
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{source.stem}.", suffix=".part", dir=folder)
    except OSError as err:
        raise DatabaseError(f"无法在 {target_folder} 中写入备份：{_os_reason(err)}") from err
    os.close(handle)
    temp = Path(name)
    try:
        _snapshot(source, temp)
        try:
            verify(temp)
        except DatabaseError as err:  # the copy is the database as it is: name the database
            reason = err.message.replace(str(temp), str(source))
            raise DatabaseError(f"没有备份：{reason}") from err
        target = _free_name(target_folder, source.stem, when, kind)
        os.replace(temp, target)
    except OSError as err:
        raise DatabaseError(f"无法在 {target_folder} 中写入备份：{_os_reason(err)}") from err
    finally:
        # and the rollback journal SQLite leaves beside the copy when the disk fills mid-copy
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    info = BackupInfo(target, source.stem, when, kind, target.stat().st_size, True)
    rotate(target_folder, source.stem)
    return info


def _snapshot(source: Path, target: Path) -> None:
    """Copy with the backup API into a self-contained file (rollback journal, no -wal beside it)
    and flush it to disk before it is named."""
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise DatabaseError(f"无法读取数据库 {source}：{_sqlite_reason(err)}") from err
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    except sqlite3.Error as err:
        raise DatabaseError(f"无法备份数据库 {source}：{_sqlite_reason(err)}") from err
    finally:
        reader.close()
    with open(target, "rb+") as written:
        os.fsync(written.fileno())


def verify(path: Path | str, *, as_backup: bool = False) -> str:
    """Check a database file: sound (integrity check) and Fengwang's at a revision this build
    knows. Returns its revision; DatabaseError in Chinese says what is wrong."""
    from desktop.db import HEAD_REVISION

    file = Path(path)
    what = "备份文件" if as_backup else "数据库文件"
    if not file.is_file():
        raise DatabaseError(f"{what}不存在：{file}")
    if file.stat().st_size == 0:
        raise DatabaseError(f"{what}是空的：{file}")
    try:
        connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise DatabaseError(f"无法打开{what} {file}：{_sqlite_reason(err)}") from err
    try:
        lines = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if lines != ["ok"]:
            raise DatabaseError(f"{what}已损坏（完整性检查未通过：{lines[0]}）：{file}")
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        row = (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if found
            else None
        )
    except sqlite3.Error as err:
        raise DatabaseError(f"{what}已损坏或不是数据库：{file}（{_sqlite_reason(err)}）") from err
    finally:
        connection.close()
    if row is None:
        raise DatabaseError(f"{what}不是枫网数据库：{file}")
    revision = row[0]
    if revision != HEAD_REVISION and revision not in _known_revisions():
        raise DatabaseError(
            f"{what}来自更新版本的枫网（结构版本 {revision}），请先升级枫网：{file}"
        )
    return revision


@cache
def _known_revisions() -> frozenset[str]:
    from desktop.db import known_revisions

    return frozenset(known_revisions())


def _free_name(folder: Path, stem: str, when: datetime, kind: str) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stem}-{stamp}-{kind}{SUFFIX}"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{stamp}-{number}-{kind}{SUFFIX}"
    return target


def parse_name(path: Path) -> tuple[str, datetime, str] | None:
    """(database stem, when, kind) of a backup's file name; None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        when = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return match["stem"], when, match["kind"]


def list_backups(
    folder: Path | str, *, database: str | None = None, check: bool = False
) -> list[BackupInfo]:
    """The backups in `folder`, newest first (only of the database stem `database`, if given).
    With `check`, each is verified again (slow for many large files: run it in the background)."""
    found: list[BackupInfo] = []
    with contextlib.suppress(OSError):  # a missing folder or an unplugged drive holds none
        for path in Path(folder).iterdir():
            parsed = parse_name(path)
            if parsed is None or (database is not None and parsed[0] != database):
                continue
            try:
                size = path.stat().st_size
            except OSError:
                continue
            verified = None
            if check:
                try:
                    verify(path, as_backup=True)
                    verified = True
                except DatabaseError:
                    verified = False
            found.append(BackupInfo(path, parsed[0], parsed[1], parsed[2], size, verified))
    found.sort(key=lambda info: (info.when, info.path.name), reverse=True)
    return found


def doomed(backups: list[BackupInfo]) -> list[BackupInfo]:
    """Which of one database's backups (newest first) rotation deletes (rule: module docstring)."""
    keep: set[Path] = set()
    keep.update(b.path for b in backups if b.kind in ("manual", "before-restore"))
    keep.update(b.path for b in [b for b in backups if b.kind == "daily"][:KEEP_DAILY])
    keep.update(b.path for b in [b for b in backups if b.kind == "exit"][:KEEP_EXIT])
    months: dict[tuple[int, int], Path] = {}
    for backup in backups:
        months.setdefault((backup.when.year, backup.when.month), backup.path)
    keep.update(list(months.values())[:KEEP_MONTHLY])
    return [b for b in backups if b.path not in keep]


def rotate(folder: Path, database: str) -> list[Path]:
    """Delete the backups of `database` in `folder` that rotation does not keep."""
    removed = []
    for backup in doomed(list_backups(folder, database=database)):
        with contextlib.suppress(OSError):  # e.g. a file someone has open: next time
            backup.path.unlink()
            removed.append(backup.path)
    return removed


def latest_good_backup(folder: Path | str, *, database: str | None = None) -> BackupInfo | None:
    """The newest backup in `folder` that passes its check now."""
    for backup in list_backups(folder, database=database):
        try:
            verify(backup.path, as_backup=True)
        except DatabaseError:
            continue
        return replace(backup, verified=True)
    return None


def needs_daily(folder: Path | str, database: str, *, now: datetime | None = None) -> bool:
    """Whether `folder` has no daily backup of `database` made today yet."""
    today = (now or datetime.now()).date()
    return not any(
        b.kind == "daily" and b.when.date() == today
        for b in list_backups(folder, database=database)
    )


def restore(
    db_path: Path | str,
    backup_path: Path | str,
    *,
    folder: Path | str,
    now: datetime | None = None,
) -> RestoreResult:
    """Put a backup in place of the database file. The database must be closed (by every
    program). The backup is checked first and refused if it fails; the database it replaces is
    saved into `folder` first, as a "before-restore" backup (or, if it is itself damaged, copied
    as it is, named …-damaged.sqlite); the restored file is checked again."""
    database, backup = Path(db_path), Path(backup_path)
    try:
        verify(backup, as_backup=True)
    except DatabaseError as err:
        raise RefusedError(f"未恢复：{err.message}") from err
    if backup.resolve() == database.resolve():
        raise RefusedError("未恢复：所选文件就是当前数据库本身")
    saved, damaged = None, False
    if database.exists():
        saved, damaged = _save_current(database, Path(folder), now)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{database.stem}.", suffix=".part", dir=database.parent
        )
    except OSError as err:
        raise DatabaseError(f"无法写入 {database.parent}：{_os_reason(err)}") from err
    os.close(handle)
    temp = Path(name)
    try:
        _snapshot(backup, temp)
        verify(temp, as_backup=True)
        if database.exists():  # the temporary file is private (0600): keep who may open it
            shutil.copymode(database, temp)
        # The WAL of the replaced file must not be replayed into the restored one; its content is
        # in the before-restore backup (or beside the damaged copy).
        for sidecar in _sidecars(database):
            sidecar.unlink(missing_ok=True)
        os.replace(temp, database)
    except OSError as err:
        raise DatabaseError(f"恢复失败，无法写入 {database}：{_os_reason(err)}") from err
    finally:
        temp.unlink(missing_ok=True)
    verify(database)
    return RestoreResult(backup, saved, damaged)


def _save_current(database: Path, folder: Path, now: datetime | None) -> tuple[Path, bool]:
    try:
        verify(database)
    except DatabaseError:
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        target = folder / f"{database.stem}-{stamp}-damaged{SUFFIX}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(database, target)
            wal = _sidecars(database)[0]
            if wal.exists():  # the newest changes may be there: kept for whoever can rescue them
                shutil.copy2(wal, target.with_name(target.name + "-wal"))
        except OSError as err:
            raise DatabaseError(
                f"未恢复：无法先把当前数据库另存到 {folder}（{_os_reason(err)}）"
            ) from err
        return target, True
    return make_backup(database, folder, now=now, kind="before-restore").path, False


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _sqlite_reason(err: sqlite3.Error) -> str:
    text = str(err)
    if "not a database" in text or "malformed" in text:
        return "文件已损坏或不是数据库"
    if "unable to open" in text:
        return "文件无法打开（路径不存在或没有权限）"
    if "disk is full" in text or "database or disk is full" in text:
        return "磁盘已满"
    return text


def _os_reason(err: OSError) -> str:
    import errno

    if err.errno == errno.ENOSPC:
        return "磁盘已满"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限"
    return err.strerror or str(err)


def log_backup(db: Database, made: BackupInfo) -> None:
    """A backup made on purpose, in the audit trail (automatic ones would only be noise)."""
    from desktop.services.audit import log_event

    log_event(db, "backup", entity="database", summary=f"备份数据库到 {made.path}")


def log_restore(db: Database, result: RestoreResult) -> None:
    """In the restored database's own trail: where it came from, where the replaced one went."""
    from desktop.services.audit import log_event

    log_event(
        db,
        "restore",
        entity="database",
        summary=f"从备份 {result.restored_from} 恢复数据库；被替换的数据库已保存为 {result.saved_to}",
    )
