"""`fengwang-cli backup [OUT]` and `fengwang-cli restore FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.db import DatabaseLock, open_database, sqlite_file
from desktop.errors import DatabaseError, FengwangError
from desktop.paths import data_dir, database_url
from desktop.services import access, backup
from desktop.services.grants import Permission

from .common import EXIT_OK, UsageError, open_db


def add_commands(commands, common) -> None:
    making = commands.add_parser(
        "backup",
        parents=[common],
        help="立即备份数据库（经检查后才保存；默认存入本机数据文件夹的 backups）",
    )
    making.add_argument("out", metavar="OUT", nargs="?", help="存放备份的文件夹（如U盘上的文件夹）")
    making.set_defaults(handler=_cmd_backup)
    restoring = commands.add_parser(
        "restore",
        parents=[common],
        help="用备份文件替换当前数据库（先检查备份，并把当前数据库另存一份）",
    )
    restoring.add_argument("file", metavar="FILE", help="要恢复的备份文件")
    restoring.set_defaults(handler=_cmd_restore)


def _database_file(args: argparse.Namespace) -> Path:
    path = sqlite_file(database_url(getattr(args, "db", None)))
    if path is None:
        raise UsageError(backup.SERVER_REFUSAL)
    return path


def _authorize(args: argparse.Namespace, permission: Permission, *, unreadable_ok: bool) -> None:
    """Log in as --user and check the role. A database too damaged to open cannot say who may
    restore it: then whoever can reach its file may (`unreadable_ok`)."""
    try:
        db = open_db(args, migrate=False)
    except DatabaseError:
        if unreadable_ok:
            return
        raise
    with db:
        access.require(db, permission)


def _cmd_backup(args: argparse.Namespace) -> int:
    source = _database_file(args)
    if not source.is_file():
        raise UsageError(f"数据库文件不存在：{source}")
    _authorize(args, Permission.EXCHANGE, unreadable_ok=False)  # a copy of every record
    folder = Path(args.out) if args.out else backup.default_folder(data_dir())
    if folder.is_file():
        raise UsageError(f"{folder} 是一个文件，请给出存放备份的文件夹")
    made = backup.make_backup(source, folder, kind="manual")
    _record(args, lambda db: backup.log_backup(db, made))
    print(f"已备份并检查通过：{made.path}（{made.size // 1024} KB）")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    target = _database_file(args)
    if target.is_file() and target.stat().st_size:  # an empty file holds no accounts to ask
        _authorize(args, Permission.SETTINGS, unreadable_ok=True)
    lock = DatabaseLock(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # restoring onto a new computer
        held = lock.acquire()
    except OSError as err:
        raise UsageError(
            f"无法恢复：数据库所在文件夹不能写入（{err.strerror}）：{target.parent}"
        ) from err
    if not held:
        raise UsageError(f"该数据库正在被另一个枫网使用，请先关闭枫网再恢复：{target}")
    try:
        result = backup.restore(target, Path(args.file), folder=backup.default_folder(data_dir()))
        _record(args, lambda db: backup.log_restore(db, result))  # upgraded first, if older
    finally:
        lock.release()
    print(f"已从 {result.restored_from} 恢复数据库 {target}")
    if result.saved_to is not None:
        state = "（它未通过检查，按原样保存）" if result.saved_is_damaged else ""
        print(f"恢复前的数据库已保存到 {result.saved_to}{state}")
    return EXIT_OK


def _record(args: argparse.Namespace, write) -> None:
    """Write the audit entry; a database that cannot take it (read-only, say) still has its
    backup, so that is only said, not failed."""
    try:
        db = open_database(database_url(getattr(args, "db", None)))
        try:
            write(db)
        finally:
            db.close()
    except FengwangError as err:
        print(f"fengwang-cli: 未写入操作日志：{err.message}", file=sys.stderr)
